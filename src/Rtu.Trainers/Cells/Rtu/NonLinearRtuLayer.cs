using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// Non-linear RTU trained with exact RTRL: h1 = f(a1), h2 = f(a2) inside the recurrence, output y = [h1, h2].
/// The activation breaks the holomorphic tie, so all four input-weight traces (4·d·n per stream) are kept.
/// </summary>
public sealed class NonLinearRtuLayer<T> : RtuLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a layer of <see cref="RtuOptions.Units"/> units for inputs of <paramref name="inputSize"/>.</summary>
    public NonLinearRtuLayer(int inputSize, RtuOptions options, int batchSize = 1, Rng? rng = null)
        : base(inputSize, options, batchSize, rng ?? new Rng(0))
    {
    }

    /// <inheritdoc />
    public override string Description => $"NonLinearRtu(n={N}, {Options.Activation}) RTRL";

    /// <inheritdoc />
    protected override int WeightTraceCount => 4;

    /// <inheritdoc />
    protected override bool NonLinearRecurrence => true;

    // The kernels below run unchecked: every span is a slice of the layer's own buffers (lengths fixed at construction),
    // and RtuLayer checks the public arguments once per call.
    private protected override void UpdateWeightTraces(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2)
    {
        int dn = D * N;
        // One row per pass inside the kernel: a two-row variant (g, φ, η, F1, F2 loaded once per row pair, 8 trace
        // streams) was measured 2–4× slower on large layers (n = 1024, d = 256, B = 1: 343–392 µs against 174–195 µs).
        TraceKernels.UpdateFourUnchecked(traces[..dn], traces.Slice(dn, dn), traces.Slice(2 * dn, dn), traces.Slice(3 * dn, dn),
            Coef.G, Coef.Phi, Coef.Eta, f1, f2, x);
    }

    private protected override void AccumulateWeightGradients(ReadOnlySpan<T> traces, int stride, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2)
    {
        // Row blocks outer, streams inner: the dW rows of a block stay in cache while every stream adds to them.
        int n = N, dn = D * N, size = 4 * dn, rows = TiedTraces.RowsPerBlock(n);
        for (int i0 = 0; i0 < D; i0 += rows)
        {
            int o = i0 * n, len = (Math.Min(D, i0 + rows) - i0) * n;
            Span<T> g1 = gradW1.Slice(o, len), g2 = gradW2.Slice(o, len);
            for (int b = 0; b < B; b++)
            {
                ReadOnlySpan<T> tr = traces.Slice(b * stride, size);
                TraceKernels.AccumulateFourContractionUnchecked(g1, g2, deltas.Slice(b * 2 * n, n), deltas.Slice(b * 2 * n + n, n),
                    tr.Slice(o, len), tr.Slice(dn + o, len), tr.Slice(2 * dn + o, len), tr.Slice(3 * dn + o, len));
            }
        }
    }

    private protected override void UpdateAndAccumulateWeightGradients(Span<T> traces, int stride, ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> derivatives, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2)
    {
        // As AccumulateWeightGradients, each block of rows updated (UpdateWeightTraces) just before it is contracted.
        int n = N, dn = D * N, size = 4 * dn, rows = TiedTraces.RowsPerBlock(n);
        bool pairs = TiedTraces.RowPairs<T>(n);
        for (int i0 = 0; i0 < D; i0 += rows)
        {
            int r = Math.Min(D, i0 + rows) - i0, o = i0 * n, len = r * n;
            Span<T> g1 = gradW1.Slice(o, len), g2 = gradW2.Slice(o, len);
            for (int b = 0; b < B; b++)
            {
                Span<T> tr = traces.Slice(b * stride, size);
                ReadOnlySpan<T> f = derivatives.Slice(b * 2 * n, 2 * n);
                TraceKernels.UpdateFourAndContractUnchecked(tr.Slice(o, len), tr.Slice(dn + o, len), tr.Slice(2 * dn + o, len), tr.Slice(3 * dn + o, len),
                    Coef.G, Coef.Phi, Coef.Eta, f[..n], f[n..], inputs.Slice(b * D + i0, r),
                    g1, g2, deltas.Slice(b * 2 * n, n), deltas.Slice(b * 2 * n + n, n), pairs, WideVectors);
            }
        }
    }
}
