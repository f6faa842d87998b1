using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class LearnedHoltWintersTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Season = 4;

    // A positive quarterly series with a drifting level, a changing season and noise.
    private static double[] Series(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 50;
        for (int t = 0; t < n; t++)
        {
            level += 0.1 + rng.NextDouble() - 0.5;
            y[t] = level * (1 + 0.2 * Math.Sin(2 * Math.PI * t / Season + 0.001 * t)) + 2 * (rng.NextDouble() - 0.5);
        }
        return y;
    }

    private static LearnedHoltWinters Run(double[] y, int rows, bool multiplicative, double alpha, double beta, double gamma, double phi, bool learn)
    {
        var hw = new LearnedHoltWinters(Season, alpha, beta, gamma, phi, multiplicative);
        double mean = y.Take(Season).Average();
        hw.Initialise(mean, y.Take(Season).Select(v => multiplicative ? v / mean : v - mean).ToArray());
        for (int t = Season; t < rows; t++) hw.Update(y[t], t % Season, learn);
        return hw;
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TheOneStepGradientEqualsFiniteDifferencesThroughTheWholeRecursion(bool multiplicative)
    {
        // The sensitivities carried with the states (RTRL on the smoothing equations) give the exact derivative of the
        // forecast made after 200 values with respect to α, β, γ, φ: central differences of whole reruns agree.
        var y = Series(200, 1);
        double[] theta = [0.3, 0.05, 0.25, 0.9];
        int at = 200 % Season;
        var gradient = new double[4];
        Run(y, y.Length, multiplicative, theta[0], theta[1], theta[2], theta[3], learn: false).OneStepGradient(at, gradient);
        for (int k = 0; k < 4; k++)
        {
            const double eps = 1e-6;
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[k] += eps; down[k] -= eps;
            double fUp = Run(y, y.Length, multiplicative, up[0], up[1], up[2], up[3], false).Forecast(1, at);
            double fDown = Run(y, y.Length, multiplicative, down[0], down[1], down[2], down[3], false).Forecast(1, at);
            double numeric = (fUp - fDown) / (2 * eps);
            TestContext.WriteLine($"θ{k}: exact {gradient[k]:G10}, numeric {numeric:G10}");
            Assert.AreEqual(numeric, gradient[k], 1e-5 * Math.Max(1, Math.Abs(numeric)), $"parameter {k}");
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LearningTheConstantsCutsTheOneStepErrorOfPoorStartingConstants(bool multiplicative)
    {
        // Started at constants far from this series' (a level that moves every step needs a large α), the learned
        // constants leave them and the one-step MSE over the second half falls clearly below the fixed constants'.
        var y = Series(2000, 2);
        double Mse(bool learn)
        {
            var hw = new LearnedHoltWinters(Season, 0.02, 0.01, 0.02, 0.85, multiplicative);
            double mean = y.Take(Season).Average();
            hw.Initialise(mean, y.Take(Season).Select(v => multiplicative ? v / mean : v - mean).ToArray());
            double sum = 0; int n = 0;
            for (int t = Season; t < y.Length; t++)
            {
                double e = y[t] - hw.Forecast(1, t % Season);
                if (t >= y.Length / 2) { sum += e * e; n++; }
                hw.Update(y[t], t % Season, learn);
            }
            TestContext.WriteLine($"learn {learn}: α {hw.Alpha:F3} β {hw.Beta:F3} γ {hw.Gamma:F3} φ {hw.Phi:F3}, MSE {sum / n:F4}");
            return sum / n;
        }
        Assert.IsLessThan(0.5 * Mse(false), Mse(true));
    }

    [TestMethod]
    public void SaveAndLoadContinueBitForBit()
    {
        var y = Series(300, 3);
        var a = Run(y, 150, true, 0.2, 0.02, 0.2, 0.9, learn: true);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new LearnedHoltWinters(Season, 0.2, 0.02, 0.2, 0.9, multiplicative: true);
        using (var r = new BinaryReader(ms)) b.Load(r);
        for (int t = 150; t < y.Length; t++)
        {
            a.Update(y[t], t % Season, true); b.Update(y[t], t % Season, true);
            Assert.AreEqual(a.Forecast(2, (t + 2) % Season), b.Forecast(2, (t + 2) % Season), 0.0, $"t={t}");
        }
        Assert.AreEqual(a.Alpha, b.Alpha, 0.0);
    }

    [TestMethod]
    public void ConstantsOutsideTheirRangeAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LearnedHoltWinters(12, 0.2, 0.6, 0.2, 0.9, false));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LearnedHoltWinters(12, 0.2, 0.02, 0.2, 1.0, false));
    }
}
