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
        for (int i = 0; i < D; i++)
        {
            int o = i * n;
            TraceKernels.UpdateFour(s11.Slice(o, n), s21.Slice(o, n), s12.Slice(o, n), s22.Slice(o, n),
                Coef.G, Coef.Phi, Coef.Eta, f1, f2, x[i]);
        }
    }

    private protected override void AccumulateWeightGradients(ReadOnlySpan<T> traces, ReadOnlySpan<T> delta1, ReadOnlySpan<T> delta2,
        Span<T> gradW1, Span<T> gradW2)
    {
        int n = N, dn = D * N;
        ReadOnlySpan<T> s11 = traces[..dn], s21 = traces.Slice(dn, dn), s12 = traces.Slice(2 * dn, dn), s22 = traces.Slice(3 * dn, dn);
        for (int i = 0; i < D; i++)
        {
            int o = i * n;
            TraceKernels.AccumulateContraction(gradW1.Slice(o, n), delta1, s11.Slice(o, n), delta2, s21.Slice(o, n));
            TraceKernels.AccumulateContraction(gradW2.Slice(o, n), delta1, s12.Slice(o, n), delta2, s22.Slice(o, n));
        }
    }
}
