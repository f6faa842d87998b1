using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>
/// Online LRU (Zucchet et al. 2023): an LRU layer trained with exact RTRL for its diagonal recurrence.
/// Traces per stream (complex): e_λ ← λ e_λ + h_{t-1}, e_γ ← λ e_γ + x·B, e_B[i,k] ← λ_k e_B[i,k] + γ_k x_i
/// (the last is the tied pair shared with the linear RTU). C is learned by ordinary backprop.
/// </summary>
/// <remarks>Corrects the reference code's bug (spec §1): the B-trace input term uses γ = e^{γ_log}, not γ_log.</remarks>
public sealed class OnlineLruLayer<T> : IRecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n, _d, _m, _b, _carry;
    private readonly LruOptions _options;
    private readonly LruCoefficients<T> _coef;
    private readonly T[] _state;  // B × 2n [re | im]
    private readonly T[] _unit;   // B × 4n [e_λ re | e_λ im | e_γ re | e_γ im]
    private readonly T[] _wTr;    // B × 2dn [e_B re | e_B im]
    private readonly T[] _out;    // B × m (post-activation, for f')
    private readonly T[] _u, _dz, _delta, _c;

    /// <summary>Creates a layer for inputs of <paramref name="inputSize"/>.</summary>
    public OnlineLruLayer(int inputSize, LruOptions options, int batchSize = 1, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(batchSize, nameof(batchSize));
        _options = options;
        _n = options.Units; _d = inputSize; _m = options.ResolvedOutputSize; _b = batchSize;
        Parameters = LruParameters.Create<T>(_n, _d, _m);
        LruParameters.Initialize(Parameters, options, rng ?? new Rng(0));
        _coef = new LruCoefficients<T>(_n);
        _state = new T[_b * 2 * _n]; _unit = new T[_b * 4 * _n]; _wTr = new T[_b * 2 * _d * _n]; _out = new T[_b * _m];
        _u = new T[2 * _n]; _dz = new T[_m]; _delta = new T[2 * _n]; _c = new T[2 * _n];
        _carry = 6 * _n + 2 * _d * _n;
    }

    /// <summary>The options this layer was built with.</summary>
    public LruOptions Options => _options;

    /// <inheritdoc />
    public string Description => $"OnlineLru(n={_n}, m={_m}, {_options.Activation}) RTRL";
    /// <inheritdoc />
    public int InputSize => _d;
    /// <inheritdoc />
    public int OutputSize => _m;
    /// <inheritdoc />
    public int BatchSize => _b;
    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }
    /// <inheritdoc />
    public long FlopsPerStep
    {
        get
        {
            long nd = (long)_n * _d, nm = (long)_n * _m;
            return 4 * nd + 20L * _n + 4 * nm + _m * ActivationFunctions.FlopsPerElement(_options.Activation) // forward
                + 8 * nd + 30L * _n                                                                            // traces
                + 8 * nd + 4 * nd + 8 * nm + 30L * _n;                                                         // gradient, dx, C
        }
    }
    /// <inheritdoc />
    public int CarrySize => _carry;

    /// <inheritdoc />
    public void Step(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        Guard.Length(inputs, _b * _d, nameof(inputs));
        Guard.Length(outputs, _b * _m, nameof(outputs));
        Guard.LayerInputs(inputs, nameof(inputs));
        _coef.Update(Parameters);
        int n = _n;
        T[] lr = _coef.LambdaRe, li = _coef.LambdaIm, ga = _coef.Gamma;
        ReadOnlySpan<T> cRe = Parameters.Value(LruParameters.CRe), cIm = Parameters.Value(LruParameters.CIm);
        for (int b = 0; b < _b; b++)
        {
            var x = inputs.Slice(b * _d, _d);
            Span<T> uRe = _u.AsSpan(0, n), uIm = _u.AsSpan(n, n);
            TiedTraces.Project(x, Parameters.Value(LruParameters.BRe), Parameters.Value(LruParameters.BIm), uRe, uIm);
            var h = _state.AsSpan(b * 2 * n, 2 * n);
            var e = _unit.AsSpan(b * 4 * n, 4 * n);
            for (int k = 0; k < n; k++)
            {
                // e_λ ← λ e_λ + h_{t-1}
                T er = e[k], ei = e[n + k];
                e[k] = lr[k] * er - li[k] * ei + h[k];
                e[n + k] = lr[k] * ei + li[k] * er + h[n + k];
                // e_γ ← λ e_γ + x·B
                er = e[2 * n + k]; ei = e[3 * n + k];
                e[2 * n + k] = lr[k] * er - li[k] * ei + uRe[k];
                e[3 * n + k] = lr[k] * ei + li[k] * er + uIm[k];
            }
            LruRecurrence.Step(h, uRe, uIm, lr, li, ga, h); // h ← λ h + γ (x·B), in place
            TiedTraces.Update(_wTr.AsSpan(b * 2 * _d * n, 2 * _d * n), _d, n, x, lr, li, ga);
            var y = _out.AsSpan(b * _m, _m);
            LruRecurrence.ProjectOut<T>(h, cRe, cIm, y);
            ActivationFunctions.Apply(_options.Activation, y, y);
            y.CopyTo(outputs.Slice(b * _m, _m));
        }
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        Guard.Length(outputGradients, _b * _m, nameof(outputGradients));
        if (!inputGradients.IsEmpty) Guard.Length(inputGradients, _b * _d, nameof(inputGradients));
        Guard.Finite(outputGradients, nameof(outputGradients));
        int n = _n, m = _m;
        var p = Parameters;
        ReadOnlySpan<T> cRe = p.Value(LruParameters.CRe), cIm = p.Value(LruParameters.CIm);
        Span<T> gCRe = p.Gradient(LruParameters.CRe), gCIm = p.Gradient(LruParameters.CIm);
        Span<T> gNu = p.Gradient(LruParameters.NuLog), gTh = p.Gradient(LruParameters.ThetaLog), gGa = p.Gradient(LruParameters.GammaLog);
        T[] lr = _coef.LambdaRe, li = _coef.LambdaIm, ga = _coef.Gamma, nu = _coef.Nu, th = _coef.Theta;
        for (int b = 0; b < _b; b++)
        {
            outputGradients.Slice(b * m, m).CopyTo(_dz);
            ActivationFunctions.BackpropInPlace(_options.Activation, _out.AsSpan(b * m, m), _dz);
            var h = _state.AsSpan(b * 2 * n, 2 * n);
            Span<T> dRe = _delta.AsSpan(0, n), dIm = _delta.AsSpan(n, n);
            LruRecurrence.BackpropOut<T>(_dz, h, cRe, cIm, gCRe, gCIm, _delta);
            var e = _unit.AsSpan(b * 4 * n, 4 * n);
            for (int k = 0; k < n; k++)
            {
                T er = e[k], ei = e[n + k];
                // ∂h/∂ν_log = e_λ · (−ν λ);  ∂h/∂θ_log = e_λ · (i θ λ).  dL/dp = δ_re Re(s) + δ_im Im(s).
                T sr = -nu[k] * (er * lr[k] - ei * li[k]), si = -nu[k] * (er * li[k] + ei * lr[k]);
                gNu[k] += dRe[k] * sr + dIm[k] * si;
                T tr = -th[k] * (er * li[k] + ei * lr[k]), ti = th[k] * (er * lr[k] - ei * li[k]);
                gTh[k] += dRe[k] * tr + dIm[k] * ti;
                gGa[k] += ga[k] * (dRe[k] * e[2 * n + k] + dIm[k] * e[3 * n + k]);
            }
            TiedTraces.AccumulateGradients(_wTr.AsSpan(b * 2 * _d * n, 2 * _d * n), _d, n, dRe, dIm,
                p.Gradient(LruParameters.BRe), p.Gradient(LruParameters.BIm));
            if (inputGradients.IsEmpty) continue;
            TensorPrimitives.Multiply(dRe, ga, _c.AsSpan(0, n));
            TensorPrimitives.Multiply(dIm, ga, _c.AsSpan(n, n));
            TiedTraces.InputGradient(p.Value(LruParameters.BRe), p.Value(LruParameters.BIm), _c.AsSpan(0, n), _c.AsSpan(n, n),
                inputGradients.Slice(b * _d, _d));
        }
    }

    /// <inheritdoc />
    public void ResetStream(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        _state.AsSpan(stream * 2 * _n, 2 * _n).Clear();
        _unit.AsSpan(stream * 4 * _n, 4 * _n).Clear();
        _wTr.AsSpan(stream * 2 * _d * _n, 2 * _d * _n).Clear();
        _out.AsSpan(stream * _m, _m).Clear();
    }

    /// <inheritdoc />
    public void ResetAllStreams()
    {
        Array.Clear(_state); Array.Clear(_unit); Array.Clear(_wTr); Array.Clear(_out);
    }

    /// <inheritdoc />
    public void CopyCarry(int stream, Span<T> destination)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(destination, _carry, nameof(destination));
        int n = _n;
        _state.AsSpan(stream * 2 * n, 2 * n).CopyTo(destination);
        _unit.AsSpan(stream * 4 * n, 4 * n).CopyTo(destination[(2 * n)..]);
        _wTr.AsSpan(stream * 2 * _d * n, 2 * _d * n).CopyTo(destination[(6 * n)..]);
    }

    /// <inheritdoc />
    public void LoadCarry(int stream, ReadOnlySpan<T> source)
    {
        Guard.Index(stream, _b, nameof(stream));
        Guard.Length(source, _carry, nameof(source));
        Guard.Finite(source, nameof(source));
        int n = _n;
        source[..(2 * n)].CopyTo(_state.AsSpan(stream * 2 * n, 2 * n));
        source.Slice(2 * n, 4 * n).CopyTo(_unit.AsSpan(stream * 4 * n, 4 * n));
        source[(6 * n)..].CopyTo(_wTr.AsSpan(stream * 2 * _d * n, 2 * _d * n));
    }
}
