using System.Globalization;
using Rtu.Forecasting;
using Rtu.Trainers.Online;
using Rtu.Trainers.Parameters;

// Runs the forecaster (RtuForecaster with the forecasting app's defaults) on the development bench
// (../shared/forecast-bench) and the held-out sets (samples/Rtu.Forecasting/heldout*), in process, one step ahead, and
// scores it as ../shared/forecast-bench/score.py does: MASE against the seasonal naive forecast on the rows where every
// peer (naive, seasonal naive, ETS, auto.arima) has a forecast. All 347 series of the thirteen sets take about six seconds,
// against minutes through the app, so a change to the forecaster or its settings can be screened on every set, at two seeds, in the
// code itself rather than in an offline replica. The forecasts are the app's (tested: the same series read by the app's
// CsvSeries, the same season rule, the same settings); see samples/Rtu.Forecasting/README.md, "How the defaults were chosen".
//
// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/Rtu.ForecastSets -- [--sets bench,heldout,heldout2,…; default: the bench and every heldoutN folder] [--seed N]
//     [--units N] [--lags N] [--learning-rate X] [--td-clip X] [--early-step-factor X] [--no-level] [--series] [--out DIR]
//     [--pretrain-screen EPOCHS] [--horizon H] [--intervals] [--missing | --spikes | --shifts] [--spike-size N] [--spike-scale sd|change|level] [--shift-factor F]
//     [--priors DIR|FILE]
// A last line, "all", scores every series of the sets together (one figure for a screen). --series prints every series; --out writes DIR/SET/NAME.csv (timestamp,actual,forecast: score.py's candidate file);
// --priors DIR runs each set S with the forecast pool's member priors read from DIR/priors_S.txt instead of the tables in
// src/Rtu.Trainers/Online/ForecastPool.MemberPriors.cs (the files scripts/candidate_prior_screen.py DUMP --priors OUT
// writes: "ns|s<TAB>member<TAB>b" per line, the member's one-step weight multiplied by e^b, b = 0 for a member not
// listed; priors_S.txt holds the priors fitted on every set but S), so that every set is scored as a series never seen
// (samples/Rtu.Forecasting/scripts/never_seen.sh); --priors FILE runs every set with that one file (priors_final.txt:
// the priors fitted on every set, which should score as the shipped tables do). Only pools of the current layout take them.
// --pretrain-screen runs the screen of the notebook's nineteenth pass: the RTU started from weights learned across the
// other sets' series (EPOCHS passes over them in a seeded random order), each set in turn. --horizon H (> 1) scores the
// H-step forecasts instead, as the app scores them (its own MASE against the seasonal naive forecast of the same
// horizon, heldout_run.sh's "app H=6" column), with the geometric mean over the seasonal series. --intervals scores the
// 80 % / 95 % intervals of horizons 1..H as scripts/interval_bench.sh does (the app's IntervalReport): pooled coverage
// and the geometric-mean MSIS of the 95 % interval, next to the seasonal-naive interval's, and per series the mean
// distance of the 80 % interval's coverage from 80 and how many (series, h) miss it by more than 5 points. --missing
// and --spikes are the robustness screens: each series is run again with one value observed as missing, or with one
// spike of 100 standard deviations of the series (issue 13's spike test; rounded on a series of whole numbers), at each
// of up to 11 positions (rows 1–3, around the first and second season's ends, a third and two thirds in; --spike-size
// sets the spike's size, default 100, in units of --spike-scale: sd, the series' standard deviation (the default), change,
// its mean absolute change from one row to the next (the naive forecast's MAE: on a trending series far less than its sd),
// or level, its mean absolute value (a reading 100 times the series' size)), and the
// one-step MAE of the forecasts after it is compared with the clean run's: per set the median change, how many runs
// cost more than 5 %, the geometric mean of every run's MAE ratio less 1 (mean), and the largest cost (--series lists
// every run beyond ±5 %); --spikes also compares each run with the series run with that value missing instead ("beyond
// missing": a spike hides the value it replaces, so it costs at least what losing it costs). --shifts is the
// level-shift screen: every value from a third, half or two thirds in on is moved by --spike-size units of --spike-scale
// (alternately up and down), and the one-step MAE against the moved values is compared with the clean run's on the same
// rows, per season after the shift (ten rows without a season) and over every row from two seasons after it on (--series
// lists the runs still more than 5 % off there). --shift-factor F moves the values in proportion instead, multiplied by F
// and 1/F alternately, on the series positive throughout (the others are skipped), against the clean run's errors times
// the same factor (a season that multiplies the level grows or shrinks with it: a lockdown's fall, a market's doubling).

Options options;
string root;
try { options = Options.Parse(args); root = Options.FindRoot(); }
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or DirectoryNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var sets = ForecastSet.Load(root, options.Sets ?? ForecastSet.All(root));
if (sets.Count == 0) { Console.Error.WriteLine("No set found (the bench is ../shared/forecast-bench next to the repository)."); return 1; }
try { MemberPriorsFile.Check(options.PriorsPath, sets.Select(s => s.Name)); }
catch (Exception e) when (e is IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.PretrainEpochs > 0)
{
    Console.WriteLine($"{"held-out set",-12} {"series",6} {"defaults",9} {"with priors",12}");
    foreach (var held in sets)
    {
        MemberPriorsFile.Use(options.PriorsPath, held.Name);
        var others = sets.Where(s => s != held).SelectMany(s => s.Series).ToList();
        var priors = Priors.Learn(others, options, options.PretrainEpochs);
        double before = GeometricMean(held.Series.Select(s => Score(s, Run(s, options, null)).App));
        double after = GeometricMean(held.Series.Select(s => Score(s, Run(s, options, priors)).App));
        Console.WriteLine($"{held.Name,-12} {held.Series.Count,6} {before,9:F4} {after,12:F4}");
    }
    return 0;
}

if (options.Intervals)
{
    // interval_bench.sh's summary, in process: pooled coverage of the 80 % / 95 % intervals over every scored row of
    // every horizon and series, and the geometric mean of the 95 % interval's MSIS over the (series, h) pairs.
    var ml = new Microsoft.ML.MLContext(seed: 0);
    Console.WriteLine($"{"set",-10} {"series",6} {"cover80",8} {"cover95",8} {"MSIS",7} {"snaive",7} {"|c80-80|",9} {">5 pts",7}");
    var everyScore = new List<IntervalReport.Scores>();
    foreach (var set in sets)
    {
        MemberPriorsFile.Use(options.PriorsPath, set.Name);
        var scores = new IReadOnlyList<IntervalReport.Scores>[set.Series.Count];
        Parallel.For(0, set.Series.Count, i =>
        {
            var s = set.Series[i];
            var (made, bands) = MadeWithIntervals(s, options);
            scores[i] = IntervalReport.Score(ml, s.Data.Values, made, bands, options.Horizon, s.Season);
        });
        if (options.PrintSeries)
            for (int i = 0; i < scores.Length; i++)
                foreach (var r in scores[i])
                    Console.WriteLine($"  {set.Series[i].Name,-34} h={r.Horizon} rows {r.Count,5} cover {100 * r.Cover80,5:F1} / {100 * r.Cover95,5:F1} MSIS {r.Msis95,7:F3} (snaive {r.BaselineMsis95:F3})");
        var flat = scores.SelectMany(x => x).ToList();
        Console.WriteLine(IntervalLine(set.Name, set.Series.Count, flat));
        everyScore.AddRange(flat);
    }
    if (sets.Count > 1) Console.WriteLine(IntervalLine("all", sets.Sum(s => s.Series.Count), everyScore));
    return 0;
}

if (options.Damage == "shifts")
{
    // A level shift (--shifts): from row `at` on (a third, half and two thirds in) every value is moved by the shift's size,
    // alternately up and down, and the one-step MAE against the moved values is compared with the clean run's over the same
    // rows (a forecaster that adapted at once would be the clean one moved too), per season after the shift (ten rows without
    // a season) and over every row from two seasons after it on: issue 13's "a level shift is adapted to within a few seasons".
    Console.WriteLine($"{"set",-10} {"runs",6} {"season 1",9} {"season 2",9} {"season 3",9} {"later",8} {">5 %",6} {"largest",9}  worst");
    var everyShift = new List<ShiftRun>();
    foreach (var set in sets)
    {
        MemberPriorsFile.Use(options.PriorsPath, set.Name);
        var runs = new List<ShiftRun>[set.Series.Count];
        Parallel.For(0, set.Series.Count, i =>
        {
            var s = set.Series[i];
            var y = s.Data.Values;
            var clean = Run(s, options, null);
            double size = options.SpikeSize * DamageScale(y, options.SpikeScale);
            int block = s.Season > 1 ? s.Season : 10;
            // --shift-factor: a move in proportion (a positive series only: a fall to a share of the level, as a lockdown's).
            bool positive = y.All(v => float.IsNaN(v) || v > 0);
            runs[i] = [];
            int n = 0;
            foreach (int at in new[] { y.Length / 3, y.Length / 2, 2 * y.Length / 3 }.Where(k => k >= 1 && k + 3 * block <= y.Length).Distinct())
            {
                if (options.ShiftFactor > 0 && !positive) break;
                bool up = n++ % 2 == 0;
                double shift = (up ? 1 : -1) * size, factor = up ? options.ShiftFactor : 1 / options.ShiftFactor;
                var moved = (float[])y.Clone();
                for (int t = at; t < y.Length; t++) moved[t] = (float)(options.ShiftFactor > 0 ? y[t] * factor : y[t] + shift);
                var made = Run(s with { Data = s.Data with { Values = moved } }, options, null);
                double Ratio(int from, int to)
                {
                    double a = 0, b = 0;
                    for (int t = from; t < to; t++)
                    {
                        if (float.IsNaN(y[t]) || !double.IsFinite(made[t]) || !double.IsFinite(clean[t])) continue;
                        // Against the clean run moved alike: in proportion, its errors are the factor's size too.
                        a += Math.Abs(moved[t] - made[t]); b += Math.Abs(y[t] - clean[t]) * (options.ShiftFactor > 0 ? factor : 1);
                    }
                    return b > 0 ? a / b : double.NaN;
                }
                runs[i].Add(new ShiftRun(s.Name, at, Ratio(at, at + block), Ratio(at + block, at + 2 * block), Ratio(at + 2 * block, at + 3 * block), Ratio(at + 2 * block, y.Length)));
            }
        });
        var flat = runs.SelectMany(r => r).Where(r => double.IsFinite(r.Later)).ToList();
        if (options.PrintSeries)
            foreach (var r in flat.Where(r => r.Later > 1.05))
                Console.WriteLine($"  {r.Name,-34} row {r.At,5} seasons 1–3 {r.First,7:F2} {r.Second,7:F2} {r.Third,7:F2}  later {r.Later - 1,8:P1}");
        Console.WriteLine(ShiftLine(set.Name, flat));
        everyShift.AddRange(flat);
    }
    if (sets.Count > 1) Console.WriteLine(ShiftLine("all", everyShift));
    return 0;
}

if (options.Damage is not null)
{
    // One value observed as missing (--missing), or one spike of 100 standard deviations of the series added to it
    // (--spikes, alternately up and down), at a few positions of each series (early, in the first and second seasons,
    // and later): the one-step MAE over the rows after it, against the clean run's over the same rows. A spike hides the
    // value it replaces, so it costs at least what losing that value costs: --spikes also runs the series with the value
    // missing instead and compares the spike's MAE with that run's ("beyond missing": what the spike costs beyond the
    // information it destroys).
    bool spikes = options.Damage == "spikes";
    Console.WriteLine($"{"set",-10} {"runs",6} {"median",8} {"mean",8} {">5 %",6} {"largest",9}  worst" + (spikes ? $"{"",20}  beyond missing: {"mean",8} {">5 %",6}" : ""));
    var everyRun = new List<DamageRun>();
    foreach (var set in sets)
    {
        MemberPriorsFile.Use(options.PriorsPath, set.Name);
        var runs = new List<DamageRun>[set.Series.Count];
        Parallel.For(0, set.Series.Count, i =>
        {
            var s = set.Series[i];
            var y = s.Data.Values;
            var clean = Run(s, options, null);
            var observed = y.Where(float.IsFinite).Select(v => (double)v).ToArray();
            bool whole = observed.All(v => v == Math.Floor(v));   // a count's spike is a whole number too
            double scale = DamageScale(y, options.SpikeScale);
            runs[i] = [];
            int n = 0;
            foreach (int at in DamagePositions(y.Length, s.Season))
            {
                if (float.IsNaN(y[at])) continue;
                var damaged = (float[])y.Clone();
                double spike = y[at] + (n++ % 2 == 0 ? 1 : -1) * options.SpikeSize * scale;
                damaged[at] = spikes ? (float)(whole ? Math.Round(spike) : spike) : float.NaN;
                var made = Run(s with { Data = s.Data with { Values = damaged } }, options, null);
                float[]? lost = null;
                if (spikes) { damaged[at] = float.NaN; lost = Run(s with { Data = s.Data with { Values = damaged } }, options, null); }
                double a = 0, b = 0, c = 0;
                // The forecast made at the damaged row is left out when that is row 1 or 2: two or three values cannot
                // always tell a spike from a step (two equal values give no scale to judge a third by).
                for (int t = at <= 2 ? at + 2 : at + 1; t < y.Length; t++)
                {
                    if (float.IsNaN(y[t]) || !double.IsFinite(made[t]) || !double.IsFinite(clean[t]) || lost is not null && !double.IsFinite(lost[t])) continue;
                    a += Math.Abs(y[t] - made[t]); b += Math.Abs(y[t] - clean[t]);
                    if (lost is not null) c += Math.Abs(y[t] - lost[t]);
                }
                runs[i].Add(new DamageRun(s.Name, at, a / b - 1, lost is null ? double.NaN : a / c - 1));
            }
        });
        var flat = runs.SelectMany(r => r).ToList();
        if (options.PrintSeries)
            foreach (var r in flat.Where(r => Math.Abs(r.Change) > 0.05))
                Console.WriteLine($"  {r.Name,-34} row {r.At,5} {r.Change,8:P1}" + (spikes ? $"  beyond missing {r.BeyondMissing,8:P1}" : ""));
        Console.WriteLine(DamageLine(set.Name, flat));
        everyRun.AddRange(flat);
    }
    if (sets.Count > 1) Console.WriteLine(DamageLine("all", everyRun));
    return 0;
}

if (options.Horizon > 1)
{
    Console.WriteLine($"{"set",-10} {"seasonal",8} {$"app H={options.Horizon}",9} {"(3 dp)",7} {"worse",6}");
    foreach (var set in sets)
    {
        MemberPriorsFile.Use(options.PriorsPath, set.Name);
        var seasonal = set.Series.Where(s => s.Season > 1).ToList();
        var scores = new double[seasonal.Count];
        Parallel.For(0, seasonal.Count, i => scores[i] = AheadMase(seasonal[i], Made(seasonal[i], options, null), options.Horizon));
        if (options.PrintSeries)
            for (int i = 0; i < scores.Length; i++) Console.WriteLine($"  {seasonal[i].Name,-34} m={seasonal[i].Season,-3} app H={options.Horizon} {scores[i]:F4}");
        Console.WriteLine($"{set.Name,-10} {scores.Length,8} {GeometricMean(scores),9:F4} {GeometricMean(scores.Select(v => Math.Round(v, 3))),7:F4} {scores.Count(v => v >= 1),6}");
    }
    return 0;
}

Console.WriteLine($"{"set",-10} {"series",6} {"app",7} {"(3 dp)",7} {"ETS",7} {"arima",7} {"lead",7} {"worse",6}");
var every = new List<SeriesScore>();   // all sets' series: the last line, one figure for a screen
foreach (var set in sets)
{
    MemberPriorsFile.Use(options.PriorsPath, set.Name);
    var scores = new SeriesScore[set.Series.Count];
    Parallel.For(0, set.Series.Count, i =>
    {
        var s = set.Series[i];
        var forecasts = Run(s, options, null);
        if (options.OutDir is not null) WriteCandidate(Path.Combine(options.OutDir, set.Name, s.Name + ".csv"), s, forecasts);
        scores[i] = Score(s, forecasts);
    });
    if (options.PrintSeries)
        for (int i = 0; i < scores.Length; i++)
            Console.WriteLine($"  {set.Series[i].Name,-34} m={set.Series[i].Season,-3} app {scores[i].App:F4}  ETS {scores[i].Ets:F4}  arima {scores[i].Arima:F4}");
    double app = GeometricMean(scores.Select(s => s.App)), rounded = GeometricMean(scores.Select(s => Math.Round(s.App, 3)));
    double ets = GeometricMean(scores.Select(s => s.Ets)), arima = GeometricMean(scores.Select(s => s.Arima));
    double lead = 1 - app / Math.Min(ets, arima);
    Console.WriteLine($"{set.Name,-10} {scores.Length,6} {app,7:F4} {rounded,7:F4} {ets,7:F4} {arima,7:F4} {lead,7:P1} {scores.Count(s => s.App >= 1),6}");
    every.AddRange(scores);
}
if (sets.Count > 1)
{
    double app = GeometricMean(every.Select(s => s.App)), rounded = GeometricMean(every.Select(s => Math.Round(s.App, 3)));
    double ets = GeometricMean(every.Select(s => s.Ets)), arima = GeometricMean(every.Select(s => s.Arima));
    Console.WriteLine($"{"all",-10} {every.Count,6} {app,7:F4} {rounded,7:F4} {ets,7:F4} {arima,7:F4} {1 - app / Math.Min(ets, arima),7:P1} {every.Count(s => s.App >= 1),6}");
}
return 0;

// made[t]: the H forecasts made at row t (after seeing it), the RTU started from priors when given. A file whose
// timestamps skip steps runs on its step grid, as the app runs it (CsvSeries.OnStepGrid; of the sets, MSFT_volume's 13
// holidays), and made[t][h − 1] is then the forecast the grid run made of row t + h, h steps before it.
static float[][] Made(SeriesEntry s, Options o, Priors? priors)
{
    var forecaster = new RtuForecaster(o.Settings(s.Season));
    priors?.Apply(forecaster.Learner, s.Season);
    var grid = s.Data.OnStepGrid(out int[] rows);
    var values = (grid ?? s.Data).Values;
    var made = new float[values.Length][];
    for (int t = 0; t < values.Length; t++)
    {
        made[t] = new float[o.Horizon];
        forecaster.Observe(values[t], ReadOnlySpan<float>.Empty, learn: true, made[t], Span<float>.Empty);
    }
    return grid is null ? made : OnFileRows(made, rows, o.Horizon);
}

// The forecasts a run on the step grid made of each file row, as made at the file's rows: [r][h − 1] is the grid's
// forecast of row r + h made h steps (grid rows) before it (NaN where that is before the first).
static float[][] OnFileRows(float[][] grid, int[] rows, int horizon)
{
    var made = new float[rows.Length][];
    for (int r = 0; r < rows.Length; r++)
    {
        made[r] = new float[horizon];
        for (int h = 1; h <= horizon; h++)
            made[r][h - 1] = r + h < rows.Length && rows[r + h] - h >= 0 ? grid[rows[r + h] - h][h - 1] : float.NaN;
    }
    return made;
}

// made[t] and the app's interval columns (lower 80, upper 80, lower 95, upper 95, each [t][h − 1]) given at row t.
static (float[][] Made, float[][][] Bands) MadeWithIntervals(SeriesEntry s, Options o)
{
    var forecaster = new RtuForecaster(o.Settings(s.Season));
    var grid = s.Data.OnStepGrid(out int[] rows);
    var values = (grid ?? s.Data).Values;
    var made = new float[values.Length][];
    var bands = Enumerable.Range(0, 4).Select(_ => new float[values.Length][]).ToArray();
    for (int t = 0; t < values.Length; t++)
    {
        made[t] = new float[o.Horizon];
        forecaster.Observe(values[t], ReadOnlySpan<float>.Empty, learn: true, made[t], Span<float>.Empty);
        for (int b = 0; b < 4; b++) bands[b][t] = new float[o.Horizon];
        forecaster.WriteInterval(0, bands[0][t], bands[1][t]);
        forecaster.WriteInterval(1, bands[2][t], bands[3][t]);
    }
    return grid is null ? (made, bands) : (OnFileRows(made, rows, o.Horizon), bands.Select(b => OnFileRows(b, rows, o.Horizon)).ToArray());
}

// Where --missing and --spikes damage a value: rows 1–3, the last and first rows of the first and second seasons, a third
// and two thirds in.
static IEnumerable<int> DamagePositions(int n, int m) =>
    new[] { 1, 2, 3, m - 1, m, m + 1, 2 * m - 1, 2 * m, 2 * m + 1, n / 3, 2 * n / 3 }.Where(k => k >= 1 && k < n - 10).Distinct().Order();

// The unit of a spike's or shift's size (--spike-scale): the series' standard deviation (sd), its mean absolute change
// (change: the naive forecast's MAE, the scale of one-step errors) or its values' mean size (level: 9999 among temperatures
// of 15).
static double DamageScale(float[] y, string unit)
{
    var observed = y.Where(float.IsFinite).Select(v => (double)v).ToArray();
    double mean = observed.Average();
    return unit switch
    {
        "change" => MeanAbsoluteChange(y),
        "level" => observed.Average(Math.Abs),
        _ => Math.Sqrt(observed.Average(v => (v - mean) * (v - mean))),
    };
}

// Median MAE ratio per season after the shift and from two seasons on (later), how many runs are still more than 5 % off
// later, and the worst of them.
static string ShiftLine(string name, List<ShiftRun> runs)
{
    if (runs.Count == 0) return $"{name,-10} {0,6}";
    static double Median(IEnumerable<double> v) { var a = v.Where(double.IsFinite).Order().ToArray(); return a.Length == 0 ? double.NaN : a[a.Length / 2]; }
    var worst = runs.MaxBy(r => r.Later)!;
    return $"{name,-10} {runs.Count,6} {Median(runs.Select(r => r.First)),9:F3} {Median(runs.Select(r => r.Second)),9:F3} {Median(runs.Select(r => r.Third)),9:F3} " +
           $"{Median(runs.Select(r => r.Later)),8:F3} {runs.Count(r => r.Later > 1.05),6} {worst.Later - 1,9:P1}  {worst.Name} row {worst.At}";
}

static string DamageLine(string name, List<DamageRun> runs)
{
    if (runs.Count == 0) return $"{name,-10} {0,6}";
    var changes = runs.Select(r => r.Change).Order().ToArray();
    var worst = runs.MaxBy(r => r.Change)!;
    // The geometric mean of the rest's MAE ratios, less 1: every run counts, not only those past 5 %.
    double mean = Math.Exp(runs.Average(r => Math.Log(1 + r.Change))) - 1;
    string line = $"{name,-10} {runs.Count,6} {changes[changes.Length / 2],8:P1} {mean,8:P2} {changes.Count(c => c > 0.05),6} {worst.Change,9:P1}  {worst.Name} row {worst.At}";
    var beyond = runs.Select(r => r.BeyondMissing).Where(double.IsFinite).ToArray();
    if (beyond.Length == 0) return line;
    double beyondMean = Math.Exp(beyond.Average(r => Math.Log(1 + r))) - 1;
    return $"{line,-88}  beyond missing: {beyondMean,8:P2} {beyond.Count(c => c > 0.05),6}";
}

static string IntervalLine(string name, int series, IReadOnlyList<IntervalReport.Scores> scores)
{
    double rows = scores.Sum(r => (double)r.Count);
    double c80 = scores.Sum(r => r.Count * r.Cover80) / rows, c95 = scores.Sum(r => r.Count * r.Cover95) / rows;
    // Per series (each (series, h) pair): how far the 80 % interval's coverage is from 80, and how many pairs miss it by more than 5 points.
    double spread = scores.Average(r => Math.Abs(r.Cover80 - 0.8)), outside = scores.Count(r => Math.Abs(r.Cover80 - 0.8) > 0.05);
    return $"{name,-10} {series,6} {100 * c80,8:F1} {100 * c95,8:F1} {GeometricMean(scores.Select(r => r.Msis95)),7:F3} {GeometricMean(scores.Select(r => r.BaselineMsis95)),7:F3} {100 * spread,9:F2} {outside,7}";
}

// The one-step forecasts as the app writes them: forecasts[t] is the forecast of row t made at row t − 1 (NaN at t = 0).
static float[] Run(SeriesEntry s, Options o, Priors? priors)
{
    var made = Made(s, o with { Horizon = 1 }, priors);
    return Enumerable.Range(0, made.Length).Select(t => t == 0 ? float.NaN : made[t - 1][0]).ToArray();
}

// The app's H-step MASE against the seasonal naive forecast of the same horizon (Program.Scored): rows t ≥ max(h, back)
// with y_t observed and the forecast made at t − h, y_{t−h} and y_{t−back} there, back = m·⌈h/m⌉.
static double AheadMase(SeriesEntry s, float[][] made, int h)
{
    var y = s.Data.Values;
    int m = s.Season, back = m * (int)Math.Ceiling(h / (double)m);
    double app = 0, seasonal = 0;
    for (int t = Math.Max(h, back); t < y.Length; t++)
    {
        if (float.IsNaN(y[t])) continue;
        double f = made[t - h][h - 1], naive = y[t - h], sn = y[t - back];
        if (!double.IsFinite(f) || double.IsNaN(naive) || double.IsNaN(sn)) continue;
        app += Math.Abs(y[t] - f); seasonal += Math.Abs(y[t] - sn);
    }
    return app / seasonal;
}

// score.py: from the first row with a naive forecast, the rows with an actual and a forecast of every method.
static SeriesScore Score(SeriesEntry s, float[] forecasts)
{
    var p = s.Peers;
    if (p.Actual.Length != forecasts.Length) throw new InvalidDataException($"{s.Name}: {forecasts.Length} rows, its peers file {p.Actual.Length}.");
    int t0 = Array.FindIndex(p.Naive, double.IsFinite);
    double app = 0, sn = 0, ets = 0, arima = 0;
    for (int t = Math.Max(t0, 0); t < forecasts.Length && t0 >= 0; t++)
    {
        double a = p.Actual[t], f = forecasts[t];
        if (!double.IsFinite(a) || !double.IsFinite(f) || !double.IsFinite(p.Naive[t]) || !double.IsFinite(p.SeasonalNaive[t])
            || !double.IsFinite(p.Ets[t]) || !double.IsFinite(p.Arima[t])) continue;
        app += Math.Abs(f - a); sn += Math.Abs(p.SeasonalNaive[t] - a); ets += Math.Abs(p.Ets[t] - a); arima += Math.Abs(p.Arima[t] - a);
    }
    return new SeriesScore(app / sn, ets / sn, arima / sn);
}

// The mean absolute one-step change over the observed neighbours: what a naive forecast's errors are made of.
static double MeanAbsoluteChange(float[] y)
{
    double sum = 0; int n = 0;
    for (int t = 1; t < y.Length; t++)
        if (float.IsFinite(y[t]) && float.IsFinite(y[t - 1])) { sum += Math.Abs(y[t] - y[t - 1]); n++; }
    return n > 0 ? sum / n : 0;
}

static double GeometricMean(IEnumerable<double> values)
{
    var v = values.ToList();
    return Math.Exp(v.Sum(Math.Log) / v.Count);
}

static void WriteCandidate(string path, SeriesEntry s, float[] forecasts)
{
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    using var w = new StreamWriter(path);
    w.WriteLine("timestamp,actual,forecast");
    for (int t = 0; t < forecasts.Length; t++)
    {
        string actual = float.IsNaN(s.Data.Values[t]) ? "" : s.Data.Values[t].ToString(CultureInfo.InvariantCulture);
        string forecast = float.IsFinite(forecasts[t]) ? forecasts[t].ToString(CultureInfo.InvariantCulture) : "";
        w.WriteLine($"{s.Data.Timestamps[t]},{actual},{forecast}");
    }
}

internal sealed record SeriesScore(double App, double Ets, double Arima);

// One --shifts run: the shifted run's MAE over the clean run's, in the first, second and third season after the shift at
// row At, and from two seasons after it to the end.
internal sealed record ShiftRun(string Name, int At, double First, double Second, double Third, double Later);

// One --missing or --spikes run: the change of the rest's MAE against the clean run, and for a spike against the run with
// the value missing instead (NaN for --missing).
internal sealed record DamageRun(string Name, int At, double Change, double BeyondMissing);

internal sealed record Peers(double[] Actual, double[] Naive, double[] SeasonalNaive, double[] Ets, double[] Arima)
{
    // index,actual,naive,snaive,ets,arima (peer_forecast.R); NA or empty: none.
    public static Peers Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        var head = lines[0].Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        double[] Column(string name)
        {
            int c = Array.IndexOf(head, name);
            if (c < 0) throw new InvalidDataException($"{path}: no column '{name}'.");
            return lines.Skip(1).Select(l =>
            {
                string f = l.Split(',')[c].Trim().Trim('"');
                return double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : double.NaN;
            }).ToArray();
        }
        return new Peers(Column("actual"), Column("naive"), Column("snaive"), Column("ets"), Column("arima"));
    }
}

internal sealed record SeriesEntry(string Set, string Name, CsvSeries Data, int Season, Peers Peers);

internal sealed record ForecastSet(string Name, List<SeriesEntry> Series)
{
    /// <summary>
    /// The bench, then every held-out folder under samples/Rtu.Forecasting that holds a series.txt ("heldout" first, then
    /// "heldoutN" by N): a new set is read as soon as its folder exists (scripts/forecast_sets.py lists them alike).
    /// </summary>
    public static IReadOnlyList<string> All(string root) =>
        ["bench", .. Directory.GetDirectories(Path.Combine(root, "samples", "Rtu.Forecasting"))
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => System.Text.RegularExpressions.Regex.IsMatch(n, @"^heldout\d*$")
                && File.Exists(Path.Combine(root, "samples", "Rtu.Forecasting", n, "series.txt")))
            .OrderBy(n => n.Length == "heldout".Length ? 1 : int.Parse(n["heldout".Length..], CultureInfo.InvariantCulture))];

    // The bench's seasons come from the timestamps (as run.sh runs the app); the held-out sets' from their series.txt
    // (as heldout_run.sh). A series without a peers file is skipped, as by the scripts.
    public static List<ForecastSet> Load(string root, IReadOnlyList<string> names)
    {
        var sets = new List<ForecastSet>();
        foreach (string name in names)
        {
            bool bench = name == "bench";
            string dir = bench ? Path.GetFullPath(Path.Combine(root, "..", "shared", "forecast-bench")) : Path.Combine(root, "samples", "Rtu.Forecasting", name);
            string list = Path.Combine(dir, "series.txt");
            if (!File.Exists(list)) { Console.Error.WriteLine($"{name}: no {list}, skipped."); continue; }
            var series = new List<SeriesEntry>();
            foreach (string line in File.ReadAllLines(list).Where(l => l.Trim().Length > 0))
            {
                var f = line.Split(',');
                string file = Path.GetFileNameWithoutExtension(f[0]);
                string peers = bench ? Path.Combine(dir, "baselines", file + ".csv") : Path.Combine(dir, "peers", file + ".csv");
                if (!File.Exists(peers)) continue;
                var data = CsvSeries.Read(Path.Combine(dir, f[0]), f[1]);
                int season = bench ? data.DetectSeason(out _) : int.Parse(f[2], CultureInfo.InvariantCulture);
                series.Add(new SeriesEntry(name, file, data, season, Peers.Read(peers)));
            }
            sets.Add(new ForecastSet(name, series));
        }
        return sets;
    }
}

// RTU weights learned across series, one set for pools with a season and one without (their inputs differ: the change
// one season ago). Each series continues from the weights the previous one left, as a global model would learn them.
internal sealed class Priors
{
    private readonly Dictionary<bool, float[][]> _weights = [];

    public static Priors Learn(IReadOnlyList<SeriesEntry> series, Options o, int epochs)
    {
        var priors = new Priors();
        var random = new Random(7);
        for (int e = 0; e < epochs; e++)
            foreach (var s in series.OrderBy(_ => random.Next()))
            {
                // The constant step, as a global model (SharedWeights) learns; long series capped so that they do not dominate.
                var forecaster = new RtuForecaster(o.Settings(s.Season) with { EarlyStepFactor = 1 });
                priors.Apply(forecaster.Learner, s.Season);
                var values = s.Data.Values;
                for (int t = Math.Max(0, values.Length - 2000); t < values.Length; t++)
                    forecaster.Observe(values[t], ReadOnlySpan<float>.Empty, learn: true, Span<float>.Empty, Span<float>.Empty);
                priors._weights[s.Season > 1] = Sets(forecaster.Learner).Select(p => (float[])p.Values.Clone()).ToArray();
            }
        return priors;
    }

    public void Apply(OnlineRtuLearner learner, int season)
    {
        if (!_weights.TryGetValue(season > 1, out var w)) return;
        int i = 0;
        foreach (var p in Sets(learner)) w[i++].CopyTo(p.Values, 0);
    }

    private static IEnumerable<ParameterSet<float>> Sets(OnlineRtuLearner l)
    {
        yield return l.Layer.Parameters;
        yield return l.Head.Parameters;
        if (l.HorizonHeads is not null) yield return l.HorizonHeads;
    }
}

internal sealed record Options
{
    public IReadOnlyList<string>? Sets { get; init; }   // null: every set (ForecastSet.All)
    public ulong Seed { get; init; } = 1;
    public int Units { get; init; } = RtuLearnerSettings.DefaultLayer.Units;
    public int Lags { get; init; } = new RtuForecasterSettings().Lags;
    public double LearningRate { get; init; } = RtuLearnerSettings.DefaultTd.LearningRate;
    public double TdClip { get; init; } = RtuLearnerSettings.DefaultTd.TdErrorClip;
    public double EarlyStepFactor { get; init; } = new RtuForecasterSettings().EarlyStepFactor;
    public bool IncludeLevel { get; init; } = true;
    public bool PrintSeries { get; init; }
    public string? OutDir { get; init; }
    public int PretrainEpochs { get; init; }
    public int Horizon { get; init; } = 1;
    public bool Intervals { get; init; }
    public string? Damage { get; init; }   // "missing", "spikes" or "shifts": the robustness screens
    public double SpikeSize { get; init; } = 100;   // --spikes: the spike's size in units of SpikeScale
    public string SpikeScale { get; init; } = "sd";  // --spike-scale: sd (of the series), change (mean |y_t − y_{t−1}|) or level (mean |y|)
    public string? PriorsPath { get; init; }   // --priors DIR|FILE: the member priors read in (MemberPriorsFile); null: the shipped tables
    public double ShiftFactor { get; init; }   // --shift-factor F (> 1): --shifts multiplies by F and 1/F instead, on positive series only

    // The app's settings (RtuForecastingOptions' defaults, one series per forecaster) with this run's changes.
    public RtuForecasterSettings Settings(int season) => new()
    {
        SeasonLength = season, Lags = Lags, IncludeLevel = IncludeLevel, EarlyStepFactor = EarlyStepFactor,
        Learner = new RtuLearnerSettings
        {
            Layer = RtuLearnerSettings.DefaultLayer with { Units = Units },
            Td = RtuLearnerSettings.DefaultTd with { LearningRate = LearningRate, TdErrorClip = TdClip },
            Seed = Seed, Horizon = Horizon,
        },
    };

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            double Number() => double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v : throw new ArgumentException($"{name} {args[i]}: not a number.");
            int Count(int least) => Number() is var v && v == Math.Floor(v) && v >= least && v <= int.MaxValue
                ? (int)v : throw new ArgumentException($"{name} {args[i]}: a whole number of at least {least}.");
            o = args[i] switch
            {
                "--sets" => o with { Sets = Next().Split(',') },
                "--seed" => o with { Seed = ulong.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : throw new ArgumentException($"--seed {args[i]}: a whole number of at least 0.") },
                "--units" => o with { Units = Count(1) },
                "--lags" => o with { Lags = Count(1) },
                "--learning-rate" => o with { LearningRate = Number() },
                "--td-clip" => o with { TdClip = Number() },
                "--early-step-factor" => o with { EarlyStepFactor = Number() },
                "--no-level" => o with { IncludeLevel = false },
                "--series" => o with { PrintSeries = true },
                "--out" => o with { OutDir = Next() },
                "--priors" => o with { PriorsPath = Next() },
                "--pretrain-screen" => o with { PretrainEpochs = Count(1) },
                "--horizon" => o with { Horizon = Count(1) },
                "--intervals" => o with { Intervals = true },
                "--missing" => o with { Damage = "missing" },
                "--spikes" => o with { Damage = "spikes" },
                "--shifts" => o with { Damage = "shifts" },
                "--spike-size" => o with { SpikeSize = Number() },
                "--shift-factor" => o with { ShiftFactor = Number() is var f && f > 1 ? f : throw new ArgumentException($"--shift-factor {args[i]}: a factor above 1.") },
                "--spike-scale" => o with { SpikeScale = Next() is var k && k is "sd" or "change" or "level" ? k : throw new ArgumentException($"--spike-scale {k}: sd, change or level") },
                _ => throw new ArgumentException($"Unknown option {args[i]} (see the comment at the top of Program.cs)."),
            };
        }
        if (o.ShiftFactor > 0 && o.Damage != "shifts") throw new ArgumentException("--shift-factor moves the --shifts screen's values in proportion: give --shifts too.");
        return o;
    }

    // The repository root: the first folder up from here that holds Rtu.MLNet.sln.
    public static string FindRoot()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rtu.MLNet.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Run it inside the repository (no Rtu.MLNet.sln above the current folder).");
    }
}
