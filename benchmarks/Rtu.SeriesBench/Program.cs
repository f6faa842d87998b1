// Per-series vs one global model (SharedWeights) on a collection of real series, prequential one step ahead:
// every forecast is made before its value is seen, by an untrained keyed transformer that learns while it streams
// the interleaved table (round-robin by time index). MASE = MAE / MAE(seasonal naive) over rows t >= max(2m, 24), as
// in ../../../shared/forecast-bench/score.py. Cold start: each series in turn is appended after all the others (a key
// first seen late); its error over its first 50 forecasts relative to the naive forecast's.
//   dotnet run -c Release --project benchmarks/Rtu.SeriesBench -- eu|bench|unemployment [dataRoot]
// (unemployment: the 14 monthly industry series of npm vega-datasets 3.2.1, data/unemployment-across-industries.json,
// unpacked by `npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz` under dataRoot/vega/package).
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

string which = args.Length > 0 ? args[0] : "eu";
string root = args.Length > 1 ? args[1] : Path.GetFullPath("../shared"); // run from the repository root
if (which is not ("eu" or "bench" or "unemployment") || args.Length > 2)
{
    Console.Error.WriteLine($"Usage: Rtu.SeriesBench [eu|bench|unemployment] [dataRoot] (got {string.Join(' ', args)}); dataRoot defaults to ../shared, run from the repository root.");
    return 2;
}
List<Series> collection;
try { collection = which switch { "eu" => Eu(root), "unemployment" => Unemployment(root), _ => Bench(root) }; }
catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
{
    Console.Error.WriteLine($"{which}: its data was not found under {root} ({e.Message}). The data root is ../shared next to the repository"
        + (which == "unemployment" ? "; the unemployment series also need npm's vega-datasets 3.2.1 unpacked under DATAROOT/vega/package (see the comment at the top of Program.cs)." : "."));
    return 2;
}
// One option set per keyed model: the collection's season when all its series share one, else none.
int season = collection.Select(s => s.Season).Distinct().Count() == 1 ? collection[0].Season : 1;
var ml = new MLContext(seed: 1);
Console.WriteLine($"{which}: {collection.Count} series, {collection.Sum(s => s.Values.Length)} rows, SeasonLength {season}");

Run(collection, shared: false); Run(collection, shared: true);   // JIT warm-up before timing
var perSeries = Run(collection, shared: false);
var global = Run(collection, shared: true);
Console.WriteLine($"{"series",-34} {"m",3} {"n",6} {"MASE per-series",16} {"MASE global",12} {"cold per-series",16} {"cold global",12}");
var cold = collection.Select((s, i) => (Per: Cold(collection, i, false), Glob: Cold(collection, i, true))).ToArray();
for (int i = 0; i < collection.Count; i++)
    Console.WriteLine($"{collection[i].Key,-34} {collection[i].Season,3} {collection[i].Values.Length,6} {perSeries.Mase[i],16:F3} {global.Mase[i],12:F3} {cold[i].Per,16:F3} {cold[i].Glob,12:F3}");
Console.WriteLine($"{"geometric mean",-34} {"",3} {"",6} {Geo(perSeries.Mase),16:F3} {Geo(global.Mase),12:F3} {Geo(cold.Select(c => c.Per)),16:F3} {Geo(cold.Select(c => c.Glob)),12:F3}");
Console.WriteLine($"µs per row: per-series {perSeries.MicrosPerRow:F1}, global {global.MicrosPerRow:F1}");
return 0;

static double Geo(IEnumerable<double> xs) => Math.Exp(xs.Average(Math.Log));

(double[] Mase, double MicrosPerRow) Run(List<Series> set, bool shared)
{
    var rows = Interleave(set);
    var f = Forecasts(rows, shared, out double micros);
    var mase = set.Select(s => Mase(s, f[s.Key])).ToArray();
    return (mase, micros);
}

double Cold(List<Series> set, int late, bool shared)
{
    var rows = Interleave(set.Where((_, i) => i != late).ToList()).Concat(Interleave([set[late]])).ToArray();
    var f = Forecasts(rows, shared, out _)[set[late].Key];
    var y = set[late].Values;
    // The first 50 forecasts of the late key (t = 1..50: a forecast needs one value), relative to the naive's.
    double model = 0, naive = 0;
    for (int t = 1; t <= Math.Min(50, y.Length - 1); t++)
    {
        if (!double.IsFinite(y[t]) || !double.IsFinite(y[t - 1]) || !double.IsFinite(f[t])) continue;
        model += Math.Abs(y[t] - f[t]); naive += Math.Abs(y[t] - y[t - 1]);
    }
    return model / naive;
}

Dictionary<string, double[]> Forecasts(Row[] rows, bool shared, out double microsPerRow)
{
    var data = ml.Data.LoadFromEnumerable(rows);
    var options = new RtuForecastingOptions { InputColumnName = "Value", OutputColumnName = "Forecast", SeriesKeyColumnName = "Key", SharedWeights = shared, SeasonLength = season };
    var transformer = ml.Forecasting.ForecastByRtu(options).Initialize(data.Schema);
    var output = transformer.Transform(data);
    var result = rows.Select(r => r.Key).Distinct().ToDictionary(k => k, k => new List<double>());
    var sw = Stopwatch.StartNew();
    using (var cursor = output.GetRowCursor(output.Schema))
    {
        var forecast = cursor.GetGetter<VBuffer<float>>(output.Schema["Forecast"]);
        var key = cursor.GetGetter<ReadOnlyMemory<char>>(output.Schema["Key"]);
        VBuffer<float> buf = default; ReadOnlyMemory<char> k = default;
        // The forecast made at row t is for t + 1: shift by one within each key.
        while (cursor.MoveNext())
        {
            forecast(ref buf); key(ref k);
            var list = result[k.ToString()];
            if (list.Count == 0) list.Add(double.NaN);
            list.Add(buf.GetValues()[0]);
        }
    }
    microsPerRow = sw.Elapsed.TotalMicroseconds / rows.Length;
    return result.ToDictionary(p => p.Key, p => p.Value.ToArray());
}

static double Mase(Series s, double[] f)
{
    var y = s.Values;
    int m = s.Season, t0 = Math.Max(2 * m, 24);
    double model = 0, snaive = 0;
    for (int t = t0; t < y.Length; t++)
    {
        if (!double.IsFinite(y[t]) || !double.IsFinite(y[t - m]) || !double.IsFinite(f[t])) continue;
        model += Math.Abs(y[t] - f[t]); snaive += Math.Abs(y[t] - y[t - m]);
    }
    return model / snaive;
}

static Row[] Interleave(List<Series> set)
{
    var rows = new List<Row>();
    for (int t = 0; t < set.Max(s => s.Values.Length); t++)
        foreach (var s in set) if (t < s.Values.Length) rows.Add(new Row { Key = s.Key, Value = (float)s.Values[t] });
    return rows.ToArray();
}

static List<Series> Eu(string root)
{
    var lines = File.ReadAllLines(Path.Combine(root, "data/series/EuStockMarkets.csv"));
    var header = lines[0].Split(',');
    return Enumerable.Range(1, header.Length - 1).Select(c => new Series(header[c], 1,
        lines.Skip(1).Select(l => Parse(l.Split(',')[c])).ToArray())).ToList();
}

static List<Series> Bench(string root)
{
    var dir = Path.Combine(root, "forecast-bench");
    return File.ReadAllLines(Path.Combine(dir, "series.txt")).Where(l => l.Length > 0).Select(l =>
    {
        var p = l.Split(',');
        var lines = File.ReadAllLines(Path.Combine(dir, p[0]));
        int col = Array.IndexOf(lines[0].Split(','), p[1]);
        return new Series(Path.GetFileNameWithoutExtension(p[0]), int.Parse(p[2], CultureInfo.InvariantCulture),
            lines.Skip(1).Select(x => Parse(x.Split(',')[col])).ToArray());
    }).ToList();
}

static List<Series> Unemployment(string root)
{
    using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "vega/package/data/unemployment-across-industries.json")));
    return doc.RootElement.EnumerateArray()
        .Select(e => (Series: e.GetProperty("series").GetString()!, Date: e.GetProperty("date").GetDateTime(), Count: e.GetProperty("count").GetDouble()))
        .GroupBy(e => e.Series)
        .Select(g => new Series(g.Key, 12, g.OrderBy(e => e.Date).Select(e => e.Count).ToArray())).ToList();
}

static double Parse(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

internal sealed record Series(string Key, int Season, double[] Values);

internal sealed class Row
{
    public string Key { get; set; } = "";
    public float Value { get; set; }
}
