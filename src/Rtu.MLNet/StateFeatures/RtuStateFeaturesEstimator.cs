using Microsoft.ML;
using Rtu.Trainers.Online;

namespace Rtu.MLNet;

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
    // Copied at construction and never changed: later changes to the caller's options object (or to a copy handed out
    // by Options) cannot reach this estimator or the transformers it fits.
    private readonly RtuStateFeaturesOptions _options;

    internal RtuStateFeaturesEstimator(RtuStateFeaturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
    }

    /// <summary>A copy of the options (changing it does not change the estimator).</summary>
    public RtuStateFeaturesOptions Options => _options.Clone();

    /// <summary>Streams <paramref name="input"/> in order: gathers the input statistics and, with a label, trains the RTU online.</summary>
    /// <exception cref="InvalidOperationException">The input has no rows: the input statistics would be empty; or an update
    /// would have made the parameters non-finite (the message names LearningRate).</exception>
    public RtuStateFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = RtuStateFeaturesTransformer.CheckInputs(input.Schema, _options, 0);
        var key = RtuStateFeaturesTransformer.CheckKey(input.Schema, _options);
        var time = RtuStateFeaturesTransformer.CheckTime(input.Schema, _options);
        if (_options.SortByTimestamp) input = new TimeSortedDataView(input, time!.Value, nameof(RtuStateFeaturesEstimator));
        int d = RtuSchema.Width(columns[0].Type);
        RtuLimits.CheckWidth(_options.Units, d, _options.InputColumnName);
        var single = key is null ? new RtuFeatureModel(d, _options.ToSettings(), _options.NormalizerWindow) : null;
        var fresh = new RtuFeatureModel(d, _options.ToSettings(), _options.NormalizerWindow);
        var shared = _options.SharedWeights ? new SharedFeatureWeights(fresh) : null;
        var series = new Dictionary<string, RtuFeatureModel>(StringComparer.Ordinal);
        var inputs = columns.Select(c => new float[RtuSchema.Width(c.Type)]).ToArray();
        bool hasLabel = columns.Length > 1;
        var read = key is null ? columns : [.. columns, key.Value];
        if (time is not null) read = [.. read, time.Value];
        var clocks = new Dictionary<string, SeriesClock>(StringComparer.Ordinal);
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            if (epoch > 0) { single?.ResetState(); foreach (var m in series.Values) m.ResetState(); }
            using var cursor = input.GetRowCursor(read);
            var readers = RtuSchema.MakeReaders(cursor, columns, inputs);
            var readKey = key is null ? null : SeriesKeyColumn.MakeReader(cursor, key.Value);
            var readTime = time is null ? null : TimestampColumn.MakeReader(cursor, time.Value);
            clocks.Clear();
            long rows = 0;
            while (cursor.MoveNext())
            {
                foreach (var r in readers) r();
                var model = single;
                string? k = readKey?.Invoke();
                if (readTime is not null)
                {
                    if (!clocks.TryGetValue(k ?? "", out var clock)) clocks[k ?? ""] = clock = new SeriesClock(new SeriesTimeStep { Name = "row", SeasonLength = 1, FixedTicks = 1 }, TimestampColumn.AreDates(time!.Value), null);
                    clock.AdvanceInOrder(readTime(), k, cursor.Position);
                }
                if (model is null)
                {
                    // Each series' model is created on its key's first row, exactly as if it were fitted alone.
                    if (!series.TryGetValue(k!, out model)) series[k!] = model = new RtuFeatureModel(d, _options.ToSettings(), _options.NormalizerWindow);
                }
                double label = hasLabel ? inputs[1][0] : double.NaN;
                if (shared is null) model.Observe(inputs[0], label, learn: hasLabel, default, default);
                else shared.Observe(model, inputs[0], label, learn: hasLabel, default, default, updateStatistics: true);
                DivergenceCheck.ThrowIfRefused(model.Learner.RefusedUpdates, "RtuStateFeatures", _options.LearningRate, new RtuStateFeaturesOptions().LearningRate, rows, epoch);
                rows++;
            }
            if (rows == 0)
                throw new InvalidOperationException(
                    $"RtuStateFeatures: Fit read no rows from the input: there are no statistics to scale '{_options.InputColumnName}' by and nothing to train on. Fit on at least one row.");
        }
        if (shared is not null)
            lock (shared.Gate)
            {
                // Every series model, and the model a new key starts from, holds the final shared weights.
                shared.LoadInto(fresh);
                foreach (var m in series.Values) shared.LoadInto(m);
            }
        return key is null
            ? new RtuStateFeaturesTransformer(_options, single!, d)
            : new RtuStateFeaturesTransformer(_options, fresh, d, series);
    }

    /// <summary>Checks the input (and label) columns and adds the state (and prediction) columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RtuSchema.CheckShape(inputSchema, new RtuInputColumn(_options.InputColumnName, "features", 0, false), nameof(RtuStateFeaturesEstimator));
        if (_options.LabelColumnName is not null)
            RtuSchema.CheckShape(inputSchema, new RtuInputColumn(_options.LabelColumnName, "label", 1, true), nameof(RtuStateFeaturesEstimator));
        if (_options.SeriesKeyColumnName is not null) SeriesKeyColumn.CheckShape(inputSchema, _options.SeriesKeyColumnName, nameof(RtuStateFeaturesEstimator));
        if (_options.TimestampColumnName is not null) TimestampColumn.CheckShape(inputSchema, _options.TimestampColumnName, nameof(RtuStateFeaturesEstimator));
        return RtuSchema.AppendShape(inputSchema, RtuStateFeaturesTransformer.Outputs(_options));
    }
}
