using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The inputs, label and forecast mapping of the ES-RNN-style RTU member (<see cref="SeasonalRatioRtu"/>), defined once:
/// the series de-seasonalised and normalised by the level of the pool's learned Holt–Winters member, as in Smyl's
/// M4-winning ES-RNN (exponential smoothing carries level and season, the recurrent network the residual pattern).
/// Not thread-safe; one per series.
/// </summary>
/// <remarks>
/// <para>With g = log for a multiplicative season (positive series) and the identity for an additive one, row t's
/// de-seasonalised value is u_t = g(y_t) − g(s_t), s_t the seasonal state y_t was forecast with (before the update with
/// y_t), and L_t = g(ℓ_t) is the level after that update.</para>
/// <para>Inputs x_t (width <see cref="InputSize"/>): the window u_t − L_t, …, u_{t−Lags+1} − L_t, i.e.
/// g(y_{t−k}/(ℓ_t·s_{t−k})): the last values de-seasonalised and divided by the current level (ES-RNN's input window;
/// standardised with normaliser feature <see cref="DeviationFeature"/>).</para>
/// <para>Label: the ratio r_t = u_t − L_{t−1} = g(y_t/(ℓ_{t−1}·s_t)) of the value to the level before it and its season
/// (feature <see cref="RatioFeature"/>). Output 1 predicts r_{t+1}, so ŷ_{t+1} = g⁻¹(L_t + r̂ + g(s_{t+1})); the learner's
/// output h predicts r_{t+1} + … + r_{t+h}, and the h-step forecast applies the difference of outputs h and h − 1
/// (the h-th ratio r̂_h) to the level it refers to, ℓ_{t+h−1}, as the smoothing forecasts it (the pool passes
/// ℓ_t + (φ + … + φ^{h−1})·b_t): ŷ_{t+h} = g⁻¹(g(ℓ̂_{t+h−1}) + r̂_h + g(s_{t+h})). Carrying the smoothing's trend
/// there took the six-step MASE (seasonal series, against seasonal naive) from 0.5612 to 0.5534 on the development
/// bench and from 0.6348 to 0.6326 on the held-out set (without the member: 0.5631, 0.6334).</para>
/// <para>Rows whose value is missing (or before the season is initialised) are not recorded: this member's clock runs
/// on observed values. A change of g (the series stops being positive) restarts the window.</para>
/// </remarks>
public sealed class SeasonalRatioFeatures
{
    /// <summary>Values in the input window.</summary>
    public const int Lags = 4;

    /// <summary>Normaliser feature of the label r (the ratio of a value to the previous level and its season).</summary>
    public const int RatioFeature = 0;

    /// <summary>Normaliser feature of the window's deviations u − L.</summary>
    public const int DeviationFeature = 1;

    /// <summary>Normaliser features.</summary>
    public const int NormalizerSize = 2;

    /// <summary>Width of the learner's input.</summary>
    public const int InputSize = Lags;

    private readonly double[] _u = new double[Lags];   // u_{t−k} ring
    private long _count;                                // values recorded since the last restart
    private double _level = double.NaN;                 // L_t
    private bool _multiplicative;

    /// <summary>Whether g is the logarithm (a multiplicative season).</summary>
    public bool Multiplicative => _multiplicative;

    /// <summary>Values recorded since the last restart.</summary>
    public long Count => _count;

    /// <summary>The level L_t = g(ℓ_t) (NaN before the first value).</summary>
    public double Level => _level;

    /// <summary>g(x): log x for a multiplicative season (NaN unless x &gt; 0), else x.</summary>
    public static double Transform(double x, bool multiplicative) => !multiplicative ? x : x > 0 ? Math.Log(x) : double.NaN;

    /// <summary>
    /// Records y_t with the seasonal state s_t it was forecast with and the level ℓ_t after its update; false (nothing
    /// recorded) where g is undefined. <paramref name="ratio"/> receives the label r_t = u_t − L_{t−1} (NaN for the first
    /// value since the last restart).
    /// </summary>
    public bool Record(double value, double season, double level, bool multiplicative, out double ratio)
    {
        if (multiplicative != _multiplicative) { Reset(); _multiplicative = multiplicative; }
        ratio = double.NaN;
        double u = Transform(value, multiplicative) - Transform(season, multiplicative);
        double l = Transform(level, multiplicative);
        if (!double.IsFinite(u) || !double.IsFinite(l)) return false;
        if (_count > 0) ratio = u - _level;
        _u[(int)(_count % Lags)] = u;
        _count++;
        _level = l;
        return true;
    }

    /// <summary>The raw deviation u_{t−k} − L_t (NaN: not seen yet).</summary>
    public double Deviation(int k) => k < _count ? _u[(int)((_count - 1 - k) % Lags)] - _level : double.NaN;

    /// <summary>x_t after <see cref="Record"/>: the deviations u_{t−k} − L_t standardised with <paramref name="normalizer"/> (not seen yet → 0).</summary>
    public void WriteInputs(RunningNormalizer normalizer, Span<float> inputs)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        if (inputs.Length != InputSize) throw new ArgumentException($"inputs must hold {InputSize} values, got {inputs.Length}.", nameof(inputs));
        for (int k = 0; k < Lags; k++) inputs[k] = normalizer.Normalize(DeviationFeature, Deviation(k));
    }

    /// <summary>
    /// ŷ = g⁻¹(L + <paramref name="ratio"/> + g(<paramref name="season"/>)): a forecast ratio (in g units) applied to a
    /// level and the target's seasonal state; L = g(<paramref name="level"/>), or L_t where that is NaN or undefined.
    /// </summary>
    public double Forecast(double ratio, double season, double level = double.NaN)
    {
        double l = Transform(level, _multiplicative);
        double g = (double.IsFinite(l) ? l : _level) + ratio + Transform(season, _multiplicative);
        return _multiplicative ? Math.Exp(Math.Min(g, 700)) : g;
    }

    /// <summary>Moves the window by a level shift: L and every u change by <paramref name="delta"/> (in g units; not finite: restart).</summary>
    public void Shift(double delta)
    {
        if (!double.IsFinite(delta)) { Reset(); return; }
        for (int i = 0; i < _u.Length; i++) _u[i] += delta;
        _level += delta;
    }

    /// <summary>Forgets the window.</summary>
    public void Reset()
    {
        Array.Clear(_u);
        _count = 0; _level = double.NaN;
    }

    internal void Save(BinaryWriter w)
    {
        BinaryRuns.Write<double>(w, _u);
        w.Write(_count); w.Write(_level); w.Write(_multiplicative);
    }

    internal void Load(BinaryReader r)
    {
        BinaryRuns.Read<double>(r, _u);
        _count = r.ReadInt64(); _level = r.ReadDouble(); _multiplicative = r.ReadBoolean();
        if (_count < 0 || (_count > 0 && !double.IsFinite(_level)) || _u.Any(v => !double.IsFinite(v)))
            throw new InvalidDataException("Stored seasonal-ratio window is invalid.");
    }
}
