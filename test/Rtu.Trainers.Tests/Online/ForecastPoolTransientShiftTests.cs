using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A first-season level shift whose values return within an eighth of the season takes back its move of the remembered
/// past (layout 35): a queue's backlogs, each confirmed as a shift and drained back, no longer add up in the season the
/// h-step seasonal naive forecast repeats at the first season's end; a shift that persists, or returns later, keeps its
/// move exactly as before; the watched shift is saved, read back and refused when damaged.
/// </summary>
[TestClass]
public sealed class ForecastPoolTransientShiftTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Season = 96, Horizon = 8;   // a day of quarter hours, two hours ahead

    // Around 10 (sd 0.3); from each start in `backlogs` a jump to 60 that drains back over `drain` rows.
    private static double[] Queue(int seasons, int seed, int drain, params int[] backlogs)
    {
        var rng = new Random(seed);
        var y = Enumerable.Range(0, seasons * Season).Select(_ => 10 + 0.3 * PromoData.Gaussian(rng)).ToArray();
        foreach (int start in backlogs)
            for (int k = 0; k < drain; k++) y[start + k] += 50.0 * (drain - k) / drain;
        return y;
    }

    // A fresh pool as a layout-34 file holds it: the rule off.
    private static ForecastPool AsLayout34() => OlderPoolLayouts.ReadAs(new ForecastPool(Season, Horizon), 34, Season, Horizon);

    // The rule on, as layout 36 had it: the comparisons below isolate it from the later layouts' rules (layout 37 combines
    // the members in the first season).
    private static ForecastPool AsLayout36() => OlderPoolLayouts.ReadAs(new ForecastPool(Season, Horizon), 36, Season, Horizon);

    // Each origin's Horizon-step forecast (index: the origin) and the rows whose Clean confirmed a level shift.
    private static (float[] Forecasts, List<int> Shifts) Run(ForecastPool pool, double[] y)
    {
        var model = new float[Horizon];
        Array.Fill(model, float.NaN);
        var made = new float[Horizon];
        var forecasts = new float[y.Length];
        var shifts = new List<int>();
        for (int t = 0; t < y.Length; t++)
        {
            double value = pool.Clean(y[t], learn: true);
            if (pool.LastChange.Kind == SeriesChangeKind.LevelShift) shifts.Add(t);
            pool.Observe(value, learn: true);
            pool.Combine(model, made);
            forecasts[t] = made[Horizon - 1];
        }
        return (forecasts, shifts);
    }

    // The mean absolute error of the Horizon-step forecasts made at origins m − H … m + 2H (the first season's end, before
    // the seasonal naive forecast has been scored and after).
    private static double SeasonEndError(float[] forecasts, double[] y) =>
        Enumerable.Range(Season - Horizon, 3 * Horizon).Average(t => Math.Abs(forecasts[t] - y[t + Horizon]));

    [TestMethod]
    public void BacklogsThatDrainNoLongerAddUpInTheSeasonTheSeasonalNaiveRepeats()
    {
        // Three backlogs of 60 draining in 8 rows. The first, at row 30, is confirmed as a shift of about +37 (the two
        // after it fall within the clean's bound, which its errors widened): without the rule the season's values before
        // it stayed 37 above the values, and the eight-step forecasts at the season's end repeated them (MAE 13.01; with
        // the rule 0.34).
        var y = Queue(3, seed: 1, drain: 8, 30, 58, 86);
        var (off, shiftsOff) = Run(AsLayout34(), y);
        var (on, shiftsOn) = Run(new ForecastPool(Season, Horizon), y);
        double before = SeasonEndError(off, y), after = SeasonEndError(on, y);
        TestContext.WriteLine($"season-end {Horizon}-step MAE: rule off {before:F2} (shifts {string.Join(", ", shiftsOff)}), on {after:F2} (shifts {string.Join(", ", shiftsOn)})");
        CollectionAssert.AreEqual(shiftsOff, shiftsOn, "the same shifts are confirmed");
        Assert.IsNotEmpty(shiftsOn, "a backlog is a confirmed shift");
        Assert.IsGreaterThan(8, before, "off: the move stays in the remembered season");
        Assert.IsLessThan(1, after, "on: the season-end forecasts near the values (about 10, sd 0.3)");
        Assert.IsTrue(new ForecastPool(Season, Horizon).TakesBackTransientShifts);
        Assert.IsFalse(AsLayout34().TakesBackTransientShifts, "a layout-34 pool continues as it was");
    }

    [TestMethod]
    public void AShiftThatPersistsOrReturnsLateKeepsItsMove()
    {
        // A step from 10 to 40 that stays: the past moved to 40, forecasts bit for bit as without the rule.
        var rng = new Random(2);
        var step = Enumerable.Range(0, 3 * Season).Select(t => (t >= 30 ? 40 : 10) + 0.3 * PromoData.Gaussian(rng)).ToArray();
        var (off, _) = Run(AsLayout34(), step);
        var (on, shifts) = Run(AsLayout36(), step);
        Assert.IsNotEmpty(shifts, "the step is confirmed as a shift");
        CollectionAssert.AreEqual(off, on, "a shift that stays keeps its move");
        Assert.AreEqual(40, on[Season - Horizon], 3, "the first season's end forecast on the new level");

        // A backlog that drains over 30 rows returns after an eighth of the season (12 rows): its move is kept too.
        var slow = Queue(3, seed: 3, drain: 30, 20);
        var (slowOff, slowShifts) = Run(AsLayout34(), slow);
        Assert.IsNotEmpty(slowShifts);
        CollectionAssert.AreEqual(slowOff, Run(AsLayout36(), slow).Forecasts, "a late return is a new change");

        // After the first season the rule is off: a backlog on the second day forecasts as without it.
        var later = Queue(3, seed: 4, drain: 8, Season + 20);
        CollectionAssert.AreEqual(Run(AsLayout34(), later).Forecasts, Run(AsLayout36(), later).Forecasts);
    }

    [TestMethod]
    public void AStepOnADailyCycleIsNotTakenForAReturn()
    {
        // 5-minute data with a daily cycle of ±20 and a lasting step of +10 a third into the first day: the cycle's
        // downswing within an eighth of the day came back within a quarter of the move of the level before the step
        // (a review: the season's-end eight-step MAE 1.56 → 3.85 with the rule). The step is narrower than the middle
        // half of the values before it, so it is not watched: forecasts bit for bit as without the rule.
        const int day = 288;
        foreach (int at in new[] { 86, 92, 96 })
        {
            var rng = new Random(at);
            var y = Enumerable.Range(0, 3 * day).Select(t => 100 + 20 * Math.Sin(2 * Math.PI * t / day) + (t >= at ? 10 : 0) + 0.3 * PromoData.Gaussian(rng)).ToArray();
            var off = Run(OlderPoolLayouts.ReadAs(new ForecastPool(day, Horizon), 34, day, Horizon), y);
            var on = Run(OlderPoolLayouts.ReadAs(new ForecastPool(day, Horizon), 36, day, Horizon), y);
            Assert.IsNotEmpty(on.Shifts, $"step at {at}: confirmed as a shift");
            CollectionAssert.AreEqual(off.Forecasts, on.Forecasts, $"step at {at}");
        }
    }

    [TestMethod]
    public void AMissingValueLateInTheFirstSeasonLeavesTheRowsAfterTheShiftAlone()
    {
        // A missing row keeps the first season open past row m − 1, and its values by position keep being overwritten:
        // taking a shift back must adjust the positions of the rows before it, not those of its own rows (a review: rows
        // 100–109 of a series never below 9 remembered down to −26.8, the seasonal indices Holt–Winters started from at
        // the season's completion down to −35).
        var y = Queue(3, seed: 6, drain: 8, Season + 4);
        y[90] = double.NaN;
        var pool = new ForecastPool(Season, Horizon);
        var (_, shifts) = Run(pool, y[..(Season + 30)]);
        Assert.IsNotEmpty(shifts, "the backlog is a confirmed shift");
        var remembered = Enumerable.Range(0, Season).Where(p => p != 90).Select(pool.FirstSeasonValue).ToArray();
        TestContext.WriteLine($"first season's values remembered: {remembered.Min():F2} … {remembered.Max():F2}");
        Assert.IsGreaterThan(8, remembered.Min(), "every value remembered at its own level (the series is never below 9)");
        Assert.IsLessThan(70, remembered.Max());
    }

    [TestMethod]
    public void AWatchedShiftIsSavedReadBackAndRefusedWhenDamaged()
    {
        var y = Queue(2, seed: 5, drain: 8, 40);
        var (whole, shifts) = Run(new ForecastPool(Season, Horizon), y);
        int cut = shifts[0] + 1;   // saved after the shift's confirmation, before its values return
        var pool = new ForecastPool(Season, Horizon);
        Run(pool, y[..cut]);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(ForecastPool.Layout35Length + ForecastPool.Layout36Length + ForecastPool.Layout37Length + ForecastPool.Layout38Length + ForecastPool.Layout39Length + ForecastPool.Layout40Length + ForecastPool.Layout41Length + pool.Layout42Length, pool.LaterLayoutsLength(34), "layout 35's section, then layout 36's, 37's, 38's, 39's, 40's and 41's");

        var read = new ForecastPool(Season, Horizon);
        read.Load(new BinaryReader(new MemoryStream(bytes)));
        var rest = Run(read, y[cut..]).Forecasts;
        CollectionAssert.AreEqual(whole[cut..], rest, "read back mid-watch, the return is taken back as without the save");
        Assert.IsLessThan(3, SeasonEndError(whole, y));

        // Saved and read back after every row of the first season: watching, taking back, expiring (a review of the
        // telemetry audit's queue: a pool saved after a take-back kept its count of 3 and could not be read back).
        var each = new ForecastPool(Season, Horizon);
        var model = new float[Horizon];
        Array.Fill(model, float.NaN);
        var made = new float[Horizon];
        for (int t = 0; t < Season + Horizon; t++)
        {
            each.Observe(each.Clean(y[t], learn: true), learn: true);
            each.Combine(model, made);
            using var copy = new MemoryStream();
            using (var w = new BinaryWriter(copy, System.Text.Encoding.UTF8, leaveOpen: true)) each.Save(w);
            each = new ForecastPool(Season, Horizon);
            each.Load(new BinaryReader(new MemoryStream(copy.ToArray())));
            Assert.AreEqual(whole[t], made[Horizon - 1], $"row {t}");
        }

        // The count of values back (the 4 bytes before the frozen fits' flag, before layouts 36–39's sections) at 3 or more, and the row beyond the
        // rows seen: refused.
        foreach (var (offset, value) in new[] { (bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length - ForecastPool.Layout36Length - 5, BitConverter.GetBytes(3)), (bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length - ForecastPool.Layout36Length - 29, BitConverter.GetBytes(long.MaxValue)) })
        {
            byte[] damaged = (byte[])bytes.Clone();
            value.CopyTo(damaged, offset);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(Season, Horizon).Load(new BinaryReader(new MemoryStream(damaged))));
            StringAssert.Contains(e.Message, "transient shift");
        }
    }
}
