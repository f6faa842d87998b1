using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet.Core;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>Options of <see cref="RtuForecastingEstimator"/> (<c>mlContext.Forecasting.ForecastByRtu</c>).</summary>
/// <remarks>The defaults were chosen once, loosely, on public series and are meant to work untuned (see the forecasting sample's README).</remarks>
public sealed class RtuForecastingOptions
{
    /// <summary>Output column: a vector of <see cref="Horizon"/> Single forecasts ŷ_{t+1} … ŷ_{t+H} made at row t. Default "Forecast".</summary>
    public string OutputColumnName { get; set; } = "Forecast";

    /// <summary>The series: a Single column; NaN marks a missing value. Required.</summary>
    public string InputColumnName { get; set; } = "Value";

    /// <summary>Optional exogenous columns (Single or known-size Single vectors) known at row t. Default none.</summary>
    public string[] ExogenousColumnNames { get; set; } = [];

    /// <summary>Optional extra output column with the RTU state (2·<see cref="Units"/> Single). Default none.</summary>
    public string? StateColumnName { get; set; }

    /// <summary>Forecast horizon H ≥ 1. Default 1.</summary>
    public int Horizon { get; set; } = 1;

    /// <summary>Season length m (1: none), e.g. 12 for monthly data; adds the change one season ago as an input. Default 1.</summary>
    public int SeasonLength { get; set; } = 1;

    /// <summary>Recent changes given as inputs. Default 4.</summary>
    public int Lags { get; set; } = 4;

    /// <summary>Also input the normalised level (helps mean-reverting series). Default true.</summary>
    public bool IncludeLevel { get; set; } = true;

    /// <summary>Complex RTU units n (state width 2n). Default 16.</summary>
    public int Units { get; set; } = 16;

    /// <summary>Recurrent architecture (RTRL for the RTUs and LRU, T-BPTT otherwise). Default the linear RTU.</summary>
    public RecurrentArchitecture Architecture { get; set; } = RecurrentArchitecture.LinearRtu;

    /// <summary>Adam step size. Default 3e-3.</summary>
    public double LearningRate { get; set; } = 3e-3;

    /// <summary>Passes over the training data in <c>Fit</c> (the state restarts each pass; weights carry over). Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Keep learning from the series while <c>Transform</c> streams (prequential: each forecast is made before its value is seen). Default true.</summary>
    public bool LearnDuringTransform { get; set; } = true;

    /// <summary>Each Transform cursor starts from a blank state instead of where Fit stopped. Default false (the series continues).</summary>
    public bool ResetStateOnTransform { get; set; }

    /// <summary>Forgetting window of the running input statistics (0: all rows). Default 0.</summary>
    public int NormalizerWindow { get; set; }

    /// <summary>Scale the learned part of the forecast by its least-squares skill factor in [0, 1] (stays near naive until the model shows skill). Default true.</summary>
    public bool ShrinkTowardNaive { get; set; } = true;

    /// <summary>Seed of the RTU's initialisation. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    internal RtuForecastingOptions Clone() => (RtuForecastingOptions)MemberwiseClone();

    internal RtuForecasterSettings ToSettings(int exogenousCount) => new()
    {
        Learner = new RtuLearnerSettings
        {
            Architecture = Architecture,
            LearningRule = Architecture is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
            Units = Units, LearningRate = LearningRate, Horizon = Horizon, Seed = Seed,
        },
        Lags = Lags, SeasonLength = SeasonLength, IncludeLevel = IncludeLevel, NormalizerWindow = NormalizerWindow, ExogenousCount = exogenousCount,
        ShrinkTowardNaive = ShrinkTowardNaive,
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must be set.", nameof(OutputColumnName));
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must be set.", nameof(InputColumnName));
        ArgumentNullException.ThrowIfNull(ExogenousColumnNames, nameof(ExogenousColumnNames));
        if (ExogenousColumnNames.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("ExogenousColumnNames must not contain empty names.", nameof(ExogenousColumnNames));
        if (StateColumnName is not null && (string.IsNullOrWhiteSpace(StateColumnName) || StateColumnName == OutputColumnName))
            throw new ArgumentException("StateColumnName must be a non-empty name different from OutputColumnName.", nameof(StateColumnName));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        ToSettings(0).Validate();
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(OutputColumnName); w.Write(InputColumnName); w.Write(ExogenousColumnNames.Length);
        foreach (var c in ExogenousColumnNames) w.Write(c);
        w.Write(StateColumnName ?? ""); w.Write(Horizon); w.Write(SeasonLength); w.Write(Lags); w.Write(IncludeLevel);
        w.Write(Units); w.Write((int)Architecture); w.Write(LearningRate); w.Write(Epochs); w.Write(LearnDuringTransform);
        w.Write(ResetStateOnTransform); w.Write(NormalizerWindow); w.Write(Seed); w.Write(ShrinkTowardNaive);
    }

    internal static RtuForecastingOptions Read(BinaryReader r)
    {
        var o = new RtuForecastingOptions { OutputColumnName = r.ReadString(), InputColumnName = r.ReadString() };
        int n = r.ReadInt32();
        if (n < 0 || n > 100_000) throw new InvalidDataException($"Stored exogenous column count {n} is invalid.");
        o.ExogenousColumnNames = Enumerable.Range(0, n).Select(_ => r.ReadString()).ToArray();
        string state = r.ReadString(); o.StateColumnName = state.Length == 0 ? null : state;
        o.Horizon = r.ReadInt32(); o.SeasonLength = r.ReadInt32(); o.Lags = r.ReadInt32(); o.IncludeLevel = r.ReadBoolean();
        o.Units = r.ReadInt32(); o.Architecture = (RecurrentArchitecture)r.ReadInt32(); o.LearningRate = r.ReadDouble(); o.Epochs = r.ReadInt32();
        o.LearnDuringTransform = r.ReadBoolean(); o.ResetStateOnTransform = r.ReadBoolean(); o.NormalizerWindow = r.ReadInt32(); o.Seed = r.ReadUInt64(); o.ShrinkTowardNaive = r.ReadBoolean();
        try { o.Validate(); } catch (ArgumentException e) { throw new InvalidDataException($"Stored forecasting options are invalid: {e.Message}", e); }
        return o;
    }
}

/// <summary>
/// Forecasts a series with an RTU that learns online (exact RTRL) while it streams through the data.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// | Estimator characteristics | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes: Fit streams the rows in order (and keeps learning in Transform by default) |
/// | Input column data type | <xref:System.Single> series (NaN = missing); optional Single or known-size Single vector exogenous columns |
/// | Output column data type | Known-size vector of <xref:System.Single>: the Horizon forecasts ŷ_{t+1..t+H} made at row t |
/// | Exportable to ONNX | The network, with `transformer.ExportToOnnx(path)` (<xref:Rtu.MLNet.RtuOnnxExport>): engineered inputs (<xref:Rtu.MLNet.RtuForecastObservations>) in, forecast changes out |
/// ]]></format>
/// The model is <see cref="RtuForecaster"/>: it learns the next change d_{t+1} = y_{t+1} − y_t from scaled lags, the
/// change one season ago, the level and the RTU state. Fit and Transform read rows in order; a Transform cursor is
/// one stream whose recurrent state is carried from row to row. <c>mlContext.Model.Save</c> cannot store the weights of
/// an outside transformer: save with <see cref="RtuModel"/>.Save.
/// </remarks>
public sealed class RtuForecastingEstimator : IEstimator<RtuForecastingTransformer>
{
    private readonly MLContext _context;

    internal RtuForecastingEstimator(MLContext context, RtuForecastingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options.Clone();
    }

    /// <summary>A copy of the options.</summary>
    public RtuForecastingOptions Options { get; }

    /// <summary>Trains by streaming <paramref name="input"/> in order, <see cref="RtuForecastingOptions.Epochs"/> times.</summary>
    public RtuForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = RtuForecastingTransformer.CheckInputs(input.Schema, Options, null);
        int exo = columns.Skip(1).Sum(c => RtuSchema.Width(c.Type));
        var forecaster = new RtuForecaster(Options.ToSettings(exo));
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        var inputs = widths.Select(w => new float[w]).ToArray();
        var exogenous = new float[exo];
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            if (epoch > 0) forecaster.ResetState();
            using var cursor = input.GetRowCursor(columns);
            var readers = RtuSchema.MakeReaders(cursor, columns, inputs);
            while (cursor.MoveNext())
            {
                foreach (var r in readers) r();
                RtuForecastingTransformer.Gather(inputs, exogenous);
                forecaster.Observe(inputs[0][0], exogenous, learn: true, default, default);
            }
        }
        return new RtuForecastingTransformer(_context, Options, forecaster, widths);
    }

    /// <summary>
    /// An untrained transformer for <paramref name="inputSchema"/>: with <see cref="RtuForecastingOptions.LearnDuringTransform"/>
    /// it learns everything online while Transform streams the series — a prequential evaluation where each forecast is
    /// made before its value is seen. Equivalent to Fit on an empty data view.
    /// </summary>
    public RtuForecastingTransformer Initialize(DataViewSchema inputSchema)
    {
        var columns = RtuForecastingTransformer.CheckInputs(inputSchema, Options, null);
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        return new RtuForecastingTransformer(_context, Options, new RtuForecaster(Options.ToSettings(widths.Skip(1).Sum())), widths);
    }

    /// <summary>Checks the input columns (presence, Single type, scalar series) and adds the forecast (and state) columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RtuSchema.CheckShape(inputSchema, new RtuInputColumn(Options.InputColumnName, "series", 1, true), nameof(RtuForecastingEstimator));
        foreach (var c in Options.ExogenousColumnNames)
            RtuSchema.CheckShape(inputSchema, new RtuInputColumn(c, "exogenous", 0, false), nameof(RtuForecastingEstimator));
        return RtuSchema.AppendShape(inputSchema, RtuForecastingTransformer.Outputs(Options));
    }
}

/// <summary>
/// The trained forecaster of <see cref="RtuForecastingEstimator"/>. Transform is lazy: each cursor (and each
/// prediction engine) is one stream that starts from the trained model, carries the RTU state row to row and, with
/// <see cref="RtuForecastingOptions.LearnDuringTransform"/>, keeps learning on its own copy. The transformer itself never changes.
/// </summary>
public sealed class RtuForecastingTransformer : ITransformer
{
    private readonly MLContext _context;
    private readonly int[] _widths;
    private readonly RtuForecaster _model;

    internal RtuForecastingTransformer(MLContext context, RtuForecastingOptions options, RtuForecaster model, int[] widths)
    {
        _context = context; Options = options; _model = model; _widths = widths;
    }

    /// <summary>The options it was trained with (do not modify).</summary>
    public RtuForecastingOptions Options { get; }

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => Options.Horizon;

    /// <summary>A copy of the trained model (RTU, heads, statistics, state where Fit stopped), e.g. for an ONNX exporter.</summary>
    public RtuForecaster GetModel() => _model.Clone();

    /// <summary>The trained RTU (shared, read it only): parameters and carry.</summary>
    public IRecurrentLayer<float> RecurrentLayer => _model.Learner.Layer;

    /// <summary>Always true: a row maps to a row (with state carried between rows of one cursor).</summary>
    public bool IsRowToRowMapper => true;

    internal RtuForecaster Model => _model;

    internal int[] InputWidths => _widths;

    internal static (string, int)[] Outputs(RtuForecastingOptions o) =>
        o.StateColumnName is null ? [(o.OutputColumnName, o.Horizon)] : [(o.OutputColumnName, o.Horizon), (o.StateColumnName, RtuFeatureModel.StateWidth(o.Architecture, o.Units))];

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

    internal static void Gather(float[][] inputs, float[] exogenous)
    {
        int k = 0;
        for (int i = 1; i < inputs.Length; i++) { inputs[i].CopyTo(exogenous, k); k += inputs[i].Length; }
    }

    /// <summary>Checks the input schema (series and exogenous columns: presence, type, sizes seen at training) and adds the outputs.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInputs(inputSchema, Options, _widths);
        return RtuSchema.AppendSchema(inputSchema, Outputs(Options));
    }

    /// <summary>Lazily adds the forecast column; every cursor is a stream that starts from the trained model.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RtuDataView(input, (RtuRowMapper)GetRowToRowMapper(input.Schema));
    }

    /// <summary>A row mapper whose rows (one per cursor or prediction engine) carry their own state.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var cols = CheckInputs(inputSchema, Options, _widths);
        return new RtuRowMapper(inputSchema, cols, Outputs(Options), () => new Kernel(this));
    }

    /// <summary>Not supported: ML.NET cannot store an outside transformer's weights. Use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store an RTU transformer's weights; save the model with RtuModel.Save (mlContext.Model.SaveRtu) instead.");

    /// <summary>A thread-safe engine of many keyed streams that forecast and keep learning after deployment.</summary>
    public RtuForecastEngine CreateStreamingEngine(bool learn = true) => new(this, learn);

    internal void Write(BinaryWriter w)
    {
        Options.Write(w);
        w.Write(_widths.Length);
        foreach (int x in _widths) w.Write(x);
        _model.Save(w);
    }

    internal static RtuForecastingTransformer Read(MLContext context, BinaryReader r)
    {
        var o = RtuForecastingOptions.Read(r);
        int n = r.ReadInt32();
        if (n != 1 + o.ExogenousColumnNames.Length) throw new InvalidDataException("Stored input widths do not match the columns.");
        var widths = Enumerable.Range(0, n).Select(_ => r.ReadInt32()).ToArray();
        if (widths[0] != 1 || widths.Any(x => x < 1)) throw new InvalidDataException("Stored input widths are invalid.");
        var model = RtuForecaster.Load(r);
        if (model.Settings.ExogenousCount != widths.Skip(1).Sum() || model.Horizon != o.Horizon)
            throw new InvalidDataException("Stored model does not match its options.");
        return new RtuForecastingTransformer(context, o, model, widths);
    }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuForecaster _f;
        private readonly float[] _exo;
        private readonly bool _learn, _state;

        public Kernel(RtuForecastingTransformer t)
        {
            _f = t._model.Clone();
            if (t.Options.ResetStateOnTransform) _f.ResetState();
            _exo = new float[_f.Settings.ExogenousCount];
            _learn = t.Options.LearnDuringTransform;
            _state = t.Options.StateColumnName is not null;
        }

        public void Compute(float[][] inputs, float[][] outputs)
        {
            Gather(inputs, _exo);
            _f.Observe(inputs[0][0], _exo, _learn, outputs[0], _state ? outputs[1] : default);
        }
    }
}
