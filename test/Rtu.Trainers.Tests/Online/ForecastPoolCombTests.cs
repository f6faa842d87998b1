using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Pool layout 24: with a season, the M4 Comb on y (<see cref="FittedComb"/>) in the slot the damped Holt left (member 3),
/// combined as every member is; without a season that slot holds the rolling median since layout 30
/// (<see cref="ForecastPoolRollingMedianTests"/>). Layout 25: its Holt fit is the d = 2 member's.
/// </summary>
[TestClass]
public sealed class ForecastPoolCombTests
{
    /// <summary>The member's index, by its name (the damped Holt's old slot): the one place the tests look it up.</summary>
    internal static readonly int Comb = ForecastPool.MemberNames.ToList().IndexOf("M4 Comb (fitted, with a season; without one: rolling median; damped Holt in layouts 1-8)");

    [TestMethod]
    [DataRow(4)]
    [DataRow(12)]
    [DataRow(52)]
    public void WithASeasonTheCombForecastsAsItsFitsAloneOnTheCleanedValues(int season)
    {
        // At every row and horizon the member is the Comb run alone on the values the pool observed (not seasonally
        // adjusted), for short and long seasons alike; CO2's monthly values given a season of 4, 12 or 52.
        var y = RealSeries.Co2()[..200];
        var pool = new ForecastPool(season, 3);
        var alone = new FittedComb(3);
        int forecastRows = PoolMemberChecks.AssertForecastsAsAlone(pool, Comb, y, 3, v => alone.Update(v, learn: true), p => alone.Forecast(p));
        Assert.IsGreaterThan(190, forecastRows);
        Assert.IsGreaterThan(0.0, pool.RecentSquaredError(1, Comb), "scored");
    }

    [TestMethod]
    public void OnAMonthlyPriceWithoutASeasonInItsValuesTheCombCarriesWeight()
    {
        // A random walk with drift given a season of 12 (a monthly price): the trend methods fit, the seasonal ones add
        // noise, and the Comb takes a share of the one-step weight.
        var y = IntegratedSeries.Drifting(240, 6, 0.4).Select(v => v + 500).ToArray();
        var pool = new ForecastPool(12, 1);
        var model = new float[1]; Array.Fill(model, float.NaN);
        var forecast = new float[1];
        double weight = 0;
        for (int t = 0; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, forecast);
            if (t >= 120) weight += pool.Weight(1, Comb);
        }
        Assert.IsGreaterThan(0.05, weight / 120, "the Comb's mean one-step weight over rows 120–239");
    }

    [TestMethod]
    public void AFileWithACombButNoD2MemberIsRefused()
    {
        // Since layout 25 the Comb's Holt fit is the d = 2 member's, so a file holding a Comb without that member is damaged.
        // No pool writes one: the member is taken away by reflection before saving (a hostile file), and the load refuses it.
        var pool = new ForecastPool(12, 2);
        var y = IntegratedSeries.Drifting(80, 7, 0.3).Select(v => v + 100).ToArray();
        foreach (double v in y) pool.Observe(pool.Clean(v, learn: true), learn: true);
        typeof(ForecastPool).GetField("_linearTrend", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.SetValue(pool, null);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        ms.Position = 0;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 2).Load(new BinaryReader(ms)));
        StringAssert.Contains(e.Message, "d = 2 member");
    }
}
