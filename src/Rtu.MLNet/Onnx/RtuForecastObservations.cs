using System.Security.Cryptography;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// One series' history for serving an exported forecaster (<see cref="RtuOnnxExport.ExportToOnnx(RtuForecastingTransformer, string)"/>):
/// turns each new value into the raw <c>obs</c> row of the ONNX graph, and the graph's <c>prediction</c> back into
/// level forecasts ŷ_{t+1} … ŷ_{t+H}. It keeps what the C# forecaster keeps besides the network: the recent changes,
/// the last season's values (for the seasonal-naive combination, with its weights frozen at construction), the last
/// observed value and the rows since it, and with exogenous columns their effect (<see cref="ExogenousEffect"/>, frozen:
/// subtracted from each value before the pool's clean, added back to the pool's forecasts). Not thread-safe; use one per series.
/// </summary>
/// <remarks>
/// A change of the series' units (a confirmed level shift by a factor of <see cref="ForecastPool.ScaleChangeFactor"/>
/// or more) is followed as the frozen C# forecaster follows it (it multiplies its history and statistics by the
/// factor): the graph's statistics are constants, so the history here is kept in the units the graph was exported in
/// (each value divided by the factors met so far) and the predictions and interval half-widths are multiplied back.
/// </remarks>
public sealed class RtuForecastObservations
{
    private readonly ForecastFeatures _features;   // the forecaster's own input layout and history
    private readonly RunningNormalizer _statistics; // frozen at construction, as in the exported graph
    private readonly double[] _seasonalWeights;     // β_h, frozen
    private readonly ForecastPool _pool;            // the final combination, weights and outlier scale frozen
    private readonly float[] _model;                // the network's forecasts before the pool
    private readonly double[] _intervalPowers;      // per horizon: the power of the forecast the half-width is multiplied by (0, ½, 1; frozen)
    private readonly double[] _referenceLevels;     // per horizon: what is taken in the forecast's place where it is ≤ 0 (frozen, graph units)
    private readonly bool _widensOverGaps;          // the intervals widen over a gap, as the C# forecaster's (intervals layout 4)
    private readonly ExogenousEffect? _effect;      // the exogenous columns' effect, β and its gate frozen (null: none)
    private double _unit = 1;                       // the series' units over the exported graph's (changes of scale met)
    private readonly RtuForecasterSettings _settings;   // the range the user gave (MinimumValue, MaximumValue)
    private SeriesClock? _clock;                    // a model fitted with a timestamp column: the served series' clock (afresh)
    private readonly SeriesTimeline? _timeline;     // what a fresh clock is made from (Reset)
    private readonly long _seasonsPeriod;
    private readonly bool _dates;                   // whether its timestamps are dates (else Int64 numbers)

    /// <summary>A fresh history (no values yet) for the exported model of <paramref name="transformer"/>.</summary>
    /// <exception cref="NotSupportedException">A keyed transformer: build one series' history from <c>transformer.ForKey(key)</c>, the model its graph was exported from.</exception>
    public RtuForecastObservations(RtuForecastingTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        // A keyed transformer's Model is the untrained start of a new key, not any series' model (its export is refused too).
        if (transformer.IsKeyed)
            throw new NotSupportedException($"This forecaster holds one model per series key ({transformer.SeriesKeys.Count} series): build each series' observations from transformer.ForKey(key), the model its ONNX graph was exported from.");
        var model = transformer.Model;
        _features = new ForecastFeatures(model.Settings);
        _statistics = model.Normalizer.Clone();
        _seasonalWeights = model.SeasonalNaiveWeights.ToArray();
        _pool = model.Pool.Clone();
        _pool.Reset();
        _model = new float[_features.Horizon];
        _intervalPowers = Enumerable.Range(1, _features.Horizon).Select(model.Intervals.ScalePower).ToArray();
        _referenceLevels = Enumerable.Range(1, _features.Horizon).Select(model.Intervals.ReferenceLevel).ToArray();
        _widensOverGaps = model.Intervals.WidensOverGaps;
        _effect = model.ExogenousEffect?.FrozenCopy();
        _settings = model.Settings;
        // A stream served from the graph starts afresh: its clock does not continue from Fit's last timestamp.
        _timeline = transformer.Timeline;
        _seasonsPeriod = SeriesClock.SeasonsPeriod(model.Settings.SeasonLength, model.Settings.SecondSeason);
        _clock = FreshClock();
        _dates = _timeline?.AreDates ?? false;
        ModelFingerprint = Fingerprint(model);
    }

    /// <summary>
    /// A history for the exported model of <paramref name="transformer"/>, checked against the graph
    /// <paramref name="runner"/> serves (<see cref="EnsureMatches"/>): the way to build one, so a history from one model
    /// is never paired with another model's graph.
    /// </summary>
    /// <exception cref="NotSupportedException">A keyed transformer (see <see cref="RtuForecastObservations(RtuForecastingTransformer)"/>).</exception>
    /// <exception cref="ArgumentException">The graph was not exported from this transformer's model (<see cref="EnsureMatches"/>).</exception>
    public RtuForecastObservations(RtuForecastingTransformer transformer, OnnxRecurrentRunner runner) : this(transformer) => EnsureMatches(runner);

    /// <summary>Metadata key of the exported forecaster's fingerprint (<see cref="ModelFingerprint"/>); graphs exported before it existed lack it (<see cref="EnsureMatches"/>).</summary>
    public const string ModelFingerprintKey = "rtu_mlnet.model_sha256";

    /// <summary>
    /// The SHA-256 (64 upper-case hexadecimal digits) of the forecaster this history was built from, its saved bytes
    /// (<see cref="RtuForecaster.Save"/>): the frozen statistics, combination weights and interval constants the history
    /// copies are the ones the graph was exported with only when the two are the same model. The export writes it as
    /// metadata <see cref="ModelFingerprintKey"/>.
    /// </summary>
    public string ModelFingerprint { get; }

    /// <summary>
    /// Checks that <paramref name="runner"/> serves the graph exported from the model this history was built from. Why:
    /// the graph's inputs and outputs have the same shapes for any model fitted with the same options, so a history built
    /// from another model (another key's, a model fitted again, or one that learned on after the export) ran silently and
    /// combined the graph's network with another model's frozen statistics and weights (an outside audit).
    /// A graph exported before the fingerprint existed is checked on what its metadata says: the obs width, the horizon,
    /// the frozen mean change and the seasonal-naive weights.
    /// </summary>
    /// <exception cref="ArgumentException">The graph is not a forecaster's, or was exported from another model: build the
    /// history from the transformer the graph was exported from (for a keyed one, <c>transformer.ForKey(key)</c>), or export again.</exception>
    public void EnsureMatches(OnnxRecurrentRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var metadata = runner.Metadata;
        string file = runner.ModelPath;
        if (!metadata.TryGetValue(RtuOnnxExport.ComponentKey, out var component) || component != "RtuForecasting")
            throw new ArgumentException($"'{file}' is not an exported RTU forecaster (metadata '{RtuOnnxExport.ComponentKey}' is '{component ?? "missing"}').", nameof(runner));
        if (runner.ObservationSize != ObservationSize || runner.Outputs.FirstOrDefault(o => o.Name == "prediction")?.Width != Horizon)
            throw new ArgumentException($"'{file}' takes obs rows of {runner.ObservationSize} values and this history writes {ObservationSize} (horizon {Horizon}): it was exported from another forecaster.", nameof(runner));
        if (metadata.TryGetValue(ModelFingerprintKey, out var fingerprint))
        {
            if (!string.Equals(fingerprint, ModelFingerprint, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{file}' was exported from another model than this history's (its '{ModelFingerprintKey}' differs): "
                    + "build the history from the transformer the graph was exported from (a keyed one's transformer.ForKey(key)), or export this one again.", nameof(runner));
            return;
        }
        // An older export: what its metadata says of the frozen constants the history uses.
        if (metadata.GetValueOrDefault(RtuOnnxExport.ChangeMeanKey) != RtuOnnxExport.Numbers([_statistics.Mean(ForecastFeatures.ChangeFeature)])
            || metadata.GetValueOrDefault(RtuOnnxExport.SeasonalNaiveWeightsKey) != RtuOnnxExport.Numbers(_seasonalWeights))
            throw new ArgumentException($"'{file}' was exported from another model than this history's (its frozen mean change or seasonal-naive weights differ): "
                + "build the history from the transformer the graph was exported from, or export this one again.", nameof(runner));
    }

    // The one definition of a model's fingerprint: the export writes it, a history compares it.
    internal static string Fingerprint(RtuForecaster model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) model.Save(writer);
        return Convert.ToHexString(SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
    }

    /// <summary>
    /// For a model fitted with a date timestamp column (<see cref="RtuForecastingOptions.TimestampColumnName"/>): how many
    /// missing rows come before the value at <paramref name="timestamp"/>, and records it as the served series' last
    /// timestamp. Serve each of them as the C# forecaster fills a gap (<see cref="RtuForecastEngine.Observe(string, DateTime, float, ReadOnlySpan{float})"/>,
    /// Transform): <see cref="Next"/> with NaN and this row's exogenous values, the graph's step and <see cref="ToForecast"/>;
    /// then the value itself. A gap of k steps of the step inferred at Fit (<see cref="RtuForecastingTransformer.TimeStep"/>)
    /// gives k − 1; beyond 100,000 steps fewer, shortened by whole periods of the seasons, as the transformer's. Why: the
    /// graph counts rows, not time, so a host that calls <see cref="Next"/> once per value received served a series with
    /// gaps as if it had none (an outside audit: co2 with two gaps, one-step MAE 1.44 against the transformer's 0.354).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has no timestamp column, or Int64 timestamps; the timestamp is not after the
    /// previous one; or the gap is longer than 100,000 steps and ten years.</exception>
    public long MissingBefore(DateTime timestamp) => MissingBefore(timestamp.Ticks, dates: true, utc: false);

    /// <summary><see cref="MissingBefore(DateTime)"/> with a DateTimeOffset (compared at UTC, as the timestamp column's).</summary>
    /// <exception cref="InvalidOperationException">As <see cref="MissingBefore(DateTime)"/>.</exception>
    public long MissingBefore(DateTimeOffset timestamp) => MissingBefore(timestamp.UtcTicks, dates: true, utc: true);

    /// <summary><see cref="MissingBefore(DateTime)"/> for a model fitted with an Int64 timestamp column (gaps in the most common difference seen at Fit).</summary>
    /// <exception cref="InvalidOperationException">The model has no timestamp column, or date timestamps; the timestamp is not after the
    /// previous one; or the gap is longer than 100,000 steps.</exception>
    public long MissingBefore(long timestamp) => MissingBefore(timestamp, dates: false, utc: false);

    private long MissingBefore(long time, bool dates, bool utc)
    {
        if (_clock is null)
            throw new InvalidOperationException("This forecaster was fitted without a timestamp column (TimestampColumnName): each value is the next row, and a missing one is a NaN given to Next.");
        if (_dates != dates)
            throw new InvalidOperationException(_dates
                ? "This forecaster's timestamps are dates: give a DateTime or DateTimeOffset."
                : "This forecaster's timestamps are Int64 numbers: give a long timestamp.");
        return _clock.ToFill(_clock.AdvanceServed(time, utc));
    }

    /// <summary>Width of an <c>obs</c> row.</summary>
    public int ObservationSize => _features.ObservationSize;

    /// <summary>Exogenous values expected per row.</summary>
    public int ExogenousCount => _features.ExogenousCount;

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _features.Horizon;

    /// <summary>The last observed value (NaN before the first).</summary>
    public double LastValue => _features.LastValue * _unit;

    /// <summary>
    /// Adds the series' next value y_t (NaN: missing) and its exogenous values, and writes the <c>obs</c> row for it
    /// (<see cref="ForecastFeatures.WriteObservation"/>): the changes d_t … d_{t−Lags+1}, d_{t+1−m} (with a season), the
    /// level, the exogenous values (NaN where unknown), then with a season and H &gt; 1 the seasonal-naive guesses
    /// e_2 … e_H (normalised with the exported statistics).
    /// </summary>
    public void Next(float value, ReadOnlySpan<float> exogenous, Span<float> observation)
    {
        if (exogenous.Length != ExogenousCount)
            throw new ArgumentException($"Expected {ExogenousCount} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"observation must hold {ObservationSize} values (the obs width of the exported model), got {observation.Length}.", nameof(observation));
        double given = value;
        if (_effect is not null)
        {
            // The exogenous effect on this row is taken out before the pool, as the C# forecaster does (ExogenousEffect).
            if (float.IsFinite(value)) _effect.NoteValue(value);
            given -= _effect.Current;
        }
        double cleaned = _pool.Clean(given, learn: false);   // the forecaster's robust clean, its scale frozen
        if (_pool.ScaleChanged)
        {
            _unit *= _pool.ScaleFactor;
            _effect?.Rescale(_pool.ScaleFactor);
        }
        _features.Record(cleaned / _unit);
        _pool.Observe(cleaned, learn: false);
        _effect?.Push(exogenous, _statistics);
        _features.WriteObservation(_statistics, exogenous, observation);
    }

    /// <summary>
    /// The level forecasts ŷ_{t+h} = y_last + prediction_h + g·μ_d (g: rows since the last observed value, μ_d the
    /// frozen mean change) from the graph's <c>prediction</c> row for this series, moved toward the seasonal-naive value
    /// S_h by the frozen weight β_h where S_h is known, then combined with the simple forecasters of
    /// <see cref="ForecastPool"/> (their states continue here, their weights and the outlier scale are frozen), as the
    /// C# forecaster does (clipped at 0 while every value seen is ≥ 0, <see cref="ForecastPool.NonNegative"/>, to a bound the
    /// series has sat at, <see cref="ForecastPool.Ceiling"/>, and to the range the user gave,
    /// <see cref="RtuForecasterSettings.MinimumValue"/> and <see cref="RtuForecasterSettings.MaximumValue"/>, metadata
    /// <c>rtu_mlnet.minimum_value</c> / <c>maximum_value</c>); NaN before the first value. Call it after every <see cref="Next"/>: the pool's outlier clean
    /// of the next value uses this one-step forecast.
    /// </summary>
    public void ToForecast(ReadOnlySpan<float> prediction, Span<float> forecast)
    {
        int horizon = Horizon;
        if (prediction.Length != horizon) throw new ArgumentException($"prediction must hold {horizon} values, got {prediction.Length}.", nameof(prediction));
        if (forecast.Length != horizon) throw new ArgumentException($"forecast must hold {horizon} values, got {forecast.Length}.", nameof(forecast));
        double last = _features.LastValue, changeMean = _statistics.Mean(ForecastFeatures.ChangeFeature);
        for (int h = 1; h <= horizon; h++)
        {
            double f = double.IsNaN(last) ? double.NaN : _unit * (last + prediction[h - 1] + _features.Gap * changeMean);
            double s = _seasonalWeights[h - 1] > 0 ? _unit * _features.SeasonalNaive(h) : double.NaN;
            _model[h - 1] = (float)RunningNormalizer.Saturate(double.IsNaN(s) ? f : f + _seasonalWeights[h - 1] * (s - f));
        }
        _pool.Combine(_model, forecast);   // the simple forecasters continue outside the graph; their weights are frozen
        _effect?.AddTo(forecast);          // the exogenous effect added back (frozen β and gate), clipped at 0 as the C# forecaster's
        _settings.ClipToRange(forecast);   // and to the range the user gave
    }

    /// <summary>
    /// The prediction interval around the final <paramref name="forecast"/> (from <see cref="ToForecast"/>) given the
    /// graph's half-widths for one level (<c>interval_half_width_80</c> or <c>interval_half_width_95</c>, exported with
    /// intervals): lower_h = forecast_h − halfWidth_h, upper_h = forecast_h + halfWidth_h, computed in double and saturated
    /// to the float range as the C# forecaster does, and clipped at 0 while every value seen is ≥ 0
    /// (<see cref="ForecastPool.NonNegative"/>), to a bound the series has sat at (<see cref="ForecastPool.Ceiling"/>,
    /// <see cref="ForecastPool.Floor"/>) and to the range the user gave (<see cref="RtuForecasterSettings.MinimumValue"/>,
    /// <see cref="RtuForecasterSettings.MaximumValue"/>), [0, 0] at a seasonal zero while that rule has never missed
    /// (<see cref="ForecastPool.ZeroAtSeasonalZeros"/>);
    /// NaN where the forecast or the half-width is NaN. Where the horizon's
    /// scale power p is above 0 (<see cref="ConformalIntervals.ScalePower"/>, metadata <c>rtu_mlnet.interval_scale_power</c>:
    /// ½ for errors that grow with the square root of the level, 1 for relative intervals) the half-width is
    /// halfWidth_h·forecast_h^p, with reference_h in forecast_h's place where forecast_h ≤ 0 (metadata
    /// <c>rtu_mlnet.interval_reference_level</c>; <see cref="ConformalIntervals.ScaledHalfWidth"/>). Made g rows after the
    /// last observed value, each half-width is widened by <see cref="ConformalIntervals.GapWidening"/>, as the C#
    /// forecaster's are (not for a model whose intervals were read from a layout 1–3 file, which keep their width).
    /// </summary>
    public void ToInterval(ReadOnlySpan<float> forecast, ReadOnlySpan<float> halfWidth, Span<float> lower, Span<float> upper)
    {
        int horizon = Horizon;
        if (forecast.Length != horizon || halfWidth.Length != horizon || lower.Length != horizon || upper.Length != horizon)
            throw new ArgumentException($"forecast, halfWidth, lower and upper must hold {horizon} values (the horizon), got {forecast.Length}, {halfWidth.Length}, {lower.Length} and {upper.Length}.", nameof(halfWidth));
        for (int h = 0; h < horizon; h++)
        {
            // The graph's half-width is in its own units: a multiple of ŷ^p in the series' units is unit^(1 − p) times it.
            double power = _intervalPowers[h], inUnits = power == 1 ? 1 : power == 0.5 ? Math.Sqrt(_unit) : _unit;
            double half = ConformalIntervals.ScaledHalfWidth(halfWidth[h] * inUnits, forecast[h], _referenceLevels[h] * _unit, power);
            if (double.IsNaN(half)) { lower[h] = float.NaN; upper[h] = float.NaN; continue; }
            if (_widensOverGaps) half *= ConformalIntervals.GapWidening(h + 1, _features.Gap);
            lower[h] = (float)RunningNormalizer.Saturate(forecast[h] - half);
            upper[h] = (float)RunningNormalizer.Saturate(forecast[h] + half);
        }
        if (_effect is null) { _pool.ClipToSupport(lower); _pool.ClipToSupport(upper); }   // as the C# forecaster: a series ≥ 0 so far gets bounds ≥ 0, a saturated one bounds within it
        else { _effect.ClipToSupport(lower); _effect.ClipToSupport(upper); }
        _pool.ZeroAtSeasonalZeros(lower); _pool.ZeroAtSeasonalZeros(upper);   // and a seasonal zero [0, 0]
        _settings.ClipToRange(lower); _settings.ClipToRange(upper);
    }

    /// <summary>
    /// Starts the series afresh (no history); also reset the stream's state in the graph (zeros). Changes of units met
    /// are kept, as the C# forecaster keeps its statistics in the new units.
    /// </summary>
    public void Reset() { _features.Reset(); _pool.Reset(); _effect?.Reset(); _clock = FreshClock(); }

    // A clock with no timestamp yet (a review: Reset kept the last series' timestamp, so the next series' first
    // MissingBefore counted its gap from there, or refused it as out of order).
    private SeriesClock? FreshClock() => _timeline?.ClockFor(null, continueFromFit: false, _seasonsPeriod);
}
