using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The effect of a forecaster's exogenous columns on its series, regressed out before the forecast pool and added back
/// to its forecasts ("regression with ARIMA errors", what auto.arima(xreg =) fits): y_t = e_t + u_t, the pool and its
/// members forecasting u, the adjusted series. e_t = g·Σ_{j=1..L} β_jᵀ z_{t−j}, z_s the exogenous values of row s
/// standardised by the forecaster's running normaliser (missing: 0, their mean), β_j one weight per column and lag,
/// L = min(H, max(1, 64/k)) lags for k columns and horizon H, and g ∈ [0, 1] a skill gate.
/// </summary>
/// <remarks>
/// <para>Why: the exogenous columns used to reach only the RTU, one member among some twenty; the classical members saw
/// promotion-inflated values (a seasonal member echoed a promotion a week later, smoothing jumped toward it) and a
/// correction after the pool cannot undo that. On daily sales with promotions known a day ahead (×1.7) the one-step MAE
/// was 26.6 without the column, 22.4 with it, and 14.6 with the true effect removed before the pool.</para>
/// <para>Learning: when y_t arrives (and is cleaned by the pool) the target is r_t = (u_t − c′_t) + e_t, c′_t the
/// combined one-step forecast of the adjusted series made at row t − 1 and e_t the effect subtracted from y_t: what the
/// pool did not foresee plus what the effect had already explained. β is fitted to r_t on [z_{t−1} … z_{t−L}] by
/// recursive least squares with forgetting (<see cref="Forgetting"/>) and a ridge prior (<see cref="Prior"/>); g is
/// E[r·v]/E[v²] clipped to [0, 1] over the proposals v = βᵀz made before each target was seen
/// (<see cref="SkillShrinkage"/>, as <see cref="ResidualCorrection"/> gates its correction), so a column that does not
/// help out of sample (noise) is turned down toward 0. A frozen forecaster keeps β and g.</para>
/// <para>Forecasts: ŷ_{t+1} = pool_{t+1} + e_{t+1}; for h ≥ 2 (settings layout 16, <see cref="FitsEachHorizon"/>)
/// ŷ_{t+h} = pool_{t+h} + g_h·β_hᵀ[z_t … z_{t−L+1}], each horizon with its own fit and gate: β_h is fitted (by
/// <see cref="HorizonLeastSquares"/>, one covariance for all horizons) to what the pool's h-step forecast missed,
/// r = y_{t+h} − pool_{t+h}, on the rows known when it was made, and g_h scores its proposals as g does. Why: the
/// one-step fit explains what a forecast one row ahead missed; a slowly varying column (a temperature) explains little
/// of that, much of what a forecast a day ahead misses. An outside audit's hourly load with the heating and cooling
/// degrees of the target hour as columns, 24 steps ahead: MAE 79.3 without them, 76.8 with the one-step weights applied
/// at every horizon (g·Σ_{j ≥ h} β_jᵀ z_{t+h−j}, as layouts 13–15 still do), 64.7 with each horizon fitted; the degrees of
/// the next hour six steps ahead: 61.7, 101.4, 66.2. While every value seen is ≥ 0 the final forecasts and interval
/// bounds are clipped at 0 here (the pool judges its own support on the adjusted series, which may go below 0).</para>
/// <para>Carried on (settings layout 20, <see cref="CarriesNextEffect"/>): each horizon h ≥ 2 also adds ρ_h·e_{t+1}, the
/// one-step effect on the next row carried on to row t + h by a share ρ_h ∈ [0, 1] scored as g is, on what the pool's
/// h-step forecast missed (E[r·e]/E[e²] clipped, over the effects stored at each origin), and its fit takes what is left
/// beyond that share. Why: the pool forecasts the adjusted series, from which the effect was taken out, so h steps ahead
/// the effect of a column that holds must come back from the h-step fit, which had to learn it afresh from fewer rows: a
/// price held about ten days, six steps ahead, 1.068 times the error without the column (eight synthetic seeds), where the
/// one-step effect carried on gave 0.87 of the forecast's error (a seed's diagnosis). With the share: 1.002; soil moisture
/// with the hour's rain 1.017 → 0.988; a setpoint loop 0.865 → 0.855; a promotion known a day ahead, whose effect does not
/// carry, 0.995 → 0.995 (its share stays near 0); a price changing daily 0.957 → 0.959; a column that is the season itself
/// 1.739 → 1.766 (it costs with or without the share). The one-step forecasts do not change.</para>
/// </remarks>
public sealed class ExogenousEffect
{
    /// <summary>Forgetting factor of the regression (an effective window of about 500 rows).</summary>
    public const double Forgetting = 0.998;

    /// <summary>Prior variance of each weight (a weak ridge toward 0; as the pool's autoregressions).</summary>
    public const double Prior = 10;

    /// <summary>
    /// Weights (columns × lags) to which the lags are cut: L = max(1, this / k), so with more than 64 columns each keeps one
    /// lag (k weights).
    /// </summary>
    public const int MaxWeights = 64;

    private readonly int _k, _lags, _horizon;
    private readonly double[] _ring;     // [age][column]: the last L rows' z, age 0 the newest (at _head)
    private int _head;                   // the ring row of age 0
    private readonly double[] _x;        // the stacked regressors of the next row (scratch)
    private RecursiveLeastSquares _fit;
    private SkillShrinkage _gate = new(floor: 1e-300);   // the effect is in the series' units
    private double _made = double.NaN;   // c′: the combined one-step forecast of the adjusted series made at the last row
    private bool _nonNegative = true;    // every value given since the start (or the last reset) is ≥ 0
    // Fits of each horizon h ≥ 2 (settings layout 16; null at horizon 1 or for an older file's effect): the fits, their
    // gates, and the pool's forecasts made at the last H origins ([slot][h − 1], slot = origin mod H, the origin held).
    private readonly HorizonLeastSquares? _ahead;
    private SkillShrinkage[] _aheadGates = [];
    private readonly double[] _aheadMade = [];
    private readonly long[] _madeOrigin = [];
    private long _origins;               // forecasts made so far (the origin of the last: its number)
    // Carried on (settings layout 20, with each horizon's fit; none for an older file's effect, which forecasts as it did).
    private SkillShrinkage[] _carryGates = [];   // ρ_h (h ≥ 2): the share of the next row's effect carried on to row t + h
    private readonly double[] _nextEffect = [];  // e_{t+1} as made at each of the last H origins [slot] (NaN: none)

    /// <summary>
    /// The effect of <paramref name="columns"/> exogenous columns for a forecaster of horizon <paramref name="horizon"/>, each
    /// horizon beyond the first fitted on its own errors (<see cref="FitsEachHorizon"/>).
    /// </summary>
    public ExogenousEffect(int columns, int horizon) : this(columns, horizon, fitsEachHorizon: true, carries: true) { }

    // fitsEachHorizon false: the effect of a file before settings layout 16, the one-step β's lags h … L at horizon h;
    // carries false: one before settings layout 20, which does not carry the next row's effect on.
    internal ExogenousEffect(int columns, int horizon, bool fitsEachHorizon, bool carries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _k = columns;
        _horizon = horizon;
        _lags = LagsOf(columns, horizon);
        _ring = new double[_lags * _k];
        _x = new double[_lags * _k];
        _fit = new RecursiveLeastSquares(_lags * _k, Forgetting, Prior) { Conditioned = true };
        if (!fitsEachHorizon || horizon == 1) return;
        _ahead = new HorizonLeastSquares(_lags * _k, horizon, Forgetting, Prior) { Conditioned = true };
        _aheadGates = NewGates(horizon - 1);
        _aheadMade = new double[horizon * horizon];
        _madeOrigin = new long[horizon];
        Array.Fill(_madeOrigin, -1);
        if (!carries) return;
        _carryGates = NewGates(horizon - 1);
        _nextEffect = new double[horizon];
        Array.Fill(_nextEffect, double.NaN);
    }

    private static SkillShrinkage[] NewGates(int count)
    {
        var gates = new SkillShrinkage[count];
        for (int i = 0; i < count; i++) gates[i] = new SkillShrinkage(floor: 1e-300);
        return gates;
    }

    /// <summary>L = min(H, max(1, <see cref="MaxWeights"/>/k)): the lags of each column the effect reads.</summary>
    public static int LagsOf(int columns, int horizon) => Math.Min(horizon, Math.Max(1, MaxWeights / columns));

    /// <summary>
    /// Whether the regressions keep their covariance symmetric and its variances bounded
    /// (<see cref="RecursiveLeastSquares.Conditioned"/>): true for a new effect; a forecaster sets it as its pool's fits
    /// are (<see cref="ForecastPool.ConditionsFits"/>, pool layout 39), so that an effect of an older file continues as it was.
    /// </summary>
    public bool Conditioned
    {
        get => _fit.Conditioned;
        set { _fit.Conditioned = value; if (_ahead is not null) _ahead.Conditioned = value; }
    }

    /// <summary>Exogenous columns k.</summary>
    public int Columns => _k;

    /// <summary>Lags L of each column.</summary>
    public int Lags => _lags;

    /// <summary>The skill gate g ∈ [0, 1]: the share of the fitted one-step effect that is applied.</summary>
    public double Gate => _gate.Factor;

    /// <summary>
    /// Whether each horizon h ≥ 2 has its own fit and gate (settings layout 16; false at horizon 1, and for an effect read
    /// from an older file, which applies the one-step β's lags h … L at horizon h).
    /// </summary>
    public bool FitsEachHorizon => _ahead is not null;

    /// <summary>
    /// Whether each horizon h ≥ 2 carries the next row's effect on by its share ρ_h (settings layout 20; false at horizon 1,
    /// and for an effect read from an older file, which forecasts as it did).
    /// </summary>
    public bool CarriesNextEffect => _carryGates.Length > 0;

    /// <summary>ρ_h of horizon <paramref name="h"/> ≥ 2: the share of the next row's effect carried on (0 without <see cref="CarriesNextEffect"/> or at h = 1).</summary>
    public double CarryOf(int h) => h >= 2 && h - 2 < _carryGates.Length ? _carryGates[h - 2].Factor : 0;

    /// <summary>The gate g_h of horizon <paramref name="h"/> (<see cref="Gate"/> at h = 1 or without <see cref="FitsEachHorizon"/>).</summary>
    public double GateOf(int h) => _ahead is null || h == 1 ? _gate.Factor : _aheadGates[h - 2].Factor;

    /// <summary>β_h of horizon <paramref name="h"/> ≥ 2 with <see cref="FitsEachHorizon"/>: [lag j − h][column], lag j of the rows known at the forecast.</summary>
    public ReadOnlySpan<double> WeightsOf(int h) => _ahead is null || h == 1 ? _fit.Weights : _ahead.Weights(h);

    /// <summary>β: [lag j − 1][column], in the series' units per standard deviation of the column.</summary>
    public ReadOnlySpan<double> Weights => _fit.Weights;

    /// <summary>Whether every value given since the start (or the last reset) is ≥ 0: the final forecasts are clipped at 0.</summary>
    public bool NonNegative => _nonNegative;

    /// <summary>The effect e on the next row's value (g·Σ_j β_jᵀ z_{t+1−j}): what is subtracted from it before the pool.</summary>
    public double Current => Effect(1);

    /// <summary>The effect on y_{t+h} (<paramref name="h"/> ≥ 1) from the rows known now (0 beyond the ring).</summary>
    public double Effect(int h)
    {
        if (_ahead is not null && h >= 2) StackRegressors();
        return EffectOfStacked(h, h == 1 || CarriesNextEffect ? NextRowEffect() : 0);
    }

    // Effect(h), the rows known now already in _x where each horizon has its fit (AddTo stacks them once for every
    // horizon), `next` the effect on the next row (NextRowEffect, computed once for every horizon).
    private double EffectOfStacked(int h, double next)
    {
        if (h == 1) return next;
        if (_ahead is null)
        {
            double g = _gate.Factor;
            return g == 0 ? 0 : g * Proposal(h);
        }
        // ρ_h·e_{t+1}: the share of the next row's effect carried on to row t + h (0 without CarriesNextEffect).
        double gh = _aheadGates[h - 2].Factor, rho = CarryOf(h), carried = rho == 0 ? 0 : rho * next;
        return gh == 0 ? carried : carried + gh * _ahead.Predict(h, _x);
    }

    // g·Σ_j β_jᵀ z_{t+1−j}: the effect on the next row (Effect(1), read from the ring).
    private double NextRowEffect()
    {
        double g = _gate.Factor;
        return g == 0 ? 0 : g * Proposal(1);
    }

    // The rows known now, [z_t … z_{t−L+1}], into _x; whether any is not 0.
    private bool StackRegressors()
    {
        bool any = false;
        for (int j = 1; j <= _lags; j++)
        {
            int row = Row(j - 1);
            for (int e = 0; e < _k; e++) { double z = _ring[row + e]; _x[(j - 1) * _k + e] = z; any |= z != 0; }
        }
        return any;
    }

    // Σ_{j=h..L} β_jᵀ z_{t+h−j}, the ungated proposal (z_{t+h−j} of age j − h).
    private double Proposal(int h)
    {
        var w = _fit.Weights;
        double s = 0;
        for (int j = h; j <= _lags; j++)
        {
            int row = Row(j - h);
            for (int e = 0; e < _k; e++) s += w[(j - 1) * _k + e] * _ring[row + e];
        }
        return s;
    }

    private int Row(int age) => (_head - age + _lags) % _lags * _k;

    /// <summary>Notes a value as given (finite values only): one below 0 turns off the clip at 0 until a reset.</summary>
    public void NoteValue(double value)
    {
        if (value < 0) _nonNegative = false;
    }

    /// <summary>
    /// Row t's value as the pool cleaned it, adjusted (<paramref name="adjusted"/> = u_t; NaN: missing), the effect
    /// <paramref name="effect"/> subtracted from it: with <paramref name="learn"/>, one more target r_t = u_t − c′_t + e_t
    /// for the gate and the regression. Call before <see cref="Push"/>, which moves the ring on.
    /// </summary>
    public void Learn(double adjusted, double effect, bool learn)
    {
        if (!learn) return;
        // The rows known now are the inputs of the last forecasts' origin too: P of the h-step fits moves on with them
        // whether or not this row's value is known, since its targets are the next rows'.
        bool any = StackRegressors(), known = double.IsFinite(adjusted) && double.IsFinite(effect);
        if (_ahead is not null && any) _ahead.Begin(_origins, _x);
        if (_ahead is not null && known) LearnAhead(adjusted + effect);
        if (!known || !double.IsFinite(_made)) return;
        if (!any) return;   // nothing known to regress on (the first row, or every column missing or at its mean)
        // Within the float range, target and weights: values near ±3.4e38 could otherwise take a weight past what a stored
        // effect may hold, and the forecaster restores its own snapshots from its saved bytes.
        double r = RunningNormalizer.Saturate(adjusted - _made + effect);
        if (!double.IsFinite(r)) return;
        _gate.Observe(r, _fit.Predict(_x));   // the proposal made before the target was seen
        _fit.Update(_x, r);
        _fit.ClampWeights(float.MaxValue);
    }

    // Row t's value y_t (as cleaned, the effect in it) is the target of each horizon h ≥ 2 from origin t − h: what the pool's
    // h-step forecast made then missed, r = y_t − c′_h, fitted on that origin's rows (the gate scoring the proposal first).
    private void LearnAhead(double value)
    {
        for (int h = 2; h <= _horizon; h++)
        {
            long origin = _origins - h + 1;
            if (origin < 1) break;
            int slot = (int)(origin % _horizon);
            if (_madeOrigin[slot] != origin) continue;
            double r = RunningNormalizer.Saturate(value - _aheadMade[slot * _horizon + h - 1]);
            if (!double.IsFinite(r)) continue;
            if (_carryGates.Length > 0 && double.IsFinite(_nextEffect[slot]))
            {
                // ρ_h scores the next row's effect carried on; the fit takes what is left beyond the share carried.
                var carry = _carryGates[h - 2];
                double rho = carry.Factor;
                carry.Observe(r, _nextEffect[slot]);
                r = RunningNormalizer.Saturate(r - rho * _nextEffect[slot]);
            }
            if (_ahead!.Learn(h, origin, r, out double proposal)) _aheadGates[h - 2].Observe(r, proposal);
        }
    }

    /// <summary>Row t's exogenous values, standardised with <paramref name="normalizer"/> (missing: 0): the ring moves on.</summary>
    public void Push(ReadOnlySpan<float> exogenous, RunningNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        if (exogenous.Length != _k) throw new ArgumentException($"Expected {_k} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        _head = (_head + 1) % _lags;
        int row = _head * _k;
        for (int e = 0; e < _k; e++) _ring[row + e] = normalizer.Normalize(ForecastFeatures.ExogenousFeature + e, exogenous[e]);
    }

    /// <summary>
    /// Remembers the pool's combined one-step forecast c′ of the adjusted series, then adds the effect to each horizon's
    /// forecast (saturated to the float range, NaN stays NaN) and clips them at 0 while the series is <see cref="NonNegative"/>.
    /// </summary>
    public void AddTo(Span<float> forecast)
    {
        _made = forecast.IsEmpty ? double.NaN : forecast[0];
        double next = NextRowEffect();   // the effect on the next row: each horizon's carry reads it
        if (_ahead is not null)
        {
            // The pool's h-step forecasts, the targets' baselines when their values arrive.
            if (_origins == HorizonLeastSquares.MaxOrigin) { _ahead.Forget(); Array.Fill(_madeOrigin, -1); _origins = 0; }   // never in practice: 2⁶² rows
            int slot = (int)(++_origins % _horizon);
            _madeOrigin[slot] = _origins;
            for (int h = 1; h <= _horizon; h++) _aheadMade[slot * _horizon + h - 1] = h <= forecast.Length ? forecast[h - 1] : double.NaN;
            if (_nextEffect.Length > 0) _nextEffect[slot] = RunningNormalizer.Saturate(next);
        }
        if (_ahead is not null) StackRegressors();
        for (int h = 1; h <= forecast.Length; h++)
        {
            float f = forecast[h - 1];
            if (float.IsNaN(f)) continue;
            forecast[h - 1] = (float)RunningNormalizer.Saturate(f + EffectOfStacked(h, next));
        }
        ClipToSupport(forecast);
    }

    /// <summary>Raises values below 0 to 0 while the series is <see cref="NonNegative"/> (NaN stays NaN).</summary>
    public void ClipToSupport(Span<float> values)
    {
        if (!_nonNegative) return;
        for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] = 0;
    }

    /// <summary>Takes the one-step forecast <paramref name="other"/> made (the forecast made across a held row).</summary>
    public void KeepForecastOf(ExogenousEffect other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _made = other._made;
        if (_ahead is null || other._ahead is null) return;
        other._aheadMade.CopyTo(_aheadMade, 0);
        if (_nextEffect.Length > 0 && other._nextEffect.Length > 0) other._nextEffect.CopyTo(_nextEffect, 0);
        other._madeOrigin.CopyTo(_madeOrigin, 0);
        _origins = other._origins;
    }

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones (a frozen forecaster's series
    /// changed units): β and the one-step forecast remembered are multiplied by it; the gate is unchanged.
    /// </summary>
    public void Rescale(double factor)
    {
        _fit.Rescale(factor);
        _made = RunningNormalizer.Saturate(_made * factor);
        _gate.Rescale(factor * factor);
        if (_ahead is null) return;
        _ahead.Rescale(factor);
        for (int i = 0; i < _aheadMade.Length; i++) _aheadMade[i] = RunningNormalizer.Saturate(_aheadMade[i] * factor);
        foreach (var g in _aheadGates) g.Rescale(factor * factor);
        foreach (var c in _carryGates) c.Rescale(factor * factor);
        for (int i = 0; i < _nextEffect.Length; i++) _nextEffect[i] = RunningNormalizer.Saturate(_nextEffect[i] * factor);
    }

    /// <summary>
    /// Forgets β, its regression and the gate (a learning forecaster's series changed units: its statistics on the old
    /// scale go, and the effect is re-learned from the new values, the gate keeping it out until it helps again).
    /// </summary>
    public void Restart()
    {
        _fit.Reset();
        _gate = new SkillShrinkage(floor: 1e-300);
        _made = double.NaN;
        if (_ahead is null) return;
        _ahead.Reset();
        _aheadGates = NewGates(_horizon - 1);
        Array.Fill(_madeOrigin, -1);
        if (_carryGates.Length > 0) _carryGates = NewGates(_horizon - 1);
        Array.Fill(_nextEffect, double.NaN);
    }

    /// <summary>Forgets the series (the rows known, the last forecast, its support); β and the gate are kept.</summary>
    public void Reset()
    {
        Array.Clear(_ring);
        _head = 0;
        _made = double.NaN;
        _nonNegative = true;
        _ahead?.Forget();
        Array.Fill(_madeOrigin, -1);
        Array.Clear(_aheadMade);
        Array.Fill(_nextEffect, double.NaN);
        _origins = 0;
    }

    /// <summary>A copy with the series forgotten (<see cref="Reset"/>), β and the gate as they are: for serving a frozen model.</summary>
    public ExogenousEffect FrozenCopy()
    {
        var copy = ModelBinary.Copy(Save, r => Read(r, _k, _horizon, double.MaxValue, FitsEachHorizon, CarriesNextEffect));
        copy.Conditioned = Conditioned;
        copy.Reset();
        return copy;
    }

    /// <summary>Writes the state: the lags, the ring (oldest row first), β and P, the gate, c′ and the support flag.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_lags);
        for (int age = _lags - 1; age >= 0; age--)
        {
            int row = Row(age);
            for (int e = 0; e < _k; e++) w.Write(_ring[row + e]);
        }
        _fit.Save(w);
        _gate.Save(w);
        w.Write(_made);
        w.Write(_nonNegative);
        if (_ahead is null) return;
        _ahead.Save(w);   // with each horizon's fit (settings layout 16, horizon above 1): the fits, gates, forecasts made
        foreach (var g in _aheadGates) g.Save(w);
        BinaryRuns.Write<double>(w, _aheadMade);
        BinaryRuns.Write<long>(w, _madeOrigin);
        w.Write(_origins);
        if (_carryGates.Length == 0) return;
        foreach (var c in _carryGates) c.Save(w);   // settings layout 20: the shares carried, the next rows' effects
        BinaryRuns.Write<double>(w, _nextEffect);
    }

    /// <summary>Reads what <see cref="Save"/> wrote (settings layout 16: with each horizon's fit), the regressors clamped to ±<paramref name="clip"/>.</summary>
    /// <exception cref="InvalidDataException">The lags do not match, or a value is not finite or beyond what the effect can hold.</exception>
    public static ExogenousEffect Read(BinaryReader r, int columns, int horizon, double clip = double.MaxValue) => Read(r, columns, horizon, clip, fitsEachHorizon: true, carries: true);

    /// <summary>
    /// Reads what <see cref="Save"/> wrote for <paramref name="columns"/> columns and horizon <paramref name="horizon"/>, the
    /// regressors standardised by a normaliser that clamps to ±<paramref name="clip"/>; <paramref name="fitsEachHorizon"/>
    /// false for an effect a file before settings layout 16 holds (<see cref="FitsEachHorizon"/>), and
    /// <paramref name="carries"/> false for one a file before settings layout 20 holds (<see cref="CarriesNextEffect"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The lags do not match, or a value is not finite or beyond what the effect can hold.</exception>
    public static ExogenousEffect Read(BinaryReader r, int columns, int horizon, double clip, bool fitsEachHorizon, bool carries = false)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = new ExogenousEffect(columns, horizon, fitsEachHorizon, carries);
        int lags = r.ReadInt32();
        if (lags != f._lags) throw new InvalidDataException($"Stored exogenous effect has {lags} lags; {columns} columns at horizon {horizon} have {f._lags}.");
        f._head = f._lags - 1;   // written oldest first: the last row read is age 0
        for (int i = 0; i < f._ring.Length; i++)
        {
            double z = r.ReadDouble();
            if (!double.IsFinite(z) || Math.Abs(z) > (double)(float)Math.Min(clip, float.MaxValue))   // stored as a float, the clip rounded too
                throw new InvalidDataException($"Stored exogenous effect regressor {z} is not finite or beyond the normaliser's clip ±{clip}.");
            f._ring[i] = z;
        }
        try { f._fit.Load(r); }
        catch (InvalidDataException e) { throw new InvalidDataException("Stored exogenous effect weights are not finite.", e); }
        foreach (double b in f._fit.Weights)
            if (!(Math.Abs(b) <= float.MaxValue)) throw new InvalidDataException($"Stored exogenous effect weight {b} is beyond the float range.");
        if (!f._fit.CovarianceIsValid()) throw new InvalidDataException("Stored exogenous effect covariance is invalid (not positive on its diagonal, or its trace beyond 1e12).");
        f._gate.Load(r, "exogenous effect ");
        f._made = r.ReadDouble();
        if (Math.Abs(f._made) > float.MaxValue) throw new InvalidDataException($"Stored exogenous effect forecast {f._made} is beyond the float range.");   // NaN: none yet
        f._nonNegative = r.ReadBoolean();
        if (f._ahead is null) return f;
        f._ahead.Load(r, clip);
        foreach (var g in f._aheadGates) g.Load(r, "exogenous effect's h-step ");
        BinaryRuns.Read<double>(r, f._aheadMade);
        BinaryRuns.Read<long>(r, f._madeOrigin);
        f._origins = r.ReadInt64();
        foreach (double m in f._aheadMade)
            if (Math.Abs(m) > float.MaxValue) throw new InvalidDataException($"Stored exogenous effect forecast {m} is beyond the float range.");   // NaN: none
        if (f._origins is < 0 or > HorizonLeastSquares.MaxOrigin) throw new InvalidDataException($"Stored exogenous effect's origin count {f._origins} is below 0 or beyond {HorizonLeastSquares.MaxOrigin}.");
        for (int slot = 0; slot < horizon; slot++)
        {
            long o = f._madeOrigin[slot];
            if (o != -1 && (o < 1 || o > f._origins || o % horizon != slot))
                throw new InvalidDataException($"Stored exogenous effect's forecast origin {o} is not one slot {slot} holds after {f._origins} forecasts.");
        }
        if (f._carryGates.Length == 0) return f;
        foreach (var c in f._carryGates) c.Load(r, "exogenous effect's carried ");
        BinaryRuns.Read<double>(r, f._nextEffect);
        foreach (double e in f._nextEffect)
            if (Math.Abs(e) > float.MaxValue) throw new InvalidDataException($"Stored exogenous effect carried {e} is beyond the float range.");   // NaN: none
        return f;
    }
}
