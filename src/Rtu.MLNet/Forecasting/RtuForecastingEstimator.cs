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
    /// nothing to train on; or an update would have made the parameters non-finite (the message names LearningRate). <see cref="Initialize(DataViewSchema)"/> gives an untrained model that learns while it transforms.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column the options name (the series, an exogenous column, the key or the
    /// timestamp) is absent from the input or of a type it cannot be (the message names the column and the type it needs).</exception>
    public RtuForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = RtuForecastingTransformer.CheckInputs(input.Schema, _options, null);
        var key = RtuForecastingTransformer.CheckKey(input.Schema, _options);
        var time = RtuForecastingTransformer.CheckTime(input.Schema, _options);
        if (_options.SortByTimestamp) input = new TimeSortedDataView(input, time!.Value, nameof(RtuForecastingEstimator));
        int exo = CheckedExogenousWidth(columns);
        var options = _options;
        SeriesTimeStep? step = null;
        string? timeWarning = null;
        if (time is not null)
        {
            step = InferStep(input, key, time.Value, out timeWarning);
            if (options.SeasonLength == 0) options = options.With(season: step.SeasonLength, week: step.SecondSeasonLength);
        }
        else if (options.SeasonLength == 0) options = options.With(season: DetectSeason(input, key, columns[0]));
        var settings = options.ToSettings(exo);
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        var inputs = widths.Select(w => new float[w]).ToArray();
        var exogenous = new float[exo];
        // Unkeyed: one forecaster. Keyed: one per key, each created on its key's first row, so each series is fitted
        // exactly as if it were alone (the same seed, the same rows in the same order).
        var single = key is null ? new RtuForecaster(settings) : null;
        var fresh = new RtuForecaster(settings);
        var shared = options.SharedWeights ? new SharedForecasterWeights(fresh) : null;
        void Step(RtuForecaster f, double value)
        {
            if (shared is null) f.Observe(value, exogenous, learn: true, default, default);
            else shared.Observe(f, value, exogenous, learn: true, default, default);
        }
        var series = new Dictionary<string, RtuForecaster>(StringComparer.Ordinal);
        var clocks = new Dictionary<string, SeriesClock>(StringComparer.Ordinal);
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var precision = new Dictionary<string, SinglePrecisionCheck>(StringComparer.Ordinal);
        var read = new List<DataViewSchema.Column>(columns);
        if (key is not null) read.Add(key.Value);
        if (time is not null) read.Add(time.Value);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (epoch > 0) { single?.ResetState(); foreach (var f in series.Values) f.ResetState(); clocks.Clear(); }
            using var cursor = input.GetRowCursor(read);
            var readers = RtuSchema.MakeReaders(cursor, columns, inputs);
            var readKey = key is null ? null : SeriesKeyColumn.MakeReader(cursor, key.Value);
            var readTime = time is null ? null : TimestampColumn.MakeReader(cursor, time.Value);
            long rows = 0;
            while (cursor.MoveNext())
            {
                foreach (var r in readers) r();
                RtuForecastingTransformer.Gather(inputs, exogenous);
                var forecaster = single;
                string k = readKey?.Invoke() ?? "";
                if (forecaster is null && !series.TryGetValue(k, out forecaster)) series[k] = forecaster = new RtuForecaster(settings);
                long missing = 0;
                if (readTime is not null)
                {
                    if (!clocks.TryGetValue(k, out var clock)) clocks[k] = clock = new SeriesClock(step!, TimestampColumn.AreDates(time!.Value), null, period: SeriesClock.SeasonsPeriod(settings.SeasonLength, settings.SecondSeason));
                    missing = clock.Advance(readTime(), key is null ? null : k, cursor.Position);
                    for (long g = clock.ToFill(missing); g > 0; g--) Step(forecaster, double.NaN);
                }
                Step(forecaster, inputs[0][0]);
                DivergenceCheck.ThrowIfRefused(forecaster.Learner.RefusedUpdates, "ForecastByRtu", options.LearningRate, new RtuForecastingOptions().LearningRate, rows, epoch);
                if (epoch == 0)
                {
                    steps[k] = steps.GetValueOrDefault(k) + 1 + missing;
                    if (!precision.TryGetValue(k, out var check)) precision[k] = check = new SinglePrecisionCheck();
                    check.Add(inputs[0][0]);
                }
                rows++;
            }
            if (epoch > 0) continue;
            if (rows == 0 || (single is not null && double.IsNaN(single.LastValue)))
                throw new InvalidOperationException(
                    $"ForecastByRtu: Fit read {(rows == 0 ? "no rows from the input" : $"{rows} rows but no observed value of '{options.InputColumnName}' (all missing)")}: " +
                    "there is nothing to train on. For an untrained model that learns while Transform streams the series, use Initialize(schema).");
            var empty = series.Where(p => double.IsNaN(p.Value.LastValue)).Select(p => p.Key).Take(5).ToArray();
            if (empty.Length > 0)
                throw new InvalidOperationException(
                    $"ForecastByRtu: Fit found series with no observed value of '{options.InputColumnName}' (all missing): {string.Join(", ", empty.Select(k => $"'{k}'"))}. " +
                    "There is nothing to train them on: leave them out of Fit (a key first seen in Transform starts from an untrained model).");
        }
        if (shared is not null)
            lock (shared.Gate)
            {
                // Every series model, and the model a new key starts from, holds the final shared weights.
                shared.LoadInto(fresh);
                foreach (var f in series.Values) shared.LoadInto(f);
            }
        var warnings = Warnings(options, steps, precision, key is not null);
        if (timeWarning is not null) warnings = [timeWarning, .. warnings];
        if (time is not null && CrowdedWarning(clocks, step!, TimestampColumn.AreDates(time.Value)) is { } crowded) warnings = [.. warnings, crowded];
        var timeline = time is null ? null : new SeriesTimeline(step!, TimestampColumn.AreDates(time.Value), clocks.ToDictionary(p => p.Key, p => p.Value.Last!.Value, StringComparer.Ordinal));
        return key is null
            ? new RtuForecastingTransformer(options, single!, widths, null, timeline, warnings)
            : new RtuForecastingTransformer(options, fresh, widths, series, timeline, warnings);
    }

    // A horizon or season longer than a series' data: the forecasts of those steps rest on statistics that never saw
    // such a target (horizon) or on a seasonal input that was never filled (season). Values too large for their changes
    // to survive single precision (SinglePrecisionCheck). Reported, not refused.
    // Rows less than half a step after the row before them were taken as the next step (an audit: a daily series with an
    // extra reading six hours after one day's; the next 100 days' MAE 0.260 → 0.306): said once, with the first pair.
    private static string? CrowdedWarning(Dictionary<string, SeriesClock> clocks, SeriesTimeStep step, bool dates)
    {
        long count = clocks.Values.Sum(c => c.Crowded);
        if (count == 0) return null;
        var (key, first) = clocks.First(p => p.Value.FirstCrowded is not null);
        var (previous, at) = first.FirstCrowded!.Value;
        return $"{count:N0} row(s) came less than half a step ({step.Name}) after the row before them{(key.Length > 0 ? $" (first in series '{key}'" : " (first")}: " +
            $"{TimestampColumn.Format(previous, dates)} → {TimestampColumn.Format(at, dates)}); each was taken as the next step. " +
            "Aggregate the readings to one per step, or fit without the timestamp column.";
    }

    private static string[] Warnings(RtuForecastingOptions o, Dictionary<string, long> steps, Dictionary<string, SinglePrecisionCheck> precision, bool keyed)
    {
        var list = new List<string>();
        var shortHorizon = new List<(string Key, long Steps)>();
        var shortSeason = new List<(string Key, long Steps)>();
        foreach (var (k, n) in steps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (o.Horizon >= n) shortHorizon.Add((k, n));
            if (o.SeasonLength > 1 && 2 * o.SeasonLength > n) shortSeason.Add((k, n));
            if (precision[k].Warning(keyed ? $"series '{k}'" : "the series") is { } rounded) list.Add(rounded);
        }
        // One warning per kind: a keyed Fit of 2,000 short series gave 2,000 near-identical lines (an outside audit).
        var kinds = new List<string>();
        if (shortHorizon.Count == 1)
            kinds.Add($"Horizon {o.Horizon} is not shorter than the {shortHorizon[0].Steps} steps Fit saw of {Which(shortHorizon[0].Key, keyed)}: its longer-horizon heads never saw a target.");
        else if (shortHorizon.Count > 1)
            kinds.Add($"Horizon {o.Horizon} is not shorter than the steps Fit saw of {shortHorizon.Count:N0} series ({FirstFew(shortHorizon)}): their longer-horizon heads never saw a target.");
        if (shortSeason.Count == 1)
            kinds.Add($"SeasonLength {o.SeasonLength} needs two seasons of data, but Fit saw {shortSeason[0].Steps} steps of {Which(shortSeason[0].Key, keyed)}: the seasonal inputs are mostly missing.");
        else if (shortSeason.Count > 1)
            kinds.Add($"SeasonLength {o.SeasonLength} needs two seasons of data, but Fit saw fewer steps of {shortSeason.Count:N0} series ({FirstFew(shortSeason)}): their seasonal inputs are mostly missing.");
        return [.. kinds, .. list];
    }

    private static string Which(string key, bool keyed) => keyed ? $"series '{key}'" : "the series";

    // The first three series (ordinal key order) with their steps, and how many more.
    private static string FirstFew(List<(string Key, long Steps)> series) =>
        string.Join(", ", series.Take(3).Select(p => $"'{p.Key}': {p.Steps} steps")) + (series.Count > 3 ? $", and {series.Count - 3:N0} more" : "");

    // No timestamps: the season from the series' values (every key's, pooled), read once before training; at most the
    // first SeasonDetector.MaxValuesPerSeries of each series and SeasonDetector.MaxValues in all (bounded memory and time).
    private static int DetectSeason(IDataView input, DataViewSchema.Column? key, DataViewSchema.Column series)
    {
        var cols = key is null ? new[] { series } : [series, key.Value];
        using var cursor = input.GetRowCursor(cols);
        var value = new[] { new float[1] };
        var read = RtuSchema.MakeReaders(cursor, [series], value)[0];
        var readKey = key is null ? null : SeriesKeyColumn.MakeReader(cursor, key.Value);
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long kept = 0;
        while (kept < SeasonDetector.MaxValues && cursor.MoveNext())
        {
            string k = readKey?.Invoke() ?? "";
            if (!values.TryGetValue(k, out var list)) values[k] = list = [];
            if (list.Count >= SeasonDetector.MaxValuesPerSeries) continue;
            read();
            list.Add(value[0][0]);
            kept++;
        }
        return SeasonDetector.Detect(values.Values.ToArray());
    }

    // The most consecutive differences the time step is inferred from (as SeasonDetector.MaxValues bounds the values read
    // for the season).
    private const int MaxStepDifferences = 1_000_000;

    // The regular step of the timestamps over every series' consecutive pairs; rows out of order throw here, before training.
    // Int64 timestamps that look like dates written as integers or Unix times give a warning (IntegerTimestamps).
    private static SeriesTimeStep InferStep(IDataView input, DataViewSchema.Column? key, DataViewSchema.Column time, out string? warning)
    {
        bool dates = TimestampColumn.AreDates(time);
        var cols = key is null ? new[] { time } : [time, key.Value];
        using var cursor = input.GetRowCursor(cols);
        var readTime = TimestampColumn.MakeReader(cursor, time);
        var readKey = key is null ? null : SeriesKeyColumn.MakeReader(cursor, key.Value);
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        var diffs = new List<long>();
        bool weekend = false;
        var integers = dates ? null : new IntegerTimestamps();
        while (cursor.MoveNext())
        {
            long t = readTime();
            integers?.Add(t);
            string k = readKey?.Invoke() ?? "";
            if (last.TryGetValue(k, out long previous))
            {
                if (t <= previous) new SeriesClock(new SeriesTimeStep { Name = "", SeasonLength = 1, FixedTicks = 1 }, dates, previous).Advance(t, key is null ? null : k, cursor.Position);
                // The step is read from the first million pairs (every pair is still checked for order): kept whole,
                // the differences took 16 bytes a row, 1.6 GB for 10⁸ rows, where the rest of Fit is bounded.
                if (diffs.Count < MaxStepDifferences) diffs.Add(t - previous);
            }
            last[k] = t;
            if (dates && new DateTime(t).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) weekend = true;
        }
        var step = SeriesTimeStep.Infer(diffs, dates, weekend);
        warning = integers?.Warning(time.Name, step);
        return step;
    }

    /// <summary>
    /// An untrained transformer for <paramref name="inputSchema"/>: with <see cref="RtuForecastingOptions.LearnDuringTransform"/>
    /// it learns everything online while Transform streams the series — a prequential evaluation where each forecast is
    /// made before its value is seen (what Fit would give on rows without an observed value, which Fit refuses).
    /// </summary>
    public RtuForecastingTransformer Initialize(DataViewSchema inputSchema)
    {
        var columns = RtuForecastingTransformer.CheckInputs(inputSchema, _options, null);
        RtuForecastingTransformer.CheckKey(inputSchema, _options);
        if (_options.TimestampColumnName is not null)
            throw new InvalidOperationException("Initialize cannot infer the time step of an empty series: with a TimestampColumnName, pass the step, Initialize(schema, step) (SeriesTimeStep.Infer on a season or two of its timestamps, or a fitted model's TimeStep, gives it), or Fit on at least a few rows.");
        if (_options.SeasonLength == 0)
            throw new InvalidOperationException("Initialize cannot detect the season of an empty series: with SeasonLength 0, Fit on at least a few seasons of rows, or set the SeasonLength.");
        int exo = CheckedExogenousWidth(columns);
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        return new RtuForecastingTransformer(_options, new RtuForecaster(_options.ToSettings(exo)), widths,
            _options.SeriesKeyColumnName is null ? null : new Dictionary<string, RtuForecaster>(StringComparer.Ordinal));
    }

    /// <summary>
    /// An untrained transformer for <paramref name="inputSchema"/> whose timestamp column
    /// (<see cref="RtuForecastingOptions.TimestampColumnName"/>) advances by <paramref name="step"/>, as <see cref="Initialize(DataViewSchema)"/>
    /// gives one without timestamps: the step Fit would infer, from a fitted transformer's <see cref="RtuForecastingTransformer.TimeStep"/> or
    /// <see cref="SeriesTimeStep.Infer(IReadOnlyList{DateTime})"/> on a stretch of regular timestamps (a season or two of them: from two
    /// month-ends 29 days apart it infers a fixed step, from five weekdays a daily one, not business days). With
    /// <see cref="RtuForecastingOptions.SeasonLength"/> 0 the seasons are the step's, as Fit takes them. Transform, and a
    /// streaming engine made from the transformer, then place each row on the step's grid from the first timestamp on: rows
    /// missing from it are fed as missing values, out-of-order rows are refused, as after Fit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options have no <see cref="RtuForecastingOptions.TimestampColumnName"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="step"/> is not a step (no name, a season below 1, not exactly one of a fixed length and
    /// a number of months, or business days other than of a day's length), or one of months or business days for timestamps that are not dates.</exception>
    public RtuForecastingTransformer Initialize(DataViewSchema inputSchema, SeriesTimeStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_options.TimestampColumnName is null)
            throw new InvalidOperationException("Initialize with a time step needs a TimestampColumnName; without timestamps use Initialize(schema).");
        if (string.IsNullOrEmpty(step.Name)) throw new ArgumentException("The time step has no Name (a model stores it, and messages name the step by it).", nameof(step));
        if (!step.IsValid)
            throw new ArgumentException($"The time step '{step.Name}' is invalid: its SeasonLength must be at least 1, exactly one of FixedTicks and Months above 0, and BusinessDays only with FixedTicks of one day (FixedTicks {step.FixedTicks}, Months {step.Months}, BusinessDays {step.BusinessDays}, SeasonLength {step.SeasonLength}).", nameof(step));
        var columns = RtuForecastingTransformer.CheckInputs(inputSchema, _options, null);
        RtuForecastingTransformer.CheckKey(inputSchema, _options);
        var time = RtuForecastingTransformer.CheckTime(inputSchema, _options)!.Value;
        bool dates = TimestampColumn.AreDates(time);
        if (!dates && (step.Months > 0 || step.BusinessDays))
            throw new ArgumentException($"The time step '{step.Name}' counts {(step.Months > 0 ? "months" : "business days")}, but the timestamp column '{time.Name}' holds integers, not dates.", nameof(step));
        var options = _options.SeasonLength == 0 ? _options.With(season: step.SeasonLength, week: step.SecondSeasonLength) : _options;
        int exo = CheckedExogenousWidth(columns);
        var widths = columns.Select(c => RtuSchema.Width(c.Type)).ToArray();
        var timeline = new SeriesTimeline(step, dates, new Dictionary<string, long>(StringComparer.Ordinal));
        return new RtuForecastingTransformer(options, new RtuForecaster(options.ToSettings(exo)), widths,
            options.SeriesKeyColumnName is null ? null : new Dictionary<string, RtuForecaster>(StringComparer.Ordinal), timeline);
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
        if (_options.TimestampColumnName is not null) TimestampColumn.CheckShape(inputSchema, _options.TimestampColumnName, nameof(RtuForecastingEstimator));
        if (_options.SeriesKeyColumnName is not null) SeriesKeyColumn.CheckShape(inputSchema, _options.SeriesKeyColumnName, nameof(RtuForecastingEstimator));
        return RtuSchema.AppendShape(inputSchema, RtuForecastingTransformer.Outputs(_options));
    }
}
