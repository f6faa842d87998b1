using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// One RTU step and its vector–Jacobian product, for training an RTU with (truncated) BPTT through
/// <see cref="TruncatedBpttLayer{T}"/>. Written independently of the RTRL traces: full BPTT through this core is
/// the reference the RTRL layers are checked against.
/// </summary>
public sealed class RtuCore<T> : IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _d;
    private readonly bool _nonLinear;
    private readonly Activation _f;
    private readonly bool _referenceTheta;
    private readonly RtuCoefficients<T> _coef;
    private readonly T[] _dh, _da, _du;

    /// <summary>Creates a core; <paramref name="nonLinear"/> selects the non-linear RTU.</summary>
    public RtuCore(int inputSize, RtuOptions options, bool nonLinear, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        _n = options.Units; _d = inputSize; _nonLinear = nonLinear; _f = options.Activation;
        _referenceTheta = options.ReferenceThetaGradient;
        Parameters = RtuParameters.Create<T>(_n, _d);
        RtuParameters.Initialize(Parameters, options, rng ?? new Rng(0));
        _coef = new RtuCoefficients<T>(_n);
        _dh = new T[2 * _n]; _da = new T[2 * _n]; _du = new T[2 * _n];
    }

    /// <summary>Number of complex units n.</summary>
    public int Units => _n;
    /// <summary>True for the non-linear RTU (activation inside the recurrence).</summary>
    public bool NonLinear => _nonLinear;
    /// <summary>The activation f.</summary>
    public Activation Activation => _f;

    /// <inheritdoc />
    public string Description => $"{(_nonLinear ? "NonLinearRtu" : "LinearRtu")}(n={_n}, {_f})";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int StateSize => 2 * _n;
    /// <inheritdoc />
    public int OutputSize => 2 * _n;
    /// <inheritdoc />
    public int CacheSize => _d + 6 * _n; // x | h_{t-1} | u | F
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long ForwardFlops => 4L * _n * _d + 10L * _n + 2L * _n * ActivationFunctions.FlopsPerElement(_f);
    /// <inheritdoc />
    public long BackwardFlops => 8L * _n * _d + 30L * _n;

    /// <inheritdoc />
    public void Prepare() =>
        _coef.Update(Parameters.Value(RtuParameters.NuLog), Parameters.Value(RtuParameters.ThetaLog), _referenceTheta);

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache)
    {
        int n = _n;
        x.CopyTo(cache);
        statePrev.CopyTo(cache.Slice(_d, 2 * n));
        Span<T> u = cache.Slice(_d + 2 * n, 2 * n), f = cache.Slice(_d + 4 * n, 2 * n);
        TiedTraces.Project(x, Parameters.Value(RtuParameters.W1), Parameters.Value(RtuParameters.W2), u[..n], u[n..]);
        for (int k = 0; k < n; k++)
        {
            T h1 = statePrev[k], h2 = statePrev[n + k];
            stateNext[k] = _coef.G[k] * h1 - _coef.Phi[k] * h2 + _coef.Eta[k] * u[k];
            stateNext[n + k] = _coef.G[k] * h2 + _coef.Phi[k] * h1 + _coef.Eta[k] * u[n + k];
        }
        if (_nonLinear)
        {
            ActivationFunctions.Apply(_f, stateNext, stateNext);
            ActivationFunctions.DerivativeFromOutput(_f, stateNext, f);
            stateNext.CopyTo(y);
        }
        else
        {
            ActivationFunctions.Apply(_f, stateNext, y);
            ActivationFunctions.DerivativeFromOutput(_f, y, f);
        }
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext, Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients)
    {
        int n = _n;
        ReadOnlySpan<T> x = cache[.._d], hp = cache.Slice(_d, 2 * n), u = cache.Slice(_d + 2 * n, 2 * n), f = cache.Slice(_d + 4 * n, 2 * n);
        // dL/dh_t: from later steps, plus this step's output (through f for the linear RTU).
        dStateNext.CopyTo(_dh);
        if (!dy.IsEmpty)
            for (int j = 0; j < 2 * n; j++) _dh[j] += _nonLinear ? dy[j] : dy[j] * f[j];
        // dL/da: through f for the non-linear RTU.
        for (int j = 0; j < 2 * n; j++) _da[j] = _nonLinear ? _dh[j] * f[j] : _dh[j];

        var ps = Parameters;
        Span<T> gNu = parameterGradients.Slice(ps.Segment(RtuParameters.NuLog).Offset, n);
        Span<T> gTh = parameterGradients.Slice(ps.Segment(RtuParameters.ThetaLog).Offset, n);
        var w1Seg = ps.Segment(RtuParameters.W1); var w2Seg = ps.Segment(RtuParameters.W2);
        Span<T> gW1 = parameterGradients.Slice(w1Seg.Offset, w1Seg.Length), gW2 = parameterGradients.Slice(w2Seg.Offset, w2Seg.Length);
        for (int k = 0; k < n; k++)
        {
            T da1 = _da[k], da2 = _da[n + k], h1 = hp[k], h2 = hp[n + k];
            // a1 = g h1 − φ h2 + η u1,  a2 = g h2 + φ h1 + η u2.
            T dg = da1 * h1 + da2 * h2;
            T dphi = -da1 * h2 + da2 * h1;
            T deta = da1 * u[k] + da2 * u[n + k];
            gNu[k] += dg * _coef.DgDnu[k] + dphi * _coef.DphiDnu[k] + deta * _coef.DetaDnu[k];
            gTh[k] += dg * _coef.DgDtheta[k] + dphi * _coef.DphiDtheta[k];
            dStatePrev[k] = _coef.G[k] * da1 + _coef.Phi[k] * da2;
            dStatePrev[n + k] = -_coef.Phi[k] * da1 + _coef.G[k] * da2;
            _du[k] = _coef.Eta[k] * da1;
            _du[n + k] = _coef.Eta[k] * da2;
        }
        Span<T> du1 = _du.AsSpan(0, n), du2 = _du.AsSpan(n, n);
        for (int i = 0; i < _d; i++)
        {
            if (x[i] == T.Zero) continue;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(du1, x[i], gW1.Slice(i * n, n), gW1.Slice(i * n, n));
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(du2, x[i], gW2.Slice(i * n, n), gW2.Slice(i * n, n));
        }
        if (!dx.IsEmpty)
            TiedTraces.InputGradient(ps.Value(RtuParameters.W1), ps.Value(RtuParameters.W2), du1, du2, dx);
    }
}
