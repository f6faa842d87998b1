using System.Diagnostics;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Trainers.Tests.Cells;

[TestClass]
public sealed class RtuCoefficientsTests
{
    private static (double[] NuLog, double[] ThetaLog) Inputs(int n)
    {
        var random = new Random(3);
        // A third of the units with tiny ν (r → 1, the series branch of 1 − r²), θ from 0.05 to 20.
        var nuLog = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? -30 + 25 * random.NextDouble() : 4 * random.NextDouble() - 3).ToArray();
        var thetaLog = Enumerable.Range(0, n).Select(_ => 4 * random.NextDouble() - 3).ToArray();
        return (nuLog, thetaLog);
    }

    private static double[][] Snapshot(RtuCoefficients<double> c) =>
        [c.G.ToArray(), c.Phi.ToArray(), c.Eta.ToArray(), c.DgDnu.ToArray(), c.DphiDnu.ToArray(), c.DetaDnu.ToArray(),
         c.DgDtheta.ToArray(), c.DphiDtheta.ToArray()];

    [TestMethod]
    public void CoefficientsAreTheSameBeforeAndAfterTierUp()
    {
        // Runs with the same seed must be bit-identical, so the coefficients must not depend on the JIT tier of the code
        // computing them (vectorised math libraries may round differently in their unoptimised and optimised code).
        const int n = 1001;
        var (nuLog, thetaLog) = Inputs(n);
        var fresh = new RtuCoefficients<double>(n);
        fresh.Update(nuLog, thetaLog, referenceThetaGradient: false);
        var first = Snapshot(fresh);
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1200) fresh.Update(nuLog, thetaLog, referenceThetaGradient: false);
        var warm = Snapshot(fresh);
        for (int j = 0; j < first.Length; j++)
            CollectionAssert.AreEqual(first[j], warm[j], $"output {j} changed after tier-up");
    }

    // 1 − e^{−x}: the full alternating series for small x (no cancellation), else directly.
    private static double OneMinusExpMinus(double x)
    {
        if (x >= 0.5) return 1 - Math.Exp(-x);
        double term = x, sum = 0;
        for (int j = 1; j < 30; j++) { sum += term; term *= -x / (j + 1); }
        return sum;
    }

    [TestMethod]
    public void MatchesTheDefiningFormulas()
    {
        const int n = 1001;
        var (nuLog, thetaLog) = Inputs(n);
        var c = new RtuCoefficients<double>(n);
        c.Update(nuLog, thetaLog, referenceThetaGradient: false);
        for (int k = 0; k < n; k++)
        {
            double nu = Math.Exp(nuLog[k]), r = Math.Exp(-nu), theta = Math.Exp(thetaLog[k]);
            double oneMinusR2 = OneMinusExpMinus(2 * nu);
            double s = Math.Sqrt(oneMinusR2);
            Assert.AreEqual(r * Math.Cos(theta), c.G[k], 1e-14, $"g[{k}]");
            Assert.AreEqual(r * Math.Sin(theta), c.Phi[k], 1e-14, $"phi[{k}]");
            // 1 − r² is computed as 1 − r·r above the series range: relative error ≲ 2.2e-16 / (1 − r²) ≤ 2.2e-12.
            Assert.AreEqual(s + 1e-8, c.Eta[k], 2e-12 * (s + 1e-8), $"eta[{k}]");
            Assert.AreEqual(nu * r * r / s, c.DetaDnu[k], 1e-11 * Math.Abs(nu * r * r / s) + 1e-300, $"deta/dnu[{k}]");
            Assert.AreEqual(-nu * r * Math.Cos(theta), c.DgDnu[k], 1e-13, $"dg/dnu[{k}]");
            Assert.AreEqual(r * Math.Cos(theta) * theta, c.DphiDtheta[k], 1e-12 * Math.Max(1, theta), $"dphi/dtheta[{k}]");
        }
    }

    [TestMethod]
    public void VectorisedSinCosMatchesMath()
    {
        var random = new Random(9);
        var theta = Enumerable.Range(0, 4099).Select(i => i switch
        {
            < 2000 => 7 * random.NextDouble(),
            < 3000 => 200 * random.NextDouble() - 100,
            < 4000 => Math.Exp(20 * random.NextDouble() - 14),
            _ => i * Math.PI / 4 + (i % 3 - 1) * 1e-12, // around the quadrant boundaries
        }).ToArray();
        theta[5] = 3e5; // outside the vector range: its vector falls back to Math.SinCos
        var sin = new double[theta.Length]; var cos = new double[theta.Length];
        RtuCoefficients<double>.SinCos(theta, sin, cos);
        double worst = 0;
        for (int k = 0; k < theta.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(sin[k] - Math.Sin(theta[k])));
            worst = Math.Max(worst, Math.Abs(cos[k] - Math.Cos(theta[k])));
        }
        Assert.IsLessThanOrEqualTo(5e-16, worst, $"largest |error| {worst:E2}");
    }

    [TestMethod]
    public void FusedPassIsBitIdenticalToThePasses()
    {
        // Update (one fused pass where the hardware has 512-bit vectors and FMA) must give the bits of UpdateByPasses (TensorPrimitives exp, SinCos, assembly), for float
        // and double, at sizes with and without a tail, and a last 256-unit block of one unit (n = 257, 1).
        foreach (int n in new[] { 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 64, 100, 255, 256, 257, 300, 1024, 1025 })
            foreach (bool reference in new[] { false, true })
            {
                var (nuLog, thetaLog) = Inputs(n);
                thetaLog[n / 2] = 12; // θ ≈ 1.6e5: its vector takes Math.SinCos
                var fused = new RtuCoefficients<double>(n); var passes = new RtuCoefficients<double>(n);
                fused.Update(nuLog, thetaLog, reference); passes.UpdateByPasses(nuLog, thetaLog, reference);
                AssertSame(Snapshot(passes), Snapshot(fused), $"double n={n} reference={reference}");
                float[] nuF = nuLog.Select(v => (float)v).ToArray(), thF = thetaLog.Select(v => (float)v).ToArray();
                var fusedF = new RtuCoefficients<float>(n); var passesF = new RtuCoefficients<float>(n);
                fusedF.Update(nuF, thF, reference); passesF.UpdateByPasses(nuF, thF, reference);
                AssertSame(Snapshot(passesF), Snapshot(fusedF), $"float n={n} reference={reference}");
            }
    }

    [TestMethod]
    public void AnExponentialOutOfRangeTakesTheFallbackForItsVectorOnly()
    {
        // ν_log = 6.6: ν ≈ 735, so e^{−ν} is beyond the fast exponential's range (±708.4) and the fused pass takes its
        // fallback (Math.Exp) for that vector of 8 units. The other vectors stay bit-identical to the passes; the fallback
        // vector matches the defining formulas. (Its in-range lanes are not compared bit for bit with the passes:
        // TensorPrimitives groups lanes for its own fallback differently, see RtuCoefficients.)
        const int n = 64, bad = 41, from = bad / 8 * 8;
        var (nuLog, thetaLog) = Inputs(n);
        nuLog[bad] = 6.6;
        var fused = new RtuCoefficients<double>(n); var passes = new RtuCoefficients<double>(n);
        fused.Update(nuLog, thetaLog, referenceThetaGradient: false); passes.UpdateByPasses(nuLog, thetaLog, referenceThetaGradient: false);
        double[][] f = Snapshot(fused), p = Snapshot(passes);
        for (int j = 0; j < f.Length; j++)
            for (int k = 0; k < n; k++)
            {
                if (k >= from && k < from + 8) continue;
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(p[j][k]), BitConverter.DoubleToInt64Bits(f[j][k]), $"output {j}, unit {k}");
            }
        for (int k = from; k < from + 8; k++)
        {
            double nu = Math.Exp(nuLog[k]), r = Math.Exp(-nu), theta = Math.Exp(thetaLog[k]), s = Math.Sqrt(OneMinusExpMinus(2 * nu));
            Assert.AreEqual(r * Math.Cos(theta), fused.G[k], 1e-14, $"g[{k}]");
            Assert.AreEqual(r * Math.Sin(theta), fused.Phi[k], 1e-14, $"phi[{k}]");
            Assert.AreEqual(s + 1e-8, fused.Eta[k], 2e-12 * (s + 1e-8), $"eta[{k}]");
            Assert.AreEqual(nu * r * r / s, fused.DetaDnu[k], 1e-11 * Math.Abs(nu * r * r / s) + 1e-300, $"deta/dnu[{k}]");
        }
        Assert.AreEqual(1 + 1e-8, fused.Eta[bad], 1e-15, "r = e^{-735} ≈ 0: η = 1 + 1e-8");
    }

    [TestMethod]
    public void OwnExpIsTensorPrimitivesExpBitForBit()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 4096).Select(i => i switch
        {
            < 2000 => 20 * random.NextDouble() - 10,
            < 3000 => 1400 * random.NextDouble() - 700, // up to the fast path's limit, ±708.4
            < 3500 => Math.Exp(30 * random.NextDouble() - 25) * (i % 2 == 0 ? 1 : -1),
            _ => (i - 3800) * 1e-3,
        }).ToArray();
        var expected = new double[x.Length];
        System.Numerics.Tensors.TensorPrimitives.Exp(x, expected);
        for (int i = 0; i < x.Length; i++)
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(RtuCoefficients<double>.ExpScalar(x[i])), $"exp({x[i]:R})");
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return; // the vector form runs only there
        int w = System.Runtime.Intrinsics.Vector512<double>.Count;
        for (int i = 0; i + w <= x.Length; i += w)
        {
            var v = RtuCoefficients<double>.ExpVector(System.Runtime.Intrinsics.Vector512.Create(x.AsSpan(i, w)));
            for (int j = 0; j < w; j++)
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected[i + j]), BitConverter.DoubleToInt64Bits(v[j]), $"exp({x[i + j]:R}) (vector)");
        }
        // Beyond ±708.4 (and NaN): Math.Exp, as TensorPrimitives' per-lane fallback.
        foreach (double big in new[] { -723.16, -709.5, 709.5, 710.0, 1e6, double.NaN, double.NegativeInfinity })
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(Math.Exp(big)), BitConverter.DoubleToInt64Bits(RtuCoefficients<double>.ExpScalar(big)), $"exp({big})");
            if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) continue;
            var v = RtuCoefficients<double>.ExpVector(System.Runtime.Intrinsics.Vector512.Create(big));
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(Math.Exp(big)), BitConverter.DoubleToInt64Bits(v[0]), $"exp({big}) (vector)");
        }
    }

    private static void AssertSame<T>(T[][] expected, T[][] actual, string what)
    {
        for (int j = 0; j < expected.Length; j++) CollectionAssert.AreEqual(expected[j], actual[j], $"{what}: output {j}");
    }

    private static float[][] Snapshot(RtuCoefficients<float> c) =>
        [c.G.ToArray(), c.Phi.ToArray(), c.Eta.ToArray(), c.DgDnu.ToArray(), c.DphiDnu.ToArray(), c.DetaDnu.ToArray(),
         c.DgDtheta.ToArray(), c.DphiDtheta.ToArray()];
}
