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
        var f = ForecasterAlone.New(12);
        var clean = ForecasterAlone.New(12);
        var forecast = new float[1];
        var changes = new List<(int Row, SeriesChange Change)>();
        var made = new double[y.Length];
        var madeWithout = new double[y.Length];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            made[t] = forecast[0];
            if (f.LastChange.Confirmed) changes.Add((t, f.LastChange));
            clean.Observe(without[t], default, learn: true, forecast, default);
            madeWithout[t] = forecast[0];
        }
        Assert.HasCount(2, changes, string.Join("; ", changes));
        Assert.AreEqual(140, changes[0].Row, "the surge confirmed by its second value");
        Assert.AreEqual(141, changes[1].Row, "undone by the first value back");
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
        // The record, last but for the flag of the combination above 0: the flag, the row, the move and whether it was in
        // proportion. A row before −1 or after the
        // pool's rows, a move that is not finite, or a factor ≤ 0 in proportion is damage.
        int row = bytes.Length - ForecastPool.Layout32Length + 1, move = row + 8, kind = move + 8;
        Assert.AreEqual(102L, BitConverter.ToInt64(bytes, row), "the row of the shift");
        foreach (var (at, value) in new (int, byte[])[]
        {
            (row, BitConverter.GetBytes(-2L)), (row, BitConverter.GetBytes(100_000L)), (move, BitConverter.GetBytes(double.NaN)),
            (move, BitConverter.GetBytes(double.PositiveInfinity)), (kind, [1]),
        })
        {
            var damaged = (byte[])bytes.Clone();
            value.CopyTo(damaged, at);
            if (at == kind) BitConverter.GetBytes(-1.0).CopyTo(damaged, move);   // a factor below 0
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Load(damaged));
            StringAssert.Contains(e.Message, "level shift");
        }
    }

    private static ForecastPool Load(byte[] bytes)
    {
        var p = new ForecastPool(1, 1);
        using var r = new BinaryReader(new MemoryStream(bytes));
        p.Load(r);
        return p;
    }
}
