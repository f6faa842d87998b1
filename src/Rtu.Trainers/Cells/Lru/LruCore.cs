using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>One LRU step and its vector–Jacobian product, for the LRU baseline trained with T-BPTT.</summary>
public sealed class LruCore<T> : IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _d, _m;
    private readonly LruOptions _options;
    private readonly LruCoefficients<T> _coef;
    private readonly T[] _dz, _dh, _du;

    /// <summary>Creates a core for inputs of <paramref name="inputSize"/>.</summary>
    public LruCore(int inputSize, LruOptions options, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        _options = options; _n = options.Units; _d = inputSize; _m = options.ResolvedOutputSize;
        Parameters = LruParameters.Create<T>(_n, _d, _m);
        LruParameters.Initialize(Parameters, options, rng ?? new Rng(0));
        _coef = new LruCoefficients<T>(_n);
        _dz = new T[_m]; _dh = new T[2 * _n]; _du = new T[2 * _n];
    }

    /// <summary>The options this core was built with.</summary>
    public LruOptions Options => _options;

    /// <inheritdoc />
    public string Description => $"Lru(n={_n}, m={_m}, {_options.Activation})";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int StateSize => 2 * _n;
    /// <inheritdoc />
    public int OutputSize => _m;
    /// <inheritdoc />
    public int CacheSize => _d + 6 * _n + _m; // x | h_{t-1} | u | h_t | y
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long ForwardFlops => 4L * _n * _d + 8L * _n + 4L * _n * _m + _m * ActivationFunctions.FlopsPerElement(_options.Activation);
    /// <inheritdoc />
    public long BackwardFlops => 8L * _n * _d + 8L * _n * _m + 30L * _n;

    private Span<T> Slice(Span<T> gradients, string name)
    {
        var s = Parameters.Segment(name);
        return gradients.Slice(s.Offset, s.Length);
    }

    /// <inheritdoc />
    public void Prepare() => _coef.Update(Parameters);

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache)
    {
        int n = _n;
        x.CopyTo(cache);
        statePrev.CopyTo(cache.Slice(_d, 2 * n));
        Span<T> u = cache.Slice(_d + 2 * n, 2 * n);
        TiedTraces.Project(x, Parameters.Value(LruParameters.BRe), Parameters.Value(LruParameters.BIm), u[..n], u[n..]);
        LruRecurrence.Step<T>(statePrev, u[..n], u[n..], _coef.LambdaRe, _coef.LambdaIm, _coef.Gamma, stateNext);
        stateNext.CopyTo(cache.Slice(_d + 4 * n, 2 * n));
        LruRecurrence.ProjectOut(stateNext, Parameters.Value(LruParameters.CRe), Parameters.Value(LruParameters.CIm), y);
        ActivationFunctions.Apply(_options.Activation, y, y);
        y.CopyTo(cache.Slice(_d + 6 * n, _m));
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext, Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients)
    {
        int n = _n, m = _m;
        var p = Parameters;
        ReadOnlySpan<T> x = cache[.._d], hp = cache.Slice(_d, 2 * n), u = cache.Slice(_d + 2 * n, 2 * n), hn = cache.Slice(_d + 4 * n, 2 * n), y = cache.Slice(_d + 6 * n, m);
        dStateNext.CopyTo(_dh);
        if (!dy.IsEmpty)
        {
            dy.CopyTo(_dz);
            ActivationFunctions.BackpropInPlace(_options.Activation, y, _dz);
            ReadOnlySpan<T> cRe = p.Value(LruParameters.CRe), cIm = p.Value(LruParameters.CIm);
            Span<T> gCRe = Slice(parameterGradients, LruParameters.CRe), gCIm = Slice(parameterGradients, LruParameters.CIm);
            LruRecurrence.BackpropOut<T>(_dz, hn, cRe, cIm, gCRe, gCIm, _du); // _du: scratch here, overwritten below
            for (int k = 0; k < 2 * n; k++) _dh[k] += _du[k];
        }
        T[] lr = _coef.LambdaRe, li = _coef.LambdaIm, ga = _coef.Gamma, nu = _coef.Nu, th = _coef.Theta;
        Span<T> gNu = Slice(parameterGradients, LruParameters.NuLog), gTh = Slice(parameterGradients, LruParameters.ThetaLog), gGa = Slice(parameterGradients, LruParameters.GammaLog);
        for (int k = 0; k < n; k++)
        {
            T dr = _dh[k], di = _dh[n + k], hr = hp[k], hi = hp[n + k];
            // h'_re = λr h_re − λi h_im + γ u_re;  h'_im = λr h_im + λi h_re + γ u_im
            T dLr = dr * hr + di * hi, dLi = -dr * hi + di * hr;
            gNu[k] += dLr * (-nu[k] * lr[k]) + dLi * (-nu[k] * li[k]);
            gTh[k] += dLr * (-th[k] * li[k]) + dLi * (th[k] * lr[k]);
            gGa[k] += ga[k] * (dr * u[k] + di * u[n + k]);
            dStatePrev[k] = lr[k] * dr + li[k] * di;
            dStatePrev[n + k] = -li[k] * dr + lr[k] * di;
            _du[k] = ga[k] * dr; _du[n + k] = ga[k] * di;
        }
        Span<T> gBRe = Slice(parameterGradients, LruParameters.BRe), gBIm = Slice(parameterGradients, LruParameters.BIm);
        for (int i = 0; i < _d; i++)
        {
            if (x[i] == T.Zero) continue;
            TensorPrimitives.MultiplyAdd(_du.AsSpan(0, n), x[i], gBRe.Slice(i * n, n), gBRe.Slice(i * n, n));
            TensorPrimitives.MultiplyAdd(_du.AsSpan(n, n), x[i], gBIm.Slice(i * n, n), gBIm.Slice(i * n, n));
        }
        if (!dx.IsEmpty)
            TiedTraces.InputGradient(p.Value(LruParameters.BRe), p.Value(LruParameters.BIm), _du.AsSpan(0, n), _du.AsSpan(n, n), dx);
    }
}
