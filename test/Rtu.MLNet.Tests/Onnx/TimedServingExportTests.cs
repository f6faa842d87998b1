using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A model fitted with a timestamp column, served from its ONNX graph: <see cref="RtuForecastObservations.MissingBefore(DateTime)"/>
/// tells the host the missing rows of a gap, served as the transformer fills them, so the served forecasts are the
/// transformer's.
/// </summary>
[TestClass]
public sealed class TimedServingExportTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void AHostThatServesTheGapsMissingRowsGetsTheTransformersForecasts()
    {
        var options = TimestampTests.Options();
        options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        var fit = TestData.Series(200, 7, withMissing: false)
            .Select((p, t) => new TimedPoint { Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value, Temperature = p.Temperature }).ToArray();
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(fit));
        // Monthly rows with two gaps (four months and two): the transformer fills each with missing values.
        var rows = TestData.Series(120, 11, withMissing: false)
            .Select((p, t) => new TimedPoint { Time = new DateTime(2020, 1, 31).AddMonths(t), Value = p.Value, Temperature = p.Temperature })
            .Where((_, t) => t is not (>= 40 and < 44) and not (>= 80 and < 82)).ToArray();
        var expected = TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "Forecast");

        string path = Path.Combine(Path.GetTempPath(), $"rtu-mlnet-timed-{Guid.NewGuid():N}.onnx");
        transformer.ExportToOnnx(path);
        try
        {
            double Serve(bool fillsGaps)
            {
                using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
                var history = new RtuForecastObservations(transformer, runner);
                var obs = new float[history.ObservationSize];
                var forecast = new float[history.Horizon];
                double worst = 0;
                long filled = 0;
                for (int t = 0; t < rows.Length; t++)
                {
                    long missing = history.MissingBefore(rows[t].Time);
                    filled += missing;
                    for (long g = 0; g < (fillsGaps ? missing : 0); g++)
                    {
                        history.Next(float.NaN, [rows[t].Temperature], obs);
                        runner.Step(obs);
                        history.ToForecast(runner.Output("prediction"), forecast);
                    }
                    history.Next(rows[t].Value, [rows[t].Temperature], obs);
                    runner.Step(obs);
                    history.ToForecast(runner.Output("prediction"), forecast);
                    for (int h = 0; h < forecast.Length; h++)
                        worst = Math.Max(worst, Math.Abs(expected[t][h] - forecast[h]) / Math.Max(1, Math.Abs(expected[t][h])));
                }
                Assert.AreEqual(4 + 2, filled, "the gaps' missing months");
                return worst;
            }
            double served = Serve(fillsGaps: true), rowsOnly = Serve(fillsGaps: false);
            TestContext.WriteLine($"largest relative |C# − ONNX|: gaps served {served:E2}, one row per value {rowsOnly:E2}");
            Assert.IsLessThanOrEqualTo(ServedForecasts.RelativeTolerance, served);
            Assert.IsGreaterThan(100 * ServedForecasts.RelativeTolerance, rowsOnly, "a host that ignores the gaps serves other forecasts");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void MissingBeforeSaysWhatIsWrong()
    {
        var untimed = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(60, withMissing: false)));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new RtuForecastObservations(untimed).MissingBefore(DateTime.UnixEpoch)).Message, "without a timestamp column");
        var options = TimestampTests.Options();
        var fit = TestData.Series(60, 7, withMissing: false)
            .Select((p, t) => new TimedPoint { Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value, Temperature = p.Temperature }).ToArray();
        var history = new RtuForecastObservations(Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(fit)));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => history.MissingBefore(5L)).Message, "dates");
        Assert.AreEqual(0, history.MissingBefore(new DateTime(2030, 1, 31)));
        Assert.AreEqual(2, history.MissingBefore(new DateTime(2030, 4, 30)), "February and March missing");
        var outOfOrder = Assert.ThrowsExactly<InvalidOperationException>(() => history.MissingBefore(new DateTime(2030, 2, 28))).Message;
        StringAssert.Contains(outOfOrder, "out of order: the served series got timestamp");
        // Reset starts the series afresh, its clock too (a review: the next series' first gap was counted from the last one's end).
        history.Reset();
        Assert.AreEqual(0, history.MissingBefore(new DateTime(2010, 1, 31)), "a new series that starts earlier");
        history.Reset();
        Assert.AreEqual(0, history.MissingBefore(new DateTime(2040, 1, 31)), "a new series that starts later");
    }
}
