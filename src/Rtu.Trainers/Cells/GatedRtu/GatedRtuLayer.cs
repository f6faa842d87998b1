using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// Gated RTU trained with exact RTRL (docs/GATED_RTU.md): a complex-diagonal recurrence
/// h_t = λ_t ⊙ h_{t−1} + √(1 − |λ_t|²) ⊙ i_t ⊙ (x_t·(W1 + iW2)) with an input-dependent decay
/// λ_t = exp(c·(−a_t·ν + i·a_φ,t·θ)) (Griffin's RG-LRU, complex) and input gate i_t; the gates see x_t and the unit's own
/// previous energy e = |h_{t−1}|² (as log(1 + e)), the phase gate a_φ only a share q = Qν/(Qν + θ) of the decay gate's
/// feedback (version 3; a_φ = a in version 2), so
/// ∂h_t/∂h_{t−1} is a 2×2 block per unit and the sensitivity traces stay element-wise: O(n·d) per step.
/// Output y = f([h1, h2]).
/// </summary>
/// <remarks>
/// Per-stream memory: state 2n, traces of the six n-vector parameters 12n, traces of the four d×n weights 8·d·n.
/// Step and Backward allocate nothing.
/// </remarks>
public sealed class GatedRtuLayer<T> : IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int UnitTraceCount = 6, WeightCount = 4;
    private const double OpenGate = 40; // an open unit's gate pre-activations: σ(40) = 1 in float64
    private readonly int _n, _d, _b, _wTraceSize;
    private readonly double _c;
    private readonly double[] _nu, _theta;       // ν = e^{ν_log}, θ = e^{θ_log}, once per step
    private readonly double[] _pa, _pi, _dpa, _dpi; // bounded feedback weights p = p_max·tanh(p_raw) and ∂p/∂p_raw
    private readonly double[] _q, _dq;           // version 3: the phase gate's feedback share q and q(1 − q)
    private readonly T[] _state;                 // B × 2n: [h1 | h2]
    private readonly T[] _unitTraces;            // B × 12n: per n-vector parameter p, [S1 | S2]
    private readonly T[] _weightTraces;          // B × 8dn: per d×n parameter, [S1 | S2] (each d×n, row-major)
    private readonly T[] _backCoef;              // B × 5n: [η·i | ∂h/∂z_a (2) | ∂h/∂z_i (2)] for Backward's dx
    private readonly T[] _derivatives;           // B × 2n: f'(y)
    private readonly T[] _u, _z, _delta;         // B × 2n: x·[W1 W2], x·[Wa Wi], δ
    private readonly T[] _j, _a, _dxc;           // 4n, 2n, 4n scratch
    private readonly GatedRtuGates _gates;       // per-stream float64 gate scratch

    /// <summary>Creates a layer of <see cref="GatedRtuOptions.Units"/> units for inputs of <paramref name="inputSize"/>.</summary>
    public GatedRtuLayer(int inputSize, GatedRtuOptions options, int batchSize = 1, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(batchSize, nameof(batchSize));
        Options = options;
        _n = options.Units; _d = inputSize; _b = batchSize; _c = options.GateScale;
        Parameters = P.Create<T>(_n, _d, options.PhaseReadsState, options.OpenUnits(_n));
        P.Initialize(Parameters, options, rng ?? new Rng(0));
        _wTraceSize = 2 * WeightCount * _d * _n;
        _nu = new double[_n]; _theta = new double[_n];
        _pa = new double[_n]; _pi = new double[_n]; _dpa = new double[_n]; _dpi = new double[_n];
        _q = new double[_n]; _dq = new double[_n];
        _state = new T[_b * 2 * _n];
        _unitTraces = new T[_b * 2 * UnitTraceCount * _n];
        _weightTraces = new T[_b * _wTraceSize];
        _backCoef = new T[_b * 5 * _n];
        _derivatives = new T[_b * 2 * _n];
        _u = new T[_b * 2 * _n]; _z = new T[_b * 2 * _n]; _delta = new T[_b * 2 * _n];
        _j = new T[4 * _n]; _a = new T[2 * _n]; _dxc = new T[4 * _n];
        _gates = new GatedRtuGates(_n);
    }

    /// <summary>The options this layer was built with.</summary>
    public GatedRtuOptions Options { get; }

    /// <summary>Number of complex units n.</summary>
    public int Units => _n;

    /// <inheritdoc />
    public string Description => $"GatedRtu(n={_n}{OpenDescription(P.OpenUnits(Parameters, Options))}, {Options.Activation}{(Options.StateFeedback ? "" : ", x-only gates")}) RTRL";

    internal static string OpenDescription(int open) => open > 0 ? $", {open} open" : "";

    /// <inheritdoc />
    public int InputSize => _d;

    /// <inheritdoc />
    public int OutputSize => 2 * _n;

    /// <inheritdoc />
    public int BatchSize => _b;

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <inheritdoc />
    public long FlopsPerStep
    {
        get
        {
            long nd = (long)_n * _d;
            // 120 per unit: the gates, λ_t, η and the partials (version 3's phase gate σ(z_φ) and its P^φ terms ≈ 30 of it).
            long forward = 8 * nd + 120L * _n + 2L * _n * ActivationFunctions.FlopsPerElement(Options.Activation);
            long traces = WeightCount * 12 * nd + UnitTraceCount * 12L * _n;
            long backward = WeightCount * 4 * nd + 8 * nd + UnitTraceCount * 4L * _n + 12L * _n;
            return forward + traces + backward;
        }
    }

    /// <inheritdoc />
    public int CarrySize => 2 * _n + 2 * UnitTraceCount * _n + _wTraceSize;

    /// <summary>One stream's state [h1 | h2] (read-only view).</summary>
    public ReadOnlySpan<T> State(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        return _state.AsSpan(stream * 2 * _n, 2 * _n);
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        Guard.Length(inputs, _b * _d, nameof(inputs));
        Guard.Length(outputs, _b * 2 * _n, nameof(outputs));
        Guard.LayerInputs(inputs, nameof(inputs));
        ReadOnlySpan<T> nuLog = Parameters.Value(P.NuLog), thetaLog = Parameters.Value(P.ThetaLog);
        for (int k = 0; k < _n; k++)
        {
            _nu[k] = Math.Exp(double.CreateTruncating(nuLog[k]));
            _theta[k] = Math.Exp(double.CreateTruncating(thetaLog[k]));
        }
        ReadOnlySpan<T> paRaw = Parameters.Value(P.Pa), piRaw = Parameters.Value(P.Pi);
        double limit = Options.FeedbackLimit;
        for (int k = 0; k < _n; k++)
        {
            _pa[k] = GatedRtuUnit.BoundedFeedback(double.CreateTruncating(paRaw[k]), limit, out _dpa[k]);
            _pi[k] = GatedRtuUnit.BoundedFeedback(double.CreateTruncating(piRaw[k]), limit, out _dpi[k]);
            _q[k] = GatedRtuUnit.PhaseFeedbackShare(double.CreateTruncating(nuLog[k]), double.CreateTruncating(thetaLog[k]), Options.PhaseFeedbackRatio, out _dq[k]);
        }
        TraceKernels.Project(inputs, _d, Parameters.Value(P.W1), Parameters.Value(P.W2), _u);
        TraceKernels.Project(inputs, _d, Parameters.Value(P.Wa), Parameters.Value(P.Wi), _z);
        for (int b = 0; b < _b; b++)
        {
            StepStream(inputs.Slice(b * _d, _d), b);
            var h = _state.AsSpan(b * 2 * _n, 2 * _n);
            var y = outputs.Slice(b * 2 * _n, 2 * _n);
            ActivationFunctions.Apply(Options.Activation, h, y);
            ActivationFunctions.DerivativeFromOutput(Options.Activation, y, _derivatives.AsSpan(b * 2 * _n, 2 * _n));
        }
    }

    private void StepStream(ReadOnlySpan<T> x, int b)
    {
        int n = _n;
        Span<T> h = _state.AsSpan(b * 2 * n, 2 * n);
        ReadOnlySpan<T> u = _u.AsSpan(b * 2 * n, 2 * n), z = _z.AsSpan(b * 2 * n, 2 * n);
        ReadOnlySpan<T> ba = Parameters.Value(P.Ba), bi = Parameters.Value(P.Bi);
        double[] pa = _pa, pi = _pi;
        Span<T> tr = _unitTraces.AsSpan(b * 2 * UnitTraceCount * n, 2 * UnitTraceCount * n);
        Span<T> coef = _backCoef.AsSpan(b * 5 * n, 5 * n);
        Span<T> j11 = _j.AsSpan(0, n), j12 = _j.AsSpan(n, n), j21 = _j.AsSpan(2 * n, n), j22 = _j.AsSpan(3 * n, n);
        double[] zA = _gates.ZA, zI = _gates.ZI, zP = _gates.ZP, logEnergy = _gates.LogEnergy;
        // Version 2 (an old file): the phase follows the full decay gate; version 3: the gate without the state feedback.
        bool version2 = P.PhaseReadsState(Parameters);
        int open = P.OpenUnits(Parameters, Options);
        for (int k = 0; k < n; k++)
        {
            double h1 = double.CreateTruncating(h[k]), h2 = double.CreateTruncating(h[n + k]), e = h1 * h1 + h2 * h2;
            double es = Math.Log(1 + e); // log(1 + e): the gates' sensitivity to the state stays bounded
            logEnergy[k] = es; // reused by the unit loop below (one Math.Log per unit, not two)
            double zx = double.CreateTruncating(z[k]) + double.CreateTruncating(ba[k]);
            zP[k] = zx + _q[k] * pa[k] * es;
            zA[k] = zx + pa[k] * es;
            zI[k] = double.CreateTruncating(z[n + k]) + double.CreateTruncating(bi[k]) + pi[k] * es;
            // An open unit (version 4): σ(40) = 1/(1 + 4e-18) = 1 exactly for all three gates and their slopes a(1 − a) are 0,
            // so the unit is the linear RTU's, its gate parameters get no gradient and its J is the plain rotation–scaling
            // block. (Not +∞: the vectorised exp takes a slower special-value path for a vector holding −∞, with other bits.)
            if (k < open) zP[k] = zA[k] = zI[k] = OpenGate;
        }
        _gates.Compute(_nu, _theta, _c, version2);
        double[] aP = _gates.AP;
        for (int k = 0; k < n; k++)
        {
            double h1 = double.CreateTruncating(h[k]), h2 = double.CreateTruncating(h[n + k]);
            double u1 = double.CreateTruncating(u[k]), u2 = double.CreateTruncating(u[n + k]);
            double qa = pa[k], qi = pi[k], e = h1 * h1 + h2 * h2;
            double es = logEnergy[k], dEs = 2 / (1 + e); // ∂e_s/∂h = 2h/(1 + e)
            var q = new GatedRtuUnit(_gates, k);
            double v1 = q.I * u1, v2 = q.I * u2;
            // ∂h_t/∂m and ∂h_t/∂ψ, with |λ_t| = e^{−m}, arg λ_t = ψ.
            double hm1 = -q.G * h1 + q.Phi * h2 + q.DsDm * v1, hm2 = -q.G * h2 - q.Phi * h1 + q.DsDm * v2;
            double hp1 = -q.Phi * h1 - q.G * h2, hp2 = q.G * h1 - q.Phi * h2;
            // ∂h_t/∂z_a through m (fA) and, in version 2, ψ as well; pA = ∂h_t/∂(x·Wa + b_a), which in version 3 also
            // moves the phase gate; ∂h_t/∂z_i.
            // Version 3: fA = ∂h_t/∂p_a-path = P^m + q·P^φ, and the phase gate's share q moves with ν_log and θ_log (dNu).
            double pA1, pA2, fA1, fA2, dNu1 = 0, dNu2 = 0;
            if (version2)
            {
                pA1 = fA1 = q.SlopeA * _c * (_nu[k] * hm1 + _theta[k] * hp1);
                pA2 = fA2 = q.SlopeA * _c * (_nu[k] * hm2 + _theta[k] * hp2);
            }
            else
            {
                double slopeP = aP[k] * (1 - aP[k]);
                double m1 = q.SlopeA * _c * _nu[k] * hm1, m2 = q.SlopeA * _c * _nu[k] * hm2;           // P^m = ∂h_t/∂z_a
                double f1 = slopeP * _c * _theta[k] * hp1, f2 = slopeP * _c * _theta[k] * hp2;       // P^φ = ∂h_t/∂z_φ
                pA1 = m1 + f1; pA2 = m2 + f2;
                fA1 = m1 + _q[k] * f1; fA2 = m2 + _q[k] * f2;
                double dz = qa * es * _dq[k];                                                       // ∂z_φ/∂ν_log = −∂z_φ/∂θ_log
                dNu1 = f1 * dz; dNu2 = f2 * dz;
            }
            double pI1 = q.SlopeI * q.Eta * u1, pI2 = q.SlopeI * q.Eta * u2;
            // J = ∂h_t/∂h_{t−1}: the rotation–scaling block plus the gates' dependence on e_s = log(1 + e), e = |h_{t−1}|²
            // (in version 3 only through the decay rate m: the phase gate does not read the state).
            double w1 = dEs * (fA1 * qa + pI1 * qi), w2 = dEs * (fA2 * qa + pI2 * qi);
            double a11 = q.G + w1 * h1, a12 = -q.Phi + w1 * h2;
            double a21 = q.Phi + w2 * h1, a22 = q.G + w2 * h2;

            // Unit traces S ← J S + D, D = the direct partial of h_t (order: ν, θ, b_a, p_a, b_i, p_i).
            double dn1 = q.M * hm1, dn2 = q.M * hm2, dt1 = q.Psi * hp1, dt2 = q.Psi * hp2;
            if (!version2) { dn1 += dNu1; dn2 += dNu2; dt1 -= dNu1; dt2 -= dNu2; }
            Pair(tr, 0, k, dn1, dn2);
            Pair(tr, 1, k, dt1, dt2);
            Pair(tr, 2, k, pA1, pA2);
            // p_raw: ∂z/∂p_raw = ℓ·∂p/∂p_raw (the bound's slope).
            double ea = es * _dpa[k], ei = es * _dpi[k];
            Pair(tr, 3, k, fA1 * ea, fA2 * ea);
            Pair(tr, 4, k, pI1, pI2);
            Pair(tr, 5, k, pI1 * ei, pI2 * ei);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            void Pair(Span<T> t, int p, int kk, double d1, double d2)
            {
                int o = 2 * p * n + kk;
                double s1 = double.CreateTruncating(t[o]), s2 = double.CreateTruncating(t[o + n]);
                t[o] = T.CreateTruncating(a11 * s1 + a12 * s2 + d1);
                t[o + n] = T.CreateTruncating(a21 * s1 + a22 * s2 + d2);
            }

            j11[k] = T.CreateTruncating(a11); j12[k] = T.CreateTruncating(a12);
            j21[k] = T.CreateTruncating(a21); j22[k] = T.CreateTruncating(a22);
            coef[k] = T.CreateTruncating(q.Eta * q.I);
            coef[n + k] = T.CreateTruncating(pA1); coef[2 * n + k] = T.CreateTruncating(pA2);
            coef[3 * n + k] = T.CreateTruncating(pI1); coef[4 * n + k] = T.CreateTruncating(pI2);
            _a[k] = T.CreateTruncating(q.G * h1 - q.Phi * h2 + q.Eta * v1);
            _a[n + k] = T.CreateTruncating(q.G * h2 + q.Phi * h1 + q.Eta * v2);
        }

        // Weight traces, all rows in one pass: W1 → (η·i, 0)·x_i, W2 → (0, η·i)·x_i, Wa → ∂h/∂z_a·x_i, Wi → ∂h/∂z_i·x_i.
        // An open unit's Wa and Wi traces stay 0 (its gate slopes are 0): skipped, so it costs a linear-RTU unit's trace work.
        GatedTraceKernels.UpdateWeightTraces(_weightTraces.AsSpan(b * _wTraceSize, _wTraceSize), x, _j, coef, n, open);
        _a.CopyTo(h);
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        Guard.Length(outputGradients, _b * 2 * _n, nameof(outputGradients));
        if (!inputGradients.IsEmpty) Guard.Length(inputGradients, _b * _d, nameof(inputGradients));
        Guard.Finite(outputGradients, nameof(outputGradients));
        int n = _n, open = P.OpenUnits(Parameters, Options);
        for (int b = 0; b < _b; b++)
        {
            Span<T> delta = _delta.AsSpan(b * 2 * n, 2 * n);
            TensorPrimitives.Multiply(outputGradients.Slice(b * 2 * n, 2 * n), _derivatives.AsSpan(b * 2 * n, 2 * n), delta);
            ReadOnlySpan<T> d1 = delta[..n], d2 = delta[n..];
            ReadOnlySpan<T> tr = _unitTraces.AsSpan(b * 2 * UnitTraceCount * n, 2 * UnitTraceCount * n);
            for (int p = 0; p < UnitTraceCount; p++)
            {
                // Without state feedback p_a and p_i stay 0 and get no gradient (p = 3, 5).
                if (!Options.StateFeedback && p is 3 or 5) continue;
                TraceKernels.AccumulateContraction(Parameters.Gradient(P.UnitParameters[p]), d1, tr.Slice(2 * p * n, n), d2, tr.Slice((2 * p + 1) * n, n));
            }
            GatedTraceKernels.ContractWeightTracesUnchecked(Parameters.Gradient(P.W1), Parameters.Gradient(P.W2), Parameters.Gradient(P.Wa),
                Parameters.Gradient(P.Wi), delta, _weightTraces.AsSpan(b * _wTraceSize, _wTraceSize), _d, n, open);
            if (inputGradients.IsEmpty) continue;
            // dL/dx = W1 (δ1 η i) + W2 (δ2 η i) + Wa (δ·∂h/∂z_a) + Wi (δ·∂h/∂z_i): the immediate, one-step gradient.
            ReadOnlySpan<T> coef = _backCoef.AsSpan(b * 5 * n, 5 * n);
            Span<T> c1 = _dxc.AsSpan(0, n), c2 = _dxc.AsSpan(n, n), ca = _dxc.AsSpan(2 * n, n), ci = _dxc.AsSpan(3 * n, n);
            TensorPrimitives.Multiply(d1, coef[..n], c1);
            TensorPrimitives.Multiply(d2, coef[..n], c2);
            TensorPrimitives.Multiply(d1, coef.Slice(n, n), ca);
            TensorPrimitives.MultiplyAdd(d2, coef.Slice(2 * n, n), ca, ca);
            TensorPrimitives.Multiply(d1, coef.Slice(3 * n, n), ci);
            TensorPrimitives.MultiplyAdd(d2, coef.Slice(4 * n, n), ci, ci);
            ReadOnlySpan<T> w1 = Parameters.Value(P.W1), w2 = Parameters.Value(P.W2), wa = Parameters.Value(P.Wa), wi = Parameters.Value(P.Wi);
            Span<T> dx = inputGradients.Slice(b * _d, _d);
            for (int i = 0; i < _d; i++)
            {
                int o = i * n;
                dx[i] = TensorPrimitives.Dot(w1.Slice(o, n), c1) + TensorPrimitives.Dot(w2.Slice(o, n), c2)
                      + TensorPrimitives.Dot(wa.Slice(o, n), ca) + TensorPrimitives.Dot(wi.Slice(o, n), ci);
            }
        }
    }

    /// <inheritdoc />
    public void ResetStream(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        int n = _n;
        _state.AsSpan(stream * 2 * n, 2 * n).Clear();
        _unitTraces.AsSpan(stream * 2 * UnitTraceCount * n, 2 * UnitTraceCount * n).Clear();
        _weightTraces.AsSpan(stream * _wTraceSize, _wTraceSize).Clear();
        _backCoef.AsSpan(stream * 5 * n, 5 * n).Clear();
        _derivatives.AsSpan(stream * 2 * n, 2 * n).Clear();
    }

    /// <inheritdoc />
    public void ResetAllStreams()
    {
        Array.Clear(_state); Array.Clear(_unitTraces); Array.Clear(_weightTraces); Array.Clear(_backCoef); Array.Clear(_derivatives);
    }

    /// <inheritdoc />
    public void CopyCarry(int stream, Span<T> destination)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(destination, CarrySize, nameof(destination));
        int n = _n, u = 2 * UnitTraceCount * n;
        _state.AsSpan(stream * 2 * n, 2 * n).CopyTo(destination);
        _unitTraces.AsSpan(stream * u, u).CopyTo(destination[(2 * n)..]);
        _weightTraces.AsSpan(stream * _wTraceSize, _wTraceSize).CopyTo(destination[(2 * n + u)..]);
    }

    /// <inheritdoc />
    public void LoadCarry(int stream, ReadOnlySpan<T> source)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(source, CarrySize, nameof(source));
        Guard.Finite(source, nameof(source));
        int n = _n, u = 2 * UnitTraceCount * n;
        source[..(2 * n)].CopyTo(_state.AsSpan(stream * 2 * n, 2 * n));
        source.Slice(2 * n, u).CopyTo(_unitTraces.AsSpan(stream * u, u));
        source[(2 * n + u)..].CopyTo(_weightTraces.AsSpan(stream * _wTraceSize, _wTraceSize));
    }
}
