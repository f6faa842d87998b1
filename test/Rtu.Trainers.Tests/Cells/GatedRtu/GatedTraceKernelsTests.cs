using System.Numerics;
using System.Runtime.InteropServices;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells.GatedRtu;

/// <summary>
/// The all-row weight-trace kernels the gated RTU layer runs (both update forms) equal the per-row, per-weight calls they replaced
/// (four <see cref="GatedTraceKernels.UpdatePair{T}"/> per row; one checked AccumulateContraction per weight and row),
/// bit for bit, signed zeros included (a zero direct term is 0·x_i, −0 for a negative input). With open units (the
/// first ones) the kernels leave those units' Wa and Wi entries untouched and every other entry as the per-row calls.
/// </summary>
[TestClass]
public sealed class GatedTraceKernelsTests
{
    private static T[] Random<T>(int length, int seed) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var a = new T[length];
        for (int i = 0; i < length; i++)
        {
            // A few exact zeros, so that j·s = ±0 and the sign of the zero direct term decides the result's sign.
            a[i] = random.Next(7) == 0 ? T.Zero : T.CreateTruncating(2 * random.NextDouble() - 1);
        }
        return a;
    }

    private static void Identical<T>(T[] expected, T[] actual, string what) where T : unmanaged
    {
        var e = MemoryMarshal.AsBytes(expected.AsSpan()); var a = MemoryMarshal.AsBytes(actual.AsSpan());
        Assert.IsTrue(e.SequenceEqual(a), $"{what}: fused kernel differs from the per-row calls");
    }

    private static IEnumerable<(int N, int D)> Shapes<T>() where T : struct =>
        [(1, 1), (3, 5), (Vector<T>.Count, 2), (Vector<T>.Count + 3, 4), (37, 3)];

    // No open units, one, and about half (the vector loop then starts off a vector boundary).
    private static IEnumerable<int> OpenCounts(int n) => new[] { 0, Math.Min(1, n - 1), n / 2 }.Distinct();

    [TestMethod] public void UpdateFloat() => Update<float>(0);
    [TestMethod] public void UpdateDouble() => Update<double>(0);
    [TestMethod] public void UpdateRowwiseFloat() => Update<float>(1);
    [TestMethod] public void UpdateRowwiseDouble() => Update<double>(1);
    [TestMethod] public void UpdateChosenFloat() => Update<float>(2);
    [TestMethod] public void UpdateChosenDouble() => Update<double>(2);
    [TestMethod] public void ContractFloat() => Contract<float>();
    [TestMethod] public void ContractDouble() => Contract<double>();

    /// <param name="form">0: all four pairs per vector, 1: pair by pair, 2: the form the layer chooses by n.</param>
    private static void Update<T>(int form) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (n, d) in Shapes<T>().Append((GatedTraceKernels.RowwiseFrom, 2)))
        foreach (int open in OpenCounts(n))
        {
            int dn = d * n, g = n - open;
            T[] traces = Random<T>(8 * dn, 1 + n), x = Random<T>(d, 2 + d), j = Random<T>(4 * n, 3), coef = Random<T>(5 * n, 4);
            x[0] = -T.One; // a negative input: the zero direct term is −0
            var expected = (T[])traces.Clone();
            var zero = new T[n];
            ReadOnlySpan<T> j11 = j.AsSpan(0, n), j12 = j.AsSpan(n, n), j21 = j.AsSpan(2 * n, n), j22 = j.AsSpan(3 * n, n);
            ReadOnlySpan<T> eg = coef.AsSpan(0, n), cA1 = coef.AsSpan(n, n), cA2 = coef.AsSpan(2 * n, n), cI1 = coef.AsSpan(3 * n, n), cI2 = coef.AsSpan(4 * n, n);
            Span<T> wt = expected;
            for (int i = 0; i < d; i++)
            {
                int o = i * n;
                GatedTraceKernels.UpdatePair(wt.Slice(o, n), wt.Slice(dn + o, n), j11, j12, j21, j22, eg, zero, x[i]);
                GatedTraceKernels.UpdatePair(wt.Slice(2 * dn + o, n), wt.Slice(3 * dn + o, n), j11, j12, j21, j22, zero, eg, x[i]);
                int og = o + open; // Wa, Wi: the gated units only
                GatedTraceKernels.UpdatePair(wt.Slice(4 * dn + og, g), wt.Slice(5 * dn + og, g), j11[open..], j12[open..], j21[open..], j22[open..], cA1[open..], cA2[open..], x[i]);
                GatedTraceKernels.UpdatePair(wt.Slice(6 * dn + og, g), wt.Slice(7 * dn + og, g), j11[open..], j12[open..], j21[open..], j22[open..], cI1[open..], cI2[open..], x[i]);
            }
            if (form == 0) GatedTraceKernels.UpdateWeightTracesUnchecked(traces, x, j, coef, n, open);
            else if (form == 1) GatedTraceKernels.UpdateWeightTracesRowwiseUnchecked(traces, x, j, coef, n, open);
            else GatedTraceKernels.UpdateWeightTraces(traces, x, j, coef, n, open);
            Identical(expected, traces, $"traces (form {form}) n={n} d={d} open={open}");
        }
    }

    private static void Contract<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (n, d) in Shapes<T>())
        foreach (int open in OpenCounts(n))
        {
            int dn = d * n;
            T[] traces = Random<T>(8 * dn, 5 + n), delta = Random<T>(2 * n, 6);
            T[][] grads = Enumerable.Range(0, 4).Select(m => Random<T>(dn, 7 + m)).ToArray();
            T[][] expected = grads.Select(g => (T[])g.Clone()).ToArray();
            for (int m = 0; m < 4; m++)
                for (int i = 0; i < d; i++)
                {
                    int from = m < 2 ? 0 : open, g = n - from; // Wa, Wi (m = 2, 3): the gated units only
                    TraceKernels.AccumulateContraction(expected[m].AsSpan(i * n + from, g), delta.AsSpan(from, g), traces.AsSpan(2 * m * dn + i * n + from, g),
                        delta.AsSpan(n + from, g), traces.AsSpan((2 * m + 1) * dn + i * n + from, g));
                }
            GatedTraceKernels.ContractWeightTracesUnchecked(grads[0], grads[1], grads[2], grads[3], delta, traces, d, n, open);
            for (int m = 0; m < 4; m++) Identical(expected[m], grads[m], $"gradient {m} n={n} d={d} open={open}");
        }
    }
}
