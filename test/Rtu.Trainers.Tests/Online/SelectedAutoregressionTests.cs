using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class SelectedAutoregressionTests
{
    public TestContext TestContext { get; set; } = null!;

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // A cyclic AR(2) around 50: u_t = a1·u_{t−1} + a2·u_{t−2} + e_t, e ~ N(0, 1) (period about 10 for 1.3, −0.6).
    private static double[] Ar2(int n, double a1, double a2, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double u1 = 0, u2 = 0;
        for (int t = 0; t < n; t++)
        {
            double u = a1 * u1 + a2 * u2 + Gaussian(rng);
            u2 = u1; u1 = u;
            y[t] = 50 + u;
        }
        return y;
    }

    private static double OneStepMse(SelectedAutoregression model, double[] y, int from) => OneStepScore.Mse(model.Forecast, model.Update, y, from);

    [TestMethod]
    public void OnAKnownCyclicAr2ItChoosesAnOrderOfAtLeastTwoAndRecoversTheCoefficients()
    {
        // Least squares without forgetting converges to the true coefficients (the standardisation is the same affine
        // map on both sides, so a1, a2 are unchanged by it); AR(1) cannot carry the cycle, so its recent error is
        // clearly larger and the chosen order is 2 or more, with a one-step error at the noise variance (1).
        const double a1 = 1.3, a2 = -0.6;
        var y = Ar2(6000, a1, a2, 1);
        var model = new SelectedAutoregression(8, 1, forgetting: 1, prior: 10);
        double mse = OneStepMse(model, y, 3000);
        var w = model.Weights(2);
        TestContext.WriteLine($"order {model.Order}; AR(2) weights c {w[0]:F3}, a1 {w[1]:F3}, a2 {w[2]:F3}; scores AR(1) {model.Score(1):F4}, AR(2) {model.Score(2):F4}; one-step MSE {mse:F3}");
        Assert.AreEqual(a1, w[1], 0.05, "a1");
        Assert.AreEqual(a2, w[2], 0.05, "a2");
        Assert.IsGreaterThanOrEqualTo(2, model.Order);
        Assert.IsGreaterThan(1.3 * model.Score(2), model.Score(1), "AR(1) scores clearly worse");
        Assert.AreEqual(1, mse, 0.1, "one-step error at the noise level");
    }

    [TestMethod]
    public void OnWhiteNoiseAroundAMeanTheForecastIsTheMean()
    {
        // No order can beat the mean: every fit's lags get weights near 0, and the forecast is the running mean (the
        // error is the noise variance, not twice it as the naive forecast's).
        var rng = new Random(2);
        var y = Enumerable.Range(0, 4000).Select(_ => 10 + Gaussian(rng)).ToArray();
        var model = new SelectedAutoregression(4, 1, forgetting: 0.995, prior: 10);
        double mse = OneStepMse(model, y, 1000);
        TestContext.WriteLine($"order {model.Order}, one-step MSE {mse:F3}");
        Assert.AreEqual(1, mse, 0.1);
    }

    [TestMethod]
    public void FedItsOwnForecastTheNextPathIsTheOldOneShiftedAndForecastingChangesNoState()
    {
        var y = Ar2(500, 1.3, -0.6, 3);
        var model = new SelectedAutoregression(6, 5, forgetting: 0.995, prior: 10);
        foreach (double v in y) model.Update(v, learn: true);
        var before = new double[5];
        model.Forecast(before);
        var again = new double[5];
        model.Forecast(again);
        CollectionAssert.AreEqual(before, again, "forecasting changes no state");
        // A value equal to the one-step forecast, without learning: the path moves one step (the running mean moves a
        // little, by 1/200 of the value's distance from it, so not exactly).
        model.Update(before[0], learn: false);
        var after = new double[5];
        model.Forecast(after);
        for (int k = 0; k < 4; k++) Assert.AreEqual(before[k + 1], after[k], 0.1, $"k={k}");
    }

    [TestMethod]
    public void ALevelShiftMovesThePathByTheShift()
    {
        var y = Ar2(400, 1.3, -0.6, 4);
        var model = new SelectedAutoregression(4, 3, forgetting: 0.995, prior: 10);
        foreach (double v in y) model.Update(v, learn: true);
        var before = new double[3]; var after = new double[3];
        model.Forecast(before);
        model.Shift(25);
        model.Forecast(after);
        for (int k = 0; k < 3; k++) Assert.AreEqual(before[k] + 25, after[k], 1e-9, $"k={k}");
    }

    [TestMethod]
    public void MissingValuesInfinitiesAndJumpsKeepTheForecastsFinite()
    {
        var model = new SelectedAutoregression(8, 3, forgetting: 0.995, prior: 10);
        var path = new double[3];
        var rng = new Random(5);
        for (int t = 0; t < 3000; t++)
        {
            double v = t % 97 == 0 ? double.NaN : t % 389 == 0 ? double.PositiveInfinity : t % 211 == 0 ? 1e12 : 5 * Math.Sin(t / 5.0) + rng.NextDouble();
            model.Update(v, learn: true);
            model.Forecast(path);
            if (model.Ready) Assert.IsTrue(path.All(double.IsFinite), $"t={t}");
        }
        for (int p = 1; p <= 8; p++) Assert.IsTrue(model.Weights(p).ToArray().All(double.IsFinite), $"p={p}");
    }

    [TestMethod]
    public void ANearlyConstantStartDoesNotBreakTheFrozenScale()
    {
        // The scale freezes on the first values; a series that starts almost flat (a sensor warming up) and then moves
        // must still give finite forecasts, as good as naive's within a small factor once the fits have seen the moves.
        var model = new SelectedAutoregression(8, 3, forgetting: 1, prior: 10);
        var path = new double[3];
        var rng = new Random(11);
        double y = 100, naive = 0, own = 0;
        int scored = 0;
        for (int t = 0; t < 1500; t++)
        {
            double next = t < 8 ? 100 + 1e-9 * t : y + Gaussian(rng);
            if (t >= 500 && model.Ready) { own += Math.Abs(next - path[0]); naive += Math.Abs(next - y); scored++; }
            model.Update(next, learn: true);
            y = next;
            model.Forecast(path);
            if (model.Ready) Assert.IsTrue(path.All(double.IsFinite), $"t={t}");
        }
        TestContext.WriteLine($"MAE after row 500: model {own / scored:F3}, naive {naive / scored:F3}, order {model.Order}");
        Assert.IsLessThan(1.5 * naive, own);
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoadAndRefusesMismatchesAndDamage()
    {
        var y = Ar2(300, 1.3, -0.6, 7);
        var a = new SelectedAutoregression(5, 3, 0.995, 10);
        for (int t = 0; t < 150; t++) a.Update(y[t], true);
        var bytes = Bytes(a);
        var b = new SelectedAutoregression(5, 3, 0.995, 10);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        var pa = new double[3]; var pb = new double[3];
        for (int t = 150; t < 300; t++)
        {
            a.Update(y[t], true); b.Update(y[t], true);
            a.Forecast(pa); b.Forecast(pb);
            CollectionAssert.AreEqual(pa, pb, $"t={t}");
            Assert.AreEqual(a.Order, b.Order);
        }
        using (var r = new BinaryReader(new MemoryStream(bytes)))
            Assert.ThrowsExactly<InvalidDataException>(() => new SelectedAutoregression(4, 3, 0.995, 10).Load(r), "other orders");
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, 4);   // the first weight of AR(1) (after the order)
        using var damaged = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<InvalidDataException>(() => new SelectedAutoregression(5, 3, 0.995, 10).Load(damaged));
    }

    [TestMethod]
    public void OnATrendingCycleTheFrozenScaleHalvesTheErrorOfTheRunningOne()
    {
        // y_t = 0.5·t + a cyclic AR(2): least squares on levels with a mean needs every row on one scale. Standardised by
        // the running mean and deviation (the earlier kind), each row's inputs and target are on the scale of their own
        // time, and the trend moves that scale every row; frozen after the first P values, the fit is exact.
        var cycle = Ar2(400, 1.3, -0.6, 8);
        var y = cycle.Select((v, t) => v + 0.5 * t).ToArray();
        var frozen = new SelectedAutoregression(8, 1, 1, 10);
        var running = new SelectedAutoregression(8, 1, 0.995, 10, wholeSample: false);
        double a = OneStepMse(frozen, y, 50), b = OneStepMse(running, y, 50);
        TestContext.WriteLine($"one-step MSE, rows 50–400: frozen scale {a:F3} (order {frozen.Order}), running scale {b:F3} (order {running.Order})");
        Assert.IsLessThan(0.5 * b, a);
        Assert.AreEqual(1, a, 0.3, "near the noise variance");
    }

    [TestMethod]
    public void TheOrderWithTheLowestAiccIsChosenAndOrdersWithoutEnoughRowsAreNot()
    {
        var model = new SelectedAutoregression(8, 1, 1, 10);
        var y = Ar2(200, 1.3, -0.6, 9);
        for (int t = 0; t < 8; t++) model.Update(y[t], true);
        Assert.IsTrue(Enumerable.Range(1, 8).All(p => double.IsPositiveInfinity(model.Criterion(p))), "no rows fitted yet");
        Assert.AreEqual(1, model.Order);
        for (int t = 8; t < 200; t++) model.Update(y[t], true);
        var criteria = Enumerable.Range(1, 8).Select(model.Criterion).ToArray();
        TestContext.WriteLine($"AICc by order: {string.Join(", ", criteria.Select(c => c.ToString("F1")))}; order {model.Order}");
        Assert.AreEqual(Array.IndexOf(criteria, criteria.Min()) + 1, model.Order);
        Assert.IsLessThan(criteria[0] - 10, criteria[1], "AR(2) is clearly better than AR(1)");
    }

    [TestMethod]
    public void TheEarlierKindContinuesBitForBitAfterSaveAndLoadAndIsNotReadAsTheWholeSampleKind()
    {
        var y = Ar2(300, 1.3, -0.6, 10).Select((v, t) => v + 0.1 * t).ToArray();
        var a = new SelectedAutoregression(5, 2, 0.995, 10, wholeSample: false);
        for (int t = 0; t < 150; t++) a.Update(y[t], true);
        var bytes = Bytes(a);
        var b = new SelectedAutoregression(5, 2, 0.995, 10, wholeSample: false);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        var pa = new double[2]; var pb = new double[2];
        for (int t = 150; t < 300; t++)
        {
            a.Update(y[t], true); b.Update(y[t], true);
            a.Forecast(pa); b.Forecast(pb);
            CollectionAssert.AreEqual(pa, pb, $"t={t}");
        }
        using var shorter = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<EndOfStreamException>(() => new SelectedAutoregression(5, 2, 1, 10).Load(shorter), "the whole-sample kind reads more");
    }

    [TestMethod]
    public void BadArgumentsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SelectedAutoregression(0, 1, 0.995, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SelectedAutoregression(33, 1, 0.995, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SelectedAutoregression(4, 0, 0.995, 10));
        var model = new SelectedAutoregression(4, 2, 0.995, 10);
        Assert.ThrowsExactly<ArgumentException>(() => model.Forecast(new double[3]));
    }

    private static byte[] Bytes(SelectedAutoregression model)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms)) model.Save(w);
        return ms.ToArray();
    }
}
