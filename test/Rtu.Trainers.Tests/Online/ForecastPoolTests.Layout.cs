using Rtu.Tests.Shared;
using System.Globalization;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

// The saved layout (src: ForecastPool.Layout.cs): files of every earlier layout load and continue as they did.
public sealed partial class ForecastPoolTests
{
    // Loads Data/forecaster-pool-LAYOUT.bin (horizon 3, written after 300 rows of the series) and observes rows 300–339:
    // the RTU member's forecasts equal the stored ones bit for bit, and (combinedToo) the combined forecasts stay within
    // 1 % of the stored ones until new members could have been scored; the settings, written before SecondSeasonLength, load with the rule.
    private static RtuForecaster LoadAndContinue(string layout, Func<int, double> series, bool combinedToo, bool combinedBitForBit = false, int from = 300)
    {
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        using var r = new BinaryReader(File.OpenRead(Path.Combine(dir, $"forecaster-pool-{layout}.bin")));
        var f = RtuForecaster.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the whole file is read");
        Assert.IsNull(f.Settings.SecondSeasonLength, "settings written before SecondSeasonLength load with the rule");
        float[][] Read(string name) => File.ReadAllLines(Path.Combine(dir, name))
            .Select(l => l.Split(',').Select(v => BitConverter.Int32BitsToSingle(int.Parse(v, CultureInfo.InvariantCulture))).ToArray()).ToArray();
        var expectedModel = Read($"forecaster-pool-{layout}-rtu-forecasts.csv");
        var expectedCombined = combinedToo ? Read($"forecaster-pool-{layout}-forecasts.csv") : null;
        var forecast = new float[3]; var model = new float[3];
        for (int t = from; t < from + 40; t++)
        {
            f.Observe(series(t), default, true, forecast, default);
            f.WriteModelForecast(model);
            CollectionAssert.AreEqual(expectedModel[t - from], model, $"t={t}");
            // Layout 6 replaced member 7 (the seasonal autoregression) by the seasonal ARIMA, so the combination is not the
            // stored one bit for bit any more (it was, until the new members were scored, under layouts 2–5); it stays
            // within 1 % of it while the remaining members carry it.
            if (combinedBitForBit) CollectionAssert.AreEqual(expectedCombined![t - from], forecast, $"combined, t={t}");
            else if (expectedCombined is not null && t < from + ForecastPool.MinimumScored)
                for (int h = 0; h < 3; h++) Assert.AreEqual(expectedCombined[t - from][h], forecast[h], 0.01 * Math.Abs(expectedCombined[t - from][h]), $"t={t}, h={h + 1}");
            Assert.IsTrue(forecast.All(float.IsFinite), $"t={t}");
        }
        return f;
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheSecondSeasonLoadsAndItsRtuContinuesBitForBit()
    {
        // Written by main @4341360 (forecast pool layout 1: 11 members, a history of one season): a forecaster with season
        // 24 and horizon 3 after 300 rows of TwoSeasonsOld, and its RTU member's forecasts over the next 40 rows. It loads
        // with the second-season members starting afresh; the RTU (not in the pool's file layout) continues bit for bit.
        var f = LoadAndContinue("layout1", TwoSeasonsOld, combinedToo: false);
        Assert.AreEqual(168, f.Pool.SecondSeason);
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheLearnedHoltWintersLoadsAndContinues()
    {
        // Written by main @7cc0491 (forecast pool layout 2: 13 members): a forecaster with season 12 and horizon 3 after
        // 300 rows of MonthlyOld, its RTU member's and its combined forecasts over the next 40 rows. It loads with the
        // learned Holt–Winters members starting from the fixed ones' states; the RTU continues bit for bit, and the
        // combination stays near the stored one until the new members have been scored MinimumScored times.
        var f = LoadAndContinue("layout2", MonthlyOld, combinedToo: true);
        Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(1, ForecastPool.MemberNames.ToList().IndexOf("learned multiplicative Holt-Winters")), "the learned members were scored");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheThetaMemberLoadsAndContinues()
    {
        // Written by main @8feadd2 (forecast pool layout 3: 15 members) with the same series and settings as the layout 2
        // file above. It loads with the Theta member starting at the next value; the RTU continues bit for bit, and the
        // combination stays near the stored one until Theta has been scored MinimumScored times.
        var f = LoadAndContinue("layout3", MonthlyOld, combinedToo: true);
        int theta = ForecastPool.MemberNames.ToList().IndexOf("Theta");
        Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(1, theta), "the Theta member was scored");
        Assert.IsGreaterThan(0.0, f.Pool.Weight(3, theta), "and is in the combination");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheArimaAirlineAndSeasonalRatioMembersLoadsAndContinues()
    {
        // Written by main @3749002 (forecast pool layout 4: 16 members, forecaster settings layout 2) with the same
        // series and settings as the layout 2 and 3 files above. It loads with the ARIMA and airline members starting at
        // the next value (older settings load with the seasonal-ratio member off, its default); the RTU continues bit for
        // bit, and the combination stays near the stored one until the new members have been scored MinimumScored times.
        var f = LoadAndContinue("layout4", MonthlyOld, combinedToo: true);
        Assert.IsFalse(f.Settings.SeasonalRatioMember, "older settings load with the seasonal-ratio member off");
        foreach (string name in new[] { "ARIMA (changes, MA)", "airline (log)" })
        {
            int member = ForecastPool.MemberNames.ToList().IndexOf(name);
            Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(1, member), $"the {name} member was scored");
        }
        Assert.AreEqual(0.0, f.Pool.RecentSquaredError(1, ForecastPool.MemberNames.ToList().IndexOf("seasonal-ratio RTU")), "no seasonal-ratio member");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheCorrectionOfTheCombinationLoadsWithTheCorrectionStartingEmpty()
    {
        // Written by main @373118a (forecast pool layout 5: no correction stage). The correction starts without
        // statistics: right after loading it applies nothing (gate 0 at every horizon); after the 40 rows that
        // LoadAndContinue checks (RTU bit for bit, combination within 1 %) its gates are valid shares.
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        using (var r = new BinaryReader(File.OpenRead(Path.Combine(dir, "forecaster-pool-layout5.bin"))))
        {
            var loaded = RtuForecaster.Load(r);
            for (int h = 1; h <= 3; h++) Assert.AreEqual(0.0, loaded.Pool.CorrectionGate(h), $"h={h}");
        }
        var f = LoadAndContinue("layout5", MonthlyOld, combinedToo: true);
        for (int h = 1; h <= 3; h++) Assert.IsTrue(f.Pool.CorrectionGate(h) is >= 0 and <= 1, $"h={h}");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheSeasonalArimaLoadsAndContinues()
    {
        // Written by main @373118a (forecast pool layout 5: 19 members, member 7 the seasonal autoregression) with the
        // same series and settings as the layout 2–4 files above. Layout 6 replaced member 7 by the seasonal ARIMA: it
        // starts unscored from the stored history (its values of the last season), so the combination differs from the
        // first row on; the RTU continues bit for bit; the seasonal ARIMA is scored and joins the combination; the pool
        // saves in the new layout and its copy continues bit for bit.
        var f = LoadAndContinue("layout5", MonthlyOld, combinedToo: true);
        int member = ForecastPool.MemberNames.ToList().IndexOf("seasonal ARIMA (MA, drift)");
        Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(1, member), "the seasonal ARIMA was scored");
        Assert.IsGreaterThan(0.0, f.Pool.Weight(3, member), "and is in the combination");
        Assert.AreEqual(0.0, f.Pool.RecentSquaredError(1, ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)")), "no order-selected AR with a season");
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => MonthlyOld(t), 340, 360);
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheJumpStatisticsLoadsAndContinuesBitForBit()
    {
        // Written by main @e4c50d0 (forecast pool layout 6: no jump statistics) with the same series and settings as the
        // older files. It loads with no jumps counted (the bound starts at OutlierBound·s, as it was), so on this series
        // without outliers the RTU's and the combined forecasts of the next 40 rows are the stored ones bit for bit.
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        var f = LoadAndContinue("layout6", MonthlyOld, combinedToo: true);
        float[][] stored = File.ReadAllLines(Path.Combine(dir, "forecaster-pool-layout6-forecasts.csv"))
            .Select(l => l.Split(',').Select(v => BitConverter.Int32BitsToSingle(int.Parse(v, CultureInfo.InvariantCulture))).ToArray()).ToArray();
        using var r = new BinaryReader(File.OpenRead(Path.Combine(dir, "forecaster-pool-layout6.bin")));
        var again = RtuForecaster.Load(r);
        var forecast = new float[3];
        for (int t = 300; t < 340; t++)
        {
            again.Observe(MonthlyOld(t), default, true, forecast, default);
            CollectionAssert.AreEqual(stored[t - 300], forecast, $"t={t}");
        }
    }

    [TestMethod]
    public void AForecasterSavedWithTheEarlierOrderSelectedArLoadsAndContinuesBitForBit()
    {
        // Written by this branch's base, main @3929ffa (forecast pool layout 7), without a season (so with the
        // order-selected AR of the earlier kind: running standardisation, order by recent error), horizon 3, after 300
        // rows of CyclicOld. It loads with that member of the earlier kind, so the RTU's and the combined forecasts of the
        // next 40 rows are the stored ones bit for bit; saved again (layout 8, with the member's kind), the copy
        // continues as the original.
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        var f = LoadAndContinue("layout7", CyclicOld, combinedToo: true);
        float[][] stored = File.ReadAllLines(Path.Combine(dir, "forecaster-pool-layout7-forecasts.csv"))
            .Select(l => l.Split(',').Select(v => BitConverter.Int32BitsToSingle(int.Parse(v, CultureInfo.InvariantCulture))).ToArray()).ToArray();
        using (var r = new BinaryReader(File.OpenRead(Path.Combine(dir, "forecaster-pool-layout7.bin"))))
        {
            var again = RtuForecaster.Load(r);
            var forecast = new float[3];
            for (int t = 300; t < 340; t++)
            {
                again.Observe(CyclicOld(t), default, true, forecast, default);
                CollectionAssert.AreEqual(stored[t - 300], forecast, $"t={t}");
            }
        }
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => CyclicOld(t), 340, 400);
    }

    [TestMethod]
    public void AForecasterSavedWithTheDampedHoltInTheCombinationLoadsAndContinuesBitForBit()
    {
        // Written by this branch at 95a4d12 (forecast pool layout 8 as on main @af368e5, where the damped Holt was combined), season
        // 12, horizon 3, after 300 rows of MonthlyOld. It loads combining as layout 8 did (the damped Holt combined, no naive
        // gate), so the RTU's and the combined forecasts of the next 40 rows are the stored ones bit for bit; saved again
        // (layout 9, with that choice) the copy continues as the original; a series started afresh gets the current
        // combination, without the damped Holt (its slot holds the M4 Comb with a season since layout 24).
        var f = LoadAndContinue("layout8", MonthlyOld, combinedToo: true, combinedBitForBit: true);
        int damped = ForecastPoolCombTests.Comb;
        for (int h = 1; h <= 3; h++) Assert.IsGreaterThan(0.0, f.Pool.Weight(h, damped), $"the damped Holt is combined, h={h}");
        var copy = f.Clone();
        var a = new float[3];
        ContinuesAlike(f, copy, t => MonthlyOld(t), 340, 400);
        Assert.IsGreaterThan(0.0, copy.Pool.Weight(1, damped), "the copy kept it");
        f.ResetState();
        var members = new double[ForecastPool.MemberCount];
        for (int t = 0; t < 60; t++) f.Observe(MonthlyOld(t), default, true, a, default);
        f.Pool.WriteMemberForecasts(1, members);
        var comb = new FittedComb(3);
        for (int t = 0; t < 60; t++) comb.Update(MonthlyOld(t), learn: true);
        var path = new double[3];
        comb.Forecast(path);
        Assert.AreEqual((float)path[0], (float)members[damped], "started afresh: no damped Holt, the M4 Comb in its slot");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheLogScaleAutoregressionLoadsAndContinuesBitForBit()
    {
        // Written by this branch's base, main @c54147b (forecast pool layout 9), without a season, horizon 3, after 300
        // rows of CyclicOld (positive). It loads with the order-selected AR on y alone, as it was, so the RTU's and the
        // combined forecasts of the next 40 rows are the stored ones bit for bit; saved again (layout 10, without the fit
        // on ln y) the copy continues as the original; a series started afresh forecasts from the fit on ln y.
        var f = LoadAndContinue("layout9", CyclicOld, combinedToo: true, combinedBitForBit: true);
        var copy = f.Clone();
        var a = new float[3];
        ContinuesAlike(f, copy, t => CyclicOld(t), 340, 400);
        Assert.IsFalse(f.Pool.SelectedArOnLogScale, "loaded: the fit on y alone");
        Assert.IsFalse(copy.Pool.SelectedArOnLogScale, "saved again: still");
        f.ResetState();
        for (int t = 0; t < 60; t++) f.Observe(CyclicOld(t), default, true, a, default);
        Assert.IsTrue(f.Pool.SelectedArOnLogScale, "started afresh: the fit on ln y");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheSeasonalOrderSelectedArLoadsAndContinuesBitForBit()
    {
        // Written by this branch's base, main @c1047c8 (forecast pool layout 10), season 12, horizon 3, after 300 rows of
        // MonthlyOld. It loads without the order-selected AR (seasonal pools had none before layout 11), so the RTU's and
        // the combined forecasts of the next 40 rows are the stored ones bit for bit; saved again (layout 11, without the
        // member) the copy continues as the original; a series started afresh has the member.
        var f = LoadAndContinue("layout10", MonthlyOld, combinedToo: true, combinedBitForBit: true);
        int member = ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)");
        var members = new double[ForecastPool.MemberCount];
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[member]), "loaded: no such member");
        var copy = f.Clone();
        var a = new float[3];
        ContinuesAlike(f, copy, t => MonthlyOld(t), 340, 400);
        copy.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[member]), "saved again: still none");
        f.ResetState();
        for (int t = 0; t < 60; t++) f.Observe(MonthlyOld(t), default, true, a, default);
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsFinite(members[member]), "started afresh: the member forecasts");
    }

    [TestMethod]
    public void AForecasterSavedBeforeRunsWereJudgedByTheirFirstBoundLoadsAndContinuesBitForBit()
    {
        // Written by this branch's base, main @e54e833 (forecast pool layout 11), season 12, horizon 3, after 50 rows of
        // UK petrol prices. The next 40 rows hold the 1973 oil shock (rows 59–61), which a pool of layout 12 confirms as
        // a level shift and layout 11 did not: the loaded pool judges runs of outliers by the current bound, as it did,
        // so the RTU's and the combined forecasts are the stored ones bit for bit; saved again (layout 12, with the old
        // rule) the copy continues as the original; a series started afresh gets the current rules, and its forecasts
        // differ from the stored ones (with the constant step the file was written with: its settings predate the early
        // step schedule, RtuForecasterSettings.EarlyStepFactor, and load with factor 1). Until layout 15 they were the
        // stored ones bit for bit before the shock; since then a new pool's weights (MAE^−4·MSE^−2) differ from the first
        // scored row, and the shift rule of a new pool is ThePetrolPriceStepIsConfirmedByThePoolAtItsThirdValue's.
        var y = RealSeries.PetrolPrice();
        var f = LoadAndContinue("layout11", t => y[t], combinedToo: true, combinedBitForBit: true, from: 50);
        Assert.AreEqual(1, f.Settings.EarlyStepFactor);
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => y[t], 90, 150);
        var fresh = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 }, EarlyStepFactor = 1 });
        var forecast = new float[3];
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        var stored = File.ReadAllLines(Path.Combine(dir, "forecaster-pool-layout11-forecasts.csv"))
            .Select(l => l.Split(',').Select(v => BitConverter.Int32BitsToSingle(int.Parse(v, CultureInfo.InvariantCulture))).ToArray()).ToArray();
        bool differs = false;
        for (int t = 0; t < 90; t++)
        {
            fresh.Observe(y[t], default, true, forecast, default);
            if (t >= 50) differs |= !forecast.SequenceEqual(stored[t - 50]);
        }
        Assert.IsTrue(differs, "started afresh: the forecasts differ");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheSecondDifferenceMemberLoadsAndContinuesBitForBit()
    {
        // Written by this branch's base, main @b24fd5b (forecast pool layout 13), season 12, horizon 3, after 300 rows of
        // an I(2) series (IntegratedSeries.Twice(400, 3)), where a pool of layout 14 combines its d = 2 member. It loads
        // without the member, so the RTU's and the combined forecasts of the next 40 rows are the stored ones bit for bit;
        // saved again (layout 14, without the member) the copy continues as the original; a series started afresh has it.
        var y = IntegratedSeries.Twice(400, 3);
        var f = LoadAndContinue("layout13", t => y[t], combinedToo: true, combinedBitForBit: true);
        Assert.AreEqual(-1, f.Pool.DifferencingOrder, "loaded: no d = 2 member");
        int member = ForecastPool.MemberNames.ToList().IndexOf("linear trend (d = 2, KPSS)");
        var members = new double[ForecastPool.MemberCount];
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[member]), "loaded: the member forecasts nothing");
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => y[t], 340, 400);
        Assert.AreEqual(-1, copy.Pool.DifferencingOrder, "saved again: still none");
        var a = new float[3];
        f.ResetState();
        for (int t = 0; t < 300; t++) f.Observe(y[t], default, true, a, default);
        Assert.AreEqual(2, f.Pool.DifferencingOrder, "started afresh: the tests say d = 2");
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsFinite(members[member]), "and the member forecasts");
        Assert.IsGreaterThan(0.0, f.Pool.Weight(1, member), "and is combined");
    }

    [TestMethod]
    [DataRow("layout14-yearly", 1)]
    [DataRow("layout14-quarterly", 4)]
    public void AForecasterSavedBeforeTheDriftAndDampedTrendMembersLoadsAndContinuesBitForBit(string layout, int season)
    {
        // Written by this branch's base, main @346d1ca (forecast pool layout 14), horizon 3, after 300 rows of a random
        // walk with drift (season 1: IntegratedSeries.Drifting(400, 21, 0.6)) or a quarterly series
        // (SeasonalSeries.Quarterly(400, 22)), where a pool of layout 15 has the fitted drift or the adjusted damped trend.
        // It loads without them, so the RTU's and the combined forecasts of the next 40 rows are the stored ones bit for
        // bit; saved again (layout 15, without them) the copy continues as the original; a series started afresh has them.
        var y = season == 1 ? IntegratedSeries.Drifting(400, 21, 0.6) : SeasonalSeries.Quarterly(400, 22);
        int member = ForecastPool.MemberNames.ToList().IndexOf(season == 1 ? "SES with drift (fitted, without a season; with one and a second season: seasonal ARIMA at the second season)" : "damped trend (fitted, seasonally adjusted with a season)");
        var f = LoadAndContinue(layout, t => y[t], combinedToo: true, combinedBitForBit: true);
        var members = new double[ForecastPool.MemberCount];
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[member]), "loaded: the member forecasts nothing");
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => y[t], 340, 400);
        copy.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsNaN(members[member]), "saved again: still none");
        var a = new float[3];
        f.ResetState();
        for (int t = 0; t < 300; t++) f.Observe(y[t], default, true, a, default);
        f.Pool.WriteMemberForecasts(1, members);
        Assert.IsTrue(double.IsFinite(members[member]), "started afresh: the member forecasts");
        Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(1, member), "and is scored");
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheRobustFitsLoadsAndContinuesBitForBit()
    {
        // Written by main @26d25af (forecast pool layout 19: plain least squares), season 12, horizon 2, after 300 rows
        // of SpikySeasonal(400, 11), with its RTU's and combined forecasts over the next 40 rows. It loads with plain fits,
        // so both are the stored ones bit for bit; saved again (layout 20, its fits marked plain) it keeps that; a
        // forecaster started afresh has robust fits and forecasts otherwise.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout19", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 2 } });
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheMemberPriorsLoadsAndContinuesBitForBit()
    {
        // Written by main @c83965a (forecast pool layout 20: no member priors), season 12, horizon 2, after 300 rows of
        // SpikySeasonal(400, 11), with its RTU's and combined forecasts over the next 40 rows. It loads without priors,
        // so both are the stored ones bit for bit; saved again it keeps that; a forecaster started afresh weighs by the
        // priors and forecasts otherwise one step ahead.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout20", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 2 } });
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheOneStepLogMeanLoadsAndContinuesBitForBit()
    {
        // Written by main @5180ff3 (forecast pool layout 21: the weighted mean of f with layout 21's priors), season 12,
        // horizon 2, after 300 rows of SpikySeasonal(400, 11), with its RTU's and combined forecasts over the next 40
        // rows. It loads with that mean and those priors, so both are the stored ones bit for bit; saved again it keeps
        // them; a forecaster started afresh combines one step ahead by the mean of ln f with layout 22's priors.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout21", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 2 } });
    }

    [TestMethod]
    [DataRow("yearly", 1)]
    [DataRow("monthly", 12)]
    public void AForecasterSavedBeforeTheDampedTrendInEveryShortSeasonLoadsAndContinuesBitForBit(string kind, int season)
    {
        // Written by main @56baa73 (forecast pool layout 22: the damped trend in quarterly pools only, layout 22's priors),
        // horizon 2, after 300 rows of IntegratedSeries.Drifting(400, 21, 0.6) (season 1) or SpikySeasonal(400, 11)
        // (season 12), with its RTU's and combined forecasts over the next 40 rows. It loads without the damped trend and
        // with those priors, so both are the stored ones bit for bit; saved again it keeps them; a forecaster started
        // afresh has the damped trend and layout 23's priors.
        var y = season == 1 ? IntegratedSeries.Drifting(400, 21, 0.6) : ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11);
        ForecasterFixtures.AssertContinuesAsItWas($"forecaster-pool-layout22-{kind}", y, 300,
            new RtuForecasterSettings { SeasonLength = season, Learner = new RtuLearnerSettings { Horizon = 2 } });
    }

    [TestMethod]
    public void AForecasterSavedBeforeTheM4CombLoadsAndContinuesBitForBit()
    {
        // Written by main @638fd1a (forecast pool layout 23: no M4 Comb, layout 23's priors), season 12, horizon 2, after
        // 300 rows of SpikySeasonal(400, 11), with its RTU's and combined forecasts over the next 40 rows. It loads without
        // the Comb and with those priors, so both are the stored ones bit for bit; saved again it keeps them; a forecaster
        // started afresh has the Comb and layout 24's priors.
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout23-monthly", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 2 } });
    }

    [TestMethod]
    public void AForecasterSavedWithTheCombsOwnHoltFitLoadsAndContinuesAsAFreshOne()
    {
        // Written by main @2696c2c (forecast pool layout 24: the M4 Comb ran and saved its own copy of the d = 2 member's
        // Holt fit), season 12, horizon 2, after 300 rows of SpikySeasonal(400, 11), with its RTU's and combined forecasts
        // over the next 40 rows. Layout 25 only stops storing the copy: the file loads (the copy read and dropped), continues
        // bit for bit and saved again is shorter by exactly the copy. A forecaster started afresh gave the same one-step
        // forecasts up to pool layout 31, since the shared fit is the same recursion on the same values; since layout 32 a
        // return to the level before a recent shift undoes it, which this spiky series has, so a fresh one differs.
        var settings = new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 2 } };
        string file = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data", "forecaster-pool-layout24-monthly.bin");
        byte[] stored = File.ReadAllBytes(file);
        var loaded = RtuForecaster.Load(new BinaryReader(new MemoryStream(stored)));
        using (var ms = new MemoryStream())
        {
            using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) loaded.Save(w);
            // Without the Comb's copy of the Holt fit, and longer by the intervals' layout-6 flag, the pool's layout-26 (no
            // seasonal ARIMA at a second season) and layout-27 flags and layout 28's sections (the resolution's flag, two
            // values and two counts; the seasonal zeros' flag, two sums and a count, and a run of zero seasons per month) and
            // layout 29's flag and size (departures from a constant history), layout 30's flag (no rolling median with a season),
            // layout 31's flag (a shift in proportion: false for the old pool), layout 32's section (returns undoing a shift:
            // off for the old pool), layout 33's flag (the early seasonal naive's move), layout 34's flag (no second season here, so
            // no values given a second season back), layout 38's flag (gross below 0), layout 39's flag (conditioned fits),
            // the intervals' layout-7 flag, layout-8
            // section (a flag, then per horizon the fast scale, two likelihood means, a count and a flag) and layout-9 section
            // (a flag, then a count per horizon), and the forecaster's settings-layout-14 flag, layout-15 section (a flag,
            // a sum and a count), layout 18's range at the settings' end (two doubles) and layout-18 section (a flag, a sum,
            // a count and the largest jumps that stayed), layout-19 section (a flag and an empty run record), layout-21 flag
            // (the replays', false), layout-22 flag (the first rows' judgement across 0, false) and layout-23 flags (the exogenous
            // columns' restart after a constant history and the held jumps' limit, false).
            Assert.AreEqual(stored.Length - new FittedLinearTrend(2).SavedLength + 3 + 33 + 1 + 24 + 4 * 12 + 9 + 1 + 1 + 1 + ForecastPool.Layout32Length + ForecastPool.Layout33Length + loaded.Pool.Layout34Length + ForecastPool.Layout35Length + ForecastPool.Layout36Length + ForecastPool.Layout37Length + ForecastPool.Layout38Length + ForecastPool.Layout39Length + ForecastPool.Layout40Length + ForecastPool.Layout41Length + loaded.Pool.Layout42Length + (1 + 2 * 33) + 1 + (1 + 2 * 8) + RtuForecaster.Layout15Length + 16 + RtuForecaster.Layout18Length + loaded.Layout19Length + RtuForecaster.Layout21Length + RtuForecaster.Layout22Length + RtuForecaster.Layout23Length + RtuForecaster.Layout24Length, (int)ms.Length, "saved again without the Comb's copy of the Holt fit");
        }
        ForecasterFixtures.AssertContinuesAsItWas("forecaster-pool-layout24-monthly", ForecastPoolLossMatchedWeightTests.SpikySeasonal(400, 11), 300,
            settings);
    }
}
