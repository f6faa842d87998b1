using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The outside-in audit's case through the public surface: a monthly series whose scale drops by a factor 10⁵ at row
/// 600 (a sensor switching units) is forecast well again a few seasons on, by the transformer and by the engine alike.
/// </summary>
[TestClass]
public sealed class ScaleChangeTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void AfterAChangeOfUnitsTheTransformerAndTheEngineForecastTheNewScale()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 800).Select(i => new SeriesPoint
        {
            Value = (float)(i < 600 ? 1e6 * (1 + 0.1 * Math.Sin(2 * Math.PI * i / 12) + 0.01 * random.NextDouble()) : 10 + Math.Sin(2 * Math.PI * i / 12) + 0.1 * random.NextDouble()),
        }).ToArray();
        var options = new RtuForecastingOptions { SeasonLength = 12, Horizon = 1, ExogenousColumnNames = [] };
        var view = Ml.Data.LoadFromEnumerable(rows);
        var transformer = Ml.Forecasting.ForecastByRtu(options).Initialize(view.Schema);
        var forecasts = TestData.Column(transformer.Transform(view), "Forecast");
        var engine = transformer.CreateStreamingEngine();
        var stepped = rows.Select(r => engine.Observe("s", r.Value, [])).ToList();
        TestData.AssertSame(forecasts, stepped);
        // Rows 636–799 (three seasons after the change on): the error is of the new scale's noise (0.1), not of the
        // old scale (before the restart on a change of scale: mean |error| 169 over rows 700–799 in the audit).
        double mae = Enumerable.Range(636, 164).Average(t => Math.Abs(forecasts[t - 1][0] - rows[t].Value));
        TestContext.WriteLine($"1e6 -> 10 at row 600: mean |error| over rows 636-799 {mae:G4}; last forecast {forecasts[^1][0]:G5} (value {rows[^1].Value:G5})");
        Assert.IsLessThan(0.2, mae);
    }

    [TestMethod]
    public void AFrozenModelCarriesWhatItLearnedIntoTheNewUnits()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 800).Select(i => new SeriesPoint
        {
            Value = (float)(i < 600 ? 1e6 * (1 + 0.1 * Math.Sin(2 * Math.PI * i / 12) + 0.01 * random.NextDouble()) : 10 + Math.Sin(2 * Math.PI * i / 12) + 0.1 * random.NextDouble()),
        }).ToArray();
        var options = new RtuForecastingOptions { SeasonLength = 12, Horizon = 1, ExogenousColumnNames = [], LearnDuringTransform = false, IncludeIntervals = true };
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(rows.Take(600)));
        var rest = rows.Skip(600).ToArray();
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rest));
        var forecasts = TestData.Column(output, "Forecast");
        var engine = transformer.CreateStreamingEngine(learn: false);
        TestData.AssertSame(forecasts, rest.Select(r => engine.Predict("s", r.Value, [])).ToList());
        // Rows 636–799 (three seasons after the change on): before, the frozen model moved the change additively and kept
        // the old scale everywhere (mean |error| 5.3e4, last forecast −1.1e5 for a value of 9.5).
        double mae = Enumerable.Range(636, 164).Average(t => Math.Abs(forecasts[t - 601][0] - rows[t].Value));
        var lower = TestData.Column(output, "ForecastLower95");
        var upper = TestData.Column(output, "ForecastUpper95");
        double width = Enumerable.Range(636, 164).Average(t => upper[t - 601][0] - lower[t - 601][0]);
        TestContext.WriteLine($"frozen, 1e6 -> 10 at row 600: mean |error| over rows 636-799 {mae:G4}, mean 95 % width {width:G4}; last forecast {forecasts[^1][0]:G5} (value {rows[^1].Value:G5})");
        Assert.IsLessThan(0.2, mae);
        Assert.IsLessThan(5.0, width, "the intervals are in the new units too");
    }
}
