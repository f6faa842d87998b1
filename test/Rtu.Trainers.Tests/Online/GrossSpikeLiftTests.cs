using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// While a gross possible spike is held, the forecast made past it as if it were missing is moved toward it on a series
/// whose gross jumps have stayed (settings layout 18, <see cref="RtuForecaster.HeldGrossSpikePersistence"/> above
/// <see cref="RtuForecaster.GrossLiftFrom"/>): a tool's wear that resets at each tool change, a counter that wraps.
/// </summary>
[TestClass]
public sealed class GrossSpikeLiftTests
{
    // A tool's wear: from 5 up by about 1 a row, back to 5 at each tool change (every `life` rows), noise 1.
    private static double[] Wear(int seed, int n = 3000, int life = 280)
    {
        var rng = new Random(seed);
        var y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 5 + t % life + PromoData.Gaussian(rng);
        return y;
    }

    // The one-step error at the rows after each change from row `from` on.
    private static double AfterChanges(double[] y, double[] made, int life, int from = 0) =>
        Enumerable.Range(Math.Max(from, 1), y.Length - Math.Max(from, 1)).Where(t => t % life == 1).Average(t => Math.Abs(y[t] - made[t - 1]));

    // The forecaster as settings layout 17 wrote it (no gross lift), read back fresh.
    private static RtuForecaster Layout17(int season) => RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout17(ForecasterAlone.New(season)))));

    [TestMethod]
    public void TheRowAfterAResetIsForecastAtTheNewLevel()
    {
        // Before (layout 17), every tool change's next row was forecast at the old level, an error of the whole jump (280).
        // After three changes that stayed the persistence passes a half, and the next rows are forecast near the new level.
        for (int seed = 1; seed <= 3; seed++)
        {
            var y = Wear(seed);
            var f = ForecasterAlone.New(1);
            var made = ForecasterAlone.OneStep(f, y);
            var before = ForecasterAlone.OneStep(Layout17(1), y);
            double now = AfterChanges(y, made, 280, 1400), then = AfterChanges(y, before, 280, 1400);
            double restNow = ForecasterAlone.RestMae(y, made, 300), restThen = ForecasterAlone.RestMae(y, before, 300);
            Console.WriteLine($"seed {seed}: persistence {f.HeldGrossSpikePersistence:F2}; error the row after a change {then:F1} → {now:F1}; the rest {restThen:F2} → {restNow:F2}");
            Assert.IsGreaterThan(RtuForecaster.GrossLiftFrom, f.HeldGrossSpikePersistence);
            Assert.IsLessThan(0.25 * then, now, $"seed {seed}");
            Assert.IsLessThan(0.9 * restThen, restNow, $"seed {seed}: the whole series too");
        }
    }

    [TestMethod]
    public void ASeriesFirstGrossSpikeAndGlitchesThatReturnAreNotLifted()
    {
        // A series' first gross possible spike has no persistence to go by: forecast past as missing, as before, so a lone
        // spike or level shift (the robustness screens) is forecast as it was. Gross glitches that return keep the
        // persistence at 0, and the forecasts are those of a forecaster without the lift, bit for bit.
        var rng = new Random(5);
        var y = new double[800];
        for (int t = 0; t < y.Length; t++) y[t] = 100 + 5 * Math.Sin(2 * Math.PI * t / 12) + PromoData.Gaussian(rng) + (t % 97 == 50 ? 500 : 0);
        var f = ForecasterAlone.New(12);
        var made = ForecasterAlone.OneStep(f, y);
        Assert.IsLessThan(0.05, f.HeldGrossSpikePersistence, "glitches that return keep nothing");
        CollectionAssert.AreEqual(ForecasterAlone.OneStep(Layout17(12), y), made);
    }

    [TestMethod]
    public void LoggerCodesAndAbsurdReadingsOnAResettingSeriesAreNotLifted()
    {
        // The share says that jumps stay, not which: a reading far beyond the largest reset that stayed (a logger's code,
        // an absurd value) is forecast past as missing, as before, and never below 0 on a series never below 0 (an
        // outside review: −9999 was forecast −9,917, 1e30 at 9.9e29).
        foreach (double code in new[] { -9999, 99999, 1e30 })
        {
            var y = Wear(39, 2000, 100);
            y[560] = code;
            var f = ForecasterAlone.New(1);
            var made = ForecasterAlone.OneStep(f, y[..561]);
            var old = ForecasterAlone.OneStep(Layout17(1), y[..561]);
            Console.WriteLine($"{code}: share {f.HeldGrossSpikePersistence:F2}; forecast past it {made[560]:F1} (without the lift {old[560]:F1}), next {y[561]:F1}");
            Assert.IsGreaterThan(RtuForecaster.GrossLiftFrom, f.HeldGrossSpikePersistence, "the resets stayed");
            Assert.AreEqual(old[560], made[560], $"{code}: not lifted");
            Assert.IsTrue(made[560] >= 0 && made[560] < 200, $"{code}: {made[560]}");
        }
    }

    [TestMethod]
    public void AGlitchTheOtherWayIsNotLifted()
    {
        // The resets stay, all of them down; a gross glitch up (of a reset's size) has no jump up that stayed to go by.
        var y = Wear(31, 2000, 100);
        y[550] += 120;
        var made = ForecasterAlone.OneStep(ForecasterAlone.New(1), y[..551]);
        var old = ForecasterAlone.OneStep(Layout17(1), y[..551]);
        Assert.AreEqual(old[550], made[550]);
        // A reset down, of the size seen, is lifted.
        var reset = ForecasterAlone.OneStep(ForecasterAlone.New(1), y[..601]);
        Assert.IsLessThan(50.0, reset[600], "the reset at row 600 (to about 5 from about 104)");
    }

    [TestMethod]
    public void WhileLiftedTheIntervalsSpanTheHeldValueAndTheOldLevel()
    {
        // The lifted forecast lies between the old level (should the reading return) and the new one: each interval spans
        // the held value, and the 95 % interval the old level too while the chance of a return is above 5 % (after the
        // first few changes; the 80 % interval leaves it out once the share is above 0.8).
        var y = Wear(2);
        var f = ForecasterAlone.New(1);
        float[] forecast = new float[1], lower = new float[1], upper = new float[1];
        int lifted = 0;
        double judgedAgainst = double.NaN;   // the forecast each row was judged against: the one made at the row before
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            double made = forecast[0];
            if (t < 1400 || t % 280 != 0) { judgedAgainst = made; continue; }
            f.WriteInterval(1, lower, upper);
            Assert.IsLessThan(100f, forecast[0], $"t={t}: lifted toward {y[t]:F1}");
            Assert.IsTrue(lower[0] <= y[t] && y[t] <= upper[0], $"t={t}: [{lower[0]}, {upper[0]}] spans the held {y[t]:F1}");
            Assert.IsGreaterThan(RtuForecaster.GrossLiftFrom, f.HeldGrossSpikePersistence);
            if (1 - f.HeldGrossSpikePersistence > 0.05) Assert.IsGreaterThanOrEqualTo(judgedAgainst, (double)upper[0], $"t={t}: the old level {judgedAgainst:F1}");
            var at80 = (Lower: new float[1], Upper: new float[1]);
            f.WriteInterval(0, at80.Lower, at80.Upper);
            if (1 - f.HeldGrossSpikePersistence < 0.2) Assert.IsLessThan(judgedAgainst, (double)at80.Upper[0], $"t={t}: a return less likely than a fifth: the 80 % interval leaves the old level out");
            judgedAgainst = made;
            lifted++;
        }
        Assert.IsGreaterThan(3, lifted);
    }

    [TestMethod]
    public void AForecasterSavedWhileHoldingALiftedGrossSpikeContinuesBitForBit()
    {
        var y = Wear(3);
        var f = ForecasterAlone.New(1);
        var forecast = new float[1];
        int held = 0;
        for (int t = 0; t < y.Length - 30 && held < 3; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            if (t < 1400 || t % 280 != 0) continue;
            held++;
            var g = ForecasterAlone.New(1);
            ForecasterAlone.OneStep(g, y[..(t + 1)]);
            var rest = y[(t + 1)..(t + 30)];
            CollectionAssert.AreEqual(ForecasterAlone.OneStep(g, rest), ForecasterAlone.OneStep(f.Clone(), rest), $"saved at row {t}, holding a gross spike");
        }
        Assert.AreEqual(3, held);
    }

    [TestMethod]
    public void ThePersistenceIsSavedAndADamagedOneIsRefused()
    {
        var y = Wear(4, 1500);
        var f = ForecasterAlone.New(1);
        ForecasterAlone.OneStep(f, y);
        Assert.IsGreaterThan(0.0, f.HeldGrossSpikePersistence);
        var copy = f.Clone();
        Assert.AreEqual(f.HeldGrossSpikePersistence, copy.HeldGrossSpikePersistence);

        byte[] bytes = Saved(f);
        int section = bytes.Length - f.FirstSeasonsLength + 5 + RtuForecaster.Layout15Length;   // after the five flags and layout 15's section
        Assert.AreEqual(1, bytes[section], "the gross lift's flag");
        var sumAboveCount = (byte[])bytes.Clone();
        BitConverter.GetBytes(1e6).CopyTo(sumAboveCount, section + 1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(sumAboveCount)))).Message, "gross-spike persistence");
        var negativeCount = (byte[])bytes.Clone();
        BitConverter.GetBytes(-1L).CopyTo(negativeCount, section + 9);
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(negativeCount))));
        var nanSum = (byte[])bytes.Clone();
        BitConverter.GetBytes(double.NaN).CopyTo(nanSum, section + 1);
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(nanSum))));
        var offWithCount = (byte[])bytes.Clone();
        offWithCount[section] = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(offWithCount))));
        var overflowing = (byte[])bytes.Clone();   // a count the next held spike would overflow (an outside review's)
        BitConverter.GetBytes(0.0).CopyTo(overflowing, section + 1);
        BitConverter.GetBytes(long.MaxValue).CopyTo(overflowing, section + 9);
        Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(overflowing))));
        Assert.IsGreaterThan(0.0, BitConverter.ToDouble(bytes, section + 25), "the largest jump down that stayed");
        foreach (double bad in new[] { -1.0, double.NaN, double.PositiveInfinity })
        {
            var badStayed = (byte[])bytes.Clone();
            BitConverter.GetBytes(bad).CopyTo(badStayed, section + 25);
            Assert.ThrowsExactly<InvalidDataException>(() => RtuForecaster.Load(new BinaryReader(new MemoryStream(badStayed))), $"jump down {bad}");
        }

        // A layout-17 file reads without the lift and continues as it was.
        var old = RtuForecaster.Load(new BinaryReader(new MemoryStream(AsLayout17(f))));
        Assert.AreEqual(0.0, old.HeldGrossSpikePersistence);

        // A new series (ResetState) starts its persistence afresh.
        f.ResetState();
        Assert.AreEqual(0.0, f.HeldGrossSpikePersistence);
    }
}
