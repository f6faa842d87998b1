using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>
/// The fitted state-feature transformer. Each cursor (and prediction engine) is one stream: by default it starts
/// from a blank state with the fitted weights and statistics, and does not learn.
/// </summary>
public sealed class RtuStateFeaturesTransformer : ITransformer
{
    private readonly RtuStateFeaturesOptions _options;   // private and never changed (the estimator hands over its own frozen copy)
    private readonly RtuFeatureModel _model;   // keyed: the model a new key starts from
    private readonly IReadOnlyDictionary<string, RtuFeatureModel>? _series;

    internal RtuStateFeaturesTransformer(RtuStateFeaturesOptions options, RtuFeatureModel model, int inputSize, IReadOnlyDictionary<string, RtuFeatureModel>? series = null)
    {
        if ((options.SeriesKeyColumnName is null) != (series is null)) throw new ArgumentException("A keyed transformer needs its series models, an unkeyed one none.");
        _options = options; _model = model; InputSize = inputSize; _series = series;
    }

    /// <summary>Whether the transformer keeps one model per series key (<see cref="RtuStateFeaturesOptions.SeriesKeyColumnName"/>).</summary>
    public bool IsKeyed => _series is not null;

    /// <summary>The series keys fitted (empty without a key column), in ordinal order.</summary>
    public IReadOnlyList<string> SeriesKeys => _series is null ? [] : _series.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>One series' fitted model as an unkeyed transformer (to save, export to ONNX or serve alone).</summary>
    /// <exception cref="InvalidOperationException">The transformer is not keyed.</exception>
    /// <exception cref="KeyNotFoundException">No series has that key.</exception>
    public RtuStateFeaturesTransformer ForKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_series is null) throw new InvalidOperationException("This transformer has no series key column: it is one model already.");
        if (!_series.TryGetValue(key, out var model)) throw new KeyNotFoundException($"No series with key '{key}' was fitted.");
        var o = _options.Clone();
        o.SeriesKeyColumnName = null;
        o.SharedWeights = false;   // one series: its model holds the shared weights as they were
        return new RtuStateFeaturesTransformer(o, model.Clone(), InputSize);
    }

    internal IReadOnlyDictionary<string, RtuFeatureModel>? Series => _series;

    internal RtuFeatureModel StartOf(string? key) => key is not null && _series is not null && _series.TryGetValue(key, out var m) ? m : _model;

    private RtuFeatureModel Single() => _series is null ? _model
        : throw new InvalidOperationException($"This transformer holds one model per series key ('{_options.SeriesKeyColumnName}'): take one series with ForKey(key).");

    /// <summary>A copy of the options it was trained with (changing it does not change the transformer).</summary>
    public RtuStateFeaturesOptions Options => _options.Clone();

    /// <summary>Width of the input feature column seen at training.</summary>
    public int InputSize { get; }

    /// <summary>Width of the state column.</summary>
    public int StateSize => _model.StateSize;

    /// <summary>A copy of the fitted model (RTU, head, statistics), e.g. for an ONNX exporter.</summary>
    /// <exception cref="InvalidOperationException">The transformer is keyed: take one series with <see cref="ForKey"/>.</exception>
    public RtuFeatureModel GetModel() => Single().Clone();

    /// <summary>The trained RTU (shared, read it only).</summary>
    /// <exception cref="InvalidOperationException">The transformer is keyed: take one series with <see cref="ForKey"/>.</exception>
    public IRecurrentLayer<float> RecurrentLayer => Single().Learner.Layer;

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The one model (unkeyed), or the model a new key starts from (keyed).</summary>
    internal RtuFeatureModel Model => _model;

    internal static DataViewSchema.Column? CheckKey(DataViewSchema schema, RtuStateFeaturesOptions o) =>
        o.SeriesKeyColumnName is null ? null : SeriesKeyColumn.Check(schema, o.SeriesKeyColumnName, nameof(RtuStateFeaturesTransformer));

    internal static DataViewSchema.Column? CheckTime(DataViewSchema schema, RtuStateFeaturesOptions o) =>
        o.TimestampColumnName is null ? null : TimestampColumn.Check(schema, o.TimestampColumnName, nameof(RtuStateFeaturesTransformer));

    internal static (string, int)[] Outputs(RtuStateFeaturesOptions o)
    {
        int state = RtuFeatureModel.StateWidth(o.Architecture, o.Units);
        return o.PredictionColumnName is null ? [(o.OutputColumnName, state)] : [(o.OutputColumnName, state), (o.PredictionColumnName, o.Horizon)];
    }

    internal static DataViewSchema.Column[] CheckInputs(DataViewSchema schema, RtuStateFeaturesOptions o, int size)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var features = RtuSchema.CheckInput(schema, new RtuInputColumn(o.InputColumnName, "features", size, false), nameof(RtuStateFeaturesTransformer));
        if (o.LabelColumnName is null) return [features];
        // At transform time the label is read only to keep learning (LearnDuringTransform); otherwise it may be absent.
        if (size > 0 && !o.LearnDuringTransform) return [features];
        var checkedLabel = RtuSchema.CheckInput(schema, new RtuInputColumn(o.LabelColumnName, "label", 1, true), nameof(RtuStateFeaturesTransformer));
        return [features, checkedLabel];
    }

    /// <summary>Checks the feature column (presence, Single type, the size seen at training) and adds the outputs.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInputs(inputSchema, _options, InputSize);
        CheckKey(inputSchema, _options);
        CheckTime(inputSchema, _options);
        return RtuSchema.AppendSchema(inputSchema, Outputs(_options));
    }

    /// <summary>Lazily adds the state column; every cursor carries its own recurrent state row to row.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_options.SortByTimestamp) input = new TimeSortedDataView(input, CheckTime(input.Schema, _options)!.Value, nameof(RtuStateFeaturesTransformer));
        return new RtuDataView(input, (RtuRowMapper)GetRowToRowMapper(input.Schema));
    }

    /// <summary>A row mapper whose rows (one per cursor or prediction engine) carry their own state.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var cols = CheckInputs(inputSchema, _options, InputSize);
        var key = CheckKey(inputSchema, _options);
        var time = CheckTime(inputSchema, _options);
        bool dates = time is { } t && TimestampColumn.AreDates(t);
        if (!_options.SharedWeights) return new RtuRowMapper(inputSchema, cols, Outputs(_options), key, () => k => new Kernel(this, StartOf(k), k, cols.Length > 1, null, dates), time);
        // A global model: the series of one cursor share one copy of the weights (other cursors start again from Fit's).
        return new RtuRowMapper(inputSchema, cols, Outputs(_options), key, () =>
        {
            var shared = new SharedFeatureWeights(_model);
            return k => new Kernel(this, StartOf(k), k, cols.Length > 1, shared, dates);
        }, time);
    }

    /// <summary>Not supported: use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw RtuModel.ModelSaveRefused("an RTU transformer's weights");

    /// <summary>
    /// A thread-safe engine of many keyed streams; with <paramref name="learn"/> (default: the options'
    /// LearnDuringTransform) each stream keeps learning from its labels after deployment.
    /// </summary>
    public RtuStateEngine CreateStreamingEngine(bool? learn = null) => new(this, learn ?? _options.LearnDuringTransform);

    internal void Write(BinaryWriter w)
    {
        _options.Write(w);
        w.Write(InputSize);
        _model.Save(w);
        if (PartVersion >= 7)
        {
            // Version 7: the key column ("" for none) and its series, the shared-weights flag, the timestamp column (""
            // for none: only version 11, a learner that stores its open-unit share, is written without one) and sort flag.
            w.Write(_options.SeriesKeyColumnName ?? "");
            if (_series is not null) SeriesModelsBinary.Write(w, _series, (m, bw) => m.Save(bw));
            w.Write(_options.SharedWeights);
            w.Write(_options.TimestampColumnName ?? "");
            w.Write(_options.SortByTimestamp);
            return;
        }
        if (_series is null) return;
        w.Write(_options.SeriesKeyColumnName!);
        SeriesModelsBinary.Write(w, _series, (m, bw) => m.Save(bw));
        if (PartVersion >= 6) w.Write(_options.SharedWeights);
    }

    /// <summary>
    /// The part version <see cref="Write"/> uses: 14 when the model's statistics widen for recurring deviations (every
    /// model fitted since; <see cref="RunningNormalizer.WidensForRecurringDeviations"/>), 12 when the learner's settings store the gated RTU's a₀ range
    /// (<see cref="RtuLearnerSettings.StoresDecayGateInit"/>), 11 when they store only an open-unit share
    /// (<see cref="RtuLearnerSettings.StoresOpenUnitShare"/>; layouts older libraries cannot read; the rest as version 7),
    /// 7 with a timestamp column, 6 for a global model (SharedWeights), 4 with a series key column, 3 otherwise, so that
    /// what an older library can read stays readable by it.
    /// </summary>
    internal int PartVersion => _model.Normalizer.WidensForRecurringDeviations ? 14 : _model.Learner.Settings.StoresDecayGateInit ? 12 : _model.Learner.Settings.StoresOpenUnitShare ? 11 : _options.TimestampColumnName is not null ? 7 : _series is null ? 3 : _options.SharedWeights ? 6 : 4;

    internal static RtuStateFeaturesTransformer Read(BinaryReader r, int partVersion)
    {
        var o = RtuStateFeaturesOptions.Read(r);
        int d = r.ReadInt32();
        long modelStart = r.BaseStream.Position;
        var model = RtuFeatureModel.Load(r);
        byte[] storedModel = StoredPrototype.BytesBetween(r, modelStart, r.BaseStream.Position);
        var storedSeries = new StoredPrototype.Builder(storedModel);
        if (model.InputSize != d) throw new InvalidDataException("Stored model does not match its input size.");
        if (model.Normalizer.WidensForRecurringDeviations != partVersion >= 14)
            throw new InvalidDataException($"Stored model's statistics are of the wrong kind for a part of format version {partVersion}.");
        // The gated RTU's options are not written with the options: the model's learner settings hold them (older files:
        // the values that files without them stand for on both sides).
        o.OpenUnitShare = model.Learner.Settings.Layer.OpenUnitShare;
        o.DecayGateInitMin = model.Learner.Settings.Layer.DecayGateInitMin;
        o.DecayGateInitMax = model.Learner.Settings.Layer.DecayGateInitMax;
        if (partVersion < 4) return new RtuStateFeaturesTransformer(o, model, d) { Stored = new(storedModel, StoredPrototype.Of(storedModel, [])) };
        string key = r.ReadString();
        o.SeriesKeyColumnName = key.Length == 0 ? null : key;
        try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored series key column is invalid: {e.Message}", e); }
        if (o.SeriesKeyColumnName is null && partVersion < 7) throw new InvalidDataException("Stored series key column is empty.");
        Dictionary<string, RtuFeatureModel>? series = null;
        if (o.SeriesKeyColumnName is not null)
        {
            // The series were written in the stored prototype's layout, which may be older than this library's: they are
            // checked against its bytes as stored, and each loads into the current layout.
            series = SeriesModelsBinary.Read(r, storedModel, RtuStateEngine.SizeFixingBytes(storedModel, model.Normalizer), RtuFeatureModel.Load, storedSeries);
        }
        if (partVersion >= 6) o.SharedWeights = r.ReadBoolean();
        if (partVersion >= 7)
        {
            string time = r.ReadString();
            o.TimestampColumnName = time.Length == 0 ? null : time;
            o.SortByTimestamp = r.ReadBoolean();
        }
        try { o.Validate(stored: true); } catch (ArgumentException e) { throw new InvalidDataException($"Stored state-feature options are invalid: {e.Message}", e); }
        return new RtuStateFeaturesTransformer(o, model, d, series) { Stored = new(storedModel, storedSeries.Finish()) };
    }

    // The model as the file held it (a transformer read from a file; null after Fit): lets an engine restore the
    // checkpoints an older library took of this model.
    internal StoredPrototype? Stored { get; private init; }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuFeatureModel _m;
        private readonly bool _learn, _hasLabel, _prediction, _update;
        private readonly SharedFeatureWeights? _shared;
        private readonly SeriesClock _clock;   // the order check of a timestamp column
        private readonly string? _key;

        public Kernel(RtuStateFeaturesTransformer t, RtuFeatureModel start, string? key, bool hasLabel, SharedFeatureWeights? shared, bool dates)
        {
            _m = start.Clone();
            _shared = shared;
            _key = key;
            _clock = new SeriesClock(new SeriesTimeStep { Name = "row", SeasonLength = 1, FixedTicks = 1 }, dates, null);
            if (t._options.ResetStateOnTransform) _m.ResetState();
            _hasLabel = hasLabel;
            _learn = hasLabel && t._options.LearnDuringTransform;
            _update = t._options.LearnDuringTransform;
            _prediction = t._options.PredictionColumnName is not null;
        }

        public void Compute(long time, long position, float[][] inputs, float[][] outputs)
        {
            _clock.AdvanceInOrder(time, _key, position);
            Compute(inputs, outputs);
        }

        public void Compute(float[][] inputs, float[][] outputs)
        {
            double label = _hasLabel ? inputs[1][0] : double.NaN;
            if (_shared is null) _m.Observe(inputs[0], label, _learn, outputs[0], _prediction ? outputs[1] : default, _update);
            else _shared.Observe(_m, inputs[0], label, _learn, outputs[0], _prediction ? outputs[1] : default, _update);
        }
    }
}
