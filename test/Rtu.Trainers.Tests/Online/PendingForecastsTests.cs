using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class PendingForecastsTests
{
    [TestMethod]
    public void TheForecastsNotYetScoredTakeDistinctSlotsAndFillThemAll()
    {
        foreach (int horizon in new[] { 1, 2, 3, 7, 24 })
            foreach (long last in new long[] { horizon - 1, horizon, 5 * horizon + 3, 1_000_003 })
            {
                // After row `last`, the forecasts of y_{r+h} with r ≤ last < r + h are waiting: h of them per horizon.
                var seen = new HashSet<int>();
                for (int h = 1; h <= horizon; h++)
                    for (long r = last - h + 1; r <= last; r++)
                    {
                        int slot = PendingForecasts.Slot(r, h);
                        Assert.IsTrue(slot >= 0 && slot < PendingForecasts.Slots(horizon), $"H={horizon} r={r} h={h}: slot {slot}");
                        Assert.IsTrue(seen.Add(slot), $"H={horizon} r={r} h={h}: slot {slot} taken twice");
                    }
                Assert.AreEqual(PendingForecasts.Slots(horizon), seen.Count);
            }
    }

    [TestMethod]
    public void TheSlotsHoldWhatARingOfHRowsByHHorizonsHeldAndSaveAsIt()
    {
        // The earlier layout as a reference: every row writes its H forecasts (two values each) into row r mod H of a
        // square, and the target of each arrives h rows later. The slots must give the same forecast at every read, write
        // the square with NaN exactly where its forecast was scored, and fold a square written the earlier way (scored
        // cells still holding old values) back into the same slots.
        const int horizon = 5, width = 2;
        var random = new Random(3);
        var square = new double[horizon * horizon * width];
        var slots = new double[PendingForecasts.Slots(horizon) * width];
        Array.Fill(square, double.NaN); Array.Fill(slots, double.NaN);
        for (long t = 0; t < 60; t++)
        {
            // Row t's value arrives: the forecasts made of it at rows t − h are read, then row t makes its own.
            for (int h = 1; h <= horizon && t - h >= 0; h++)
                for (int i = 0; i < width; i++)
                    Assert.AreEqual(square[((int)((t - h) % horizon) * horizon + h - 1) * width + i], slots[PendingForecasts.Slot(t - h, h) * width + i], $"t={t} h={h}");
            for (int h = 1; h <= horizon; h++)
                for (int i = 0; i < width; i++)
                {
                    double f = random.NextDouble();
                    square[((int)(t % horizon) * horizon + h - 1) * width + i] = f;
                    slots[PendingForecasts.Slot(t, h) * width + i] = f;
                }
            long rows = t + 1;
            using var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) PendingForecasts.WriteSquare<double>(w, slots, width, horizon, rows, double.NaN);
            var written = new double[square.Length];
            Buffer.BlockCopy(ms.ToArray(), 0, written, 0, (int)ms.Length);
            Assert.AreEqual(8L * square.Length, ms.Length);
            for (int q = 0; q < horizon; q++)
                for (int h = 1; h <= horizon; h++)
                {
                    long made = t - ((t - q) % horizon + horizon) % horizon;   // the row whose forecasts cell q holds
                    bool waiting = made >= 0 && made + h > t;
                    for (int i = 0; i < width; i++)
                    {
                        int at = (q * horizon + h - 1) * width + i;
                        if (waiting) Assert.AreEqual(square[at], written[at], $"t={t} q={q} h={h}");
                        else Assert.IsTrue(double.IsNaN(written[at]), $"t={t} q={q} h={h}: a scored cell is written as NaN");
                    }
                }
            var folded = new double[slots.Length];
            PendingForecasts.FoldSquare<double>(square, folded, width, horizon, rows, double.NaN);
            CollectionAssert.AreEqual(slots.Where(v => !double.IsNaN(v)).ToArray(), folded.Where(v => !double.IsNaN(v)).ToArray(), $"t={t}");
            for (int k = 0; k < slots.Length; k++)
                if (!double.IsNaN(folded[k])) Assert.AreEqual(slots[k], folded[k], $"t={t} slot value {k}");
        }
    }

    [TestMethod]
    public void TheSquareIsWrittenAsOneValueAtATimeWroteItAndReadBackIntoTheSlots()
    {
        // WriteSquare writes runs (scored cells' NaN a stack buffer at a time); the bytes must be those of the value-by-value
        // writes of earlier builds, at widths and horizons whose NaN runs span several buffers.
        var random = new Random(5);
        foreach (int horizon in new[] { 1, 5, 40 })
            foreach (int width in new[] { 1, 3, 23 })
                foreach (long rows in new long[] { 0, 1, horizon / 2 + 1, 7L * horizon + 3 })
                {
                    var slots = new float[PendingForecasts.Slots(horizon) * width];
                    for (int k = 0; k < slots.Length; k++) slots[k] = (float)random.NextDouble();
                    using var expected = new MemoryStream();
                    using (var w = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
                        for (int q = 0; q < horizon; q++)
                        {
                            long last = rows - 1, back = last < 0 ? horizon : ((last - q) % horizon + horizon) % horizon;
                            long made = last - back; int scored = made < 0 ? horizon : (int)back;
                            for (int h = 1; h <= horizon; h++)
                                for (int i = 0; i < width; i++) w.Write(h <= scored ? float.NaN : slots[PendingForecasts.Slot(made, h) * width + i]);
                        }
                    using var ms = new MemoryStream();
                    using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) PendingForecasts.WriteSquare<float>(w, slots, width, horizon, rows, float.NaN);
                    CollectionAssert.AreEqual(expected.ToArray(), ms.ToArray(), $"H={horizon} width={width} rows={rows}");

                    ms.Position = 0;
                    var read = new float[slots.Length];
                    using (var r = new BinaryReader(ms)) PendingForecasts.ReadSquare<float>(r, read, width, horizon, rows, float.NaN);
                    for (int k = 0; k < slots.Length; k++)
                        Assert.IsTrue(float.IsNaN(read[k]) || read[k] == slots[k], $"H={horizon} width={width} rows={rows} slot value {k}");
                    // Every forecast still waiting comes back: min(h, rows) of them at horizon h.
                    long waiting = width * Enumerable.Range(1, horizon).Sum(h => Math.Min(h, rows));
                    Assert.AreEqual(waiting, read.Count(float.IsFinite), $"H={horizon} width={width} rows={rows}");
                }
    }

    [TestMethod]
    public void AForecasterAtALongHorizonContinuesBitForBitAfterASaveAndLoad()
    {
        // Horizon 24 on hourly-like data with a missing stretch: saved and loaded before, inside and after it, each copy
        // continues as the forecaster never saved.
        var settings = new RtuForecasterSettings { SeasonLength = 24, Learner = new RtuLearnerSettings { Horizon = 24 } };
        var y = Enumerable.Range(0, 400).Select(t => t is >= 150 and < 156 ? double.NaN : 10 + 3 * Math.Sin(2 * Math.PI * t / 24) + 0.3 * Math.Sin(t * 1.7)).ToArray();
        var f = new RtuForecaster(settings);
        var a = new float[24]; var b = new float[24];
        RtuForecaster? g = null;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, true, a, default);
            if (g is not null)
            {
                g.Observe(y[t], default, true, b, default);
                CollectionAssert.AreEqual(a, b, $"t={t}");
            }
            if (t is 30 or 153 or 260)
            {
                using var ms = new MemoryStream();
                using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
                ms.Position = 0;
                g = RtuForecaster.Load(new BinaryReader(ms));
            }
        }
    }
}
