// Online forecasting with a Recurrent Trace Unit inside an ML.NET pipeline.
// The series streams through mlContext.Forecasting.ForecastByRtu one row at a time; the RTU (exact RTRL) and its
// heads learn from every new value, and each forecast is written BEFORE the value it predicts is seen (prequential
// evaluation: no look-ahead, no separate training set). At the end it prints MAE, RMSE, sMAPE and MASE against the
// naive and seasonal-naive forecasts, writes timestamp,actual,forecast (then the 80 %/95 % interval bounds) to a CSV and a PNG of actual vs forecast,
// and saves the model (trained on the whole series, fitted before the pass: a diverging --learning-rate stops the run there) to one file.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Forecasting;
using Rtu.MLNet;

var input = new Option<string?>("--input") { Description = "CSV file (, ; or tab between fields): timestamp in the first column, a header row (a first row of numbers and dates is data), or one column of values alone. Default: the shipped Mauna Loa CO2 series (data/co2.csv)." };
var timestamp = new Option<string?>("--timestamp") { Description = "Column that holds the timestamps. Default: the first column (the second when the first has no name, as pandas writes its index)." };
var column = new Option<string?>("--column") { Description = "Value column to forecast. Default: 'value', else the first column after the timestamp that --key and --where do not name." };
var horizon = new Option<int>("--horizon") { Description = "Forecast horizon H: the CSV's forecast for row t is made at row t−H.", DefaultValueFactory = _ => 1 };
var exogenous = new Option<string[]>("--exogenous") { Description = "Other columns known at row t (comma-separated or repeated), e.g. --exogenous temp_min,wind: inputs of the RTU, and their effect on the series, learned online, is taken out before the whole pool and added back to its forecasts (gated toward 0 where it does not help); a value known for the target's own row (tomorrow's promotion) must stand in row t, shifted by the horizon.", AllowMultipleArgumentsPerToken = true };
var season = new Option<int?>("--season") { Description = "Season length m (1: none; 0: detected from the values, SeasonDetector). Default: from the timestamps' step (monthly 12, daily 7, business days 5, a day of steps for a step that divides a day: every 15 minutes 96, half-hourly 48, hourly 24, every 3 hours 8; weekly 52, ten-daily 36, semi-monthly 24, four-weekly 13, bi-monthly 6, quarterly 4, half-yearly 2)." };
var secondSeason = new Option<int?>("--second-season") { Description = "Second, longer season M modelled by the forecast pool (0: none). Default: the week for a day of steps from the timestamps (15 minutes 672, hourly 168, 3 hours 56), else from the season (24 → 168, 48 → 336, 7 → 365, else none)." };
var output = new Option<string>("--output") { Description = "Prediction CSV (timestamp,actual,forecast,lower80,upper80,lower95,upper95).", DefaultValueFactory = _ => Path.Combine("out", "forecast.csv") };
var plot = new Option<string?>("--plot") { Description = "Plot of actual vs forecast: PNG, SVG, JPEG, BMP or WebP by its extension (.png, .svg, .jpg, .jpeg, .bmp, .webp). Default: the output path with .png." };
var model = new Option<string?>("--model") { Description = "Model file to save (trained on the whole series). Default: the output path with .model.zip." };
var units = new Option<int>("--units") { Description = "RTU complex units (state width 2n).", DefaultValueFactory = _ => new RtuForecastingOptions().Units };
var lags = new Option<int>("--lags") { Description = "Recent changes fed as inputs.", DefaultValueFactory = _ => new RtuForecastingOptions().Lags };
var learningRate = new Option<double>("--learning-rate") { Description = "Adam step size.", DefaultValueFactory = _ => new RtuForecastingOptions().LearningRate };
var seed = new Option<ulong>("--seed") { Description = "Seed of the RTU's initialisation.", DefaultValueFactory = _ => 1UL };
var seasonalRatio = new Option<bool>("--seasonal-ratio-member") { Description = "Add the ES-RNN-style seasonal-ratio RTU to the forecast pool (with a season; off by default: little gain for about 60 % more time per row)." };
var dumpMembers = new Option<string?>("--dump-members") { Description = "Diagnostic: also write every forecast-pool member's forecasts per row and horizon to this CSV (for scripts/replay_pool.py; a second pass over the series)." };
var where = new Option<string[]>("--where") { Description = "Only the rows whose column holds this text, COLUMN=VALUE (repeatable): one series of a file that holds several in long format, e.g. --where store=A." };
var key = new Option<string?>("--key") { Description = "Column that tells the series of a long-format file apart (a row per series and time), e.g. --key store: every series is forecast in one run, one model per series; the CSV gets the key as its first column." };
var sharedWeights = new Option<bool>("--shared-weights") { Description = "With --key: one global model whose weights learn from every series (each keeps its own state and scaling) instead of one model per series." };
var paths = new Option<string?>("--paths") { Description = "Also write this CSV: every row's H forecasts (of rows t+1 … t+H) with their 80 % and 95 % bounds, origin,h,target,forecast,lower80,upper80,lower95,upper95, one line per row and horizon in time order (targets past the file's end dated by the step). One series: not with --key." };
var clock = new Option<string>("--clock") { Description = "The clock the seasons follow: utc (timestamps with a UTC offset are read in UTC) or local (each row at its local time, the offset dropped; the hour daylight saving repeats averaged, the hour it skips forecast as missing): for a pattern that follows the local clock, as a load's working day. One series: not with --key.", DefaultValueFactory = _ => "utc" };
var minValue = new Option<double?>("--min-value") { Description = "The least value the series can take, where you know it (a share's 0, a rating's 1): forecasts and interval bounds are raised to it. Default: none (forecasts are still not below 0 while no value has been)." };
var maxValue = new Option<double?>("--max-value") { Description = "The greatest value the series can take, where you know it (CPU use's 100, a hotel's rooms, a flight's seats): forecasts and interval bounds are lowered to it. Default: none (a value the series has sat at, three rows in a row twice, is still taken as its bound)." };
var missingValue = new Option<string[]>("--missing-value") { Description = "Values of the forecast column read as missing, as an empty cell (written with a decimal point; several separated by ';' or ',', or the option repeated; two whole numbers around one comma, 1,5, are refused: write 1.5 or \"1;5\"), e.g. --missing-value 0 for dropouts written as 0; none takes the logger's error codes as data. Default: a logger's error code (−9999, 9999, −999, 32767, …) that stands at least twice far from the other values is read as missing. Each --exogenous column takes the codes found in its own values, not the values named here (a flow's 0 may be a flag's no). The output CSV writes such a value's actual empty, as an empty cell's.", AllowMultipleArgumentsPerToken = true };
var quiet = new Option<bool>("--quiet") { Description = "No progress bar or running errors; only the summary." };

var root = new RootCommand("Online RTU forecasting of a CSV series, prequentially evaluated against naive and seasonal-naive forecasts.")
{
    input, timestamp, column, exogenous, where, key, sharedWeights, horizon, season, secondSeason, output, paths, plot, model, units, lags, learningRate, seed, seasonalRatio, minValue, maxValue, missingValue, dumpMembers, clock, quiet,
};
root.SetAction(parse =>
{
    try
    {
        var exo = (parse.GetValue(exogenous) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        var filters = (parse.GetValue(where) ?? []).Select(w => w.Split('=', 2) is [var c, var v] && c.Trim().Length > 0
            ? (c.Trim(), v.Trim()) : throw new ArgumentException($"--where takes COLUMN=VALUE, e.g. --where store=A; got '{w}'.")).ToArray();
        if (parse.GetValue(horizon) < 1) throw new ArgumentException("--horizon must be ≥ 1.");
        if (parse.GetValue(season) is < 0) throw new ArgumentException("--season must be ≥ 0 (1: no season, 0: detect it from the values).");
        if (parse.GetValue(secondSeason) is < 0) throw new ArgumentException("--second-season must be ≥ 0 (0: none).");
        if (parse.GetValue(minValue) is { } low && !double.IsFinite(low)) throw new ArgumentException($"--min-value must be a number; got {low}.");
        if (parse.GetValue(maxValue) is { } high && !double.IsFinite(high)) throw new ArgumentException($"--max-value must be a number; got {high}.");
        if (parse.GetValue(minValue) is { } min && parse.GetValue(maxValue) is { } max && !(min < max))
            throw new ArgumentException($"--max-value ({max}) must be above --min-value ({min}).");
        bool localClock = parse.GetValue(clock)?.Trim().ToLowerInvariant() switch
        {
            "utc" => false, "local" => true,
            var other => throw new ArgumentException($"--clock takes utc or local; got '{other}'."),
        };
        var missing = MissingValues.Parse(parse.GetValue(missingValue));
        if (parse.GetValue(key) is { } keyColumn)
        {
            if (parse.GetValue(dumpMembers) is not null) throw new ArgumentException("--dump-members writes one series' members: pick the series with --where instead of --key.");
            if (parse.GetValue(paths) is not null) throw new ArgumentException("--paths writes one series' forecasts: pick the series with --where instead of --key.");
            if (localClock) throw new ArgumentException("--clock local puts one series on its local clock: pick the series with --where instead of --key.");
            var keyed = new RtuForecastingOptions
            {
                Units = parse.GetValue(units), Lags = parse.GetValue(lags), LearningRate = parse.GetValue(learningRate), Seed = parse.GetValue(seed),
                LearnDuringTransform = true, SeasonalRatioMember = parse.GetValue(seasonalRatio), SharedWeights = parse.GetValue(sharedWeights),
                MinimumValue = parse.GetValue(minValue), MaximumValue = parse.GetValue(maxValue),
            };
            return KeyedRun.Run(new KeyedRun.Settings(parse.GetValue(input) ?? Path.Combine(AppContext.BaseDirectory, "data", "co2.csv"), parse.GetValue(column), keyColumn, exo, filters, parse.GetValue(timestamp),
                parse.GetValue(horizon), parse.GetValue(season), parse.GetValue(secondSeason), parse.GetValue(output)!, parse.GetValue(plot), parse.GetValue(model), keyed, missing, parse.GetValue(quiet)));
        }
        if (parse.GetValue(sharedWeights)) throw new ArgumentException("--shared-weights shares one model between the series of a file: it needs --key.");
        return Run(parse.GetValue(input), parse.GetValue(column), exo, filters, parse.GetValue(timestamp), parse.GetValue(horizon), parse.GetValue(season), parse.GetValue(secondSeason), parse.GetValue(output)!,
            parse.GetValue(plot), parse.GetValue(model), parse.GetValue(units), parse.GetValue(lags), parse.GetValue(learningRate), parse.GetValue(seed), parse.GetValue(seasonalRatio), parse.GetValue(dumpMembers), parse.GetValue(quiet), parse.GetValue(paths), localClock,
            parse.GetValue(minValue), parse.GetValue(maxValue), missing);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"error: {OptionError.Message(e)}");
        return 1;
    }
});
return root.Parse(args).Invoke();

static int Run(string? inputPath, string? columnName, string[] exogenousNames, (string Column, string Value)[] where, string? timestampColumn, int horizon, int? seasonOverride, int? secondSeason, string outputPath, string? plotPath, string? modelPath,
    int units, int lags, double learningRate, ulong seed, bool seasonalRatioMember, string? dumpPath, bool quiet, string? pathsPath, bool localClock,
    double? minValue, double? maxValue, MissingValues missingValues)
{
    if (localClock && dumpPath is not null) throw new ArgumentException("--dump-members writes the file's rows as they are, for the replay scripts: not with --clock local.");
    inputPath ??= Path.Combine(AppContext.BaseDirectory, "data", "co2.csv");
    outputPath = Path.GetFullPath(outputPath);
    plotPath = Path.GetFullPath(plotPath ?? Path.ChangeExtension(outputPath, ".png"));
    modelPath = Path.GetFullPath(modelPath ?? Path.ChangeExtension(outputPath, ".model.zip"));
    pathsPath = pathsPath is null ? null : Path.GetFullPath(pathsPath);
    dumpPath = dumpPath is null ? null : Path.GetFullPath(dumpPath);
    OutputPaths.Check([outputPath, plotPath, modelPath, .. pathsPath is null ? Array.Empty<string>() : [pathsPath], .. dumpPath is null ? Array.Empty<string>() : [dumpPath]]);
    // No two outputs may be one file (the later would overwrite the earlier without a word), nor the input (an outside
    // audit: --dump-members with the input's path replaced the user's data by the dump).
    var written = new List<(string Option, string Path)> { ("--output", outputPath), ("--plot", plotPath), ("--model", modelPath),
        ("the plot of the last rows (--plot with .recent)", Path.ChangeExtension(plotPath, ".recent" + Path.GetExtension(plotPath))) };
    if (pathsPath is not null) written.Add(("--paths", pathsPath));
    if (dumpPath is not null) written.Add(("--dump-members", dumpPath));
    OutputPaths.CheckDistinct([.. written]);
    OutputPaths.CheckNotInput(inputPath, [.. written.Select(w => w.Path)]);
    Plotting.CheckFormat(plotPath);
    // Logger codes and the values named with --missing-value read as missing first: every later step, the output's
    // actual column included, sees them as empty cells (MissingValues).
    var series = missingValues.Apply(CsvSeries.Read(inputPath, columnName, where, timestampColumn), out var missingNotes);
    string[] fileStamps = series.Timestamps;   // row i's, in the file's order
    float[] fileValues = series.Values;
    var exogenousNotes = new List<string>();
    var exogenousColumns = exogenousNames.Select(c =>
    {
        var e = missingValues.ApplyExogenous(CsvSeries.Read(inputPath, c, where, timestampColumn), out string? note);
        if (note is not null) exogenousNotes.Add(note);
        return e;
    }).ToArray();
    // A row that repeats the row before exactly is taken once (RepeatedRows), and on the local clock a repeated hour's two
    // passes share their rows (LocalClock): mergedRows[i] is file row i's row in the series that follows. Not with
    // --dump-members, whose rows the replay scripts align with the peers' (the file's) rows.
    int[]? mergedRows = null;
    string? repeatNote = null;
    if (dumpPath is null && RepeatedRows.Drop(series, exogenousColumns) is var (once, onceRows, onceNote))
    {
        (series, mergedRows, repeatNote) = (once, onceRows, onceNote);
        exogenousColumns = exogenousColumns.Select(e => RepeatedRows.Kept(e, onceRows)).ToArray();
    }
    string? clockNote = localClock ? null : LocalClock.Suggestion(series);
    if (localClock)
    {
        (series, int[] localRows, clockNote) = LocalClock.Apply(series);
        exogenousColumns = exogenousColumns.Select(e => LocalClock.MergeLike(e, localRows, series.Timestamps)).ToArray();
        mergedRows = mergedRows is null ? localRows : mergedRows.Select(r => localRows[r]).ToArray();
    }
    // A device clock set back or forward between regular readings: the rows after each jump moved by it, so they stay in
    // time order and on one step grid (ClockJumps); not with --dump-members, nor on the local clock.
    string? jumpNote = null;
    string[] statedStamps = series.Timestamps;   // as the file wrote them (the notes quote these)
    if (dumpPath is null && !localClock && ClockJumps.Correct(series) is var (unjumped, unjumpedNote)) (series, jumpNote) = (unjumped, unjumpedNote);
    // Rows newest first or out of order (every one dated, no date twice) are forecast in time order; the output keeps
    // the file's order: its row i is row position[i] of the sorted series.
    // Not with --dump-members, whose rows the replay scripts align with the peers' (the file's) rows.
    int[]? order = dumpPath is null ? series.TimeOrder() : null;
    string? sortedNote = order is null ? null : series.SortedNote(order);
    if (order is not null) series = series.Reordered(order);
    // Skipped steps become missing rows (the output keeps the file's rows), so that a season of m rows is m steps; not
    // with --dump-members either.
    int[]? gridRows = null;
    string? gridNote = null;
    if (dumpPath is null && series.OnStepGrid(out int[] onGrid) is { } grid)
    {
        gridNote = series.GridNote(onGrid, jumpNote is null ? null : statedStamps);
        gridRows = onGrid;
        series = grid;
    }
    int[] position = new int[gridRows?.Length ?? series.Values.Length];
    for (int t = 0; t < position.Length; t++) position[order?[t] ?? t] = gridRows?[t] ?? t;
    if (mergedRows is not null) position = mergedRows.Select(r => position[r]).ToArray();   // each file row's
    // What the rows are called in --paths and the change report: their own timestamps, unless a clock jump moved them
    // (ClockJumps), where each file row keeps the file's timestamp (joined with the output CSV, a moved stamp named another
    // row: a review), and only the skipped steps have made-up ones.
    string[] labels = series.Timestamps;
    if (jumpNote is not null)
    {
        labels = (string[])series.Timestamps.Clone();
        for (int i = position.Length - 1; i >= 0; i--) labels[position[i]] = fileStamps[i];
    }
    // Nothing to fit, score or save: said before anything is written (the run wrote the CSV and plot, then failed on the model).
    if (series.Values.All(float.IsNaN)) throw new InvalidDataException($"'{series.Name}' in {inputPath} has no observed value: nothing to forecast.");
    // Without a timestamp column (a file of values alone) the season comes from the values, as the library's estimator
    // finds it without timestamps.
    var inferred = series.HasTimestamps ? series.InferStep() : null;
    string step = inferred?.Name ?? "none (no timestamp column)";
    int detected = inferred?.SeasonLength ?? SeasonDetector.Detect(series.Values.Select(v => (double)v).ToArray());
    int m = seasonOverride == 0 ? SeasonDetector.Detect(series.Values.Select(v => (double)v).ToArray()) : seasonOverride ?? detected;
    // Timestamps of which none is read as a date give an unknown step and season 1: not a season "from the timestamps".
    string seasonSource = seasonOverride switch
    {
        null when series.Undated => " (no timestamp read as a date)", null when series.HasTimestamps => " (from the timestamps)", null or 0 => " (detected from the values)", _ => "",
    };
    // A step that divides a day gives the week as the second season (15 minutes: 672), as the library's estimator does.
    int? week = seasonOverride is null ? inferred?.SecondSeasonLength : null;
    string secondSource = secondSeason is not null ? "" : week is not null ? " (from the timestamps)" : " (from the season)";
    secondSeason ??= week;
    int n = series.Values.Length;
    int missing = series.Values.Count(float.IsNaN);
    var exogenous = exogenousColumns.Select(e => order is null ? e : e.Reordered(order))
        .Select(e => gridRows is null ? e : e.SpreadOnto(gridRows, series.Values.Length, series.Timestamps)).ToArray();
    // On the step grid the file's rows and its skipped steps are counted apart.
    string rowCount = gridRows is null ? $"{n} rows ({missing} missing)" : $"{gridRows.Length} rows ({missing - (n - gridRows.Length)} missing) and {n - gridRows.Length} skipped step(s)";
    Console.WriteLine($"Series '{series.Name}' from {Path.GetFileName(inputPath)}: {rowCount}, step {step}, season {m}{seasonSource}, second season {secondSeason ?? Rtu.Trainers.Online.ForecastPool.SecondSeasonOf(m)}{secondSource}, horizon {horizon}"
        + (exogenous.Length > 0 ? $", exogenous inputs: {string.Join(", ", exogenous.Select(e => e.Name))}." : "."));
    foreach (string note in series.Notes.Concat(exogenous.SelectMany(e => e.Notes)).Distinct()) Console.WriteLine($"  note: {note}.");
    if (series.Headerless) Console.WriteLine($"  note: the first line holds no column names, so it is read as data; the columns are named {string.Join(", ", series.ColumnNames)}.");
    if (series.UndatedWarning() is { } undated) Console.WriteLine($"  note: {undated}.");
    if (series.AmbiguousDatesWarning() is { } ambiguous) Console.WriteLine($"  note: {ambiguous}.");
    if (series.MonthsOrWeeksWarning() is { } monthsOrWeeks) Console.WriteLine($"  note: {monthsOrWeeks}.");
    if (repeatNote is not null) Console.WriteLine($"  note: {repeatNote}.");
    if (clockNote is not null) Console.WriteLine($"  note: {clockNote}.");
    if (jumpNote is not null) Console.WriteLine($"  note: {jumpNote}.");
    if (sortedNote is not null) Console.WriteLine($"  note: {sortedNote}.");
    if (gridNote is not null) Console.WriteLine($"  note: {gridNote}.");
    foreach (string warning in series.TimeOrderWarnings()) Console.WriteLine($"  note: {warning}.");
    if (IrregularStepNote.Line(series.HasTimestamps ? series.ReadDates() : null, inferred) is { } irregular) Console.WriteLine($"  note: {irregular}.");
    if (series.PrecisionWarning($"'{series.Name}'") is { } rounded) Console.WriteLine($"  note: {rounded}");
    foreach (string note in missingNotes.Concat(exogenousNotes)) Console.WriteLine($"  note: {note}.");
    if (ZeroDropoutNote.Line(series.Values, labels, "the values", series.HasTimestamps ? series.ReadDates() : null) is { } zeros) Console.WriteLine($"  note: {zeros}.");
    if (FlatRunNote.Line(series.Values, labels, "the values", series.HasTimestamps ? series.ReadDates() : null) is { } flat) Console.WriteLine($"  note: {flat}.");
    if (CumulativeNote.Line(series.Values, labels, "the values", inferred) is { } runningTotal) Console.WriteLine($"  note: {runningTotal}.");
    // A season from the timestamps that the file cannot show (a 100-minute file with a day of minutes), and a day of
    // steps too long for a default season (every 10 seconds): both said, with what to write (an outside audit).
    if (seasonOverride is null && inferred is not null && m > 1 && n < 2 * m)
        Console.WriteLine($"  note: the {n} rows are fewer than two seasons of {m} ({step}): the seasonal members wait a season, and only the rows after the first season can be scored against the seasonal naive forecast{(n <= m ? " (none here)" : "")}; --season 1 forecasts without a season.");
    if (seasonOverride is null && inferred is { SeasonLength: 1, StepsPerDay: long perDay } && perDay > SeriesTimeStep.MaxStepsPerDay && n >= 2 * perDay)
        Console.WriteLine($"  note: a day is {perDay} steps ({step}), more than the {SeriesTimeStep.MaxStepsPerDay} a daily season is given by default: --season {perDay} models it (a forecaster's size and time per row grow with the season).");

    // The pipeline: one estimator; Initialize gives an untrained transformer that learns while Transform streams.
    var ml = new MLContext(seed: 1);
    int k = exogenous.Length;
    var rows = Enumerable.Range(0, n).Select(t => new Point { Value = series.Values[t], Exogenous = k == 0 ? [0f] : exogenous.Select(e => e.Values[t]).ToArray() });
    var schema = SchemaDefinition.Create(typeof(Point));
    schema[nameof(Point.Exogenous)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, k));
    var data = ml.Data.LoadFromEnumerable(rows, schema);
    RtuForecastingOptions Options(bool withExogenous) => new()
    {
        Units = units, Lags = lags, LearningRate = learningRate, Seed = seed, LearnDuringTransform = true,
        ExogenousColumnNames = k == 0 || !withExogenous ? [] : [nameof(Point.Exogenous)], IncludeIntervals = true, IncludeChanges = true, SecondSeasonLength = secondSeason,
        SeasonalRatioMember = seasonalRatioMember, MinimumValue = minValue, MaximumValue = maxValue,
    };
    var options = Options(withExogenous: true);
    var estimator = ml.Forecasting.ForecastByRtu("Forecast", nameof(Point.Value), horizon, m, options);
    // The deployable model first: it learns exactly as the pass below, and Fit refuses a diverging --learning-rate at
    // its row, before the long pass (ModelFit).
    RtuForecastingTransformer trained;
    var fitWatch = Stopwatch.StartNew();
    using (var fitting = new Progress(n, quiet, "fitting"))
        trained = ModelFit.Fit(estimator, ml.Data.LoadFromEnumerable(fitting.Ticking(rows, "fitting the model"), schema));
    double fitSeconds = fitWatch.Elapsed.TotalSeconds;
    var untrained = estimator.Initialize(data.Schema);
    var prequential = untrained.Transform(data);

    // Stream it. made[t] = the H forecasts made at row t (after seeing y_t); the CSV's forecast for row t is made[t−H][H−1].
    var made = new float[n][];
    // bands[b][t]: the online conformal bounds made at row t, in IntervalColumnNames order (lower 80, upper 80, lower 95, upper 95).
    var bands = Enumerable.Range(0, 4).Select(_ => new float[n][]).ToArray();
    // The rows scored: a forecast made at row r (of row r + H) counts where the naive (y_r) and seasonal-naive values of
    // its target exist too, so that every figure below compares the same rows; scoredMade[r] is made[r] there, else null.
    var scoredMade = new float[]?[n];
    var changes = new float[n][];   // the change of the series confirmed at row t (RtuForecastingOptions.IncludeChanges)
    int firstTarget = int.MaxValue;   // the first row with a scored forecast, once one is made
    var watch = Stopwatch.StartNew();
    int report = Math.Max(1, n / 10);
    using (var progress = new Progress(n, quiet))
        Prequential.Stream(prequential, options, made, bands, row =>
        {
            if (Prequential.IsScorable(series.Values, row, horizon, m))
            {
                scoredMade[row] = made[row];
                if (float.IsFinite(made[row][horizon - 1]) && !float.IsNaN(series.Values[row + horizon])) firstTarget = Math.Min(firstTarget, row + horizon);
            }
            int t = row + 1;   // rows streamed
            bool anyScored = t > firstTarget;
            string Message()
            {
                if (!anyScored) return $"row {t}/{n}";
                var sofar = Prequential.Score(ml, series.Values, scoredMade, t, horizon, m);
                return $"row {t}/{n}: {horizon}-step MAE {sofar.Model.Mae:G4} (naive {sofar.Naive.SeasonalNaiveMae:G4}, seasonal naive {sofar.Model.SeasonalNaiveMae:G4})";
            }
            progress.Tick(Message);
            if (!quiet && (t % report == 0 || t == n) && anyScored) progress.WriteLine($"  {Message()}");
        }, changes);
    double seconds = watch.Elapsed.TotalSeconds;
    if (dumpPath is not null)
    {
        MemberDump.Write(dumpPath, untrained.GetModel(), series.Values, exogenous.Select(e => e.Values).ToArray());
        Console.WriteLine($"Wrote {Path.GetFullPath(dumpPath)}");
    }

    // Summary over the rows where the forecast and both baselines exist (and the actual is not missing): the library's
    // evaluator, once against the seasonal naive and once against the naive (a season of 1), on the same rows.
    // A series too short to score (every forecast's target lacks a naive or seasonal-naive value before it) still gets its
    // forecasts, plot, model and next values: only the scores are missing.
    string title = $"{series.Name}: actual vs {horizon}-step online forecast of the RTU and its pool";
    if (firstTarget == int.MaxValue)
    {
        int observed = series.Values.Count(float.IsFinite);
        Console.WriteLine();
        Console.WriteLine($"No forecast could be scored: {observed} observed rows are too few for a forecast whose target has a naive value ({horizon} row(s) before it) and a seasonal-naive one ({m * ((horizon + m - 1) / m)} rows before it: the season's multiple that reaches back past the horizon). The forecasts, the plot and the model are written as usual.");
    }
    else
    {
        var (total, totalNaive) = Prequential.Score(ml, series.Values, scoredMade, n, horizon, m);
        Console.WriteLine();
        Console.WriteLine($"Prequential {horizon}-step-ahead errors over {total.Count} scored rows ({seconds:F1} s, {1e6 * seconds / n:F0} µs per row; {RunTimes.FitText(fitSeconds, n)}):");
        Console.WriteLine($"  {"",-22}{"MAE",12}{"RMSE",12}{"sMAPE %",10}");
        Console.WriteLine($"  {"forecast (RTU + pool)",-22}{total.Mae,12:G5}{total.Rmse,12:G5}{total.Smape,10:F2}");
        Console.WriteLine($"  {"naive",-22}{totalNaive.SeasonalNaiveMae,12:G5}");
        Console.WriteLine($"  {$"seasonal naive (m={m})",-22}{total.SeasonalNaiveMae,12:G5}");
        Console.WriteLine($"  MASE vs naive {totalNaive.Mase:F3}, vs seasonal naive {total.Mase:F3}  (< 1: better than the baseline)");
        if (!double.IsFinite(totalNaive.Mase) || !double.IsFinite(total.Mase))
            Console.WriteLine("  (a MASE of NaN or ∞ is undefined: that baseline makes no error on these rows, e.g. a constant series)");
        IntermittentReport.Print(ml, series.Values, scoredMade, horizon, m);
        FallbackNote.Print(series.Values, scoredMade, horizon, m);
        BoundNote.Print(trained.GetModel().Pool);
        // The second half: the forecasts whose targets lie there.
        var secondHalfMade = scoredMade.Select((f, r) => r + horizon >= n / 2 ? f : null).ToArray();
        if (secondHalfMade.Where((f, r) => f is not null && float.IsFinite(f[horizon - 1]) && !float.IsNaN(series.Values[r + horizon])).Any())
        {
            var (half, halfNaive) = Prequential.Score(ml, series.Values, secondHalfMade, n, horizon, m);
            Console.WriteLine($"  second half only: MASE vs naive {halfNaive.Mase:F3}, vs seasonal naive {half.Mase:F3}");
        }
        // The library's evaluator over every row with a target, a forecast and a seasonal-naive value (the table above also
        // needs the naive forecast, so its rows can differ by a few at the start).
        var evaluation = ml.Forecasting.EvaluateForecasts(series.Values, made, horizon, m);
        Console.WriteLine($"  mlContext.Forecasting.EvaluateForecasts: {evaluation.Count} rows, MAE {evaluation.Mae:G5}, RMSE {evaluation.Rmse:G5}, sMAPE {evaluation.Smape:F2} %, MASE {evaluation.Mase:F3}");
        IntervalReport.Print(ml, series.Values, made, bands, horizon, m);
        ExogenousAlignmentNote.Print(series.Values, made, horizon, exogenous.Select((e, i) => (exogenousNames[i], e.Values)).ToArray());
        if (k > 0)
        {
            // What the columns were worth: the same forecaster without them, on the same scored rows (ExogenousValueNote).
            var plain = Options(withExogenous: false);
            var madeWithout = new float[n][];
            var bandsWithout = Enumerable.Range(0, 4).Select(_ => new float[n][]).ToArray();
            using (var again = new Progress(n, quiet, "without the exogenous columns"))
                Prequential.Stream(ml.Forecasting.ForecastByRtu("Forecast", nameof(Point.Value), horizon, m, plain).Initialize(data.Schema).Transform(data),
                    plain, madeWithout, bandsWithout, row => again.Tick(() => $"without the exogenous columns: row {row + 1}/{n}"));
            var scoredWithout = scoredMade.Select((f, r) => f is null ? null : madeWithout[r]).ToArray();
            var (withoutTotal, _) = Prequential.Score(ml, series.Values, scoredWithout, n, horizon, m);
            if (ExogenousValueNote.Line(exogenousNames, total.Mae, withoutTotal.Mae, total.Count, horizon) is { } worth) Console.WriteLine(worth);
        }
        title += $" (MASE vs seasonal naive {total.Mase:F2})";
    }
    ChangeReport.Print(changes, series.HasTimestamps ? labels : null, series.Values, m);

    // timestamp,actual,forecast for every row, then the 80 % and 95 % interval bounds made with the forecast; empty where
    // none was made yet. In the file's order: row i of the file is row position[i] in time (on the step grid).
    outputPath = Path.GetFullPath(outputPath);
    Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
    using (var w = new StreamWriter(outputPath))
    {
        w.WriteLine("timestamp,actual,forecast,lower80,upper80,lower95,upper95");
        for (int i = 0; i < position.Length; i++)
        {
            int t = position[i];
            float f = t >= horizon ? made[t - horizon][horizon - 1] : float.NaN;
            string bounds = string.Concat(bands.Select(b => "," + CsvText.Number(t >= horizon ? b[t - horizon][horizon - 1] : float.NaN)));
            // The file's own timestamp (a grid of a jittering clock writes each row at its step).
            w.WriteLine($"{CsvText.Field(fileStamps[i])},{CsvText.Number(fileValues[i])},{CsvText.Number(f)}{bounds}");
        }
    }
    Console.WriteLine($"Wrote {outputPath}");
    if (pathsPath is not null)
    {
        ForecastPaths.Write(pathsPath, labels, made, bands, horizon, series.NextTimestamps(horizon));
        Console.WriteLine($"Wrote {pathsPath}");
    }

    plotPath = Path.GetFullPath(plotPath ?? Path.ChangeExtension(outputPath, ".png"));
    try
    {
        Plotting.SaveActualVsForecast(plotPath, series, made, bands[0], bands[1], horizon, title);
        Console.WriteLine($"Wrote {plotPath}");
        // A long series is a dense band at full length (three years of days): its last eight seasons (at least 60 rows)
        // drawn again, where each forecast can be seen against its value.
        int recent = Math.Max(8 * m, 60);
        if (n > 3 * recent)
        {
            string recentPath = Path.ChangeExtension(plotPath, ".recent" + Path.GetExtension(plotPath));
            Plotting.SaveActualVsForecast(recentPath, series, made, bands[0], bands[1], horizon, $"{title}, the last {recent} rows", n - recent);
            Console.WriteLine($"Wrote {recentPath}");
        }
    }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"warning: could not draw {plotPath}: {e.GetBaseException().Message}");
    }

    // The deployable model, fitted before the pass (learning exactly as it did): save it to one file.
    modelPath = Path.GetFullPath(modelPath ?? Path.ChangeExtension(outputPath, ".model.zip"));
    ml.Model.SaveRtu(trained, data.Schema, modelPath);
    var next = new float[horizon];
    trained.GetModel().WriteForecast(next);
    Console.WriteLine($"Wrote {modelPath}; next {horizon} value(s): {string.Join(", ", next.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}");
    Console.WriteLine(RunTimes.DoneText(passes: k > 0 && firstTarget != int.MaxValue ? 3 : 2));
    return 0;
}

/// <summary>One row of the series as ML.NET sees it (NaN: missing).</summary>
internal sealed class Point
{
    public float Value { get; set; }

    /// <summary>The exogenous columns of the row (NaN: missing); unused when there are none.</summary>
    public float[] Exogenous { get; set; } = [];
}
