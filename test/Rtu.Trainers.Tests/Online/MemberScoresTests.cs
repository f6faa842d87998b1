using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class MemberScoresTests
{
    [TestMethod]
    public void TheFirstScoresAreEqualMeansThenTheWindowForgets()
    {
        var s = new MemberScores(1);
        s.Add(0, 3, double.NaN);
        Assert.AreEqual(9, s.Mse[0]);
        Assert.AreEqual(3, s.RecentAbsError[0]);
        Assert.AreEqual(9, s.LongMse[0]);
        Assert.AreEqual(0, s.LossGap[0], "no naive error: the gap is left as it is");
        s.Add(0, -1, double.NaN);
        Assert.AreEqual(5, s.Mse[0], 1e-12, "two scores: the plain mean of 9 and 1");
        Assert.AreEqual(2, s.RecentAbsError[0], 1e-12);
        for (int k = 3; k <= 200; k++) s.Add(0, 1, double.NaN);
        double before = s.Mse[0], longBefore = s.LongMse[0];
        s.Add(0, 2, double.NaN);
        Assert.AreEqual(before + (4 - before) / ForecastPool.Window, s.Mse[0], 1e-12, "past the window, a new error weighs 1/Window");
        Assert.AreEqual(longBefore + (4 - longBefore) / 201, s.LongMse[0], 1e-12, "the long-run mean is still a plain mean at 201 scores");
        Assert.AreEqual(201, s.Scored[0]);
    }

    [TestMethod]
    public void TheWeightIsMaeToTheMinusFourTimesMseToTheMinusTwoOrMseToTheMinusFourInAnOlderPool()
    {
        var s = new MemberScores(2);
        s.Add(0, 2, double.NaN);                           // MAE 2, MSE 4
        s.Add(1, 1, double.NaN); s.Add(1, 3, double.NaN);  // MAE 2, MSE 5
        Assert.AreEqual(1.0 / (16 * 16), s.Weight(0, 0), 1e-15);
        Assert.AreEqual(1.0 / (20 * 20), s.Weight(1, 0), 1e-15);
        s.SquaredWeights = true;
        Assert.AreEqual(1.0 / 256, s.Weight(0, 0), 1e-15);
        Assert.AreEqual(1.0 / 625, s.Weight(1, 0), 1e-15);
    }

    [TestMethod]
    public void WeightsAreTakenInAPowerOfTwoUnitNearTheBestMembersErrorMeasure()
    {
        var s = new MemberScores(3);
        s.Add(0, 2, double.NaN);                           // MAE²·MSE 16 = 2^4
        s.Add(1, 1, double.NaN); s.Add(1, 3, double.NaN);  // 20
        Assert.AreEqual(4, s.ReferenceExponent(0, 3), "the smallest measure's exponent; entry 2 has no score");
        Assert.AreEqual(1.0, s.Weight(0, 4), "the best member weighs about 1");
        Assert.AreEqual(s.Weight(0, 0) * Math.ScaleB(1, 8), s.Weight(0, 4), "exactly 2^(2·4) times the weight in unit 1");
        Assert.AreEqual(s.Weight(1, 0) * Math.ScaleB(1, 8), s.Weight(1, 4));
        s.SquaredWeights = true;
        Assert.AreEqual(2, s.ReferenceExponent(0, 3), "with MSE^-4 the measure is the MSE, 4 = 2^2");
        Assert.AreEqual(s.Weight(1, 0) * Math.ScaleB(1, 8), s.Weight(1, 2));
        Assert.AreEqual(0, new MemberScores(2).ReferenceExponent(0, 2), "nothing scored: unit 1");
    }

    [TestMethod]
    public void AMemberWithoutErrorIsLeftOutAndTinyUnitsKeepTheirRatios()
    {
        // Every error exactly 0: an infinite weight, which Combine leaves out (see MemberScores.Weight for why); it does not
        // set the unit, the member with an error does.
        var s = new MemberScores(2);
        s.Add(0, 0, double.NaN); s.Add(1, 0.5, double.NaN);
        int reference = s.ReferenceExponent(0, 2);
        Assert.AreEqual(Math.ILogB(0.5 * 0.5 * 0.25), reference);
        Assert.AreEqual(double.PositiveInfinity, s.Weight(0, reference));
        Assert.AreEqual(1.0, s.Weight(1, reference));
        // Errors near 10^-39 (a series in units near the smallest normal float): in unit 1 the weights pass the largest
        // double (10^312), and an infinite weight is left out as if exact; in the reference unit they are about 1, in the
        // ratio their errors give.
        var tiny = new MemberScores(2);
        tiny.Add(0, 1e-39, double.NaN); tiny.Add(1, 2e-39, double.NaN);
        Assert.AreEqual(double.PositiveInfinity, tiny.Weight(0, 0), "unit 1 overflows");
        reference = tiny.ReferenceExponent(0, 2);
        Assert.AreEqual(1.0 / 256, tiny.Weight(1, reference) / tiny.Weight(0, reference), 1e-12, "(1/2)^8: the ratio the errors give");
        Assert.IsTrue(tiny.Weight(0, reference) is > 0.25 and <= 1);
    }

    [TestMethod]
    public void TheNaiveTestFailsAMemberSteadilyWorseThanNaiveAndNoOtherOnceItHasEnoughScores()
    {
        var s = new MemberScores(3);
        var rng = new Random(5);
        for (int k = 1; k <= 40; k++)
        {
            double naive = 1 + 0.1 * rng.NextDouble();
            s.Add(0, 2 * naive, naive);                       // always twice the naive error
            s.Add(1, naive * (k % 2 == 0 ? 1.2 : 0.8), naive); // as good as naive on average
            s.Add(2, 0.5 * naive, naive);                     // better
            if (k < ForecastPool.TestScores) Assert.IsFalse(s.WorseThanNaive(0), $"only {k} scores");
        }
        Assert.IsTrue(s.WorseThanNaive(0));
        Assert.IsFalse(s.WorseThanNaive(1));
        Assert.IsFalse(s.WorseThanNaive(2));
    }

    [TestMethod]
    public void RescaledScoresAreTheScoresOfTheRescaledErrors()
    {
        var rng = new Random(9);
        var original = new MemberScores(2);
        var inNewUnits = new MemberScores(2);
        const double factor = 1000;
        for (int k = 0; k < 300; k++)
            for (int j = 0; j < 2; j++)
            {
                double e = rng.NextDouble() - 0.4, naive = rng.NextDouble() - 0.5;
                original.Add(j, e, naive);
                inNewUnits.Add(j, factor * e, factor * naive);
            }
        original.Rescale(factor);
        foreach (var (a, b) in new[] { (original.Mse, inNewUnits.Mse), (original.RecentAbsError, inNewUnits.RecentAbsError), (original.LongMse, inNewUnits.LongMse), (original.LossGap, inNewUnits.LossGap), (original.LossGapSquare, inNewUnits.LossGapSquare) })
            for (int j = 0; j < 2; j++) Assert.AreEqual(b[j], a[j], 1e-9 * Math.Abs(b[j]));
        for (int j = 0; j < 2; j++) Assert.AreEqual(inNewUnits.WorseThanNaive(j), original.WorseThanNaive(j));
        Assert.AreEqual(inNewUnits.Weight(0, 0) / inNewUnits.Weight(1, 0), original.Weight(0, 0) / original.Weight(1, 0), 1e-9 * inNewUnits.Weight(0, 0) / inNewUnits.Weight(1, 0));
    }

    [TestMethod]
    public void ClearForgetsEveryScoreAndTakesTheCurrentWeights()
    {
        var s = new MemberScores(2) { SquaredWeights = true };
        s.Add(1, 2, 1);
        s.Clear();
        Assert.IsFalse(s.SquaredWeights);
        foreach (var a in new[] { s.Mse, s.RecentAbsError, s.LongMse, s.LossGap, s.LossGapSquare }) CollectionAssert.AreEqual(new double[2], a);
        CollectionAssert.AreEqual(new long[2], s.Scored);
    }

    [TestMethod]
    public void ScoresReadFromAFileAreCheckedForRange()
    {
        var s = new MemberScores(2);
        s.Add(0, 1, 2);
        Assert.IsTrue(s.RecentValid() && s.LongRunValid());
        s.Mse[1] = double.NaN;
        Assert.IsFalse(s.RecentValid());
        s.Mse[1] = 0; s.Scored[0] = -1;
        Assert.IsFalse(s.RecentValid());
        s.Scored[0] = 1; s.LossGapSquare[0] = -1;
        Assert.IsTrue(s.RecentValid());
        Assert.IsFalse(s.LongRunValid());
        s.LossGapSquare[0] = 0; s.LossGap[1] = double.PositiveInfinity;
        Assert.IsFalse(s.LongRunValid());
    }
}
