using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A run of values far from the series that began with a gross possible spike beyond any value given, followed by two
/// values back at the level before it, is observed again from before its first row, its values as missing (settings
/// layout 19, <see cref="GlitchRun"/>).
/// </summary>
[TestClass]
public sealed class GlitchRunTests
{
    // The series with a glitch of glitch[k] standard deviations added at rows at + k.
    private static double[] Glitched(double[] y, int at, params double[] glitch)
    {
        double sd = ForecasterAlone.Sd(y);
        var z = (double[])y.Clone();
        for (int k = 0; k < glitch.Length; k++) z[at + k] += glitch[k] * sd;
        return z;
    }

    // The series with those rows missing.
    private static double[] Missing(double[] y, int at, int rows) => y.Select((v, t) => t >= at && t < at + rows ? double.NaN : v).ToArray();

    // The forecaster as settings layout 18 wrote it (runs kept as they were observed), read back fresh.
    private static RtuForecaster Layout18(int season) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout18(ForecasterAlone.New(season)))));

    [TestMethod]
    public void AGlitchOfSeveralRowsIsForecastPastAsMissingValues()
    {
        // Before (layout 18) a glitch of three rows that stepped up was confirmed as a level shift and the way back was one
        // more: the members kept it (co2: the rest of the series' MAE 12 times the clean run's; US GNP 1.2–2.8 times). From
        // the row after the second value back, the forecasts are now those of the series with the glitch's rows missing,
        // bit for bit.
        foreach (var (name, y, season) in new[] { ("co2", RealSeries.Co2(), 12), ("gnp", RealSeries.HeldOut("heldout2", "NelPlo_gnp.real.csv"), 1) })
        {
            int at = y.Length / 2;
            foreach (var glitch in new[] { new[] { 100.0, 150, 150 }, new[] { 10.0, 15, 15 }, new[] { -100.0, -100 }, new[] { 1000.0, 1000, 1000, 1000 } })
            {
                var z = Glitched(y, at, glitch);
                var f = ForecasterAlone.New(season);
                var made = ForecasterAlone.OneStep(f, z);
                var asMissing = ForecasterAlone.OneStep(ForecasterAlone.New(season), Missing(y, at, glitch.Length));
                int from = at + glitch.Length + 1;   // the forecast made at the second value back
                double now = ForecasterAlone.RestMae(y, made, from + 1), then = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(Layout18(season), z), from + 1);
                double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, season), from + 1);
                Console.WriteLine($"{name} [{string.Join(", ", glitch)}] sd: the rest's MAE over the clean run's {then / clean:F2} → {now / clean:F2}");
                Assert.AreEqual(1, f.GlitchRunsUndone, $"{name} {glitch[0]}");
                // The shift the glitch's rows confirmed is withdrawn at the second value back, the row its first.
                var withdrawn = ForecasterAlone.New(season);
                var changes = new List<SeriesChange>();
                foreach (double v in z[..(from + 1)]) { withdrawn.Observe(v, default, learn: true, default, default); changes.Add(withdrawn.LastChange); }
                Assert.IsTrue(changes[at..from].Any(c => c.Confirmed), $"{name}: a change confirmed during the glitch");
                Assert.AreEqual(new SeriesChange(SeriesChangeKind.Withdrawn, glitch.Length + 1, z[at], z[from]), changes[^1], $"{name} [{string.Join(", ", glitch)}]");
                CollectionAssert.AreEqual(asMissing[from..], made[from..], $"{name} [{string.Join(", ", glitch)}]: as missing values");
                Assert.AreEqual(1, now / clean, 0.05, $"{name} [{string.Join(", ", glitch)}]");
            }
        }
    }

    [TestMethod]
    public void AGlitchBelowZeroOnAPositiveSeriesIsUndone()
    {
        // A glitch of two or three rows at −1.5 times the values (a lost sign) on German unemployment (quarterly, positive):
        // its first row lies below the negative of its forecast, gross since the forecast pool's layout 38, so the run is
        // kept and undone when the series comes back, and the forecasts after it are the missing values', bit for bit.
        // Judged by its distance alone (layout 37) the first row was no gross spike and nothing was undone: the rest of the
        // series' MAE 116–135 % above the missing values'.
        var y = RealSeries.HeldOut("heldout4", "GermanUnemployment_unadjusted.csv");
        int at = y.Length / 2;
        foreach (int rows in new[] { 2, 3 })
        {
            var z = (double[])y.Clone();
            for (int k = 0; k < rows; k++) z[at + k] = -1.5 * y[at + k];
            var f = ForecasterAlone.New(4);
            var made = ForecasterAlone.OneStep(f, z);
            var asMissing = ForecasterAlone.OneStep(ForecasterAlone.New(4), Missing(y, at, rows));
            var old = ForecasterAlone.New(4);
            old.Pool.UseGrossJudgementOfLayout37();
            var before = ForecasterAlone.OneStep(old, z);
            int from = at + rows + 1;   // the forecast made at the second value back
            double cost = ForecasterAlone.RestMae(y, before, from + 1) / ForecasterAlone.RestMae(y, asMissing, from + 1) - 1;
            Console.WriteLine($"{rows} rows: the rest's MAE over the missing values' {cost:P1} before, undone {old.GlitchRunsUndone} / {f.GlitchRunsUndone}");
            Assert.AreEqual(1, f.GlitchRunsUndone, $"{rows} rows");
            Assert.AreEqual(0, old.GlitchRunsUndone, $"{rows} rows, layout 37");
            Assert.IsGreaterThan(1.0, cost, $"{rows} rows: layout 37 cost more than doubled");
            CollectionAssert.AreEqual(asMissing[from..], made[from..], $"{rows} rows: as missing values");
        }
    }

    [TestMethod]
    public void ALoneSpikeALevelShiftAndValuesWithinTheRangeSeenAreLeftAsTheyWere()
    {
        // A lone spike is the spike rewind's; a shift that stays, and a burst no larger than values the series has given
        // (an intermittent series' orders), are data: the forecasts are layout 18's bit for bit.
        var y = RealSeries.Co2();
        int at = y.Length / 2;
        var cases = new[]
        {
            Glitched(y, at, 100),
            y.Select((v, t) => t >= at ? v + 100 * ForecasterAlone.Sd(y) : v).ToArray(),
            Glitched(y, at, 100, 100, 100).Select((v, t) => t >= 40 && t < 60 ? y[t] + 200 * ForecasterAlone.Sd(y) : v).ToArray(),   // a larger level before
        };
        foreach (var z in cases)
        {
            var f = ForecasterAlone.New(12);
            CollectionAssert.AreEqual(ForecasterAlone.OneStep(Layout18(12), z), ForecasterAlone.OneStep(f, z));
            Assert.AreEqual(0, f.GlitchRunsUndone);
        }
        // An intermittent series: bursts of two or three days between zeros, the first the largest.
        var rng = new Random(3);
        var demand = new double[600];
        for (int t = 100; t < demand.Length; t += 40 + rng.Next(20))
            for (int k = 0; k < 2 + rng.Next(2); k++) demand[t + k] = t == 100 ? 30 : 5 + rng.Next(20);
        var g = ForecasterAlone.New(7);
        ForecasterAlone.OneStep(g, demand);
        Assert.AreEqual(0, g.GlitchRunsUndone, "bursts within the first one's size");
    }

    [TestMethod]
    public void ARunUndoneStillSaysThatGrossJumpsStayARow()
    {
        // An undone run's first row, held as a gross possible spike, was kept by the next value: that counts toward the
        // forecast past the next gross jump being moved toward it (HeldGrossSpikePersistence). Where excursions recur (a
        // process switching between 10 and 200 for three rows at a time), their second rows are forecast near 200, and the
        // one-step MAE is 0.86 of layout 18's; left out, 1.22. The price is paid where lone spikes follow glitches of
        // several rows: the first lone spikes after three glitches undone are lifted toward (the notebook, 72nd pass).
        var rng = new Random(4);
        var y = new double[800];
        bool high = false;
        for (int t = 0, left = 40; t < y.Length; t++)
        {
            if (--left <= 0) { high = !high; left = high ? 3 : 10 + rng.Next(20); }
            y[t] = (high ? 200 : 10) + Normal(rng);
        }
        var f = ForecasterAlone.New(1);
        var made = ForecasterAlone.OneStep(f, y);
        double now = ForecasterAlone.RestMae(y, made, 41), then = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(Layout18(1), y), 41);
        Console.WriteLine($"undone {f.GlitchRunsUndone}; one-step MAE over layout 18's {now / then:F3}");
        Assert.IsTrue(f.GlitchRunsUndone > 20);
        Assert.IsTrue(now < 0.95 * then, $"{now} vs {then}");
    }

    [TestMethod]
    public void ASpikeThrownOutDoesNotWidenTheRangeARunMustLeave()
    {
        // A value the spike rewind or the first seasons' review threw out is no value the series gave: a spike of 200
        // standard deviations at co2's tenth row (the first seasons), or a lone one later, kept a later glitch of 100, 150
        // and 150 from being undone (the rest's MAE 10.4 times the clean run's). The same error code alone, then for three
        // rows at a time (a sensor saturating), is undone every time.
        var y = RealSeries.Co2();
        int at = y.Length / 2;
        double clean = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 12), at + 5);
        foreach (int spikeAt in new[] { 10, y.Length / 4 })
        {
            var z = Glitched(y, at, 100, 150, 150);
            z[spikeAt] += 200 * ForecasterAlone.Sd(y);
            var f = ForecasterAlone.New(12);
            var made = ForecasterAlone.OneStep(f, z);
            Assert.AreEqual(1, f.GlitchRunsUndone, $"spike at {spikeAt}");
            Assert.AreEqual(1, ForecasterAlone.RestMae(y, made, at + 5) / clean, 0.05, $"spike at {spikeAt}");
        }
        var saturating = (double[])y.Clone();
        saturating[200] = 4095;
        for (int start = 300; start < y.Length - 10; start += 100)
            for (int k = 0; k < 3; k++) saturating[start + k] = 4095;
        var g = ForecasterAlone.New(12);
        ForecasterAlone.OneStep(g, saturating);
        Assert.AreEqual((y.Length - 11 - 300) / 100 + 1, g.GlitchRunsUndone, "every saturation of three rows");
    }

    [TestMethod]
    public void WithSharedWeightsAnUndoneGlitchTakesBackOnlyItsOwnSteps()
    {
        // A host that shares the RTU's weights among series (a global model: loaded before each row, taken back after)
        // sets SharesWeights. Series A has a glitch of 100, 150 and 150 standard deviations; between two of A's rows, ten
        // other series step (B, ten rows at a time). Undone, A's glitch took the weights back to those of before it,
        // dropping B's steps of those rows (with thousands of series, every glitch threw away rows of everyone's
        // learning). Now the weights after the undo differ from those of a run where B did not step during the glitch by
        // B's steps (within 20 %: A's replay of the glitch's rows starts from other weights), where before they were the
        // same.
        var a = RealSeries.Co2();
        int at = a.Length / 2, rows = 5;   // the glitch's three rows and the two values back
        var glitched = Glitched(a, at, 100, 150, 150);
        var b = Enumerable.Range(0, 10 * a.Length).Select(t => a[t / 10] + 5 * Math.Sin(t / 3.0)).ToArray();
        (float[] Weights, float[] StepsOfB) Run(bool bStepsDuringGlitch, bool shares)
        {
            var fa = ForecasterAlone.New(12); var fb = ForecasterAlone.New(12);
            fa.SharesWeights = fb.SharesWeights = shares;
            var shared = fa.Learner.Clone();
            var stepsOfB = new float[Weights(shared).Length];
            for (int t = 0; t <= at + rows - 1; t++)
            {
                fa.Learner.CopyParametersFrom(shared);
                fa.Observe(glitched[t], default, learn: true, default, default);
                shared.CopyParametersFrom(fa.Learner);
                if (t == at + rows - 1) break;   // the undo: the weights are compared here
                bool during = t >= at;
                if (during && !bStepsDuringGlitch) continue;
                var before = Weights(shared);
                for (int k = 10 * t; k < 10 * t + 10; k++)
                {
                    fb.Learner.CopyParametersFrom(shared);
                    fb.Observe(b[k], default, learn: true, default, default);
                    shared.CopyParametersFrom(fb.Learner);
                }
                if (during) { var after = Weights(shared); for (int i = 0; i < after.Length; i++) stepsOfB[i] += after[i] - before[i]; }
            }
            Assert.AreEqual(1, fa.GlitchRunsUndone);
            return (Weights(shared), stepsOfB);
        }
        foreach (bool shares in new[] { true, false })
        {
            var (with, stepsOfB) = Run(bStepsDuringGlitch: true, shares);
            var (without, _) = Run(bStepsDuringGlitch: false, shares);
            double norm = Math.Sqrt(stepsOfB.Sum(d => (double)d * d)), miss = Math.Sqrt(with.Select((w, i) => Math.Pow(w - without[i] - stepsOfB[i], 2)).Sum());
            double kept = Math.Sqrt(with.Select((w, i) => Math.Pow(w - without[i], 2)).Sum());
            Console.WriteLine($"shares {shares}: B's steps during the glitch {norm:G3}; kept {kept:G3}; kept less B's steps {miss:G3}");
            Assert.IsTrue(norm > 0);
            if (shares) Assert.IsTrue(miss < 0.2 * norm, $"{miss} vs {norm}");
            else Assert.AreEqual(0, kept, "a forecaster alone goes back to its weights from before the glitch");
        }
    }

    private static float[] Weights(OnlineRtuLearner l) =>
        [.. l.Layer.Parameters.Values, .. l.Head.Parameters.Values, .. l.HorizonHeads?.Values ?? []];

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [TestMethod]
    public void SavedDuringARunItContinuesBitForBit()
    {
        // Saved before and at every row of the glitch and the values back (the run kept: the state before it and its rows,
        // observed again on load), the forecaster read back continues as the one never saved; a layout-18 file keeps runs
        // as they were observed, and saves again in the current layout.
        var y = RealSeries.Co2();
        int at = y.Length / 2;
        var z = Glitched(y, at, 100, 150, 150);
        for (int cut = at - 1; cut <= at + 5; cut++)
        {
            var f = ForecasterAlone.New(12);
            var a = new float[1]; var b = new float[1];
            for (int t = 0; t < cut; t++) f.Observe(z[t], default, learn: true, a, default);
            var bytes = Saved(f);
            var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)));
            CollectionAssert.AreEqual(bytes, Saved(g), $"saved again as read, cut {cut}");
            for (int t = cut; t < z.Length; t++)
            {
                f.Observe(z[t], default, learn: true, a, default);
                g.Observe(z[t], default, learn: true, b, default);
                CollectionAssert.AreEqual(a, b, $"saved before row {cut}, t={t}");
                Assert.AreEqual(f.LastChange, g.LastChange, $"saved before row {cut}, t={t}: the change (a withdrawal at the second value back)");
            }
            Assert.AreEqual(1, f.GlitchRunsUndone);
        }
        var old = Layout18(12);
        var made = ForecasterAlone.OneStep(old, z[..(at + 2)]);
        var again = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(old))));
        Assert.AreEqual(-RtuForecasterSettings.LayoutVersion, BitConverter.ToInt32(Saved(again), 0));
        var rest = z[(at + 2)..];
        CollectionAssert.AreEqual(ForecasterAlone.OneStep(old, rest), ForecasterAlone.OneStep(again, rest), "the old rule, read back");
        Assert.AreEqual(0, again.GlitchRunsUndone);
    }

    [TestMethod]
    public void SavedWhileKeepingTheFirstRowsARangeWithoutTheirSpikesIsReadBack()
    {
        // A forecaster keeping a new series' first rows writes the state before the first row and the rows, but the range
        // of the values seen as it stood, the kept rows included; read back, a spike among them (800 at row 0, thrown out
        // by the first rows' replay) stayed in the copy's range, and a glitch of 400 later was not undone there (an outside
        // review: US GNP with a spike of 200 standard deviations at its first row, the rest's MAE 0.965 of the clean run's
        // never saved, 1.185 read back). Now the copy continues bit for bit.
        var rng = new Random(90);
        var y = Enumerable.Range(0, 140).Select(t => t == 0 ? 800 : t is >= 80 and < 83 ? 400 : 100 + (rng.NextDouble() - 0.5) * 2).ToArray();
        foreach (var (season, cut) in new[] { (1, 1), (1, 2), (1, 3), (12, 2) })
        {
            var f = ForecasterAlone.New(season);
            ForecasterAlone.OneStep(f, y[..cut]);
            var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(f))));
            var rest = y[cut..];
            CollectionAssert.AreEqual(ForecasterAlone.OneStep(f, rest), ForecasterAlone.OneStep(g, rest), $"season {season}, saved after {cut} rows");
            Assert.AreEqual(1, f.GlitchRunsUndone, $"season {season}, saved after {cut} rows");
            Assert.AreEqual(1, g.GlitchRunsUndone, $"season {season}, saved after {cut} rows: read back");
        }
    }

    [TestMethod]
    public void AHostileRunRecordIsRefused()
    {
        // Rows that are no run of the stored forecaster, a count out of range, a run kept with the rule off, and a range of
        // the values seen that is not one are refused with InvalidDataException.
        var y = RealSeries.Co2();
        int at = y.Length / 2;
        var f = ForecasterAlone.New(12);
        ForecasterAlone.OneStep(f, Glitched(y, at, 100, 150)[..(at + 2)]);
        Assert.IsTrue(f.HoldsRowsToJudge, "a run kept");
        byte[] bytes = Saved(f);
        int section = bytes.Length - f.FirstSeasonsLength + 5 + RtuForecaster.Layout15Length + RtuForecaster.Layout18Length;
        int record = section + 1 + 16;
        Assert.AreEqual(1, bytes[record], "a run kept");
        Assert.AreEqual(2, BitConverter.ToInt32(bytes, record + 1));
        byte[] With(Action<byte[]> change) { var copy = (byte[])bytes.Clone(); change(copy); return copy; }
        var hostile = new[]
        {
            With(b => BitConverter.GetBytes(y[at] + 0.01).CopyTo(b, record + 5)),      // the first row is no gross spike
            With(b => BitConverter.GetBytes(-1).CopyTo(b, record + 1)),
            With(b => BitConverter.GetBytes(GlitchRun.MaxRows).CopyTo(b, record + 1)),
            With(b => BitConverter.GetBytes(int.MaxValue).CopyTo(b, record + 1)),
            With(b => b[section] = 0),                                               // a run kept with the rule off
            With(b => BitConverter.GetBytes(double.NaN).CopyTo(b, section + 1)),
            With(b => { BitConverter.GetBytes(5.0).CopyTo(b, section + 1); BitConverter.GetBytes(1.0).CopyTo(b, section + 9); }),
        };
        foreach (var (b, i) in hostile.Select((b, i) => (b, i)))
            Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(b))), $"case {i}");
        CollectionAssert.AreEqual(bytes, Saved(RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes)))));
    }

    [DataTestMethod]
    [DataRow(100.0, 3)]
    [DataRow(100.0, 5)]
    [DataRow(0.0, 3)]
    [DataRow(0.0, 5)]
    public void ARunOfReadingsBeyondADoublesPrecisionIsUndoneAsMissing(double level, int rows)
    {
        // An outside review's grid: three or five readings of 1e30 in a row were confirmed at the third, as a change of units
        // (level 100: the pool started afresh, the first forecast back 1e22, intervals NaN for four rows) or, on a series
        // around 0, as a shift to 1e30 that the first value back undid by subtraction (the next forecast −1e21). Pool layout
        // 39: such a run is confirmed only once it outlasts the return window, so the forecaster undoes it as missing.
        var rng = new Random(11);
        var y = new double[700];
        for (int t = 0; t < y.Length; t++) y[t] = t >= 500 && t < 500 + rows ? 1e30 : level + 3 * Normal(rng);
        var settings = new RtuForecasterSettings { SeasonLength = 1 };
        var now = new RtuForecaster(settings);
        var old = new RtuForecaster(settings);
        old.UseRulesOfPoolLayout38();
        float[] a = new float[1], b = new float[1], lower = new float[1], upper = new float[1];
        double worstNow = 0, worstOld = 0;
        int oldOpenIntervals = 0;
        for (int t = 0; t < y.Length; t++)
        {
            now.Observe(y[t], default, learn: true, a, default);
            old.Observe(y[t], default, learn: true, b, default);
            if (t < 500 + rows) continue;
            worstNow = Math.Max(worstNow, Math.Abs(a[0] - level)); worstOld = Math.Max(worstOld, Math.Abs(b[0] - level));
            now.WriteInterval(1, lower, upper);
            Assert.IsTrue(float.IsFinite(lower[0]) && float.IsFinite(upper[0]), $"row {t}: a finite interval");
            old.WriteInterval(1, lower, upper);
            if (!float.IsFinite(lower[0]) || !float.IsFinite(upper[0])) oldOpenIntervals++;
        }
        TestContext.WriteLine($"largest miss of {level} after the run: now {worstNow}, as pool layout 38 {worstOld} (rows without an interval {oldOpenIntervals})");
        Assert.IsTrue(worstOld > 1e6 || oldOpenIntervals > 0, "the defect: a forecast off by orders of magnitude, or the intervals of a pool started afresh");
        Assert.IsLessThan(100.0, worstNow);
        Assert.AreEqual(y.Length, now.Rows, "nothing started afresh");
    }

    [TestMethod]
    public void ARunBeyondADoublesPrecisionFollowedByAGapLeavesTheForecastsAsTheyWere()
    {
        // An outside review: the deferred run's rows from the third on had been cleaned to the outlier bound and taken by the
        // members, so a run that a gap followed (nothing to undo it) cost +13 to +46 % of the MAE over the next 1,000 rows.
        // Observed as missing, six readings of 1e30 and a missing value cost the rest of the series next to nothing.
        var rng = new Random(12);
        var y = new double[1_600];
        for (int t = 0; t < y.Length; t++) y[t] = t >= 500 && t < 506 ? 1e30 : t == 506 ? double.NaN : 100 + 20 * Math.Sin(2 * Math.PI * t / 24) + 3 * Normal(rng);
        var clean = (double[])y.Clone();
        for (int t = 500; t <= 506; t++) clean[t] = double.NaN;
        var settings = new RtuForecasterSettings { SeasonLength = 24 };
        double Mae(double[] values)
        {
            var f = new RtuForecaster(settings);
            var made = new float[1];
            double sum = 0;
            for (int t = 0; t < values.Length; t++)
            {
                if (t >= 520) sum += Math.Abs(y[t] - made[0]);
                f.Observe(values[t], default, learn: true, made, default);
            }
            Assert.AreEqual(values.Length, f.Rows, "nothing started afresh");
            return sum / (values.Length - 520);
        }
        double withRun = Mae(y), without = Mae(clean);
        TestContext.WriteLine($"MAE from row 520: with the run {withRun}, with missing values instead {without}");
        Assert.IsLessThan(1.05 * without, withRun);
    }

    [TestMethod]
    public void AMissingValueInsideARunBeyondADoublesPrecisionIsNoGap()
    {
        // An outside review: without a season the pool's history is five rows, so the deferred rows (observed as missing)
        // and two missing values inside the run made a gap as long as the history, after which the next reading of 1e30 was
        // taken as it was: forecasts of 1e24 and more after the series was back, intervals [0, 1e30].
        var rng = new Random(14);
        double[] run = [1e30, 1e30, 1e30, double.NaN, double.NaN, 1e30, 1e30, 1e30];
        var y = new double[1_200];
        for (int t = 0; t < y.Length; t++) y[t] = t >= 500 && t < 500 + run.Length ? run[t - 500] : 100 + 3 * Normal(rng);
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        var made = new float[1];
        double worst = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, made, default);
            if (t >= 500 + run.Length + 1) worst = Math.Max(worst, Math.Abs(made[0] - 100));
        }
        Assert.AreEqual(y.Length, f.Rows, "nothing started afresh");
        Assert.IsLessThan(20.0, worst);
    }

    [TestMethod]
    public void ATrueMoveBeyondADoublesPrecisionIsConfirmedAtItsSeventhValue()
    {
        // A run that lasts past the return window is confirmed as before (a change of units on a positive series), its change
        // dated from its first row; its rows from the third were observed as missing meanwhile.
        var rng = new Random(13);
        var pool = new ForecastPool(1, 1);
        var model = new float[1] { float.NaN };
        var made = new float[1];
        for (int t = 0; t < 300; t++) { pool.Observe(pool.Clean(100 + 3 * Normal(rng), learn: true), learn: true); pool.Combine(model, made); }
        for (int k = 0; k < 7; k++)
        {
            double cleaned = pool.Clean(1e30, learn: true);
            if (k is >= 2 and < 6) Assert.IsTrue(double.IsNaN(cleaned), $"value {k + 1} of the run observed as missing");
            if (k < 6) Assert.IsFalse(pool.LastChange.Confirmed, $"value {k + 1}: not yet");
            else
            {
                Assert.AreEqual(SeriesChangeKind.ScaleChange, pool.LastChange.Kind);
                Assert.AreEqual(6, pool.LastChange.RowsAgo, "dated from the run's first row");
            }
            pool.Observe(cleaned, learn: true); pool.Combine(model, made);
        }
        var old = new ForecastPool(1, 1);
        old.UseRulesOfLayout38();
        rng = new Random(13);
        for (int t = 0; t < 300; t++) { old.Observe(old.Clean(100 + 3 * Normal(rng), learn: true), learn: true); old.Combine(model, made); }
        for (int k = 0; k < 3; k++) { double cleaned = old.Clean(1e30, learn: true); if (k < 2) { old.Observe(cleaned, learn: true); old.Combine(model, made); } }
        Assert.AreEqual(SeriesChangeKind.ScaleChange, old.LastChange.Kind, "layout 38: confirmed at the third value");
        Assert.AreEqual(2, old.LastChange.RowsAgo);
    }

    [TestMethod]
    public void TwoReadingsOfTenToTheThirtyAreNoLevelShift()
    {
        // An outside review: two readings of 1e30 in a row were taken as a shift to 1e30, and the first value back undid it
        // by subtracting 1e30 from states that held 1e30 + 100: the next forecast 0. Settings layout 23: a held jump beyond
        // MaxJumpShift clean scales is no level shift, so the readings are a run of gross spikes, forecast past as missing.
        var rng = new Random(11);
        var y = new double[700];
        for (int t = 0; t < y.Length; t++) y[t] = t is 500 or 501 ? 1e30 : 100 + 3 * Normal(rng);
        var settings = new RtuForecasterSettings { SeasonLength = 1 };
        var now = new RtuForecaster(settings);
        var old = new RtuForecaster(settings);
        old.UseJumpsOfLayout22();
        float[] a = new float[1], b = new float[1];
        double worstNow = 0, worstOld = 0;
        bool shifted = false;
        for (int t = 0; t < y.Length; t++)
        {
            now.Observe(y[t], default, learn: true, a, default);
            old.Observe(y[t], default, learn: true, b, default);
            shifted |= now.LastChange.Kind is SeriesChangeKind.LevelShift or SeriesChangeKind.ProportionalShift or SeriesChangeKind.ScaleChange;
            if (t >= 502) { worstNow = Math.Max(worstNow, Math.Abs(a[0] - 100)); worstOld = Math.Max(worstOld, Math.Abs(b[0] - 100)); }
        }
        TestContext.WriteLine($"largest miss of 100 from row 502 on: now {worstNow}, as layout 22 {worstOld}");
        Assert.IsGreaterThan(50.0, worstOld, "the defect: a forecast of 0 after the series was back");
        Assert.IsFalse(shifted, "no shift, no change of units");
        Assert.IsLessThan(15.0, worstNow);
        Assert.AreEqual(y.Length, now.Rows, "nothing started afresh");

        // A file of settings layout 22 takes such jumps as it did, bit for bit through the glitch.
        var f = new RtuForecaster(settings);
        for (int t = 0; t < 400; t++) f.Observe(y[t], default, learn: true, a, default);
        var fromFile = RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout22(Saved(f), f))));
        var same = RtuForecaster.Load(new BinaryReader(new MemoryStream(Saved(f))));
        same.UseJumpsOfLayout22(); same.UseScalingOfLayout22(); same.UseGrossSpikesOfLayout23();
        for (int t = 400; t < y.Length; t++)
        {
            fromFile.Observe(y[t], default, learn: true, a, default);
            same.Observe(y[t], default, learn: true, b, default);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(b[0]), BitConverter.SingleToInt32Bits(a[0]), $"row {t}");
        }
    }

    public TestContext TestContext { get; set; } = null!;
}
