using Rtu.Forecasting;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's lines on the changes of the series (samples/Rtu.Forecasting/ChangeReport.cs).</summary>
[TestClass]
public sealed class ChangeReportTests
{
    private static readonly string[] Months = Enumerable.Range(0, 24).Select(i => new DateTime(2020, 1, 1).AddMonths(i).ToString("yyyy-MM-dd")).ToArray();

    private static float[]?[] Changes(int n, params (int Row, SeriesChangeKind Kind, int RowsAgo, float From, float To)[] at)
    {
        var c = new float[]?[n];
        for (int t = 0; t < n; t++) c[t] = [0, 0, 0, 0];
        foreach (var x in at) c[x.Row] = [(float)x.Kind, x.RowsAgo, x.From, x.To];
        return c;
    }

    [TestMethod]
    public void NoChangeNoLines()
    {
        Assert.IsEmpty(ChangeReport.Lines(Changes(24), Months).ToArray());
        Assert.IsEmpty(ChangeReport.Lines(new float[]?[3], null).ToArray(), "rows without the column's values");
    }

    [TestMethod]
    public void EachChangeIsDatedFromTheRowItBeganAt()
    {
        var lines = ChangeReport.Lines(Changes(24,
            (2, SeriesChangeKind.LevelShift, 1, 1206.5f, 1768f),
            (3, SeriesChangeKind.LevelShift, 0, 1825.8f, 1294.5f),
            (4, SeriesChangeKind.Withdrawn, 1, 1294.5f, 1810f),
            (9, SeriesChangeKind.ProportionalShift, 2, 2587.4f, 572.42f)), Months).ToArray();
        Assert.HasCount(5, lines);
        StringAssert.StartsWith(lines[0], "  changes of the series the forecaster confirmed (4;");
        Assert.AreEqual("    2020-03-01: a level shift from 2020-02-01: 1768 where 1206.5 was expected (+561.5, ×1.47)", lines[1]);
        Assert.AreEqual("    2020-04-01: a level shift: 1294.5 where 1825.8 was expected (-531.3, ×0.709)", lines[2]);
        Assert.AreEqual("    2020-05-01: the change at 2020-04-01 withdrawn: its value 1294.5 was a spike (the series went on at 1810), observed again as missing", lines[3]);
        StringAssert.StartsWith(lines[4], "    2020-10-01: a fall moved in proportion (the past scaled to the new level) from 2020-08-01: 572.42 where 2587.4 was expected (-2015");
        var undone = ChangeReport.Lines(Changes(24, (12, SeriesChangeKind.ProportionalShift, 0, 100f, 1000f)), Months).ToArray();
        StringAssert.StartsWith(undone[1], "    2021-01-01: a rise moved in proportion");
        // A glitch of three rows undone at the second value back (RtuForecaster's GlitchRun): its first row four rows back.
        var glitch = ChangeReport.Lines(Changes(24, (14, SeriesChangeKind.LevelShift, 2, 335.96f, 2575.1f), (16, SeriesChangeKind.Withdrawn, 4, 1831.4f, 333.75f)), Months).ToArray();
        Assert.AreEqual("    2021-05-01: the changes since 2021-01-01 withdrawn: the 3 rows from 1831.4 on were a glitch (the series came back, at 333.75), observed again as missing", glitch[2]);
        // Ten or fewer are listed in time order, with the values too (a lasting shift after an event stays second).
        var y = Enumerable.Repeat(10f, 24).ToArray();
        y[3] = 100; y[4] = 60; y[20] = y[21] = y[22] = y[23] = 30;
        var twoKinds = ChangeReport.Lines(Changes(24, (4, SeriesChangeKind.LevelShift, 1, 10f, 100f), (21, SeriesChangeKind.LevelShift, 1, 10f, 30f)), Months, y).ToArray();
        StringAssert.StartsWith(twoKinds[1], "    2020-05-01: a level shift from 2020-04-01: 100 where 10 was expected (+90, ×10); back near 10 at 2020-06-01");
        StringAssert.StartsWith(twoKinds[2], "    2021-10-01: a level shift from 2021-09-01: 30 where 10 was expected (+20, ×3)");
    }

    [TestMethod]
    public void AShiftTheSeriesCameBackFromIsAnEventAndLastingShiftsAreListedFirst()
    {
        // A river at 10 with twelve storms (a rise to 100, then a recession back to 10 within a week), each confirmed as a
        // level shift, and a datum shift of +5 at row 300 that stays: the storms say when the series came back and the
        // header counts them; past MaxListed, the lasting shift is listed first.
        int n = 400;
        var y = new float[n];
        var at = new List<(int Row, SeriesChangeKind Kind, int RowsAgo, float From, float To)>();
        for (int t = 0; t < n; t++) y[t] = t >= 300 ? 15 : 10;
        for (int k = 0; k < 12; k++)
        {
            int s = 10 + 24 * k;
            for (int i = 0; i < 8; i++) y[s + i] += 90 * MathF.Pow(0.6f, i);
            at.Add((s + 1, SeriesChangeKind.LevelShift, 1, 10f, y[s]));
        }
        at.Add((301, SeriesChangeKind.LevelShift, 1, 10f, 15f));
        var changes = Changes(n, [.. at]);
        var lines = ChangeReport.Lines(changes, null, y, season: 1).ToArray();
        StringAssert.StartsWith(lines[0], "  changes of the series the forecaster confirmed (13, 12 of which the series came back from within 60 rows: events such as a storm or a burst rather than lasting shifts;");
        Assert.AreEqual("    row 302: a level shift from row 301: 15 where 10 was expected (+5, ×1.5)", lines[1], "the lasting shift first");
        Assert.AreEqual("    row 12: a level shift from row 11: 100 where 10 was expected (+90, ×10); back near 10 at row 14", lines[2]);
        Assert.AreEqual("    … and 3 more (3 of them events the series came back from).", lines[^1]);
        Assert.AreEqual(13, ChangeReport.CameBack(changes[11]!, 11, y, 1), "29.4, within a quarter of the rise of 10");
        Assert.IsNull(ChangeReport.CameBack(changes[301]!, 301, y, 1), "stays at 15");
        Assert.AreEqual(60, ChangeReport.Window(1));
        Assert.AreEqual(288, ChangeReport.Window(96), "three seasons");
        // Without the values, as before: chronological, no word on coming back.
        var plain = ChangeReport.Lines(changes, null).ToArray();
        StringAssert.StartsWith(plain[0], "  changes of the series the forecaster confirmed (13; a shift's values");
        StringAssert.StartsWith(plain[1], "    row 12: a level shift from row 11: 100 where 10 was expected (+90, ×10)");
        Assert.AreEqual("    … and 3 more.", plain[^1]);
    }

    [TestMethod]
    public void ALastingShiftOfASeasonalSeriesDidNotComeBack()
    {
        // Hourly, a daily swing of ±10 and a step at row 2000 that stays: compared with the one level expected, the swing
        // crossed it within hours and every step up was called an event (a review). Compared with the same hours before
        // the step, none is; a storm-like rise that falls back still is.
        int n = 2300, at = 2000, m = 24;
        var rng = new Random(3);
        var noise = Enumerable.Range(0, n).Select(_ => (float)(0.3 * (rng.NextDouble() - 0.5))).ToArray();
        float Base(int t) => 50 + 10 * MathF.Sin(2 * MathF.PI * t / m) + noise[t];
        foreach (float size in new[] { 4f, 8, 15, 25, -8, -15 })
        {
            var y = Enumerable.Range(0, n).Select(t => Base(t) + (t >= at ? size : 0)).ToArray();
            var change = new float[] { (float)SeriesChangeKind.LevelShift, 1, Base(at + 1), y[at + 1] };
            Assert.IsNull(ChangeReport.CameBack(change, at + 1, y, m), $"a step of {size} that stays");
            var storm = Enumerable.Range(0, n).Select(t => Base(t) + (t >= at ? 60 * MathF.Pow(0.7f, t - at) : 0)).ToArray();
            var rise = new float[] { (float)SeriesChangeKind.LevelShift, 1, Base(at + 1), storm[at + 1] };
            Assert.IsNotNull(ChangeReport.CameBack(rise, at + 1, storm, m), "a rise that falls back");
        }
    }

    [TestMethod]
    public void WithoutDatesRowsAreNumberedAndALongListIsCut()
    {
        var many = Enumerable.Range(0, 14).Select(i => (i + 1, SeriesChangeKind.LevelShift, 0, 10f, 20f)).ToArray();
        var lines = ChangeReport.Lines(Changes(24, many), null).ToArray();
        Assert.HasCount(1 + ChangeReport.MaxListed + 1, lines);
        StringAssert.StartsWith(lines[1], "    row 2: a level shift: 20 where 10 was expected (+10, ×2)");
        Assert.AreEqual("    … and 4 more.", lines[^1]);
    }

    [TestMethod]
    public void AKeyedRunNamesEachSeries()
    {
        var lines = ChangeReport.KeyedLines([
            ("north", Changes(24, (2, SeriesChangeKind.LevelShift, 1, 1206.5f, 1768f)), Months, null),
            ("south", Changes(24), Months, null),
            ("west", Changes(24, (5, SeriesChangeKind.ScaleChange, 2, 16f, 19270f)), null, null),
        ]).ToArray();
        Assert.HasCount(3, lines);
        StringAssert.Contains(lines[0], "(2 in 2 series;");
        StringAssert.StartsWith(lines[1], "    north, 2020-03-01: a level shift from 2020-02-01:");
        StringAssert.StartsWith(lines[2], "    west, row 6: a change of scale (the forecaster's scales started afresh) from row 4:");
        Assert.IsEmpty(ChangeReport.KeyedLines([("south", Changes(24), Months, null)]).ToArray());
    }
}
