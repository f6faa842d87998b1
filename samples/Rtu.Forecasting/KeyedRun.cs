using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.Forecasting;

/// <summary>
/// The app with --key: every series of a long-format file (a row per series and time) in one ML.NET pipeline, the
/// estimator's <see cref="RtuForecastingOptions.SeriesKeyColumnName"/> keeping one forecaster per key (or one global model
/// with --shared-weights), streamed in the file's order. Prints each series' errors and their geometric means, writes
/// the forecasts with a key column, a CSV of the per-series errors, plots of the first series and one model file
/// holding every series.
/// </summary>
internal static class KeyedRun
{
    /// <summary>Plots drawn: one per series, for the first this many keys (a file may hold thousands).</summary>
    public const int MaxPlots = 12;

    // Series listed on the console; every series is in the per-series CSV.
    private const int MaxListed = 25;

    // Series whose time-order and precision notes are printed.
    private const int MaxNoted = 5;

    /// <summary>What the run needs from the command line.</summary>
    public sealed record Settings(string InputPath, string? Column, string KeyColumn, string[] Exogenous, (string Column, string Value)[] Where, string? TimestampColumn, int Horizon,
        int? Season, int? SecondSeason, string OutputPath, string? PlotPath, string? ModelPath, RtuForecastingOptions Options, MissingValues Missing, bool Quiet);

    /// <summary>One row as ML.NET sees it: the series key, the value (NaN: missing) and the exogenous values.</summary>
    private sealed class KeyedPoint
    {
        public string Key { get; set; } = "";
        public float Value { get; set; }
        public float[] Exogenous { get; set; } = [];
    }

    /// <summary>One series' scores (NaN where it has no scored row).</summary>
    private sealed record SeriesScore(string Key, int Rows, int Scored, double Mae, double MaseNaive, double MaseSeasonal, double Cover80, double Cover95);

    public static int Run(Settings s)
    {
        string output = Path.GetFullPath(s.OutputPath);
        string[] outputs = [output, Path.ChangeExtension(output, ".series.csv"), s.PlotPath ?? Path.ChangeExtension(output, ".png"), s.ModelPath ?? Path.ChangeExtension(output, ".model.zip")];
        OutputPaths.CheckDistinct(("--output", outputs[0]), ("the per-series scores (--output with .series.csv)", outputs[1]), ("--plot", outputs[2]), ("--model", outputs[3]));
        OutputPaths.CheckNotInput(s.InputPath, outputs);
        OutputPaths.Check(outputs);
        Plotting.CheckFormat(s.PlotPath ?? Path.ChangeExtension(output, ".png"));
        var read = KeyedCsvSeries.Read(s.InputPath, s.Column, s.KeyColumn, s.Where, s.TimestampColumn);
        // Series newest first or out of order are forecast in time order (every row of the file sorted by date); the
        // output keeps the file's order: its row i is row position[i] of the sorted file.
        var file = read.InTimeOrder(out int[]? order);
        // Logger codes (each series' own) and the values named with --missing-value read as missing, as one series reads them.
        file = s.Missing.Apply(file, out string? namedNote, out var codeNotes);
        var sortedNotes = order is null ? new Dictionary<string, string>() : read.SortedNotes().ToDictionary(x => x.Key, x => x.Note, StringComparer.Ordinal);
        var rows = file.Rows;
        int n = rows.Values.Length, horizon = s.Horizon;
        // One season for every series: from each series' timestamps (or values, with --season 0), the most common.
        var inferred = s.Season is null ? file.Series.ToDictionary(g => g.Series, g => g.Series.InferStep()) : null;
        string step = "";
        int others = 0;
        IReadOnlyList<string> examples = [];
        int m = s.Season is { } given and > 0 ? given
            : s.Season == 0 ? file.CommonSeason(g => (SeasonDetector.Detect(g.Values.Select(v => (double)v).ToArray()), "detected"), out step, out others, out examples)
            : file.CommonSeason(g => (inferred![g].SeasonLength, inferred[g].Name), out step, out others, out examples);
        string seasonSource = s.Season switch
        {
            null when file.Series.All(g => g.Series.Undated) => " (no timestamp read as a date)", null => " (from the timestamps)", 0 => " (detected from the values)", _ => "",
        };
        // A step that divides a day gives the week as the second season (15 minutes: 672), as for one series.
        int? week = s.Season is null ? file.Series.Select(g => inferred![g.Series]).FirstOrDefault(t => t.SeasonLength == m)?.SecondSeasonLength : null;
        int? secondSeason = s.SecondSeason ?? week;
        var exogenousNotes = new List<string>();
        var exogenous = s.Exogenous.Select(c => CsvSeries.Read(s.InputPath, c, s.Where, s.TimestampColumn)).Select(e => order is null ? e : e.Reordered(order))
            .Select(e =>
            {
                var masked = s.Missing.ApplyExogenous(e, file, out string? note);
                if (note is not null) exogenousNotes.Add(note);
                return masked;
            }).ToArray();
        int[] position = new int[n];
        for (int t = 0; t < n; t++) position[order?[t] ?? t] = t;
        Console.WriteLine($"{file.Series.Count} series by '{file.KeyColumn}', column '{rows.Name}' of {Path.GetFileName(s.InputPath)}: {n} rows ({rows.Values.Count(float.IsNaN)} missing), "
            + (s.Season is null ? $"step {step}, " : "") + $"season {m}{seasonSource}, second season {secondSeason ?? Rtu.Trainers.Online.ForecastPool.SecondSeasonOf(m)}, horizon {horizon}, "
            + (s.Options.SharedWeights ? "one model learning from every series (--shared-weights)" : "one model per series")
            + (exogenous.Length > 0 ? $", exogenous inputs: {string.Join(", ", exogenous.Select(e => e.Name))}." : "."));
        foreach (string note in rows.Notes.Concat(exogenous.SelectMany(e => e.Notes)).Distinct()) Console.WriteLine($"  note: {note}.");
        foreach (string note in new[] { namedNote }.OfType<string>().Concat(exogenousNotes)) Console.WriteLine($"  note: {note}.");
        if (others > 0)
            Console.WriteLine($"  note: {others} of the {file.Series.Count} series would have another season, e.g. {string.Join(", ", examples)}; every series uses {m}, the most common (--season chooses one).");
        // What the timestamps say about each series' rows (the first note of the first few series: a file may hold thousands).
        var notes = file.Series.Select(g => (g.Key, Notes: new[] { g.Series.UndatedWarning(), g.Series.AmbiguousDatesWarning(), g.Series.MonthsOrWeeksWarning(), sortedNotes.GetValueOrDefault(g.Key) }.Concat(g.Series.TimeOrderWarnings()).OfType<string>().Select(w => w + ".").Append(IrregularStepNote.Line(g.Series.HasTimestamps ? g.Series.ReadDates() : null, g.Series.HasTimestamps ? g.Series.InferStep() : null) is { } irregular ? irregular + "." : null).Append(g.Series.PrecisionWarning("this series")).Append(codeNotes.GetValueOrDefault(g.Key) is { } codes ? codes + "." : null).Append(ZeroDropoutNote.Line(g.Series.Values, g.Series.Timestamps, "the values", g.Series.HasTimestamps ? g.Series.ReadDates() : null) is { } zeros ? zeros + "." : null).Append(FlatRunNote.Line(g.Series.Values, g.Series.Timestamps, "the values", g.Series.HasTimestamps ? g.Series.ReadDates() : null) is { } flat ? flat + "." : null).Append(CumulativeNote.Line(g.Series.Values, g.Series.Timestamps, "the values", g.Series.HasTimestamps ? g.Series.InferStep() : null) is { } total ? total + "." : null).OfType<string>().ToArray()))
            .Where(x => x.Notes.Length > 0).ToArray();
        foreach (var (key, list) in notes.Take(MaxNoted)) Console.WriteLine($"  note: series '{key}': {list[0]}");
        if (notes.Length > MaxNoted) Console.WriteLine($"  note: and {notes.Length - MaxNoted} more series with such notes.");
        var ended = file.EndedEarly(m, out string fileLast);
        if (ended.Count > 0)
            Console.WriteLine($"  note: {ended.Count} series end more than {KeyedCsvSeries.EndedEarlySteps(m)} steps before the file's last timestamp '{fileLast}', e.g. {string.Join(", ", ended.Take(3).Select(e => $"'{e.Key}' at '{e.Last}'"))}: their next forecasts continue the level they ended at; where their rows stopped because nothing happened (sales of 0), write those rows as 0.");

        var ml = new MLContext(seed: 1);
        int k = exogenous.Length;
        var points = Enumerable.Range(0, n).Select(t => new KeyedPoint { Key = file.Keys[t], Value = rows.Values[t], Exogenous = k == 0 ? [0f] : exogenous.Select(e => e.Values[t]).ToArray() });
        var schema = SchemaDefinition.Create(typeof(KeyedPoint));
        schema[nameof(KeyedPoint.Exogenous)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, k));
        var data = ml.Data.LoadFromEnumerable(points, schema);
        var options = s.Options;
        options.SeriesKeyColumnName = nameof(KeyedPoint.Key);
        options.ExogenousColumnNames = k == 0 ? [] : [nameof(KeyedPoint.Exogenous)];
        options.IncludeIntervals = true;
        options.IncludeChanges = true;
        options.Horizon = horizon;
        options.SeasonLength = m;
        options.SecondSeasonLength = secondSeason;
        options.InputColumnName = nameof(KeyedPoint.Value);
        options.OutputColumnName = "Forecast";
        var estimator = ml.Forecasting.ForecastByRtu(options);
        // The deployable model first: it learns exactly as the pass below, and Fit refuses a diverging --learning-rate at
        // its row, before the long pass (ModelFit). A series without an observed value has nothing to fit (Fit refuses
        // it): left out, and said so with the model; with none observed, the check after the pass says so.
        var empty = file.Series.Where(g => g.Series.Values.All(float.IsNaN)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var fitPoints = points.Where(p => !empty.Contains(p.Key));
        var fitData = ml.Data.LoadFromEnumerable(fitPoints, schema);
        RtuForecastingTransformer? trained = null;
        var fitWatch = Stopwatch.StartNew();
        if (empty.Count < file.Series.Count)
            using (var fitting = new Progress(fitPoints.Count(), s.Quiet, "fitting"))
                trained = ModelFit.Fit(estimator, ml.Data.LoadFromEnumerable(fitting.Ticking(fitPoints, "fitting the model"), schema));
        double fitSeconds = fitWatch.Elapsed.TotalSeconds;

        // Stream every row once, in the file's order: made[t] = the H forecasts made at row t by its series' model.
        var made = new float[n][];
        var bands = Enumerable.Range(0, 4).Select(_ => new float[n][]).ToArray();
        var changes = new float[n][];   // the change of its series confirmed at row t (RtuForecastingOptions.IncludeChanges)
        var watch = Stopwatch.StartNew();
        int report = Math.Max(1, n / 10);
        using (var progress = new Progress(n, s.Quiet))
            Prequential.Stream(estimator.Initialize(data.Schema).Transform(data), options, made, bands, t =>
            {
                progress.Tick(() => $"row {t + 1}/{n}");
                // Without a bar (output redirected) a line every tenth of the rows, as one series' run prints (an audit:
                // a keyed run printed nothing between its header and its summary).
                if (!s.Quiet && ((t + 1) % report == 0 || t + 1 == n)) progress.WriteLine($"  row {t + 1}/{n}");
            }, changes);
        double seconds = watch.Elapsed.TotalSeconds;

        // Each series scored on its own rows, as the app scores one series.
        var scores = file.Series.Select(g => ScoreSeries(ml, g, made, bands, horizon, m)).ToArray();
        var scored = scores.Where(x => x.Scored > 0).ToArray();
        // Series too short to score still get their forecasts, plots, model and next values: only the scores are missing.
        if (scored.Length == 0)
        {
            Console.WriteLine();
            Console.WriteLine($"No forecast could be scored in any of the {file.Series.Count} series: each needs a target with a naive value ({horizon} row(s) before it) and a seasonal-naive one ({m * ((horizon + m - 1) / m)} rows before it: the season's multiple that reaches back past the horizon). The forecasts, the plots and the model are written as usual.");
        }
        else
        {
            Console.WriteLine();
            Console.WriteLine($"Prequential {horizon}-step-ahead errors of {file.Series.Count} series ({scored.Length} with scored rows; {seconds:F1} s, {1e6 * seconds / n:F0} µs per row; {RunTimes.FitText(fitSeconds, n)}):");
            Console.WriteLine($"  {"series",-24}{"rows",7}{"scored",8}{"MAE",12}{"MASE naive",12}{"MASE snaive",13}{"cover80 %",11}{"cover95 %",11}");
            foreach (var x in scores.Take(MaxListed))
                Console.WriteLine($"  {Shorten(x.Key, 23),-24}{x.Rows,7}{x.Scored,8}{x.Mae,12:G5}{x.MaseNaive,12:F3}{x.MaseSeasonal,13:F3}{100 * x.Cover80,11:F1}{100 * x.Cover95,11:F1}");
            if (scores.Length > MaxListed) Console.WriteLine($"  … and {scores.Length - MaxListed} more (every series is in the per-series CSV)");
            Console.WriteLine($"  geometric mean over the series: MASE vs naive {GeometricMean(scored.Select(x => x.MaseNaive)):F3}, vs seasonal naive (m={m}) {GeometricMean(scored.Select(x => x.MaseSeasonal)):F3}  (< 1: better than the baseline; series with an undefined MASE left out)");
            Console.WriteLine($"  worse than seasonal naive: {scored.Count(x => x.MaseSeasonal >= 1)} of {scored.Length} series");

            // The library's evaluator over all series at once (pooled: the sums of errors over the sums of the seasonal-naive errors).
            var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(t => new ScoredRow
            {
                Key = file.Keys[t], Actual = rows.Values[t], Forecast = made[t], Lower95 = bands[2][t], Upper95 = bands[3][t],
            }), ScoredRow.Schema(horizon));
            // The evaluator scores rows with an interval too, and refuses data without one: series so short that no forecast
            // has an interval yet are said so, and the outputs still written.
            try
            {
                var pooled = ml.Forecasting.EvaluateForecasts(view, nameof(ScoredRow.Actual), nameof(ScoredRow.Forecast), horizon, m, nameof(ScoredRow.Key),
                    nameof(ScoredRow.Lower95), nameof(ScoredRow.Upper95), 0.95);
                Console.WriteLine($"  mlContext.Forecasting.EvaluateForecasts, pooled over the series: {pooled.Count} rows, MAE {pooled.Mae:G5}, MASE {pooled.Mase:F3}, 95 % interval coverage {100 * pooled.Coverage:F1} %, MSIS {pooled.Msis:F3}");
            }
            catch (ArgumentException e) when (e.ParamName == "data")
            {
                Console.WriteLine($"  mlContext.Forecasting.EvaluateForecasts, pooled: nothing to pool ({e.Message.Split(" (Parameter")[0]})");
            }
        }

        // What the columns were worth, as for one series (ExogenousValueNote): the same forecaster without them, a second
        // pass over the rows, scored on the same rows of each series.
        var maeWithout = new Dictionary<string, double>(StringComparer.Ordinal);
        if (k > 0 && scored.Length > 0)
        {
            options.ExogenousColumnNames = [];   // the estimator above copied its options: this one is the run without the columns
            var madeWithout = new float[n][];
            var bandsWithout = Enumerable.Range(0, 4).Select(_ => new float[n][]).ToArray();
            using (var again = new Progress(n, s.Quiet, "without the exogenous columns"))
                Prequential.Stream(ml.Forecasting.ForecastByRtu(options).Initialize(data.Schema).Transform(data), options, madeWithout, bandsWithout,
                    t => again.Tick(() => $"without the exogenous columns: row {t + 1}/{n}"));
            double sumWith = 0, sumWithout = 0;
            int count = 0;
            var bySeries = new List<(string Key, double With, double Without)>();
            foreach (var g in file.Series)
            {
                var (with, without, rowsScored) = PairedErrors(g, made, madeWithout, horizon, m);
                sumWith += with; sumWithout += without; count += rowsScored;
                double a = rowsScored > 0 ? with / rowsScored : double.NaN, b = rowsScored > 0 ? without / rowsScored : double.NaN;
                bySeries.Add((g.Key, a, b));
                maeWithout[g.Key] = b;
            }
            int withRows = bySeries.Count(x => double.IsFinite(x.With));
            if (count > 0 && ExogenousValueNote.Line(s.Exogenous, sumWith / count, sumWithout / count, count, horizon, withRows) is { } worth) Console.WriteLine(worth);
            if (ExogenousValueNote.SeriesLine(bySeries, s.Exogenous.Length) is { } seriesLine) Console.WriteLine(seriesLine);
        }

        foreach (string line in ChangeReport.KeyedLines(file.Series.Select(g => (g.Key, g.Rows.Select(r => (float[]?)changes[r]).ToArray(), g.Series.HasTimestamps ? g.Series.Timestamps : null, (float[]?)g.Series.Values)), m))
            Console.WriteLine(line);

        // key,timestamp,actual,forecast,bounds for every row, in the file's order (row position[i] of the sorted file).
        string outputPath = Path.GetFullPath(s.OutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        var sources = file.ForecastSources(horizon);
        using (var w = new StreamWriter(outputPath))
        {
            w.WriteLine($"{CsvText.Field(file.KeyColumn)},timestamp,actual,forecast,lower80,upper80,lower95,upper95");
            foreach (int t in position)
            {
                int source = sources[t];   // the series' row H steps back made this forecast
                float f = source >= 0 ? made[source][horizon - 1] : float.NaN;
                string bounds = string.Concat(bands.Select(b => "," + CsvText.Number(source >= 0 ? b[source][horizon - 1] : float.NaN)));
                w.WriteLine($"{CsvText.Field(file.Keys[t])},{CsvText.Field(rows.Timestamps[t])},{CsvText.Number(rows.Values[t])},{CsvText.Number(f)}{bounds}");
            }
        }
        Console.WriteLine($"Wrote {outputPath}");
        string perSeriesPath = Path.ChangeExtension(outputPath, ".series.csv");
        using (var w = new StreamWriter(perSeriesPath))
        {
            // With exogenous columns a last column: the MAE of the forecasts without them (the second pass), on the same rows.
            bool paired = maeWithout.Count > 0;
            w.WriteLine($"{CsvText.Field(file.KeyColumn)},rows,scored,mae,mase_naive,mase_seasonal_naive,coverage80,coverage95{(paired ? ",mae_without_exogenous" : "")}");
            foreach (var x in scores)
                w.WriteLine(string.Join(",", CsvText.Field(x.Key), x.Rows, x.Scored, Number(x.Mae), Number(x.MaseNaive), Number(x.MaseSeasonal), Number(x.Cover80), Number(x.Cover95))
                    + (paired ? "," + Number(maeWithout.GetValueOrDefault(x.Key, double.NaN)) : ""));
        }
        Console.WriteLine($"Wrote {perSeriesPath}");

        // A plot per series for the first keys: the single-series plot of each.
        string plotBase = Path.GetFullPath(s.PlotPath ?? Path.ChangeExtension(outputPath, ".png"));
        var plotted = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "mase", "series", "model" };   // the run's own files: PLOT.mase.png, OUT.series.csv, OUT.model.zip
        foreach (var (g, x) in file.Series.Zip(scores).Where(p => !p.First.Series.Values.All(float.IsNaN)).Take(MaxPlots))
        {
            string part = FileNamePart(g.Key);
            for (int copy = 2; !names.Add(part); copy++) part = $"{FileNamePart(g.Key)}_{copy}";   // keys 'a/b' and 'a_b' both read a_b
            string path = Path.Combine(Path.GetDirectoryName(plotBase)!, $"{Path.GetFileNameWithoutExtension(plotBase)}.{part}{Path.GetExtension(plotBase)}");
            try
            {
                Plotting.SaveActualVsForecast(path, g.Series, g.Rows.Select(r => made[r]).ToArray(), g.Rows.Select(r => bands[0][r]).ToArray(), g.Rows.Select(r => bands[1][r]).ToArray(), horizon,
                    $"{file.KeyColumn} {g.Key}, {g.Series.Name}: actual vs {horizon}-step online forecast of the RTU and its pool (MASE vs seasonal naive {x.MaseSeasonal:F2})");
                plotted.Add(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"warning: could not draw {path}: {e.GetBaseException().Message}");
            }
        }
        string spreadPath = Path.Combine(Path.GetDirectoryName(plotBase)!, $"{Path.GetFileNameWithoutExtension(plotBase)}.mase{Path.GetExtension(plotBase)}");
        try
        {
            Plotting.SaveMaseHistogram(spreadPath, scored.Select(x => x.MaseSeasonal).ToArray(), $"{rows.Name} by {file.KeyColumn}: {horizon}-step MASE of {scored.Length} series");
            Console.WriteLine($"Wrote {spreadPath}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"warning: could not draw {spreadPath}: {e.GetBaseException().Message}");
        }
        if (plotted.Count > 0)
            Console.WriteLine($"Wrote {plotted.Count} plot(s), {plotted[0]}{(plotted.Count > 1 ? $" … {Path.GetFileName(plotted[^1])}" : "")}{(file.Series.Count > MaxPlots ? $" (the first {MaxPlots} of {file.Series.Count} series)" : "")}");

        // The deployable model, fitted before the pass (learning exactly as it did); every series in one file.
        if (empty.Count > 0)
            Console.WriteLine($"  note: {empty.Count} series {(empty.Count == 1 ? "has" : "have")} no observed value and {(empty.Count == 1 ? "is" : "are")} left out of the model: {string.Join(", ", empty.Take(5).Select(key => $"'{key}'"))}{(empty.Count > 5 ? ", …" : "")}.");
        string modelPath = Path.GetFullPath(s.ModelPath ?? Path.ChangeExtension(outputPath, ".model.zip"));
        ml.Model.SaveRtu(trained!, fitData.Schema, modelPath);
        Console.WriteLine($"Wrote {modelPath} ({trained!.SeriesKeys.Count} series); next {horizon} value(s):");
        var next = new float[horizon];
        foreach (var g in file.Series.Where(g => !empty.Contains(g.Key)).Take(5))
        {
            trained.ForKey(g.Key).GetModel().WriteForecast(next);
            Console.WriteLine($"  {g.Key}: {string.Join(", ", next.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}");
        }
        if (file.Series.Count > 5) Console.WriteLine($"  … (transformer.ForKey(key) gives any series' model)");
        Console.WriteLine(RunTimes.DoneText(passes: maeWithout.Count > 0 ? 3 : 2));
        return 0;
    }

    private static SeriesScore ScoreSeries(MLContext ml, KeyedCsvSeries.Group g, float[][] made, float[][][] bands, int horizon, int m)
    {
        var y = g.Series.Values;
        var mine = g.Rows.Select(r => made[r]).ToArray();
        var scoredMade = mine.Select((f, r) => Prequential.IsScorable(y, r, horizon, m) ? f : null).ToArray();
        if (!scoredMade.Where((f, r) => f is not null && float.IsFinite(f[horizon - 1]) && !float.IsNaN(y[r + horizon])).Any())
            return new SeriesScore(g.Key, y.Length, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var (model, naive) = Prequential.Score(ml, y, scoredMade, y.Length, horizon, m);
        double Cover(int lower, int upper)
        {
            float[]?[] Of(int b) => g.Rows.Select(r => bands[b][r]).ToArray();
            var lo = Of(lower);
            // Rows whose interval is not yet calibrated are left out, as the evaluator leaves out rows without a forecast.
            var withInterval = scoredMade.Select((f, r) => lo[r] is { } l && float.IsFinite(l[horizon - 1]) ? f : null).ToArray();
            if (!withInterval.Where((f, r) => f is not null && float.IsFinite(f[horizon - 1]) && !float.IsNaN(y[r + horizon])).Any()) return double.NaN;
            return ml.Forecasting.EvaluateForecasts(y, withInterval, horizon, m, lo, Of(upper), lower == 0 ? 0.8 : 0.95).Coverage;
        }
        return new SeriesScore(g.Key, y.Length, model.Count, model.Mae, naive.Mase, model.Mase, Cover(0, 1), Cover(2, 3));
    }

    // The absolute errors of the H-step forecasts with and without the exogenous columns summed over the series' scored rows
    // where both are finite (the rows the app scores: a target with a naive and a seasonal-naive value), and their count.
    private static (double With, double Without, int Rows) PairedErrors(KeyedCsvSeries.Group g, float[][] made, float[][] madeWithout, int horizon, int m)
    {
        var y = g.Series.Values;
        double with = 0, without = 0;
        int rows = 0;
        for (int r = 0; r + horizon < y.Length; r++)
        {
            if (!Prequential.IsScorable(y, r, horizon, m) || float.IsNaN(y[r + horizon])) continue;
            float[]? a = made[g.Rows[r]], b = madeWithout[g.Rows[r]];
            if (a is null || b is null || !float.IsFinite(a[horizon - 1]) || !float.IsFinite(b[horizon - 1])) continue;
            with += Math.Abs(y[r + horizon] - a[horizon - 1]);
            without += Math.Abs(y[r + horizon] - b[horizon - 1]);
            rows++;
        }
        return (with, without, rows);
    }

    private static double GeometricMean(IEnumerable<double> values)
    {
        // A MASE of 0 (every scored forecast exact) counts; NaN and ∞ (a baseline without error) are undefined.
        var finite = values.Where(v => double.IsFinite(v) && v >= 0).ToArray();
        return finite.Length == 0 ? double.NaN : Math.Exp(finite.Average(Math.Log));
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Shorten(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";

    // A key as part of a file name: letters, digits, '-' and '_' kept, anything else '_' (keys are data, not paths).
    private static string FileNamePart(string key)
    {
        var chars = key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }

    /// <summary>A scored row for the pooled evaluator.</summary>
    private sealed class ScoredRow
    {
        public string Key { get; set; } = "";
        public float Actual { get; set; }
        public float[] Forecast { get; set; } = [];
        public float[] Lower95 { get; set; } = [];
        public float[] Upper95 { get; set; } = [];

        public static SchemaDefinition Schema(int horizon)
        {
            var schema = SchemaDefinition.Create(typeof(ScoredRow));
            foreach (string c in new[] { nameof(Forecast), nameof(Lower95), nameof(Upper95) })
                schema[c].ColumnType = new VectorDataViewType(NumberDataViewType.Single, horizon);
            return schema;
        }
    }
}
