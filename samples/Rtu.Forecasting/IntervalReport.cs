using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.Forecasting;

/// <summary>
/// The quality of the online conformal intervals per horizon h = 1..H: coverage of the 80 % and 95 % intervals and the
/// MSIS of the 95 % one (M4's mean scaled interval score, <c>mlContext.Forecasting.EvaluateForecasts</c>), next to a
/// seasonal-naive interval: the seasonal-naive forecast ± the empirical quantile of its own past absolute h-step errors
/// (errors whose target was seen when the forecast was made; the conformal quantile, the ⌈(n+1)·level⌉-th smallest of n).
/// Both are scored on the same rows: those where both methods have both intervals.
/// </summary>
internal static class IntervalReport
{
    private static readonly double[] Levels = [0.8, 0.95];

    /// <summary>The scores of one horizon.</summary>
    public sealed record Scores(int Horizon, int Count, double Cover80, double Cover95, double Msis95, double BaselineCover80, double BaselineCover95, double BaselineMsis95);

    /// <summary>
    /// Scores the intervals made at each row (<paramref name="bands"/>: lower 80, upper 80, lower 95, upper 95, each
    /// [row][h − 1], as <paramref name="made"/>); horizons without a scorable row are left out.
    /// </summary>
    public static IReadOnlyList<Scores> Score(MLContext ml, float[] y, float[][] made, float[][][] bands, int horizon, int season)
    {
        var rows = new List<Scores>();
        int n = y.Length;
        for (int h = 1; h <= horizon; h++)
        {
            int back = season * ((h + season - 1) / season);
            // The baseline's forecast made at row t for row t + h (NaN: none) and its intervals' half-widths, from the
            // errors of targets j ≤ t.
            var baseline = new float[Levels.Length][];
            for (int l = 0; l < Levels.Length; l++) baseline[l] = new float[n];
            var forecast = new float[n];
            Array.Fill(forecast, float.NaN);
            var errors = Levels.Select(_ => new KthSmallest()).ToArray();
            for (int t = 0; t < n; t++)
            {
                if (t - back >= 0 && float.IsFinite(y[t]) && float.IsFinite(y[t - back]))
                {
                    double e = Math.Abs(y[t] - y[t - back]);
                    foreach (var q in errors) q.Add(e);
                }
                int source = t + h - back;
                if (t + h >= n || source < 0 || !float.IsFinite(y[source])) continue;
                forecast[t] = y[source];
                for (int l = 0; l < Levels.Length; l++)
                {
                    int k = (int)Math.Ceiling((errors[l].Count + 1) * Levels[l]);   // 1-based rank; beyond n: not enough errors yet
                    if (k > errors[l].Count) { forecast[t] = float.NaN; break; }
                    baseline[l][t] = (float)errors[l].Get(k);
                }
            }
            // The rows both methods can score.
            var keep = Enumerable.Range(0, n).Select(t => !float.IsNaN(forecast[t]) && made[t] is { } f && f.Length >= h && float.IsFinite(f[h - 1])
                && bands.All(b => b[t] is { } v && float.IsFinite(v[h - 1]))).ToArray();
            if (!keep.Any(k => k)) continue;
            float[]?[] Pick(Func<int, float[]> row) => Enumerable.Range(0, n).Select(t => keep[t] ? row(t) : null).ToArray();
            var app80 = ml.Forecasting.EvaluateForecasts(y, Pick(t => made[t]), h, season, Pick(t => bands[0][t]), Pick(t => bands[1][t]), 0.8);
            var app95 = ml.Forecasting.EvaluateForecasts(y, Pick(t => made[t]), h, season, Pick(t => bands[2][t]), Pick(t => bands[3][t]), 0.95);
            var point = new RowsOf(h, keep, t => forecast[t]);
            RowsOf Around(int l, int sign) => new(h, keep, t => forecast[t] + sign * baseline[l][t]);
            var base80 = ml.Forecasting.EvaluateForecasts(y, point, h, season, Around(0, -1), Around(0, +1), 0.8);
            var base95 = ml.Forecasting.EvaluateForecasts(y, point, h, season, Around(1, -1), Around(1, +1), 0.95);
            rows.Add(new Scores(h, app95.Count, app80.Coverage, app95.Coverage, app95.Msis, base80.Coverage, base95.Coverage, base95.Msis));
        }
        return rows;
    }

    /// <summary>Prints <see cref="Score"/>'s table.</summary>
    public static void Print(MLContext ml, float[] y, float[][] made, float[][][] bands, int horizon, int season)
    {
        var rows = Score(ml, y, made, bands, horizon, season);
        if (rows.Count == 0) { Console.WriteLine("  Intervals: too few rows to score them."); return; }
        Console.WriteLine($"  Intervals per horizon: online conformal vs seasonal naive ± the quantile of its past errors (same rows; MSIS of the 95 % interval, lower is better):");
        Console.WriteLine($"  {"h",4}{"rows",7}{"cover80 %",11}{"cover95 %",11}{"MSIS95",9}  | snaive{"cover80 %",11}{"cover95 %",11}{"MSIS95",9}");
        foreach (var r in rows)
            Console.WriteLine($"  {r.Horizon,4}{r.Count,7}{100 * r.Cover80,11:F1}{100 * r.Cover95,11:F1}{r.Msis95,9:F3}  |       {100 * r.BaselineCover80,11:F1}{100 * r.BaselineCover95,11:F1}{r.BaselineMsis95,9:F3}");
        if (AboveZeroLine(y, made, bands, horizon) is { } above) Console.WriteLine(above);
    }

    /// <summary>
    /// For a series never below 0 of which at least <see cref="IntermittentReport.ZeroShare"/> is 0: a note with the
    /// intervals' coverage on the rows whose value is above 0 (one step ahead and at <paramref name="horizon"/>), where
    /// at least <see cref="MinAboveZero"/> such rows have intervals; else null.
    /// </summary>
    /// <remarks>
    /// Why: on mostly-zero data the pooled coverage is the zeros'. An outside audit's hourly rain (96 % zeros) had its 80 /
    /// 95 % intervals cover 95.7 / 96.4 % of the rows, and 3.8 / 7.5 % of the 318 rainy hours (0 / 0 % of the heavy ones):
    /// 77 % of the 80 % intervals were [0, 0]. The table alone read as well calibrated.
    /// </remarks>
    public static string? AboveZeroLine(float[] y, float[][] made, float[][][] bands, int horizon)
    {
        var finite = y.Where(float.IsFinite).ToArray();
        if (finite.Length == 0 || finite.Min() < 0 || finite.Count(v => v == 0) < IntermittentReport.ZeroShare * finite.Length) return null;
        var parts = new List<string>();
        bool low = false;
        foreach (int h in horizon == 1 ? [1] : new[] { 1, horizon })
        {
            int rows = 0, in80 = 0, in95 = 0;
            for (int t = 0; t + h < y.Length; t++)
            {
                float v = y[t + h];
                if (!(v > 0) || made[t] is not { } f || f.Length < h || bands.Any(b => b[t] is not { } w || w.Length < h || !float.IsFinite(w[h - 1]))) continue;
                rows++;
                if (bands[0][t][h - 1] <= v && v <= bands[1][t][h - 1]) in80++;
                if (bands[2][t][h - 1] <= v && v <= bands[3][t][h - 1]) in95++;
            }
            if (rows < MinAboveZero) return null;
            parts.Add($"{(h == 1 ? "one step ahead" : $"{h} steps ahead")}, {100.0 * in80 / rows:F1} % and {100.0 * in95 / rows:F1} % of the {rows} rows above 0");
            low |= in80 < LowCover80 * rows;
        }
        string what = low ? ": such intervals say how likely a row is 0 more than how large a value above 0 may be" : "";
        return $"  note: {100.0 * finite.Count(v => v == 0) / finite.Length:F0} % of the values are 0, so the coverage above is mostly the zeros'. The 80 % and 95 % intervals covered, {string.Join("; ", parts)}{what}.";
    }

    /// <summary>
    /// Below this share of the rows above 0 covered by the 80 % interval (20 points under it), <see cref="AboveZeroLine"/>
    /// says what the intervals describe.
    /// </summary>
    public const double LowCover80 = 0.6;

    /// <summary>The fewest rows above 0 with intervals for <see cref="AboveZeroLine"/> to speak of their coverage.</summary>
    public const int MinAboveZero = 20;

    /// <summary>
    /// The k-th smallest of a growing set of numbers, for a rank that moves little between calls (the conformal rank,
    /// a fixed share of the count): a max-heap of the k smallest and a min-heap of the rest, O(log n) per number. A sorted
    /// list took O(n) per insert: the report of a million hourly rows took two minutes, longer than the forecasts.
    /// </summary>
    internal sealed class KthSmallest
    {
        private readonly PriorityQueue<double, double> _low = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));
        private readonly PriorityQueue<double, double> _high = new();

        public int Count => _low.Count + _high.Count;

        public void Add(double value)
        {
            if (_low.Count > 0 && value < _low.Peek()) { double top = _low.EnqueueDequeue(value, value); _high.Enqueue(top, top); }
            else _high.Enqueue(value, value);
        }

        /// <summary>The <paramref name="k"/>-th smallest (1-based, 1 ≤ k ≤ <see cref="Count"/>).</summary>
        public double Get(int k)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(k, Count);
            while (_low.Count < k) { double v = _high.Dequeue(); _low.Enqueue(v, v); }
            while (_low.Count > k) { double v = _low.Dequeue(); _high.Enqueue(v, v); }
            return _low.Peek();
        }
    }

    /// <summary>
    /// The baseline's rows as the evaluator reads them, made when read: row t is null where it is not scored (keep), else
    /// one buffer whose h-step entry (index h − 1) is value(t), rewritten at each read.
    /// </summary>
    /// <remarks>
    /// Why: the evaluator reads each row once, in order, and keeps no row (<c>EvaluateForecasts</c>), and an array of h
    /// floats per row, horizon and bound was 14 GB allocated for a 400,000-row file at H = 60: 74 s of a 126 s run, without
    /// a line printed (an outside audit of process data).
    /// </remarks>
    private sealed class RowsOf(int h, bool[] keep, Func<int, double> value) : IReadOnlyList<float[]?>
    {
        private readonly float[] _row = Row(h, double.NaN);

        public int Count => keep.Length;

        public float[]? this[int t]
        {
            get
            {
                if (!keep[t]) return null;
                _row[h - 1] = (float)value(t);
                return _row;
            }
        }

        public IEnumerator<float[]?> GetEnumerator()
        {
            for (int t = 0; t < Count; t++) yield return this[t];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // A forecast row whose h-step entry is `value` (EvaluateForecasts reads row[h − 1]).
    private static float[] Row(int h, double value)
    {
        var row = new float[h];
        Array.Fill(row, float.NaN);
        row[h - 1] = (float)value;
        return row;
    }
}
