using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Pool layout 27: h steps ahead the members' recent errors forget over 25·h scored forecasts
/// (<see cref="ForecastPool.WindowAt"/>), since an h-step error overlaps the h − 1 before it; a pool read from a layout
/// 1–26 file keeps 25 at every horizon.
/// </summary>
[TestClass]
public sealed class ForecastPoolHorizonWindowTests
{
    [TestMethod]
    public void TheWindowIs25ScoresPerStepOfTheHorizon()
    {
        var pool = new ForecastPool(24, 48, 168);
        CollectionAssert.AreEqual(new[] { 25.0, 50, 150, 300, 1200 }, new[] { 1, 2, 6, 12, 48 }.Select(pool.WindowAt).ToArray());
        var older = OlderPoolLayouts.ReadAs(new ForecastPool(24, 48, 168), 26, 24, 48);
        Assert.AreEqual(25.0, older.WindowAt(48), "a layout-26 pool keeps 25");
        older.Reset();
        Assert.AreEqual(1200.0, older.WindowAt(48), "started afresh, it takes the current windows");
    }

    [TestMethod]
    public void OnLoadWithAWeekendShapeTheDayAheadCombinationGains()
    {
        // The half-hourly load of the second season's tests, 48 steps ahead over weeks 3–5: with 25 errors (half a day)
        // the weights followed whichever member the last half day favoured; with 1,200 they settle on the members that are
        // better over days. One step ahead the two pools forecast alike.
        var (with, made) = ForecastPoolSecondSeasonalArimaTests.DayAhead(new ForecastPool(48, 48, 336));
        var (before, madeBefore) = ForecastPoolSecondSeasonalArimaTests.DayAhead(OlderPoolLayouts.ReadAs(new ForecastPool(48, 48, 336), 26, 48, 48));
        TestContext.WriteLine($"48-step MAE over weeks 3–5: windows by horizon {with:F3}, 25 throughout {before:F3}");
        Assert.IsLessThan(0.97 * before, with);
        for (int t = 0; t < made.Length; t++) Assert.AreEqual(madeBefore[t][0], made[t][0], $"t={t}");
    }

    public TestContext TestContext { get; set; } = null!;
}
