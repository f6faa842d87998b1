using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary><c>EvaluateForecasts</c> with a timestamp column: forecasts aligned to their target times, not rows.</summary>
[TestClass]
public sealed class ForecastEvaluationTimeTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public sealed class DatedValue { public string Key { get; set; } = ""; public DateTime Time { get; set; } public float Value { get; set; } }

    public sealed class DatedForecast
    {
        public string Key { get; set; } = "";
        public DateTime Time { get; set; }
        public float Value { get; set; }
        public float[] Forecast { get; set; } = [];
        public float[] ForecastLower95 { get; set; } = [];
        public float[] ForecastUpper95 { get; set; } = [];
    }

    public sealed class TickForecast { public long Tick { get; set; } public float Value { get; set; } public float[] Forecast { get; set; } = []; public float[] Lower { get; set; } = []; public float[] Upper { get; set; } = []; }

    public sealed class TimedForecast { public DateTime Time { get; set; } public float Value { get; set; } public float[] Forecast { get; set; } = []; public float[] Lower { get; set; } = []; public float[] Upper { get; set; } = []; }

    [TestMethod]
    public void AForecastNearAGapIsScoredAgainstItsTargetDate()
    {
        // Found by the outside audit: three keys of monthly data, every June of key "a" missing from the scored months.
        // The forecaster fills each gap with a missing value, so its forecasts at May are for June and July; aligned by
        // rows they were scored against July and August (here the MAE of "a" at h = 2 was 0.36 by rows, 0.12 by time
        // and 0.12 without gaps). Aligned by time they score as the same forecasts laid on the full grid, where a removed
        // row is a missing target and no forecast.
        var full = new[] { "a", "b", "c" }.SelectMany((key, i) => TestData.Series(150, seed: 11 + i, withMissing: false)
            .Select((p, t) => new DatedValue { Key = key, Time = new DateTime(2000, 1, 1).AddMonths(t), Value = (i + 1) * p.Value }))
            .OrderBy(r => r.Time).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
        bool Removed(DatedValue r) => r.Key == "a" && r.Time.Month == 6;
        var history = full.Where(r => r.Time < new DateTime(2000, 1, 1).AddMonths(100)).ToArray();
        var later = full.Skip(history.Length).ToArray();
        var options = new RtuForecastingOptions
        {
            InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, SeasonLength = 0, Units = 6,
            SeriesKeyColumnName = "Key", TimestampColumnName = "Time", IncludeIntervals = true,
        };
        var model = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(history));
        Assert.AreEqual("monthly", model.TimeStep!.Name);
        var noGaps = model.Transform(Ml.Data.LoadFromEnumerable(later));
        var gappy = model.Transform(Ml.Data.LoadFromEnumerable(later.Where(r => !Removed(r))));
        var scored = Ml.Data.CreateEnumerable<DatedForecast>(gappy, reuseRowObject: false).ToArray();
        var withoutGaps = Ml.Data.CreateEnumerable<DatedForecast>(noGaps, reuseRowObject: false).ToArray();

        RtuForecastMetrics Score(IEnumerable<DatedForecast> rows, bool byTime) => Ml.Forecasting.EvaluateForecasts(Ml.Data.LoadFromEnumerable(rows), "Value", "Forecast",
            2, 12, "Key", "ForecastLower95", "ForecastUpper95", 0.95, timestampColumnName: byTime ? "Time" : null);

        // The same forecasts on the full grid: the removed rows are a missing value and a missing forecast.
        var dated = scored.ToDictionary(r => (r.Key, r.Time));
        float[] none = [float.NaN, float.NaN];
        var grid = withoutGaps.Select(r => dated.TryGetValue((r.Key, r.Time), out var s) ? s
            : new DatedForecast { Key = r.Key, Time = r.Time, Value = float.NaN, Forecast = none, ForecastLower95 = none, ForecastUpper95 = none }).ToArray();
        var byTime = Score(scored, byTime: true);
        Assert.AreEqual(Score(grid, byTime: false), byTime);
        Assert.AreEqual(Score(grid, byTime: false).SeasonalNaiveMae, byTime.SeasonalNaiveMae);
        Assert.AreEqual(byTime, Ml.Forecasting.EvaluateForecasts(gappy, "Value", "Forecast", 2, 12, "Key", "ForecastLower95", "ForecastUpper95", 0.95, "Time", model.TimeStep),
            "the forecaster's own step gives the step inferred from the scored rows");
        var a = Score(scored.Where(r => r.Key == "a"), byTime: true);
        Assert.AreEqual(Score(grid.Where(r => r.Key == "a"), byTime: false), a);

        // Without gaps the two alignments agree; the keys without gaps score as without any.
        Assert.AreEqual(Score(withoutGaps, byTime: false), Score(withoutGaps, byTime: true));
        Assert.AreEqual(Score(withoutGaps.Where(r => r.Key != "a"), byTime: false), Score(scored.Where(r => r.Key != "a"), byTime: true));

        // By rows, key "a" was scored against the wrong months: its error was far from the error without gaps.
        var aByRows = Score(scored.Where(r => r.Key == "a"), byTime: false);
        var aWithoutGaps = Score(withoutGaps.Where(r => r.Key == "a"), byTime: false);
        Assert.IsGreaterThan(2 * a.Mae, aByRows.Mae, $"by rows {aByRows.Mae}, by time {a.Mae}");
        Assert.IsLessThan(1.5 * aWithoutGaps.Mae, a.Mae, $"by time {a.Mae}, without gaps {aWithoutGaps.Mae}");
        Assert.IsLessThan(aByRows.Count, a.Count, "a forecast whose target month was removed is not scored");
        Assert.AreNotEqual(Score(scored, byTime: false).Mae, byTime.Mae);
    }

    [TestMethod]
    public void CalendarStepsAlignMonthEndsAndBusinessDays()
    {
        // Exact forecasts on the calendar's grid score 0 only when each is compared with its target date: month ends
        // (28 to 31 days apart, one step each) with missing months, and business days, where Friday → Monday is one step.
        var monthEnds = Enumerable.Range(0, 40).Select(i => new DateTime(2000, 1, 31).AddMonths(i)).ToArray();
        AssertExactWhenAlignedByTime(monthEnds, missing: [5, 6, 13, 24, 25, 26], seasonLength: 12);
        var weekdays = Enumerable.Range(0, 80).Select(i => new DateTime(2024, 1, 1).AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        AssertExactWhenAlignedByTime(weekdays, missing: [4, 9, 10, 22, 30], seasonLength: 5);
    }

    // y at step i of the grid is i²; the forecasts made at step i are (i + 1)², (i + 2)², exact. The rows at `missing` are removed.
    private static void AssertExactWhenAlignedByTime(DateTime[] grid, int[] missing, int seasonLength)
    {
        var steps = Enumerable.Range(0, grid.Length).Except(missing).ToArray();
        var rows = steps.Select(i => new TimedForecast { Time = grid[i], Value = i * i, Forecast = [(i + 1) * (i + 1), (i + 2) * (i + 2)] }).ToArray();
        var view = Ml.Data.LoadFromEnumerable(rows);
        var present = steps.ToHashSet();
        foreach (int h in new[] { 1, 2 })
        {
            var m = Ml.Forecasting.EvaluateForecasts(view, "Value", "Forecast", h, seasonLength, timestampColumnName: "Time");
            int back = seasonLength * ((h + seasonLength - 1) / seasonLength);
            Assert.AreEqual(steps.Count(i => present.Contains(i + h) && present.Contains(i + h - back)), m.Count, $"h = {h}");
            Assert.AreEqual(0, m.Mae, $"h = {h}");
            Assert.IsGreaterThan(0, Ml.Forecasting.EvaluateForecasts(view, "Value", "Forecast", h, seasonLength).Mae, "by rows a gap misaligns");
        }
    }

    [TestMethod]
    public void ATinySeriesWithAGapScoresAsComputedByHand()
    {
        // Monthly values at steps 0..8 without step 4; horizon 2, season 3 (the seasonal naive of a target is the value
        // 3 steps before it). Scored: the forecasts made at steps 1, 3 and 6 (for steps 3, 5 and 8). Not scored: step 0's
        // (its target, step 2, has no seasonal naive), step 2's (target 4 is missing), step 5's (target 7's seasonal
        // naive is step 4), and steps 7 and 8's (their targets lie past the data).
        int[] step = [0, 1, 2, 3, 5, 6, 7, 8];
        float[] y = [10, 12, 11, 13, 14, 13, 15, 16];
        float[] f = [11, 12, 14, 15, 14, 18, 0, 0];
        float[] lo = [0, 12.5f, 0, 15, 0, 15, 0, 0], up = [0, 13.5f, 0, 16, 0, 17, 0, 0];
        float[] Pair(float v) => [float.NaN, v];
        var months = Ml.Data.LoadFromEnumerable(step.Select((s, r) => new TimedForecast
            { Time = new DateTime(2023, 11, 30).AddMonths(s), Value = y[r], Forecast = Pair(f[r]), Lower = Pair(lo[r]), Upper = Pair(up[r]) }));
        var m = Ml.Forecasting.EvaluateForecasts(months, "Value", "Forecast", horizon: 2, seasonLength: 3,
            lowerColumnName: "Lower", upperColumnName: "Upper", level: 0.8, timestampColumnName: "Time");

        // Targets 13, 14, 16; forecasts 12, 15, 18 (errors −1, 1, 2); seasonal naive 10, 11, 14 (errors 3, 3, 2).
        Assert.AreEqual(3, m.Count);
        Assert.AreEqual(4.0 / 3, m.Mae, 1e-12);
        Assert.AreEqual(Math.Sqrt(6.0 / 3), m.Rmse, 1e-12);
        Assert.AreEqual((200.0 / 25 + 200.0 / 29 + 400.0 / 34) / 3, m.Smape, 1e-9);
        Assert.AreEqual(8.0 / 3, m.SeasonalNaiveMae, 1e-12);
        Assert.AreEqual(0.5, m.Mase, 1e-12);
        // Intervals at 80 % (2/α = 10): [12.5, 13.5] holds 13 (score 1), [15, 16] misses 14 by 1 (1 + 10), [15, 17] holds 16 (2).
        Assert.AreEqual(2.0 / 3, m.Coverage, 1e-12);
        Assert.AreEqual((1 + 11 + 2) / 3.0 / (8.0 / 3), m.Msis, 1e-12);

        // Int64 timestamps step by their most common difference: the same rows every 10 units score the same.
        var ticks = Ml.Data.LoadFromEnumerable(step.Select((s, r) => new TickForecast { Tick = 1000 + 10 * s, Value = y[r], Forecast = Pair(f[r]), Lower = Pair(lo[r]), Upper = Pair(up[r]) }));
        Assert.AreEqual(m, Ml.Forecasting.EvaluateForecasts(ticks, "Value", "Forecast", 2, 3, lowerColumnName: "Lower", upperColumnName: "Upper", level: 0.8, timestampColumnName: "Tick"));

        // By rows the gap shifts the targets: other figures.
        Assert.AreNotEqual(m.Mae, Ml.Forecasting.EvaluateForecasts(months, "Value", "Forecast", 2, 3, lowerColumnName: "Lower", upperColumnName: "Upper", level: 0.8).Mae);
    }

    [TestMethod]
    public void TimestampsThatCannotBeAlignedAreRefusedWithAClearError()
    {
        TimedForecast Row(DateTime time) => new() { Time = time, Value = time.Month, Forecast = [time.Month], Lower = [0], Upper = [0] };
        var monthly = Enumerable.Range(0, 24).Select(i => Row(new DateTime(2020, 1, 1).AddMonths(i))).ToArray();
        var view = Ml.Data.LoadFromEnumerable(monthly);
        RtuForecastMetrics Score(IEnumerable<TimedForecast> rows) => Ml.Forecasting.EvaluateForecasts(Ml.Data.LoadFromEnumerable(rows.ToArray()), "Value", timestampColumnName: "Time");

        // The column: missing, or not a timestamp.
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(view, "Value", timestampColumnName: "When")).Message, "timestamp column 'When' was not found");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(view, "Value", timestampColumnName: "Value")).Message, "must be DateTime, DateTimeOffset or Int64");
        Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(view, "Value", timeStep: SeriesTimeStep.Infer(monthly.Select(r => r.Time).ToArray())));

        // Out of order, or two rows at one time.
        var swapped = monthly.ToArray();
        (swapped[10], swapped[11]) = (swapped[11], swapped[10]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Score(swapped));
        StringAssert.Contains(e.Message, "out of order");
        StringAssert.Contains(e.Message, "2020-11-01");
        StringAssert.Contains(e.Message, "2020-12-01");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Score(monthly.Take(5).Append(monthly[4]).Concat(monthly.Skip(5)))).Message, "two rows at Time 2020-05-01");

        // Rows that fit no regular step: two in one month, or Int64 steps of 10 with one row half-way.
        var twice = monthly.Take(5).Append(Row(new DateTime(2020, 5, 20))).Concat(monthly.Skip(5)).ToArray();
        e = Assert.ThrowsExactly<ArgumentException>(() => Score(twice));
        StringAssert.Contains(e.Message, "2020-05-01 00:00:00 → 2020-05-20");
        StringAssert.Contains(e.Message, "within one step");
        StringAssert.Contains(e.Message, "fit no regular step");
        var halfWay = Ml.Data.LoadFromEnumerable(new long[] { 0, 10, 20, 25, 30, 40, 50, 60 }.Select(t => new TickForecast { Tick = t, Value = t, Forecast = [t], Lower = [0], Upper = [0] }));
        e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(halfWay, "Value", timestampColumnName: "Tick"));
        StringAssert.Contains(e.Message, "20 → 25");
        StringAssert.Contains(e.Message, "not a whole number of steps");
    }
}
