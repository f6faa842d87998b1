using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The combination weights MAE^−4·MSE^−2 (pool layout 15, issue 13, seventeenth pass): MASE counts absolute errors, while
/// MSE^−4 weights, on a series with rare large spikes, favour members that hedge toward the spikes over one that
/// forecasts the typical value. Half the weights' sharpness now comes from the recent mean absolute error; a pool read
/// from a layout 1–14 file keeps MSE^−4 and continues as it was.
/// </summary>
[TestClass]
public sealed class ForecastPoolLossMatchedWeightTests
{
    public TestContext TestContext { get; set; } = null!;

    // Monthly-like values near 100 with a season and, on 8 % of the rows, a spike of up to +40 (about 40 typical errors).
    internal static double[] SpikySeasonal(int n, int seed)
    {
        var random = new Random(seed);
        var y = new double[n];
        for (int t = 0; t < n; t++)
        {
            double noise = random.NextDouble() + random.NextDouble() - 1;
            double spike = random.NextDouble() < 0.08 ? 40 * random.NextDouble() : 0;
            y[t] = 100 + 5 * Math.Sin(2 * Math.PI * t / 12) + noise + spike;
        }
        return y;
    }

    [TestMethod]
    public void OnASpikySeriesTheTypicalValueMemberCarriesMoreWeightThanSquaredErrorsWouldGiveIt()
    {
        // The RTU's slot holds a member that forecasts the typical value (the season without spikes): its absolute
        // errors are the smallest, but each spike costs it the most squared error, so MSE^−4 over the same members and
        // errors gives it less weight (and a combination with a larger mean absolute error) than MAE^−4·MSE^−2.
        var y = SpikySeasonal(600, 5);
        var pool = new ForecastPool(12, 1);
        int rtu = ForecastPool.MemberCount - 1;
        var model = new float[1]; var made = new float[1];
        var members = new double[ForecastPool.MemberCount];
        double shareNow = 0, shareSquared = 0, errorNow = 0, errorSquared = 0;
        int n = 0;
        double previousNow = double.NaN, previousSquared = double.NaN;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= 200) { errorNow += Math.Abs(y[t] - previousNow); errorSquared += Math.Abs(y[t] - previousSquared); n++; }
            model[0] = (float)(100 + 5 * Math.Sin(2 * Math.PI * (t + 1) / 12));
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            // The same members and errors weighted by MSE^−4 alone (the layout 1–14 rule).
            pool.WriteMemberForecasts(1, members);
            double sum = 0, weights = 0, rtuWeight = 0;
            for (int i = 0; i < ForecastPool.MemberCount; i++)
            {
                if (pool.Weight(1, i) <= 0) continue;
                double w = Math.Pow(pool.RecentSquaredError(1, i), -4);
                sum += w * members[i]; weights += w;
                if (i == rtu) rtuWeight = w;
            }
            previousNow = pool.UncorrectedForecast(1);
            previousSquared = sum / weights;
            if (t >= 200) { shareNow += pool.Weight(1, rtu); shareSquared += rtuWeight / weights; }
        }
        shareNow /= y.Length - 200; shareSquared /= y.Length - 200; errorNow /= n; errorSquared /= n;
        TestContext.WriteLine($"typical-value member's mean weight {shareNow:F3} (MSE^-4 on the same errors {shareSquared:F3}); MAE of the combination {errorNow:F4} ({errorSquared:F4})");
        Assert.IsGreaterThan(shareSquared + 0.1, shareNow, "more weight than squared errors give it");
        Assert.IsLessThan(errorSquared, errorNow, "and a smaller mean absolute error of the combination");
    }

    [TestMethod]
    public void TheAbsoluteErrorsAreSavedAndTheCopyContinuesBitForBit()
    {
        var y = SpikySeasonal(400, 7);
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var a = new float[3]; var b = new float[3];
        for (int t = 0; t < 300; t++) f.Observe(y[t], default, true, a, default);
        var copy = f.Clone();
        for (int h = 1; h <= 3; h++)
            for (int i = 0; i < ForecastPool.MemberCount; i++)
                Assert.AreEqual(f.Pool.RecentAbsoluteError(h, i), copy.Pool.RecentAbsoluteError(h, i), $"h={h}, member {i}");
        Assert.IsGreaterThan(0.0, copy.Pool.RecentAbsoluteError(1, 0), "the naive member was scored");
        for (int t = 300; t < 400; t++)
        {
            f.Observe(y[t], default, true, a, default);
            copy.Observe(y[t], default, true, b, default);
            CollectionAssert.AreEqual(a, b, $"t={t}");
        }
    }

    [TestMethod]
    public void AForecasterSavedWithSquaredErrorWeightsLoadsAndContinuesBitForBit()
    {
        // Written by main @346d1ca (forecast pool layout 14, weights MSE^−4), season 12, horizon 3, after 300 rows of
        // SpikySeasonal(400, 11), and its RTU's and combined forecasts over the next 40 rows. It loads weighting by the
        // squared errors alone, so both are the stored ones bit for bit; saved again (the current layout) it keeps that rule.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout14", SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
    }
}
