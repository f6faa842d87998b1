using Microsoft.ML;
using Rtu.Trainers.Online;

namespace Rtu.MLNet;

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
    // Copied at construction and never changed: later changes to the caller's options object (or to a copy handed out
    // by Options) cannot reach this estimator or the transformers it fits.
    private readonly RtuForecastingOptions _options;

    internal RtuForecastingEstimator(RtuForecastingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
    }

    /// <summary>A copy of the options (changing it does not change the estimator).</summary>
    public RtuForecastingOptions Options => _options.Clone();

    /// <summary>Trains by streaming <paramref name="input"/> in order, <see cref="RtuForecastingOptions.Epochs"/> times.</summary>
    /// <exception cref="InvalidOperationException">The input has no rows, or no observed (finite) value of the series:
    /// nothing to train on; or an update would have made the parameters non-finite (the message names LearningRate). <see cref="Initialize"/> gives an untrained model that learns while it transforms.</exception>
    public RtuForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = RtuForecastingTransformer.CheckInputs(input.Schema, _options, null);
        int exo = CheckedExogenousWidth(columns);
        var forecaster = new RtuForecaster(_options.ToSettings(exo));
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        var inputs = widths.Select(w => new float[w]).ToArray();
        var exogenous = new float[exo];
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            if (epoch > 0) forecaster.ResetState();
            using var cursor = input.GetRowCursor(columns);
            var readers = RtuSchema.MakeReaders(cursor, columns, inputs);
            long rows = 0;
            while (cursor.MoveNext())
            {
                foreach (var r in readers) r();
                RtuForecastingTransformer.Gather(inputs, exogenous);
                forecaster.Observe(inputs[0][0], exogenous, learn: true, default, default);
                DivergenceCheck.ThrowIfRefused(forecaster.Learner.RefusedUpdates, "ForecastByRtu", _options.LearningRate, new RtuForecastingOptions().LearningRate, rows, epoch);
                rows++;
            }
            if (epoch == 0 && (rows == 0 || double.IsNaN(forecaster.LastValue)))
                throw new InvalidOperationException(
                    $"ForecastByRtu: Fit read {(rows == 0 ? "no rows from the input" : $"{rows} rows but no observed value of '{_options.InputColumnName}' (all missing)")}: " +
                    "there is nothing to train on. For an untrained model that learns while Transform streams the series, use Initialize(schema).");
        }
        return new RtuForecastingTransformer(_options, forecaster, widths);
    }

    /// <summary>
    /// An untrained transformer for <paramref name="inputSchema"/>: with <see cref="RtuForecastingOptions.LearnDuringTransform"/>
    /// it learns everything online while Transform streams the series — a prequential evaluation where each forecast is
    /// made before its value is seen. Equivalent to Fit on an empty data view.
    /// </summary>
    public RtuForecastingTransformer Initialize(DataViewSchema inputSchema)
    {
        var columns = RtuForecastingTransformer.CheckInputs(inputSchema, _options, null);
        int exo = CheckedExogenousWidth(columns);
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        return new RtuForecastingTransformer(_options, new RtuForecaster(_options.ToSettings(exo)), widths);
    }

    // The exogenous columns' total width, checked against RtuLimits before the forecaster allocates its weights.
    private int CheckedExogenousWidth(IEnumerable<DataViewSchema.Column> columns)
    {
        long exo = columns.Skip(1).Sum(c => (long)RtuSchema.Width(c.Type));
        long width = _options.ToSettings(0).InputSize + exo;
        RtuLimits.CheckWidth(_options.Units, (int)Math.Min(int.MaxValue, width), nameof(RtuForecastingOptions.ExogenousColumnNames));
        return (int)exo;
    }

    /// <summary>Checks the input columns (presence, Single type, scalar series) and adds the forecast (and state) columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RtuSchema.CheckShape(inputSchema, new RtuInputColumn(_options.InputColumnName, "series", 1, true), nameof(RtuForecastingEstimator));
        foreach (var c in _options.ExogenousColumnNames)
            RtuSchema.CheckShape(inputSchema, new RtuInputColumn(c, "exogenous", 0, false), nameof(RtuForecastingEstimator));
        return RtuSchema.AppendShape(inputSchema, RtuForecastingTransformer.Outputs(_options));
    }
}
