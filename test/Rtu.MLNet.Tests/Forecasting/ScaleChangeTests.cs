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
}
