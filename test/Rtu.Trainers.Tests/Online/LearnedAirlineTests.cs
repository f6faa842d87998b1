using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class LearnedAirlineTests
{
    public TestContext TestContext { get; set; } = null!;

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // An airline process (1 − B)(1 − B^m) y = (1 + θB)(1 + ΘB^m) e, e ~ N(0, 1), started from a season of a sine.
    private static double[] Airline(int n, int m, double theta, double seasonalTheta, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var e = new double[n];
        for (int t = 0; t < n; t++)
        {
            e[t] = Normal(rng);
            if (t <= m) { y[t] = 50 + 10 * Math.Sin(2 * Math.PI * t / m) + e[t]; continue; }
            y[t] = y[t - 1] + y[t - m] - y[t - m - 1] + e[t] + theta * e[t - 1] + seasonalTheta * e[t - m] + theta * seasonalTheta * e[t - m - 1];
        }
        return y;
    }

    private static LearnedAirline Run(double[] y, int m, double theta, double seasonalTheta, bool learn, int horizon = 1)
    {
        var model = new LearnedAirline(m, horizon, theta, seasonalTheta);
        foreach (double v in y) model.Update(v, learn);
        return model;
    }

    [TestMethod]
    public void TheOneStepGradientEqualsFiniteDifferences()
    {
        var y = Airline(150, 12, -0.3, -0.5, 1);
        foreach (var (theta, seasonal) in new[] { (-0.4, -0.6), (0.2, -0.8), (0.7, 0.3) })
        {
            var (dTheta, dSeasonal) = Run(y, 12, theta, seasonal, learn: false).OneStepGradient();
            const double eps = 1e-6;
            double numericTheta = (Run(y, 12, theta + eps, seasonal, false).OneStep() - Run(y, 12, theta - eps, seasonal, false).OneStep()) / (2 * eps);
            double numericSeasonal = (Run(y, 12, theta, seasonal + eps, false).OneStep() - Run(y, 12, theta, seasonal - eps, false).OneStep()) / (2 * eps);
            TestContext.WriteLine($"θ {theta}, Θ {seasonal}: ∂θ exact {dTheta:G10} numeric {numericTheta:G10}; ∂Θ exact {dSeasonal:G10} numeric {numericSeasonal:G10}");
            Assert.AreEqual(numericTheta, dTheta, 1e-5 * Math.Max(1, Math.Abs(numericTheta)), $"∂θ at ({theta}, {seasonal})");
            Assert.AreEqual(numericSeasonal, dSeasonal, 1e-5 * Math.Max(1, Math.Abs(numericSeasonal)), $"∂Θ at ({theta}, {seasonal})");
        }
    }

    [TestMethod]
    public void AKnownAirlineProcessIsRecovered()
    {
        // Started at Box and Jenkins' (−0.4, −0.6), the gradient finds the process's own coefficients. With a constant
        // step the learned values jitter around them (±0.15 at the last row), so their mean over the second half of the
        // series is compared.
        foreach (var (theta, seasonal) in new[] { (-0.7, -0.3), (0.3, -0.8) })
        {
            var y = Airline(4000, 12, theta, seasonal, 2);
            var model = new LearnedAirline(12, 1, -0.4, -0.6);
            double meanTheta = 0, meanSeasonal = 0;
            for (int t = 0; t < y.Length; t++)
            {
                model.Update(y[t], learn: true);
                if (t >= y.Length / 2) { meanTheta += model.Theta / (y.Length / 2); meanSeasonal += model.SeasonalTheta / (y.Length / 2); }
            }
            TestContext.WriteLine($"true ({theta}, {seasonal}): learned, mean of the second half ({meanTheta:F3}, {meanSeasonal:F3})");
            Assert.AreEqual(theta, meanTheta, 0.06, "θ");
            Assert.AreEqual(seasonal, meanSeasonal, 0.06, "Θ");
        }
    }

    [TestMethod]
    public void ItsPathIteratesTheRecursionAlsoBeyondOneSeason()
    {
        // Quarterly, six steps: the path reads its own forecasts a season back. Fed its one-step forecast (zero residual),
        // the next path is the old one shifted by a step.
        var y = Airline(60, 4, -0.4, -0.6, 3);
        var model = Run(y, 4, -0.4, -0.6, learn: true, horizon: 6);
        var before = new double[6];
        model.Forecast(before);
        Assert.AreEqual(model.OneStep(), before[0], 1e-12);
        model.Update(before[0], learn: false);
        var after = new double[6];
        model.Forecast(after);
        for (int k = 0; k < 5; k++) Assert.AreEqual(before[k + 1], after[k], 1e-9 * Math.Max(1, Math.Abs(after[k])), $"k={k}");
    }

    [TestMethod]
    public void SpikesAndMissingValuesKeepItInvertibleAndFinite()
    {
        var y = Airline(1500, 7, -0.2, -0.5, 4);
        for (int t = 50; t < y.Length; t += 113) y[t] *= 1e6;
        for (int t = 80; t < y.Length; t += 71) y[t] = double.NaN;
        var model = new LearnedAirline(7, 3, -0.4, -0.6);
        var path = new double[3];
        foreach (double v in y)
        {
            model.Update(v, learn: true);
            model.Forecast(path);
            if (model.Ready) Assert.IsTrue(path.All(double.IsFinite));
            Assert.IsLessThan(1.0, Math.Abs(model.Theta)); Assert.IsLessThan(1.0, Math.Abs(model.SeasonalTheta));
        }
    }

    [TestMethod]
    public void OnLogValuesItIsTheLinearModelOfTheLogsAndStopsAtAValueNotPositive()
    {
        // The logarithmic model is the linear one fed log y, its forecasts exponentiated; a value ≤ 0 switches it off.
        var y = Airline(300, 12, -0.4, -0.6, 6).Select(v => Math.Exp(v / 50)).ToArray();
        var logModel = new LearnedAirline(12, 3, -0.4, -0.6, logarithmic: true);
        var linear = new LearnedAirline(12, 3, -0.4, -0.6);
        var a = new double[3]; var b = new double[3];
        foreach (double v in y)
        {
            logModel.Update(v, true); linear.Update(Math.Log(v), true);
            logModel.Forecast(a); linear.Forecast(b);
            for (int k = 0; k < 3; k++)
                if (double.IsNaN(b[k])) Assert.IsTrue(double.IsNaN(a[k]), "no forecast before a season");
                else Assert.AreEqual(Math.Exp(b[k]), a[k], 1e-12 * a[k]);
        }
        Assert.IsTrue(logModel.Ready);
        logModel.Update(0, true);
        Assert.IsFalse(logModel.Ready);
        logModel.Forecast(a);
        Assert.IsTrue(a.All(double.IsNaN), "off: no forecasts");
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoadAndRefusesDamage()
    {
        var y = Airline(200, 12, -0.4, -0.6, 5);
        var a = new LearnedAirline(12, 3, -0.4, -0.6);
        for (int t = 0; t < 100; t++) a.Update(y[t], true);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        var bytes = ms.ToArray();
        var b = new LearnedAirline(12, 3, 0.1, 0.1);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        var pa = new double[3]; var pb = new double[3];
        for (int t = 100; t < 200; t++)
        {
            a.Update(y[t], true); b.Update(y[t], true);
            a.Forecast(pa); b.Forecast(pb);
            CollectionAssert.AreEqual(pa, pb, $"t={t}");
        }
        Assert.AreEqual(a.Theta, b.Theta); Assert.AreEqual(a.SeasonalTheta, b.SeasonalTheta);
        using (var r = new BinaryReader(new MemoryStream(bytes)))
            Assert.ThrowsExactly<InvalidDataException>(() => new LearnedAirline(4, 3, -0.4, -0.6).Load(r), "another season");
        BitConverter.GetBytes(double.PositiveInfinity).CopyTo(bytes, 6);   // the first stored value (after m and two flags)
        using var damaged = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<InvalidDataException>(() => new LearnedAirline(12, 3, -0.4, -0.6).Load(damaged));
    }
}
