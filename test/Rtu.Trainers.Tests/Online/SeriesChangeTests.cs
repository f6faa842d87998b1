using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// The changes of the series a forecaster confirms (<see cref="RtuForecaster.LastChange"/>, <see cref="ForecastPool.LastChange"/>):
/// level shifts, collapses moved in proportion and changes of scale, reported at the row that confirmed them.
/// </summary>
[TestClass]
public sealed class SeriesChangeTests
{
    // Every row's LastChange, the forecaster observing y from the start.
    private static SeriesChange[] Changes(RtuForecaster f, double[] y)
    {
        var changes = new SeriesChange[y.Length];
        var forecast = new float[f.Horizon];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            changes[t] = f.LastChange;
        }
        return changes;
    }

    private static int[] Rows(SeriesChange[] changes) => Enumerable.Range(0, changes.Length).Where(t => changes[t].Confirmed).ToArray();

    [TestMethod]
    public void ASeriesWithoutAChangeReportsNone()
    {
        // The collapse's monthly series without the collapse: a season of ±30 %, growth and 3 % noise.
        var y = ForecastPoolProportionalShiftTests.Collapse(at: int.MaxValue);
        CollectionAssert.AreEqual(Array.Empty<int>(), Rows(Changes(ForecasterAlone.New(12), y)));
    }

    [TestMethod]
    public void AStepUpIsReportedOnceAtTheRowThatConfirmedIt()
    {
        // The level ×1.5 from row 139 on: the jump is held as a possible spike, and the next value, staying near it,
        // confirms it as a level shift that began one row before.
        var y = ForecastPoolProportionalShiftTests.Step(1.5);
        var changes = Changes(ForecasterAlone.New(12), y);
        CollectionAssert.AreEqual(new[] { 140 }, Rows(changes));
        var c = changes[140];
        Assert.AreEqual(SeriesChangeKind.LevelShift, c.Kind);
        Assert.AreEqual(1, c.RowsAgo);
        Assert.AreEqual(y[139], c.To, 1e-3 * y[139], "the held value as given");
        Assert.AreEqual(1.5, c.Factor, 0.15, "the forecast of the held row was the old level");
        Assert.AreEqual(c.To - c.From, c.Move, 1e-9);
    }

    [TestMethod]
    public void ACollapseIsReportedAsMovedInProportion()
    {
        // The outside audit's collapse over two rows (×0.22, then ×0.05): each fall is moved in proportion.
        var y = ForecastPoolProportionalShiftTests.Collapse();
        var changes = Changes(ForecasterAlone.New(12), y);
        int[] rows = Rows(changes);
        Assert.IsNotEmpty(rows);
        Assert.AreEqual(141, rows[0]);
        var first = changes[141];
        Assert.AreEqual(SeriesChangeKind.ProportionalShift, first.Kind);
        Assert.AreEqual(1, first.RowsAgo);
        Assert.AreEqual(0.22, first.Factor, 0.05);
        Assert.IsTrue(rows.All(t => changes[t].Kind == SeriesChangeKind.ProportionalShift && t <= 145), string.Join(", ", rows));
    }

    [TestMethod]
    public void AChangeOfUnitsIsReportedAsAChangeOfScale()
    {
        // A sensor switching units: every value ×1000 from row 139.
        var y = ForecastPoolProportionalShiftTests.Step(1000);
        var changes = Changes(ForecasterAlone.New(12), y);
        int[] rows = Rows(changes);
        Assert.HasCount(1, rows, string.Join(", ", rows));
        var c = changes[rows[0]];
        Assert.AreEqual(SeriesChangeKind.ScaleChange, c.Kind);
        Assert.AreEqual(139, rows[0] - c.RowsAgo, "began at the switch");
        Assert.AreEqual(1000, c.Factor, 150);
    }

    [TestMethod]
    public void ARunOfOutliersIsAShiftThatBeganTwoRowsBefore()
    {
        // A pool alone (no held jumps: only the clean's run of outliers): three values on one side confirm the shift.
        var y = ForecastPoolProportionalShiftTests.Step(1.5);
        var (_, _, pool) = PoolAlone.Run(y[..139], 12);
        var model = new float[] { float.NaN };
        var combined = new float[1];
        int confirmed = -1;
        for (int t = 139; t < 150; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, combined);
            if (pool.LastChange.Confirmed)
            {
                Assert.AreEqual(-1, confirmed, "confirmed once");
                confirmed = t;
                Assert.AreEqual(SeriesChangeKind.LevelShift, pool.LastChange.Kind);
                Assert.AreEqual(ForecastPool.ShiftConfirmation - 1, pool.LastChange.RowsAgo);
                Assert.AreEqual(y[t], pool.LastChange.To, 1e-3 * y[t]);
            }
        }
        Assert.AreEqual(139 + ForecastPool.ShiftConfirmation - 1, confirmed);
    }

    [TestMethod]
    public void TheChangeIsTheLastRowsOnly()
    {
        // The row after the confirming one reports nothing, and a saved and loaded forecaster starts with nothing.
        var y = ForecastPoolProportionalShiftTests.Step(1.5);
        var f = ForecasterAlone.New(12);
        var changes = Changes(f, y[..141]);
        Assert.IsTrue(changes[140].Confirmed);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) f.Save(w);
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        Assert.IsFalse(RtuForecaster.Load(r).LastChange.Confirmed);
        f.Observe(y[141], default, learn: true, new float[1], default);
        Assert.IsFalse(f.LastChange.Confirmed);
    }
}
