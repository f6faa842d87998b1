using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Gru;

/// <summary>
/// One GRU step and its vector–Jacobian product (the GRU baseline, trained with T-BPTT).
/// Parameters: W_x [d×3n], W_h [n×3n], b [3n], column blocks (z | r | c):
/// z = σ(x W_xz + h W_hz + b_z), r = σ(x W_xr + h W_hr + b_r), c = tanh(x W_xc + (r ⊙ h) W_hc + b_c),
/// h' = (1 − z) ⊙ h + z ⊙ c, y = h'.
/// </summary>
public sealed class GruCore<T> : IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Segment names.</summary>
    public const string Wx = "w_x", Wh = "w_h", Bias = "b";
    private readonly int _n, _d;
    private readonly T[] _pre, _ga, _dh, _rh;

    /// <summary>Creates a GRU core with <paramref name="units"/> hidden units.</summary>
    public GruCore(int inputSize, int units, Rng? rng = null)
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(units, nameof(units));
        _n = units; _d = inputSize;
        Parameters = CreateParameters(_d, _n);
        rng ??= new Rng(0);
        RingInitialization.LecunNormal(rng, _d, Parameters.Value(Wx));
        RingInitialization.LecunNormal(rng, _n, Parameters.Value(Wh));
        _pre = new T[3 * _n]; _ga = new T[3 * _n]; _dh = new T[_n]; _rh = new T[_n];
    }

    /// <summary>A zero set with the GRU layout: W_x [d×3n], W_h [n×3n], b [3n].</summary>
    internal static ParameterSet<T> CreateParameters(int inputSize, int units) =>
        new("gru", (Wx, [inputSize, 3 * units]), (Wh, [units, 3 * units]), (Bias, [3 * units]));

    /// <inheritdoc />
    public string Description => $"Gru(n={_n})";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int StateSize => _n;
    /// <inheritdoc />
    public int OutputSize => _n;
    /// <inheritdoc />
    public int CacheSize => _d + 4 * _n; // x | h_{t-1} | z | r | c
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long ForwardFlops => 6L * _n * _d + 6L * _n * _n + 20L * _n;
    /// <inheritdoc />
    public long BackwardFlops => 12L * _n * _d + 12L * _n * _n + 30L * _n;

    /// <inheritdoc />
    public void Prepare() { }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache)
    {
        int n = _n, n3 = 3 * n;
        x.CopyTo(cache);
        statePrev.CopyTo(cache.Slice(_d, n));
        ReadOnlySpan<T> wx = Parameters.Value(Wx), wh = Parameters.Value(Wh);
        Parameters.Value(Bias).CopyTo(_pre);
        for (int i = 0; i < _d; i++) TensorPrimitives.MultiplyAdd(wx.Slice(i * n3, n3), x[i], _pre, _pre);
        Span<T> zr = _pre.AsSpan(0, 2 * n);
        for (int k = 0; k < n; k++) TensorPrimitives.MultiplyAdd(wh.Slice(k * n3, 2 * n), statePrev[k], zr, zr);
        Span<T> z = cache.Slice(_d + n, n), r = cache.Slice(_d + 2 * n, n), c = cache.Slice(_d + 3 * n, n);
        TensorPrimitives.Sigmoid(_pre.AsSpan(0, n), z);
        TensorPrimitives.Sigmoid(_pre.AsSpan(n, n), r);
        Span<T> pc = _pre.AsSpan(2 * n, n);
        for (int k = 0; k < n; k++) TensorPrimitives.MultiplyAdd(wh.Slice(k * n3 + 2 * n, n), r[k] * statePrev[k], pc, pc);
        TanhKernel.Apply<T>(pc, c);
        for (int k = 0; k < n; k++) stateNext[k] = (T.One - z[k]) * statePrev[k] + z[k] * c[k];
        stateNext.CopyTo(y);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext, Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients)
    {
        int n = _n, n3 = 3 * n;
        ReadOnlySpan<T> x = cache[.._d], h = cache.Slice(_d, n), z = cache.Slice(_d + n, n), r = cache.Slice(_d + 2 * n, n), c = cache.Slice(_d + 3 * n, n);
        ReadOnlySpan<T> wx = Parameters.Value(Wx), wh = Parameters.Value(Wh);
        var sx = Parameters.Segment(Wx); var sh = Parameters.Segment(Wh); var sb = Parameters.Segment(Bias);
        Span<T> gWx = parameterGradients.Slice(sx.Offset, sx.Length), gWh = parameterGradients.Slice(sh.Offset, sh.Length), gB = parameterGradients.Slice(sb.Offset, sb.Length);
        dStateNext.CopyTo(_dh);
        if (!dy.IsEmpty) TensorPrimitives.Add(_dh, dy, _dh);
        Span<T> daz = _ga.AsSpan(0, n), dar = _ga.AsSpan(n, n), dac = _ga.AsSpan(2 * n, n);
        for (int k = 0; k < n; k++)
        {
            T dhk = _dh[k];
            dStatePrev[k] = dhk * (T.One - z[k]);
            daz[k] = dhk * (c[k] - h[k]) * z[k] * (T.One - z[k]);
            dac[k] = dhk * z[k] * (T.One - c[k] * c[k]);
            _rh[k] = r[k] * h[k];
        }
        for (int k = 0; k < n; k++)
        {
            // c's pre-activation uses (r ⊙ h)·W_hc.
            T drh = TensorPrimitives.Dot(wh.Slice(k * n3 + 2 * n, n), dac);
            dar[k] = drh * h[k] * r[k] * (T.One - r[k]);
            dStatePrev[k] += drh * r[k];
            TensorPrimitives.MultiplyAdd(dac, _rh[k], gWh.Slice(k * n3 + 2 * n, n), gWh.Slice(k * n3 + 2 * n, n));
        }
        Span<T> dzr = _ga.AsSpan(0, 2 * n);
        for (int k = 0; k < n; k++)
        {
            dStatePrev[k] += TensorPrimitives.Dot(wh.Slice(k * n3, 2 * n), dzr);
            TensorPrimitives.MultiplyAdd(dzr, h[k], gWh.Slice(k * n3, 2 * n), gWh.Slice(k * n3, 2 * n));
        }
        TensorPrimitives.Add(gB, _ga, gB);
        for (int i = 0; i < _d; i++)
        {
            TensorPrimitives.MultiplyAdd(_ga, x[i], gWx.Slice(i * n3, n3), gWx.Slice(i * n3, n3));
            if (!dx.IsEmpty) dx[i] = TensorPrimitives.Dot(wx.Slice(i * n3, n3), _ga);
        }
    }
}
