using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class LearnedThetaTests
{
    public TestContext TestContext { get; set; } = null!;

    // A trending series with noise.
    private static double[] Trend(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(t => 10 + 0.3 * t + 4 * (rng.NextDouble() - 0.5)).ToArray();
    }

    private static LearnedTheta Run(double[] y, double alpha, bool learn)
    {
        var theta = new LearnedTheta(alpha);
        for (int t = 0; t < y.Length; t++) theta.Update(y[t], t, learn);
        return theta;
    }

    [TestMethod]
    public void WithAFixedAlphaItIsTheThetaMethodsClosedForm()
    {
        // SES from the first value plus half the least-squares slope on time: Hyndman and Billah's form of the Theta method.
        var y = Trend(80, 1);
        const double alpha = 0.4;
        var theta = Run(y, alpha, learn: false);
        double level = y[0];
        for (int t = 1; t < y.Length; t++) level = alpha * y[t] + (1 - alpha) * level;
        double meanT = (y.Length - 1) / 2.0, meanY = y.Average();
        double slope = Enumerable.Range(0, y.Length).Sum(t => (t - meanT) * (y[t] - meanY)) / Enumerable.Range(0, y.Length).Sum(t => (t - meanT) * (t - meanT));
        Assert.AreEqual(slope, theta.Slope, 1e-10);
        for (int h = 1; h <= 6; h++)
        {
            double expected = level + slope / 2 * (h - 1 + (1 - Math.Pow(1 - alpha, y.Length - 1)) / alpha);
            Assert.AreEqual(expected, theta.Forecast(h), 1e-9, $"h={h}");
        }
        Assert.AreEqual(alpha, theta.Alpha, 1e-12, "no learning: α stays");
    }

    [TestMethod]
    public void TheOneStepGradientEqualsFiniteDifferences()
    {
        var y = Trend(60, 2);
        foreach (double alpha in new[] { 0.1, 0.4, 0.8 })
        {
            double exact = Run(y, alpha, false).OneStepGradient();
            const double eps = 1e-6;
            double numeric = (Run(y, alpha + eps, false).Forecast(1) - Run(y, alpha - eps, false).Forecast(1)) / (2 * eps);
            TestContext.WriteLine($"α {alpha}: exact {exact:G10}, numeric {numeric:G10}");
            Assert.AreEqual(numeric, exact, 1e-5 * Math.Max(1, Math.Abs(numeric)), $"α={alpha}");
        }
    }

    [TestMethod]
    public void TheLearnedAlphaFollowsTheSeries()
    {
        // A random walk wants α near 1 (the last value); white noise around a constant wants a small α (a long average).
        var rng = new Random(3);
        double walk = 0;
        var randomWalk = Enumerable.Range(0, 400).Select(_ => walk += rng.NextDouble() - 0.5).ToArray();
        var noise = Enumerable.Range(0, 400).Select(_ => 5 + rng.NextDouble() - 0.5).ToArray();
        double fast = Run(randomWalk, 0.3, learn: true).Alpha, slow = Run(noise, 0.3, learn: true).Alpha;
        TestContext.WriteLine($"learned α: random walk {fast:F3}, noise {slow:F3}");
        Assert.IsGreaterThan(0.6, fast);
        Assert.IsLessThan(0.15, slow);
    }

    [TestMethod]
    public void ItContinuesBitForBitAfterSaveAndLoadAndRefusesDamage()
    {
        var y = Trend(100, 4);
        var a = new LearnedTheta(0.3);
        for (int t = 0; t < 50; t++) a.Update(y[t], t, true);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        var bytes = ms.ToArray();
        var b = new LearnedTheta(0.3);
        using (var r = new BinaryReader(new MemoryStream(bytes))) b.Load(r);
        for (int t = 50; t < 100; t++)
        {
            a.Update(y[t], t, true); b.Update(y[t], t, true);
            Assert.AreEqual(a.Forecast(3), b.Forecast(3), $"t={t}");
        }
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, 0);   // the logit of α
        using var damaged = new BinaryReader(new MemoryStream(bytes));
        Assert.ThrowsExactly<InvalidDataException>(() => new LearnedTheta(0.3).Load(damaged));
    }
}
