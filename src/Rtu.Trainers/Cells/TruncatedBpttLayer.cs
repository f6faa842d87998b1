using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// Trains any <see cref="IRecurrentCore{T}"/> online with truncated back-propagation through time: each stream
/// keeps the caches of its last T steps, and <see cref="Backward"/> propagates dL_t/dy_t back through them
/// (O(T) per step, against RTRL's O(1) in T). With T at least the stream length this is exact full BPTT.
/// </summary>
/// <remarks>Stored activations of older steps are reused with the current parameters, as in incremental T-BPTT.</remarks>
public sealed class TruncatedBpttLayer<T> : IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentCore<T> _core;
    private readonly int _t, _b, _s, _c;
    private readonly T[] _state;   // B × S
    private readonly T[] _caches;  // B × T × C (ring)
    private readonly int[] _count, _head;
    private readonly T[] _next, _dA, _dB;

    /// <summary>Wraps <paramref name="core"/> for <paramref name="batchSize"/> streams with truncation length <paramref name="truncation"/>.</summary>
    public TruncatedBpttLayer(IRecurrentCore<T> core, int truncation, int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(core);
        Guard.Positive(truncation, nameof(truncation));
        Guard.Positive(batchSize, nameof(batchSize));
        _core = core; _t = truncation; _b = batchSize; _s = core.StateSize; _c = core.CacheSize;
        _state = new T[_b * _s];
        _caches = new T[(long)_b * _t * _c <= int.MaxValue ? _b * _t * _c : throw new ArgumentOutOfRangeException(nameof(truncation), truncation, "History buffer too large.")];
        _count = new int[_b]; _head = new int[_b];
        _next = new T[_s]; _dA = new T[_s]; _dB = new T[_s];
    }

    /// <summary>The wrapped one-step core.</summary>
    public IRecurrentCore<T> Core => _core;

    /// <summary>Truncation length T.</summary>
    public int Truncation => _t;

    /// <inheritdoc />
    public string Description => $"{_core.Description} T-BPTT(T={_t})";
    /// <inheritdoc />
    public int InputSize => _core.InputSize;
    /// <inheritdoc />
    public int OutputSize => _core.OutputSize;
    /// <inheritdoc />
    public int BatchSize => _b;
    /// <inheritdoc />
    public ParameterSet<T> Parameters => _core.Parameters;
    /// <inheritdoc />
    public long FlopsPerStep => _core.ForwardFlops + _t * _core.BackwardFlops;
    /// <inheritdoc />
    public int CarrySize => _s + _t * _c + 2;

    /// <inheritdoc />
    public void Step(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int d = _core.InputSize, m = _core.OutputSize;
        Guard.Length(inputs, _b * d, nameof(inputs));
        Guard.Length(outputs, _b * m, nameof(outputs));
        Guard.LayerInputs(inputs, nameof(inputs));
        _core.Prepare();
        for (int b = 0; b < _b; b++)
        {
            int slot = (_head[b] + 1) % _t;
            var state = _state.AsSpan(b * _s, _s);
            _core.Forward(inputs.Slice(b * d, d), state, _next, outputs.Slice(b * m, m), CacheOf(b, slot));
            _next.CopyTo(state);
            _head[b] = slot;
            if (_count[b] < _t) _count[b]++;
        }
    }

    private Span<T> CacheOf(int b, int slot) => _caches.AsSpan((b * _t + slot) * _c, _c);

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        int d = _core.InputSize, m = _core.OutputSize;
        Guard.Length(outputGradients, _b * m, nameof(outputGradients));
        if (!inputGradients.IsEmpty) Guard.Length(inputGradients, _b * d, nameof(inputGradients));
        Guard.Finite(outputGradients, nameof(outputGradients));
        var grads = _core.Parameters.Gradients.AsSpan();
        for (int b = 0; b < _b; b++)
        {
            if (_count[b] == 0) throw new InvalidOperationException($"Backward on stream {b} before any Step since its reset.");
            Span<T> dNext = _dA, dPrev = _dB;
            dNext.Clear();
            for (int j = 0; j < _count[b]; j++)
            {
                int slot = ((_head[b] - j) % _t + _t) % _t;
                ReadOnlySpan<T> dy = j == 0 ? outputGradients.Slice(b * m, m) : default;
                Span<T> dx = j == 0 && !inputGradients.IsEmpty ? inputGradients.Slice(b * d, d) : default;
                _core.Backward(CacheOf(b, slot), dy, dNext, dPrev, dx, grads);
                var tmp = dNext; dNext = dPrev; dPrev = tmp;
            }
        }
    }

    /// <inheritdoc />
    public void ResetStream(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        _state.AsSpan(stream * _s, _s).Clear();
        _count[stream] = 0; _head[stream] = 0;
    }

    /// <inheritdoc />
    public void ResetAllStreams()
    {
        Array.Clear(_state); Array.Clear(_count); Array.Clear(_head);
    }

    /// <inheritdoc />
    public void CopyCarry(int stream, Span<T> destination)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(destination, CarrySize, nameof(destination));
        _state.AsSpan(stream * _s, _s).CopyTo(destination);
        _caches.AsSpan(stream * _t * _c, _t * _c).CopyTo(destination[_s..]);
        destination[^2] = T.CreateTruncating(_count[stream]);
        destination[^1] = T.CreateTruncating(_head[stream]);
    }

    /// <inheritdoc />
    public void LoadCarry(int stream, ReadOnlySpan<T> source)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(source, CarrySize, nameof(source));
        Guard.Finite(source, nameof(source));
        int count = int.CreateTruncating(source[^2]), head = int.CreateTruncating(source[^1]);
        if (count < 0 || count > _t || head < 0 || head >= _t)
            throw new ArgumentException($"Carry counters out of range (count={count}, head={head}, T={_t}).", nameof(source));
        source[.._s].CopyTo(_state.AsSpan(stream * _s, _s));
        source.Slice(_s, _t * _c).CopyTo(_caches.AsSpan(stream * _t * _c, _t * _c));
        _count[stream] = count; _head[stream] = head;
    }
}
