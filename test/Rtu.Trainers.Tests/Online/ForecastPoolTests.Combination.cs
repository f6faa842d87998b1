using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

// The combination (src: ForecastPool.Combination.cs): which members it takes and how it weighs them.
public sealed partial class ForecastPoolTests
{
    [TestMethod]
    public void ANewPoolLeavesTheDampedHoltOutOfTheCombination()
    {
        // Layout 9 (ninth pass of samples/Rtu.Forecasting/NOTEBOOK.md): without the damped Holt the one-step geometric-mean
        // MASE went 0.4765 → 0.4757 (held-out) and 0.4225 → 0.4216 (second held-out), the bench unchanged. Its forecasts
        // are neither made nor scored; the other members share the whole weight. (With a season its slot holds the M4
        // Comb since layout 24, ForecastPoolCombTests, and without one the rolling median since layout 30,
        // ForecastPoolRollingMedianTests: so the pool here is read as a layout-29 file, whose slot stays empty.)
        int damped = ForecastPoolCombTests.Comb;
        var pool = OlderPoolLayouts.ReadAs(new ForecastPool(1, 2), 29, 1, 2);
        var model = new float[] { float.NaN, float.NaN };
        var forecast = new float[2];
        var members = new double[ForecastPool.MemberCount];
        for (int t = 0; t < 120; t++)
        {
            pool.Observe(pool.Clean(MonthlyOld(t) + 0.05 * t, learn: true), learn: true);
            pool.Combine(model, forecast);
            pool.WriteMemberForecasts(2, members);
            Assert.IsTrue(double.IsNaN(members[damped]), $"t={t}");
        }
        Assert.AreEqual(0.0, pool.RecentSquaredError(1, damped), "never scored");
        Assert.AreEqual(0.0, pool.Weight(1, damped) + pool.Weight(2, damped));
        Assert.AreEqual(1.0, Enumerable.Range(0, ForecastPool.MemberCount).Sum(i => pool.Weight(1, i)), 1e-9, "the others are combined");
    }

    [TestMethod]
    public void AMemberWorseThanNaiveOverTheLongRunIsLeftOutOfTheCombination()
    {
        // A random walk given a season of 12 (a monthly price): the seasonal members forecast a season that is not there.
        // The seasonal naive's squared error is about 12 times the naive's, so it is gated out (weight exactly 0, where
        // MSE^-4 alone would still give it a small share), and every member that is combined has a long-run squared error
        // within NaiveGate times the naive's; more than one step ahead the naive test leaves it out instead (tenth pass). A
        // pool read from a layout-8 file combines as before (the fixture test above).
        var rng = new Random(7);
        double y = 100;
        var pool = new ForecastPool(12, 2);
        var model = new float[2]; var made = new float[2];
        int seasonalNaive = ForecastPool.MemberNames.ToList().IndexOf("seasonal naive"), gatedRows = 0;
        for (int t = 0; t < 400; t++)
        {
            y += rng.NextDouble() - 0.5;
            model[0] = model[1] = float.NaN;
            pool.Observe(pool.Clean(y, learn: true), learn: true);
            pool.Combine(model, made);
            if (t < 60) continue;
            for (int i = 1; i < ForecastPool.MemberCount; i++)
            {
                if (pool.Weight(1, i) > 0) Assert.IsLessThanOrEqualTo(ForecastPool.NaiveGate * pool.LongRunSquaredError(1, 0), pool.LongRunSquaredError(1, i), $"{ForecastPool.MemberNames[i]}, h=1, t={t}");
                if (pool.Weight(2, i) > 0) Assert.IsFalse(pool.FailsTheNaiveTest(2, i), $"{ForecastPool.MemberNames[i]}, h=2, t={t}");
            }
            Assert.IsGreaterThan(ForecastPool.NaiveGate * pool.LongRunSquaredError(1, 0), pool.LongRunSquaredError(1, seasonalNaive), $"t={t}");
            Assert.AreEqual(0.0, pool.Weight(1, seasonalNaive), $"t={t}");
            Assert.IsTrue(pool.FailsTheNaiveTest(2, seasonalNaive), $"t={t}: two steps ahead the test leaves it out");
            Assert.AreEqual(0.0, pool.Weight(2, seasonalNaive), $"t={t}");
            gatedRows++;
        }
        Assert.AreEqual(340, gatedRows);
        // The naive test's statistics are saved with the pool: a copy read back leaves out the same members.
        var copy = new ForecastPool(12, 2);
        ModelBinary.Copy(pool.Save, r => { copy.Load(r); return copy; });
        var failing = Enumerable.Range(0, ForecastPool.MemberCount).Where(i => pool.FailsTheNaiveTest(2, i)).ToList();
        CollectionAssert.AreEqual(failing, Enumerable.Range(0, ForecastPool.MemberCount).Where(i => copy.FailsTheNaiveTest(2, i)).ToList());
        // The members that forecast a random walk as one carry it: naive, ARI, ARIMA(1,1,1), SES, (layout 23) the damped
        // trend on the adjusted series and (layout 24) the M4 Comb on y, whose fitted α are near 1 on a random walk.
        double randomWalkMembers = new[] { "naive", "ARI (changes)", "ARIMA (changes, MA)", "SES", "damped trend (fitted, seasonally adjusted with a season)" }
            .Sum(name => pool.Weight(1, ForecastPool.MemberNames.ToList().IndexOf(name))) + pool.Weight(1, ForecastPoolCombTests.Comb);
        Assert.IsGreaterThan(0.5, randomWalkMembers, "the random-walk members carry it");
    }

    [TestMethod]
    public void AheadTheNaiveTestReadmitsAMemberWhoseStartWasPoor()
    {
        // Changes that follow an AR(1) (as WWWusage's): the ARIMA-type members' iterated forecasts are poor just after
        // their start and then better than the naive's. Six steps ahead their long-run mean squared error stays above
        // NaiveGate times the naive's for dozens of rows, which kept them out; the test, which weighs the gap by its own
        // noise, lets them back in (tenth pass: bench WWWusage six steps 1.087 → 1.030).
        var rng = new Random(3);
        double y = 100, d = 0;
        var pool = new ForecastPool(1, 6);
        var model = new float[6]; var made = new float[6];
        Array.Fill(model, float.NaN);
        int readmitted = 0;
        for (int t = 0; t < 300; t++)
        {
            d = 0.9 * d + rng.NextDouble() - 0.5;
            y += d;
            pool.Observe(pool.Clean(y, learn: true), learn: true);
            pool.Combine(model, made);
            for (int i = 1; i < ForecastPool.MemberCount; i++)
                if (pool.Weight(6, i) > 0 && pool.LongRunSquaredError(6, i) > ForecastPool.NaiveGate * pool.LongRunSquaredError(6, 0)) readmitted++;
        }
        TestContext.WriteLine($"readmitted {readmitted}");
        Assert.IsGreaterThan(0, readmitted);
    }

    [TestMethod]
    public void UntilTheSeasonalNaiveIsScoredASeasonalSeriesGetsTheSeasonalNaiveForecastMovedTowardTheLevel()
    {
        // Six steps ahead with a season of 12, the seasonal naive forecast exists from row 6 and has been scored
        // MinimumScored times at row 14; before that only non-seasonal members (naive, SES, the RTU) could be scored,
        // and weighting them by their errors on a seasonal series would trust a forecast without a season. Until then the
        // forecast is the naive one (before row 6), then the seasonal naive one, moved from row 11, where the one-step
        // seasonal naive exists, by EarlySeasonalMove of the one-step forecast's distance from it (layout 33).
        var y = RealSeries.Co2();
        var pool = new ForecastPool(12, 6);
        var model = new float[6]; var made = new float[6];
        Array.Fill(model, float.NaN);
        for (int t = 0; t < 20; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            double expected = t >= 11 ? y[t - 6] + ForecastPool.EarlySeasonalMove * (made[0] - y[t - 11]) : t >= 6 ? y[t - 6] : y[t];
            if (t < 6 + 6 + ForecastPool.MinimumScored - 1) Assert.AreEqual(expected, made[5], 1e-3, $"t={t}");
        }
        Assert.IsGreaterThan(0.0, pool.Weight(6, 0), "then the members are combined (the naive one too, with a small weight)");
    }

    [TestMethod]
    public void TheMemberDumpIsWhatThePoolCombined()
    {
        // The diagnostic the offline replay (samples/Rtu.Forecasting/scripts/replay_pool.py) reads: every member's
        // forecast as stored to be scored, and the combination before its correction, which is the weighted mean of them.
        var y = RealSeries.Co2();
        var pool = new ForecastPool(12, 2);
        var model = new float[2]; var made = new float[2];
        var members = new double[ForecastPool.MemberCount];
        pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(members.All(double.IsNaN), "nothing before the first row");
        Assert.IsTrue(double.IsNaN(pool.UncorrectedForecast(1)));
        for (int t = 0; t < 120; t++)
        {
            model[0] = model[1] = (float)(y[t] + 0.1);
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            for (int h = 1; h <= 2; h++)
            {
                pool.WriteMemberForecasts(h, members);
                Assert.AreEqual((float)y[t], members[0], $"naive, t={t}");
                Assert.AreEqual(model[h - 1], members[ForecastPool.MemberCount - 1], $"RTU, t={t}");
                if (t < 40) continue;
                double weighted = 0;
                for (int i = 0; i < members.Length; i++) if (pool.Weight(h, i) > 0) weighted += pool.Weight(h, i) * members[i];
                Assert.AreEqual(weighted, pool.UncorrectedForecast(h), 1e-5 * Math.Abs(weighted), $"h={h}, t={t}");
            }
        }
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pool.WriteMemberForecasts(3, members));
        Assert.ThrowsExactly<ArgumentException>(() => pool.WriteMemberForecasts(1, new double[3]));
    }
}
