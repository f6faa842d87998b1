using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class LogScaleAutoregressionTests
{
    public TestContext TestContext { get; set; } = null!;

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // A positive cycle that moves in proportions: y = exp(4 + 0.35·u), u a cyclic AR(2) (period about 10, sd about 2.3),
    // so the peaks are about 5 times the troughs and sharper than them (as lynx trappings).
    private static double[] MultiplicativeCycle(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double u1 = 0, u2 = 0;
        for (int t = 0; t < n; t++)
        {
            double u = 1.3 * u1 - 0.6 * u2 + Gaussian(rng);
            u2 = u1; u1 = u;
            y[t] = Math.Exp(4 + 0.35 * u);
        }
        return y;
    }

    // Mean absolute one-step error over rows [from, n), learning throughout.
    private static double OneStepMae(Action<Span<double>> forecast, Action<double, bool> update, double[] y, int from)
    {
        var path = new double[1];
        double sum = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= from) { forecast(path); sum += Math.Abs(y[t] - path[0]); }
            update(y[t], true);
        }
        return sum / (y.Length - from);
    }

    [TestMethod]
    public void OnACycleInProportionsItForecastsBetterThanTheSameFitOnTheLevels()
    {
        // The process is linear in ln y: the fit on ln y is the right model, the one on y a symmetric cycle that is too
        // shallow at the peaks and too deep in the troughs.
        var y = MultiplicativeCycle(1500, 3);
        var log = new LogScaleAutoregression(8, 1, forgetting: 1, prior: 10);
        var level = new SelectedAutoregression(8, 1, forgetting: 1, prior: 10);
        double logMae = OneStepMae(p => log.Forecast(p), log.Update, y, 100);
        double levelMae = OneStepMae(p => level.Forecast(p), level.Update, y, 100);
        TestContext.WriteLine($"one-step MAE: on ln y {logMae:F3} (order {log.Fit.Order}), on y {levelMae:F3} (order {level.Order})");
        Assert.IsTrue(log.Active);
        Assert.IsLessThan(0.9 * levelMae, logMae);
    }

    [TestMethod]
    public void AValueThatIsNotPositiveStopsItForGoodUntilReset()
    {
        var model = new LogScaleAutoregression(4, 2, forgetting: 1, prior: 10);
        var path = new double[2];
        for (int t = 0; t < 30; t++) model.Update(10 + Math.Sin(t), learn: true);
        Assert.IsTrue(model.Active);
        model.Forecast(path);
        Assert.IsTrue(path.All(double.IsFinite));
        model.Update(double.NaN, learn: true);   // a missing value is no reason to stop
        Assert.IsTrue(model.Active);
        model.Update(0, learn: true);
        Assert.IsFalse(model.Active);
        Assert.IsFalse(model.Positive);
        for (int t = 0; t < 10; t++) model.Update(10 + Math.Sin(t), learn: true);
        Assert.IsFalse(model.Active, "it does not start again on positive values");
        model.Forecast(path);
        Assert.IsTrue(path.All(double.IsNaN));
        model.Reset();
        for (int t = 0; t < 30; t++) model.Update(10 + Math.Sin(t), learn: true);
        Assert.IsTrue(model.Active, "a series started afresh");
    }

    [TestMethod]
    public void ALevelShiftScalesItsForecastsByTheRatioOfTheLevels()
    {
        // On ln y a shift from ℓ to ℓ + δ is the shift ln((ℓ + δ)/ℓ) of every log value and of the centre: the standardised
        // inputs are unchanged, so each forecast is multiplied by (ℓ + δ)/ℓ.
        var y = MultiplicativeCycle(200, 5);
        var model = new LogScaleAutoregression(8, 3, forgetting: 1, prior: 10);
        foreach (double v in y) model.Update(v, learn: true);
        var before = new double[3]; var after = new double[3];
        model.Forecast(before);
        double last = y[^1], delta = 0.5 * last;
        model.Shift(last, delta);
        model.Forecast(after);
        for (int k = 0; k < 3; k++) Assert.AreEqual(before[k] * 1.5, after[k], 1e-9 * after[k], $"h={k + 1}");
        model.Shift(last + delta, -2 * (last + delta));
        Assert.IsFalse(model.Active, "a shift below zero stops it");
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoad()
    {
        var y = MultiplicativeCycle(400, 7);
        var model = new LogScaleAutoregression(8, 2, forgetting: 1, prior: 10);
        for (int t = 0; t < 200; t++) model.Update(y[t], learn: true);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) model.Save(w);
        ms.Position = 0;
        var copy = new LogScaleAutoregression(8, 2, forgetting: 1, prior: 10);
        using (var r = new BinaryReader(ms)) copy.Load(r);
        var a = new double[2]; var b = new double[2];
        for (int t = 200; t < 400; t++)
        {
            model.Forecast(a); copy.Forecast(b);
            CollectionAssert.AreEqual(a, b, $"t={t}");
            model.Update(y[t], learn: true); copy.Update(y[t], learn: true);
        }
    }
}
