namespace Rtu.Trainers.Online;

/// <summary>
/// The ES-RNN-style member of <see cref="ForecastPool"/>: an <see cref="OnlineRtuLearner"/> that learns the series
/// de-seasonalised and normalised by the level of the pool's learned Holt–Winters member (<see cref="SeasonalRatioFeatures"/>
/// defines its inputs, label and forecast), next to the forecaster's own RTU, which reads raw changes.
/// </summary>
/// <remarks>
/// <para>Why: in Smyl's M4-winning ES-RNN, per-series exponential smoothing carries level and multiplicative season
/// and the network learns only the residual pattern; the forecaster's own RTU must learn a season from raw changes,
/// slowly. This member is that split, online: the learned Holt–Winters states (exact-gradient smoothing constants)
/// remove level and season, the RTU (exact RTRL, the forecaster's learner settings) learns what is left.</para>
/// <para>Like the forecaster's RTU: labels are standardised by their running mean and deviation and clipped at
/// ±clip, the learned change is scaled by the least-squares skill factor w ∈ [0, 1] (until it has shown skill the member is the
/// naive forecast of the de-seasonalised series, with its drift), the pool weights it by its recent error.</para>
/// </remarks>
public sealed class SeasonalRatioRtu
{
    private readonly SeasonalRatioFeatures _features = new();
    private readonly RunningNormalizer _norm;
    private readonly float[] _x = new float[SeasonalRatioFeatures.InputSize];
    private readonly float[] _outputs;
    private readonly SkillShrinkage _shrink = new();

    /// <summary>A member with the RTU and online update of <paramref name="learner"/> (its horizon is the pool's), and the normaliser's window and clip.</summary>
    public SeasonalRatioRtu(RtuLearnerSettings learner, int normalizerWindow, double clip)
        : this(new OnlineRtuLearner(SeasonalRatioFeatures.InputSize, learner), new RunningNormalizer(SeasonalRatioFeatures.NormalizerSize, normalizerWindow, clip))
    {
    }

    private SeasonalRatioRtu(OnlineRtuLearner learner, RunningNormalizer normalizer)
    {
        Learner = learner;
        _norm = normalizer;
        _outputs = new float[learner.Settings.Horizon];
    }

    /// <summary>The RTU and heads.</summary>
    public OnlineRtuLearner Learner { get; }

    /// <summary>The running statistics (feature 0 the label r, 1 the window's deviations).</summary>
    public RunningNormalizer Normalizer => _norm;

    /// <summary>The inputs' window (read it only).</summary>
    public SeasonalRatioFeatures Features => _features;

    /// <summary>The skill factor w ∈ [0, 1] that scales the learned part of the forecast.</summary>
    public double ShrinkFactor => _shrink.Factor;

    /// <summary>
    /// An observed value y_t with the seasonal state it was forecast with and the smoothing level after its update
    /// (multiplicative: log ratios; else differences): records it, learns from it when <paramref name="learn"/>, and
    /// steps the RTU. With <paramref name="learn"/> false weights and statistics stay frozen; the state advances.
    /// </summary>
    public void Observe(double value, double season, double level, bool multiplicative, bool learn)
    {
        if (!_features.Record(value, season, level, multiplicative, out double ratio)) return;   // g undefined here: skipped
        if (learn)
        {
            _norm.Update(SeasonalRatioFeatures.RatioFeature, ratio);
            for (int k = 0; k < SeasonalRatioFeatures.Lags; k++) _norm.Update(SeasonalRatioFeatures.DeviationFeature, _features.Deviation(k));
        }
        _features.WriteInputs(_norm, _x);
        int c = SeasonalRatioFeatures.RatioFeature;
        // Clipped like the inputs (a Huber-like loss), as the forecaster's own label.
        double label = double.IsNaN(ratio) ? double.NaN : Math.Clamp((RunningNormalizer.Saturate(ratio) - _norm.Mean(c)) / _norm.Scale(c), -_norm.Clip, _norm.Clip);
        if (learn && !double.IsNaN(label))
        {
            _shrink.Observe(label, _outputs[0]);
        }
        Learner.Step(_x, label, learn, default, _outputs);
    }

    /// <summary>
    /// The forecast h ≥ 1 steps after the last recorded value, whose seasonal state is <paramref name="season"/>, with
    /// <paramref name="levelAhead"/> the smoothing's estimate of the level h − 1 steps on, which the h-th ratio refers
    /// to (NaN: the current level; it is for h = 1). NaN before any value.
    /// </summary>
    public double Forecast(int h, double season, double levelAhead = double.NaN)
    {
        if (_features.Count == 0) return double.NaN;
        int c = SeasonalRatioFeatures.RatioFeature;
        // Output h predicts r_{t+1} + … + r_{t+h}: the h-th ratio is the difference of outputs h and h − 1.
        double step = _outputs[h - 1] - (h > 1 ? _outputs[h - 2] : 0);
        return _features.Forecast(_norm.Mean(c) + _norm.Scale(c) * _shrink.Factor * step, season, levelAhead);
    }

    /// <summary>Whether the window uses log ratios (a multiplicative season).</summary>
    public bool Multiplicative => _features.Multiplicative;

    /// <summary>A level shift of <paramref name="delta"/> in g units (log ratio or difference) moves the window with it.</summary>
    public void Shift(double delta) => _features.Shift(delta);

    /// <summary>Forgets the series (window, recurrent state); parameters, statistics and the skill factor are kept.</summary>
    public void Reset()
    {
        _features.Reset();
        Learner.ResetState();
        Array.Clear(_outputs);
    }

    // Layout of this member's binary form (written inside the forecast pool's; the pool's version covers it).
    internal void Save(BinaryWriter w)
    {
        Learner.Save(w);
        _norm.Save(w);
        _features.Save(w);
        _shrink.Save(w);
        ModelBinary.WriteFloats(w, _outputs);
    }

    internal static SeasonalRatioRtu Load(BinaryReader r, int horizon)
    {
        var learner = OnlineRtuLearner.Load(r);
        if (learner.InputSize != SeasonalRatioFeatures.InputSize || learner.Settings.Horizon != horizon)
            throw new InvalidDataException("Stored seasonal-ratio RTU does not match the pool (inputs or horizon).");
        var norm = RunningNormalizer.Read(r);
        if (norm.Size != SeasonalRatioFeatures.NormalizerSize || norm.WidensForRecurringDeviations) throw new InvalidDataException("Stored seasonal-ratio normaliser has the wrong size or kind.");
        var m = new SeasonalRatioRtu(learner, norm);
        m._features.Load(r);
        m._shrink.Load(r, "seasonal-ratio ");
        ModelBinary.ReadFloats(r, m._outputs);
        return m;
    }
}
