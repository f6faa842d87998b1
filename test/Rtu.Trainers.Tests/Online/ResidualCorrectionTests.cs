using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ResidualCorrectionTests
{
    // A combination c_{t+1} whose one-step errors e = y − c follow e_t = φ·e_{t−1} + noise: returns the mean squared
    // error of c and of the corrected forecast over rows 300–3000.
    private static (double Plain, double Corrected, ResidualCorrection Correction) Run(double phi, int seed)
    {
        var rng = new Random(seed);
        var correction = new ResidualCorrection(1);
        double e = 0, plain = 0, corrected = 0, made = double.NaN, c = 0;
        for (int t = 0; t < 3000; t++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            e = phi * e + noise;
            double y = c + e;   // c: the plain forecast of y_t made at t − 1
            if (t >= 300) { plain += (y - c) * (y - c); corrected += (y - made) * (y - made); }
            correction.Observe(y, t, learn: true);
            c = 10 * Math.Sin(t / 7.0);   // the next plain forecast (any path: the errors are what matters)
            made = correction.Apply(t, 1, c, bound: 100);
        }
        return (plain / 2700, corrected / 2700, correction);
    }

    [TestMethod]
    public void AutocorrelatedErrorsOfTheCombinationAreCorrected()
    {
        // With φ = 0.7 the best correction φ·e_t leaves 1 − φ² = 51 % of the error variance.
        var (plain, corrected, correction) = Run(0.7, 3);
        Assert.IsLessThan(0.6 * plain, corrected, $"plain {plain:F3}, corrected {corrected:F3}");
        Assert.IsGreaterThan(0.8, correction.Gate(1), "the correction has shown skill");
    }

    [TestMethod]
    public void UncorrelatedErrorsAreLeftAlmostAlone()
    {
        // White-noise errors: the slope is shrunk to (near) 0 and the gate keeps what is left from doing harm.
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var (plain, corrected, _) = Run(0, seed);
            Assert.IsLessThan(1.01 * plain, corrected, $"seed {seed}: plain {plain:F3}, corrected {corrected:F3}");
        }
    }

    [TestMethod]
    public void SaveAndLoadContinueBitForBitAndDamagedStatisticsAreRefused()
    {
        var (_, _, a) = Run(0.5, 4);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w, rows: 3000);
        var b = new ResidualCorrection(1);
        ms.Position = 0;
        using (var r = new BinaryReader(ms, System.Text.Encoding.UTF8, leaveOpen: true)) b.Load(r, rows: 3000);
        for (int t = 3000; t < 3050; t++)
        {
            double y = Math.Cos(t / 3.0), c = 0.8 * Math.Cos((t + 1) / 3.0);
            a.Observe(y, t, true); b.Observe(y, t, true);
            Assert.AreEqual(a.Apply(t, 1, c, 100), b.Apply(t, 1, c, 100), $"t={t}");
        }
        // The gate is stored after the moments and the pair count, as the third value of its skill statistics
        // (E[r·v], E[v²], g, count): a value outside [0, 1] is refused.
        var bytes = ms.ToArray();
        BitConverter.GetBytes(2.0).CopyTo(bytes, 8 * (1 + 1 + 1 + 3 + 1 + 2));
        Assert.ThrowsExactly<InvalidDataException>(() => new ResidualCorrection(1).Load(new BinaryReader(new MemoryStream(bytes)), rows: 3000));
    }
}
