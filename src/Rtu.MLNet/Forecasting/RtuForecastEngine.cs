using System.Collections.Concurrent;
using System.Text;
using Rtu.Trainers.Online;

namespace Rtu.MLNet;

/// <summary>
/// A streaming forecast engine for deployment: many independent series keyed by an id, each forecasting and
/// (optionally) learning from every new value, with checkpoints that let a restarted service continue bit for bit.
/// </summary>
/// <remarks>
/// Every stream starts as a copy of the trained model (weights, optimizer moments, input statistics and the state
/// where Fit stopped) and then learns on its own: streams never affect each other. Calls for different streams run
/// in parallel; calls for one stream are serialised by a per-stream lock, so the engine is thread-safe.
/// A keyed model's fitted series continue under their keys. A global model (<see cref="RtuForecastingOptions.SharedWeights"/>)
/// keeps one set of weights that every stream's update changes: each Observe takes the shared weights' lock, then
/// the stream's, so observations run one at a time and every step sees all earlier updates whole.
/// Unlike ML.NET's PredictionEngine it needs no typed row classes and carries its state across calls by design.
/// </remarks>
public sealed class RtuForecastEngine
{
    /// <summary>
    /// Version of the checkpoint format written by <see cref="Checkpoint(Stream)"/>: 8 the forecaster settings'
    /// seasonal-ratio flag (their layout 3) and the forecast pool's seasonal-ratio RTU member, next to its ARIMA and airline members (pool layout 5); 7 the
    /// forecaster settings' second season (their layout 2); 6 the forecast pool's learned Holt–Winters members; 5 adds the forecast pool's
    /// second-season members; 4 each stream's forecast pool; 3 stored keys losslessly (UTF-16, lone surrogates included)
    /// and each stream length-prefixed; older checkpoints have a shorter stream layout and are refused with a clear
    /// message (restart the streams from the model, whose files of older formats still load).
    /// </summary>
    public const int CheckpointVersion = 8;

    private readonly KeyedStreams<RtuForecaster> _streams;
    private readonly RtuForecastingOptions _options;
    private readonly int[] _widths;
    private readonly SharedForecasterWeights? _shared;   // a global model's weights; null: independent streams
    private readonly SeriesTimeline? _timeline;          // the step inferred at Fit and the series' ends; null: no timestamps
    private readonly bool _keyed, _continueFromFit;
    private readonly long _seasonsPeriod;                 // SeriesClock.SeasonsPeriod of the forecasters' seasons: a long gap is shortened by it
    // Each stream's last timestamp (timed engines), read and changed under the stream's lock (or the clock gate held exclusively).
    private readonly ConcurrentDictionary<string, SeriesClock> _clocks = new(StringComparer.Ordinal);
    // Timed observations hold it shared; Checkpoint, Restore, ToModel and ToKeyedModel exclusively: streams and clocks are read or written at one instant.
    private readonly ReaderWriterLockSlim _clockGate = new(LockRecursionPolicy.SupportsRecursion);
    private const string ClocksMagic = "Rtu.MLNet.StreamClocks";

    internal RtuForecastEngine(RtuForecastingTransformer transformer, bool learn)
    {
        _options = transformer.Options;
        _widths = transformer.InputWidths;
        bool reset = _options.ResetStateOnTransform;
        RtuForecaster Start(RtuForecaster m)
        {
            var copy = m.Clone();
            if (reset) copy.ResetState();
            return copy;
        }
        var prototype = Start(transformer.Model);
        // The fitted series are never changed (a stream starts from a copy), so they are shared with the transformer unless
        // reset: an outside audit found an engine of 3,000 fitted series holding a second copy of each (146 MB) for nothing.
        var series = transformer.Series?.ToDictionary(p => p.Key, p => reset ? Start(p.Value) : p.Value, StringComparer.Ordinal);
        // The file's bytes are the prototype of then only while the engine starts from the model as stored (not reset).
        // A global model's streams are read as its host observes them (RtuForecaster.SharesWeights).
        Func<BinaryReader, RtuForecaster> load = _options.SharedWeights ? r => RtuForecaster.Load(r, sharesWeights: true) : RtuForecaster.Load;
        _streams = new KeyedStreams<RtuForecaster>(prototype, "rtu.forecasting", m => m.Clone(), (m, w) => m.Save(w), load,
            SizeFixingBytes, keyedFormat: 3, series, reset ? null : transformer.Stored);
        if (_options.SharedWeights) _shared = new SharedForecasterWeights(prototype);
        _timeline = transformer.Timeline;
        _keyed = transformer.Series is not null;
        _continueFromFit = !reset;
        Learn = learn;
        Horizon = prototype.Horizon;
        ExogenousCount = prototype.Settings.ExogenousCount;
        _seasonsPeriod = SeriesClock.SeasonsPeriod(prototype.Settings.SeasonLength, prototype.Settings.SecondSeason);
    }

    /// <summary>Whether <see cref="Observe(string, float, ReadOnlySpan{float})"/> learns by default.</summary>
    public bool Learn { get; }

    /// <summary>Forecast horizon H: each forecast holds ŷ_{t+1} … ŷ_{t+H}.</summary>
    public int Horizon { get; }

    /// <summary>Exogenous values expected per observation (the exogenous columns' total width).</summary>
    public int ExogenousCount { get; }

    /// <summary>The ids of the streams seen so far.</summary>
    public IReadOnlyCollection<string> StreamIds => _streams.Keys;

    /// <summary>
    /// Observes the next value of stream <paramref name="streamId"/> (NaN: missing): learns from it (it is the target of
    /// the previous forecast) when <see cref="Learn"/> is on, advances the RTU state and returns ŷ_{t+1} … ŷ_{t+H}.
    /// With a model fitted with timestamps the value takes the stream's next regular timestamp (one <see cref="TimeStep"/>
    /// after its last), so a later timestamped observation counts its gap from there.
    /// </summary>
    /// <exception cref="InvalidOperationException">A timed stream whose next regular timestamp lies beyond the last one a
    /// timestamp can hold (after <see cref="DateTime.MaxValue"/>); nothing changes.</exception>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public float[] Observe(string streamId, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, value, exogenous, forecast, Learn);
        return forecast;
    }

    /// <summary><see cref="Observe(string, float, ReadOnlySpan{float})"/> into a caller buffer; <paramref name="learn"/> overrides <see cref="Learn"/> for this call.</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public void Observe(string streamId, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (forecast.Length != Horizon) throw new ArgumentException($"forecast must hold {Horizon} values (the horizon), got {forecast.Length}.", nameof(forecast));
        if (exogenous.Length != ExogenousCount) throw new ArgumentException($"Expected {ExogenousCount} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        // A timed model: the value is the stream's next regular step, and its clock moves on with it.
        if (_timeline is not null) { ObserveTimed(streamId, null, value, exogenous, forecast, learn); return; }
        // The arguments travel in a ref struct to a static lambda: no closure, no copies, nothing allocated per call.
        var step = new ObserveStep(value, exogenous, forecast, learn, _shared);
        if (_shared is null) _streams.With(streamId, step, static (m, s) => { m.Observe(s.Value, s.Exogenous, s.Learn, s.Forecast, default); return 0; });
        // A global model: the shared weights' lock first, then the stream's (the one order every path takes).
        else lock (_shared.Gate) _streams.With(streamId, step, static (m, s) => { s.Shared!.Observe(m, s.Value, s.Exogenous, s.Learn, s.Forecast, default); return 0; });
    }

    /// <summary>
    /// Observes the value of stream <paramref name="streamId"/> at <paramref name="timestamp"/> (a model fitted with a
    /// date <see cref="RtuForecastingOptions.TimestampColumnName"/>): a gap of k steps of the step inferred at Fit
    /// (<see cref="TimeStep"/>) first feeds k − 1 missing values (with these exogenous values), as Transform does; beyond
    /// 100,000 steps fewer, shortened by whole periods of the seasons (the value falls at its place in them). A stream
    /// of a fitted series continues after Fit's last timestamp (unless ResetStateOnTransform).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has no timestamp column or Int64 timestamps; the timestamp is not after the
    /// stream's previous one (the message names both); or the gap is longer than 100,000 steps and ten years (or than
    /// 100,000 steps where the seasons repeat only after more than 49,000 steps).</exception>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public float[] Observe(string streamId, DateTime timestamp, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, timestamp, value, exogenous, forecast, Learn);
        return forecast;
    }

    /// <summary><see cref="Observe(string, DateTime, float, ReadOnlySpan{float})"/> into a caller buffer; allocates nothing for a stream that exists.</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public void Observe(string streamId, DateTime timestamp, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn) =>
        ObserveAt(streamId, timestamp.Ticks, dates: true, value, exogenous, forecast, learn);

    /// <summary><see cref="Observe(string, DateTime, float, ReadOnlySpan{float})"/> with a DateTimeOffset (compared at UTC, as the timestamp column's).</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public float[] Observe(string streamId, DateTimeOffset timestamp, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, timestamp, value, exogenous, forecast, Learn);
        return forecast;
    }

    /// <summary><see cref="Observe(string, DateTimeOffset, float, ReadOnlySpan{float})"/> into a caller buffer; allocates nothing for a stream that exists.</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public void Observe(string streamId, DateTimeOffset timestamp, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn) =>
        ObserveAt(streamId, timestamp.UtcTicks, dates: true, value, exogenous, forecast, learn, utc: true);

    /// <summary>
    /// <see cref="Observe(string, DateTime, float, ReadOnlySpan{float})"/> for a model fitted with an Int64 timestamp
    /// column (gaps in the most common difference seen at Fit).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public float[] Observe(string streamId, long timestamp, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, timestamp, value, exogenous, forecast, Learn);
        return forecast;
    }

    /// <summary><see cref="Observe(string, long, float, ReadOnlySpan{float})"/> into a caller buffer; allocates nothing for a stream that exists.</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public void Observe(string streamId, long timestamp, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn) =>
        ObserveAt(streamId, timestamp, dates: false, value, exogenous, forecast, learn);

    /// <summary>The regular step inferred from the timestamps at Fit (null: the model has no timestamp column).</summary>
    public SeriesTimeStep? TimeStep => _timeline?.Step;

    // utc: the timestamp came with its offset (a DateTimeOffset), so no refusal hints at a local clock's repeated hour.
    private void ObserveAt(string streamId, long time, bool dates, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn, bool utc = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (_timeline is null)
            throw new InvalidOperationException("This forecaster was fitted without a timestamp column (TimestampColumnName): observe values without timestamps.");
        if (_timeline.AreDates != dates)
            throw new InvalidOperationException(_timeline.AreDates
                ? "This forecaster's timestamps are dates: observe with a DateTime or DateTimeOffset."
                : "This forecaster's timestamps are Int64 numbers: observe with a long timestamp.");
        if (forecast.Length != Horizon) throw new ArgumentException($"forecast must hold {Horizon} values (the horizon), got {forecast.Length}.", nameof(forecast));
        if (exogenous.Length != ExogenousCount) throw new ArgumentException($"Expected {ExogenousCount} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        ObserveTimed(streamId, time, value, exogenous, forecast, learn, utc);
    }

    // time null: a value observed without a timestamp, which takes the stream's next regular step.
    private void ObserveTimed(string streamId, long? time, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn, bool utc = false)
    {
        var step = new TimedStep(this, streamId, time, value, exogenous, forecast, learn, utc);
        _clockGate.EnterReadLock();
        try
        {
            // A stream's first timestamp is checked before the stream is made: one refused starts no stream.
            if (time is long first && !_clocks.ContainsKey(streamId)) NewClock(streamId).AdvanceStream(first, streamId, utc);
            if (_shared is null) _streams.With(streamId, step, static (m, s) => { s.Engine.StepTimed(m, s); return 0; });
            else lock (_shared.Gate) _streams.With(streamId, step, static (m, s) => { s.Engine.StepTimed(m, s); return 0; });
        }
        finally { _clockGate.ExitReadLock(); }
    }

    // Under the stream's lock: the clock first (an out-of-order timestamp changes nothing), the gap's missing values, the value.
    private void StepTimed(RtuForecaster m, in TimedStep s)
    {
        if (!_clocks.TryGetValue(s.StreamId, out var clock))
            clock = _clocks.GetOrAdd(s.StreamId, static (k, e) => e.NewClock(k), this);
        long missing = clock.ToFill(s.Time is long time ? clock.AdvanceStream(time, s.StreamId, s.Utc) : clock.AdvanceOneStep(s.StreamId));
        for (long g = 0; g < missing; g++)
        {
            if (_shared is null) m.Observe(double.NaN, s.Exogenous, s.Learn, default, default);
            else _shared.Observe(m, double.NaN, s.Exogenous, s.Learn, default, default);
        }
        if (_shared is null) m.Observe(s.Value, s.Exogenous, s.Learn, s.Forecast, default);
        else _shared.Observe(m, s.Value, s.Exogenous, s.Learn, s.Forecast, default);
    }

    // The clock a stream starts with: its fitted series' end (keyed, continuing from Fit), else none.
    private SeriesClock NewClock(string streamId) => _timeline!.ClockFor(_keyed ? streamId : null, _continueFromFit, _seasonsPeriod);

    private readonly ref struct TimedStep(RtuForecastEngine engine, string streamId, long? time, float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn, bool utc)
    {
        public readonly bool Utc = utc;
        public readonly RtuForecastEngine Engine = engine;
        public readonly string StreamId = streamId;
        public readonly long? Time = time;
        public readonly float Value = value;
        public readonly ReadOnlySpan<float> Exogenous = exogenous;
        public readonly Span<float> Forecast = forecast;
        public readonly bool Learn = learn;
    }

    private readonly ref struct ObserveStep(float value, ReadOnlySpan<float> exogenous, Span<float> forecast, bool learn, SharedForecasterWeights? shared)
    {
        public readonly float Value = value;
        public readonly ReadOnlySpan<float> Exogenous = exogenous;
        public readonly Span<float> Forecast = forecast;
        public readonly bool Learn = learn;
        public readonly SharedForecasterWeights? Shared = shared;
    }

    /// <summary>Predict without learning: advances the state of <paramref name="streamId"/> with the value and returns the forecast (weights and statistics frozen).</summary>
    /// <exception cref="ArgumentException"><paramref name="exogenous"/> does not hold one value per exogenous column of the model (none where it has none).</exception>
    public float[] Predict(string streamId, float value, ReadOnlySpan<float> exogenous = default)
    {
        var forecast = new float[Horizon];
        Observe(streamId, value, exogenous, forecast, learn: false);
        return forecast;
    }

    /// <summary>
    /// The latest forecast of a stream without advancing it. A stream that has observed nothing yet gives the forecast
    /// of the model it will start from: where Fit stopped (an unkeyed model, or a keyed model's series of that key); NaN
    /// values only when that model has seen no value (a key Fit never saw, an <c>Initialize</c>d model, or
    /// <see cref="RtuForecastingOptions.ResetStateOnTransform"/>, which starts every stream blank).
    /// </summary>
    public float[] Forecast(string streamId)
    {
        var forecast = new float[Horizon];
        _streams.WithCurrentOrStart(streamId, m => m.WriteForecast(forecast));
        return forecast;
    }

    /// <summary>
    /// Freezes what stream <paramref name="streamId"/> has learned (weights, statistics, state) into an unkeyed
    /// transformer: save it with <c>SaveRtu</c>, export it with <c>ExportToOnnx</c>, review it or deploy it again.
    /// A stream that has observed nothing gives the model it would start from. A timed engine's model keeps the
    /// timestamp column, the step inferred at Fit and the stream's last timestamp: its Transform and its own engines
    /// continue after that timestamp and fill gaps exactly as this stream would.
    /// </summary>
    public RtuForecastingTransformer ToModel(string streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        RtuForecaster? copy = null;
        SeriesTimeline? timeline = null;
        // A timed engine: no observation runs meanwhile, so the model and its last timestamp are of one instant.
        if (_timeline is not null) _clockGate.EnterWriteLock();
        try
        {
            if (_shared is null) _streams.WithCurrentOrStart(streamId, m => copy = m.Clone());
            else lock (_shared.Gate) _streams.WithCurrentOrStart(streamId, m => { copy = m.Clone(); _shared.LoadInto(copy); copy.SharesWeights = false; });   // one model of its own now
            timeline = TimelineOf([streamId], keyed: false);
        }
        finally { if (_timeline is not null) _clockGate.ExitWriteLock(); }
        return RtuForecastingTransformer.Unkeyed(_options, copy!, _widths, timeline);
    }

    // The timeline of a model frozen from streams (null: an untimed engine): Fit's step, and each stream's last
    // timestamp as the end its series continues from (under the empty key for an unkeyed model). Call it with the clock
    // gate held exclusively.
    private SeriesTimeline? TimelineOf(IEnumerable<string> streamIds, bool keyed)
    {
        if (_timeline is null) return null;
        var ends = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in streamIds)
        {
            // A stream not observed yet has no clock: it stands where it would start (Fit's end of its series, or nowhere).
            long? last = _clocks.TryGetValue(id, out var clock) ? clock.Last : NewClock(id).Last;
            if (last is long end) ends[keyed ? id : ""] = end;
        }
        return _timeline with { FitEnd = ends };
    }

    // A stream's model as stored, without loading a global model's shared weights (tests check checkpoints with it).
    internal RtuForecaster? RawStream(string streamId)
    {
        RtuForecaster? copy = null;
        _streams.TryWith(streamId, m => copy = m.Clone());
        return copy;
    }

    /// <summary>
    /// Freezes every stream into one keyed transformer (key column <paramref name="seriesKeyColumnName"/>, default the
    /// fitted model's key column or "SeriesKey"): a table of all the series goes through it as through a keyed
    /// <c>Fit</c>'s result; each stream is copied at one instant under its own lock. A fitted key that no stream has
    /// started yet is kept as the engine would start it (its fitted model; in a global model with the current shared
    /// weights). A timed engine's model keeps the timestamp column, the step inferred at Fit and each stream's last
    /// timestamp (a fitted key not started: the end of its series at Fit), where its series continue.
    /// </summary>
    public RtuForecastingTransformer ToKeyedModel(string? seriesKeyColumnName = null)
    {
        var o = _options.Clone();
        o.SeriesKeyColumnName = seriesKeyColumnName ?? o.SeriesKeyColumnName ?? "SeriesKey";
        o.Validate(stored: true);   // the new key column only: the rest is the model's
        var fresh = new RtuForecaster(_streams.Prototype.Settings);   // a key the engine never saw starts untrained, as in a keyed Fit
        // A timed engine: no observation runs meanwhile, so the streams and their last timestamps are of one instant.
        if (_timeline is not null) _clockGate.EnterWriteLock();
        try
        {
            if (_shared is null)
            {
                var series = _streams.SnapshotWithInitial();   // fitted keys not started yet too
                return new RtuForecastingTransformer(o, fresh, _widths, series, TimelineOf(series.Keys, keyed: true));
            }
            lock (_shared.Gate)
            {
                var series = _streams.SnapshotWithInitial();   // fitted keys not started yet too
                foreach (var m in series.Values) _shared.LoadInto(m);
                _shared.LoadInto(fresh);   // …or, in a global model, from what every series taught
                return new RtuForecastingTransformer(o, fresh, _widths, series, TimelineOf(series.Keys, keyed: true));
            }
        }
        finally { if (_timeline is not null) _clockGate.ExitWriteLock(); }
    }

    /// <summary>
    /// The prediction interval of the latest forecast of a stream at <paramref name="level"/> (0.8 or 0.95): lower and
    /// upper bounds per horizon, calibrated online on that stream's own past errors (adaptive conformal inference,
    /// <see cref="ConformalIntervals"/>); NaN while a horizon has too few scored forecasts. Like <see cref="Forecast"/>,
    /// a stream that has observed nothing yet gives the interval of the model it will start from: where Fit stopped for
    /// an unkeyed model or a fitted key, NaN for a key Fit never saw (it starts untrained).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not 0.8 or 0.95.</exception>
    public (float[] Lower, float[] Upper) ForecastInterval(string streamId, double level)
    {
        int index = ConformalIntervals.Levels.ToList().IndexOf(level);
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be 0.8 or 0.95.");
        var lower = new float[Horizon];
        var upper = new float[Horizon];
        _streams.WithCurrentOrStart(streamId, m => m.WriteInterval(index, lower, upper));
        return (lower, upper);
    }

    /// <summary>
    /// The change of the series that a stream's last observation confirmed (<see cref="RtuForecaster.LastChange"/>): a
    /// level shift (or a recent one undone), a collapse moved in proportion, a change of scale, or the withdrawal of the
    /// row before's change (or of a glitch's), with the row it began at and the levels it moved between; <see cref="SeriesChange.None"/> when that row confirmed none, and for a stream that has observed nothing
    /// (or whose model was just restored from a checkpoint: the change is not saved).
    /// </summary>
    public SeriesChange LastChange(string streamId)
    {
        var change = SeriesChange.None;
        _streams.TryWith(streamId, m => change = m.LastChange);
        return change;
    }

    /// <summary>Forgets a stream; its next observation starts again from the trained model.</summary>
    public bool RemoveStream(string streamId)
    {
        _clockGate.EnterWriteLock();
        try
        {
            _clocks.TryRemove(streamId, out _);
            return _streams.Remove(streamId);
        }
        finally { _clockGate.ExitWriteLock(); }
    }

    /// <summary>
    /// Writes every stream (recurrent state, RTRL and eligibility traces, weights, optimizer moments, input statistics,
    /// pending targets) to <paramref name="destination"/>, with a format version, the model's fingerprint and a SHA-256.
    /// The streams written are those that existed at one instant (a concurrent <see cref="RemoveStream"/> or new key
    /// never makes the checkpoint inconsistent); each is written under its own lock.
    /// </summary>
    /// <remarks>A global model (<see cref="RtuForecastingOptions.SharedWeights"/>) holds its weights' lock for the whole
    /// checkpoint: every stream is written with the shared weights of that one instant.</remarks>
    /// <remarks>A timed engine (a model with a timestamp column) appends each stream's last timestamp after the
    /// streams (a section older libraries skip), written with them at one instant.</remarks>
    public void Checkpoint(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _clockGate.EnterWriteLock();
        try
        {
            if (_shared is null) _streams.Checkpoint(destination, CheckpointVersion);
            else
            {
                lock (_shared.Gate)
                {
                    foreach (var id in _streams.Keys) _streams.TryWith(id, _shared.LoadInto);
                    _streams.Checkpoint(destination, CheckpointVersion);
                }
            }
            if (_timeline is not null) WriteClocks(destination);
        }
        finally { _clockGate.ExitWriteLock(); }
    }

    // Layout: magic, int32 count, per stream its key (int32 UTF-16 count, uint16 each) and int64 last timestamp, then SHA-256 of all that.
    // Written and hashed as it goes, like the streams' part.
    private void WriteClocks(Stream destination)
    {
        using var payload = new HashedWriter(destination);
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(ClocksMagic);
            var known = _clocks.Where(p => p.Value.Last is not null).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
            w.Write(known.Length);
            foreach (var (key, clock) in known)
            {
                w.Write(key.Length);
                foreach (char c in key) w.Write((ushort)c);
                w.Write(clock.Last!.Value);
            }
        }
        destination.Write(payload.Finish());
    }

    // The clock section after the streams' part: the rest of the source, at most cap bytes. Every checkpoint a timed
    // engine reads has one (its engine wrote it since checkpoint version 4, and versions below 8 are refused), so none at
    // all is a checkpoint cut at its streams' end: refused, as any truncation (it was taken for a checkpoint without clocks,
    // and every stream lost its last timestamp; an outside audit). It is read as it comes, never held: memory is the clocks.
    // The checks keep their order (too long, truncated, checksum, then the content), the content being parsed while
    // the section is read and its errors reported only once the checksum holds.
    private static Dictionary<string, long> ReadClocks(Stream source, long cap)
    {
        const int hash = 32;
        var clocks = new Dictionary<string, long>(StringComparer.Ordinal);
        using var tail = new TrailingHashReader(source, cap);
        Exception? error = null;
        long parsed = 0;
        try
        {
            try { ParseClocks(tail, cap, clocks); }
            catch (InvalidDataException e) when (RtuFormatError.IsOurs(e)) { error = e; }
            catch (EndOfStreamException e) { error = RtuFormatError.Create("The checkpoint's stream clocks are truncated.", inner: e); }
            catch (FormatException e) { error = RtuFormatError.Create("The checkpoint has unknown data after its streams.", inner: e); }
            parsed = tail.HandedOn;
            tail.Drain();
        }
        catch (IOException e) { throw RtuFormatError.Create($"The checkpoint cannot be read: {e.Message}", inner: e); }
        if (tail.Count == 0) throw RtuFormatError.Create("The checkpoint is truncated: it ends with its streams, without the stream clocks a timed engine's checkpoint ends with.");
        if (tail.Count > cap) throw RtuFormatError.Create("The checkpoint has unknown data after its stream clocks (too long).");
        if (tail.Count < hash) throw RtuFormatError.Create("The checkpoint's stream clocks are truncated.");
        if (!tail.Hash().AsSpan().SequenceEqual(tail.Stored)) throw RtuFormatError.Create("The checkpoint's stream clocks are corrupt (checksum mismatch).");
        if (error is not null) throw error;
        // The content ends before its checksum (the parser saw the section's bytes as they came, the checksum too).
        if (parsed > tail.Count - hash) throw RtuFormatError.Create("The checkpoint's stream clocks are truncated.");
        return clocks;
    }

    private static void ParseClocks(TrailingHashReader tail, long cap, Dictionary<string, long> clocks)
    {
        using var r = new BinaryReader(tail, Encoding.UTF8, leaveOpen: true);
        var magic = Encoding.UTF8.GetBytes(ClocksMagic);
        int magicLength = r.Read7BitEncodedInt();
        if (magicLength != magic.Length) throw RtuFormatError.Create("The checkpoint has unknown data after its streams.");
        if (!r.ReadBytes(magic.Length).AsSpan().SequenceEqual(magic)) throw RtuFormatError.Create("The checkpoint has unknown data after its streams.");
        int n = r.ReadInt32();
        if (n < 0 || n > (cap - tail.HandedOn) / 12) throw RtuFormatError.Create($"The checkpoint's clock count ({n}) is corrupt.");
        for (int i = 0; i < n; i++)
        {
            int length = r.ReadInt32();
            if (length < 1 || length > (cap - tail.HandedOn) / 2) throw RtuFormatError.Create("A stream clock's key is corrupt.");
            string key = BoundedRead.Utf16Units(tail, length, "The checkpoint's stream clocks are truncated.");
            if (!clocks.TryAdd(key, r.ReadInt64())) throw RtuFormatError.Create("A stream clock appears twice.");
        }
    }

    /// <summary>
    /// Writes the checkpoint to <paramref name="path"/> atomically: to a temporary file in the same folder, flushed to
    /// disk, then renamed over <paramref name="path"/>; a crash or kill at any point leaves the previous checkpoint intact.
    /// </summary>
    public void Checkpoint(string path) => Rtu.Trainers.IO.AtomicFile.Write(path, Checkpoint);

    /// <summary>
    /// Replaces every stream with those of a checkpoint written by <see cref="Checkpoint(Stream)"/> from an engine of the
    /// same model; continuing then gives exactly the forecasts the checkpointed engine would have given. A failed
    /// restore leaves the engine unchanged.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, of a newer format, or of another model.</exception>
    /// <remarks>A timed engine restores each stream's last timestamp too; a stream the checkpoint has no timestamp
    /// for (an untimed or older checkpoint) accepts any timestamp next and counts gaps from it. After a library upgrade
    /// that changed the model's layout, an engine of the model loaded from its file also restores the checkpoints the
    /// older library took (checked against the file's own bytes); an engine with <see cref="RtuForecastingOptions.ResetStateOnTransform"/>
    /// on, or of a model fitted anew, knows only this library's layout.</remarks>
    public void Restore(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _clockGate.EnterWriteLock();
        try
        {
            // Everything is read and checked before anything changes, the clock section too (a failed restore changes
            // nothing); the streams' part is read as it comes, one stream at a time, never held whole.
            var (restored, length) = _streams.Read(source, CheckpointVersion, minimumVersion: 8);  // 5: the pool's second season; 6: its learned Holt–Winters members; 7: the settings' second season; 8: the seasonal-ratio member
            // A timed engine's clock section names a subset of the streams with keys no longer than theirs: at most as
            // many bytes again (plus a little); more is refused unread (a source followed by 200 MB took 737 MB when
            // the whole source was read first).
            var clocks = _timeline is null ? null : ReadClocks(source, length + ClocksOverhead);
            if (_shared is null) _streams.Replace(restored);
            else
            {
                lock (_shared.Gate)
                {
                    _streams.Replace(restored);
                    // Every stream was written with the same shared weights, but one holding rows to judge (a new series'
                    // first rows, a possible spike) was written as it was before them and learned them again on reading:
                    // take the weights from a stream that holds none, and give them to every stream.
                    var keys = _streams.Keys;
                    string? plain = null;
                    foreach (var key in keys)
                        if (plain is null) _streams.TryWith(key, f => { if (!f.HoldsRowsToJudge) plain = key; });
                    plain ??= keys.FirstOrDefault();
                    if (plain is not null)
                    {
                        _streams.TryWith(plain, _shared.Adopt);
                        foreach (var key in keys) _streams.TryWith(key, _shared.LoadInto);
                    }
                }
            }
            if (clocks is null) return;
            _clocks.Clear();
            foreach (var key in _streams.Keys)
                _clocks[key] = new SeriesClock(_timeline!.Step, _timeline.AreDates, clocks.TryGetValue(key, out long last) ? last : null, period: _seasonsPeriod);
        }
        finally { _clockGate.ExitWriteLock(); }
    }

    private const int ClocksOverhead = 1024;

    /// <summary>Restores from a checkpoint file written by <see cref="Checkpoint(string)"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Restore(Stream)"/>; the message names the file.</exception>
    public void Restore(string path) => StreamFiles.Restore(path, Restore);

    // The forecaster's settings, its learner's settings and input size: every size the forecaster allocates.
    internal static (int Offset, int Length)[] SizeFixingBytes(byte[] prototype)
    {
        using var r = new BinaryReader(new MemoryStream(prototype));
        RtuForecasterSettings.Read(r);
        RtuLearnerSettings.Read(r);
        r.ReadInt32();
        return [(0, (int)r.BaseStream.Position)];
    }
}
