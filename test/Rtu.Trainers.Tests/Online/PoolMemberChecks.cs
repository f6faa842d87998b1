using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Checks of one forecast-pool member against the model it is, run alone on the values the pool observed.</summary>
internal static class PoolMemberChecks
{
    /// <summary>
    /// Runs <paramref name="pool"/> over <paramref name="y"/> (cleaned, observed, combined without an RTU forecast) and
    /// asserts that at every row and horizon member <paramref name="member"/>'s forecast is the one <paramref name="alone"/>
    /// makes (float precision) after <paramref name="update"/> with the same cleaned value; returns the rows at which it
    /// made a finite one-step forecast.
    /// </summary>
    public static int AssertForecastsAsAlone(ForecastPool pool, int member, IReadOnlyList<double> y, int horizon, Action<double> update, Action<double[]> alone)
    {
        var model = new float[horizon]; Array.Fill(model, float.NaN);
        var forecast = new float[horizon];
        var members = new double[ForecastPool.MemberCount];
        var path = new double[horizon];
        int forecastRows = 0;
        for (int t = 0; t < y.Count; t++)
        {
            double cleaned = pool.Clean(y[t], learn: true);
            pool.Observe(cleaned, learn: true);
            pool.Combine(model, forecast);
            update(cleaned);
            alone(path);
            for (int h = 1; h <= horizon; h++)
            {
                pool.WriteMemberForecasts(h, members);
                Assert.AreEqual((float)path[h - 1], (float)members[member], $"t={t}, h={h}");
            }
            if (double.IsFinite(path[0])) forecastRows++;
        }
        return forecastRows;
    }

    /// <summary>Runs <paramref name="pool"/> over <paramref name="y"/> and asserts member <paramref name="member"/> never forecasts nor is scored.</summary>
    public static void AssertSlotStaysEmpty(ForecastPool pool, int member, IReadOnlyList<double> y, int horizon)
    {
        var model = new float[horizon]; Array.Fill(model, float.NaN);
        var forecast = new float[horizon];
        var members = new double[ForecastPool.MemberCount];
        for (int t = 0; t < y.Count; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, forecast);
            pool.WriteMemberForecasts(1, members);
            Assert.IsTrue(double.IsNaN(members[member]), $"t={t}");
        }
        Assert.AreEqual(0.0, pool.RecentSquaredError(1, member));
    }
}
