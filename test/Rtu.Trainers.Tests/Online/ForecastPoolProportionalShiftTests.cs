using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A level shift that an additive move would take to 0 or below, on a series positive throughout, moves the pool's past in
/// proportion (pool layout 31; ForecastPool.LevelShifts.cs), and a held jump so moved is taken when the next value lies
/// within a quarter of the jump of its forecast (settings layout 14; RtuForecaster.JumpShare).
/// </summary>
[TestClass]
public sealed class ForecastPoolProportionalShiftTests
{
    public TestContext TestContext { get; set; } = null!;

    // A monthly series with a summer season of ±30 % growing 0.5 % a month, noise 3 %, that collapses over two months to
    // 5 % of its level at row `at` (×0.22, then ×0.05) and recovers log-linearly to 80 % over 30 months: a shop or an
    // airline through a lockdown (the outside audit's covid_x0.05_rec30_to80).
    internal static double[] Collapse(int n = 200, int at = 140, int seed = 2)
    {
        var rng = new Random(seed);
        var y = new double[n];
        for (int t = 0; t < n; t++)
        {
            double phase = 2 * Math.PI * (t % 12 - 7) / 12;
            double season = 1 + 0.3 * Math.Cos(phase) + 0.09 * Math.Cos(2 * phase);
            int k = t - at;
            double shock = k < 0 ? 1 : k < 2 ? Math.Exp(Math.Log(0.05) * (k + 1) / 2)
                : Math.Exp(Math.Log(0.05) + (Math.Log(0.8) - Math.Log(0.05)) * Math.Min(k - 1, 30) / 30);
            double noise = Math.Exp(0.03 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
            y[t] = 1000 * Math.Pow(1.005, t) * season * shock * noise;
        }
        return y;
    }

    [TestMethod]
    public void ACollapseOverTwoRowsKeepsTheSeriesPositiveAndItsSeason()
    {
        // Moved additively, the collapse took the remembered levels and the multiplicative Holt–Winters level below 0: the
        // series was no longer positive for good and the next forecasts were 0 for values of 100, and a year later the
        // MAE was twice ETS's. Moved in proportion, the pool stays positive, no forecast after the collapse is below half
        // the lowest value, and the second year after it is forecast at a fraction of the seasonal naive's error.
        var y = Collapse();
        var f = ForecasterAlone.New(12);
        var made = ForecasterAlone.OneStep(f, y);
        Assert.IsTrue(f.Pool.Positive, "still positive");
        double lowest = y[140..].Min();
        for (int t = 141; t < y.Length; t++) Assert.IsGreaterThan(0.5 * lowest, made[t - 1], $"row {t}: forecast {made[t - 1]:F1} for {y[t]:F1}");
        double app = Enumerable.Range(153, 12).Average(t => Math.Abs(y[t] - made[t - 1]));
        double seasonalNaive = Enumerable.Range(153, 12).Average(t => Math.Abs(y[t] - y[t - 12]));
        TestContext.WriteLine($"second year after the collapse: MAE {app:F1}, seasonal naive {seasonalNaive:F1}");
        Assert.IsLessThan(0.3 * seasonalNaive, app, "the second year after the collapse");
    }

    // The same season and growth with the level multiplied by `factor` from row `at` on.
    internal static double[] Step(double factor, int at = 139, int n = 200, int seed = 3)
    {
        var y = Collapse(n, at: int.MaxValue, seed);
        for (int t = at; t < n; t++) y[t] *= factor;
        return y;
    }

    [TestMethod]
    public void APoolOfLayout30MovesEveryShiftAdditivelyAsItDid()
    {
        // A fall to 20 % at the summer peak (1.39 times the level), confirmed as a run of outliers by a pool alone: adding it
        // takes the past below 0. A new pool moves its past in proportion, stays positive and forecasts the new level; one
        // read from a layout-30 file moves it additively, as it did, and forecasts 0 for a value of 360.
        var y = Step(0.2);
        var (_, _, pool) = PoolAlone.Run(y[..139], 12);
        var old = OlderPoolLayouts.ReadAs(pool, 30, 12, 1);
        bool converted = false;
        var model = new float[] { float.NaN };
        float[] a = new float[1], b = new float[1];
        double lowestNew = double.PositiveInfinity, lowestOld = double.PositiveInfinity;
        for (int t = 139; t < 150; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a);
            converted |= pool.ShiftedInProportion;
            old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, b);
            if (t >= 141) { lowestNew = Math.Min(lowestNew, a[0] / y[t + 1]); lowestOld = Math.Min(lowestOld, b[0] / y[t + 1]); }
        }
        TestContext.WriteLine($"lowest forecast over the value it forecast from the confirming row: {lowestNew:F3} (layout 30: {lowestOld:F3})");
        Assert.IsTrue(converted, "layout 31: moved in proportion");
        Assert.IsTrue(pool.Positive);
        Assert.IsGreaterThan(0.6, lowestNew);
        Assert.IsLessThan(0.1, lowestOld, "layout 30: moved additively, forecasts of 0");
    }

    [TestMethod]
    public void AShiftClearOfZeroIsStillMovedAdditively()
    {
        // A step down by a fifth never takes the past to 0: it is moved additively, as before layout 31, and nothing is
        // converted.
        var y = Step(0.8);
        var f = ForecasterAlone.New(12);
        bool converted = false;
        var forecast = new float[1];
        foreach (double v in y)
        {
            f.Observe(v, default, learn: true, forecast, default);
            converted |= f.Pool.ShiftedInProportion;
        }
        Assert.IsFalse(converted);
        Assert.IsTrue(f.Pool.Positive);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(12)]
    public void AFallFarFromZeroIsMovedAdditivelyWithOrWithoutASeason(int season)
    {
        // A run 100 → 80 confirmed by a pool alone stays far above 0: moved additively, as before layout 31. Without a
        // season (and in a first season) the multiplicative level is 0 and must not count (an outside review: every fall
        // of a series without a season was moved in proportion, DAX with --season 1 differing from row 39 on).
        var rng = new Random(1);
        var pool = new ForecastPool(season, 1);
        float[] model = [float.NaN], made = new float[1];
        int shiftAt = season == 1 ? 150 : 8;
        for (int t = 0; t < 300; t++)
        {
            double v = (t < shiftAt ? 100 : 80) + 0.2 * PromoData.Gaussian(rng);
            double c = pool.Clean(v, learn: true);
            Assert.IsFalse(pool.ShiftedInProportion, $"row {t}");
            pool.Observe(c, learn: true); pool.Combine(model, made);
        }
        var f = ForecasterAlone.New(1);
        for (int t = 0; t < 300; t++)
        {
            f.Observe((t < 150 ? 100 : 80) + PromoData.Gaussian(rng), default, learn: true, default, default);
            Assert.IsFalse(f.Pool.ShiftedInProportion, $"forecaster, row {t}");
        }
    }
}
