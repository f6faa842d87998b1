using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The exported graph serves what the frozen transformer does when the series changes units, when it resumes after a
/// long gap and past a spike: the observation builder carries the change of units (the graph's statistics are constants) and
/// shares the pool's clean, so forecasts and interval bounds stay those of the transformer in inference mode.
/// </summary>
[TestClass]
public sealed class FrozenSeriesChangeExportTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TheExportFollowsAFrozenModelThroughAChangeOfUnitsALongGapAndSpikes()
    {
        var options = TestData.SmallForecastOptions(); // Horizon 3, season 12, one exogenous column
        options.IncludeIntervals = true; options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        var fit = TestData.Series(400).Select(r => new SeriesPoint { Value = r.Value * 1e4f, Temperature = r.Temperature }).ToArray();
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(fit));
        // Rows 0–99 in the fitted units, then 10⁴ times smaller (a change of units), and rows 180–199 missing (a gap
        // longer than the pool's history of a season and 4 rows); a spike of 40 times the value at rows 60 and 240 (a
        // frozen pool observes a gross spike as missing, and so does the observation builder: they share the clean).
        var rows = TestData.Series(260, seed: 11, withMissing: false).Select((r, t) => new SeriesPoint
        {
            Value = (t is >= 180 and < 200 ? float.NaN : t < 100 ? r.Value * 1e4f : r.Value) * (t is 60 or 240 ? 40 : 1),
            Temperature = r.Temperature,
        }).ToArray();
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows));
        var expected = ServedForecasts.Columns.Select(c => TestData.Column(output, c)).ToArray();

        var (worst, _) = ServedForecasts.Compare(transformer, rows, expected, 3, "frozen-change");
        // The frozen model forecasts the new units after the change and after the gap (values 10–25 there).
        double mae = Enumerable.Range(220, 39).Where(t => t + 1 != 240).Average(t => Math.Abs(expected[0][t][0] - rows[t + 1].Value));
        TestContext.WriteLine($"max relative |C# - ONNX| = {worst:E2}; mean |one-step error| over rows 221-259 {mae:G4}");
        Assert.IsLessThan(2.0, mae);
        Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, worst, $"largest relative |C# − ONNX|: {worst:E2}");
    }

    [TestMethod]
    public void AFrozenModelAndItsExportComeBackFromARunOfGrossReadings()
    {
        // An outside audit of frozen serving: four readings of 1e30 (a sentinel) were confirmed as a change of units that
        // nothing undid, and the frozen transformer and the export forecast 10²⁸ and more for the rest of the series. A frozen
        // pool now observes such a run as missing values until it outlasts six rows (pool layout 40), and the observation
        // builder shares that clean.
        var options = TestData.SmallForecastOptions();
        options.IncludeIntervals = true; options.LearnDuringTransform = false; options.ResetStateOnTransform = true;   // as the export serves it
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(300, withMissing: false)));
        var clean = TestData.Series(260, seed: 11, withMissing: false);
        foreach (int rows in new[] { 3, 4, 6 })
        {
            var glitched = clean.Select((r, t) => new SeriesPoint { Value = t >= 100 && t < 100 + rows ? 1e30f : r.Value, Temperature = r.Temperature }).ToArray();
            var expected = ServedForecasts.Columns.Select(c => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(glitched)), c)).ToArray();
            var cleanForecasts = TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(clean)), "Forecast");
            double Mae(IReadOnlyList<float[]> f) => Enumerable.Range(120, 139).Average(t => Math.Abs(f[t][0] - clean[t + 1].Value));
            double glitchMae = Mae(expected[0]), cleanMae = Mae(cleanForecasts);
            var (worst, _) = ServedForecasts.Compare(transformer, glitched, expected, 3, "frozen-glitch");
            TestContext.WriteLine($"{rows} readings of 1e30: one-step MAE over rows 121-259 {glitchMae:G4} (clean {cleanMae:G4}); max relative |C# - ONNX| = {worst:E2}");
            Assert.IsLessThan(1.02 * cleanMae, glitchMae, $"{rows} readings (before: 1.019, 1.010 and 1.059 times the clean run's)");
            Assert.IsTrue(expected.All(c => c.Skip(100 + rows).All(r => r.All(float.IsFinite))), "finite forecasts and bounds after the run");
            Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, worst, $"largest relative |C# − ONNX|: {worst:E2}");
        }
    }
}
