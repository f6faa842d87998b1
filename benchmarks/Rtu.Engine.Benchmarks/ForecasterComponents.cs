using System.Globalization;
using Rtu.MLNet;
using Rtu.StepTable;
using Rtu.Trainers.Online;

namespace Rtu.Engine.Benchmarks;

/// <summary>
/// Where a forecast-and-learn row's time goes (issue 13): µs per row of the whole <see cref="RtuForecaster"/>, over
/// one stream and over many streams stepped in turn (per-stream memory out of the caches), and of its parts run alone
/// on the same values: the RTU and heads (<see cref="OnlineRtuLearner"/>), the forecast pool (<see cref="ForecastPool"/>:
/// clean, members, scoring, combination) and, each alone, the pool's members and the intervals. The parts are
/// stand-ins fed as the forecaster feeds them (the learner gets the scaled lagged changes, the members the raw value),
/// so their sum is close to, not exactly, the whole. Thread CPU time (on a shared machine it leaves out the time the
/// thread waits), best of <c>passes</c>; a first round, not reported, warms the JIT.
/// </summary>
public static class ForecasterComponents
{
    /// <summary>
    /// Measures the forecaster and its parts on column <paramref name="column"/> of <paramref name="path"/>. Before
    /// anything is measured it reads the file (a bad file or column: <see cref="CommandLineError"/>), then passes the
    /// bytes one of the many streams holds (a forecaster of this season and horizon and an engine stream) to
    /// <paramref name="checkBytesPerStream"/>, which throws when <paramref name="streams"/> of them would not fit
    /// (<see cref="ArgumentLimits.StreamBytes"/>).
    /// </summary>
    public static void Run(string path, string column, int season, int horizon, int streams, int passes, Action<long> checkBytesPerStream)
    {
        double[] y = ReadColumn(path, column);
        var engineModel = EngineModels.Forecaster();
        checkBytesPerStream(Retained(() => new RtuForecaster(Settings(season, horizon))) + EngineStreamBytes(engineModel));
        Console.WriteLine($"{Path.GetFileName(path)} ({column}): {y.Length:N0} rows, season {season}, horizon {horizon}; best of {passes} passes after a warm-up round; Environment.ProcessorCount = {Environment.ProcessorCount}");
        // The first round runs every part once so that the JIT has compiled the hot code at its final tier; only the second is reported.
        _quiet = true;
        Measure(y, season, horizon, Math.Min(streams, 100), 1, engineModel);
        _quiet = false;
        Measure(y, season, horizon, streams, passes, engineModel);
    }

    private static bool _quiet;

    internal static RtuForecasterSettings Settings(int season, int horizon) =>
        new() { Learner = new RtuLearnerSettings { Horizon = horizon }, SeasonLength = season };

    // The bytes an object holds: the memory that a full collection leaves, with it and without it.
    private static long Retained(Func<object> create)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        object held = create();
        long bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(held);
        return Math.Max(0, bytes);
    }

    // The bytes a stream of the engine holds (EngineModels.StreamBytes), on an engine made for it.
    private static long EngineStreamBytes(RtuForecastingTransformer model)
    {
        var engine = model.CreateStreamingEngine(learn: true);
        var forecast = new float[1];
        return EngineModels.StreamBytes(key => engine.Observe(key, 0.25f, default, forecast, true));
    }

    private static void Measure(double[] y, int season, int horizon, int streams, int passes, RtuForecastingTransformer engineModel)
    {
        var settings = Settings(season, horizon);
        int h = horizon, m = season;
        var forecast = new float[h];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var one = new RtuForecaster(settings);
        if (!_quiet) Console.WriteLine($"{"memory per stream (bytes allocated creating one forecaster)",-70} {GC.GetAllocatedBytesForCurrentThread() - before,9:N0} B");

        Report("forecaster (1 stream)", Best(passes, y.Length, () =>
        {
            var f = new RtuForecaster(settings);
            return () => { foreach (double v in y) f.Observe(v, default, true, forecast, default); };
        }));
        int rows = Math.Max(1, Math.Min(y.Length, 3_000_000 / Math.Max(1, streams) / 10));
        Report($"forecaster ({streams:N0} streams in turn, {rows:N0} rows each)", Best(passes, (long)rows * streams, () =>
        {
            var fs = Enumerable.Range(0, streams).Select(_ => new RtuForecaster(settings)).ToArray();
            return () => { for (int t = 0; t < rows; t++) foreach (var f in fs) f.Observe(y[t], default, true, forecast, default); };
        }));

        var keys = EngineModels.Keys(streams);
        Report($"forecast engine Observe ({streams:N0} streams in turn; {nameof(EngineModels)}' model: season 1)", Best(passes, (long)rows * streams, () =>
        {
            var engine = engineModel.CreateStreamingEngine(learn: true);
            foreach (string key in keys) engine.Observe(key, (float)y[0], default, forecast.AsSpan(0, 1), true);   // creates the streams
            return () => { for (int t = 1; t <= rows; t++) foreach (string key in keys) engine.Observe(key, (float)y[t % y.Length], default, forecast.AsSpan(0, 1), true); };
        }));

        var learnerInputs = LearnerInputs(y, settings.InputSize);
        Report("  RTU + heads (OnlineRtuLearner.Step)", Best(passes, y.Length, () =>
        {
            var l = new OnlineRtuLearner(settings.InputSize, settings.Learner);
            var outputs = new float[h];
            return () => { for (int t = 0; t < y.Length; t++) l.Step(learnerInputs[t], t > 0 ? learnerInputs[t][0] : double.NaN, true, default, outputs); };
        }));
        var model = new float[h];
        Report("  forecast pool (Clean + Observe + Combine)", Best(passes, y.Length, () =>
        {
            var p = new ForecastPool(m, h, settings.SecondSeason);
            return () =>
            {
                foreach (double v in y)
                {
                    double c = p.Clean(v, true);
                    p.Observe(c, true);
                    model.AsSpan().Fill(double.IsFinite(c) ? (float)c : float.NaN);
                    p.Combine(model, forecast);
                }
            };
        }));
        var path1 = new double[h];
        Report("    order-selected AR on y (8 RLS fits)", Member(passes, y, () => new SelectedAutoregression(8, h, 1, 10), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        if (m <= 1) Report("    order-selected AR on ln y (8 RLS fits)", Member(passes, y, () => new LogScaleAutoregression(8, h, 1, 10), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        Report("    ARIMA(1,1,1) (OnlineArma)", Member(passes, y, () => new OnlineArma(1, 1, h, 0.995, 10), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        if (m > 1)
        {
            Report("    seasonal ARIMA (SeasonalArma)", Member(passes, y, () => new SeasonalArma(m, 2, 0, h, 0.995, 10), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
            Report("    airline on ln y (LearnedAirline)", Member(passes, y, () => new LearnedAirline(m, h, -0.4, -0.6, logarithmic: true), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
            var states = new double[m];
            long[] row = [0];
            Report("    learned Holt-Winters, additive", Member(passes, y, () => { row[0] = 0; var a = new LearnedHoltWinters(m, 0.2, 0.02, 0.2, 0.9, multiplicative: false); a.Initialise(y[0], states); return a; },
                (a, v) => { int at = (int)(row[0]++ % m); if (double.IsFinite(v)) a.Update(v, at, true); path1[0] = a.Forecast(1, (at + 1) % m); }));
            Array.Fill(states, 1.0);
            Report("    learned Holt-Winters, multiplicative", Member(passes, y, () => { row[0] = 0; var a = new LearnedHoltWinters(m, 0.2, 0.02, 0.2, 0.9, multiplicative: true); a.Initialise(y[0], states); return a; },
                (a, v) => { int at = (int)(row[0]++ % m); if (double.IsFinite(v) && v > 0) a.Update(v, at, true); path1[0] = a.Forecast(1, (at + 1) % m); }));
            Report("    Theta (LearnedTheta)", Member(passes, y, () => { row[0] = 0; return new LearnedTheta(0.3); }, (a, v) => { if (double.IsFinite(v)) a.Update(v, row[0], true); row[0]++; path1[0] = a.Forecast(1); }));
        }
        // The grid-fitted members, each where the pool holds it: SES with drift without a season, Holt (the d = 2 member)
        // with one, the damped trend with quarters (on the raw values here; the pool feeds it the seasonally adjusted ones).
        if (m <= 1) Report($"    SES with drift, fitted ({FittedDriftSmoothing.GridSize} grid points)", Member(passes, y, () => new FittedDriftSmoothing(h), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        if (m > 1) Report($"    Holt, fitted ({FittedLinearTrend.GridSize} grid points)", Member(passes, y, () => new FittedLinearTrend(h), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        if (m == 4) Report($"    damped trend, fitted ({FittedDampedTrend.GridSize} grid points)", Member(passes, y, () => new FittedDampedTrend(h), (a, v) => { a.Update(v, true); a.Forecast(path1); }));
        var x13 = new double[13];
        Report("    one RLS fit of 13 inputs (the two-season regression's size)", Member(passes, y, () => new RecursiveLeastSquares(13, 0.995, 10), (a, v) =>
        {
            if (!double.IsFinite(v)) return;
            x13[0] = 1; x13[1] = v * 1e-3; x13[2] = -v * 1e-3;
            a.Update(x13, v * 1e-3);
        }));
        Report("  intervals (ConformalIntervals)", Member(passes, y, () => new ConformalIntervals(h), (a, v) => { a.Observe(v, true); model.AsSpan().Fill((float)v); a.Remember(model); }));
    }

    private static void Report(string what, double micros)
    {
        if (!_quiet) Console.WriteLine($"{what,-70} {micros,9:F2} µs/row");
    }

    // Best µs per row over `passes` runs, each on a fresh object (the setup is not timed).
    private static double Best(int passes, long rows, Func<Action> setup)
    {
        double best = double.PositiveInfinity;
        for (int p = 0; p < passes; p++)
        {
            var run = setup();
            double start = CpuClock.Seconds();
            run();
            best = Math.Min(best, (CpuClock.Seconds() - start) * 1e6 / rows);
        }
        return best;
    }

    private static double Member<T>(int passes, double[] y, Func<T> create, Action<T, double> step) =>
        Best(passes, y.Length, () => { var a = create(); return () => { foreach (double v in y) step(a, v); }; });

    // The learner's inputs as the forecaster builds them, roughly: lagged changes and the level, scaled by their spread.
    private static float[][] LearnerInputs(double[] y, int size)
    {
        double sd = Spread(y);
        var inputs = new float[y.Length][];
        for (int t = 0; t < y.Length; t++)
        {
            inputs[t] = new float[size];
            for (int k = 0; k < size; k++)
            {
                double a = t - k >= 1 ? y[t - k] - y[t - k - 1] : 0;
                inputs[t][k] = double.IsFinite(a) ? (float)Math.Clamp(a / sd, -5, 5) : 0;
            }
        }
        return inputs;
    }

    private static double Spread(double[] y)
    {
        var d = y.Zip(y.Skip(1), (a, b) => b - a).Where(double.IsFinite).ToArray();
        if (d.Length < 2) return 1;
        double mean = d.Average();
        double s = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (d.Length - 1));
        return s > 0 ? s : 1;
    }

    // A CSV column (header row; empty, NA or NaN: missing). A file that cannot be read, has no such column, a row too
    // short for it or no rows: CommandLineError (Program: one line, exit 2), before anything is measured.
    internal static double[] ReadColumn(string path, string column, string mode = "components")
    {
        if (Directory.Exists(path)) throw new CommandLineError($"{mode}: FILE.csv {path} is a folder, not a file.");
        if (!File.Exists(path)) throw new CommandLineError($"{mode}: FILE.csv {path} not found.");
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CommandLineError($"{mode}: FILE.csv {path} cannot be read ({e.Message})");
        }
        if (lines.Length == 0) throw new CommandLineError($"{mode}: FILE.csv {path} is empty (a header row naming the columns, then one row per value).");
        int at = Array.IndexOf(lines[0].Split(','), column);
        if (at < 0) throw new CommandLineError($"{mode}: COLUMN '{column}' is not in the header of {path} ({lines[0]}).");
        var values = new List<double>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (at >= fields.Length)
                throw new CommandLineError($"{mode}: {path} line {i + 1} has {fields.Length} field(s), no column {at + 1} ('{column}').");
            string f = fields[at].Trim().Trim('"');
            values.Add(double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN);
        }
        if (values.Count == 0) throw new CommandLineError($"{mode}: FILE.csv {path} has no rows below its header.");
        return values.ToArray();
    }
}
