using System.Numerics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Layers;

/// <summary>
/// A fully connected layer y = f(x·W + b), W [in × out] row-major, applied row by row to a batch.
/// The caller keeps the inputs and outputs of the forward pass and hands them back to <see cref="Backward"/>,
/// so the layer itself holds no per-batch state and never allocates.
/// </summary>
public sealed class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Segment names.</summary>
    public const string Weights = "w", Bias = "b";
    private readonly T[] _dz;

    /// <summary>Creates a layer with lecun-normal weights scaled by <paramref name="initScale"/> and zero bias.</summary>
    public DenseLayer(int inputSize, int outputSize, Activation activation, Rng rng, double initScale = 1.0, string name = "dense")
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(outputSize, nameof(outputSize));
        ArgumentNullException.ThrowIfNull(rng);
        InputSize = inputSize; OutputSize = outputSize; Activation = activation;
        Parameters = new ParameterSet<T>(name, (Weights, [inputSize, outputSize]), (Bias, [outputSize]));
        var w = Parameters.Value(Weights);
        RingInitialization.LecunNormal(rng, inputSize, w);
        if (initScale != 1.0) for (int i = 0; i < w.Length; i++) w[i] *= T.CreateTruncating(initScale);
        _dz = new T[outputSize];
    }

    private DenseLayer(int inputSize, int outputSize, Activation activation, string name)
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(outputSize, nameof(outputSize));
        InputSize = inputSize; OutputSize = outputSize; Activation = activation;
        Parameters = new ParameterSet<T>(name, (Weights, [inputSize, outputSize]), (Bias, [outputSize]));
        _dz = new T[outputSize];
    }

    /// <summary>
    /// A linear layer (identity activation) with zero weights and bias: an untrained head whose first predictions are 0,
    /// as the online learners' value and forecast heads start.
    /// </summary>
    public static DenseLayer<T> Zeros(int inputSize, int outputSize, string name = "dense") => new(inputSize, outputSize, Activation.Identity, name);

    /// <summary>Input width.</summary>
    public int InputSize { get; }
    /// <summary>Output width.</summary>
    public int OutputSize { get; }
    /// <summary>The activation f.</summary>
    public Activation Activation { get; }
    /// <summary>W and b with gradients.</summary>
    public ParameterSet<T> Parameters { get; }
    /// <summary>FLOPs per row, forward and backward.</summary>
    public long FlopsPerRow => 6L * InputSize * OutputSize + 4L * OutputSize;

    /// <summary>y = f(x·W + b) for <c>x.Length / InputSize</c> rows.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y)
    {
        int rows = CheckRows(x, y);
        ReadOnlySpan<T> w = Parameters.Value(Weights), b = Parameters.Value(Bias);
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * OutputSize, OutputSize);
            DenseMath.Forward(x.Slice(r * InputSize, InputSize), w, b, yr);
            ActivationFunctions.Apply(Activation, yr, yr);
        }
    }

    /// <summary>Accumulates gradients for dL/dy and writes dL/dx (may be empty), given the forward's x and y.</summary>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        int rows = CheckRows(x, y);
        Guard.Length(dy, y.Length, nameof(dy));
        if (!dx.IsEmpty) Guard.Length(dx, x.Length, nameof(dx));
        ReadOnlySpan<T> w = Parameters.Value(Weights);
        Span<T> gW = Parameters.Gradient(Weights), gb = Parameters.Gradient(Bias);
        for (int r = 0; r < rows; r++)
        {
            dy.Slice(r * OutputSize, OutputSize).CopyTo(_dz);
            ActivationFunctions.BackpropInPlace(Activation, y.Slice(r * OutputSize, OutputSize), _dz);
            DenseMath.Backward(x.Slice(r * InputSize, InputSize), _dz, w, gW, gb, dx.IsEmpty ? default : dx.Slice(r * InputSize, InputSize));
        }
    }

    private int CheckRows(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
    {
        if (x.Length % InputSize != 0 || x.Length == 0)
            throw new ArgumentException($"x length {x.Length} is not a positive multiple of the input size {InputSize}.", nameof(x));
        int rows = x.Length / InputSize;
        if (y.Length != rows * OutputSize)
            throw new ArgumentException($"y must have length {rows * OutputSize} for {rows} rows, got {y.Length}.", nameof(y));
        return rows;
    }
}
