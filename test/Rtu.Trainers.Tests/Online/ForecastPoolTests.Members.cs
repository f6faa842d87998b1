using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

// The members (src: ForecastPool.Members.cs): what each one learns and forecasts.
public sealed partial class ForecastPoolTests
{
    [TestMethod]
    public void RecursiveLeastSquaresIsExactLeastSquares()
    {
        // With no forgetting and a negligible prior, RLS equals the batch least-squares solution.
        var rng = new Random(5);
        var rls = new RecursiveLeastSquares(3, forgetting: 1, prior: 1e8);
        var xs = new List<double[]>();
        var ys = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            double[] x = [1, rng.NextDouble(), rng.NextDouble() - 0.5];
            double target = 0.5 - 2 * x[1] + 3 * x[2] + 0.1 * (rng.NextDouble() - 0.5);
            rls.Update(x, target);
            xs.Add(x); ys.Add(target);
        }
        // Normal equations (3 × 3), solved by Cramer's rule.
        var a = new double[3, 3]; var b = new double[3];
        for (int k = 0; k < xs.Count; k++)
            for (int i = 0; i < 3; i++) { b[i] += xs[k][i] * ys[k]; for (int j = 0; j < 3; j++) a[i, j] += xs[k][i] * xs[k][j]; }
        static double Det(double[,] m) => m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        double d = Det(a);
        for (int c = 0; c < 3; c++)
        {
            var m = (double[,])a.Clone();
            for (int i = 0; i < 3; i++) m[i, c] = b[i];
            Assert.AreEqual(Det(m) / d, rls.Weights[c], 1e-5, $"weight {c}");
        }
    }

    [TestMethod]
    public void TheAirlineMembersLongPathStaysNearTheLevel()
    {
        // Independent draws of 10 or 20, quarterly, forecast 24 steps ahead (an outside audit's series): the airline model
        // on ln y compounds the last season's change at every step, and before its path was held within
        // ForecastPool.AirlineReach running standard deviations of the level its 24-step forecast reached 16,448 and the
        // combination's 1,375 (rows 1,076–1,096 above 40).
        var draws = new Random(7);
        var y = new double[1100];
        for (int t = 0; t < y.Length; t++) { for (int k = 0; k < 4; k++) draws.NextDouble(); y[t] = draws.NextDouble() < 0.5 ? 10 : 20; }
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 4, Learner = new RtuLearnerSettings { Horizon = 24 } });
        var forecast = new float[24];
        double highest = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            if (t >= 100) highest = Math.Max(highest, forecast.Max());
        }
        TestContext.WriteLine($"the highest forecast of horizons 1-24 from row 100: {highest:G4}");
        Assert.IsLessThan(2 * 20.0, highest, "no forecast of a series of 10s and 20s above twice its largest value");
    }

    [TestMethod]
    public void TheSecondSeasonMembersLearnAWeeklyPatternOnHourlyData()
    {
        // Six weeks of hourly values with a daily and a weekly season: from the third week the second-season members
        // must cut the pool's day-ahead (24-step) MAE clearly below the same pool without a second season (which sees only
        // the daily one and cannot know a weekend is coming). Measured: 1.098 against 1.359 with pool layout 11 (layout 10:
        // 1.128 against 1.359; earlier 1.163 against 1.365, and 1.111 against 1.386 before the log airline member, which
        // carries the daily season in both pools; the weights still follow the last 25 errors, so each weekend costs the
        // pool a few steps before it trusts the weekly members again). Pool layout 16 (the clean's scale relative to the
        // level on a positive series): 1.242 against 1.338 — the bound, wider on weekdays than the errors of the lower
        // weekend level, no longer confirms the return from each weekend as a level shift (the hourly and half-hourly
        // series of the held-out sets: 24-step MASE −0.3 %, 0.0 %, 0.0 %).
        const int h = 24;
        double Mae(int secondSeason)
        {
            var pool = new ForecastPool(24, h, secondSeason);
            var model = new float[h];
            Array.Fill(model, float.NaN);
            var made = new float[6 * 168][];
            double sum = 0; int n = 0;
            for (int t = 0; t < made.Length; t++)
            {
                double y = TwoSeasons(t);
                if (t >= 2 * 168) { sum += Math.Abs(y - made[t - h][h - 1]); n++; }
                pool.Observe(pool.Clean(y, learn: true), learn: true);
                pool.Combine(model, made[t] = new float[h]);
            }
            return sum / n;
        }
        double with = Mae(168), without = Mae(0);
        TestContext.WriteLine($"24-step MAE from week 3: second season {with:F4}, none {without:F4}");
        Assert.IsLessThan(0.95 * without, with);
    }

    [TestMethod]
    public void OnAnArima111SeriesTheMovingAverageMemberBeatsTheAutoregressions()
    {
        // d_t = e_t + 0.9 e_{t−1}: the AR members need many lags to mimic the MA term, the ARIMA member has it. Mean over
        // rows 200–1500 of each member's recent one-step squared error (measured: 1.065 against 1.201; noise variance 1).
        var rng = new Random(5);
        var pool = new ForecastPool(1, 1);
        var model = new[] { float.NaN };
        var forecast = new float[1];
        double level = 100, d = 0, e = 0, arima = 0, ari = 0;
        int arimaMember = ForecastPool.MemberNames.ToList().IndexOf("ARIMA (changes, MA)"), ariMember = ForecastPool.MemberNames.ToList().IndexOf("ARI (changes)");
        for (int t = 0; t < 1500; t++)
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            d = noise + 0.9 * e;
            e = noise;
            pool.Observe(pool.Clean(level += d, learn: true), learn: true);
            pool.Combine(model, forecast);
            if (t >= 200) { arima += pool.RecentSquaredError(1, arimaMember); ari += pool.RecentSquaredError(1, ariMember); }
        }
        TestContext.WriteLine($"mean recent squared error: ARIMA(1,1,1) member {arima / 1300:F3}, ARI {ari / 1300:F3}");
        Assert.IsLessThan(0.93 * ari, arima);
    }

    [TestMethod]
    public void WithoutASeasonTheOrderSelectedArForecastsFromLnYWhileEveryValueIsPositiveThenFromY()
    {
        // The member's forecast is the fit on ln y's while every value is positive; from the first value ≤ 0 on it is
        // the fit on y's, which has seen the whole series.
        var rng = new Random(4);
        var pool = new ForecastPool(1, 1);
        var log = new LogScaleAutoregression(8, 1, forgetting: 1, prior: ForecastPool.SelectedArPrior);
        var level = new SelectedAutoregression(8, 1, forgetting: 1, prior: ForecastPool.SelectedArPrior);
        foreach (var fit in log.Fit.Fits.Concat(level.Fits)) fit.Robust = true;   // as the pool's (layout 20)
        var model = new[] { float.NaN };
        var forecast = new float[1];
        var members = new double[ForecastPool.MemberCount];
        var path = new double[1];
        int member = ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)");
        for (int t = 0; t < 200; t++)
        {
            double y = 25 - 0.12 * t + 5 * Math.Sin(2 * Math.PI * t / 9.6) + Gaussian(rng);   // below 0 from about row 160 on
            double cleaned = pool.Clean(y, learn: true);
            pool.Observe(cleaned, learn: true);
            pool.Combine(model, forecast);
            log.Update(cleaned, learn: true); level.Update(cleaned, learn: true);
            if (t < 20) continue;
            pool.WriteMemberForecasts(1, members);
            if (log.Active) log.Forecast(path); else level.Forecast(path);
            Assert.AreEqual((float)path[0], (float)members[member], $"t={t}, {(log.Active ? "ln y" : "y")}");
            Assert.AreEqual(log.Active, pool.SelectedArOnLogScale, $"t={t}");
        }
        Assert.IsFalse(log.Active, "the series went below 0");
    }

    [TestMethod]
    public void WithoutASeasonTheOrderSelectedAutoregressionIsScoredAndCarriesACycle()
    {
        // A cyclic AR(2) without a season (period about 10): the member with its order chosen online is scored, and over
        // rows 300–2000 its recent one-step error is below the naive forecast's (which cannot follow a cycle).
        var rng = new Random(11);
        var pool = new ForecastPool(1, 1);
        var model = new[] { float.NaN };
        var forecast = new float[1];
        double u1 = 0, u2 = 0, selected = 0, naive = 0;
        int member = ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)");
        for (int t = 0; t < 2000; t++)
        {
            double u = 1.3 * u1 - 0.6 * u2 + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            u2 = u1; u1 = u;
            pool.Observe(pool.Clean(100 + u, learn: true), learn: true);
            pool.Combine(model, forecast);
            if (t >= 300) { selected += pool.RecentSquaredError(1, member); naive += pool.RecentSquaredError(1, 0); }
        }
        TestContext.WriteLine($"mean recent squared error: order-selected AR {selected / 1700:F3}, naive {naive / 1700:F3}");
        Assert.IsLessThan(0.8 * naive, selected);
        Assert.AreEqual(1, selected / 1700, 0.15, "at the noise variance");
    }

    [TestMethod]
    public void WithASeasonTheOrderSelectedArIsAMemberOnY()
    {
        // Layout 11: a seasonal pool has the member too, on y (not on ln y: that failed the level-shift tests of
        // ForecastPoolScaleChangeTests and the hourly second-season test, see the twelfth pass of
        // samples/Rtu.Forecasting/NOTEBOOK.md), at every horizon (its iterated path has no season; more than one step ahead the
        // naive test leaves it out where the season is real).
        var pool = new ForecastPool(12, 3);
        var level = new SelectedAutoregression(8, 3, forgetting: 1, prior: ForecastPool.SelectedArPrior);
        var model = new float[3]; Array.Fill(model, float.NaN);
        var forecast = new float[3];
        var members = new double[ForecastPool.MemberCount];
        var path = new double[3];
        int member = ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)");
        for (int t = 0; t < 100; t++)
        {
            double cleaned = pool.Clean(100 + 3 * Math.Sin(2 * Math.PI * t / 12) + Math.Sin(t), learn: true);
            pool.Observe(cleaned, learn: true);
            pool.Combine(model, forecast);
            level.Update(cleaned, learn: true);
            if (t < 20) continue;
            level.Forecast(path);
            for (int h = 1; h <= 3; h++)
            {
                pool.WriteMemberForecasts(h, members);
                Assert.AreEqual((float)path[h - 1], (float)members[member], $"t={t}, h={h}");
            }
        }
        Assert.IsFalse(pool.SelectedArOnLogScale, "on y, although every value is positive");
        for (int h = 1; h <= 3; h++) Assert.IsGreaterThan(0.0, pool.RecentSquaredError(h, member), $"scored, h={h}");
    }
}
