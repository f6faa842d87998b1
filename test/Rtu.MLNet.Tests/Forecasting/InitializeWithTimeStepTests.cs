using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// An untrained forecaster with a timestamp column (<see cref="RtuForecastingEstimator.Initialize(DataViewSchema, SeriesTimeStep)"/>):
/// the step given, it places rows on the grid as a fitted one does (a missing month fed as a missing value), its
/// streaming engine takes timestamps, it saves and loads, and a step it cannot use is refused by name.
/// </summary>
[TestClass]
public sealed class InitializeWithTimeStepTests
{
    private static readonly MLContext Ml = new(seed: 1);

    // 120 months of the test series, the month at `gap` left out of the rows (not a row with a missing value).
    private static TimedPoint[] MonthlyWithout(int gap) =>
        TestData.Series(120, withMissing: false)
            .Select((p, t) => new TimedPoint { Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value, Temperature = p.Temperature })
            .Where((_, t) => t != gap).ToArray();

    private static RtuForecastingOptions Timed(int season = 0) => TimestampTests.Options(season);   // timestamp column "Time"

    [TestMethod]
    public void TheStepPlacesRowsOnTheGridAsAMissingValue()
    {
        // The timed untrained forecaster, given a step inferred from three dates, equals the untimed one given the same
        // rows with the left-out month as a row of NaN: every forecast the same. SeasonLength 0 takes the step's 12.
        // (The step from a year of month-ends: from two, 29 days apart, SeriesTimeStep.Infer gives a fixed step.)
        var rows = MonthlyWithout(gap: 50);
        var step = SeriesTimeStep.Infer(rows.Take(13).Select(r => r.Time).ToArray());
        Assert.AreEqual((12, 1), (step.SeasonLength, step.Months), step.Name);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var timed = Ml.Forecasting.ForecastByRtu(Timed()).Initialize(view.Schema, step);
        Assert.AreEqual(step, timed.TimeStep);
        var forecasts = TestData.Column(timed.Transform(view), "Forecast");

        // (A row missing from the grid is fed with the next row's exogenous values, as after Fit.)
        var series = TestData.Series(120, withMissing: false);
        var untimedRows = series.Select((p, t) => t == 50 ? new SeriesPoint { Value = float.NaN, Temperature = series[51].Temperature } : p).ToArray();
        var untimedOptions = TestData.SmallForecastOptions();
        var untimedView = Ml.Data.LoadFromEnumerable(untimedRows);
        var untimed = TestData.Column(Ml.Forecasting.ForecastByRtu(untimedOptions).Initialize(untimedView.Schema).Transform(untimedView), "Forecast");
        Assert.HasCount(rows.Length, forecasts);
        for (int i = 0; i < rows.Length; i++)
        {
            int t = i < 50 ? i : i + 1;   // the row's month
            CollectionAssert.AreEqual(untimed[t], forecasts[i], $"row {i} (month {t})");
        }
    }

    [TestMethod]
    public void ItsEngineTakesTimestampsAndItSavesAndLoads()
    {
        var rows = MonthlyWithout(gap: 70);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var step = SeriesTimeStep.Infer(rows.Take(13).Select(r => r.Time).ToArray());
        Assert.AreEqual(1, step.Months, step.Name);
        var transformer = Ml.Forecasting.ForecastByRtu(Timed(season: 12)).Initialize(view.Schema, step);
        var engine = transformer.CreateStreamingEngine();
        float[] last = [];
        foreach (var r in rows) last = engine.Observe("a", r.Time, r.Value, [r.Temperature]);
        var fromView = TestData.Column(transformer.Transform(view), "Forecast");
        CollectionAssert.AreEqual(fromView[^1], last, "the engine and Transform place the rows alike");

        string path = Path.Combine(Path.GetTempPath(), $"rtu-init-step-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(transformer, view.Schema, path);
            var loaded = (RtuForecastingTransformer)Ml.Model.LoadRtu(path, out _);
            Assert.AreEqual(step, loaded.TimeStep);
            CollectionAssert.AreEqual(fromView[^1], TestData.Column(loaded.Transform(view), "Forecast")[^1], "saved untrained, read back, the same forecasts");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AStepItCannotUseIsRefusedByName()
    {
        var schema = Ml.Data.LoadFromEnumerable(MonthlyWithout(gap: 5)).Schema;
        var monthly = SeriesTimeStep.Infer(Enumerable.Range(0, 13).Select(i => new DateTime(2000, 1, 31).AddMonths(i)).ToArray());
        Assert.AreEqual(1, monthly.Months);
        var untimed = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Initialize(schema, monthly));
        StringAssert.Contains(untimed.Message, "TimestampColumnName");
        var neither = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema, new SeriesTimeStep { Name = "none", SeasonLength = 1 }));
        StringAssert.Contains(neither.Message, "'none' is invalid");
        var both = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema, monthly with { FixedTicks = TimeSpan.TicksPerDay }));
        StringAssert.Contains(both.Message, "exactly one of FixedTicks and Months");
        Assert.ThrowsExactly<ArgumentNullException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema, null!));
        var unnamed = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema, monthly with { Name = null! }));
        StringAssert.Contains(unnamed.Message, "no Name");
        var hourlyBusiness = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema,
            new SeriesTimeStep { Name = "odd", SeasonLength = 24, FixedTicks = TimeSpan.TicksPerHour, BusinessDays = true }));
        StringAssert.Contains(hourlyBusiness.Message, "BusinessDays only with FixedTicks of one day");

        // Integer timestamps cannot count months.
        var ticks = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(t => new TickPoint { Tick = t, Value = t }).ToArray()).Schema;
        var options = TestData.SmallForecastOptions();
        options.TimestampColumnName = "Tick";
        var months = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(options).Initialize(ticks, monthly));
        StringAssert.Contains(months.Message, "counts months");

        // Without a step, Initialize names the overload that takes one.
        var noStep = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Timed()).Initialize(schema));
        StringAssert.Contains(noStep.Message, "Initialize(schema, step)");
    }
}
