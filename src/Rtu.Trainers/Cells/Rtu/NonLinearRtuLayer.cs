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

    private protected override void UpdateWeightTraces(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2)
    {
        int n = N, dn = D * N;
        Span<T> s11 = traces[..dn], s21 = traces.Slice(dn, dn), s12 = traces.Slice(2 * dn, dn), s22 = traces.Slice(3 * dn, dn);
        // One row per pass: a two-row variant (g, φ, η, F1, F2 loaded once per row pair, 8 trace streams) was measured
        // 2–4× slower on large layers (n = 1024, d = 256, B = 1: 343–392 µs against 174–195 µs).
        for (int i = 0; i < D; i++)
        {
            int o = i * n;
            TraceKernels.UpdateFour(s11.Slice(o, n), s21.Slice(o, n), s12.Slice(o, n), s22.Slice(o, n),
                Coef.G, Coef.Phi, Coef.Eta, f1, f2, x[i]);
        }
    }

    private protected override void AccumulateWeightGradients(ReadOnlySpan<T> traces, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2)
    {
        // Row blocks outer, streams inner: the dW rows of a block stay in cache while every stream adds to them.
        int n = N, dn = D * N, size = 4 * dn, rows = TiedTraces.RowsPerBlock(n);
        for (int i0 = 0; i0 < D; i0 += rows)
        {
            int i1 = Math.Min(D, i0 + rows);
            for (int b = 0; b < B; b++)
            {
                ReadOnlySpan<T> tr = traces.Slice(b * size, size);
                ReadOnlySpan<T> s11 = tr[..dn], s21 = tr.Slice(dn, dn), s12 = tr.Slice(2 * dn, dn), s22 = tr.Slice(3 * dn, dn);
                ReadOnlySpan<T> d1 = deltas.Slice(b * 2 * n, n), d2 = deltas.Slice(b * 2 * n + n, n);
                for (int i = i0; i < i1; i++)
                {
                    int o = i * n;
                    TraceKernels.AccumulateFourContraction(gradW1.Slice(o, n), gradW2.Slice(o, n), d1, d2,
                        s11.Slice(o, n), s21.Slice(o, n), s12.Slice(o, n), s22.Slice(o, n));
                }
            }
        }
    }
}
