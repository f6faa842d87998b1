using System.Globalization;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Weeks written as a year and a week number (src/Rtu.MLNet/Time/WeekNumbers.cs and TimestampText): CDC (MMWR) epiweeks
/// and ISO weeks as dates and back, which numbering a column follows, columns written 201905 read as weeks (not months,
/// not numbers), and made-up timestamps written as the column writes its own.
/// </summary>
[TestClass]
public sealed class WeekNumbersTests
{
    private static DateTime D(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void MmwrWeeksStartOnSundayWithWeekOneTheFirstOfFourDaysInTheYear()
    {
        // 1 January 2015 is a Thursday: the week of 28 December 2014 has three days in 2015, so it is 2014's week 53.
        Assert.AreEqual(D(2015, 1, 4), WeekNumbers.Start(2015, 1, WeekNumbering.Mmwr));
        Assert.AreEqual(D(2014, 12, 28), WeekNumbers.Start(2014, 53, WeekNumbering.Mmwr));
        Assert.IsNull(WeekNumbers.Start(2015, 53, WeekNumbering.Mmwr));
        Assert.AreEqual(D(2015, 12, 28), WeekNumbers.Start(2015, 53, WeekNumbering.Iso));
        // 1 January 2019 is a Tuesday: week 1 runs from Sunday 30 December 2018; week 5 from 27 January.
        Assert.AreEqual(D(2018, 12, 30), WeekNumbers.Start(2019, 1, WeekNumbering.Mmwr));
        Assert.AreEqual(D(2019, 1, 27), WeekNumbers.Start(2019, 5, WeekNumbering.Mmwr));
        Assert.AreEqual(D(2018, 12, 31), WeekNumbers.Start(2019, 1, WeekNumbering.Iso));
        Assert.AreEqual(53, WeekNumbers.WeeksInYear(2014, WeekNumbering.Mmwr));
        Assert.AreEqual(53, WeekNumbers.WeeksInYear(2020, WeekNumbering.Mmwr));
        Assert.AreEqual(52, WeekNumbers.WeeksInYear(2015, WeekNumbering.Mmwr));
        Assert.AreEqual(53, WeekNumbers.WeeksInYear(2015, WeekNumbering.Iso));
        Assert.AreEqual((2014, 53), WeekNumbers.Of(D(2015, 1, 3), WeekNumbering.Mmwr));
        Assert.AreEqual((2015, 1), WeekNumbers.Of(D(2015, 1, 4), WeekNumbering.Mmwr));
        Assert.AreEqual((2015, 52), WeekNumbers.Of(D(2016, 1, 2), WeekNumbering.Mmwr));
        Assert.AreEqual((2015, 53), WeekNumbers.Of(D(2016, 1, 2), WeekNumbering.Iso));
        // Every day of 2000–2030 lies in the week whose start Of names.
        for (var d = D(2000, 1, 1); d < D(2031, 1, 1); d = d.AddDays(1))
            foreach (var n in new[] { WeekNumbering.Mmwr, WeekNumbering.Iso })
            {
                var (y, w) = WeekNumbers.Of(d, n);
                var start = WeekNumbers.Start(y, w, n)!.Value;
                Assert.IsTrue(start <= d && d < start.AddDays(7), $"{d:yyyy-MM-dd} {n}");
            }
    }

    private static string[] Weeks(DateTime from, int count, WeekNumbering n) =>
        Enumerable.Range(0, count).Select(i => WeekNumbers.Of(from.AddDays(7 * i), n)).Select(w => $"{w.Year:0000}{w.Week:00}").ToArray();

    [TestMethod]
    public void TheWeeksStepsTellTheNumbering()
    {
        static (int, int)[] Pairs(string[] t) => t.Select(x => (int.Parse(x[..4], CultureInfo.InvariantCulture), int.Parse(x[4..], CultureInfo.InvariantCulture))).ToArray();
        // ISO weeks with 2015's week 53 (no MMWR week), and ISO weeks across 2014–2015 (MMWR's 2014 has a week 53 they skip).
        Assert.AreEqual(WeekNumbering.Iso, WeekNumbers.Numbering(Pairs(Weeks(D(2015, 6, 1), 60, WeekNumbering.Iso))));
        Assert.AreEqual(WeekNumbering.Iso, WeekNumbers.Numbering(Pairs(Weeks(D(2014, 6, 2), 60, WeekNumbering.Iso))));
        // MMWR weeks with 2014's week 53; and weeks that fit both alike: MMWR, the CDC's.
        Assert.AreEqual(WeekNumbering.Mmwr, WeekNumbers.Numbering(Pairs(Weeks(D(2014, 6, 1), 60, WeekNumbering.Mmwr))));
        Assert.AreEqual(WeekNumbering.Mmwr, WeekNumbers.Numbering(Pairs(Weeks(D(2016, 3, 6), 30, WeekNumbering.Mmwr))));
        // Numbers that only look like weeks: most steps are not one week.
        Assert.IsNull(WeekNumbers.Numbering([(2015, 1), (2015, 17), (2015, 33), (2016, 2), (2016, 40)]));
        Assert.IsNull(WeekNumbers.Numbering([(2015, 1), (2015, 54)]));
    }

    [TestMethod]
    public void AColumnOfEpiweeksIsReadAsWeeksAndMonthsStayMonths()
    {
        // Delphi's and the CDC's epiweeks (an outside audit's 201501 … 202452 were no dates: step unknown, season 1).
        var iso = Weeks(D(2014, 12, 29), 522, WeekNumbering.Iso);
        var dates = TimestampText.ParseColumn(iso);
        Assert.AreEqual(D(2014, 12, 29), dates[0]);
        Assert.IsTrue(dates.Zip(dates.Skip(1)).All(p => p.Second - p.First == TimeSpan.FromDays(7)));
        var mmwr = Weeks(D(2018, 12, 30), 100, WeekNumbering.Mmwr);
        Assert.AreEqual("201901", mmwr[0]);
        Assert.AreEqual(D(2019, 1, 27), TimestampText.ParseColumn(mmwr)[4]);
        Assert.AreEqual(52, SeriesTimeStep.Infer(TimestampText.ParseColumn(mmwr).Zip(TimestampText.ParseColumn(mmwr).Skip(1), (a, b) => b!.Value.Ticks - a!.Value.Ticks).ToArray(), true, true).SeasonLength);
        // Months written 201901 stay months (every number's last two digits 01–12), as before; within one year they could
        // be weeks, which a note can say; across a year they cannot.
        var months = Enumerable.Range(1, 12).Select(m => $"2019{m:00}").ToArray();
        Assert.AreEqual(D(2019, 3, 1), TimestampText.ParseColumn(months)[2]);
        Assert.IsTrue(TimestampText.MonthsMayBeWeeks(months));
        Assert.IsFalse(TimestampText.MonthsMayBeWeeks(["201911", "201912", "202001"]));
        Assert.IsFalse(TimestampText.MonthsMayBeWeeks(iso));
        // Forced to weeks (a year and a week column put together), weeks 1–12 are weeks.
        Assert.AreEqual(D(2019, 1, 6), TimestampText.ParseWeekNumbers(months)[1]);
        // Other six-digit numbers are no dates: an index, random codes.
        Assert.IsTrue(TimestampText.ParseColumn(Enumerable.Range(100001, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()).All(d => d is null));
        Assert.IsTrue(TimestampText.ParseColumn(["201501", "201517", "201533", "201602", "201640"]).All(d => d is null));
    }

    [TestMethod]
    public void MadeUpTimestampsAreWrittenAsTheColumnWritesItsWeeks()
    {
        // An ISO-week file's targets past its end were dates (2024-12-30) among weeks (2024-W52).
        Assert.AreEqual("2025-W01", TimestampText.Writer(["2024-W51", "2024-W52"])!(D(2024, 12, 30)));
        Assert.AreEqual("2020W53", TimestampText.Writer(["2020W51", "2020W52"])!(D(2020, 12, 28)));
        Assert.AreEqual("2024-W52-3", TimestampText.Writer(["2024-W52-1", "2024-W52-2"])!(D(2024, 12, 25)));
        // Epiweeks in the column's numbering: MMWR's 2014 has a week 53, ISO's 2015.
        Assert.AreEqual("201453", TimestampText.Writer(Weeks(D(2014, 6, 1), 20, WeekNumbering.Mmwr))!(D(2014, 12, 28)));
        Assert.AreEqual("201553", TimestampText.Writer(Weeks(D(2015, 6, 1), 40, WeekNumbering.Iso))!(D(2015, 12, 28)));
        Assert.AreEqual("201905", TimestampText.Writer(["201901", "201902"], weekNumbers: true)!(D(2019, 1, 27)));
        // Other forms are the caller's to write (months written 201901 among them).
        Assert.IsNull(TimestampText.Writer(["2024-01-01", "2024-01-02"]));
        Assert.IsNull(TimestampText.Writer(["201901", "201902"]));
    }
}
