using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The gross judgement of a possible spike, refined in settings layout 12: before the clean has a scale, a possible spike
/// is forecast past as if missing only when it lies far from the members' median forecast too
/// (<see cref="ForecastPool.JudgesGrossByMembers"/>); later, on a positive series, one more than ten times its forecast
/// away is gross whatever the clean's scale (<see cref="ForecastPool.JudgesGrossInProportion"/>).
/// </summary>
[TestClass]
public sealed class GrossSpikeJudgementTests
{
    private static double[] Denmark() => RealSeries.HeldOut("heldout6", "denmark_LRM.csv");

    [TestMethod]
    public void ATrueValueFarFromAnEarlyMemberIsNotForecastPastAsMissing()
    {
        // denmark_LRM with row 3 missing: at row 8 two ARIMA members just admitted hold the combination (12.014 for a true
        // 11.753, the members' median 11.76). Judged by the combination alone the true value was a gross possible spike and
        // the next forecast, made as if it were missing, 12.347 for 11.765: the rest of the series' MAE +70 % over the
        // clean run's. With the members' say it is taken as it is.
        var y = Denmark();
        var gap = (double[])y.Clone();
        gap[3] = double.NaN;
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 4), 4);
        var made = ForecasterAlone.OneStep(gap, 4);
        var before = ForecasterAlone.OneStep(ReadAsLayout11(ForecasterAlone.New(4)), gap);
        Assert.IsTrue(Math.Abs(y[9] - before[8]) > 0.5, $"layout 11: the forecast of row 9 {before[8]:F3} for {y[9]:F3}");
        Assert.IsTrue(Math.Abs(y[9] - made[8]) < 0.05, $"the forecast of row 9 {made[8]:F3} for {y[9]:F3}");
        double cost = ForecasterAlone.RestMae(gap, made, 4) / clean - 1, old = ForecasterAlone.RestMae(gap, before, 4) / clean - 1;
        Assert.IsTrue(old > 0.6, $"layout 11 cost {old:P1}");
        Assert.IsTrue(cost < 0.3, $"cost {cost:P1}");
    }

    [TestMethod]
    public void ASpikeFarFromEveryMemberIsStillForecastPastAsMissing()
    {
        // A reading gone wrong lies far from every member: a spike of 100 standard deviations at row 8 of the same series is
        // forecast past as before, and the forecasts after it are those of the older rule (whose file also replays the first
        // rows with the RTU's weights as they are, settings layout 20: so does the new forecaster here).
        var y = Denmark();
        var spiked = (double[])y.Clone();
        spiked[8] += 100 * ForecasterAlone.Sd(y);
        var f = ForecasterAlone.New(4);
        f.UseReplaysOfLayout20();
        var made = ForecasterAlone.OneStep(f, spiked);
        CollectionAssert.AreEqual(ForecasterAlone.OneStep(ReadAsLayout11(ForecasterAlone.New(4)), spiked), made);
        Assert.IsTrue(Math.Abs(y[9] - made[8]) < 0.1, $"the forecast past the spike {made[8]:F3} for {y[9]:F3}");
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 4), 10);
        Assert.IsTrue(ForecasterAlone.RestMae(y, made, 10) / clean - 1 < 0.05, "the rest of the series");
    }

    [TestMethod]
    public void ASpikeTenTimesItsForecastOnASmallNoisySeriesIsGross()
    {
        // Daily ozone of 5–30 (LA_ozone_daily), a spike of 100 standard deviations at row 13 (623): the relative scale at
        // the forecast's level (18.8 for a forecast of 30) made it no gross spike at 50 such scales, so it was cleaned to
        // the bound (143) and the next forecast was 221 for 12 (the rest of the series' MAE +66.7 %). Ten times its
        // forecast away, it is now forecast past as if missing: the forecast is the one made with row 13 missing (31.0 at
        // pool layout 23, 32.8 with the M4 Comb of layout 24; the clean run's 17.5).
        var y = RealSeries.HeldOut("heldout8", "LA_ozone_daily.csv");
        var spiked = (double[])y.Clone();
        spiked[13] = 623;
        var made = ForecasterAlone.OneStep(spiked, 7);
        var before = ForecasterAlone.OneStep(ReadAsLayout11(ForecasterAlone.New(7)), spiked);
        Assert.IsTrue(before[13] > 100, $"layout 11: the forecast past the spike {before[13]:F1}");
        var missing = (double[])y.Clone();
        missing[13] = double.NaN;
        var asMissing = ForecasterAlone.OneStep(missing, 7);
        Assert.AreEqual(asMissing[13], made[13], $"the forecast past the spike {made[13]:F1} for {y[14]} is the one made with the row missing");
        Assert.IsTrue(Math.Abs(made[13] - y[14]) < 25, $"the forecast past the spike {made[13]:F1} for {y[14]}");
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 7), 14);
        Assert.IsTrue(ForecasterAlone.RestMae(y, made, 14) / clean - 1 < 0.05, "the rest of the series");
    }

    [TestMethod]
    public void AGrossValueBeforeTheCleanHasAScaleIsJudgedByTheAbsoluteErrors()
    {
        // An M3 monthly series of sales (N1425, values 700–10,500), a spike of 100 standard deviations at row 11, the last
        // row of the first season. After ten rows its mean relative error was 1.02 (errors as large as the forecasts), so
        // judged by the clean's scale, the larger of the absolute and the relative one, the reading lay under 50 scales
        // from its forecast and passed as data: the seasonal members carried it until the first seasons' review 25 rows
        // later, with forecasts as low as −167,818 (the rest of the series' MAE +376 %; 100 standard deviations above:
        // forecasts up to 169,720, +430 %). Judged by the absolute errors alone (58 of them away), it is held, and the next
        // value shows it was a spike: +1.0 / +1.1 %.
        var y = RealSeries.HeldOut("heldout10", "M3_N1425_m_micro.csv");
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 12), 12);
        foreach (double sds in new[] { -100.0, 100.0 })
        {
            var spiked = (double[])y.Clone();
            spiked[11] += sds * ForecasterAlone.Sd(y);
            var made = ForecasterAlone.OneStep(spiked, 12);
            double cost = ForecasterAlone.RestMae(y, made, 12) / clean - 1;
            Console.WriteLine($"{sds} sd: the forecast past it {made[11]:F0} for {y[12]}; the rest of the series' MAE {cost:+0.0%;-0.0%}");
            Assert.IsTrue(made.Skip(11).All(v => v > 0 && v < 20_000), $"{sds} sd: a forecast outside the series' range: {made.Skip(11).Min():F0} … {made.Skip(11).Max():F0}");
            Assert.IsTrue(Math.Abs(cost) < 0.05, $"{sds} sd: the rest of the series' MAE {cost:P1}");
        }
    }

    [TestMethod]
    public void AFrozenForecasterJudgesAsBefore()
    {
        // Serving (learn = false) matches the exported ONNX graph, whose host-side pool does not know the forecaster's
        // layout: both rules are for a learning forecaster only. Frozen after 13 rows of daily ozone and after 5 of the
        // denmark series (before its clean has a scale), each given a spike and then its series, a forecaster of layout 12
        // forecasts bit for bit as one read from a layout 11 file.
        foreach (var (y, season, from, spike) in new[]
        {
            (RealSeries.HeldOut("heldout8", "LA_ozone_daily.csv"), 7, 13, 623.0),
            (Denmark(), 4, 5, 13.0),
        })
        {
            var current = ForecasterAlone.New(season);
            var older = ReadAsLayout11(ForecasterAlone.New(season));
            var a = new float[1]; var b = new float[1];
            for (int t = 0; t < y.Length; t++)
            {
                bool learn = t < from;
                double value = t == from ? spike : y[t];
                current.Observe(value, default, learn, a, default);
                older.Observe(value, default, learn, b, default);
                Assert.AreEqual(b[0], a[0], $"row {t}");
            }
        }
    }

    [TestMethod]
    public void AReadingManyTimesTheLevelAfterLargeErrorsIsGross()
    {
        // Yearly measles cases (US, epidemics of up to 800,000 before the vaccine), 10 standard deviations added at row
        // 50 (2,563,064 for 26,884): the errors of the epidemic years kept the clean's scale wide, so the reading was an
        // ordinary possible spike, cleaned to its bound (406,632) and forecast past from there: the rest of the series'
        // MAE +347 %. Fifty-eight times its forecast, it is now forecast past as if missing.
        var y = RealSeries.HeldOut("heldout7", "measles_US_yearly.csv");
        var spiked = (double[])y.Clone();
        spiked[50] += 10 * ForecasterAlone.Sd(y);
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 1), 51);
        double old = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(ReadAsLayout11(ForecasterAlone.New(1)), spiked), 51) / clean - 1;
        double now = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(spiked, 1), 51) / clean - 1;
        Assert.IsTrue(old > 1, $"layout 11: {old:P1}");
        Assert.IsTrue(now < 0.1, $"now: {now:P1}");
    }

    [TestMethod]
    public void GrowthInProportionIsNotGross()
    {
        // ArgentinaCPI (prices through a hyperinflation, up to ×6.6 in a quarter): no value is ten times its forecast away,
        // so every forecast is the older rule's, bit for bit.
        var y = RealSeries.HeldOut("heldout4", "ArgentinaCPI.csv");
        CollectionAssert.AreEqual(ForecasterAlone.OneStep(ReadAsLayout11(ForecasterAlone.New(4)), y), ForecasterAlone.OneStep(y, 4));
    }

    [TestMethod]
    public void AForecasterOfSettingsLayoutElevenContinuesAsItWas()
    {
        // Layout 11 (marker −11) judged early spikes by the combination alone: a forecaster read from such a file keeps that
        // rule (the first test), also for a new series (ResetState), and saves again with it; a new forecaster writes the
        // flag on.
        var y = Denmark();
        y[3] = double.NaN;
        var f = ReadAsLayout11(ForecasterAlone.New(4));
        ForecasterAlone.OneStep(f, y[..20]);
        f.ResetState();
        ForecasterAlone.OneStep(f, y[..12]);
        byte[] saved = Saved(f);
        Assert.AreEqual(0, saved[^(f.FirstSeasonsLength - 3)], "saved judging by the combination");
        Assert.AreEqual(1, Saved(ForecasterAlone.New(4))[^(f.FirstSeasonsLength - 3)], "a new forecaster asks the members");
        var again = RtuForecaster.Load(new BinaryReader(new MemoryStream(saved)));
        CollectionAssert.AreEqual(saved, Saved(again), "saved again as read");
    }

    [TestMethod]
    public void TheFlagWithoutTheSpikeRewindIsRefused()
    {
        // The refined gross judgement is a rule of the spike rewind: a file that has it without the rewind is refused
        // with InvalidDataException; with it off too, the same bytes load.
        var y = RealSeries.Co2();
        var f = ForecasterAlone.New(12);
        for (int t = 0; t < 200; t++) f.Observe(y[t], default, learn: true, default, default);
        byte[] bytes = Saved(f);
        int held = bytes.Length - f.FirstSeasonsLength - (1 + 4 + StartupSpikes.MaxRows * 8) - 9;   // the held row's record (no exogenous values)
        int flags = bytes.Length - f.FirstSeasonsLength;
        for (int at = held - 3; at < held; at++) bytes[at] = 0;   // no rewind, no gap smoothing, no jump shifts
        for (int at = flags; at < flags + 3; at++) bytes[at] = 0; // no review, no provisional judgement, no estimates
        Assert.AreEqual(1, bytes[flags + 3]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(e.Message, "gross spikes");
        bytes[flags + 3] = 0;
        bytes[flags + 4] = 0;   // no shift judged by the jump (layout 14), a rule of the jump shifts too
        Assert.AreEqual(1, bytes[flags + 5]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)))).Message, "held spikes");
        for (int at = flags + 5; at < flags + 5 + RtuForecaster.Layout15Length; at++) bytes[at] = 0;   // no lift toward a held spike (layout 15), nor persistences seen
        int gross = flags + 5 + RtuForecaster.Layout15Length;
        Assert.AreEqual(1, bytes[gross]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)))).Message, "held gross spikes");
        for (int at = gross; at < gross + RtuForecaster.Layout18Length; at++) bytes[at] = 0;   // no lift toward a held gross spike (layout 18)
        int runs = gross + RtuForecaster.Layout18Length;
        Assert.AreEqual(1, bytes[runs]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)))).Message, "runs of gross spikes");
        bytes[runs] = 0;   // runs of gross spikes not undone (layout 19)
        RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)));
    }
}
