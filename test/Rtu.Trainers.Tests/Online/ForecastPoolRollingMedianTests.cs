using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Pool layout 30: without a season, the median of the last 25 values (<see cref="RollingMedian"/>) in the slot that holds
/// the M4 Comb with a season (member 3), combined as every member is.
/// </summary>
[TestClass]
public sealed class ForecastPoolRollingMedianTests
{
    private static readonly int Member = ForecastPoolCombTests.Comb;

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void WithoutASeasonTheMemberIsTheMedianOfTheCleanedValues(int horizon)
    {
        // At every row and horizon the member is the median alone on the values the pool observed (spikes cleaned).
        var y = IntegratedSeries.Drifting(200, 8, 0.3).Select((v, t) => t % 37 == 20 ? v + 400 : v).ToArray();
        var alone = new RollingMedian();
        int forecastRows = PoolMemberChecks.AssertForecastsAsAlone(new ForecastPool(1, horizon), Member, y, horizon,
            alone.Update, p => Array.Fill(p, alone.Forecast()));
        Assert.IsGreaterThan(190, forecastRows);
    }

    [TestMethod]
    public void ItIsScoredAndCarriesWeightOnASeriesOfRareBursts()
    {
        // Yearly volcanic deaths (heldout3): mostly small, with rare bursts of thousands. The median is what the series is
        // most years, and it takes a share of the one-step weight.
        var y = RealSeries.HeldOut("heldout3", "disasters_volcanic_deaths.csv");
        var pool = new ForecastPool(1, 1);
        var model = new float[] { float.NaN };
        var forecast = new float[1];
        double weight = 0;
        int rows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, forecast);
            if (t >= y.Length / 2) { weight += pool.Weight(1, Member); rows++; }
        }
        Assert.IsGreaterThan(0.0, pool.RecentSquaredError(1, Member), "scored");
        Assert.IsGreaterThan(0.05, weight / rows, "its mean one-step weight over the second half");
    }

    [TestMethod]
    public void APoolOfLayout29ContinuesWithoutItAndWithItsPriors()
    {
        // A file written before layout 30 has no median: its pool continues as it was, the slot empty (and layout 29's
        // priors weighing the members); a series started afresh gets it.
        var y = IntegratedSeries.Stationary(150, 4);
        var fresh = new ForecastPool(1, 2);
        var older = OlderPoolLayouts.ReadAs(fresh, 29, 1, 2);
        PoolMemberChecks.AssertSlotStaysEmpty(older, Member, y, 2);
        older.Reset();
        var members = new double[ForecastPool.MemberCount];
        var model = new float[] { float.NaN, float.NaN };
        var forecast = new float[2];
        foreach (double v in y[..10]) { older.Observe(older.Clean(v, learn: true), learn: true); older.Combine(model, forecast); }
        older.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsFinite(members[Member]), "started afresh: the median");
    }

    [TestMethod]
    public void AFileWithAMedianInASeasonalPoolIsRefused()
    {
        // No pool writes one: the member is given to a seasonal pool by reflection before saving (a hostile file).
        var pool = new ForecastPool(12, 2);
        foreach (double v in IntegratedSeries.Drifting(60, 2, 0.1)) pool.Observe(pool.Clean(v + 50, learn: true), learn: true);
        typeof(ForecastPool).GetField("_median", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.SetValue(pool, new RollingMedian());
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        ms.Position = 0;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 2).Load(new BinaryReader(ms)));
        StringAssert.Contains(e.Message, "rolling median");
    }
}
