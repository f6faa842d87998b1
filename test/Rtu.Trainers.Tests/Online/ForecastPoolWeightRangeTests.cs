using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The combination weights MAE^−4·MSE^−2 go as the series' units to the power −8: taken in unit 1, a series in units near
/// 10^−37 summed them past the largest double (every forecast 0, or a member left out as if its weight were infinite).
/// They are now taken in a unit near the best member's error measure (<see cref="MemberScores.ReferenceExponent"/>), a
/// power of 2, which changes no forecast of a series in ordinary units.
/// </summary>
[TestClass]
public sealed class ForecastPoolWeightRangeTests
{
    public TestContext TestContext { get; set; } = null!;

    // One-step and h-step forecasts of y made by a forecaster of season `season` (row t: the forecasts made after y[t]).
    private static float[][] Forecasts(double[] y, int season, int horizon)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = season, Learner = new RtuLearnerSettings { Horizon = horizon } });
        var made = new float[y.Length][];
        for (int t = 0; t < y.Length; t++) { made[t] = new float[horizon]; f.Observe(y[t], default, true, made[t], default); }
        return made;
    }

    [TestMethod]
    public void ASeriesInUnitsNearTheSmallestFloatsIsForecastAsInOrdinaryUnits()
    {
        // The same series in units of 2^−126 (about 1.2·10^−38, the smallest normal float): before, most rows held a
        // forecast of exactly 0 for a positive series.
        var random = new Random(11);
        var y = Enumerable.Range(0, 120).Select(t => 10 + Math.Sin(2 * Math.PI * t / 12) + 0.01 * t + 0.3 * random.NextDouble()).ToArray();
        double unit = Math.ScaleB(1, -126);
        var ordinary = Forecasts(y, 12, 3);
        var tiny = Forecasts(y.Select(v => (double)(float)(v * unit)).ToArray(), 12, 3);
        double a = 0, b = 0;
        for (int t = 24; t + 3 < y.Length; t++)
            for (int h = 1; h <= 3; h++)
            {
                Assert.IsGreaterThan(0f, tiny[t][h - 1], $"row {t}, h = {h}: a forecast of a positive series");
                a += Math.Abs(tiny[t][h - 1] / unit - y[t + h]); b += Math.Abs(ordinary[t][h - 1] - y[t + h]);
            }
        TestContext.WriteLine($"MAE in units of 2^-126 {a:G4} against {b:G4} in ordinary units (sums over the rows)");
        Assert.AreEqual(1, a / b, 0.05, "the same accuracy in either unit");
    }
}
