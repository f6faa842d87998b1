using System.Globalization;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's reading of weeks (samples/Rtu.Forecasting/CsvSeries.cs): CDC epiweeks written 201905, FluView's
/// YEAR and WEEK columns put together, and the timestamps it makes up (past the file's end, skipped steps) written as the
/// file writes its weeks.
/// </summary>
[TestClass]
public sealed class WeekColumnsTests
{
    private static CsvSeries Read(string text, string? column = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-weeks-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try { return CsvSeries.Read(path, column); }
        finally { File.Delete(path); }
    }

    // n weeks of MMWR (year, week) from the week of `from`, with a value that repeats across years (as counts do).
    private static (int Year, int Week, int Value)[] Rows(DateTime from, int n, WeekNumbering numbering) =>
        Enumerable.Range(0, n).Select(i => WeekNumbers.Of(from.AddDays(7 * i), numbering)).Select((w, i) => (w.Year, w.Week, 100 + i % 20)).ToArray();

    [TestMethod]
    public void YearAndWeekColumnsAreOneWeeklyTimestamp()
    {
        // FluView's layout: the year column was the timestamp ("yearly"), and rows with the year and value of the row
        // before were dropped as readings sent twice (an outside audit: 515 of 522 rows).
        var rows = Rows(new DateTime(2014, 6, 1), 120, WeekNumbering.Mmwr);
        var s = Read("YEAR,WEEK,ILITOTAL\n" + string.Concat(rows.Select(r => $"{r.Year},{r.Week},{r.Value}\n")));
        Assert.AreEqual("ILITOTAL", s.Name, "the week column is not the value column");
        Assert.AreEqual(120, s.Values.Length);
        Assert.AreEqual("201423", s.Timestamps[0]);
        Assert.IsTrue(s.WeekNumberStamps);
        Assert.AreEqual("weekly", s.InferStep().Name);
        Assert.AreEqual(52, s.DetectSeason(out _));
        Assert.IsEmpty(s.TimeOrderWarnings());
        Assert.IsNull(RepeatedRows.Drop(s, []));
        StringAssert.Contains(s.Notes[0], "the timestamps are columns 'YEAR' and 'WEEK' together, one week a row, read as CDC (MMWR) epiweeks");
        Assert.AreEqual(new DateTime(2014, 6, 1), s.ReadDates()[0]);
        // MMWR's 2014 has a week 53: past the file's end and in it, the weeks are written year and week.
        Assert.IsTrue(s.Timestamps.Contains("201453"));
        CollectionAssert.AreEqual(new[] { "201638", "201639" }, s.NextTimestamps(2));

        // ISO weeks (2015 has a week 53, MMWR's has none), lower case, the week column first; and a short file whose weeks
        // are all at most 12 (alone, 201901 … 201910 are months): weeks still.
        var iso = Rows(new DateTime(2015, 6, 1), 60, WeekNumbering.Iso);
        var t = Read("week,year,value\n" + string.Concat(iso.Select(r => $"{r.Week},{r.Year},{r.Value}\n")));
        StringAssert.Contains(t.Notes[0], "read as ISO weeks");
        Assert.AreEqual(new DateTime(2015, 6, 1), t.ReadDates()[0]);
        var short10 = Read("year,epiweek,value\n" + string.Concat(Enumerable.Range(1, 10).Select(w => $"2019,{w},{w}\n")));
        Assert.AreEqual("weekly", short10.InferStep().Name);
        Assert.AreEqual("201910", short10.Timestamps[^1]);
        CollectionAssert.AreEqual(new[] { "201911" }, short10.NextTimestamps(1));

        // Named as the value column, the week is the values, and the year the timestamp, as before.
        Assert.AreEqual("WEEK", Read("YEAR,WEEK,ILITOTAL\n2015,1,5\n2015,2,6\n2015,3,7\n", "WEEK").Name);
    }

    [TestMethod]
    public void AColumnOfEpiweeksIsReadAsWeeksWithANote()
    {
        var rows = Rows(new DateTime(2014, 12, 29), 522, WeekNumbering.Iso);
        var s = Read("epiweek,value\n" + string.Concat(rows.Select(r => $"{r.Year}{r.Week:00},{r.Value}\n")));
        Assert.IsFalse(s.Undated);
        Assert.IsNull(s.UndatedWarning());
        Assert.AreEqual(52, s.DetectSeason(out string step));
        Assert.AreEqual("weekly", step);
        StringAssert.Contains(s.Notes[0], "the timestamps in column 'epiweek' are weeks written year and week ('201501'), read as ISO weeks");
        CollectionAssert.AreEqual(new[] { "202501", "202502" }, s.NextTimestamps(2));
        // Months written so stay months, with a note where, all in one year, they could be weeks.
        var months = Read("month,value\n" + string.Concat(Enumerable.Range(1, 12).Select(m => $"2019{m:00},{m}\n")));
        Assert.AreEqual("monthly", months.InferStep().Name);
        StringAssert.Contains(months.MonthsOrWeeksWarning(), "are read as months (2019-01 … 2019-12), but they could be CDC epiweeks (weeks 1–12 of 2019)");
        Assert.IsNull(Read("month,value\n201911,1\n201912,2\n202001,3\n").MonthsOrWeeksWarning());
        Assert.IsNull(s.MonthsOrWeeksWarning());
    }

    [TestMethod]
    public void TheTimestampsMadeUpForAnIsoWeekFileAreIsoWeeks()
    {
        // --paths wrote the targets past an ISO-week file's end as dates (2024-12-30) and kept the weeks inside it.
        var weeks = Enumerable.Range(0, 60).Select(i => new DateTime(2023, 11, 6).AddDays(7 * i))
            .Select(d => $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}").ToArray();
        Assert.AreEqual("2024-W52", weeks[^1]);
        var s = Read("week,value\n" + string.Concat(weeks.Select((w, i) => i == 30 ? "" : $"{w},{i % 9}\n")));
        CollectionAssert.AreEqual(new[] { "2025-W01", "2025-W02" }, s.NextTimestamps(2));
        // A skipped week (row 30 left out) is put on the grid with a week of its own, as the file writes them.
        var grid = s.OnStepGrid(out int[] rows);
        Assert.IsNotNull(grid);
        Assert.AreEqual(weeks[30], grid.Timestamps[30]);
        CollectionAssert.AreEqual(new[] { "2025-W01" }, grid.NextTimestamps(1));
        // The same without the dash.
        var bare = Read("week,value\n" + string.Concat(weeks.Select((w, i) => $"{w.Replace("-", "")},{i % 9}\n")));
        CollectionAssert.AreEqual(new[] { "2025W01" }, bare.NextTimestamps(1));
    }
}
