using System.Globalization;
using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A possible spike is held for one row (<see cref="SpikeRewind"/>): when the next value returns, the forecaster goes
/// back and observes the spike as a missing value; until then it forecasts past a gross one as if it were missing.
/// </summary>
[TestClass]
public sealed class SpikeRewindTests
{
    public TestContext TestContext { get; set; } = null!;

    private static RtuForecaster New(int season) => new(new RtuForecasterSettings { SeasonLength = season });

    private static double[] OneStep(double[] y, int season) => ForecasterAlone.OneStep(y, season);

    private static double RestMae(double[] y, double[] made, int from) => ForecasterAlone.RestMae(y, made, from);

    [TestMethod]
    public void ASpikeOf100TimesTheScaleFromTheFourthRowOnBarelyChangesTheRestOfRealSeries()
    {
        // Issue 13: one spike of 100 standard deviations of the series may change the MAE of the rest of the series by at
        // most 5 % against the clean run. Before the rewind (pool layout 17) a spike in the first 10 rows (13 of monthly
        // data), before the clean had a scale, was taken as it was and multiplied the rest's MAE by up to 470, and a
        // cleaned one still entered every member as the forecast + 6·s (austres, row 40: +85 %).
        var series = new (string Name, double[] Y, int Season)[]
        {
            ("co2", RealSeries.Co2(), 12), ("petrol", RealSeries.PetrolPrice(), 12), ("JohnsonJohnson", RealSeries.JohnsonJohnson, 4),
        };
        int[] rows = [3, 4, 6, 8, 11, 14, 20, 40, 60];
        var changes = new List<double>();
        foreach (var (name, y, season) in series)
        {
            var clean = OneStep(y, season);
            double sd = ForecasterAlone.Sd(y);
            var line = new List<string>();
            foreach (int at in rows)
                foreach (int sign in new[] { 1, -1 })
                {
                    var spiked = (double[])y.Clone();
                    spiked[at] += sign * 100 * sd;
                    var dirty = OneStep(spiked, season);
                    Assert.IsTrue(dirty.All(double.IsFinite), $"{name}, spike at row {at}: a forecast is not finite");
                    double change = RestMae(y, dirty, at + 1) / RestMae(y, clean, at + 1) - 1;
                    changes.Add(Math.Abs(change));
                    line.Add((100 * change).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture));
                }
            TestContext.WriteLine($"{name}: rest-of-series MAE change (%) for +/− spikes at rows {string.Join(", ", rows)}: {string.Join(" ", line)}");
        }
        changes.Sort();
        TestContext.WriteLine($"median {changes[changes.Count / 2]:P1}, largest {changes[^1]:P1}, over 5 %: {changes.Count(c => c > 0.05)} of {changes.Count}");
        // Before (layout 17, no rewind): median +462 %, largest +4,495 %, 45 of 54 over 5 %. Now most are within 5 %; the
        // rest are what a missing value there costs (petrol at row 60: +9 % either way; +10.2 % down since settings layout
        // 15: the spike takes the place of the value after the 1979 rise, a held possible spike, so the spiked run learns
        // that rise kept nothing, and the clean run's forecasts, which lift toward the later rises, are the better).
        Assert.IsLessThan(0.02, changes[changes.Count / 2], "median change");
        Assert.IsLessThan(0.11, changes[^1], "largest change");
        Assert.IsLessThanOrEqualTo(changes.Count / 10, changes.Count(c => c > 0.05), "changes over 5 %");
    }

    [TestMethod]
    public void AReturnedSpikeIsObservedAsAMissingValue()
    {
        // After the row that shows the spike returned, the forecaster is the one that saw a missing value there, but for
        // the RTU's parameters, which keep one step learned from the cleaned value: its forecasts differ from the
        // missing-value run's by a small fraction of the one-step error, where the cleaned spike's differed by more than
        // the error itself.
        var y = RealSeries.Co2();
        const int at = 250;
        double sd = ForecasterAlone.Sd(y);
        var spiked = (double[])y.Clone(); spiked[at] += 100 * sd;
        var missing = (double[])y.Clone(); missing[at] = double.NaN;
        var a = OneStep(spiked, 12);
        var b = OneStep(missing, 12);
        double mae = RestMae(y, b, at + 2);
        double largest = Enumerable.Range(at + 1, y.Length - at - 1).Max(t => Math.Abs(a[t] - b[t]));
        TestContext.WriteLine($"co2, spike at row {at}: largest difference of the forecasts from row {at + 1} on from the missing-value run's {largest:G3} (their MAE {mae:G3})");
        Assert.IsLessThan(0.05 * mae, largest);   // 0.0081 for an MAE of 0.239
        // The forecast made at the spike's row itself (before the next value decides) is the missing-value run's too:
        // the spike is gross (beyond GrossBound errors).
        Assert.IsLessThan(0.05 * mae, Math.Abs(a[at] - b[at]), "the forecast made at the spike's row");
    }

    [TestMethod]
    public void AValueTheNextOneStaysNearIsNotASpike()
    {
        // A jump (a price that moves and stays) is cleaned as before: it enters as the forecast + OutlierBound·s and the
        // run is confirmed at its third value; it is not observed as missing.
        var y = RealSeries.Co2();
        const int at = 250;
        double jump = 100 * ForecasterAlone.Sd(y);
        var jumped = y.Select((v, t) => t >= at ? v + jump : v).ToArray();
        var missing = (double[])jumped.Clone(); missing[at] = double.NaN;
        var a = OneStep(jumped, 12);
        var b = OneStep(missing, 12);
        Assert.IsGreaterThan(1.0, Math.Abs(a[at + 1] - b[at + 1]), "the jump's row is not taken as missing");
        double mae = RestMae(jumped, a, at + 40);
        TestContext.WriteLine($"co2 with a jump of {jump:F0} at row {at}: one-step MAE from row {at + 40} {mae:F3}; clean series {RestMae(y, OneStep(y, 12), at + 40):F3}");
        Assert.IsLessThan(1.2 * RestMae(y, OneStep(y, 12), at + 40), mae, "the jump is adapted to");
    }

    [TestMethod]
    public void AForecasterSavedWhileHoldingASpikeContinuesBitForBit()
    {
        // Saved between a possible spike and the value after it, the forecaster writes itself as it was before the spike's
        // row and then that row; read back, it holds the spike again and continues as the one never saved, whether the
        // next value returns (a spike) or stays (a jump). The saved length is the same as without a hold.
        var y = RealSeries.Co2();
        const int at = 250;
        double sd = ForecasterAlone.Sd(y);
        foreach (bool returns in new[] { true, false })
        {
            var series = y.Select((v, t) => t == at || (!returns && t > at) ? v + 100 * sd : v).ToArray();
            var f = New(12);
            var forecast = new float[1];
            long quietLength = 0;
            for (int t = 0; t <= at; t++)
            {
                if (t == at - 1) quietLength = Saved(f).Length;
                f.Observe(series[t], default, learn: true, forecast, default);
            }
            Assert.AreEqual(quietLength, Saved(f).Length, "the same length while holding");
            ReadBackContinuesBitForBit(f, series, at + 1, $"next value {(returns ? "returns" : "stays")}");
        }
    }

    [TestMethod]
    public void AHostileHeldRowIsRefused()
    {
        // The held row's record: a flag, the value, the exogenous values. An infinite value, a value that is no possible
        // spike of the stored forecaster, and a missing value (NaN) held by a forecaster that does not smooth gaps (settings
        // layout 6) are refused with InvalidDataException.
        var y = RealSeries.Co2();
        var f = New(12);
        for (int t = 0; t < 200; t++) f.Observe(y[t], default, learn: true, default, default);
        byte[] bytes = Saved(f);
        int record = bytes.Length - f.FirstSeasonsLength - 9 - (1 + 4 + StartupSpikes.MaxRows * 8);   // flag, value (no exogenous values); the first rows' record and the first seasons' after it
        byte[] Holding(byte[] saved, double value, int at)
        {
            var copy = (byte[])saved.Clone();
            copy[at] = 1;
            BitConverter.GetBytes(value).CopyTo(copy, at + 1);
            return copy;
        }
        foreach (double value in new[] { double.PositiveInfinity, y[200] })
            Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(Holding(bytes, value, record)))), $"held value {value}");
        var layout6 = WithoutGapFlag(AsLayout8(f));
        BitConverter.GetBytes(-6).CopyTo(layout6, 0);
        int record6 = layout6.Length - 9 - (1 + 4 + StartupSpikes.MaxRows * 8);   // the held row's record, then the first rows' (layout 6 ends there)
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(Holding(layout6, double.NaN, record6)))), "a held gap in layout 6");
        // A gross value is a possible spike, and a missing value a lone gap: the record holds them. The gross value also
        // starts a run of gross spikes (GlitchRun, settings layout 19), which the forecaster then writes in the held row's
        // place: the state before it and the row, read back the same.
        foreach (double value in new[] { y[200] + 100 * ForecasterAlone.Sd(y), double.NaN })
        {
            var held = Holding(bytes, value, record);
            var g = RtuForecaster.Load(new BinaryReader(new MemoryStream(held)));
            Assert.IsTrue(g.HoldsRowsToJudge, $"held value {value}");
            var again = Saved(g);
            if (double.IsNaN(value)) CollectionAssert.AreEqual(held, again);
            else CollectionAssert.AreEqual(again, Saved(RtuForecaster.Load(new BinaryReader(new MemoryStream(again)))), "a run's first row, read back the same");
        }
    }

    [TestMethod]
    public void AFrozenForecasterCleansAsBeforeAndHoldsNothing()
    {
        // Serving (learn = false) matches the exported ONNX graph, whose host-side pool cleans each value once: a frozen
        // forecaster does not hold or rewind.
        var y = RealSeries.Co2();
        var f = New(12);
        for (int t = 0; t < 250; t++) f.Observe(y[t], default, learn: true, default, default);
        var frozen = f.Clone();
        frozen.Observe(y[250] + 100 * ForecasterAlone.Sd(y), default, learn: false, default, default);
        int firstRows = 1 + 4 + StartupSpikes.MaxRows * 8 + f.FirstSeasonsLength;   // the first rows' and first seasons' records, after the held row's
        Assert.AreEqual(0, Saved(frozen)[^(9 + firstRows)], "no row held (the record's flag: no exogenous values follow the value)");
        var learning = f.Clone();
        learning.Observe(y[250] + 100 * ForecasterAlone.Sd(y), default, learn: true, default, default);
        Assert.IsFalse(frozen.HoldsRowsToJudge);
        Assert.IsTrue(learning.HoldsRowsToJudge, "learning, the same value is held (and kept as a run's first row: GlitchRun)");
    }

    [TestMethod]
    public void TheIntervalsScoreTheForecastsThatWereGiven()
    {
        // After a returned spike the intervals keep scoring what was given at its row: past an ordinary outlier (here
        // about 17 recent errors) the forecast from the cleaned value, whose error widens them as before the rewind;
        // past a gross one (100 sd, beyond GrossBound) the forecast made as if it were missing, so their error scale
        // stays as a missing value leaves it, and (intervals layout 7) the spike counts as the miss it was: the width
        // factor's one step for a miss, 0.1·0.95 on a factor near ln 20, a few per cent wider and no more.
        var y = RealSeries.Co2();
        const int at = 250;
        foreach (var (jump, gross) in new[] { (4.0, false), (100 * ForecasterAlone.Sd(y), true) })
        {
            var spiked = (double[])y.Clone(); spiked[at] += jump;
            var missing = (double[])y.Clone(); missing[at] = double.NaN;
            double a = HalfWidthAfter(spiked, at + 1), b = HalfWidthAfter(missing, at + 1);
            TestContext.WriteLine($"spike +{jump:F1} at row {at}: 95 % half-width after the next row {a:F4}, with a missing value {b:F4}");
            if (gross)
            {
                Assert.IsGreaterThan(b, a, "a gross spike is a miss");
                Assert.IsLessThan(1.05 * b, a, "and moves the width factor by one step only: the scale is a missing value's");
            }
            else Assert.IsGreaterThan(1.05 * b, a, "an ordinary outlier's error still counts");
        }
    }

    // The one-step 95 % interval's half-width after observing rows 0 … last.
    private static double HalfWidthAfter(double[] y, int last)
    {
        var f = New(12);
        for (int t = 0; t <= last; t++) f.Observe(y[t], default, learn: true, default, default);
        float[] lower = new float[1], upper = new float[1];
        f.WriteInterval(1, lower, upper);
        return (upper[0] - lower[0]) / 2.0;
    }

    [TestMethod]
    public void ASpikeAfterAValueNearZeroIsJudged()
    {
        // RealInt (a real interest rate, quarterly) begins 1.99, 0.004, 2.27: the relative error of 2.27 against a forecast
        // of 0.004 (567) made the clean's relative scale so wide that a spike of 100 standard deviations at row 5 was no
        // possible spike, was taken as it was and cost the rest of the series' MAE 267 %. One relative error now counts at
        // most ForecastPool.RelativeErrorCap (10).
        var y = File.ReadAllLines(Path.Combine(RealSeries.RepositoryRoot(), "samples", "Rtu.Forecasting", "heldout2", "data", "RealInt.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        foreach (int sign in new[] { 1, -1 })
        {
            double change = ForecasterAlone.SpikeCost(y, 4, at: 5, sds: sign * 100, from: 6);
            TestContext.WriteLine($"RealInt, spike {(sign > 0 ? "+" : "−")}100 sd at row 5: MAE of the forecasts made from row 5 on {change:P1}");
            Assert.IsLessThan(0.05, Math.Abs(change));
        }
    }
}
