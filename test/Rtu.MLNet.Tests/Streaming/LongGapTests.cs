using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The first value after a long gap (thousands of missing steps) is taken as it is: the forecast made before the gap
/// extrapolated the learned mean change over the whole gap, and a one-step outlier bound does not apply to it.
/// </summary>
[TestClass]
public sealed class LongGapTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    private static float Y(int hour) => (float)(10 + Math.Sin(2 * Math.PI * hour / 24));

    [TestMethod]
    [DataRow(1_000)]
    [DataRow(60_000)]
    public void AfterALongGapTheForecastFollowsTheNewValues(int gap)
    {
        var start = new DateTime(2020, 1, 1);
        var fitRows = Enumerable.Range(0, 500).Select(i => new TimedPoint { Time = start.AddHours(i), Value = Y(i) }).ToArray();
        var options = new RtuForecastingOptions { TimestampColumnName = "Time", SeasonLength = 0, Horizon = 1, ExogenousColumnNames = [] };
        var engine = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(fitRows)).CreateStreamingEngine();
        var forecast = new float[1];
        var errors = new List<double>();
        float previous = float.NaN;
        for (int k = 0; k < 24; k++)
        {
            int hour = 499 + gap + k;
            if (k > 0) errors.Add(Math.Abs(previous - Y(hour)));
            engine.Observe("s", start.AddHours(hour), Y(hour), [], forecast, learn: true);
            previous = forecast[0];
        }
        TestContext.WriteLine($"gap {gap}: first |error| {errors[0]:G4}, mean of the first 23 {errors.Average():G4}");
        // Before: the first value was cleaned against the drifted forecast (first |error| 2.6 at 1,000, 115.9 at 60,000).
        Assert.IsLessThan(0.5, errors[0]);
        Assert.IsLessThan(0.5, errors.Average());
    }
}
