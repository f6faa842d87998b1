using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet.Core;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>Options of <see cref="RtuStateFeaturesEstimator"/> (<c>mlContext.Transforms.RtuStateFeatures</c>).</summary>
public sealed class RtuStateFeaturesOptions
{
    /// <summary>Output column: the RTU state, a vector of 2·<see cref="Units"/> Single (Units for GRU/memoryless). Default "RtuState".</summary>
    public string OutputColumnName { get; set; } = "RtuState";

    /// <summary>Input features: a Single or a known-size vector of Single; NaN entries are missing (imputed by the running mean). Default "Features".</summary>
    public string InputColumnName { get; set; } = "Features";

    /// <summary>
    /// Optional label (Single, NaN = missing). When set, Fit trains the RTU and a head to predict the NEXT row's label
    /// (γ = 0) or its discounted sum (TD(λ), γ &gt; 0). When null the RTU keeps its random initialisation (a fixed
    /// recurrent feature map) and Fit only gathers the input statistics. Default null.
    /// </summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Optional output column with the head's prediction(s) (needs <see cref="LabelColumnName"/>): a vector of <see cref="Horizon"/> Single. Default null.</summary>
    public string? PredictionColumnName { get; set; }

    /// <summary>Outputs of the prediction column: output h predicts the sum of the next h labels. Default 1.</summary>
    public int Horizon { get; set; } = 1;

    /// <summary>Complex RTU units n. Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture. Default the linear RTU (RTRL).</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <summary>Discount γ of the TD(λ) target; 0 (default) is one-step online regression of the next label.</summary>
    public double Gamma { get; set; }

    /// <summary>Eligibility-trace decay λ. Default 0.9.</summary>
    public double Lambda { get; set; } = 0.9;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Passes over the training data in Fit (the state restarts each pass). Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Keep learning (RTU and head when a label is present, input statistics always) during Transform. Default false: Transform is inference with the fitted weights and frozen statistics.</summary>
    public bool LearnDuringTransform { get; set; }

    /// <summary>Each Transform cursor starts from a blank state (default true); false continues where Fit stopped.</summary>
    public bool ResetStateOnTransform { get; set; } = true;

    /// <summary>Forgetting window of the running input statistics (0: all rows). Default 0.</summary>
    public int NormalizerWindow { get; set; }

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    internal RtuStateFeaturesOptions Clone() => (RtuStateFeaturesOptions)MemberwiseClone();

    internal RtuLearnerSettings ToSettings() => new()
    {
        Architecture = Architecture,
        LearningRule = Architecture is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
        Units = Units, Gamma = Gamma, Lambda = Lambda, LearningRate = LearningRate, Horizon = Horizon, Seed = Seed,
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        if (PredictionColumnName is not null && LabelColumnName is null)
            throw new ArgumentException("PredictionColumnName needs LabelColumnName: the head is trained from the label.", nameof(PredictionColumnName));
        if (PredictionColumnName == OutputColumnName) throw new ArgumentException("PredictionColumnName must differ from OutputColumnName.", nameof(PredictionColumnName));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        ToSettings().Validate();
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(OutputColumnName); w.Write(InputColumnName); w.Write(LabelColumnName ?? ""); w.Write(PredictionColumnName ?? "");
        w.Write(Horizon); w.Write(Units); w.Write((int)Architecture); w.Write(Gamma); w.Write(Lambda); w.Write(LearningRate);
        w.Write(Epochs); w.Write(LearnDuringTransform); w.Write(ResetStateOnTransform); w.Write(NormalizerWindow); w.Write(Seed);
    }

    internal static RtuStateFeaturesOptions Read(BinaryReader r)
    {
        var o = new RtuStateFeaturesOptions { OutputColumnName = r.ReadString(), InputColumnName = r.ReadString() };
        string label = r.ReadString(), pred = r.ReadString();
        o.LabelColumnName = label.Length == 0 ? null : label; o.PredictionColumnName = pred.Length == 0 ? null : pred;
        o.Horizon = r.ReadInt32(); o.Units = r.ReadInt32(); o.Architecture = (RecurrentArchitecture)r.ReadInt32(); o.Gamma = r.ReadDouble();
        o.Lambda = r.ReadDouble(); o.LearningRate = r.ReadDouble(); o.Epochs = r.ReadInt32(); o.LearnDuringTransform = r.ReadBoolean();
        o.ResetStateOnTransform = r.ReadBoolean(); o.NormalizerWindow = r.ReadInt32(); o.Seed = r.ReadUInt64();
        try { o.Validate(); } catch (ArgumentException e) { throw new InvalidDataException($"Stored state-feature options are invalid: {e.Message}", e); }
        return o;
    }
}

/// <summary>
/// Turns a feature column into RTU state features, so any ML.NET trainer can sit after it.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// | Estimator characteristics | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes: input statistics always; the RTU too when a label column is given |
/// | Input column data type | <xref:System.Single> or known-size vector of Single (NaN = missing); optional Single label |
/// | Output column data type | Known-size vector of <xref:System.Single> (the RTU state); optional prediction vector |
/// | Exportable to ONNX | Yes: `transformer.ExportToOnnx(path)` (<xref:Rtu.MLNet.RtuOnnxExport>), a one-step graph with the state as explicit inputs/outputs |
/// ]]></format>
/// Rows are read in order and the recurrent state is carried from one row to the next within a cursor.
/// Save with <see cref="RtuModel"/>.Save (mlContext.Model.Save cannot store the weights).
/// </remarks>
public sealed class RtuStateFeaturesEstimator : IEstimator<RtuStateFeaturesTransformer>
{
    private readonly MLContext _context;

    internal RtuStateFeaturesEstimator(MLContext context, RtuStateFeaturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options.Clone();
    }

    /// <summary>A copy of the options.</summary>
    public RtuStateFeaturesOptions Options { get; }

    /// <summary>Streams <paramref name="input"/> in order: gathers the input statistics and, with a label, trains the RTU online.</summary>
    public RtuStateFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = RtuStateFeaturesTransformer.CheckInputs(input.Schema, Options, 0);
        int d = RtuSchema.Width(columns[0].Type);
        var model = new RtuFeatureModel(d, Options.ToSettings(), Options.NormalizerWindow);
        var inputs = columns.Select(c => new float[RtuSchema.Width(c.Type)]).ToArray();
        bool hasLabel = columns.Length > 1;
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            if (epoch > 0) model.ResetState();
            using var cursor = input.GetRowCursor(columns);
            var readers = RtuSchema.MakeReaders(cursor, columns, inputs);
            while (cursor.MoveNext())
            {
                foreach (var r in readers) r();
                model.Observe(inputs[0], hasLabel ? inputs[1][0] : double.NaN, learn: hasLabel, default, default);
            }
        }
        return new RtuStateFeaturesTransformer(_context, Options, model, d);
    }

    /// <summary>Checks the input (and label) columns and adds the state (and prediction) columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RtuSchema.CheckShape(inputSchema, new RtuInputColumn(Options.InputColumnName, "features", 0, false), nameof(RtuStateFeaturesEstimator));
        if (Options.LabelColumnName is not null)
            RtuSchema.CheckShape(inputSchema, new RtuInputColumn(Options.LabelColumnName, "label", 1, true), nameof(RtuStateFeaturesEstimator));
        return RtuSchema.AppendShape(inputSchema, RtuStateFeaturesTransformer.Outputs(Options));
    }
}

/// <summary>
/// The fitted state-feature transformer. Each cursor (and prediction engine) is one stream: by default it starts
/// from a blank state with the fitted weights and statistics, and does not learn.
/// </summary>
public sealed class RtuStateFeaturesTransformer : ITransformer
{
    private readonly MLContext _context;
    private readonly RtuFeatureModel _model;

    internal RtuStateFeaturesTransformer(MLContext context, RtuStateFeaturesOptions options, RtuFeatureModel model, int inputSize)
    {
        _context = context; Options = options; _model = model; InputSize = inputSize;
    }

    /// <summary>The options it was trained with (do not modify).</summary>
    public RtuStateFeaturesOptions Options { get; }

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
        CheckInputs(inputSchema, Options, InputSize);
        return RtuSchema.AppendSchema(inputSchema, Outputs(Options));
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
        var cols = CheckInputs(inputSchema, Options, InputSize);
        return new RtuRowMapper(inputSchema, cols, Outputs(Options), () => new Kernel(this, cols.Length > 1));
    }

    /// <summary>Not supported: use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store an RTU transformer's weights; save the model with RtuModel.Save (mlContext.Model.SaveRtu) instead.");

    /// <summary>
    /// A thread-safe engine of many keyed streams; with <paramref name="learn"/> (default: the options'
    /// LearnDuringTransform) each stream keeps learning from its labels after deployment.
    /// </summary>
    public RtuStateEngine CreateStreamingEngine(bool? learn = null) => new(this, learn ?? Options.LearnDuringTransform);

    internal void Write(BinaryWriter w)
    {
        Options.Write(w);
        w.Write(InputSize);
        _model.Save(w);
    }

    internal static RtuStateFeaturesTransformer Read(MLContext context, BinaryReader r)
    {
        var o = RtuStateFeaturesOptions.Read(r);
        int d = r.ReadInt32();
        var model = RtuFeatureModel.Load(r);
        if (model.InputSize != d) throw new InvalidDataException("Stored model does not match its input size.");
        return new RtuStateFeaturesTransformer(context, o, model, d);
    }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuFeatureModel _m;
        private readonly bool _learn, _hasLabel, _prediction, _update;

        public Kernel(RtuStateFeaturesTransformer t, bool hasLabel)
        {
            _m = t._model.Clone();
            if (t.Options.ResetStateOnTransform) _m.ResetState();
            _hasLabel = hasLabel;
            _learn = hasLabel && t.Options.LearnDuringTransform;
            _update = t.Options.LearnDuringTransform;
            _prediction = t.Options.PredictionColumnName is not null;
        }

        public void Compute(float[][] inputs, float[][] outputs) =>
            _m.Observe(inputs[0], _hasLabel ? inputs[1][0] : double.NaN, _learn, outputs[0], _prediction ? outputs[1] : default, _update);
    }
}
