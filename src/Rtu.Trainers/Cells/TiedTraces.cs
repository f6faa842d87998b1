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
        Guard.Length(traces, 2 * dn, nameof(traces));
        Guard.Length(x, d, nameof(x));
        TraceKernels.UpdateTied(traces[..dn], traces.Slice(dn, dn), lambdaRe, lambdaIm, eta, x);
    }

    /// <summary>
    /// gW1 += δ1 Re e + δ2 Im e and gW2 += −δ1 Im e + δ2 Re e, with δ1 = ∂L/∂Re c, δ2 = ∂L/∂Im c (one stream).
    /// </summary>
    public static void AccumulateGradients<T>(ReadOnlySpan<T> traces, int d, int n, ReadOnlySpan<T> delta1, ReadOnlySpan<T> delta2,
        Span<T> gradW1, Span<T> gradW2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n;
        Guard.Length(traces, 2 * dn, nameof(traces));
        TraceKernels.AccumulateTiedContraction(gradW1, gradW2, delta1, delta2, traces[..dn], traces.Slice(dn, dn));
    }

    /// <summary>
    /// <see cref="AccumulateGradients{T}"/> for B streams at once: <paramref name="traces"/> holds B blocks of
    /// 2·d·n, <paramref name="stride"/> (≥ 2·d·n) apart, <paramref name="deltas"/> B blocks [δ1 | δ2] of 2n. The rows are visited in blocks small enough for the
    /// gradient rows to stay in the L1/L2 cache while every stream adds to them, so dW is read and written once per
    /// call instead of once per stream. Per element the streams are added in order b = 0, 1, …, as B separate calls would.
    /// The arguments are checked once here; the per-block kernel calls run unchecked.
    /// </summary>
    public static void AccumulateGradientsBatch<T>(ReadOnlySpan<T> traces, int stride, int d, int n, int batch, ReadOnlySpan<T> deltas,
        Span<T> gradW1, Span<T> gradW2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n, size = 2 * dn, rows = RowsPerBlock(n);
        if (stride < size || traces.Length < (batch - 1) * stride + size)
            throw new ArgumentException($"{nameof(traces)} must hold {batch} blocks of {size}, {stride} apart; got length {traces.Length}.", nameof(traces));
        Guard.Length(deltas, batch * 2 * n, nameof(deltas));
        Guard.Length(gradW1, dn, nameof(gradW1));
        Guard.Length(gradW2, dn, nameof(gradW2));
        for (int i0 = 0; i0 < d; i0 += rows)
        {
            int o = i0 * n, len = (Math.Min(d, i0 + rows) - i0) * n;
            Span<T> g1 = gradW1.Slice(o, len), g2 = gradW2.Slice(o, len);
            for (int b = 0; b < batch; b++)
                TraceKernels.AccumulateTiedContractionUnchecked(g1, g2, deltas.Slice(b * 2 * n, n), deltas.Slice(b * 2 * n + n, n),
                    traces.Slice(b * stride + o, len), traces.Slice(b * stride + dn + o, len));
        }
    }

    /// <summary>
    /// <see cref="Update{T}"/> of B streams (inputs B×d) fused with <see cref="AccumulateGradientsBatch{T}"/>: each block
    /// of rows of each stream is updated and contracted in one pass, rounded as the two separate calls. Checked once here,
    /// the per-block kernel calls run unchecked. <paramref name="wide"/>: 512-bit vectors where the hardware has them.
    /// </summary>
    public static void UpdateAndAccumulateGradientsBatch<T>(Span<T> traces, int stride, int d, int n, int batch, ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> lambdaRe, ReadOnlySpan<T> lambdaIm, ReadOnlySpan<T> eta, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2,
        bool wide = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n, size = 2 * dn, rows = RowsPerBlock(n);
        if (stride < size || traces.Length < (batch - 1) * stride + size)
            throw new ArgumentException($"{nameof(traces)} must hold {batch} blocks of {size}, {stride} apart; got length {traces.Length}.", nameof(traces));
        Guard.Length(inputs, batch * d, nameof(inputs));
        Guard.Length(lambdaRe, n, nameof(lambdaRe)); Guard.Length(lambdaIm, n, nameof(lambdaIm)); Guard.Length(eta, n, nameof(eta));
        Guard.Length(deltas, batch * 2 * n, nameof(deltas));
        Guard.Length(gradW1, dn, nameof(gradW1));
        Guard.Length(gradW2, dn, nameof(gradW2));
        bool pairs = RowPairs<T>(n);
        for (int i0 = 0; i0 < d; i0 += rows)
        {
            int r = Math.Min(d, i0 + rows) - i0, o = i0 * n, len = r * n;
            Span<T> g1 = gradW1.Slice(o, len), g2 = gradW2.Slice(o, len);
            for (int b = 0; b < batch; b++)
                TraceKernels.UpdateTiedAndContractUnchecked(traces.Slice(b * stride + o, len), traces.Slice(b * stride + dn + o, len),
                    lambdaRe, lambdaIm, eta, inputs.Slice(b * d + i0, r), g1, g2, deltas.Slice(b * 2 * n, n), deltas.Slice(b * 2 * n + n, n), pairs, wide);
        }
    }

    /// <summary>
    /// Whether the fused update + contraction runs two rows per pass (coefficients loaded once for both rows): yes unless
    /// a row of n elements is a whole multiple of 4 KiB (n = 1024 float32, 512 float64). Then the second row's loads have
    /// the same low 12 address bits as the first row's stores just before them ("4K aliasing": the core treats them as
    /// dependent), and pairs measured 1.2–1.6× slower than single rows (n = 1024, d = 64 and 256); elsewhere 1.2–1.5×
    /// faster (n = 64, 256; traces in L1, L2 or L3).
    /// </summary>
    public static bool RowPairs<T>(int n) where T : unmanaged =>
        (long)n * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() % 4096 != 0;

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
}
