using System.Numerics;
using System.Runtime.InteropServices;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Numerics;

/// <summary>
/// The unchecked multi-stream kernels the RTU layer calls once per step (all B streams in one pass) equal their checked
/// one-stream forms called stream by stream, bit for bit: same operations per lane, streams added in order.
/// </summary>
[TestClass]
public sealed class StreamKernelsTests
{
    private const int Streams = 3;

    private static T[] Random<T>(int length, int seed, double low = -1, double high = 1) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var a = new T[length];
        for (int i = 0; i < length; i++) a[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        return a;
    }

    private static void Identical<T>(T[] expected, T[] actual, string what) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.IsTrue(expected[i].Equals(actual[i]), $"{what}[{i}]: all streams at once {actual[i]}, stream by stream {expected[i]}");
    }

    /// <summary><see cref="Identical{T}"/> and also the same bytes (Equals does not tell −0 from +0).</summary>
    private static void SameBits<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Identical(expected, actual, what);
        Assert.IsTrue(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())), $"{what}: the signs of zeros differ");
    }

    private static int[] Units<T>() where T : struct => [1, Vector<T>.Count + 3, 37];

    private static T[][] Coefficients<T>(int n) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, 8).Select(j => Random<T>(n, 20 + j, -0.9, 0.9)).ToArray();

    private static UnitCoefficients<T> View<T>(T[][] c) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);

    [TestMethod] public void LinearUnitStepFloat() => UnitStep<float>(nonLinear: false);
    [TestMethod] public void LinearUnitStepDouble() => UnitStep<double>(nonLinear: false);
    [TestMethod] public void NonLinearUnitStepFloat() => UnitStep<float>(nonLinear: true);
    [TestMethod] public void NonLinearUnitStepDouble() => UnitStep<double>(nonLinear: true);

    private static void UnitStep<T>(bool nonLinear) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Units<T>())
        {
            T[][] coef = Coefficients<T>(n);
            T[] h = Random<T>(Streams * 2 * n, 1), u = Random<T>(Streams * 2 * n, 2), tr = Random<T>(Streams * 4 * n, 3);
            T[] act = Random<T>(Streams * 2 * n, 4, -0.9, 0.9);
            T[] hS = (T[])h.Clone(), trS = (T[])tr.Clone();
            T[] f = new T[Streams * 2 * n], y = new T[Streams * 2 * n], fS = new T[Streams * 2 * n], yS = new T[Streams * 2 * n];
            var c = View(coef);
            if (nonLinear) TraceKernels.NonLinearRtuUnitStepUnchecked<T, TanhDerivative<T>>(h, act, u, tr, f, y, c, Streams);
            else TraceKernels.LinearRtuUnitStepUnchecked<T>(h, u, tr, c, Streams);
            for (int b = 0; b < Streams; b++)
            {
                Span<T> hb = hS.AsSpan(b * 2 * n, 2 * n), tb = trS.AsSpan(b * 4 * n, 4 * n);
                ReadOnlySpan<T> ub = u.AsSpan(b * 2 * n, 2 * n), ab = act.AsSpan(b * 2 * n, 2 * n);
                if (nonLinear) TraceKernels.NonLinearRtuUnitStep<T, TanhDerivative<T>>(hb, ab, ub, tb, fS.AsSpan(b * 2 * n, 2 * n), yS.AsSpan(b * 2 * n, 2 * n), c);
                else TraceKernels.LinearRtuUnitStep<T>(hb, ub, tb, c);
            }
            Identical(hS, h, $"state n={n}"); Identical(trS, tr, $"unit traces n={n}");
            Identical(fS, f, $"F n={n}"); Identical(yS, y, $"y n={n}");
        }
    }

    [TestMethod] public void RecurrenceFloat() => Recurrence<float>();
    [TestMethod] public void RecurrenceDouble() => Recurrence<double>();

    private static void Recurrence<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Units<T>())
        {
            T[][] coef = Coefficients<T>(n);
            T[] h = Random<T>(Streams * 2 * n, 1), u = Random<T>(Streams * 2 * n, 2);
            T[] a = new T[Streams * 2 * n], aS = new T[Streams * 2 * n];
            TraceKernels.RecurrenceUnchecked<T>(h, u, coef[0], coef[1], coef[2], a, Streams);
            for (int b = 0; b < Streams; b++)
            {
                int o = b * 2 * n;
                TraceKernels.Recurrence<T>(h.AsSpan(o, n), h.AsSpan(o + n, n), u.AsSpan(o, n), u.AsSpan(o + n, n), coef[0], coef[1], coef[2],
                    aS.AsSpan(o, n), aS.AsSpan(o + n, n));
            }
            Identical(aS, a, $"a n={n}");
        }
    }

    [TestMethod] public void UnitContractionsFloat() => UnitContractions<float>();
    [TestMethod] public void UnitContractionsDouble() => UnitContractions<double>();

    private static void UnitContractions<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Units<T>())
        {
            T[] deltas = Random<T>(Streams * 2 * n, 1), tr = Random<T>(Streams * 4 * n, 2);
            T[] gNu = Random<T>(n, 3), gTh = Random<T>(n, 4);
            T[] gNuS = (T[])gNu.Clone(), gThS = (T[])gTh.Clone();
            TraceKernels.AccumulateUnitContractionsUnchecked<T>(gNu, gTh, deltas, tr, Streams);
            for (int b = 0; b < Streams; b++)
            {
                ReadOnlySpan<T> d1 = deltas.AsSpan(b * 2 * n, n), d2 = deltas.AsSpan(b * 2 * n + n, n), t = tr.AsSpan(b * 4 * n, 4 * n);
                TraceKernels.AccumulateContraction<T>(gNuS, d1, t[..n], d2, t.Slice(n, n));
                TraceKernels.AccumulateContraction<T>(gThS, d1, t.Slice(2 * n, n), d2, t.Slice(3 * n, n));
            }
            Identical(gNuS, gNu, $"gNu n={n}"); Identical(gThS, gTh, $"gTheta n={n}");
        }
    }

    [TestMethod] public void FusedNonLinearUnitStepFloat() => FusedNonLinearUnitStep<float>();
    [TestMethod] public void FusedNonLinearUnitStepDouble() => FusedNonLinearUnitStep<double>();

    /// <summary>
    /// The non-linear unit step with the recurrence and the activation in the same pass (identity, ReLU) = the separate
    /// passes the layer ran before, bit for bit: recurrence, f(a) (ActivationFunctions.Apply over the whole span), then the
    /// unit step on the activated a. Lanes with a = −0 (ReLU gives +0), a = +0 and a NaN
    /// (propagated by TensorPrimitives.Max) are included.
    /// </summary>
    private static void FusedNonLinearUnitStep<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Units<T>())
            foreach (var f in new[] { Activation.Identity, Activation.Relu })
            {
                T[][] coef = Coefficients<T>(n);
                for (int j = 0; j < 3; j++) coef[j][0] = T.CreateTruncating(0.5); // g, φ, η > 0 at unit 0: a = −0 below
                T[] h = Random<T>(Streams * 2 * n, 1), u = Random<T>(Streams * 2 * n, 2), tr = Random<T>(Streams * 4 * n, 3);
                h[0] = -T.Zero; h[n] = T.Zero; u[0] = -T.Zero;                        // stream 0, unit 0: a1 = −0
                h[2 * n] = T.Zero; h[3 * n] = T.Zero; u[2 * n] = T.Zero;              // stream 1, unit 0: a1 = +0
                u[Streams * 2 * n - 1] = T.NaN;                                       // last stream, last unit: a2 = NaN
                T[] hS = (T[])h.Clone(), trS = (T[])tr.Clone(), a = new T[Streams * 2 * n];
                T[] d = new T[Streams * 2 * n], y = new T[Streams * 2 * n], dS = new T[Streams * 2 * n], yS = new T[Streams * 2 * n];
                var c = View(coef);
                bool relu = f == Activation.Relu;
                if (relu) TraceKernels.NonLinearRtuUnitStepFusedUnchecked<T, ReluDerivative<T>, ReluActivation<T>>(h, u, tr, d, y, c, Streams);
                else TraceKernels.NonLinearRtuUnitStepFusedUnchecked<T, IdentityDerivative<T>, IdentityActivation<T>>(h, u, tr, d, y, c, Streams);
                TraceKernels.RecurrenceUnchecked<T>(hS, u, c.G, c.Phi, c.Eta, a, Streams);
                ActivationFunctions.Apply<T>(f, a, a);
                if (relu) TraceKernels.NonLinearRtuUnitStepUnchecked<T, ReluDerivative<T>>(hS, a, u, trS, dS, yS, c, Streams);
                else TraceKernels.NonLinearRtuUnitStepUnchecked<T, IdentityDerivative<T>>(hS, a, u, trS, dS, yS, c, Streams);
                string what = $"{f} n={n}";
                if (relu) Assert.IsTrue(T.IsPositive(yS[0]) && yS[0] == T.Zero && T.IsNaN(yS[^1]), $"edge lanes not reached: {what}");
                SameBits(hS, h, $"state {what}"); SameBits(trS, tr, $"unit traces {what}");
                SameBits(yS, y, $"y {what}"); SameBits(dS, d, $"F {what}");
            }
    }

    [TestMethod] public void ScaledUnitContractionsFloat() => ScaledUnitContractions<float>();
    [TestMethod] public void ScaledUnitContractionsDouble() => ScaledUnitContractions<double>();

    /// <summary>δ = dy ⊙ F formed in the ν/θ contraction's pass = TensorPrimitives.Multiply, then the contraction; bit for bit.</summary>
    private static void ScaledUnitContractions<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Units<T>())
        {
            T[] dy = Random<T>(Streams * 2 * n, 1), f = Random<T>(Streams * 2 * n, 5, 0, 1), tr = Random<T>(Streams * 4 * n, 2);
            f[0] = T.Zero; dy[0] = -T.Abs(dy[0]); // a ReLU lane off: δ = −0
            T[] gNu = Random<T>(n, 3), gTh = Random<T>(n, 4), deltas = new T[Streams * 2 * n];
            T[] gNuS = (T[])gNu.Clone(), gThS = (T[])gTh.Clone(), deltasS = new T[Streams * 2 * n];
            TraceKernels.AccumulateScaledUnitContractionsUnchecked<T>(gNu, gTh, dy, f, deltas, tr, Streams);
            System.Numerics.Tensors.TensorPrimitives.Multiply<T>(dy, f, deltasS);
            TraceKernels.AccumulateUnitContractionsUnchecked<T>(gNuS, gThS, deltasS, tr, Streams);
            SameBits(deltasS, deltas, $"delta n={n}"); SameBits(gNuS, gNu, $"gNu n={n}"); SameBits(gThS, gTh, $"gTheta n={n}");
        }
    }

    [TestMethod] public void RowPairsFloat() => RowPairs<float>();
    [TestMethod] public void RowPairsDouble() => RowPairs<double>();

    /// <summary>
    /// The fused trace update + contraction two rows per pass (and an odd last row) and/or on 512-bit vectors = one row per
    /// pass on Vector&lt;T&gt;, bit for bit; 4w is a whole number of 512-bit vectors (the plain-loop pair paths), 3w + 1 runs one
    /// 512-bit vector, one Vector&lt;T&gt; and a scalar lane.
    /// </summary>
    private static void RowPairs<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in new[] { 1, Vector<T>.Count + 3, 3 * Vector<T>.Count + 1, 4 * Vector<T>.Count, 37 })
            foreach (int rows in new[] { 1, 2, 5 })
            foreach (var (pairs, wide) in new[] { (true, false), (false, true), (true, true) })
            {
                int size = rows * n;
                T[] g = Random<T>(n, 1, 0.3, 0.9), phi = Random<T>(n, 2, -0.4, 0.4), eta = Random<T>(n, 3, 0.2, 1);
                T[] f1 = Random<T>(n, 4, 0.5, 1), f2 = Random<T>(n, 5, 0.5, 1), d1 = Random<T>(n, 6), d2 = Random<T>(n, 7), x = Random<T>(rows, 8);
                T[][] one = Enumerable.Range(0, 6).Select(j => Random<T>(size, 10 + j)).ToArray();
                T[][] two = one.Select(a => (T[])a.Clone()).ToArray();
                TraceKernels.UpdateTiedAndContractUnchecked<T>(one[0], one[1], g, phi, eta, x, one[4], one[5], d1, d2, rowPairs: false, wide: false);
                TraceKernels.UpdateTiedAndContractUnchecked<T>(two[0], two[1], g, phi, eta, x, two[4], two[5], d1, d2, rowPairs: pairs, wide: wide);
                TraceKernels.UpdateFourAndContractUnchecked<T>(one[0], one[1], one[2], one[3], g, phi, eta, f1, f2, x, one[4], one[5], d1, d2, rowPairs: false, wide: false);
                TraceKernels.UpdateFourAndContractUnchecked<T>(two[0], two[1], two[2], two[3], g, phi, eta, f1, f2, x, two[4], two[5], d1, d2, rowPairs: pairs, wide: wide);
                for (int j = 0; j < 6; j++) Identical(one[j], two[j], $"block {j} n={n} rows={rows} pairs={pairs} wide={wide}");
            }
    }

    [TestMethod] public void ProjectWideFloat() => ProjectWide<float>();
    [TestMethod] public void ProjectWideDouble() => ProjectWide<double>();

    /// <summary>The projection with 512-bit vectors (where accelerated) = with Vector&lt;T&gt;, bit for bit (zero inputs included).</summary>
    private static void ProjectWide<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int d = 5;
        foreach (int n in new[] { 1, Vector<T>.Count + 3, 3 * Vector<T>.Count + 1, 4 * Vector<T>.Count, 37 })
        {
            T[] x = Random<T>(Streams * d, 1), w1 = Random<T>(d * n, 2), w2 = Random<T>(d * n, 3);
            x[1] = T.Zero;
            T[] u = new T[Streams * 2 * n], uWide = new T[Streams * 2 * n];
            TraceKernels.Project<T>(x, d, w1, w2, u, wide: false);
            TraceKernels.Project<T>(x, d, w1, w2, uWide, wide: true);
            Identical(u, uWide, $"u n={n}");
        }
    }
}
