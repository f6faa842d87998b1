using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The clean's scale on a positive series (pool layout 16): the larger of the mean absolute one-step error s and the
/// mean relative error |y − ŷ|/ŷ times the forecast, so that a series growing in proportion is not cleaned toward
/// forecasts its errors have outgrown, while a spike that is an outlier in both is cleaned as before.
/// </summary>
[TestClass]
public sealed class ForecastPoolRelativeCleanTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void PricesThroughAHyperinflationAreNotCleanedTowardForecastsTheyHaveOutgrown()
    {
        // ArgentinaCPI: judged by the absolute scale alone, 1975–76's accelerating prices were cleaned (row 27: 131.7 entered
        // the members as 251.6), three of them were confirmed as a level shift of −319 that left the early values negative,
        // and the multiplicative members stayed off for good. Measured (pool alone, one step): rows cleaned 22 → 2 (the
        // jump of 1975 and the 1989 quarter that grew ×6.6), mean relative one-step error from row 12 on 0.329 → 0.116,
        // against 0.249 for the naive forecast; the forecaster (RTU and pool) one-step MASE on the fourth held-out set's
        // rows 0.867 → 0.410 (naive 0.550, ETS 0.473).
        double[] y = RealSeries.ArgentinaCpi();
        var (cleaned, forecasts, pool) = PoolAlone.Run(y, 4);
        double pooled = 0, naive = 0;
        int n = 0;
        for (int t = 12; t < y.Length; t++) { pooled += Math.Abs(y[t] - forecasts[t]) / y[t]; naive += Math.Abs(y[t] - y[t - 1]) / y[t]; n++; }
        pooled /= n; naive /= n;
        TestContext.WriteLine($"rows cleaned: {cleaned.Count} ({string.Join(", ", cleaned)}); mean relative one-step error from row 12: pool {pooled:F4}, naive {naive:F4}");
        Assert.IsLessThanOrEqualTo(6, cleaned.Count, "only the rare values that are outliers in proportion too are cleaned");
        Assert.IsLessThan(naive, pooled, "the pool beats the naive forecast in proportion");
        int multiplicative = ForecastPool.MemberNames.ToList().IndexOf("learned multiplicative Holt-Winters");
        Assert.IsGreaterThan(0.0, pool.Weight(1, multiplicative), "the multiplicative members stay in the combination");
    }

    [TestMethod]
    public void AForecasterSavedWithTheAbsoluteCleanLoadsAndContinuesBitForBit()
    {
        // Written by main @2c44a49 (forecast pool layout 15: the clean judges by s alone), season 12, horizon 3, after 300
        // rows of SpikySeasonal(400, 11), with its RTU's and combined forecasts over the next 40 rows. It loads judging by
        // s alone, so both are the stored ones bit for bit; saved again (layout 16) it keeps that rule.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout15", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
    }
}
