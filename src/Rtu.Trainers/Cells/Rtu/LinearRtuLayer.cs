using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// Linear RTU trained with exact RTRL: linear recurrence h = a, output y = f([h1, h2]).
/// Because c = h1 + i h2 is holomorphic in W1 + i W2, the four input-weight traces are tied
/// (S12 = −S21, S22 = S11; spec §2), so only S11 and S21 are kept: 2·d·n per stream instead of 4·d·n.
/// </summary>
public sealed class LinearRtuLayer<T> : RtuLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a layer of <see cref="RtuOptions.Units"/> units for inputs of <paramref name="inputSize"/>.</summary>
    public LinearRtuLayer(int inputSize, RtuOptions options, int batchSize = 1, Rng? rng = null)
        : base(inputSize, options, batchSize, rng ?? new Rng(0))
    {
    }

    /// <inheritdoc />
    public override string Description => $"LinearRtu(n={N}, {Options.Activation}) RTRL";

    /// <inheritdoc />
    protected override int WeightTraceCount => 2;

    /// <inheritdoc />
    protected override bool NonLinearRecurrence => false;

    private protected override void UpdateWeightTraces(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2) =>
        TiedTraces.Update(traces, D, N, x, Coef.G, Coef.Phi, Coef.Eta);

    // dL/dW1 = δ1 S11 + δ2 S21;  dL/dW2 = δ1 S12 + δ2 S22 = −δ1 S21 + δ2 S11.
    private protected override void AccumulateWeightGradients(ReadOnlySpan<T> traces, int stride, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2) =>
        TiedTraces.AccumulateGradientsBatch(traces, stride, D, N, B, deltas, gradW1, gradW2);

    private protected override void UpdateAndAccumulateWeightGradients(Span<T> traces, int stride, ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> derivatives, ReadOnlySpan<T> deltas, Span<T> gradW1, Span<T> gradW2) =>
        TiedTraces.UpdateAndAccumulateGradientsBatch(traces, stride, D, N, B, inputs, Coef.G, Coef.Phi, Coef.Eta, deltas, gradW1, gradW2, WideVectors);
}
