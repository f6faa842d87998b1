using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// With a season, before the seasonal naive forecast has been scored h &gt; 1 steps ahead, the h-step forecast is the
/// seasonal naive one moved halfway toward the one-step forecast's level (pool layout 33,
/// <see cref="ForecastPool.EarlySeasonalMove"/>).
/// </summary>
[TestClass]
public sealed class ForecastPoolEarlySeasonalTests
{
    private const int Season = 12, Horizon = 6;

    // A monthly trend of 2 a month with a small season and noise: a season back lies 24 below the level.
    private static double[] Trend(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 40).Select(t => 50 + 2.0 * t + 5 * Math.Sin(2 * Math.PI * t / Season) + rng.NextDouble() - 0.5).ToArray();
    }

    // The six-step forecasts made at every row from `from` on, by `pool` (which has observed the rows before `from`).
    private static double[] SixSteps(ForecastPool pool, double[] y, int from)
    {
        var model = Enumerable.Repeat(float.NaN, Horizon).ToArray();
        var made = new float[Horizon];
        var six = new double[y.Length];
        Array.Fill(six, double.NaN);
        for (int t = from; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            six[t] = made[Horizon - 1];
        }
        return six;
    }

    [TestMethod]
    public void TheEarlySixStepForecastFollowsTheLevelHalfway()
    {
        // Before (layout 32) the six-step forecasts made at origins 6–13, before the seasonal naive had been scored three
        // times six steps ahead, were the seasonal naive forecast itself: a year behind the trend, 24 below. Now those
        // from origin 11 on, where the one-step seasonal naive exists, are moved halfway to the level the one-step
        // forecast sees: MAE over origins 6–13 24.1 → 19.5 (seeds 1–3); later origins, where the members are compared,
        // do not change.
        for (int seed = 1; seed <= 3; seed++)
        {
            var y = Trend(seed);
            var pool = new ForecastPool(Season, Horizon);
            var model = Enumerable.Repeat(float.NaN, Horizon).ToArray();
            var made = new float[Horizon];
            for (int t = 0; t < 6; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made); }
            var old = OlderPoolLayouts.ReadAs(pool, 32, Season, Horizon);
            Assert.IsTrue(pool.MovesEarlySeasonalNaive);
            Assert.IsFalse(old.MovesEarlySeasonalNaive, "a layout-32 pool continues as it was");
            var now = SixSteps(pool, y, 6);
            var before = SixSteps(old, y, 6);
            double errorNow = 0, errorBefore = 0, errorNaive = 0;
            for (int t = 6; t < 14; t++)
            {
                Assert.AreEqual(y[t + Horizon - Season], before[t], 1e-3, $"seed {seed}, origin {t}: layout 32 forecasts the seasonal naive");
                errorNow += Math.Abs(y[t + Horizon] - now[t]); errorBefore += Math.Abs(y[t + Horizon] - before[t]);
            }
            Console.WriteLine($"seed {seed}: six-step MAE over origins 6–13 {errorBefore / 8:F2} → {errorNow / 8:F2}");
            Assert.IsLessThan(0.9 * errorBefore, errorNow, $"seed {seed}");
            Assert.IsGreaterThan(0.25 * errorBefore, errorNow, $"seed {seed}: halfway, not the whole distance");
            for (int t = 20; t < y.Length - Horizon; t++) Assert.AreEqual(before[t], now[t], 1e-9, $"seed {seed}, origin {t}: compared members");
        }
    }

    [TestMethod]
    public void BeforeASeasonIsSeenTheMembersAreCombined()
    {
        // A daily season of 288 five-minute steps and a trend of 2 a step: before the first day is seen there is no
        // seasonal naive forecast of a target h = 4 steps ahead (origins 0–283). A layout-36 pool gave the naive forecast
        // there, a day long (moved only by its residual correction); now the members scored so far are combined, as one
        // step ahead (layout 37, CombinesFirstSeason: h at most a 48th of the season).
        const int season = 288, horizon = 4;
        for (int seed = 1; seed <= 3; seed++)
        {
            var rng = new Random(seed);
            var y = Enumerable.Range(0, 30).Select(t => 100 + 2.0 * t + rng.NextDouble() - 0.5).ToArray();
            var pool = new ForecastPool(season, horizon);
            var old = OlderPoolLayouts.ReadAs(new ForecastPool(season, horizon), 36, season, horizon);
            Assert.IsTrue(pool.CombinesFirstSeason);
            Assert.IsFalse(old.CombinesFirstSeason, "a layout-36 pool continues as it was");
            var model = Enumerable.Repeat(float.NaN, horizon).ToArray();
            var now = new float[horizon]; var before = new float[horizon];
            double errorNow = 0, errorBefore = 0, errorNaive = 0;
            for (int t = 0; t < 20; t++)
            {
                pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, now);
                old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, before);
                if (t < 10) continue;
                errorNow += Math.Abs(y[t + horizon] - now[horizon - 1]); errorBefore += Math.Abs(y[t + horizon] - before[horizon - 1]);
                errorNaive += Math.Abs(y[t + horizon] - y[t]);
            }
            Console.WriteLine($"seed {seed}: four-step MAE over origins 10–19 {errorBefore / 10:F2} → {errorNow / 10:F2} (naive {errorNaive / 10:F2})");
            Assert.IsGreaterThan(0.8 * errorNaive, errorBefore, $"seed {seed}: layout 36 forecasts about the last value (its correction aside)");
            Assert.IsLessThan(0.5 * errorBefore, errorNow, $"seed {seed}: the trend's members follow it");
        }
        // Further ahead than a 48th of the season (2 to 6 steps of 24: the swing dominates) the naive forecast stays.
        var hourly = new ForecastPool(24, 6);
        var old24 = OlderPoolLayouts.ReadAs(new ForecastPool(24, 6), 36, 24, 6);
        var m6 = Enumerable.Repeat(float.NaN, 6).ToArray();
        var a = new float[6]; var b = new float[6];
        for (int t = 0; t < 18; t++)
        {
            double v = 100 + 20 * Math.Sin(2 * Math.PI * t / 24);
            hourly.Observe(hourly.Clean(v, learn: true), learn: true); hourly.Combine(m6, a);
            old24.Observe(old24.Clean(v, learn: true), learn: true); old24.Combine(m6, b);
            CollectionAssert.AreEqual(b[1..], a[1..], $"origin {t}: 2 to 6 steps ahead");
        }
    }

    [TestMethod]
    public void ASeriesPositiveThroughoutIsNotMovedTo0()
    {
        // A monthly season of 100s and 5s whose level falls to a fifth at row 9: the move, additive, would reach 0 or below
        // (a review: twelve six-step forecasts of 0 where the seasonal naive gave about 5); there the seasonal naive stays.
        var y = Enumerable.Range(0, 30).Select(t => (t % 12 < 3 ? 100.0 : 5.0) * (t >= 9 ? 0.2 : 1) + 0.01 * (t % 5)).ToArray();
        var pool = new ForecastPool(Season, Horizon);
        var model = Enumerable.Repeat(float.NaN, Horizon).ToArray();
        var made = new float[Horizon];
        for (int t = 0; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            Assert.IsTrue(made.All(v => v > 0), $"t={t}: {string.Join(", ", made)}");
        }
    }

    [TestMethod]
    public void OneStepAheadNothingChanges()
    {
        var y = Trend(4);
        var pool = new ForecastPool(Season, Horizon);
        var model = Enumerable.Repeat(float.NaN, Horizon).ToArray();
        var made = new float[Horizon];
        pool.Observe(pool.Clean(y[0], learn: true), learn: true); pool.Combine(model, made);
        var old = OlderPoolLayouts.ReadAs(pool, 32, Season, Horizon);
        var b = new float[Horizon];
        for (int t = 1; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made);
            old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, b);
            Assert.AreEqual(b[0], made[0], $"t={t}: one step ahead, in a pool of horizon 6");
        }
    }
}
