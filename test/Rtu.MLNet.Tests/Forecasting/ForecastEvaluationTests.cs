using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class ForecastEvaluationTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void MetricsAreAlignedToTheirTargetsAndMatchAHandComputation()
    {
        // y = 0, 1, 2, …, 9 with season 2; two-step forecasts made at t are t + 2 + 0.5 (error 0.5 everywhere);
        // the seasonal naive of target t + 2 is y_t: error 2. Intervals ±1 around the forecast hold every target.
        float[] y = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var forecasts = y.Select((_, t) => new float[] { float.NaN, t + 2.5f }).ToArray<float[]?>();
        var lower = forecasts.Select(f => new[] { 0f, f![1] - 1 }).ToArray<float[]?>();
        var upper = forecasts.Select(f => new[] { 0f, f![1] + 1 }).ToArray<float[]?>();
        var m = Ml.Forecasting.EvaluateForecasts(y, forecasts, horizon: 2, seasonLength: 2, lower, upper, level: 0.95);
        Assert.AreEqual(8, m.Count);
        Assert.AreEqual(0.5, m.Mae, 1e-12);
        Assert.AreEqual(0.5, m.Rmse, 1e-12);
        Assert.AreEqual(0.25, m.Mase, 1e-12);
        Assert.AreEqual(2.0, m.SeasonalNaiveMae, 1e-12);
        Assert.AreEqual(2.0, Ml.Forecasting.EvaluateForecasts(y, forecasts, horizon: 2).SeasonalNaiveMae, 1e-12, "season 1: the naive forecast's MAE");
        Assert.AreEqual(1.0, m.Coverage, 1e-12);
        Assert.AreEqual(2.0 / 2.0, m.Msis, 1e-12);   // width 2 / seasonal-naive MAE 2
        double smape = Enumerable.Range(2, 8).Average(a => 200 * 0.5 / (a + a + 0.5));
        Assert.AreEqual(smape, m.Smape, 1e-9);

        // A target outside its interval is penalised by 2/α times the distance: all intervals shifted up by 1.5.
        var high = lower.Select(l => new[] { 0f, l![1] + 1.5f }).ToArray<float[]?>();
        var highUp = upper.Select(u => new[] { 0f, u![1] + 1.5f }).ToArray<float[]?>();
        var shifted = Ml.Forecasting.EvaluateForecasts(y, forecasts, 2, 2, high, highUp, 0.95);
        Assert.AreEqual(0.0, shifted.Coverage, 1e-12);
        Assert.AreEqual((2 + 40 * 1.0) / 2.0, shifted.Msis, 1e-9);   // [A + 1, A + 3]: width 2, distance 1
        Assert.IsTrue(double.IsNaN(Ml.Forecasting.EvaluateForecasts(y, forecasts, 2, 2).Coverage));
        Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(y, forecasts.Take(5).ToArray(), 2, 2));
    }

    [TestMethod]
    public void AScaleOfZeroLeavesTheScaledErrorsUndefinedAndTheOthersFinite()
    {
        // A constant series: the seasonal naive is exact, so MASE and MSIS have no scale. Exact forecasts give 0/0 = NaN,
        // others +inf; MAE, RMSE and sMAPE stay what they are.
        float[] y = Enumerable.Repeat(5f, 12).ToArray();
        var exact = y.Select(v => new[] { v }).ToArray<float[]?>();
        var off = y.Select(v => new[] { v + 1 }).ToArray<float[]?>();
        var band = y.Select(v => new[] { v - 1 }).ToArray<float[]?>();
        var a = Ml.Forecasting.EvaluateForecasts(y, exact, lower: band, upper: off);
        Assert.AreEqual(0, a.Mae);
        Assert.IsTrue(double.IsNaN(a.Mase));
        Assert.IsTrue(double.IsPositiveInfinity(a.Msis), "the interval has a width but the scale is 0");
        var b = Ml.Forecasting.EvaluateForecasts(y, off);
        Assert.AreEqual(1, b.Mae, 1e-12);
        Assert.AreEqual(1, b.Rmse, 1e-12);
        Assert.IsTrue(double.IsPositiveInfinity(b.Mase));
    }

    [TestMethod]
    public void RowsWhoseIntervalIsNotYetKnownAreSkippedLikeRowsWithoutAForecast()
    {
        // Found by the outside-in audit: the transformer's interval columns are NaN until a horizon has 5 scored
        // forecasts, so passing them straight to the evaluator (season 1) gave Coverage and MSIS NaN. Those rows are now
        // skipped, and every metric is computed on the same rows (Count).
        float[] y = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var forecasts = y.Select((_, t) => new float[] { float.NaN, t + 2.5f }).ToArray<float[]?>();
        var lower = forecasts.Select((f, t) => new[] { 0f, t < 3 ? float.NaN : f![1] - 1 }).ToArray<float[]?>();
        var upper = forecasts.Select((f, t) => new[] { 0f, t == 0 ? float.NaN : f![1] + 1 }).ToArray<float[]?>();
        var m = Ml.Forecasting.EvaluateForecasts(y, forecasts, horizon: 2, seasonLength: 2, lower, upper, level: 0.95);
        Assert.AreEqual(5, m.Count, "targets of rows 3..7");
        Assert.AreEqual(0.5, m.Mae, 1e-12);
        Assert.AreEqual(0.25, m.Mase, 1e-12);
        Assert.AreEqual(1.0, m.Coverage, 1e-12);
        Assert.AreEqual(1.0, m.Msis, 1e-12);

        // The transformer's own columns of a prequential run (an Initialize'd model, no season): finite metrics.
        var rows = TestData.Series(120, withMissing: false);
        var options = new RtuForecastingOptions { Horizon = 1, SeasonLength = 1, Units = 4, IncludeIntervals = true };
        var output = Ml.Forecasting.ForecastByRtu(options).Initialize(Ml.Data.LoadFromEnumerable(rows).Schema).Transform(Ml.Data.LoadFromEnumerable(rows));
        var scored = Ml.Forecasting.EvaluateForecasts(rows.Select(r => r.Value).ToArray(), TestData.Column(output, "Forecast"), 1, 1,
            TestData.Column(output, "ForecastLower95"), TestData.Column(output, "ForecastUpper95"), 0.95);
        Assert.IsTrue(double.IsFinite(scored.Coverage) && double.IsFinite(scored.Msis), $"coverage {scored.Coverage}, MSIS {scored.Msis}");
        Assert.IsGreaterThan(100, scored.Count);
    }
}
