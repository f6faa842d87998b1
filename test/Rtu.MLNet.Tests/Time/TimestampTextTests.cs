using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class TimestampTextTests
{
    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [TestMethod]
    public void TheFormsStatisticalToolsWriteAreRead()
    {
        var cases = new (string Text, DateTime Expected)[]
        {
            ("1949-01-01", Utc(1949, 1, 1)), ("2024-03-01T13:30:00Z", Utc(2024, 3, 1, 13, 30)), ("2024-03-01 13:30", Utc(2024, 3, 1, 13, 30)),
            ("2024/03/01", Utc(2024, 3, 1)), ("\"1949-01-01\"", Utc(1949, 1, 1)),
            ("1949-01", Utc(1949, 1, 1)), ("Jan 1949", Utc(1949, 1, 1)), ("1949 Jan", Utc(1949, 1, 1)), ("March 1949", Utc(1949, 3, 1)),
            ("1949M01", Utc(1949, 1, 1)), ("1949M12", Utc(1949, 12, 1)),
            ("1949 Q1", Utc(1949, 1, 1)), ("1949Q2", Utc(1949, 4, 1)), ("1949-Q3", Utc(1949, 7, 1)), ("Q4 1949", Utc(1949, 10, 1)), ("1949 q4", Utc(1949, 10, 1)),
            ("2024-W01", Utc(2024, 1, 1)), ("2024W05", Utc(2024, 1, 29)), ("2024-W05-3", Utc(2024, 1, 31)), ("2020-W53", Utc(2020, 12, 28)),
            ("20240301", Utc(2024, 3, 1)),
            ("1949", Utc(1949, 1, 1)), ("1949.5", Utc(1949, 7, 2, 12)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
            Assert.AreEqual(DateTimeKind.Utc, d.Kind, text);
        }
    }

    [TestMethod]
    public void WhatIsNoTimestampIsRefused()
    {
        foreach (string? text in new[] { null, "", "  ", "abc", "12", "999", "3001", "-5", "1949 Q5", "Q0 1949", "1949M13", "2021-W53", "2024-W00",
                     "20241301", "99999999", "1949.5.5", "day 5", new string('1', 100) })
            Assert.IsFalse(TimestampText.TryParse(text, out _), text ?? "null");
    }

    [TestMethod]
    public void QuartersAndWeeksGiveTheirSeasons()
    {
        // A quarterly file stamped "1949 Q1" read as no dates gave season 1: no seasonal member at all.
        var quarters = Enumerable.Range(0, 40).Select(i => $"{1949 + i / 4} Q{i % 4 + 1}").Select(Parse).ToArray();
        Assert.AreEqual(("quarterly", 4), (SeriesTimeStep.Infer(quarters).Name, SeriesTimeStep.Infer(quarters).SeasonLength));
        var months = Enumerable.Range(0, 36).Select(i => $"{1949 + i / 12}M{i % 12 + 1:00}").Select(Parse).ToArray();
        Assert.AreEqual(12, SeriesTimeStep.Infer(months).SeasonLength);
        var monthNames = Enumerable.Range(0, 36).Select(i => new DateTime(1949, 1, 1).AddMonths(i).ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)).Select(Parse).ToArray();
        Assert.AreEqual(12, SeriesTimeStep.Infer(monthNames).SeasonLength);
        var weeks = Enumerable.Range(1, 52).Select(w => $"2023-W{w:00}").Select(Parse).ToArray();
        Assert.AreEqual(("weekly", 52), (SeriesTimeStep.Infer(weeks).Name, SeriesTimeStep.Infer(weeks).SeasonLength));
    }

    [TestMethod]
    public void NumericDatesWithTheYearLastAreReadDayFirstOrMonthFirst()
    {
        // One text alone: a number above 12 says which is the day; otherwise "/" is month first (as the invariant culture
        // reads it), "." and "-" day first (dotted dates are day first wherever they are written).
        var cases = new (string Text, DateTime Expected)[]
        {
            ("13/01/2015", Utc(2015, 1, 13)), ("01/13/2015", Utc(2015, 1, 13)), ("01/02/2015", Utc(2015, 1, 2)), ("1/2/2015", Utc(2015, 1, 2)),
            ("01.02.2015", Utc(2015, 2, 1)), ("01-02-2015", Utc(2015, 2, 1)), ("31.12.1999", Utc(1999, 12, 31)),
            ("01.02.2015 13:30", Utc(2015, 2, 1, 13, 30)), ("13/01/2015T06:05:00", Utc(2015, 1, 13, 6, 5)),
            ("1/2/15", Utc(2015, 1, 2)), ("13/1/99", Utc(1999, 1, 13)), ("01.02.49", Utc(2049, 2, 1)), ("01.02.50", Utc(1950, 2, 1)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
        }
        foreach (string text in new[] { "13/13/2015", "30.02.2015", "31/04/2015", "01/02/2015 25:00" })
            Assert.IsFalse(TimestampText.TryParse(text, out _), text);
    }

    [TestMethod]
    public void AColumnTakesOneDayMonthOrder()
    {
        // A number above 12 anywhere in the column decides it.
        string[] british = ["12/01/2015", "13/01/2015", "14/01/2015"], american = ["01/12/2015", "01/13/2015", "01/14/2015"];
        Assert.IsTrue(TimestampText.DayFirst(british));
        Assert.IsFalse(TimestampText.DayFirst(american));
        CollectionAssert.AreEqual(new DateTime?[] { Utc(2015, 1, 12), Utc(2015, 1, 13), Utc(2015, 1, 14) }, TimestampText.ParseColumn(british));
        CollectionAssert.AreEqual(new DateTime?[] { Utc(2015, 1, 12), Utc(2015, 1, 13), Utc(2015, 1, 14) }, TimestampText.ParseColumn(american));

        // No number above 12: the order whose dates step regularly. Monthly day first steps by a month; read month first
        // it is twelve days and a jump of a year. Daily month first (01/01 … 01/12) steps by a day.
        string[] monthlyDayFirst = Enumerable.Range(0, 24).Select(i => new DateTime(2015, 1, 1).AddMonths(i).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] dailyMonthFirst = Enumerable.Range(0, 12).Select(i => new DateTime(2015, 1, 1).AddDays(i).ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsTrue(TimestampText.DayFirst(monthlyDayFirst));
        Assert.AreEqual(Utc(2015, 2, 1), TimestampText.ParseColumn(monthlyDayFirst)[1]);
        Assert.IsFalse(TimestampText.DayFirst(dailyMonthFirst));
        Assert.AreEqual(Utc(2015, 1, 2), TimestampText.ParseColumn(dailyMonthFirst)[1]);

        // Twelve monthly dates month first (01/01/2015 … 12/01/2015): read day first they are twelve days, regular in days;
        // month first they are regular in months, so the tie goes to the separator's custom (was: twelve days, season 7).
        string[] monthlyMonthFirst = Enumerable.Range(0, 12).Select(i => new DateTime(2015, 1, 1).AddMonths(i).ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsFalse(TimestampText.DayFirst(monthlyMonthFirst));
        Assert.AreEqual(Utc(2015, 2, 1), TimestampText.ParseColumn(monthlyMonthFirst)[1]);
        // Such columns are ambiguous, and a caller can say so; a number above 12 or one date alone repeated is not.
        Assert.IsTrue(TimestampText.DayMonthOrderIsAmbiguous(monthlyMonthFirst));
        Assert.IsTrue(TimestampText.DayMonthOrderIsAmbiguous(dailyMonthFirst));
        Assert.IsFalse(TimestampText.DayMonthOrderIsAmbiguous(monthlyDayFirst));
        Assert.IsFalse(TimestampText.DayMonthOrderIsAmbiguous(british));
        Assert.IsFalse(TimestampText.DayMonthOrderIsAmbiguous(["01/01/2015", "02/02/2015"]));
        Assert.IsFalse(TimestampText.DayMonthOrderIsAmbiguous(["2015-01-02"]));

        // Nothing tells and the steps are as regular either way: the separator's custom.
        Assert.IsFalse(TimestampText.DayFirst(["01/02/2015"]));
        Assert.IsTrue(TimestampText.DayFirst(["01.02.2015"]));
        // No order reads every row: each is read alone. No numeric dates: no order. Other forms are read as TryParse reads them.
        Assert.IsNull(TimestampText.DayFirst(["13/01/2015", "01/13/2015"]));
        CollectionAssert.AreEqual(new DateTime?[] { Utc(2015, 1, 13), Utc(2015, 1, 13) }, TimestampText.ParseColumn(["13/01/2015", "01/13/2015"]));
        Assert.IsNull(TimestampText.DayFirst(["2015-01-01", "2015-02-01"]));
        CollectionAssert.AreEqual(new DateTime?[] { Utc(1949, 4, 1), null, Utc(2015, 1, 1), null }, TimestampText.ParseColumn(["1949 Q2", "abc", "2015-01-01", null]));
    }

    [TestMethod]
    public void AColumnOfYearsAndMonthsIsReadAsMonths()
    {
        // 2015.01 … 2015.12 read one by one are decimal years a hundredth apart (weekly, season 52); 201501 no dates.
        string[] dotted = Enumerable.Range(0, 24).Select(i => $"{2015 + i / 12}.{i % 12 + 1:00}").ToArray();
        string[] compact = Enumerable.Range(0, 24).Select(i => $"{2015 + i / 12}{i % 12 + 1:00}").ToArray();
        foreach (var column in new[] { dotted, compact })
        {
            var dates = TimestampText.ParseColumn(column);
            Assert.AreEqual(Utc(2015, 10, 1), dates[9]);
            Assert.AreEqual(Utc(2016, 12, 1), dates[23]);
            Assert.AreEqual(("monthly", 12), (SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray()).Name, SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray()).SeasonLength));
        }
        // Decimal years of monthly data have fractions outside 01–12, so they stay decimal years; a six-digit index runs
        // past 12 and stays no dates; one such text alone keeps its old reading.
        string[] decimalYears = Enumerable.Range(0, 24).Select(i => (2015 + i / 12.0).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(TimestampText.TryParse("2015.08", out var single) ? single : default, TimestampText.ParseColumn(decimalYears)[1]);
        Assert.IsTrue(TimestampText.ParseColumn(Enumerable.Range(100001, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()).All(d => d is null));
        Assert.IsFalse(TimestampText.TryParse("201501", out _));
        Assert.IsTrue(TimestampText.TryParse("2015.01", out var decimalYear) && decimalYear.Month == 1 && decimalYear.Day == 4);
    }

    [TestMethod]
    public void AColumnOfUnixTimesIsReadAsInstants()
    {
        // Telemetry's Unix seconds were numbers, no dates: an hourly sensor got season 1.
        long start = 1_420_070_400;   // 2015-01-01T00:00:00Z
        string[] seconds = Enumerable.Range(0, 72).Select(i => (start + 3600L * i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] millis = Enumerable.Range(0, 72).Select(i => ((start + 3600L * i) * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var column in new[] { seconds, millis })
        {
            var dates = TimestampText.ParseColumn(column);
            Assert.AreEqual(Utc(2015, 1, 1, 1), dates[1]);
            Assert.AreEqual(("hourly", 24), (SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray()).Name, SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray()).SeasonLength));
        }
        // An index, counts, years, or one number alone are not Unix times.
        Assert.IsTrue(TimestampText.ParseColumn(["1", "2", "3"]).All(d => d is null));
        Assert.IsTrue(TimestampText.ParseColumn(["946684799", "946688400"]).All(d => d is null), "before 2000");
        Assert.AreEqual(Utc(1949, 1, 1), TimestampText.ParseColumn(["1949", "1950"])[0]);
        Assert.IsFalse(TimestampText.TryParse("1420070400", out _));
    }

    [TestMethod]
    public void MonthLabelsAreTheFirstOfTheirMonth()
    {
        // Excel's mmm-yy: DateTime.TryParse read Jan-19 … Dec-19 as 19 January … 19 December of the current year, and
        // Jan-20 as 20 January: a column whose reading changed with the day it was read. Two-digit years: 00–49 the 2000s.
        var cases = new (string Text, DateTime Expected)[]
        {
            ("Jan-19", Utc(2019, 1, 1)), ("Jan 19", Utc(2019, 1, 1)), ("jan-19", Utc(2019, 1, 1)), ("Jan-2019", Utc(2019, 1, 1)), ("January 2019", Utc(2019, 1, 1)),
            ("2019-Jan", Utc(2019, 1, 1)), ("2019 January", Utc(2019, 1, 1)), ("2019Jan", Utc(2019, 1, 1)), ("Jan19", Utc(2019, 1, 1)), ("Jan/19", Utc(2019, 1, 1)),
            ("Sept. 2019", Utc(2019, 9, 1)), ("Sep-19", Utc(2019, 9, 1)), ("Dec-49", Utc(2049, 12, 1)), ("Jan-50", Utc(1950, 1, 1)), ("May 99", Utc(1999, 5, 1)),
            ("\"Jun-21\"", Utc(2021, 6, 1)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
            Assert.AreEqual(DateTimeKind.Utc, d.Kind, text);
        }

        string[] column = Enumerable.Range(0, 48).Select(i => new DateTime(2019, 1, 1).AddMonths(i).ToString("MMM-yy", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(("Jan-19", "Dec-22"), (column[0], column[^1]));
        var dates = TimestampText.ParseColumn(column);
        CollectionAssert.AreEqual(Enumerable.Range(0, 48).Select(i => (DateTime?)Utc(2019, 1, 1).AddMonths(i)).ToArray(), dates);
        var step = SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray());
        Assert.AreEqual(("monthly", 12), (step.Name, step.SeasonLength));
    }

    [TestMethod]
    public void TextsThatWriteNoYearAreRefused()
    {
        // DateTime.TryParse completes them with today's date: "Mar 5" was 5 March of the year it was read, "10:00" today.
        foreach (string text in new[] { "Mar 5", "March 5", "5 March", "5-Mar", "19-Jan", "Mar 5 10:00", "10:00", "10:00:00", "10:00Z", "10:00 +01:00", "10:00 +0000",
                     "10:00 UTC", "5/3", "03-05", "Mar 5 UTC" })
            Assert.IsFalse(TimestampText.TryParse(text, out _), text);
        string[] days = Enumerable.Range(0, 30).Select(i => new DateTime(2019, 3, 1).AddDays(i).ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsTrue(TimestampText.ParseColumn(days).All(d => d is null), "a column of days without a year");
        // Mar 10 alone is March 2010 (mmm-yy), but a column of days that never writes one digit is still days: two
        // labels in a row name the same month, which months never do.
        string[] laterDays = Enumerable.Range(0, 30).Select(i => new DateTime(2019, 3, 10).AddDays(i).ToString("MMM dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.IsTrue(TimestampText.ParseColumn(laterDays).All(d => d is null), "Mar 10 … Apr 08");
        CollectionAssert.AreEqual(new DateTime?[] { Utc(2019, 1, 1), Utc(2019, 1, 1), Utc(2019, 2, 1), Utc(2019, 2, 1) },
            TimestampText.ParseColumn(["Jan-19", "Jan-19", "Feb-19", "Feb-19"]), "a month repeated (two series in long format) is still a month");
        Assert.IsTrue(TimestampText.ParseColumn(Enumerable.Range(0, 24).Select(h => $"{h:00}:00").ToArray()).All(d => d is null), "a column of times alone");

        // A date that writes its year is still read, with its time and zone.
        var cases = new (string Text, DateTime Expected)[]
        {
            ("March 5, 2019", Utc(2019, 3, 5)), ("5 March 2019", Utc(2019, 3, 5)), ("05-Mar-19", Utc(2019, 3, 5)), ("03/2019", Utc(2019, 3, 1)),
            ("5 March 2019 10:00", Utc(2019, 3, 5, 10)), ("2019-03-05 10:00:00 +01:00", Utc(2019, 3, 5, 9)), ("2019-03-05T10:00:00.5Z", Utc(2019, 3, 5, 10).AddMilliseconds(500)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
        }
    }

    [TestMethod]
    public void AUtcSuffixIsReadAsUtc()
    {
        // R's format(), BigQuery and many loggers write "2024-01-01 00:00:00 UTC", which was no date at all: an hourly
        // sensor so stamped got step unknown and season 1.
        var cases = new (string Text, DateTime Expected)[]
        {
            ("2024-01-01 00:00:00 UTC", Utc(2024, 1, 1)), ("2024-01-01 13:30:00 utc", Utc(2024, 1, 1, 13, 30)), ("2024-01-01 13:30:00UTC", Utc(2024, 1, 1, 13, 30)),
            ("2024-01-01T13:30:00 UTC", Utc(2024, 1, 1, 13, 30)), ("2024-01-01 13:30 UTC", Utc(2024, 1, 1, 13, 30)), ("2024-01-01 UTC", Utc(2024, 1, 1)),
            ("2024-01-01 13:30:00.250 UTC", Utc(2024, 1, 1, 13, 30).AddMilliseconds(250)), ("2024-01-01 13:30:00 +0000 UTC", Utc(2024, 1, 1, 13, 30)),
            ("01/02/2015 13:30 UTC", Utc(2015, 1, 2, 13, 30)), ("\"2024-01-01 00:00:00 UTC\"", Utc(2024, 1, 1)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
            Assert.AreEqual(DateTimeKind.Utc, d.Kind, text);
        }
        Assert.AreEqual(Parse("2024-01-01T13:30:00Z"), Parse("2024-01-01 13:30:00 UTC"), "as Z");
        foreach (string text in new[] { "UTC", "utc", " UTC", "abc UTC" })
            Assert.IsFalse(TimestampText.TryParse(text, out _), text);

        string[] hourly = Enumerable.Range(0, 72).Select(i => new DateTime(2024, 1, 1).AddHours(i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC").ToArray();
        var dates = TimestampText.ParseColumn(hourly);
        Assert.AreEqual(Utc(2024, 1, 1, 1), dates[1]);
        var step = SeriesTimeStep.Infer(dates.Select(d => d!.Value).ToArray());
        Assert.AreEqual(("hourly", 24), (step.Name, step.SeasonLength));
    }

    [TestMethod]
    public void HostileColumnsGiveNullsNotExceptions()
    {
        // Random texts over the characters the forms use, long ones, and numbers past every integer type: a column is
        // read (some entries null), never thrown on.
        var random = new Random(13);
        const string alphabet = "0123456789/.-: TQWMZ\"+";
        for (int trial = 0; trial < 300; trial++)
        {
            var column = Enumerable.Range(0, random.Next(1, 20))
                .Select(_ => new string(Enumerable.Range(0, random.Next(0, trial % 10 == 0 ? 300 : 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
                .ToArray();
            Assert.HasCount(column.Length, TimestampText.ParseColumn(column));
            TimestampText.DayFirst(column);
        }
        Assert.IsTrue(TimestampText.ParseColumn(["99999999999999999999", "99999999999999999998"]).All(d => d is null));
        Assert.IsTrue(TimestampText.ParseColumn(["99/99/9999", "00/00/0000", "31/02/2015 99:99"]).All(d => d is null));
    }

    private static DateTime Parse(string text) => TimestampText.TryParse(text, out var d) ? d : throw new AssertFailedException($"'{text}' was not read.");
}
