using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ForecastPoolLogMeanTests
{
    // Runs a pool of season 12 and horizon 2 over y and returns it after the last row's combination.
    private static ForecastPool Run(double[] y)
    {
        var pool = new ForecastPool(12, 2);
        var model = new float[2]; var made = new float[2];
        foreach (double v in y)
        {
            pool.Observe(pool.Clean(v, learn: true), learn: true);
            model[0] = model[1] = float.NaN;
            pool.Combine(model, made);
        }
        return pool;
    }

    // Σ share_i·f_i and exp(Σ share_i·ln f_i) over the members combined at horizon h, and whether every such f_i is above 0.
    private static (double Mean, double LogMean, bool Positive) Means(ForecastPool pool, int h)
    {
        var f = new double[ForecastPool.MemberCount];
        pool.WriteMemberForecasts(h, f);
        double mean = 0, logs = 0; bool positive = true; int combined = 0;
        for (int i = 0; i < ForecastPool.MemberCount; i++)
        {
            double w = pool.Weight(h, i);
            if (w <= 0) continue;
            combined++;
            mean += w * f[i];
            if (f[i] > 0) logs += w * Math.Log(f[i]); else positive = false;
        }
        Assert.IsGreaterThan(3, combined, $"h={h}: several members combined");
        return (mean, Math.Exp(logs), positive);
    }

    [TestMethod]
    public void OneStepAheadThePositiveMembersAreCombinedByTheMeanOfTheirLogs()
    {
        // Pool layout 22: one step ahead, where every member combined forecasts above 0, the combination (before its
        // correction) is exp(Σ w_i ln f_i), the weighted geometric mean, below the arithmetic one; two steps ahead it is
        // Σ w_i f_i. The member forecasts are stored in float precision, hence the tolerance.
        var pool = Run(ForecastPoolLossMatchedWeightTests.SpikySeasonal(300, 5));
        var one = Means(pool, 1);
        Assert.IsTrue(one.Positive, "a positive series: every member forecasts above 0");
        Assert.IsGreaterThan(1e-6 * one.Mean, one.Mean - one.LogMean, "the two means differ by more than the tolerance here");
        Assert.AreEqual(one.LogMean, pool.UncorrectedForecast(1), 1e-6 * one.LogMean, "one step: the weighted mean of ln f");
        var two = Means(pool, 2);
        Assert.IsGreaterThan(1e-6 * two.Mean, two.Mean - two.LogMean, "two steps too the means differ by more than the tolerance");
        Assert.AreEqual(two.Mean, pool.UncorrectedForecast(2), 1e-6 * Math.Abs(two.Mean), "two steps: the weighted mean of f");
    }

    [TestMethod]
    public void WhereAMemberForecastsZeroOrLessTheMeanOfTheForecastsIsTaken()
    {
        // A series around 0: ln f is undefined for some member, so the row combines by the weighted mean of f.
        var y = ForecastPoolLossMatchedWeightTests.SpikySeasonal(300, 6).Select(v => v - 100).ToArray();
        var pool = Run(y);
        int rows = 0;
        var model = new float[2]; var made = new float[2];
        for (int t = 0; t < 60; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            model[0] = model[1] = float.NaN;
            pool.Combine(model, made);
            var one = Means(pool, 1);
            if (one.Positive) continue;
            rows++;
            Assert.AreEqual(one.Mean, pool.UncorrectedForecast(1), 1e-6 * Math.Max(1, Math.Abs(one.Mean)), $"row {t}: the weighted mean of f");
        }
        Assert.IsGreaterThan(10, rows, "rows where some member forecasts 0 or less");
    }

    [TestMethod]
    public void APoolOfLayout21KeepsTheMeanOfTheForecastsAndItsPriorsUntilStartedAfresh()
    {
        // A layout-21 pool (written here by cutting layout 22's flag off and marking it −21) loads combining by the mean of
        // f, one step ahead too, and a series started afresh takes the mean of ln f.
        var y = ForecastPoolLossMatchedWeightTests.SpikySeasonal(200, 7);
        var old = OlderPoolLayouts.ReadAs(Run(y), 21, 12, 2);
        Assert.IsTrue(old.WeighsByPriors, "layout 21 weighs by (its own) priors");
        var model = new float[2]; var made = new float[2];
        old.Observe(old.Clean(101, learn: true), learn: true);
        old.Combine(model, made);
        var one = Means(old, 1);
        Assert.IsGreaterThan(1e-6 * one.Mean, one.Mean - one.LogMean, "the two means differ by more than the tolerance here");
        Assert.AreEqual(one.Mean, old.UncorrectedForecast(1), 1e-6 * one.Mean, "a layout-21 pool: the weighted mean of f");
        old.Reset();
        foreach (double v in y) { old.Observe(old.Clean(v, learn: true), learn: true); old.Combine(model, made); }
        Assert.AreEqual(Means(old, 1).LogMean, old.UncorrectedForecast(1), 1e-6 * old.UncorrectedForecast(1), "started afresh: the mean of ln f");
    }
}
