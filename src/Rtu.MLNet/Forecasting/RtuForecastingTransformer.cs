using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Trainers.Online;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet;

/// <summary>
/// The trained forecaster of <see cref="RtuForecastingEstimator"/>. Transform is lazy: each cursor (and each
/// prediction engine) is one stream that starts from the trained model, carries the RTU state row to row and, with
/// <see cref="RtuForecastingOptions.LearnDuringTransform"/>, keeps learning on its own copy. The transformer itself never changes.
/// </summary>
public sealed class RtuForecastingTransformer : ITransformer
{
    private readonly RtuForecastingOptions _options;   // private and never changed (the estimator hands over its own frozen copy)
    private readonly int[] _widths;
    private readonly RtuForecaster _model;

    internal RtuForecastingTransformer(RtuForecastingOptions options, RtuForecaster model, int[] widths)
    {
        _options = options; _model = model; _widths = widths;
    }

    /// <summary>A copy of the options it was trained with (changing it does not change the transformer).</summary>
    public RtuForecastingOptions Options => _options.Clone();

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _options.Horizon;

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
        CheckInputs(inputSchema, _options, _widths);
        return RtuSchema.AppendSchema(inputSchema, Outputs(_options));
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
        var cols = CheckInputs(inputSchema, _options, _widths);
        return new RtuRowMapper(inputSchema, cols, Outputs(_options), () => new Kernel(this));
    }

    /// <summary>Not supported: ML.NET cannot store an outside transformer's weights. Use <see cref="RtuModel"/>.Save.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("mlContext.Model.Save cannot store an RTU transformer's weights; save the model with RtuModel.Save (mlContext.Model.SaveRtu) instead.");

    /// <summary>A thread-safe engine of many keyed streams that forecast and keep learning after deployment.</summary>
    public RtuForecastEngine CreateStreamingEngine(bool learn = true) => new(this, learn);

    internal void Write(BinaryWriter w)
    {
        _options.Write(w);
        w.Write(_widths.Length);
        foreach (int x in _widths) w.Write(x);
        _model.Save(w);
    }

    internal static RtuForecastingTransformer Read(BinaryReader r)
    {
        var o = RtuForecastingOptions.Read(r);
        int n = r.ReadInt32();
        if (n != 1 + o.ExogenousColumnNames.Length) throw new InvalidDataException("Stored input widths do not match the columns.");
        var widths = Enumerable.Range(0, n).Select(_ => r.ReadInt32()).ToArray();
        if (widths[0] != 1 || widths.Any(x => x < 1)) throw new InvalidDataException("Stored input widths are invalid.");
        var model = RtuForecaster.Load(r);
        if (model.Settings.ExogenousCount != widths.Skip(1).Sum() || model.Horizon != o.Horizon)
            throw new InvalidDataException("Stored model does not match its options.");
        return new RtuForecastingTransformer(o, model, widths);
    }

    private sealed class Kernel : IRtuRowKernel
    {
        private readonly RtuForecaster _f;
        private readonly float[] _exo;
        private readonly bool _learn, _state;

        public Kernel(RtuForecastingTransformer t)
        {
            _f = t._model.Clone();
            if (t._options.ResetStateOnTransform) _f.ResetState();
            _exo = new float[_f.Settings.ExogenousCount];
            _learn = t._options.LearnDuringTransform;
            _state = t._options.StateColumnName is not null;
        }

        public void Compute(float[][] inputs, float[][] outputs)
        {
            Gather(inputs, _exo);
            _f.Observe(inputs[0][0], _exo, _learn, outputs[0], _state ? outputs[1] : default);
        }
    }
}
