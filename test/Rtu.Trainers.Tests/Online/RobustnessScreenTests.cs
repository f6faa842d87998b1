using System.Globalization;
using Rtu.Tests.Shared;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Issue 13's spike test over many real series at once: the 105 series of the sample's five held-out sets, each run
/// again with one spike of 100 standard deviations, or one missing value, at each of up to 11 places, the one-step MAE
/// of the forecasts after it against the clean run's (the smoke version of <c>benchmarks/Rtu.ForecastSets --spikes</c>
/// and <c>--missing</c>, which add the development bench).
/// </summary>
[TestClass]
public sealed class RobustnessScreenTests
{
    public TestContext TestContext { get; set; } = null!;

    internal sealed record Series(string Name, double[] Y, int Season);

    // The held-out sets' series: series.txt lines "data/NAME.csv,column,season"; an empty field is a missing value.
    internal static List<Series> HeldOut()
    {
        var all = new List<Series>();
        foreach (string set in new[] { "heldout", "heldout2", "heldout3", "heldout4", "heldout5" })
        {
            string dir = Path.Combine(RealSeries.RepositoryRoot(), "samples", "Rtu.Forecasting", set);
            foreach (string line in File.ReadAllLines(Path.Combine(dir, "series.txt")).Where(l => l.Trim().Length > 0))
            {
                var f = line.Split(',');
                var rows = File.ReadAllLines(Path.Combine(dir, f[0]));
                int column = Array.IndexOf(rows[0].Split(','), f[1]);
                var y = rows.Skip(1).Select(r => r.Split(',')[column])
                    .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : double.NaN).ToArray();
                all.Add(new Series(Path.GetFileNameWithoutExtension(f[0]), y, int.Parse(f[2], CultureInfo.InvariantCulture)));
            }
        }
        return all;
    }

    // As the benchmark: rows 1–3, around the first and second season's ends, a third and two thirds in.
    private static IEnumerable<int> Places(int n, int m) =>
        new[] { 1, 2, 3, m - 1, m, m + 1, 2 * m - 1, 2 * m, 2 * m + 1, n / 3, 2 * n / 3 }.Where(k => k >= 1 && k < n - 10).Distinct().Order();

    // Each run's change of the MAE of the forecasts after the damaged row (from row 3 on for row 1 or 2: two or three
    // values cannot always tell a spike from a step), for every series but the counts with a zero among their first
    // values (they take a burst there as data). On a series of whole numbers the spike is a whole number too.
    private static List<(string Name, int At, double Change)> Screen(bool spikes)
    {
        static bool Whole(double[] y) => y.Where(double.IsFinite).All(v => v >= 0 && v == Math.Floor(v));
        var series = HeldOut().Where(s => !(Whole(s.Y) && s.Y.Take(8).Contains(0))).ToList();
        var runs = new List<(string, int, double)>[series.Count];
        Parallel.For(0, series.Count, i =>
        {
            var (name, y, m) = series[i];
            var clean = ForecasterAlone.OneStep(y, m);
            var observed = y.Where(double.IsFinite).ToArray();
            double mean = observed.Average(), sd = Math.Sqrt(observed.Average(v => (v - mean) * (v - mean)));
            runs[i] = [];
            int n = 0;
            foreach (int at in Places(y.Length, m))
            {
                if (double.IsNaN(y[at])) continue;
                var damaged = (double[])y.Clone();
                double spike = y[at] + (n++ % 2 == 0 ? 100 : -100) * sd;
                damaged[at] = spikes ? (Whole(y) ? Math.Round(spike) : spike) : double.NaN;
                var made = ForecasterAlone.OneStep(damaged, m);
                double a = 0, b = 0;
                for (int t = at <= 2 ? at + 2 : at + 1; t < y.Length; t++)
                {
                    if (double.IsNaN(y[t]) || !double.IsFinite(made[t - 1]) || !double.IsFinite(clean[t - 1])) continue;
                    a += Math.Abs(y[t] - made[t - 1]); b += Math.Abs(y[t] - clean[t - 1]);
                }
                runs[i].Add((name, at, a / b - 1));
            }
        });
        return runs.SelectMany(r => r).ToList();
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void OneSpikeOrMissingValueAnywhereCostsTheRestOfRealSeriesLittle(bool spikes)
    {
        // Before the twenty-ninth pass a spike at row 3 after a true first value judged a spike (macro_realgdp ×73,
        // japan_gnp ×52, freeny_revenue ×35), after three equal values (lh ×5) or after a value near 0 (RealInt ×5), and
        // one at row 1 of a rate whose first value is 0.00 (macro_infl +28 %), was taken as it was: here, spikes over 5 %
        // in 69 of 726 runs, largest ×73. Measured after: 49, largest +62 % (ArgentinaCPI, whose last two quarters carry
        // its MAE); missing values 53 → 48, largest +65.8 → +61.9 %. What is left is what a missing value costs (the
        // sample's README, "robustness screens"). With a lone missing value smoothed once the next value is seen (settings
        // layout 7; a spike that returned is one too), 105 series, 867 runs: spikes over 5 % in 44, missing values in 41,
        // largest +48 % and +33 %.
        var runs = Screen(spikes);
        var worst = runs.MaxBy(r => r.Change);
        int over = runs.Count(r => r.Change > 0.05);
        TestContext.WriteLine($"{(spikes ? "spikes" : "missing values")}: {runs.Count} runs, over 5 % in {over}, median {runs.Select(r => r.Change).Order().ElementAt(runs.Count / 2):P1}, largest {worst.Change:P1} ({worst.Name} at row {worst.At})");
        foreach (var r in runs.Where(r => r.Change > 0.2)) TestContext.WriteLine($"  {r.Name} row {r.At}: {r.Change:P1}");
        Assert.IsLessThan(1.0, worst.Change, $"largest: {worst.Name} at row {worst.At}");
        Assert.IsLessThan(0.1 * runs.Count, over, "runs over 5 %");
    }

    [TestMethod]
    public void AFrozenForecasterTakesASpikeAsMissing()
    {
        // Serving: each held-out series learned up to its half, then frozen (learn = false), with one spike of 100
        // standard deviations a few rows in and halfway through the rest. A frozen pool has no rewind; cleaned to its
        // bound, the spike moved every member by the bound: the rest's MAE rose by a median of 8.9 % (over 5 % in 99 of
        // 174 runs). Now a gross possible spike is observed as missing at once.
        var changes = new List<(string Name, int At, double Change)>();
        foreach (var (name, y, m) in HeldOut())
        {
            int freeze = y.Length / 2;
            var clean = Frozen(y, m, freeze);
            var observed = y.Where(double.IsFinite).ToArray();
            double mean = observed.Average(), sd = Math.Sqrt(observed.Average(v => (v - mean) * (v - mean)));
            foreach (int at in new[] { freeze + 5, freeze + (y.Length - freeze) / 2 })
            {
                if (at >= y.Length - 5 || double.IsNaN(y[at])) continue;
                var spiked = (double[])y.Clone(); spiked[at] += 100 * sd;
                var made = Frozen(spiked, m, freeze);
                double a = 0, b = 0;
                for (int t = at + 1; t < y.Length; t++)
                {
                    if (double.IsNaN(y[t])) continue;
                    a += Math.Abs(y[t] - made[t - 1]); b += Math.Abs(y[t] - clean[t - 1]);
                }
                changes.Add((name, at, a / b - 1));
            }
        }
        var sorted = changes.Select(c => c.Change).Order().ToArray();
        int over = sorted.Count(c => c > 0.05);
        TestContext.WriteLine($"frozen, {changes.Count} runs: median {sorted[sorted.Length / 2]:P1}, over 5 % in {over}, largest {sorted[^1]:P1}");
        foreach (var c in changes.Where(c => c.Change > 0.05)) TestContext.WriteLine($"  {c.Name} row {c.At}: {c.Change:P1}");
        Assert.IsLessThan(0.01, sorted[sorted.Length / 2], "median");
        Assert.IsLessThan(0.15 * changes.Count, over, "runs over 5 %");
    }

    // The one-step forecasts made at each row by a forecaster that learns up to row freeze and is frozen from there.
    private static double[] Frozen(double[] y, int season, int freeze)
    {
        var f = ForecasterAlone.New(season);
        var forecast = new float[1];
        var made = new double[y.Length];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: t < freeze, forecast, default);
            made[t] = forecast[0];
        }
        return made;
    }
}
