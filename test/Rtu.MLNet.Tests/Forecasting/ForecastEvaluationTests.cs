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
        // Rows too few for any seasonal-naive value (a few new readings per series, scored alone): the message says so.
        var few = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(y.Take(12).ToArray(), forecasts.Take(12).ToArray(), horizon: 2, seasonLength: 12));
        StringAssert.Contains(few.Message, "No series in the view spans more than 10 step(s), and a target's seasonal-naive value is the value 12 step(s) before it");
        StringAssert.DoesNotMatch(Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(y, y.Select(_ => (float[]?)null).ToArray(), 2, 2)).Message,
            new System.Text.RegularExpressions.Regex("spans"), "rows enough, forecasts none: no word about length");
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
    public void AnInfiniteForecastOrBoundIsScoredNotSkipped()
    {
        // A diverged forecast (±∞) was skipped as if missing, so a model that blew up on one row scored a MASE of 0 here,
        // where 1000 in its place scores 199.2 (an outside audit). It is scored: the errors are infinite.
        float[] y = [1, 2, 3, 4, 5, 6];
        float[]?[] Forecasts(float third) => [[2], [3], [third], [5], [6], null];
        var finite = Ml.Forecasting.EvaluateForecasts(y, Forecasts(1000));
        Assert.AreEqual((5, 199.2), (finite.Count, Math.Round(finite.Mase, 6)));
        var diverged = Ml.Forecasting.EvaluateForecasts(y, Forecasts(float.PositiveInfinity));
        Assert.AreEqual(5, diverged.Count, "the infinite forecast's row is scored");
        Assert.IsTrue(double.IsPositiveInfinity(diverged.Mae) && double.IsPositiveInfinity(diverged.Rmse) && double.IsPositiveInfinity(diverged.Mase));
        Assert.AreEqual(200.0 / 5, diverged.Smape, 1e-12, "its sMAPE term is 200, the largest a row can have");
        Assert.AreEqual(5, Ml.Forecasting.EvaluateForecasts(y, Forecasts(float.NaN)).Count + 1, "a NaN forecast is missing: skipped");

        // An infinite interval covers its target, and its width makes the MSIS infinite; [∞, ∞] misses it infinitely.
        float[]?[] f = [[2], [3], [4], [5], [6], null];
        float[]?[] lower = [[1], [2], [float.NegativeInfinity], [4], [5], null], upper = [[3], [4], [float.PositiveInfinity], [6], [7], null];
        var wide = Ml.Forecasting.EvaluateForecasts(y, f, lower: lower, upper: upper);
        Assert.AreEqual((5, 1.0), (wide.Count, wide.Coverage));
        Assert.IsTrue(double.IsPositiveInfinity(wide.Msis));
        lower[2] = [float.PositiveInfinity]; upper[2] = [float.PositiveInfinity];
        var beyond = Ml.Forecasting.EvaluateForecasts(y, f, lower: lower, upper: upper);
        Assert.AreEqual(0.8, beyond.Coverage, 1e-12);
        Assert.IsTrue(double.IsPositiveInfinity(beyond.Msis));
    }

    [TestMethod]
    public void SwappedIntervalBoundsAreRefusedNamingTheRow()
    {
        // Lower above upper scored a coverage of 0 and an MSIS of a negative width without a word.
        float[] y = Enumerable.Range(0, 12).Select(t => (float)t).ToArray();
        var forecasts = y.Select(v => new[] { v }).ToArray<float[]?>();
        var below = y.Select(v => new[] { v - 1 }).ToArray<float[]?>();
        var above = y.Select(v => new[] { v + 1 }).ToArray<float[]?>();
        Assert.AreEqual(1, Ml.Forecasting.EvaluateForecasts(y, forecasts, lower: below, upper: above).Coverage);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(y, forecasts, lower: above, upper: below));
        StringAssert.Contains(e.Message, "made at row 0");
        StringAssert.Contains(e.Message, "swapped");
        below[3] = [float.NaN];   // a bound not known yet is skipped, not refused
        Assert.AreEqual(1, Ml.Forecasting.EvaluateForecasts(y, forecasts, lower: below, upper: above).Coverage);
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

    public sealed class KeyedValue { public string Sensor { get; set; } = ""; public float Value { get; set; } }

    [TestMethod]
    public void AScoredDataViewIsEvaluatedAsItsArraysAre()
    {
        // ML.NET's evaluators take an IDataView: the transformer's output scores as its columns do as arrays.
        var rows = TestData.Series(120, withMissing: true);
        var options = new RtuForecastingOptions { Horizon = 2, SeasonLength = 12, Units = 4, IncludeIntervals = true };
        var output = Ml.Forecasting.ForecastByRtu(options).Initialize(Ml.Data.LoadFromEnumerable(rows).Schema).Transform(Ml.Data.LoadFromEnumerable(rows));
        float[] y = rows.Select(r => r.Value).ToArray();
        foreach (int h in new[] { 1, 2 })
        {
            var fromArrays = Ml.Forecasting.EvaluateForecasts(y, TestData.Column(output, "Forecast"), h, 12,
                TestData.Column(output, "ForecastLower80"), TestData.Column(output, "ForecastUpper80"), 0.8);
            var fromView = Ml.Forecasting.EvaluateForecasts(output, "Value", "Forecast", h, 12,
                lowerColumnName: "ForecastLower80", upperColumnName: "ForecastUpper80", level: 0.8);
            Assert.AreEqual(fromArrays, fromView);
            Assert.AreEqual(fromArrays.SeasonalNaiveMae, fromView.SeasonalNaiveMae);
            Assert.AreEqual(Ml.Forecasting.EvaluateForecasts(y, TestData.Column(output, "Forecast"), h, 12), Ml.Forecasting.EvaluateForecasts(output, "Value", horizon: h, seasonLength: 12));
        }

        // Keyed rows are aligned within each series and pooled: two interleaved series score as their sums.
        var a = TestData.Series(80, seed: 3, withMissing: false);
        var b = TestData.Series(60, seed: 4, withMissing: false);
        var keyed = new List<KeyedValue>();
        for (int t = 0; t < 80; t++)
        {
            keyed.Add(new KeyedValue { Sensor = "a", Value = a[t].Value });
            if (t < 60) keyed.Add(new KeyedValue { Sensor = "b", Value = 10 * b[t].Value });
        }
        var keyedOptions = new RtuForecastingOptions { SeasonLength = 4, Units = 4, SeriesKeyColumnName = "Sensor" };
        var keyedOut = Ml.Forecasting.ForecastByRtu(keyedOptions).Initialize(Ml.Data.LoadFromEnumerable(keyed).Schema).Transform(Ml.Data.LoadFromEnumerable(keyed));
        var made = TestData.Column(keyedOut, "Forecast");
        var ma = Ml.Forecasting.EvaluateForecasts(a.Select(p => p.Value).ToArray(), made.Where((_, i) => keyed[i].Sensor == "a").ToArray(), 1, 4);
        var mb = Ml.Forecasting.EvaluateForecasts(b.Select(p => 10 * p.Value).ToArray(), made.Where((_, i) => keyed[i].Sensor == "b").ToArray(), 1, 4);
        var pooled = Ml.Forecasting.EvaluateForecasts(keyedOut, "Value", seasonLength: 4, seriesKeyColumnName: "Sensor");
        Assert.AreEqual(ma.Count + mb.Count, pooled.Count);
        Assert.AreEqual((ma.Mae * ma.Count + mb.Mae * mb.Count) / pooled.Count, pooled.Mae, 1e-9 * pooled.Mae);
        Assert.AreEqual(ma.Mae * ma.Count + mb.Mae * mb.Count, pooled.Mase * (ma.SeasonalNaiveMae * ma.Count + mb.SeasonalNaiveMae * mb.Count), 1e-9 * pooled.Mae * pooled.Count);
        var unkeyed = Ml.Forecasting.EvaluateForecasts(keyedOut, "Value", seasonLength: 4);
        Assert.AreNotEqual(pooled.Mae, unkeyed.Mae, "read as one series the interleaved rows are aligned wrongly");

        // Wrong columns are named.
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(output, "Sales")).Message, "column 'Sales' was not found");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(output, "Forecast")).Message, "must be Single");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(output, "Value", "Value")).Message, "must be a vector of Single");
        Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(output, "Value", lowerColumnName: "ForecastLower80"));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.EvaluateForecasts(output, "Value", horizon: 3)).Message, "fewer than the horizon 3");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.EvaluateForecasts(output, "Value", seriesKeyColumnName: "Nope")).Message, "'Nope'");
    }
}
