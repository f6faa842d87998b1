using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>
/// The complex (holomorphic) input-weight trace pair shared by the linear RTU and the Online LRU:
/// for a recurrence c_t = λ ⊙ c_{t-1} + η ⊙ (x·(W1 + i W2)), the sensitivity e[i,k] = ∂c_k/∂W1[i,k] obeys
/// e ← λ e + η x_i, and ∂c_k/∂W2[i,k] = i·e. Two real d×n blocks (Re e, Im e) hold everything.
/// </summary>
internal static class TiedTraces
{
    /// <summary>e ← λ e + η x for every row (traces = [Re e | Im e], each d×n).</summary>
    /// <remarks>
    /// One row per pass: a two-row variant (g, φ, η loaded once per row pair) measured no faster at B = 1 and up to 1.3×
    /// slower at B = 32 (the non-linear four-trace analogue was 2–4× slower), so it was dropped.
    /// </remarks>
    public static void Update<T>(Span<T> traces, int d, int n, ReadOnlySpan<T> x, ReadOnlySpan<T> lambdaRe, ReadOnlySpan<T> lambdaIm, ReadOnlySpan<T> eta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n;
        Span<T> re = traces[..dn], im = traces.Slice(dn, dn);
        for (int i = 0; i < d; i++)
            TraceKernels.UpdateTied(re.Slice(i * n, n), im.Slice(i * n, n), lambdaRe, lambdaIm, eta, x[i]);
    }

    /// <summary>
    /// gW1 += δ1 Re e + δ2 Im e and gW2 += −δ1 Im e + δ2 Re e, with δ1 = ∂L/∂Re c, δ2 = ∂L/∂Im c (one stream).
    /// </summary>
    public static void AccumulateGradients<T>(ReadOnlySpan<T> traces, int d, int n, ReadOnlySpan<T> delta1, ReadOnlySpan<T> delta2,
        Span<T> gradW1, Span<T> gradW2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n;
        ReadOnlySpan<T> re = traces[..dn], im = traces.Slice(dn, dn);
        for (int i = 0; i < d; i++)
            TraceKernels.AccumulateTiedContraction(gradW1.Slice(i * n, n), gradW2.Slice(i * n, n), delta1, delta2,
                re.Slice(i * n, n), im.Slice(i * n, n));
    }

    /// <summary>
    /// <see cref="AccumulateGradients{T}"/> for B streams at once: <paramref name="traces"/> holds B blocks of
    /// 2·d·n, <paramref name="deltas"/> B blocks [δ1 | δ2] of 2n. The rows are visited in blocks small enough for the
    /// gradient rows to stay in the L1/L2 cache while every stream adds to them, so dW is read and written once per
    /// call instead of once per stream. Per element the streams are added in order b = 0, 1, …, as B separate calls would.
    /// </summary>
    public static void AccumulateGradientsBatch<T>(ReadOnlySpan<T> traces, int d, int n, int batch, ReadOnlySpan<T> deltas,
        Span<T> gradW1, Span<T> gradW2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n, size = 2 * dn, rows = RowsPerBlock(n);
        for (int i0 = 0; i0 < d; i0 += rows)
        {
            int i1 = Math.Min(d, i0 + rows);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> re = traces.Slice(b * size, dn), im = traces.Slice(b * size + dn, dn);
                ReadOnlySpan<T> d1 = deltas.Slice(b * 2 * n, n), d2 = deltas.Slice(b * 2 * n + n, n);
                for (int i = i0; i < i1; i++)
                    TraceKernels.AccumulateTiedContraction(gradW1.Slice(i * n, n), gradW2.Slice(i * n, n), d1, d2,
                        re.Slice(i * n, n), im.Slice(i * n, n));
            }
        }
    }

    /// <summary>Rows per block of the batched passes: two d×n matrices of the block take about 32 KiB of float32.</summary>
    public static int RowsPerBlock(int n) => Math.Max(1, 4096 / n);

    /// <summary>dx[i] = W1[i,:]·c1 + W2[i,:]·c2 — the immediate input gradient of a layer x·W1, x·W2.</summary>
    public static void InputGradient<T>(ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, ReadOnlySpan<T> c1, ReadOnlySpan<T> c2, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = c1.Length;
        for (int i = 0; i < dx.Length; i++)
            dx[i] = TensorPrimitives.Dot(w1.Slice(i * n, n), c1) + TensorPrimitives.Dot(w2.Slice(i * n, n), c2);
    }

    /// <summary>u1 = x·W1, u2 = x·W2 (row-vector convention, W row-major d×n).</summary>
    public static void Project<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, Span<T> u1, Span<T> u2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = u1.Length;
        u1.Clear(); u2.Clear();
        for (int i = 0; i < x.Length; i++)
        {
            T xi = x[i];
            if (xi == T.Zero) continue;
            TensorPrimitives.MultiplyAdd(w1.Slice(i * n, n), xi, u1, u1);
            TensorPrimitives.MultiplyAdd(w2.Slice(i * n, n), xi, u2, u2);
        }
    }

    /// <summary>
    /// <see cref="Project{T}"/> for B streams: <paramref name="x"/> is B×d, <paramref name="u"/> B blocks [u1 | u2] of 2n.
    /// W is visited in row blocks that stay in cache while every stream uses them, so it is read once per call
    /// instead of once per stream; per element the rows are added in the same order as <see cref="Project{T}"/>.
    /// </summary>
    public static void ProjectBatch<T>(ReadOnlySpan<T> x, int d, int batch, ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = u.Length / (2 * batch), rows = RowsPerBlock(n);
        u[..(2 * n * batch)].Clear();
        for (int i0 = 0; i0 < d; i0 += rows)
        {
            int i1 = Math.Min(d, i0 + rows);
            for (int b = 0; b < batch; b++)
            {
                Span<T> u1 = u.Slice(b * 2 * n, n), u2 = u.Slice(b * 2 * n + n, n);
                for (int i = i0; i < i1; i++)
                {
                    T xi = x[b * d + i];
                    if (xi == T.Zero) continue;
                    TensorPrimitives.MultiplyAdd(w1.Slice(i * n, n), xi, u1, u1);
                    TensorPrimitives.MultiplyAdd(w2.Slice(i * n, n), xi, u2, u2);
                }
            }
        }
    }
}
