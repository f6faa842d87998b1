namespace Rtu.Trainers.Online;

/// <summary>
/// The forecaster's inputs, defined once: the layout of the learner's input x_t and of the exported graph's raw
/// <c>obs</c> row, the history they are computed from (recent changes, the last season's values, the last observed
/// value and the gap since it), and the seasonal-naive guesses. Used by <see cref="RtuForecaster"/> (normalised inputs
/// while it learns), by the ONNX observation builder (raw rows for the exported graph) and by the exporter (which
/// normaliser statistics each <c>obs</c> column is standardised with). Not thread-safe; one per series.
/// </summary>
/// <remarks>
/// <para>Layout of x_t (width <see cref="InputSize"/>): the changes d_t … d_{t−Lags+1} (d_t = y_t − y_{t−1}); with a
/// season m &gt; 1 the change one season ago d_{t+1−m}; with <see cref="RtuForecasterSettings.IncludeLevel"/> the level
/// (the last observed value); the exogenous values. Changes and the level are standardised with normaliser features
/// <see cref="ChangeFeature"/> and <see cref="LevelFeature"/>, exogenous value e with feature <see cref="ExogenousFeature"/> + e.</para>
/// <para>The <c>obs</c> row (width <see cref="ObservationSize"/>) is x_t raw (NaN where unknown), followed, with a
/// season and H &gt; 1, by the seasonal-naive guesses e_2 … e_H that the h-step heads read. e_h = Σ_{j≤h} c_{t+j−m⌈j/m⌉},
/// the normalised changes the seasonal naive forecast assumes, clamped to ±Clip·h; it is already normalised, and the
/// graph standardises it as e_h / h (mean 0, scale h) so that its clamp to ±Clip is the same clamp.</para>
/// <para>Gaps: a missing value (NaN or ±∞) gives no change; after a gap of g rows the next change is spread as
/// (y_t − y_last)/(g + 1) over the rows it covers.</para>
/// </remarks>
public sealed class ForecastFeatures
{
    /// <summary>Normaliser feature of the change d.</summary>
    public const int ChangeFeature = 0;

    /// <summary>Normaliser feature of the level y.</summary>
    public const int LevelFeature = 1;

    /// <summary>Normaliser feature of the first exogenous value.</summary>
    public const int ExogenousFeature = 2;

    private readonly int _lags, _season, _exogenous, _horizon;
    private readonly bool _level;
    private readonly double[] _changes;   // raw d_{t−k} ring (NaN: missing), length max(Lags, m)
    private readonly double[] _levels;    // y_{t−k} ring of one season (NaN: missing)
    private long _rows;
    private double _last = double.NaN;
    private int _gap;

    /// <summary>An empty history for the layout of <paramref name="settings"/>.</summary>
    public ForecastFeatures(RtuForecasterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _lags = settings.Lags; _season = settings.SeasonLength; _level = settings.IncludeLevel;
        _exogenous = settings.ExogenousCount; _horizon = settings.Learner.Horizon;
        _changes = new double[Math.Max(1, Math.Max(_lags, _season))];
        _levels = new double[Math.Max(1, _season)];
        InputSize = InputSizeOf(settings);
        SeasonalGuessCount = _season > 1 && _horizon > 1 ? _horizon - 1 : 0;
        Reset();
    }

    /// <summary>Width of the learner's input x_t.</summary>
    public int InputSize { get; }

    /// <summary>Seasonal-naive guesses e_2 … e_H in the <c>obs</c> row (H − 1 with a season, else 0).</summary>
    public int SeasonalGuessCount { get; }

    /// <summary>Width of the exported graph's raw <c>obs</c> row: x_t, then the seasonal guesses.</summary>
    public int ObservationSize => InputSize + SeasonalGuessCount;

    /// <summary>Exogenous values per row.</summary>
    public int ExogenousCount => _exogenous;

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _horizon;

    /// <summary>Normaliser features of a forecaster with this layout: change, level, exogenous values.</summary>
    public int NormalizerSize => ExogenousFeature + _exogenous;

    /// <summary>The last observed value (NaN before the first).</summary>
    public double LastValue => _last;

    /// <summary>Rows since the last observed value (0 when the current value is observed).</summary>
    public int Gap => _gap;

    /// <summary>Rows recorded (t + 1 after row t).</summary>
    public long Rows => _rows;

    /// <summary>Width of x_t for <paramref name="settings"/>: lags, seasonal change, level, exogenous values.</summary>
    public static int InputSizeOf(RtuForecasterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Lags + (settings.SeasonLength > 1 ? 1 : 0) + (settings.IncludeLevel ? 1 : 0) + settings.ExogenousCount;
    }

    /// <summary>
    /// Records row t's value y_t (NaN or ±∞: missing) and returns its change d_t, spread over the gap since the last
    /// observed value (NaN when y_t is missing or is the first value).
    /// </summary>
    public double Record(double value)
    {
        if (!double.IsFinite(value)) value = double.NaN;
        double change = double.NaN;
        if (!double.IsNaN(value))
        {
            if (!double.IsNaN(_last)) change = (value - _last) / (_gap + 1);
            _last = value; _gap = 0;
        }
        else if (!double.IsNaN(_last)) _gap++;
        _changes[(int)(_rows % _changes.Length)] = change;
        _levels[(int)(_rows % _levels.Length)] = value;
        _rows++;
        return change;
    }

    /// <summary>x_t after <see cref="Record"/>, standardised with <paramref name="normalizer"/> (missing values → 0).</summary>
    public void WriteInputs(RunningNormalizer normalizer, ReadOnlySpan<float> exogenous, Span<float> inputs)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        Check(exogenous, inputs, InputSize, nameof(inputs));
        int i = 0;
        for (int k = 0; k < _lags; k++) inputs[i++] = NormalizedChange(normalizer, k);
        if (_season > 1) inputs[i++] = NormalizedChange(normalizer, _season - 1);
        if (_level) inputs[i++] = normalizer.Normalize(LevelFeature, _last);
        for (int e = 0; e < exogenous.Length; e++) inputs[i++] = normalizer.Normalize(ExogenousFeature + e, exogenous[e]);
    }

    /// <summary>
    /// The <c>obs</c> row after <see cref="Record"/>: x_t raw (changes NaN where unknown, the last observed value as the
    /// level, the exogenous values as given), then the seasonal guesses standardised with <paramref name="normalizer"/>.
    /// </summary>
    public void WriteObservation(RunningNormalizer normalizer, ReadOnlySpan<float> exogenous, Span<float> observation)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        Check(exogenous, observation, ObservationSize, nameof(observation));
        int i = 0;
        for (int k = 0; k < _lags; k++) observation[i++] = (float)Change(k);
        if (_season > 1) observation[i++] = (float)Change(_season - 1);
        if (_level) observation[i++] = (float)_last;
        exogenous.CopyTo(observation[i..]);
        i += exogenous.Length;
        WriteSeasonalGuesses(normalizer, observation[i..]);
    }

    /// <summary>
    /// e_h = Σ_{j≤h} c_{t+j−m⌈j/m⌉} for h = 2..H ([H − 1]) after <see cref="Record"/>: the seasonal-naive guess of the
    /// h-step head's target in normalised units, clamped to ±Clip·h; left unchanged without a season.
    /// </summary>
    public void WriteSeasonalGuesses(RunningNormalizer normalizer, Span<float> guesses)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        if (guesses.Length != Math.Max(0, _horizon - 1) && guesses.Length != SeasonalGuessCount)
            throw new ArgumentException($"guesses must hold {_horizon - 1} values, got {guesses.Length}.", nameof(guesses));
        if (_season <= 1) return;
        int m = _season, n = _changes.Length;
        double clip = normalizer.Clip;
        double sum = NormalizedChange(normalizer, m - 1);
        for (int h = 2; h <= _horizon; h++)
        {
            int back = m * ((h + m - 1) / m) - h;   // j = h: t + h − m·⌈h/m⌉ = t − back
            sum += back < n ? NormalizedChange(normalizer, back) : 0;
            guesses[h - 2] = (float)Math.Clamp(sum, -clip * h, clip * h);
        }
    }

    /// <summary>The seasonal-naive forecast of y_{t+h}, y_{t+h−m⌈h/m⌉}; NaN when that value is missing or not seen yet.</summary>
    public double SeasonalNaive(int h)
    {
        int m = _levels.Length;
        long row = _rows - 1 - (m * ((h + m - 1) / m) - h);
        return row < 0 ? double.NaN : _levels[(int)(row % m)];
    }

    /// <summary>
    /// How the graph standardises each <c>obs</c> column, from <paramref name="normalizer"/>'s statistics:
    /// x_t's columns with their feature's mean and scale, the seasonal guess e_h with mean 0 and scale h.
    /// </summary>
    public void ObservationStatistics(RunningNormalizer normalizer, Span<float> mean, Span<float> scale)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        if (mean.Length != ObservationSize || scale.Length != ObservationSize)
            throw new ArgumentException($"mean and scale must hold {ObservationSize} values.", nameof(mean));
        for (int i = 0; i < ObservationSize; i++)
        {
            int f = ObservationFeature(i);
            mean[i] = f < 0 ? 0f : (float)normalizer.Mean(f);
            scale[i] = f < 0 ? -f : (float)normalizer.Scale(f);
        }
    }

    // The normaliser feature that standardises obs column i; −h for the seasonal guess e_h (mean 0, scale h).
    private int ObservationFeature(int i)
    {
        if (i < _lags + (_season > 1 ? 1 : 0)) return ChangeFeature;
        i -= _lags + (_season > 1 ? 1 : 0);
        if (_level) { if (i == 0) return LevelFeature; i--; }
        return i < _exogenous ? ExogenousFeature + i : -(i - _exogenous + 2);
    }

    /// <summary>Short names of the <c>obs</c> columns, in order.</summary>
    public IEnumerable<string> ObservationNames()
    {
        for (int k = 0; k < _lags; k++) yield return k == 0 ? "d_t" : $"d_t-{k}";
        if (_season > 1) yield return $"d_t+1-{_season}";
        if (_level) yield return "level";
        for (int e = 0; e < _exogenous; e++) yield return $"exogenous[{e}]";
        for (int h = 2; h <= _horizon && SeasonalGuessCount > 0; h++)
            yield return $"e_{h} (seasonal-naive guess of the next {h} normalised changes)";
    }

    /// <summary>
    /// Expresses the history in units <paramref name="factor"/> times the old ones (a frozen model's series changed
    /// units): every remembered value and change is multiplied by it.
    /// </summary>
    public void Rescale(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be positive and finite.");
        for (int i = 0; i < _changes.Length; i++) _changes[i] = RunningNormalizer.Saturate(_changes[i] * factor);   // NaN stays NaN
        for (int i = 0; i < _levels.Length; i++) _levels[i] = RunningNormalizer.Saturate(_levels[i] * factor);
        _last = RunningNormalizer.Saturate(_last * factor);
    }

    /// <summary>Forgets the history (no values seen).</summary>
    public void Reset()
    {
        Array.Fill(_changes, double.NaN);
        Array.Fill(_levels, double.NaN);
        _rows = 0; _last = double.NaN; _gap = 0;
    }

    // The forecaster's file keeps its historical layout: counters, then (later) the two rings.
    internal void WriteCounters(BinaryWriter w) { w.Write(_rows); w.Write(_last); w.Write(_gap); }

    internal void ReadCounters(BinaryReader r)
    {
        _rows = r.ReadInt64(); _last = r.ReadDouble(); _gap = r.ReadInt32();
        if (_rows < 0 || _gap < 0) throw new InvalidDataException("Stored forecaster counters are invalid.");
    }

    internal double[] ChangeRing => _changes;

    internal double[] LevelRing => _levels;

    private void Check(ReadOnlySpan<float> exogenous, Span<float> row, int width, string name)
    {
        if (exogenous.Length != _exogenous)
            throw new ArgumentException($"Expected {_exogenous} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        if (row.Length != width) throw new ArgumentException($"{name} must hold {width} values, got {row.Length}.", name);
    }

    // d_{t−back} in normalised units (0 when missing or before the series); t = Rows − 1.
    private float NormalizedChange(RunningNormalizer normalizer, int back)
    {
        double d = Change(back);
        return double.IsNaN(d) ? 0f : normalizer.Normalize(ChangeFeature, d);
    }

    private double Change(int back) => back >= _rows ? double.NaN : _changes[(int)((_rows - 1 - back) % _changes.Length)];
}
