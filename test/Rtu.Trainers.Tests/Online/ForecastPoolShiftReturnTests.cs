using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A value back at the level before a shift confirmed in the last <see cref="ForecastPool.ReturnWindow"/> rows undoes the
/// shift at once (pool layout 32; ForecastPool.LevelShifts.cs).
/// </summary>
[TestClass]
public sealed class ForecastPoolShiftReturnTests
{
    // The proportional-shift tests' monthly series (season ±30 %, growth, 3 % noise) with the level ×1.5 for `rows` rows
    // from row 139: a surge (the outside audit's surge_2m_x1.5 and surge_3m_x1.5).
    private static double[] Surge(int rows)
    {
        var y = ForecastPoolProportionalShiftTests.Collapse(at: int.MaxValue, seed: 3);
        for (int t = 139; t < 139 + rows; t++) y[t] *= 1.5;
        return y;
    }

    [TestMethod]
    public void ASurgeOfTwoMonthsIsUndoneAtTheFirstValueBack()
    {
        // Before, the surge was confirmed as a level shift by its second value, and the value back was one more change for
        // the members to learn from the shifted level: forecasts 41, 30 and 18 % high for the three months after it. Now
        // the first value back undoes the shift, and the next forecasts are those of the series without the surge, near
        // enough.
        var y = Surge(2);
        var without = Surge(0);
        var (made, changes) = Run(y, 12);
        var madeWithout = Run(without, 12).Made;
        Assert.HasCount(2, changes, string.Join("; ", changes));
        Assert.AreEqual(140, changes[0].Row, "the surge confirmed by its second value");
        Assert.AreEqual(141, changes[1].Row, "undone by the first value back (reported once, though the next confirms it)");
        Assert.AreEqual(SeriesChangeKind.LevelShift, changes[1].Change.Kind);
        Assert.AreEqual(0, changes[1].Change.RowsAgo);
        Assert.AreEqual(y[141], changes[1].Change.To, 1e-3 * y[141]);
        for (int t = 142; t < 145; t++)
        {
            Console.WriteLine($"row {t}: forecast {made[t - 1]:F0} for {y[t]:F0}; without the surge {madeWithout[t - 1]:F0}");
            Assert.IsLessThan(0.06, Math.Abs(made[t - 1] / madeWithout[t - 1] - 1), $"row {t}: within 6 % of the forecast without the surge");
        }
    }

    // A level of 1000 with 1 % noise, ×1.5 on rows 100–103.
    private static double[] FlatSurge()
    {
        var rng = new Random(5);
        var y = new double[160];
        for (int t = 0; t < y.Length; t++)
            y[t] = 1000 * (1 + 0.01 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())) * (t is >= 100 and < 104 ? 1.5 : 1);
        return y;
    }

    [TestMethod]
    public void APoolOfLayout31KeepsTheShiftAsItDid()
    {
        // A pool alone confirms a surge of four rows as a run of outliers at its third (row 102); the value back two rows
        // later is inside ReturnWindow. A new pool undoes the shift there; one read from a layout-31 file keeps it.
        var y = FlatSurge();
        var (_, _, pool) = PoolAlone.Run(y[..100], 1);
        var old = OlderPoolLayouts.ReadAs(pool, 31, 1, 1);
        var model = new float[] { float.NaN };
        float[] a = new float[1], b = new float[1];
        int undone = -1, undoneOld = -1, shifts = 0;
        for (int t = 100; t < 110; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a);
            old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, b);
            if (pool.LastChange.Confirmed && pool.LastChange.Move < 0) undone = t;
            if (old.LastChange.Confirmed && old.LastChange.Move < 0) undoneOld = t;
            if (old.LastChange.Confirmed) shifts++;
            Console.WriteLine($"row {t}: {y[t]:F0}; new {pool.LastChange.Kind}, forecast {a[0]:F0}; layout 31 {old.LastChange.Kind}, forecast {b[0]:F0}");
            if (t == 104) Assert.IsLessThan(0.05, Math.Abs(a[0] / y[t + 1] - 1), $"the new pool's forecast of row {t + 1}: {a[0]:F0} for {y[t + 1]:F0}");
        }
        Assert.AreEqual(104, undone, "the first value back");
        Assert.AreEqual(-1, undoneOld, "layout 31: no shift back at the first value");
        Assert.AreEqual(1, shifts, "layout 31: the surge's shift alone");
    }

    [TestMethod]
    public void SaveAndLoadInsideTheWindowContinueBitForBitAndADamagedRecordIsRefused()
    {
        // Saved between the surge's confirmation and the value back: the loaded pool undoes the shift too.
        var y = FlatSurge();
        var (_, _, pool) = PoolAlone.Run(y[..103], 1);
        Assert.IsTrue(pool.LastChange.Confirmed, "confirmed at row 102");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        var copy = Load(bytes);
        var model = new float[] { float.NaN };
        float[] a = new float[1], b = new float[1];
        bool undone = false;
        for (int t = 103; t < 160; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, a);
            copy.Observe(copy.Clean(y[t], learn: true), learn: true); copy.Combine(model, b);
            Assert.AreEqual(a[0], b[0], $"t={t}");
            undone |= copy.LastChange.Confirmed;
        }
        Assert.IsTrue(undone, "the loaded pool undid the shift");
        // The record, last but for the flag of the combination above 0: the flag, the row, the move, whether it was in
        // proportion and the value it moved to. A row before −1 or after the pool's rows, a move or value that is not
        // finite, or a factor ≤ 0 in proportion is damage.
        int row = bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length - ForecastPool.Layout36Length - ForecastPool.Layout35Length - copy.Layout34Length - ForecastPool.Layout33Length - ForecastPool.Layout32Length + 1, move = row + 8, kind = move + 8, to = kind + 1;
        Assert.AreEqual(100L, BitConverter.ToInt64(bytes, row), "the row the shift began at (the run's first value)");
        Assert.AreEqual(y[102], BitConverter.ToDouble(bytes, to), 1e-9, "the value it moved to");
        foreach (var (at, value) in new (int, byte[])[]
        {
            (row, BitConverter.GetBytes(-2L)), (row, BitConverter.GetBytes(100_000L)), (move, BitConverter.GetBytes(double.NaN)),
            (move, BitConverter.GetBytes(double.PositiveInfinity)), (kind, [1]), (to, BitConverter.GetBytes(double.NaN)),
            (to, BitConverter.GetBytes(double.NegativeInfinity)),
        })
        {
            var damaged = (byte[])bytes.Clone();
            value.CopyTo(damaged, at);
            if (at == kind) BitConverter.GetBytes(-1.0).CopyTo(damaged, move);   // a factor below 0
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(damaged));
            StringAssert.Contains(e.Message, "level shift");
        }
    }

    // 1000 with 1 % noise, the level ×`factor` from row 100 for good.
    private static double[] FlatShift(double factor, int seed = 7)
    {
        var rng = new Random(seed);
        var y = new double[200];
        for (int t = 0; t < y.Length; t++)
            y[t] = 1000 * (1 + 0.01 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())) * (t >= 100 ? factor : 1);
        return y;
    }

    // A new forecaster of `season` over y: its one-step forecasts and the changes it reported, by row.
    private static (double[] Made, List<(int Row, SeriesChange Change)> Changes) Run(double[] y, int season = 1)
    {
        var f = ForecasterAlone.New(season);
        var made = new double[y.Length];
        var changes = new List<(int, SeriesChange)>();
        var forecast = new float[1];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            made[t] = forecast[0];
            if (f.LastChange.Confirmed) changes.Add((t, f.LastChange));
        }
        return (made, changes);
    }

    [TestMethod]
    public void AGlitchToTheOldLevelAfterATrueShiftCostsOneForecast()
    {
        // A true shift (×1.5 from row 100, confirmed by row 101), then one value back at the old level at row 104. The
        // value undoes the shift, but as a possible spike: the next value, back at the shifted level, rewinds it (observed
        // again as missing, the shift kept) and withdraws the undo. Only the forecast made at the glitch is off: before the
        // hold, the forecasts of the 20 rows after it had 2.7 times the MAE of those without the glitch (a review).
        var y = FlatShift(1.5);
        var clean = Run(y);
        var glitched = (double[])y.Clone();
        glitched[104] = y[99];
        var (made, changes) = Run(glitched);
        Assert.AreEqual("101:LevelShift/1 104:LevelShift/0 105:Withdrawn/1",
            string.Join(" ", changes.Select(c => $"{c.Row}:{c.Change.Kind}/{c.Change.RowsAgo}")));
        Assert.AreEqual(glitched[104], changes[2].Change.From, 1e-3, "the withdrawn row's value");
        for (int t = 106; t < 126; t++)
            Assert.IsLessThan(0.03, Math.Abs(made[t - 1] / clean.Made[t - 1] - 1), $"row {t}: {made[t - 1]:F0}, without the glitch {clean.Made[t - 1]:F0}");
    }

    [TestMethod]
    public void ASundayThatStaysPutUndoesAShiftOnceAtMost()
    {
        // Weekdays of 1000 doubling from row 101 while Sundays stay at 100 (not doubling): the first Sunday after the shift
        // lies at the old level, and a week that scaled would have put it at 200, so it may undo the shift; the next day
        // takes the shift again, and no later Sunday undoes it (a review's shop undid it every Sunday: weekday errors 52 %).
        var rng = new Random(3);
        var y = new double[160];
        for (int t = 0; t < y.Length; t++)
            y[t] = (t % 7 == 6 ? 100 : 1000 * (t >= 101 ? 2 : 1)) * (1 + 0.02 * (rng.NextDouble() - 0.5));
        var (made, changes) = Run(y, 7);
        Assert.IsLessThanOrEqualTo(1, changes.Count(c => c.Change.Move < 0), string.Join("; ", changes));
        for (int t = 112; t < y.Length; t++)
            if (t % 7 != 6) Assert.IsLessThan(0.15, Math.Abs(made[t - 1] / y[t] - 1), $"row {t}: {made[t - 1]:F0} for {y[t]:F0}");
    }

    [TestMethod]
    public void WhileAnUndoIsHeldTheIntervalSpansTheShiftedLevel()
    {
        // At the glitch (row 104) the forecasts moved back to the old level; the interval also spans the shifted level the
        // forecast of row 104 was made at, where the next value lies (before: a 95 % interval of [899, 1123] for 1512).
        var y = FlatShift(1.5);
        y[104] = y[99];
        var f = ForecasterAlone.New(1);
        var forecast = new float[1];
        for (int t = 0; t <= 104; t++) f.Observe(y[t], default, learn: true, forecast, default);
        Assert.IsTrue(f.HoldsPossibleSpike && f.LastChange.Confirmed, "the undo at row 104, held");
        float[] lower = new float[1], upper = new float[1];
        f.WriteInterval(1, lower, upper);
        Assert.IsLessThan(1100, forecast[0], "the forecast at the old level");
        Assert.IsTrue(lower[0] < forecast[0] && upper[0] > y[105], $"[{lower[0]:F0}, {upper[0]:F0}] spans {forecast[0]:F0} and {y[105]:F0}");
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    public void AShortSeasonsLowPositionDoesNotUndoAShift(int m)
    {
        // One position of a season of m rows at a tenth of the others, the whole series doubling from each row of a season
        // after row 100: a season back can lie inside the shift within ReturnWindow rows (its remembered value already on
        // the new level, or moved twice), and judged by it the low position undid the shift (a review: errors up to 149 %
        // after it). Such a row judges no return.
        for (int start = 100; start < 100 + m; start++)
        {
            var rng = new Random(3);
            var y = new double[160];
            for (int t = 0; t < y.Length; t++)
                y[t] = (t % m == m - 1 ? 100 : 1000) * (t >= start ? 2 : 1) * (1 + 0.02 * (rng.NextDouble() - 0.5));
            var (made, changes) = Run(y, m);
            Assert.IsTrue(changes.All(c => c.Change.Move > 0), $"m = {m}, doubling from {start}: {string.Join("; ", changes)}");
            // The additive shift puts the low position up with the rest until it is learned again (pre-existing): up to 15 %.
            for (int t = start + 3 * m; t < y.Length; t++)
                Assert.IsLessThan(0.2, Math.Abs(made[t - 1] / y[t] - 1), $"m = {m}, doubling from {start}, row {t}: {made[t - 1]:F0} for {y[t]:F0}");
        }
    }

    [TestMethod]
    public void OnlyAWithdrawnChangeIsReportedWithdrawn()
    {
        // The glitch of the test above, then a value above the shifted level: the glitch's undo is withdrawn at row 105,
        // and nothing at row 106 (row 105 confirmed no change of its own; a review found a second Withdrawn there).
        var y = FlatShift(1.5);
        y[104] = y[99];
        y[105] = 1700;
        var (_, changes) = Run(y);
        Assert.AreEqual("101:LevelShift 104:LevelShift 105:Withdrawn",
            string.Join(" ", changes.Where(c => c.Row <= 110).Select(c => $"{c.Row}:{c.Change.Kind}")));
    }

    [TestMethod]
    public void ALoadedForecasterHoldingAnUndoReportsNothingUntilItsNextRow()
    {
        // Saved while the undo of the surge is held (the row is observed again on load): the change was reported at its row,
        // so the loaded forecaster reports none, and the next row's report is the one the original makes.
        var y = Surge(2);
        var f = ForecasterAlone.New(12);
        var forecast = new float[1];
        for (int t = 0; t <= 141; t++) f.Observe(y[t], default, learn: true, forecast, default);
        Assert.IsTrue(f.LastChange.Confirmed && f.HoldsPossibleSpike, "the undo at row 141, held");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
        ms.Position = 0;
        var loaded = RtuForecaster.Load(new BinaryReader(ms));
        Assert.IsFalse(loaded.LastChange.Confirmed);
        f.Observe(y[142], default, learn: true, forecast, default);
        loaded.Observe(y[142], default, learn: true, forecast, default);
        Assert.AreEqual(f.LastChange, loaded.LastChange);
    }

    [TestMethod]
    public void ACollapseUndoneIsReportedAsMovedInProportion()
    {
        // A pool alone: a fall to a tenth, confirmed by a run of three outliers and moved in proportion (adding it would
        // take the remembered values below 0), and back at the old level at row 103: the undo converts the pool in
        // proportion too, and says so.
        var y = FlatShift(0.1);
        for (int t = 103; t < y.Length; t++) y[t] *= 10;
        var (_, _, pool) = PoolAlone.Run(y[..100], 1);
        var model = new float[] { float.NaN };
        var combined = new float[1];
        var changes = new List<(int Row, SeriesChange Change)>();
        for (int t = 100; t < 110; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, combined);
            if (pool.LastChange.Confirmed) changes.Add((t, pool.LastChange));
        }
        Assert.AreEqual("102:ProportionalShift 103:ProportionalShift", string.Join(" ", changes.Select(c => $"{c.Row}:{c.Change.Kind}")));
        Assert.IsGreaterThan(0, changes[1].Change.Move);
        Assert.IsLessThan(0.05, Math.Abs(combined[0] / 1000 - 1), $"forecast {combined[0]:F0} for about 1000");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(20.0)]
    [DataRow(50.0)]
    [DataRow(100.0)]
    public void AShopsLowSundayAfterAShiftIsTheSeasonNotAReturn(double sunday)
    {
        // Daily sales of about 1000 on weekdays and `sunday` on Sundays, all doubling from a Wednesday (row 101): the Sunday
        // after the shift lies near the level before it (the additive shift moved the remembered Sundays up with the
        // weekdays), but a Sunday tells the levels apart by less than its noise: no return. Taken as one, it undid the shift every week and the
        // next Mondays were forecast at a tenth (an outside audit's case counts with zero Sundays; a review: a Sunday of 1
        // to 100, weekday errors of 52–58 %).
        var rng = new Random(3);
        var y = new double[160];
        for (int t = 0; t < y.Length; t++)
            y[t] = (t % 7 == 6 ? sunday : 1000) * (t >= 101 ? 2 : 1) * (1 + 0.02 * (rng.NextDouble() - 0.5));
        var (made, changes) = Run(y, 7);
        Assert.IsTrue(changes.All(c => c.Change.Move > 0), string.Join("; ", changes));
        for (int t = 112; t < y.Length; t++)
            if (t % 7 != 6) Assert.IsLessThan(0.15, Math.Abs(made[t - 1] / y[t] - 1), $"row {t}: {made[t - 1]:F0} for {y[t]:F0}");
    }

    private static ForecastPool Load(byte[] bytes)
    {
        var p = new ForecastPool(1, 1);
        using var r = new BinaryReader(new MemoryStream(bytes));
        p.Load(r);
        return p;
    }
}
