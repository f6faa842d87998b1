using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// On a series positive throughout, a combined forecast of 0 or below is taken from the members above 0 alone (pool
/// layout 32, <see cref="ForecastPool.CombinesAboveZero"/>).
/// </summary>
[TestClass]
public sealed class ForecastPoolAboveZeroTests
{
    // An outside audit's epidemic wave in daily counts (Data/epidemic-peak-decline-negbin.csv, its generator in the
    // sixty-fourth pass's notes): a rise of 20 % a day from 5 to about 800,000 at row 60, then a fall of 8 % a day, in
    // negative-binomial counts (size 30: about 18 % noise at high counts, as real case counts).
    internal static double[] PeakAndDecline() =>
        File.ReadLines(Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data", "epidemic-peak-decline-negbin.csv"))
            .Skip(1).Select(line => double.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [TestMethod]
    public void TheDeclineAfterATallPeakIsNotForecast0()
    {
        // Before (layout 31), the members that carry a straight trend on went below 0 on the decline, the weights still
        // ruled by the peak's errors kept them, and the forecasts were clipped to 0 for values in the hundreds: 41 one-step
        // forecasts of 0 from row 155 on (the app, daily season 7), MAE over rows 140–199 161.8 against the naive
        // forecast's 54.4. Now every forecast is above 0, and the MAE is 112.
        var y = PeakAndDecline();
        var made = ForecasterAlone.OneStep(y, 7);
        int zeros = Enumerable.Range(100, y.Length - 100).Count(t => made[t] <= 0);
        double error = Enumerable.Range(140, 60).Average(t => Math.Abs(y[t] - made[t - 1]));
        Console.WriteLine($"forecasts ≤ 0 from row 100: {zeros}; MAE rows 140–199 {error:F1}");
        Assert.AreEqual(0, zeros);
        Assert.IsLessThan(130, error);
    }

    [TestMethod]
    public void ASeriesThatHasBeenAt0KeepsItsCombination()
    {
        // Once a value of 0 has been seen the series is no longer positive throughout: a forecast of 0 may be right
        // (intermittent demand), and the combination is the weighted mean of all members, clipped at 0, as before.
        var y = PeakAndDecline();
        y[30] = 0;
        var (_, _, pool) = PoolAlone.Run(y[..100], 7);
        Assert.IsFalse(pool.Positive);
        var old = OlderPoolLayouts.ReadAs(pool, 31, 7, 1);
        var model = new float[] { float.NaN };
        float[] a = new float[1], b = new float[1];
        for (int t = 100; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a);
            old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, b);
            Assert.AreEqual(b[0], a[0], $"t={t}");
        }
    }
}
