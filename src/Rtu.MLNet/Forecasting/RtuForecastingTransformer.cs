using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>
/// The trained forecaster of <see cref="RtuForecastingEstimator"/>. Transform is lazy: each cursor (and each
/// prediction engine) is one stream that starts from the trained model, carries the RTU state row to row and, with
/// <see cref="RtuForecastingOptions.LearnDuringTransform"/>, keeps learning on its own copy. The transformer itself never changes.
/// With <see cref="RtuForecastingOptions.SeriesKeyColumnName"/> it holds one fitted forecaster per series key
/// (<see cref="SeriesKeys"/>, <see cref="ForKey"/>) and a cursor keeps one stream per key.
/// </summary>
public sealed class RtuForecastingTransformer : ITransformer
{
    private readonly RtuForecastingOptions _options;   // private and never changed (the estimator hands over its own frozen copy)
    private readonly int[] _widths;
    private readonly RtuForecaster _model;   // keyed: the untrained model a new key starts from
    private readonly IReadOnlyDictionary<string, RtuForecaster>? _series;
    private readonly SeriesTimeline? _timeline;

    // What Fit learned about time (step, series ends), for the streaming engine; null without a timestamp column.
    internal SeriesTimeline? Timeline => _timeline;

    // The model as the file held it (a transformer read from a file; null after Fit): lets an engine restore the
    // checkpoints an older library took of this model.
    internal StoredPrototype? Stored { get; private init; }

    internal RtuForecastingTransformer(RtuForecastingOptions options, RtuForecaster model, int[] widths, IReadOnlyDictionary<string, RtuForecaster>? series = null,
        SeriesTimeline? timeline = null, string[]? warnings = null)
    {
        if ((options.SeriesKeyColumnName is null) != (series is null)) throw new ArgumentException("A keyed transformer needs its series models, an unkeyed one none.");
        if ((options.TimestampColumnName is null) != (timeline is null)) throw new ArgumentException("A timestamp column needs its timeline.");
        _options = options; _model = model; _widths = widths; _series = series; _timeline = timeline; FitWarnings = warnings ?? [];
    }

    /// <summary>
    /// What Fit found doubtful but did not refuse: a <see cref="RtuForecastingOptions.Horizon"/> not shorter than a
    /// series' data, a <see cref="RtuForecastingOptions.SeasonLength"/> with less than two seasons of data, values too large
    /// for their changes to survive single precision (<see cref="Rtu.Trainers.Online.SinglePrecisionCheck"/>: a meter
    /// reading near 1e7 that moves by about 1 a step), and timestamps that look like dates written as integers (not saved
    /// with the model).
    /// </summary>
    public IReadOnlyList<string> FitWarnings { get; }

    /// <summary>The time step inferred from the timestamps at Fit (null without a timestamp column).</summary>
    public SeriesTimeStep? TimeStep => _timeline?.Step;

    /// <summary>Whether the transformer keeps one model per series key (<see cref="RtuForecastingOptions.SeriesKeyColumnName"/>).</summary>
    public bool IsKeyed => _series is not null;

    /// <summary>The series keys fitted (empty without a key column), in ordinal order.</summary>
    public IReadOnlyList<string> SeriesKeys => _series is null ? [] : _series.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The fitted model of one series as an unkeyed transformer (its own options, without the key column): to save,
    /// review, export to ONNX or serve that series alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transformer is not keyed.</exception>
    /// <exception cref="KeyNotFoundException">No series has that key.</exception>
    public RtuForecastingTransformer ForKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_series is null) throw new InvalidOperationException("This transformer has no series key column: it is one model already.");
        if (!_series.TryGetValue(key, out var model)) throw new KeyNotFoundException($"No series with key '{key}' was fitted. Keys: {string.Join(", ", SeriesKeys.Take(20))}{(_series.Count > 20 ? ", …" : "")}.");
        var timeline = _timeline is null ? null : _timeline with { FitEnd = _timeline.FitEnd.TryGetValue(key, out long end) ? new Dictionary<string, long> { [""] = end } : new Dictionary<string, long>() };
        var copy = model.Clone();
        copy.SharesWeights = false;   // one model of its own now (a global model's series was read back as shared)
        return Unkeyed(_options, copy, _widths, timeline);
    }

    internal static RtuForecastingTransformer Unkeyed(RtuForecastingOptions options, RtuForecaster model, int[] widths, SeriesTimeline? timeline = null)
    {
        var o = options.Clone();
        o.SeriesKeyColumnName = null;
        o.SharedWeights = false;   // one series: its model holds the shared weights as they were
        if (timeline is null) { o.TimestampColumnName = null; o.SortByTimestamp = false; }
        return new RtuForecastingTransformer(o, model, widths, null, timeline);
    }

    internal IReadOnlyDictionary<string, RtuForecaster>? Series => _series;

    /// <summary>A copy of the options it was trained with (changing it does not change the transformer).</summary>
    public RtuForecastingOptions Options => _options.Clone();

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _options.Horizon;

    /// <summary>A copy of the trained model (RTU, heads, statistics, state where Fit stopped), e.g. for an ONNX exporter.</summary>
    /// <exception cref="InvalidOperationException">The transformer is keyed: take one series' model with <see cref="ForKey"/>.</exception>
    public RtuForecaster GetModel() => Single().Clone();

    /// <summary>The trained RTU (shared, read it only): parameters and carry.</summary>
    /// <exception cref="InvalidOperationException">The transformer is keyed: take one series' model with <see cref="ForKey"/>.</exception>
    public IRecurrentLayer<float> RecurrentLayer => Single().Learner.Layer;

    // The one model of an unkeyed transformer; a keyed one has a model per series and no single answer.
    private RtuForecaster Single() => _series is null ? _model
        : throw new InvalidOperationException($"This transformer holds one model per series key ('{_options.SeriesKeyColumnName}'): take one series with ForKey(key).");

    /// <summary>Always true: a row maps to a row (with state carried between rows of one cursor).</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The one model (unkeyed), or the untrained model a new key starts from (keyed).</summary>
    internal RtuForecaster Model => _model;

    internal int[] InputWidths => _widths;

    // The forecast, then the state (if any), then the four interval columns (if any), then the change column (if any): the
    // kernel writes them in this order.
    internal static (string, int)[] Outputs(RtuForecastingOptions o)
    {
        var outputs = new List<(string, int)> { (o.OutputColumnName, o.Horizon) };
        if (o.StateColumnName is not null) outputs.Add((o.StateColumnName, RtuFeatureModel.StateWidth(o.Architecture, o.Units)));
        if (o.IncludeIntervals) outputs.AddRange(o.IntervalColumnNames.Select(n => (n, o.Horizon)));
        if (o.IncludeChanges) outputs.Add((o.ChangeColumnName, RtuForecastingOptions.ChangeWidth));
        return outputs.ToArray();
    }

    internal static DataViewSchema.Column[] CheckInputs(DataViewSchema schema, RtuForecastingOptions o, int[]? widths)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var cols = new List<DataViewSchema.Column>
        {
            RtuSchema.CheckInput(schema, new RtuInputColumn(o.InputColumnName, "series", 1, true), nameof(RtuForecastingTransformer)),
        };
        for (int i = 0; i < o.ExogenousColumnNames.Length; i++)
            cols.Add(RtuSchema.CheckInput(schema, new RtuInputColumn(o.ExogenousColumnNames[i], "exogenous", widths?[i + 1] ?? 0, false), nameof(RtuForecastingTransformer)));
        return cols.ToArray();
    }

    internal static DataViewSchema.Column? CheckTime(DataViewSchema schema, RtuForecastingOptions o) =>
        o.TimestampColumnName is null ? null : TimestampColumn.Check(schema, o.TimestampColumnName, nameof(RtuForecastingTransformer));

    internal static DataViewSchema.Column? CheckKey(DataViewSchema schema, RtuForecastingOptions o) =>
        o.SeriesKeyColumnName is null ? null : SeriesKeyColumn.Check(schema, o.SeriesKeyColumnName, nameof(RtuForecastingTransformer));

    internal static void Gather(float[][] inputs, float[] exogenous)
    {
        int k = 0;
        for (int i = 1; i < inputs.Length; i++) { inputs[i].CopyTo(exogenous, k); k += inputs[i].Length; }
    }

    /// <summary>Checks the input schema (series and exogenous columns: presence, type, sizes seen at training) and adds the outputs.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInputs(inputSchema, _options, _widths);
        CheckKey(inputSchema, _options);
        CheckTime(inputSchema, _options);
        return RtuSchema.AppendSchema(inputSchema, Outputs(_options));
    }

    /// <summary>Lazily adds the forecast column; every cursor is a stream that starts from the trained model.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_options.SortByTimestamp) input = new TimeSortedDataView(input, CheckTime(input.Schema, _options)!.Value, nameof(RtuForecastingTransformer));
        return new RtuDataView(input, (RtuRowMapper)GetRowToRowMapper(input.Schema));
    }

    /// <summary>
    /// A row mapper whose rows (one per cursor or prediction engine) carry their own state. A row from
    /// <see cref="IRowToRowMapper.GetRow"/> observes its input row when one of its output getters is first called at
    /// that row (ML.NET's public row has no per-row hook, as its time-series transforms' internal "pinger" is): call an
    /// output getter on every row, as a prediction engine does, or a row not read is a row the model never saw.
    /// <see cref="Transform"/>'s cursors observe every row on MoveNext.
    /// </summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var cols = CheckInputs(inputSchema, _options, _widths);
        var key = CheckKey(inputSchema, _options);
        var time = CheckTime(inputSchema, _options);
        if (!_options.SharedWeights) return new RtuRowMapper(inputSchema, cols, Outputs(_options), key, k => new Kernel(this, StartOf(k), k, null), time);
        // A global model: the series of one cursor share one copy of the weights (other cursors start again from Fit's).
        return new RtuRowMapper(inputSchema, cols, Outputs(_options), key, () =>
        {
            var shared = new SharedForecasterWeights(_model);
            return k => new Kernel(this, StartOf(k), k, shared);
        }, time);
    }

    /// <summary>Not supported: ML.NET cannot store an outside transformer's weights. Use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw RtuModel.ModelSaveRefused("an RTU transformer's weights");

    // The model a stream of this key starts from: its fitted model, or the untrained one for a key Fit never saw.
    internal RtuForecaster StartOf(string? key) => key is not null && _series is not null && _series.TryGetValue(key, out var m) ? m : _model;

    /// <summary>
    /// A thread-safe engine of many keyed streams that forecast and keep learning after deployment. A keyed
    /// transformer's series continue from their fitted models under their own keys; other ids start as <see cref="ForKey"/>
    /// would not: from the untrained model (keyed) or from the trained model where Fit stopped (unkeyed).
    /// </summary>
    public RtuForecastEngine CreateStreamingEngine(bool learn = true) => new(this, learn);

    /// <summary>
    /// The part version <see cref="Write"/> uses: 13 with the change column (<see cref="RtuForecastingOptions.IncludeChanges"/>), else 12 when the learner's settings store the gated RTU's a₀ range
    /// (<see cref="RtuLearnerSettings.StoresDecayGateInit"/>, layout 3), 11 when they store only an open-unit share
    /// (<see cref="RtuLearnerSettings.StoresOpenUnitShare"/>, layout 2; layouts older libraries cannot read), else 10, the SecondSeasonLength option (after the SortByTimestamp option of 8,
    /// the forecast pool's second-season members of 7, the interval option of 6, the forecast pool of 5 and the key,
    /// timestamp and series fields of 4). The pool and the forecaster's settings read their older layouts themselves;
    /// before 10 the second season was the rule's (null). (Container version 9 added nothing to this part.)
    /// </summary>
    internal int PartVersion => _options.IncludeChanges ? 13 : _model.Settings.Learner.StoresDecayGateInit ? 12 : _model.Settings.Learner.StoresOpenUnitShare ? 11 : 10;

    internal void Write(BinaryWriter w)
    {
        _options.Write(w);
        w.Write(_widths.Length);
        foreach (int x in _widths) w.Write(x);
        _model.Save(w);
        if (PartVersion < 4) return;
        w.Write(_options.SeriesKeyColumnName ?? "");
        w.Write(_options.TimestampColumnName ?? "");
        w.Write(_options.SharedWeights);
        _timeline?.Write(w);
        if (_series is not null) SeriesModelsBinary.Write(w, _series, (m, bw) => m.Save(bw));
        w.Write(_options.IncludeIntervals);   // version 6
        w.Write(_options.SortByTimestamp);   // version 8
        w.Write(_options.SecondSeasonLength ?? -1);   // version 10 (−1: null, the rule)
        if (PartVersion >= 13) w.Write(_options.IncludeChanges);
    }

    internal static RtuForecastingTransformer Read(BinaryReader r, int partVersion)
    {
        var o = RtuForecastingOptions.Read(r);
        int n = r.ReadInt32();
        if (n != 1 + o.ExogenousColumnNames.Length) throw new InvalidDataException("Stored input widths do not match the columns.");
        var widths = Enumerable.Range(0, n).Select(_ => r.ReadInt32()).ToArray();
        if (widths[0] != 1 || widths.Any(x => x < 1)) throw new InvalidDataException("Stored input widths are invalid.");
        long modelStart = r.BaseStream.Position;
        var model = RtuForecaster.Load(r);
        long modelEnd = r.BaseStream.Position;
        byte[] storedModel = StoredPrototype.BytesBetween(r, modelStart, modelEnd);
        var storedSeries = new StoredPrototype.Builder(storedModel);
        if (model.Settings.ExogenousCount != widths.Skip(1).Sum() || model.Horizon != o.Horizon)
            throw new InvalidDataException("Stored model does not match its options.");
        // The option is not written with the options: the model's settings hold it (older files: off on both sides).
        o.SeasonalRatioMember = model.Settings.SeasonalRatioMember;
        // The value range too (older files: none on both sides).
        o.MinimumValue = double.IsFinite(model.Settings.MinimumValue) ? model.Settings.MinimumValue : null;
        o.MaximumValue = double.IsFinite(model.Settings.MaximumValue) ? model.Settings.MaximumValue : null;
        // The same for the gated RTU's open-unit share and a₀ range: the learner's settings hold them (older files: the
        // values that files without them stand for, RecurrentLayerOptions.UnstoredOpenUnitShare and its a₀ range).
        o.OpenUnitShare = model.Settings.Learner.Layer.OpenUnitShare;
        o.DecayGateInitMin = model.Settings.Learner.Layer.DecayGateInitMin;
        o.DecayGateInitMax = model.Settings.Learner.Layer.DecayGateInitMax;
        if (partVersion < 4) return new RtuForecastingTransformer(o, model, widths) { Stored = new(storedModel, StoredPrototype.Of(storedModel, [])) };
        string key = r.ReadString(), time = r.ReadString();
        o.SeriesKeyColumnName = key.Length == 0 ? null : key;
        o.TimestampColumnName = time.Length == 0 ? null : time;
        o.SharedWeights = r.ReadBoolean();
        try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored series key or timestamp column is invalid: {e.Message}", e); }
        var timeline = o.TimestampColumnName is null ? null : SeriesTimeline.Read(r);
        Dictionary<string, RtuForecaster>? series = null;
        if (o.SeriesKeyColumnName is not null)
        {
            // The series were written in the same pool layout as the stored prototype, which may be older and shorter than
            // the current one (before part version 7, or a pool without the learned Holt–Winters members): they are checked
            // against the stored prototype's own bytes, and each loads into the current layout.
            // A global model's series are read as its host observes them (RtuForecaster.SharesWeights).
            Func<BinaryReader, RtuForecaster> load = o.SharedWeights ? rr => RtuForecaster.Load(rr, sharesWeights: true) : RtuForecaster.Load;
            series = SeriesModelsBinary.Read(r, storedModel, RtuForecastEngine.SizeFixingBytes(storedModel), load, storedSeries);
        }
        if (partVersion >= 6)
        {
            o.IncludeIntervals = r.ReadBoolean();
            try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored interval option is invalid: {e.Message}", e); }
        }
        if (partVersion >= 8)
        {
            o.SortByTimestamp = r.ReadBoolean();
            try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored sort option is invalid: {e.Message}", e); }
        }
        if (partVersion >= 10)
        {
            int second = r.ReadInt32();
            if (second < -1) throw new InvalidDataException($"Stored SecondSeasonLength {second} is invalid.");
            o.SecondSeasonLength = second == -1 ? null : second;
        }
        if (partVersion >= 13)
        {
            o.IncludeChanges = r.ReadBoolean();
            try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored change option is invalid: {e.Message}", e); }
        }
        // The model's own settings hold the second season it was built with (older files: null, the rule, on both sides).
        if (o.SecondSeasonLength != model.Settings.SecondSeasonLength)
            throw new InvalidDataException($"Stored SecondSeasonLength ({o.SecondSeasonLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}) does not match the stored model's ({model.Settings.SecondSeasonLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}).");
        return new RtuForecastingTransformer(o, model, widths, series, timeline) { Stored = new(storedModel, storedSeries.Finish()) };
    }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuForecaster _f;
        private readonly float[] _exo;
        private readonly bool _learn, _state, _intervals, _changes;
        private readonly SeriesClock? _clock;
        private readonly string? _key;
        private readonly SharedForecasterWeights? _shared;

        public Kernel(RtuForecastingTransformer t, RtuForecaster start, string? key, SharedForecasterWeights? shared)
        {
            _f = start.Clone();
            _shared = shared;
            _key = key;
            // A Transform continues each series after Fit's last timestamp, unless every stream starts blank.
            _clock = t._timeline?.ClockFor(key, continueFromFit: !t._options.ResetStateOnTransform, SeriesClock.SeasonsPeriod(_f.Settings.SeasonLength, _f.Settings.SecondSeason));
            if (t._options.ResetStateOnTransform) _f.ResetState();
            _exo = new float[_f.Settings.ExogenousCount];
            _learn = t._options.LearnDuringTransform;
            _state = t._options.StateColumnName is not null;
            _intervals = t._options.IncludeIntervals;
            _changes = t._options.IncludeChanges;
        }

        public void Compute(long time, long position, float[][] inputs, float[][] outputs)
        {
            Gather(inputs, _exo);
            long missing = _clock!.ToFill(_clock.Advance(time, _key, position));
            for (long g = 0; g < missing; g++) Step(double.NaN, default, default);
            Step(inputs[0][0], outputs[0], _state ? outputs[1] : default);
            WriteIntervals(outputs);
            WriteChange(outputs);
        }

        public void Compute(float[][] inputs, float[][] outputs)
        {
            Gather(inputs, _exo);
            Step(inputs[0][0], outputs[0], _state ? outputs[1] : default);
            WriteIntervals(outputs);
            WriteChange(outputs);
        }

        // The intervals around the forecast this row just made (this series' own forecaster, so keyed rows too).
        private void WriteIntervals(float[][] outputs)
        {
            if (!_intervals) return;
            int first = _state ? 2 : 1;
            for (int level = 0; level < 2; level++)
                _f.WriteInterval(level, outputs[first + 2 * level], outputs[first + 2 * level + 1]);
        }

        // The change this row confirmed (kind, rows ago, from, to; zeros for none), after the interval columns.
        private void WriteChange(float[][] outputs)
        {
            if (!_changes) return;
            var c = _f.LastChange;
            var o = outputs[outputs.Length - 1];
            o[0] = (int)c.Kind; o[1] = c.RowsAgo;
            o[2] = c.Confirmed ? (float)c.From : 0; o[3] = c.Confirmed ? (float)c.To : 0;
        }

        private void Step(double value, Span<float> forecast, Span<float> state)
        {
            if (_shared is null) _f.Observe(value, _exo, _learn, forecast, state);
            else _shared.Observe(_f, value, _exo, _learn, forecast, state);
        }
    }
}
