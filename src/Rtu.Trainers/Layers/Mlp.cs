using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Layers;

/// <summary>
/// A stack of <see cref="DenseLayer{T}"/>s with back-propagation. Holds activation buffers for up to
/// <see cref="MaxRows"/> rows, so forward and backward allocate nothing. With no layers it is the identity.
/// </summary>
public sealed class Mlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseLayer<T>[] _layers;
    private readonly T[][] _acts;   // acts[0] = input copy, acts[i+1] = output of layer i
    private readonly T[][] _grads;  // gradient buffers, one per activation
    private int _rows;

    /// <summary>
    /// Creates input → hidden[0] → … → hidden[^1] (→ outputSize when given) with <paramref name="hiddenActivation"/>
    /// on hidden layers and <paramref name="outputActivation"/> on the last one.
    /// </summary>
    public Mlp(int inputSize, IReadOnlyList<int> hiddenSizes, int? outputSize, Activation hiddenActivation, Activation outputActivation,
        int maxRows, Rng rng, double outputInitScale = 1.0, string name = "mlp")
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(maxRows, nameof(maxRows));
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        var sizes = new List<int> { inputSize };
        sizes.AddRange(hiddenSizes);
        if (outputSize is int o) sizes.Add(o);
        _layers = new DenseLayer<T>[sizes.Count - 1];
        for (int i = 0; i < _layers.Length; i++)
        {
            bool last = i == _layers.Length - 1;
            _layers[i] = new DenseLayer<T>(sizes[i], sizes[i + 1], last && outputSize is not null ? outputActivation : hiddenActivation, rng,
                last && outputSize is not null ? outputInitScale : 1.0, $"{name}.{i}");
        }
        InputSize = inputSize;
        OutputSize = sizes[^1];
        MaxRows = maxRows;
        _acts = sizes.Select(s => new T[s * maxRows]).ToArray();
        _grads = sizes.Select(s => new T[s * maxRows]).ToArray();
        Parameters = _layers.Select(l => l.Parameters).ToArray();
    }

    /// <summary>Input width.</summary>
    public int InputSize { get; }
    /// <summary>Output width (the input width when there are no layers).</summary>
    public int OutputSize { get; }
    /// <summary>Largest batch this instance can hold.</summary>
    public int MaxRows { get; }
    /// <summary>The layers.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;
    /// <summary>Every layer's parameters.</summary>
    public IReadOnlyList<ParameterSet<T>> Parameters { get; }
    /// <summary>FLOPs per row, forward and backward.</summary>
    public long FlopsPerRow => _layers.Sum(l => l.FlopsPerRow);

    /// <summary>Runs the stack on <c>x.Length / InputSize</c> rows and writes the output.</summary>
    public void Forward(ReadOnlySpan<T> x, Span<T> y)
    {
        if (x.Length % InputSize != 0 || x.Length == 0)
            throw new ArgumentException($"x length {x.Length} is not a positive multiple of the input size {InputSize}.", nameof(x));
        int rows = x.Length / InputSize;
        if (rows > MaxRows) throw new ArgumentException($"{rows} rows exceed this MLP's capacity of {MaxRows}.", nameof(x));
        Guard.Length(y, rows * OutputSize, nameof(y));
        _rows = rows;
        x.CopyTo(_acts[0]);
        for (int i = 0; i < _layers.Length; i++)
            _layers[i].Forward(_acts[i].AsSpan(0, rows * _layers[i].InputSize), _acts[i + 1].AsSpan(0, rows * _layers[i].OutputSize));
        _acts[^1].AsSpan(0, rows * OutputSize).CopyTo(y);
    }

    /// <summary>Back-propagates dL/dy of the last <see cref="Forward"/>; writes dL/dx when <paramref name="dx"/> is not empty.</summary>
    public void Backward(ReadOnlySpan<T> dy, Span<T> dx)
    {
        int rows = _rows;
        if (rows == 0) throw new InvalidOperationException("Backward called before Forward.");
        Guard.Length(dy, rows * OutputSize, nameof(dy));
        dy.CopyTo(_grads[^1]);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            var l = _layers[i];
            bool needDx = i > 0 || !dx.IsEmpty;
            _layers[i].Backward(_acts[i].AsSpan(0, rows * l.InputSize), _acts[i + 1].AsSpan(0, rows * l.OutputSize),
                _grads[i + 1].AsSpan(0, rows * l.OutputSize), needDx ? _grads[i].AsSpan(0, rows * l.InputSize) : default);
        }
        if (!dx.IsEmpty) _grads[0].AsSpan(0, rows * InputSize).CopyTo(dx);
    }
}
