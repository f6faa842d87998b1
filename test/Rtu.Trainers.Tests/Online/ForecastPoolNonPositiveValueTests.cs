using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A lone value ≤ 0 on a series positive so far (pool layout 37): held as a possible spike even where the clean's bound
/// lets it through, and observed again as missing once the next value is back, so that the series stays positive; zeros
/// that repeat the season, and lone ones after <see cref="ForecastPool.NonPositiveHolds"/>, are taken as they come; the
/// record is saved, read back, refused when damaged, and a layout-36 pool judges a 0 as any other value.
/// </summary>
[TestClass]
public sealed class ForecastPoolNonPositiveValueTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Week = 7, Horizon = 7, Days = 420, Changed = 202;   // day 202: a Sunday (day % 7 == 6)

    // Daily case counts: about 1,000 on weekdays, 550 on Saturdays, 500 on Sundays, with noise of `noise` (a share):
    // at 25 % a 0 on a Sunday lies within the clean's bound, at 5 % beyond it.
    private static double[] Counts(int seed, double noise = 0.25)
    {
        var rng = new Random(seed);
        double[] week = [1000, 1040, 990, 1010, 960, 550, 500];
        return Enumerable.Range(0, Days).Select(t => Math.Max(1, Math.Round(week[t % Week] * (1 + noise * PromoData.Gaussian(rng))))).ToArray();
    }

    private static RtuForecaster Forecaster() =>
        new(new RtuForecasterSettings { SeasonLength = Week, Learner = new RtuLearnerSettings { Horizon = Horizon } });

    // The one-step forecasts of every row (NaN before the first).
    private static double[] OneStep(RtuForecaster f, double[] y, int from = 0, double[]? into = null)
    {
        var made = into ?? new double[y.Length + 1];
        if (into is null) made[0] = double.NaN;
        var forecast = new float[Horizon];
        for (int t = from; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            made[t + 1] = forecast[0];
        }
        return made;
    }

    // The sum of the 95 % intervals' widths over the horizons, made at the last row.
    private static double Width(RtuForecaster f)
    {
        var lower = new float[Horizon]; var upper = new float[Horizon];
        f.WriteInterval(1, lower, upper);
        return Enumerable.Range(0, Horizon).Sum(h => upper[h] - lower[h]);
    }

    // MAE of the one-step forecasts against the clean values over rows [from, Days).
    private static double Mae(double[] made, double[] clean, int from) =>
        Enumerable.Range(from, Days - from).Average(t => Math.Abs(made[t] - clean[t]));

    [TestMethod]
    public void ALoneZeroOrNegativeValueIsObservedAsMissing()
    {
        // Within the clean's bound (noise 25 %: the 0 was taken as it was, and the series was no longer positive) and
        // beyond it (5 %: a possible spike already, but the Monday after a Sunday's 0 is no return to a Sunday's forecast).
        foreach (double noise in new[] { 0.25, 0.05 })
            foreach (double bad in new[] { 0.0, -200 })
                for (int seed = 1; seed <= 3; seed++)
                {
                    string name = $"noise {noise}, {bad}, seed {seed}";
                    var clean = Counts(seed, noise);
                    var missing = (double[])clean.Clone(); missing[Changed] = double.NaN;
                    var given = (double[])clean.Clone(); given[Changed] = bad;

                    var probe = Forecaster();
                    OneStep(probe, clean[..Changed]);
                    bool within = probe.Pool.JudgedAgainst - bad < ForecastPool.OutlierBound * probe.Pool.OutlierScale;
                    Assert.AreEqual(noise > 0.1, within, $"{name}: the case meant");

                    var f = Forecaster();
                    var g = Forecaster();
                    double withValue = Mae(OneStep(f, given), clean, Changed + 1);
                    double withMissing = Mae(OneStep(g, missing), clean, Changed + 1);
                    // The intervals take it as missing too: kept as they saw it, their relative scales were off for good.
                    double width = Width(f), widthMissing = Width(g);
                    Assert.IsLessThan(1.1 * widthMissing, width, $"{name}: 95 % widths at the end {width:F1} against {widthMissing:F1}");
                    TestContext.WriteLine($"{name}: MAE after it {withValue:F2}, with the day missing {withMissing:F2}");
                    Assert.IsTrue(f.Pool.Positive, $"{name}: the series stays positive");
                    Assert.IsTrue(f.Pool.NonNegative, $"{name}: and not below 0");
                    Assert.IsLessThan(1.03 * withMissing, withValue, $"{name}: as if the day were missing");
                }
    }

    [TestMethod]
    public void ZerosThatRepeatTheSeasonAreTaken()
    {
        // From day 202 the shop is closed on Sundays: the first Sunday's 0 is held and observed as missing, the next
        // repeats it a season later and is taken; the Sundays' forecasts follow them down.
        var y = Counts(4);
        for (int t = Changed; t < Days; t += Week) y[t] = 0;
        var f = Forecaster();
        var made = OneStep(f, y);
        Assert.IsFalse(f.Pool.Positive, "the zeros are part of the series");
        for (int t = Changed + 7 * Week; t < Days; t += Week) Assert.AreEqual(0, made[t], $"Sunday {t}: forecast 0 (the seasonal zeros)");
    }

    [TestMethod]
    public void LoneZerosAreTakenAfterTheHolds()
    {
        // Lone zeros on weekdays, each followed by an ordinary day: the first NonPositiveHolds are observed as missing,
        // the next is taken as it comes (the series reaches 0 now and then).
        var y = Counts(5);
        int[] zeros = [150, 171, 192, 213];   // Thursdays
        foreach (int t in zeros) y[t] = 0;
        var f = Forecaster();
        var forecast = new float[Horizon];
        for (int t = 0; t < Days; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            if (t == zeros[^1] - 1) Assert.IsTrue(f.Pool.Positive, $"after {ForecastPool.NonPositiveHolds} lone zeros still positive");
        }
        Assert.AreEqual(ForecastPool.NonPositiveHolds + 1, zeros.Length);
        Assert.IsFalse(f.Pool.Positive, "the fourth is taken");
    }

    [TestMethod]
    public void ASecondZeroSoonAfterIsTaken()
    {
        // Counts that turn mostly zero: the first 0 is held and observed as missing (the next value is back), the second,
        // within NonPositiveQuietRows, is taken as it comes (an outside review: each first 0 of a run had been held, three
        // times over).
        var y = Counts(8);
        y[150] = 0; y[150 + ForecastPool.NonPositiveQuietRows - 2] = 0;
        var f = Forecaster();
        var forecast = new float[Horizon];
        for (int t = 0; t < 152; t++) f.Observe(y[t], default, learn: true, forecast, default);
        Assert.IsTrue(f.Pool.Positive, "the first 0 was observed as missing");
        for (int t = 152; t < 150 + ForecastPool.NonPositiveQuietRows; t++) f.Observe(y[t], default, learn: true, forecast, default);
        Assert.IsFalse(f.Pool.Positive, "the second, soon after, is taken");
    }

    [TestMethod]
    public void AForecasterSavedWhileHoldingContinuesAsItWould()
    {
        var y = Counts(6);
        y[Changed] = 0;
        var f = Forecaster();
        var made = OneStep(f, y[..(Changed + 1)]);
        Assert.IsTrue(f.Pool.HeldNonPositive, "the 0 is held");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
        ms.Position = 0;
        var read = RtuForecaster.Load(new BinaryReader(ms));
        Assert.IsTrue(read.Pool.HeldNonPositive, "read back holding it");
        var a = new double[Days + 1]; var b = new double[Days + 1];
        OneStep(f, y, Changed + 1, a);
        OneStep(read, y, Changed + 1, b);
        CollectionAssert.AreEqual(a, b, "the same forecasts after it");
        Assert.IsTrue(read.Pool.Positive);
    }

    [TestMethod]
    public void TheRecordIsSavedReadBackAndRefusedWhenDamaged()
    {
        var y = Counts(7);
        var pool = new ForecastPool(Week, Horizon);
        var model = new float[Horizon];
        Array.Fill(model, float.NaN);
        var made = new float[Horizon];
        for (int t = 0; t < Changed; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made); }
        Assert.IsTrue(pool.HoldsNonPositive);
        Assert.IsTrue(pool.MayBeOutlier(0), "a 0 on a Sunday may be a lone spike");

        // A layout-36 pool judges the 0 as any other value: within the bound, taken as it is.
        var old = OlderPoolLayouts.ReadAs(pool.Clone(), 36, Week, Horizon);
        Assert.IsFalse(old.HoldsNonPositive);
        Assert.IsFalse(old.MayBeOutlier(0));
        old.Clean(0, learn: true);
        Assert.IsFalse(old.MaySpike);
        var now = pool.Clone();
        now.Clean(0, learn: true);
        Assert.IsTrue(now.MaySpike && now.HeldNonPositive);

        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) now.Save(w);
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(ForecastPool.Layout37Length + ForecastPool.Layout38Length + ForecastPool.Layout39Length + ForecastPool.Layout40Length + ForecastPool.Layout41Length + pool.Layout42Length, pool.LaterLayoutsLength(36), "layout 37's section, then layout 38's, 39's and 40's flags and layout 41's section");
        var read = new ForecastPool(Week, Horizon);
        read.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.IsTrue(read.HeldNonPositive && read.HoldsNonPositive);

        // The section: the flag, the count observed as missing, whether the last row held one, the row of the last
        // observed as missing (−1: none), then the first season's combination flag.
        int at = bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length;
        foreach (var (offset, value) in new[]
        {
            (at + 1, BitConverter.GetBytes(ForecastPool.NonPositiveHolds + 1)),
            (at + 1, BitConverter.GetBytes(-1)),
            (at + 1, BitConverter.GetBytes(1)),          // one observed as missing, but no row of it
            (at + 6, BitConverter.GetBytes((long)Changed)),   // a row and no count; the next row's index is Changed
            (at, new byte[] { 0 }),   // the rule off, yet a value held
        })
        {
            byte[] damaged = (byte[])bytes.Clone();
            value.CopyTo(damaged, offset);
            Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(Week, Horizon).Load(new BinaryReader(new MemoryStream(damaged))), $"offset {offset - at}");
        }
    }

    [TestMethod]
    public void AValueBelowTheNegativeOfItsForecastIsAGrossSpike()
    {
        // Layout 38: on a series positive so far, a possible spike further below 0 than its forecast is above it is gross
        // (forecast past as missing), where by its distance alone it was not: 50 recent errors or 10 times the forecast.
        // A level of 100 with noise of 20: −150 lies some 15 recent errors below the forecast, beyond the outlier bound.
        var rng = new Random(5);
        var pool = new ForecastPool(1, 1);
        var model = new float[1] { float.NaN };
        var made = new float[1];
        for (int t = 0; t < 200; t++) { pool.Observe(pool.Clean(100 + 20 * (rng.NextDouble() - 0.5) * 2, learn: true), learn: true); pool.Combine(model, made); }
        Assert.IsTrue(pool.JudgesGrossBelowZero && pool.Positive);
        double forecast = made[0];
        Assert.IsGreaterThan(80.0, forecast);
        Assert.IsLessThan(120.0, forecast);
        var below = pool.Clone();
        below.Clean(-1.5 * forecast, learn: true);
        Assert.IsTrue(below.MaySpike && below.GrossSpike, "−1.5 times the forecast");
        var nearer = pool.Clone();
        nearer.Clean(-0.5 * forecast, learn: true);
        Assert.IsTrue(nearer.MaySpike && !nearer.GrossSpike, "−0.5 times the forecast: a possible spike, not gross");
        var old = pool.Clone();
        old.UseGrossJudgementOfLayout37();
        old.Clean(-1.5 * forecast, learn: true);
        Assert.IsTrue(old.MaySpike && !old.GrossSpike, "as layout 37 judged it");
        var older = OlderPoolLayouts.ReadAs(pool.Clone(), 37, 1, 1);
        Assert.IsFalse(older.JudgesGrossBelowZero, "read from layout 37");
        older.Clean(-1.5 * forecast, learn: true);
        Assert.IsTrue(older.MaySpike && !older.GrossSpike, "a layout-37 pool judges as it did");
        var frozen = pool.Clone();
        frozen.Clean(-1.5 * forecast, learn: false);
        Assert.IsFalse(frozen.GrossSpike, "frozen: judged by its distance, as before");
        // Within the clean's bound too, where a value ≤ 0 is held (layout 37): daily counts with a weekday cycle, whose
        // relative errors are wide.
        var y = Counts(7);
        var counts = new ForecastPool(Week, Horizon);
        var weekly = new float[Horizon];
        Array.Fill(weekly, float.NaN);
        var ahead = new float[Horizon];
        for (int t = 0; t < Changed; t++) { counts.Observe(counts.Clean(y[t], learn: true), learn: true); counts.Combine(weekly, ahead); }
        Assert.IsTrue(counts.MayBeOutlier(-1.2 * ahead[0]) && !counts.Clone().MayBeOutlier(1.5 * ahead[0]), "held only as a value ≤ 0");
        var held = counts.Clone();
        held.Clean(-1.2 * ahead[0], learn: true);
        Assert.IsTrue(held.HeldNonPositive && held.GrossSpike, "−1.2 times the forecast, within the bound: held and gross");
        var heldNearer = counts.Clone();
        heldNearer.Clean(-0.5 * ahead[0], learn: true);
        Assert.IsTrue(heldNearer.HeldNonPositive && !heldNearer.GrossSpike, "−0.5 times the forecast: held, not gross");
    }

    [TestMethod]
    public void ASpikeFarBelowZeroOnAPositiveSeriesCostsWhatTheValueMissingCosts()
    {
        // Spikes of 10 standard deviations down, below the negative of the level, on real series whose errors are wide for
        // their spread (the spike screen's runs at 10 standard deviations): gross now (layout 38), the spike is forecast
        // past as missing and observed again as missing, so it costs about what losing that value costs; before, short of
        // 50 recent errors it was cleaned to the outlier bound and the forecast made past it moved toward that value. The
        // rest of the series' one-step MAE against the run with the value missing instead.
        foreach (var (name, file, season, at) in new[]
        {
            ("GermanUnemployment_unadjusted", "heldout4", 4, 80), ("MotorCycles", "heldout4", 1, 16),
            ("M3_N0201_y_industry", "heldout10", 1, 14), ("Flu1918_Baltimore", "heldout8", 1, 30),
        })
        {
            var y = RealSeries.HeldOut(file, name + ".csv");
            var spiked = (double[])y.Clone(); spiked[at] -= 10 * ForecasterAlone.Sd(y);
            Assert.IsLessThan(-y[at - 1], spiked[at], $"{name}, row {at}: below the negative of the level");
            var missing = (double[])y.Clone(); missing[at] = double.NaN;
            double lost = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(missing, season), at + 1);
            double now = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(spiked, season), at + 1) / lost - 1;
            var old = ForecasterAlone.New(season);
            old.Pool.UseGrossJudgementOfLayout37();
            double before = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(old, spiked), at + 1) / lost - 1;
            TestContext.WriteLine($"{name}, row {at}: beyond the value missing {before:P1} before, {now:P1} now");
            Assert.IsLessThan(0.02, now, $"{name}: now");
            Assert.IsGreaterThan(0.04, before, $"{name}: layout 37's judgement cost more");
        }
    }
}
