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
    private readonly RtuFeatureModel _model;

    internal RtuStateFeaturesTransformer(RtuStateFeaturesOptions options, RtuFeatureModel model, int inputSize)
    {
        _options = options; _model = model; InputSize = inputSize;
    }

    /// <summary>A copy of the options it was trained with (changing it does not change the transformer).</summary>
    public RtuStateFeaturesOptions Options => _options.Clone();

    /// <summary>Width of the input feature column seen at training.</summary>
    public int InputSize { get; }

    /// <summary>Width of the state column.</summary>
    public int StateSize => _model.StateSize;

    /// <summary>A copy of the fitted model (RTU, head, statistics), e.g. for an ONNX exporter.</summary>
    public RtuFeatureModel GetModel() => _model.Clone();

    /// <summary>The trained RTU (shared, read it only).</summary>
    public IRecurrentLayer<float> RecurrentLayer => _model.Learner.Layer;

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => true;

    internal RtuFeatureModel Model => _model;

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
        return RtuSchema.AppendSchema(inputSchema, Outputs(_options));
    }

    /// <summary>Lazily adds the state column; every cursor carries its own recurrent state row to row.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RtuDataView(input, (RtuRowMapper)GetRowToRowMapper(input.Schema));
    }

    /// <summary>A row mapper whose rows (one per cursor or prediction engine) carry their own state.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var cols = CheckInputs(inputSchema, _options, InputSize);
        return new RtuRowMapper(inputSchema, cols, Outputs(_options), () => new Kernel(this, cols.Length > 1));
    }

    /// <summary>Not supported: use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store an RTU transformer's weights; save the model with RtuModel.Save (mlContext.Model.SaveRtu) instead.");

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
    }

    internal static RtuStateFeaturesTransformer Read(BinaryReader r)
    {
        var o = RtuStateFeaturesOptions.Read(r);
        int d = r.ReadInt32();
        var model = RtuFeatureModel.Load(r);
        if (model.InputSize != d) throw new InvalidDataException("Stored model does not match its input size.");
        return new RtuStateFeaturesTransformer(o, model, d);
    }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuFeatureModel _m;
        private readonly bool _learn, _hasLabel, _prediction, _update;

        public Kernel(RtuStateFeaturesTransformer t, bool hasLabel)
        {
            _m = t._model.Clone();
            if (t._options.ResetStateOnTransform) _m.ResetState();
            _hasLabel = hasLabel;
            _learn = hasLabel && t._options.LearnDuringTransform;
            _update = t._options.LearnDuringTransform;
            _prediction = t._options.PredictionColumnName is not null;
        }

        public void Compute(float[][] inputs, float[][] outputs) =>
            _m.Observe(inputs[0], _hasLabel ? inputs[1][0] : double.NaN, _learn, outputs[0], _prediction ? outputs[1] : default, _update);
    }
}
