using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Intervals layout 7: whether an interval held is judged on the value given, the error scales still learn from the value
/// the forecaster took (cleaned, or forgotten as missing); a layout 1–6 state judges on the value taken, as it did.
/// </summary>
[TestClass]
public sealed class ConformalIntervalsGivenValueTests
{
    // Rows whose value as taken is noise in [−1, 1] around the forecast 0 and, one row in ten, given as a burst of 4 that
    // the forecaster cleaned to the noise: the 95 % coverage of the values given, from row 500 on.
    private static double Coverage95(ConformalIntervals intervals)
    {
        var rng = new Random(11);
        float[] lower = new float[1], upper = new float[1];
        int inside = 0, scored = 0;
        for (int t = 0; t < 1500; t++)
        {
            double taken = rng.NextDouble() * 2 - 1, given = rng.Next(10) == 0 ? 4 : taken;
            if (t >= 500 && float.IsFinite(lower[0])) { scored++; if (given >= lower[0] && given <= upper[0]) inside++; }
            intervals.Observe(taken, given, learn: true);
            intervals.Remember([0f]);
            intervals.Write([0f], 1, lower, upper);
        }
        return inside / (double)scored;
    }

    [TestMethod]
    public void MissesAreJudgedOnTheValuesGivenSoTheyAreCoveredAtTheirLevel()
    {
        // Bursts on one row in ten: the forecaster cleans them, so the value taken is inside, and intervals that judged on
        // it kept the noise's width, missing most bursts (85 % coverage at 95 %). Judged on the value given, the
        // width factor grows until the bursts are inside, since they are more than 5 % of the rows.
        var fresh = new ConformalIntervals(1);
        double now = Coverage95(fresh), before = Coverage95(ReadAsLayout(new ConformalIntervals(1), 6, fresh.LaterLayoutsLength(6)));
        Console.WriteLine($"95 % coverage of the values given: {now:P1} (layout 6, judged on the values taken: {before:P1})");
        Assert.IsLessThan(0.88, before);
        Assert.IsGreaterThan(0.92, now, "near the level (adaptive conformal inference drives the miss rate of the values it judges to 5 %)");
    }

    [TestMethod]
    public void AValueForgottenAsMissingMovesTheWidthFactorButNotTheScale()
    {
        // A spike the forecaster forgot (observed as missing) was not scored at all: now it counts as the miss it was, and
        // the error scale, which the size of a data error would wreck, does not see it. A missing value moves nothing.
        var a = Calibrated();
        double before = a.HalfWidth(1, 1);
        var missing = Reloaded(a);
        missing.Observe(double.NaN, double.NaN, learn: true);
        Assert.AreEqual(before, missing.HalfWidth(1, 1), "a missing value");
        var forgotten = Reloaded(a);
        forgotten.Observe(double.NaN, 1e6, learn: true);
        Assert.AreEqual(before * (1 + ConformalIntervals.Step * 0.95 / Factors(a)[1]), forgotten.HalfWidth(1, 1), 1e-9 * before, "the factor's step for a miss, the scale as it was");
        var frozen = Reloaded(a);
        frozen.Observe(double.NaN, 1e6, learn: false);
        Assert.AreEqual(before, frozen.HalfWidth(1, 1), "nothing is learned while frozen");
        var older = ReadAsLayout(a, 6, a.LaterLayoutsLength(6));
        older.Observe(double.NaN, 1e6, learn: true);
        Assert.AreEqual(before, older.HalfWidth(1, 1), "layout 6: not scored");
    }

    [TestMethod]
    public void AMissingValueObservedAsAnEstimateIsNoMissButTeachesTheScale()
    {
        // A value the user did not give but the forecaster observes as an estimate (the first seasons' review) is neither
        // a miss nor a hit; its error still enters the scale, as every value taken does.
        var a = Calibrated();
        var estimated = Reloaded(a);
        estimated.Observe(0.9, double.NaN, learn: true);
        CollectionAssert.AreEqual(Factors(a), Factors(estimated), "the width factors as they were");
        Assert.AreNotEqual(a.HalfWidth(1, 0), estimated.HalfWidth(1, 0), "the scale learned the estimate's error");
        var hit = Reloaded(a);
        hit.Observe(0.9, 0.9, learn: true);
        CollectionAssert.AreNotEqual(Factors(a), Factors(hit), "given, the same value is judged");
    }

    [TestMethod]
    public void TheFlagIsSavedAndAnOlderLayoutKeepsItsRule()
    {
        var a = Calibrated();
        Assert.IsTrue(a.JudgesGivenValues);
        Assert.IsTrue(Reloaded(a).JudgesGivenValues);
        var older = ReadAsLayout(a, 6, a.LaterLayoutsLength(6));
        Assert.IsFalse(older.JudgesGivenValues);
        Assert.IsFalse(Reloaded(older).JudgesGivenValues, "saved again, it keeps the rule of its layout");
        Assert.AreEqual(1 + a.LaterLayoutsLength(7), a.LaterLayoutsLength(6), "layout 7's flag, then layout 8's section");
    }

    // Intervals of one horizon calibrated on 200 noisy values around the forecast 0, the last forecast remembered.
    private static ConformalIntervals Calibrated()
    {
        var a = new ConformalIntervals(1);
        var rng = new Random(2);
        for (int t = 0; t < 200; t++) { a.Observe(rng.NextDouble() * 2 - 1, learn: true); a.Remember([0f]); }
        return a;
    }

    // The width factors [h][ℓ] (one horizon here: 80 %, 95 %).
    private static double[] Factors(ConformalIntervals a) =>
        (double[])((double[])typeof(ConformalIntervals).GetField("_factor", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(a)!).Clone();
}
