using System.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// One step of a recurrent cell as a pure function h_t, y_t = F(x_t, h_{t-1}; θ) with its vector–Jacobian product.
/// <see cref="TruncatedBpttLayer{T}"/> turns any core into a layer trained by truncated back-propagation through
/// time; full BPTT (T ≥ the stream length) is the reference the RTRL layers are tested against.
/// </summary>
public interface IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A short name such as <c>Gru(n=32)</c>.</summary>
    string Description { get; }

    /// <summary>Width of x_t.</summary>
    int InputSize { get; }

    /// <summary>Width of the carried state h_t (0 for a memoryless core).</summary>
    int StateSize { get; }

    /// <summary>Width of y_t.</summary>
    int OutputSize { get; }

    /// <summary>Scalars the forward pass stores per step for the backward pass.</summary>
    int CacheSize { get; }

    /// <summary>The learnable parameters.</summary>
    ParameterSet<T> Parameters { get; }

    /// <summary>FLOPs of one forward step.</summary>
    long ForwardFlops { get; }

    /// <summary>FLOPs of one backward step.</summary>
    long BackwardFlops { get; }

    /// <summary>Recomputes quantities derived from the parameters (call once per step, before Forward).</summary>
    void Prepare();

    /// <summary>One forward step for one stream.</summary>
    void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache);

    /// <summary>
    /// Vector–Jacobian product of one step: given dL/dy_t (may be empty: no loss on this step's output) and
    /// dL/dh_t from later steps, accumulates dL/dθ into <paramref name="parameterGradients"/>, writes dL/dh_{t-1}
    /// and (when not empty) dL/dx_t.
    /// </summary>
    void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext,
        Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients);
}
