using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// A memoryless "cell" y = f(x·W + b) with no state, for ablations: wrapped in a <see cref="TruncatedBpttLayer{T}"/>
/// with T = 1 it plugs into every learner in place of a recurrent layer.
/// </summary>
public sealed class FeedForwardCore<T> : IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Segment names.</summary>
    public const string Weights = "w", Bias = "b";
    private readonly int _d, _m;
    private readonly Activation _f;
    private readonly T[] _dz;

    /// <summary>Creates a memoryless layer with <paramref name="units"/> outputs.</summary>
    public FeedForwardCore(int inputSize, int units, Activation activation = Activation.Relu, Rng? rng = null)
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(units, nameof(units));
        _d = inputSize; _m = units; _f = activation;
        Parameters = CreateParameters(_d, _m);
        RingInitialization.LecunNormal(rng ?? new Rng(0), _d, Parameters.Value(Weights));
        _dz = new T[_m];
    }

    /// <summary>A zero set with the layout W [d×m], b [m].</summary>
    internal static ParameterSet<T> CreateParameters(int inputSize, int units) =>
        new("memoryless", (Weights, [inputSize, units]), (Bias, [units]));

    /// <summary>The activation f.</summary>
    public Activation Activation => _f;

    /// <inheritdoc />
    public string Description => $"Memoryless(n={_m}, {_f})";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int StateSize => 0;
    /// <inheritdoc />
    public int OutputSize => _m;
    /// <inheritdoc />
    public int CacheSize => _d + _m;
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long ForwardFlops => 2L * _d * _m + _m * (1 + ActivationFunctions.FlopsPerElement(_f));
    /// <inheritdoc />
    public long BackwardFlops => 4L * _d * _m + 2L * _m;

    /// <inheritdoc />
    public void Prepare() { }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache)
    {
        DenseMath.Forward(x, Parameters.Value(Weights), Parameters.Value(Bias), y);
        ActivationFunctions.Apply(_f, y, y);
        x.CopyTo(cache);
        y.CopyTo(cache[_d..]);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext, Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients)
    {
        if (dy.IsEmpty) return;
        dy.CopyTo(_dz);
        ActivationFunctions.BackpropInPlace(_f, cache.Slice(_d, _m), _dz);
        var w = Parameters.Segment(Weights); var b = Parameters.Segment(Bias);
        DenseMath.Backward(cache[.._d], _dz, Parameters.Value(Weights), parameterGradients.Slice(w.Offset, w.Length),
            parameterGradients.Slice(b.Offset, b.Length), dx);
    }
}

/// <summary>The affine map y = x·W + b (W row-major [in × out]) and its gradients, shared by dense layers.</summary>
internal static class DenseMath
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = y.Length;
        b.CopyTo(y);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == T.Zero) continue;
            TensorPrimitives.MultiplyAdd(w.Slice(i * m, m), x[i], y, y);
        }
    }

    /// <summary>gW += xᵀ dz, gb += dz, dx = W dz (dx may be empty).</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dz, ReadOnlySpan<T> w, Span<T> gW, Span<T> gb, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = dz.Length;
        TensorPrimitives.Add(gb, dz, gb);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != T.Zero) TensorPrimitives.MultiplyAdd(dz, x[i], gW.Slice(i * m, m), gW.Slice(i * m, m));
            if (!dx.IsEmpty) dx[i] = TensorPrimitives.Dot(w.Slice(i * m, m), dz);
        }
    }
}
