using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// One gated-RTU step and its vector–Jacobian product, for (truncated) BPTT through <see cref="TruncatedBpttLayer{T}"/>.
/// Written as the plain reverse-mode chain rule through |λ_t| = ρ and arg λ_t = ψ, independently of the RTRL layer's
/// traces: full BPTT through this core is the reference <see cref="GatedRtuLayer{T}"/> is tested against.
/// </summary>
public sealed class GatedRtuCore<T> : IRecurrentCore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _d;
    private readonly double _c;
    private readonly double[] _nu, _theta;
    private readonly double[] _pa, _pi, _dpa, _dpi; // p = p_max·tanh(p_raw) and ∂p/∂p_raw
    private readonly double[] _q, _dq;              // version 3: the phase gate's feedback share q and q(1 − q)
    private readonly T[] _du, _dz;

    /// <summary>Creates a core with the same parameter layout and initialisation as <see cref="GatedRtuLayer{T}"/>.</summary>
    public GatedRtuCore(int inputSize, GatedRtuOptions options, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        Options = options;
        _n = options.Units; _d = inputSize; _c = options.GateScale;
        Parameters = P.Create<T>(_n, _d, options.PhaseReadsState, options.OpenUnits(_n));
        P.Initialize(Parameters, options, rng ?? new Rng(0));
        _nu = new double[_n]; _theta = new double[_n];
        _pa = new double[_n]; _pi = new double[_n]; _dpa = new double[_n]; _dpi = new double[_n];
        _q = new double[_n]; _dq = new double[_n];
        _du = new T[2 * _n]; _dz = new T[2 * _n];
    }

    /// <summary>The options this core was built with.</summary>
    public GatedRtuOptions Options { get; }

    /// <summary>Number of complex units n.</summary>
    public int Units => _n;

    /// <inheritdoc />
    public string Description => $"GatedRtu(n={_n}{GatedRtuLayer<T>.OpenDescription(P.OpenUnits(Parameters, Options))}, {Options.Activation}{(Options.StateFeedback ? "" : ", x-only gates")})";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int StateSize => 2 * _n;
    /// <inheritdoc />
    public int OutputSize => 2 * _n;
    /// <inheritdoc />
    public int CacheSize => _d + 9 * _n; // x | h_{t-1} | u = x·[W1 W2] | gates [a | i] | f'(y) | phase gate a_φ
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long ForwardFlops => 8L * _n * _d + 90L * _n + 2L * _n * ActivationFunctions.FlopsPerElement(Options.Activation);
    /// <inheritdoc />
    public long BackwardFlops => 16L * _n * _d + 60L * _n;

    /// <inheritdoc />
    public void Prepare()
    {
        ReadOnlySpan<T> nuLog = Parameters.Value(P.NuLog), thetaLog = Parameters.Value(P.ThetaLog);
        for (int k = 0; k < _n; k++)
        {
            _nu[k] = Math.Exp(double.CreateTruncating(nuLog[k]));
            _theta[k] = Math.Exp(double.CreateTruncating(thetaLog[k]));
        }
        ReadOnlySpan<T> paRaw = Parameters.Value(P.Pa), piRaw = Parameters.Value(P.Pi);
        for (int k = 0; k < _n; k++)
        {
            _pa[k] = GatedRtuUnit.BoundedFeedback(D(paRaw[k]), Options.FeedbackLimit, out _dpa[k]);
            _pi[k] = GatedRtuUnit.BoundedFeedback(D(piRaw[k]), Options.FeedbackLimit, out _dpi[k]);
            _q[k] = GatedRtuUnit.PhaseFeedbackShare(D(nuLog[k]), D(thetaLog[k]), Options.PhaseFeedbackRatio, out _dq[k]);
        }
    }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<T> x, ReadOnlySpan<T> statePrev, Span<T> stateNext, Span<T> y, Span<T> cache)
    {
        int n = _n;
        var ps = Parameters;
        x.CopyTo(cache);
        statePrev.CopyTo(cache.Slice(_d, 2 * n));
        Span<T> u = cache.Slice(_d + 2 * n, 2 * n), gates = cache.Slice(_d + 4 * n, 2 * n), f = cache.Slice(_d + 6 * n, 2 * n);
        Span<T> phaseGate = cache.Slice(_d + 8 * n, n);
        bool v2 = P.PhaseReadsState(ps);
        int open = P.OpenUnits(ps, Options);
        TiedTraces.Project(x, ps.Value(P.W1), ps.Value(P.W2), u[..n], u[n..]);
        TiedTraces.Project(x, ps.Value(P.Wa), ps.Value(P.Wi), _dz.AsSpan(0, n), _dz.AsSpan(n, n));
        ReadOnlySpan<T> ba = ps.Value(P.Ba), bi = ps.Value(P.Bi);
        for (int k = 0; k < n; k++)
        {
            double h1 = D(statePrev[k]), h2 = D(statePrev[n + k]);
            double e = h1 * h1 + h2 * h2, es = Math.Log(1 + e);
            double zX = D(_dz[k]) + D(ba[k]);
            double zA = zX + _pa[k] * es;
            double zI = D(_dz[n + k]) + D(bi[k]) + _pi[k] * es;
            double a = Sigmoid(zA), i = Sigmoid(zI), aP = v2 ? a : Sigmoid(zX + _q[k] * _pa[k] * es); // version 3: share q of the feedback
            if (k < open) a = i = aP = 1; // an open unit (version 4): the linear RTU's; the cached gates make Backward's slopes 0
            double rho = Math.Exp(-_c * a * _nu[k]);
            var (sin, cos) = Math.SinCos(_c * aP * _theta[k]);
            double eta = Eta(a, k, rho);
            stateNext[k] = T.CreateTruncating(rho * cos * h1 - rho * sin * h2 + eta * i * D(u[k]));
            stateNext[n + k] = T.CreateTruncating(rho * cos * h2 + rho * sin * h1 + eta * i * D(u[n + k]));
            gates[k] = T.CreateTruncating(a); gates[n + k] = T.CreateTruncating(i); phaseGate[k] = T.CreateTruncating(aP);
        }
        ActivationFunctions.Apply(Options.Activation, stateNext, y);
        ActivationFunctions.DerivativeFromOutput(Options.Activation, y, f);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> cache, ReadOnlySpan<T> dy, ReadOnlySpan<T> dStateNext, Span<T> dStatePrev, Span<T> dx, Span<T> parameterGradients)
    {
        int n = _n;
        var ps = Parameters;
        ReadOnlySpan<T> x = cache[.._d], hp = cache.Slice(_d, 2 * n), u = cache.Slice(_d + 2 * n, 2 * n);
        ReadOnlySpan<T> gates = cache.Slice(_d + 4 * n, 2 * n), f = cache.Slice(_d + 6 * n, 2 * n), phaseGate = cache.Slice(_d + 8 * n, n);
        bool v2 = P.PhaseReadsState(ps);
        Span<T> gNu = Slice(parameterGradients, P.NuLog), gTh = Slice(parameterGradients, P.ThetaLog);
        Span<T> gBa = Slice(parameterGradients, P.Ba), gBi = Slice(parameterGradients, P.Bi);
        Span<T> gPa = Slice(parameterGradients, P.Pa), gPi = Slice(parameterGradients, P.Pi);
        for (int k = 0; k < n; k++)
        {
            double dh1 = D(dStateNext[k]) + (dy.IsEmpty ? 0 : D(dy[k]) * D(f[k]));
            double dh2 = D(dStateNext[n + k]) + (dy.IsEmpty ? 0 : D(dy[n + k]) * D(f[n + k]));
            double h1 = D(hp[k]), h2 = D(hp[n + k]), u1 = D(u[k]), u2 = D(u[n + k]);
            double a = D(gates[k]), i = D(gates[n + k]), aP = v2 ? a : D(phaseGate[k]);
            double nu = _nu[k], theta = _theta[k];
            double rho = Math.Exp(-_c * a * nu), psi = _c * aP * theta;
            var (sin, cos) = Math.SinCos(psi);
            double eta = Eta(a, k, rho), s = eta - GatedRtuUnit.EtaEpsilon;
            // h1' = ρcosψ h1 − ρsinψ h2 + η i u1,  h2' = ρcosψ h2 + ρsinψ h1 + η i u2.
            double dCos = dh1 * h1 + dh2 * h2;                  // ∂L/∂(ρ cos ψ)
            double dSin = -dh1 * h2 + dh2 * h1;                 // ∂L/∂(ρ sin ψ)
            double dEta = i * (dh1 * u1 + dh2 * u2);
            double dI = eta * (dh1 * u1 + dh2 * u2);
            double dRho = dCos * cos + dSin * sin + (s > 0 ? dEta * (-rho / s) : 0); // η = √(1 − ρ²)
            double dPsi = rho * (-dCos * sin + dSin * cos);
            double dM = -rho * dRho;                            // ρ = e^{−m}, m = c a ν, ψ = c a_φ θ (a_φ = a in version 2)
            double e = h1 * h1 + h2 * h2, es = Math.Log(1 + e);
            // dZf: through the p_a path (z_a = x·Wa + b_a + p_a e_s and, in version 3, z_φ = x·Wa + b_a + q p_a e_s);
            // dZa: through x·Wa + b_a, which drives both gates. Version 3: q = σ(ln Q + ν_log − θ_log) also moves z_φ.
            double dZf, dZa, dShare = 0;
            if (v2) dZf = dZa = (dM * _c * nu + dPsi * _c * theta) * a * (1 - a);
            else
            {
                double dZm = dM * _c * nu * a * (1 - a), dZp = dPsi * _c * theta * aP * (1 - aP);
                dZf = dZm + _q[k] * dZp;
                dZa = dZm + dZp;
                dShare = dZp * _pa[k] * es * _dq[k];
            }
            double gradNu = dM * _c * a * nu, gradTheta = dPsi * _c * aP * theta; // ∂ν/∂ν_log = ν
            if (!v2) { gradNu += dShare; gradTheta -= dShare; }
            gNu[k] += T.CreateTruncating(gradNu);
            gTh[k] += T.CreateTruncating(gradTheta);
            double dZi = dI * i * (1 - i);
            gBa[k] += T.CreateTruncating(dZa); gBi[k] += T.CreateTruncating(dZi);
            if (Options.StateFeedback)
            {
                gPa[k] += T.CreateTruncating(dZf * es * _dpa[k]); gPi[k] += T.CreateTruncating(dZi * es * _dpi[k]);
            }
            // z_a and z_i see e_s = log(1 + e), e = h1² + h2²: ∂e_s/∂h = 2h/(1 + e).
            double dE = (_pa[k] * dZf + _pi[k] * dZi) * 2 / (1 + e);
            dStatePrev[k] = T.CreateTruncating(rho * cos * dh1 + rho * sin * dh2 + h1 * dE);
            dStatePrev[n + k] = T.CreateTruncating(-rho * sin * dh1 + rho * cos * dh2 + h2 * dE);
            _du[k] = T.CreateTruncating(eta * i * dh1); _du[n + k] = T.CreateTruncating(eta * i * dh2);
            _dz[k] = T.CreateTruncating(dZa); _dz[n + k] = T.CreateTruncating(dZi);
        }
        Span<T> gW1 = Slice(parameterGradients, P.W1), gW2 = Slice(parameterGradients, P.W2);
        Span<T> gWa = Slice(parameterGradients, P.Wa), gWi = Slice(parameterGradients, P.Wi);
        ReadOnlySpan<T> du1 = _du.AsSpan(0, n), du2 = _du.AsSpan(n, n), dza = _dz.AsSpan(0, n), dzi = _dz.AsSpan(n, n);
        for (int r = 0; r < _d; r++)
        {
            T xr = x[r];
            if (xr == T.Zero) continue;
            int o = r * n;
            TensorPrimitives.MultiplyAdd(du1, xr, gW1.Slice(o, n), gW1.Slice(o, n));
            TensorPrimitives.MultiplyAdd(du2, xr, gW2.Slice(o, n), gW2.Slice(o, n));
            TensorPrimitives.MultiplyAdd(dza, xr, gWa.Slice(o, n), gWa.Slice(o, n));
            TensorPrimitives.MultiplyAdd(dzi, xr, gWi.Slice(o, n), gWi.Slice(o, n));
        }
        if (dx.IsEmpty) return;
        ReadOnlySpan<T> w1 = ps.Value(P.W1), w2 = ps.Value(P.W2), wa = ps.Value(P.Wa), wi = ps.Value(P.Wi);
        for (int r = 0; r < _d; r++)
        {
            int o = r * n;
            dx[r] = TensorPrimitives.Dot(w1.Slice(o, n), du1) + TensorPrimitives.Dot(w2.Slice(o, n), du2)
                  + TensorPrimitives.Dot(wa.Slice(o, n), dza) + TensorPrimitives.Dot(wi.Slice(o, n), dzi);
        }
    }

    private Span<T> Slice(Span<T> all, string name)
    {
        var s = Parameters.Segment(name);
        return all.Slice(s.Offset, s.Length);
    }

    private double Eta(double a, int k, double rho) =>
        Math.Sqrt(RtuCoefficients<double>.OneMinusRSquared(_c * a * _nu[k], rho)) + GatedRtuUnit.EtaEpsilon;

    private static double Sigmoid(double z) => GatedRtuUnit.Sigmoid(z);

    private static double D(T v) => double.CreateTruncating(v);
}
