using System.Globalization;
using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A spike among a new series' first rows, before the forecast pool has an error scale to judge it by
/// (<see cref="StartupSpikes"/>): judged from the third value on against the others, and replayed as a missing value.
/// </summary>
[TestClass]
public sealed class StartupSpikesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TheRuleJudgesByTheRangeOfTheOthersOrWhenEqualByTheirSize()
    {
        Assert.IsTrue(StartupSpikes.IsSpike(900, [40.8, 44.4]));            // nottem's first value + 100 sd
        Assert.IsFalse(StartupSpikes.IsSpike(40.6, [40.8, 44.4]));
        Assert.IsFalse(StartupSpikes.IsSpike(88, [84, 85, 85, 84]));        // WWWusage
        Assert.IsTrue(StartupSpikes.IsSpike(-1e4, [580.4, 581.9, 581]));    // below as well as above
        Assert.IsFalse(StartupSpikes.IsSpike(50, [0, 0, 0]), "all 0: no scale to judge by");
        Assert.IsFalse(StartupSpikes.IsSpike(4, [5, 5]));
        // Equal others judge by their size: lh's first values and its fourth + 100 sd.
        Assert.IsTrue(StartupSpikes.IsSpike(56.8, [2.4, 2.4, 2.4]));
        Assert.IsFalse(StartupSpikes.IsSpike(2.4 + 20 * 2.4 - 1e-9, [2.4, 2.4, 2.4]));
        // The threshold: 20 ranges from the median.
        Assert.IsFalse(StartupSpikes.IsSpike(10 + 20 * 1 - 1e-9, [9.5, 10.5]));
        Assert.IsTrue(StartupSpikes.IsSpike(10 + 20 * 1 + 1e-6, [9.5, 10.5]));
    }

    [TestMethod]
    public void ASpikeInTheFirstThreeRowsBarelyChangesTheForecastsAfterItIsJudged()
    {
        // Issue 13's spike test where the pool cannot judge (rows 0–2): one spike of 100 standard deviations, either sign,
        // in CO2, petrol prices and Johnson & Johnson. A spike is judged at the third row (row 2), so the forecasts made at
        // rows 0 and 1 carry one at row 0 or 1 (nothing could tell which of two values is the spike); the MAE of the
        // forecasts made from row 2 on is compared with the clean run's. Before (the first rows never judged): median
        // +89.5 %, up to ×404, on the 15 shorter bench series; measured now here: median 0.4 %, largest 1.8 %.
        var series = new (string Name, double[] Y, int Season)[]
        {
            ("co2", RealSeries.Co2(), 12), ("petrol", RealSeries.PetrolPrice(), 12), ("JohnsonJohnson", RealSeries.JohnsonJohnson, 4),
        };
        var changes = new List<double>();
        foreach (var (name, y, season) in series)
        {
            var clean = ForecasterAlone.OneStep(y, season);
            double sd = ForecasterAlone.Sd(y);
            var line = new List<string>();
            foreach (int at in new[] { 0, 1, 2 })
                foreach (int sign in new[] { 1, -1 })
                {
                    var spiked = (double[])y.Clone();
                    spiked[at] += sign * 100 * sd;
                    var dirty = ForecasterAlone.OneStep(spiked, season);
                    Assert.IsTrue(dirty.All(double.IsFinite), $"{name}, spike at row {at}: a forecast is not finite");
                    double change = ForecasterAlone.RestMae(y, dirty, 3) / ForecasterAlone.RestMae(y, clean, 3) - 1;
                    changes.Add(Math.Abs(change));
                    line.Add((100 * change).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture));
                }
            TestContext.WriteLine($"{name}: MAE change (%) of the forecasts from row 2 on, +/− spikes at rows 0, 1, 2: {string.Join(" ", line)}");
        }
        changes.Sort();
        TestContext.WriteLine($"median {changes[changes.Count / 2]:P1}, largest {changes[^1]:P1}");
        Assert.IsLessThan(0.02, changes[changes.Count / 2], "median change");
        Assert.IsLessThan(0.05, changes[^1], "largest change");
    }

    [TestMethod]
    public void AJudgedSpikeIsObservedAsAMissingValue()
    {
        // From the row that judges it on, the forecaster is the one that saw a missing value in the spike's row, bit for bit:
        // the replay takes the RTU from before the first row too (settings layout 21; before, it kept the weights as they
        // were, which had not moved in two rows here).
        var y = RealSeries.Co2();
        double sd = ForecasterAlone.Sd(y);
        var spiked = (double[])y.Clone(); spiked[1] += 100 * sd;
        var missing = (double[])y.Clone(); missing[1] = double.NaN;
        var a = ForecasterAlone.OneStep(spiked, 12);
        var b = ForecasterAlone.OneStep(missing, 12);
        double mae = ForecasterAlone.RestMae(y, b, 3);
        double largest = Enumerable.Range(3, y.Length - 3).Max(t => Math.Abs(a[t] - b[t]));
        TestContext.WriteLine($"co2, spike at row 1: largest difference of the forecasts from row 2 on from the missing-value run's {largest:G3} (their MAE {mae:G3})");
        Assert.AreEqual(0, largest);
    }

    [TestMethod]
    public void TrueFirstValuesAreKeptAndASpikeIsReplayedOnce()
    {
        // The first values of real series are not judged spikes (nothing replayed); with a spike at row 0 or 1 the rows
        // are replayed once, at row 2; at row 2, there and once more at row 3, whose value smooths it as a lone gap.
        foreach (var (y, season) in new[] { (RealSeries.Co2(), 12), (RealSeries.PetrolPrice(), 12), (RealSeries.JohnsonJohnson, 4), (RealSeries.ArgentinaCpi(), 4) })
        {
            var f = ForecasterAlone.New(season);
            for (int t = 0; t < 10; t++) f.Observe(y[t], default, learn: true, default, default);
            Assert.AreEqual(0, f.FirstRowsReplayed);
            foreach (int at in new[] { 0, 1, 2 })
            {
                var g = ForecasterAlone.New(season);
                var spiked = (double[])y.Clone(); spiked[at] *= 1000;
                for (int t = 0; t < 10; t++)
                {
                    g.Observe(spiked[t], default, learn: true, default, default);
                    int replays = t < 2 ? 0 : at == 2 && t >= 3 ? 2 : 1;
                    Assert.AreEqual(replays, g.FirstRowsReplayed, $"spike at row {at}, after row {t}");
                }
            }
        }
    }

    [TestMethod]
    public void AGrossSpikeJudgedAtItsOwnRowCostsWhatAMissingValueCosts()
    {
        // A spike judged at its own row was observed there as a missing value that no next value smoothed (a lone gap among
        // the first rows is smoothed at the next row's replay), so the seasonal members waited a season more: austres with
        // a spike of 100 standard deviations at row 3 cost the rest of the series' MAE +47.7 %, as a missing value −2.3 %.
        // Now the next row observes the rows again and the gross spike is smoothed as that gap: the costs are the same.
        foreach (var (name, y, season) in new[] { ("austres", RealSeries.Austres, 4), ("JohnsonJohnson", RealSeries.JohnsonJohnson, 4), ("CO2", RealSeries.Co2(), 12) })
        {
            var clean = ForecasterAlone.OneStep(y, season);
            foreach (int at in new[] { 2, 3 })
            {
                var missing = (double[])y.Clone(); missing[at] = double.NaN;
                double spikeCost = ForecasterAlone.SpikeCost(y, season, at, sds: 100, from: at + 2);
                double missingCost = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(missing, season), at + 2) / ForecasterAlone.RestMae(y, clean, at + 2) - 1;
                TestContext.WriteLine($"{name}, row {at}: a spike of 100 sd {spikeCost:P1}, a missing value {missingCost:P1}");
                Assert.IsLessThan(0.005, Math.Abs(spikeCost - missingCost), $"{name} at row {at}");
                Assert.IsLessThan(0.05, spikeCost, $"{name} at row {at}");
            }
        }
    }

    [TestMethod]
    public void AFirstSeasonalSwingIsNoGrossSpikeButAReadingGoneWrongIs()
    {
        // Only a gross spike judged at its own row (2 or later) is smoothed at the next row: a true first December that
        // doubles a level with noise of 3 (ForecastPoolSeasonRepeatTests.DecembersDouble) may be judged a spike there, and
        // smoothed toward the level it entered the first season's states as an ordinary month (in forecasters over 40
        // seeds with the first December at rows 1–4, with the factor at 2 the rest's MAE rose in 10 of 160 runs, by up
        // to 30 %; at 3 in 2; at 10 in none). A spike of 100 standard deviations in the first rows of real series is gross.
        static bool GrossAtTheNextRow(double[] y, int at)
        {
            var rows = new StartupSpikes(0);
            rows.Reopen();
            for (int t = 0; t <= at + 1; t++) { rows.Record(y[t], default); rows.Judge(); }
            return rows.IsGrossSpike(at);
        }
        int judged = 0;
        for (int seed = 1; seed <= 40; seed++)
            for (int row = 2; row <= 4; row++)
            {
                var y = ForecastPoolSeasonRepeatTests.DecembersDouble(20, seed)[(11 - row)..];
                var rows = new StartupSpikes(0);
                rows.Reopen();
                for (int t = 0; t <= row + 1; t++) { rows.Record(y[t], default); rows.Judge(); }
                if (rows.IsSpike(row)) judged++;
                Assert.IsFalse(rows.IsGrossSpike(row), $"seed {seed}: the first December at row {row}");
            }
        TestContext.WriteLine($"first Decembers judged spikes at the next row: {judged} of 120");
        Assert.IsGreaterThan(0, judged, "the swings are judged spikes (observed as missing), though not gross");
        foreach (var (name, y) in new[] { ("austres", RealSeries.Austres), ("JohnsonJohnson", RealSeries.JohnsonJohnson), ("CO2", RealSeries.Co2()), ("petrol", RealSeries.PetrolPrice()) })
            foreach (int at in new[] { 2, 3, 4 })
                foreach (int sign in new[] { 1, -1 })
                {
                    var spiked = (double[])y.Clone(); spiked[at] += sign * 100 * ForecasterAlone.Sd(y);
                    Assert.IsTrue(GrossAtTheNextRow(spiked, at), $"{name}: a spike of {sign * 100} sd at row {at}");
                }
    }

    [TestMethod]
    public void ASpikeAcrossZeroFromTheOthersIsGross()
    {
        // A spike on the other side of 0 from every other value, further from 0 than their median is on theirs, is gross
        // (settings layout 22): a season's first swing of a series that stays on one side of 0 does not cross it by more
        // than the level, a reading gone wrong does. Judged by the others' range alone, such spikes fell short of the gross
        // factor: M1_QRC19 (quarterly) with 100 standard deviations below at row 2 lies 176 of its others' ranges away.
        static StartupSpikes Judged(double[] values, bool acrossZero = true)
        {
            var rows = new StartupSpikes(0) { JudgesAcrossZero = acrossZero };
            rows.Reopen();
            foreach (double v in values) { rows.Record(v, default); rows.Judge(); }
            return rows;
        }
        double[] qrc19 = [2.15, 2.36, -34.92, 1.45];
        var judged = Judged(qrc19);
        Assert.IsTrue(judged.IsSpike(2) && judged.IsGrossSpike(2), "below 0 after 2.15 and 2.36");
        var before = Judged(qrc19, acrossZero: false);
        Assert.IsTrue(before.IsSpike(2) && !before.IsGrossSpike(2), "as layout 21 judged it: a spike, not gross");
        Assert.IsTrue(Judged([-5.1, -4.9, 50, -5.0]).IsGrossSpike(2), "above 0 after values below it");
        // Not across 0 by more than the level, or not across at all: judged by the range as before.
        var near = Judged([10, 10.2, -5, 10.1]);
        Assert.IsTrue(near.IsSpike(2) && !near.IsGrossSpike(2), "−5 after 10 and 10.2: below 0, but nearer to it than the level");
        var swing = Judged([10, 10.2, 25, 10.1]);
        Assert.IsTrue(swing.IsSpike(2) && !swing.IsGrossSpike(2), "a swing up on the same side");
        var mixed = Judged([-0.1, 0.1, 30, 0.05]);
        Assert.IsTrue(mixed.IsSpike(2) && !mixed.IsGrossSpike(2), "others on both sides of 0: a spike, not gross");
    }

    [TestMethod]
    public void ASpikeAcrossZeroAmongTheFirstRowsCostsWhatAMissingValueCosts()
    {
        // Gross, a spike judged at its own row is smoothed at the next row's replay as a lone gap is, so the forecasts after
        // it are those of the value missing, bit for bit. Before (settings layout 21), a spike below 0 that was not gross by
        // the others' range stayed an unsmoothed gap: the rest of the series' MAE from two rows after the spike on 13.3 %
        // (M1_QRC19) and 18.7 % (UK spirits) above the value missing's.
        foreach (var (name, y, at) in new[]
        {
            ("M1_QRC19", RealSeries.HeldOut("heldout11", "M1_QRC19_q_macro2.csv"), 2),
            ("UK spirits", RealSeries.HeldOut("heldout7", "UK_spirits_spending.csv"), 4),
        })
        {
            var spiked = (double[])y.Clone(); spiked[at] -= 100 * ForecasterAlone.Sd(y);
            Assert.IsLessThan(0, spiked[at], $"{name}: the spike lies below 0");
            var missing = (double[])y.Clone(); missing[at] = double.NaN;
            var gap = ForecasterAlone.OneStep(missing, 4);
            var made = ForecasterAlone.OneStep(spiked, 4);
            var old = ForecasterAlone.New(4);
            old.UseFirstRowsJudgementOfLayout21();
            var before = ForecasterAlone.OneStep(old, spiked);
            double cost = ForecasterAlone.RestMae(y, made, at + 2) / ForecasterAlone.RestMae(y, gap, at + 2) - 1;
            double costBefore = ForecasterAlone.RestMae(y, before, at + 2) / ForecasterAlone.RestMae(y, gap, at + 2) - 1;
            TestContext.WriteLine($"{name}, row {at}: beyond the value missing {costBefore:P1} before, {cost:P1} now");
            CollectionAssert.AreEqual(gap[(at + 1)..], made[(at + 1)..], $"{name}: the forecasts from the row after the spike on");
            Assert.IsGreaterThan(0.05, costBefore, $"{name}: layout 21's judgement cost more than the value missing");
        }
    }

    [TestMethod]
    public void AFileOfLayout21JudgesAsItDidAndKeepsThatKind()
    {
        // A forecaster written by settings layout 21, before its first row or while keeping its first rows: read back, it
        // judges a spike across 0 by the others' range alone, as it did, keeps that kind when saved again, and forecasts bit
        // for bit as a new one set to layout 21's judgement; a new forecaster judges such a spike gross.
        var y = RealSeries.HeldOut("heldout11", "M1_QRC19_q_macro2.csv");
        var spiked = (double[])y.Clone(); spiked[2] -= 100 * ForecasterAlone.Sd(y);
        static RtuForecaster Read(byte[] bytes) => RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.IsTrue(ForecasterAlone.New(4).JudgesFirstRowsAcrossZero, "a new forecaster");
        var layout21 = ForecasterAlone.New(4);
        layout21.UseFirstRowsJudgementOfLayout21();
        var expected = ForecasterAlone.OneStep(layout21, spiked);
        foreach (int rows in new[] { 0, 2 })
        {
            var f = ForecasterAlone.New(4);
            f.UseFirstRowsJudgementOfLayout21();
            var forecast = new float[1];
            for (int t = 0; t < rows; t++) f.Observe(spiked[t], default, learn: true, forecast, default);
            var old = Read(AsLayout21(Saved(f), f));
            Assert.IsFalse(old.JudgesFirstRowsAcrossZero, $"read from layout 21 after {rows} rows");
            Assert.IsFalse(Read(Saved(old)).JudgesFirstRowsAcrossZero, "saved again");
            var made = ForecasterAlone.OneStep(old, spiked[rows..]);
            CollectionAssert.AreEqual(expected[rows..], made, $"after {rows} rows: as a new forecaster set to layout 21's judgement");
        }
        Assert.AreNotEqual(expected[4], ForecasterAlone.OneStep(spiked, 4)[4], "a new forecaster smooths the spike");
    }

    [TestMethod]
    public void AForecasterSavedWhileKeepingItsFirstRowsContinuesBitForBitAtTheSameLength()
    {
        // Saved after each of the first rows (a spike at row 1, so that a replay happens at row 2; at row 3, judged at its
        // own row and smoothed at the next), the forecaster writes itself as it was before the first row and then the
        // rows; read back, it keeps them again and continues as the one never saved. Every saved length is the same
        // (every stream of an engine saves to one length).
        var y = RealSeries.JohnsonJohnson;
        var lengths = new HashSet<int>();
        foreach (int at in new[] { 1, 3 })
        {
            for (int stop = 0; stop <= 7; stop++)
            {
                var spiked = (double[])y.Clone(); spiked[at] += 100 * ForecasterAlone.Sd(y);
                var f = ForecasterAlone.New(4);
                lengths.Add(Saved(f).Length);
                var forecast = new float[1];
                for (int t = 0; t <= stop; t++) f.Observe(spiked[t], default, learn: true, forecast, default);
                byte[] bytes = Saved(f);
                lengths.Add(bytes.Length);
                var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)));
                CollectionAssert.AreEqual(bytes, Saved(g), $"spike at row {at}, saved after row {stop}: read back, it saves the same bytes");
                var fa = new float[1]; var ga = new float[1];
                for (int t = stop + 1; t < spiked.Length; t++)
                {
                    f.Observe(spiked[t], default, learn: true, fa, default);
                    g.Observe(spiked[t], default, learn: true, ga, default);
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(fa[0]), BitConverter.SingleToInt32Bits(ga[0]), $"spike at row {at}, saved after row {stop}, row {t}");
                }
            }
        }
        Assert.HasCount(1, lengths, "one saved length");
    }

    [TestMethod]
    public void AHostileFirstRowsRecordIsRefused()
    {
        // The record at the end: a flag, a count, MaxRows rows. A count out of range, or rows kept while the flag says none
        // are, is refused with InvalidDataException; kept rows of any value (as Observe takes them) are observed again.
        // Without a season, so that no first seasons' review holds the rows instead (its record is tested apart).
        var y = RealSeries.JohnsonJohnson;
        var f = ForecasterAlone.New(1);
        f.Observe(y[0], default, learn: true, default, default);
        f.Observe(y[1], default, learn: true, default, default);
        byte[] bytes = Saved(f);
        int record = bytes.Length - f.FirstSeasonsLength - (1 + 4 + StartupSpikes.MaxRows * 8);
        Assert.AreEqual(1, bytes[record], "keeping its first rows");
        Assert.AreEqual(2, BitConverter.ToInt32(bytes, record + 1));
        KeptRowsRecordRefused(bytes, record, -1, StartupSpikes.MaxRows, int.MaxValue);
        var odd = (byte[])bytes.Clone();
        BitConverter.GetBytes(double.PositiveInfinity).CopyTo(odd, record + 5 + 8);
        var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(odd)));
        var forecast = new float[1];
        g.Observe(y[2], default, learn: true, forecast, default);
        Assert.IsTrue(float.IsFinite(forecast[0]));
    }

    [TestMethod]
    public void AForecasterOfSettingsLayoutFiveHasItsFirstRowsBehindIt()
    {
        // Settings layout 5 (marker −5) had no first rows' record (nor layout 7's gap flag and layout 8's jump flag before the held row's record): a
        // fresh forecaster saved so (the record and the flag left off) reads back with its first rows behind it, judges
        // nothing, as it was, and saves again as layout 9, bit for bit the same as one that ran beside it.
        var y = RealSeries.JohnsonJohnson;
        var spiked = (double[])y.Clone(); spiked[1] += 100 * ForecasterAlone.Sd(y);
        byte[] bytes = AsLayout8(ForecasterAlone.New(4));
        var old = WithoutGapFlag(bytes)[..^(1 + 4 + StartupSpikes.MaxRows * 8)];
        BitConverter.GetBytes(-5).CopyTo(old, 0);
        var f = RtuForecaster.Load(new BinaryReader(new MemoryStream(old)));
        var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(old)));
        for (int t = 0; t < 10; t++)
        {
            f.Observe(spiked[t], default, learn: true, default, default);
            g.Observe(spiked[t], default, learn: true, default, default);
        }
        Assert.AreEqual(0, f.FirstRowsReplayed, "nothing judged");
        var h = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(f))));
        CollectionAssert.AreEqual(Saved(g), Saved(h));
        // A new series (ResetState) is judged.
        f.ResetState();
        for (int t = 0; t < 10; t++) f.Observe(spiked[t], default, learn: true, default, default);
        Assert.AreEqual(1, f.FirstRowsReplayed);
    }

    [TestMethod]
    public void AFrozenForecasterKeepsNothing()
    {
        // With learning off (serving) the first rows are not kept, as no spike is rewound: a spike is taken as it is.
        var y = RealSeries.JohnsonJohnson;
        var f = ForecasterAlone.New(4);
        int fresh = Saved(f).Length;
        var spiked = (double[])y.Clone(); spiked[1] += 100 * ForecasterAlone.Sd(y);
        for (int t = 0; t < 6; t++) f.Observe(spiked[t], default, learn: false, default, default);
        int record = Saved(f).Length - f.FirstSeasonsLength - (1 + 4 + StartupSpikes.MaxRows * 8);
        Assert.AreEqual(fresh, Saved(f).Length);
        Assert.AreEqual(0, Saved(f)[record], "not keeping its first rows");
    }

    [TestMethod]
    public void ATrueFirstValueThatLookedASpikeIsObservedAgainAtTheNextRow()
    {
        // macro_realgdp begins 2710.35, 2778.8, 2775.49: at row 2 the first value lies 20.4 ranges of the other two from
        // their median and is judged a spike; row 3 (2785.2) widens the others' range, and the value is observed again.
        var y = RealSeries.HeldOut("heldout", "macro_realgdp.csv");
        var f = ForecasterAlone.New(4);
        var replays = new List<int>();
        for (int t = 0; t < 10; t++)
        {
            f.Observe(y[t], default, learn: true, default, default);
            replays.Add(f.FirstRowsReplayed);
        }
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 2, 2, 2, 2, 2, 2, 2 }, replays, "judged at row 2, observed again at row 3");
        // A step at row 2 is judged a spike there and observed again at row 3, where the values stay: the forecast made at
        // row 3 follows the step.
        double[] step = [10, 10.1, 50, 50.2, 49.9, 50.1, 50, 49.8, 50.3, 50];
        var g = ForecasterAlone.New(1);
        var forecast = new float[1];
        for (int t = 0; t < 4; t++) g.Observe(step[t], default, learn: true, forecast, default);
        Assert.AreEqual(2, g.FirstRowsReplayed);
        Assert.AreEqual(50.2, forecast[0], 2.0, "the forecast made at row 3");
    }

    [TestMethod]
    public void ASpikeAfterATrueFirstValueJudgedASpikeIsJudgedToo()
    {
        // Only rows 0–2 were judged here, and the pool's own early judgement needs two scored errors: with macro_realgdp's
        // first value observed as missing (above) a spike of 100 standard deviations at row 3 had neither, was taken as it
        // was and multiplied the MAE of the forecasts after it by 73 (benchmarks/Rtu.ForecastSets --spikes). Every kept
        // row is judged now.
        var y = RealSeries.HeldOut("heldout", "macro_realgdp.csv");
        foreach (int sign in new[] { 1, -1 })
        {
            double change = ForecasterAlone.SpikeCost(y, 4, at: 3, sds: sign * 100, from: 4);
            TestContext.WriteLine($"macro_realgdp, spike {(sign > 0 ? "+" : "−")}100 sd at row 3: MAE of the forecasts made from row 3 on {change:P1}");
            Assert.IsLessThan(0.05, Math.Abs(change));
        }
    }

    [TestMethod]
    public void ASpikeAfterEqualFirstValuesIsJudgedByTheirSize()
    {
        // lh begins 2.4, 2.4, 2.4: no range to judge a fourth value by, and no error either (every forecast was exact), so
        // a spike of 100 standard deviations at row 3 was taken as it was (the rest of the series' MAE +395 %).
        double change = ForecasterAlone.SpikeCost(RealSeries.HeldOut("heldout", "lh.csv"), 1, at: 3, sds: 100, from: 4);
        TestContext.WriteLine($"lh, spike +100 sd at row 3: MAE of the forecasts made from row 3 on {change:P1}");
        Assert.IsLessThan(0.05, Math.Abs(change));
    }

    [TestMethod]
    public void ACountWithZerosIsNotJudgedButARateWithAZeroIs()
    {
        // A count's bursts are its data (disaster deaths 30, 0, 38,690, 17, 0), so a count among counts with a zero is not
        // judged; a value below 0 among them is no count, and is. An inflation rate whose first value is 0.00 (macro_infl)
        // is no count either: before, any first values ≥ 0 with a zero judged nothing, and a spike of 100 standard
        // deviations at its row 1 cost the rest of the series' MAE 28 %.
        var count = ForecasterAlone.New(1);
        foreach (double v in new double[] { 30, 0, 38690, 17, 0, 3, 12 }) count.Observe(v, default, learn: true, default, default);
        Assert.AreEqual(0, count.FirstRowsReplayed, "a count's burst");
        var negative = ForecasterAlone.New(1);
        foreach (double v in new double[] { 30, 0, -38690, 17, 0, 3, 12 }) negative.Observe(v, default, learn: true, default, default);
        Assert.AreEqual(2, negative.FirstRowsReplayed, "a value below 0 among counts: judged at its row, smoothed at the next");
        var y = RealSeries.HeldOut("heldout", "macro_infl.csv");
        Assert.AreEqual(0, y[0]);
        double change = ForecasterAlone.SpikeCost(y, 4, at: 1, sds: 100, from: 3);
        TestContext.WriteLine($"macro_infl, spike +100 sd at row 1: MAE of the forecasts made from row 2 on {change:P1}");
        Assert.IsLessThan(0.05, Math.Abs(change));
    }

    [TestMethod]
    public void TwoSpikesAmongTheFirstRowsDoNotHideEachOther()
    {
        // Two spikes of 100 standard deviations among the first five rows, the MAE of the forecasts made after the second
        // (from the row after it) against the clean run's. Judged against all the other values, each spike widened the
        // other's range: rows 1 and 3 of CO2 cost the rest ×6.9 when rows 0–2 alone were judged, rows 1 and 4 ×5.7 when
        // the second spike unjudged the first. A value that is itself a spike against the rest is now left out of the
        // others. Two equal spikes at rows 0 and 2 are two of four values at row 3 (nothing is judged there) and are
        // judged at row 4: every forecast stays finite.
        var series = new (string Name, double[] Y, int Season)[]
        {
            ("co2", RealSeries.Co2(), 12), ("petrol", RealSeries.PetrolPrice(), 12), ("JohnsonJohnson", RealSeries.JohnsonJohnson, 4),
        };
        var pairs = new[] { (1, 3, 1, 1), (1, 4, 1, -1), (2, 4, 1, 1), (0, 3, -1, 1) };
        foreach (var (name, y, season) in series)
        {
            double sd = ForecasterAlone.Sd(y);
            var clean = ForecasterAlone.OneStep(y, season);
            foreach (var (a, b, signA, signB) in pairs)
            {
                var spiked = (double[])y.Clone();
                spiked[a] += signA * 100 * sd; spiked[b] += signB * 100 * sd;
                double change = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(spiked, season), b + 2) / ForecasterAlone.RestMae(y, clean, b + 2) - 1;
                TestContext.WriteLine($"{name}, spikes at rows {a} and {b}: {change:P1}");
                Assert.IsLessThan(0.05, Math.Abs(change), $"{name}, rows {a} and {b}");
            }
            var equal = (double[])y.Clone();
            equal[0] += 100 * sd; equal[2] += 100 * sd;
            Assert.IsTrue(ForecasterAlone.OneStep(equal, season).All(double.IsFinite), $"{name}, rows 0 and 2: a forecast is not finite");
        }
    }

    [TestMethod]
    public void FromFourOthersAValueIsAlsoJudgedAgainstTheirTrendLine()
    {
        // austres's first six values, a spike of 100 times its mean change (5,221) added to row 2: five others span 287 by
        // their trend alone, so the spike lies 18 of their ranges from their median (not a spike by the level rule), and
        // 341 ranges of their distances from their trend line (Theil–Sen: slope 57.5) from that line; the true value 0.7.
        double[] others = [13067.3, 13130.5, 13254.2, 13303.7, 13353.9];
        double[] rows = [0, 1, 3, 4, 5];
        Assert.IsFalse(StartupSpikes.IsSpike(18419.1, others));
        Assert.IsTrue(StartupSpikes.IsSpike(18419.1, 2, others, rows));
        Assert.IsFalse(StartupSpikes.IsSpike(13198.4, 2, others, rows), "austres's true value");
        // The level rule still judges: a spike by it is one whatever the line says.
        Assert.IsTrue(StartupSpikes.IsSpike(-1e4, 3, [580.4, 581.9, 581, 580.0], [0, 1, 2, 4]));
        // Not from three others: a line through three values leaves their distances one degree of freedom, too small a
        // scale — Nile's true third value, 963, lies 21.7 such ranges from the line through 1,120, 1,160 and 1,210.
        Assert.IsFalse(StartupSpikes.IsSpike(963, 2, [1120, 1160, 1210], [0, 1, 3]));
        // Values on a line give no scale by it (every distance equal): only the level rule judges them.
        Assert.IsFalse(StartupSpikes.IsSpike(30, 2, [1, 2, 4, 5], [0, 1, 3, 4]));
    }

    [TestMethod]
    public void ASpikeInATrendsFirstRowsStaysJudgedAsTheTrendWidensTheOthers()
    {
        // austres with a spike of 100 times its mean change at row 2 (18,419 among 13,067 … 13,354): judged at rows 2–4 by
        // the level rule, it was observed again as a value at row 5, where the five others spanned 287 by the trend alone,
        // and its seasonal members forecast from it a season on; the MAE of the forecasts made from row 2 on rose +616 %.
        // Judged against the others' trend line too, it stays a spike (measured: +29 %, what a missing value in the first
        // season costs this smooth series).
        var y = RealSeries.Austres;
        double meanChange = Enumerable.Range(1, y.Length - 1).Average(t => Math.Abs(y[t] - y[t - 1]));
        var spiked = (double[])y.Clone();
        spiked[2] += 100 * meanChange;
        var f = ForecasterAlone.New(4);
        var made = ForecasterAlone.OneStep(f, spiked);
        var clean = ForecasterAlone.OneStep(y, 4);
        double change = ForecasterAlone.RestMae(y, made, 3) / ForecasterAlone.RestMae(y, clean, 3) - 1;
        TestContext.WriteLine($"austres, spike of 100 mean changes at row 2: MAE of the forecasts made from row 2 on {change:P1}");
        Assert.IsLessThan(0.5, change);
        Assert.IsLessThan(100.0, Math.Abs(made[5] - y[6]), "the forecast a season after the spike");
    }
}
