using System.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// A recurrent layer that advances <see cref="BatchSize"/> independent streams one step at a time and learns
/// online: after <see cref="Step"/>, <see cref="Backward"/> turns dL_t/dy_t into dL_t/dθ (accumulated into
/// <see cref="Parameters"/>' gradients) through the layer's whole history (RTRL) or its last T steps (T-BPTT).
/// </summary>
/// <remarks>
/// Shapes: inputs are [BatchSize × InputSize], outputs [BatchSize × OutputSize], row-major. B = 1 is the online
/// case. The gradient passed to the layer below is the immediate one (dL_t/dx_t at the current step only), as in
/// the RTU paper; the layer below therefore receives a one-step truncated gradient.
/// </remarks>
public interface IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A short description such as <c>LinearRtu(n=64) RTRL</c>.</summary>
    string Description { get; }

    /// <summary>Width of one stream's input x_t.</summary>
    int InputSize { get; }

    /// <summary>Width of one stream's output y_t.</summary>
    int OutputSize { get; }

    /// <summary>Number of independent streams advanced together.</summary>
    int BatchSize { get; }

    /// <summary>The learnable parameters and their gradient accumulators.</summary>
    ParameterSet<T> Parameters { get; }

    /// <summary>Analytic floating-point operations for one stream's step plus its learning update.</summary>
    long FlopsPerStep { get; }

    /// <summary>Advances every stream by one step and writes the outputs.</summary>
    /// <exception cref="ArgumentException">Wrong length, a NaN/∞ input, or one beyond ±√MaxValue of <typeparamref name="T"/>
    /// (about 1.8e19 for float, where its products with the weights would overflow); no state is changed then.</exception>
    void Step(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>
    /// Given dL/dy for the step just taken, accumulates dL/dθ into the parameter gradients and (when
    /// <paramref name="inputGradients"/> is not empty) writes dL/dx for that step.
    /// </summary>
    void Backward(ReadOnlySpan<T> outputGradients, Span<T> inputGradients);

    /// <summary>Resets one stream's state and traces to zero (an episode boundary).</summary>
    void ResetStream(int stream);

    /// <summary>Resets every stream.</summary>
    void ResetAllStreams();

    /// <summary>Number of scalars in one stream's carry: recurrent state plus traces or history.</summary>
    int CarrySize { get; }

    /// <summary>Copies one stream's carry (state, traces/history, step counters) out.</summary>
    void CopyCarry(int stream, Span<T> destination);

    /// <summary>Restores one stream's carry captured by <see cref="CopyCarry"/>.</summary>
    void LoadCarry(int stream, ReadOnlySpan<T> source);
}
