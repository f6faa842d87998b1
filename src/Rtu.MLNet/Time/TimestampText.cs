using System.Globalization;
using System.Text.RegularExpressions;

namespace Rtu.MLNet;

/// <summary>
/// Reads a timestamp written as text in a CSV file, in the forms that statistical tools write: ISO dates and
/// date-times (2024-03-01, 2024-03-01T13:30:00Z, 2024-03-01 13:30:00 UTC, 2024/03/01), year-months (1949-01, Jan 1949,
/// Jan-49, January 1949, 1949 Jan, 1949M01), quarters
/// (1949 Q1, 1949Q1, 1949-Q1, Q1 1949: R's yearqtr, pandas' Period), ISO weeks (2024-W05, 2024W05-1), compact dates
/// (20240301), numeric dates with the year last (01/02/2015, 01.02.2015, 01-02-2015, 1/2/15, a time of day after them
/// allowed) and whole or decimal years from 1000 to 3000 (1949, 1949.25: R's time() of a ts); and, in a whole column
/// (<see cref="ParseColumn"/>), months written 2015.01 or 201501, weeks written 201905 (CDC epiweeks: <see cref="WeekNumbers"/>)
/// and Unix times in seconds or milliseconds (2000–2100).
/// A date becomes the first instant of its period (a quarter its first day, a week its Monday), in UTC, so that <see cref="SeriesTimeStep"/>
/// can infer the step and the season from what it reads.
/// </summary>
/// <remarks>
/// <para>Why in the library: the season the forecaster gets from the timestamps is only as good as the reading of
/// them; a quarterly file stamped "1949 Q1" read as no dates gave season 1, and with it no seasonal member at all.</para>
/// <para>Numeric dates with the year last are day first or month first by country (01/02/2015 is 1 February in
/// Britain and 2 January in the United States). <see cref="ParseColumn"/> decides the order once for a whole column
/// (<see cref="DayFirst"/>); <see cref="TryParse"/>, for one text alone, reads whichever number is above 12 as the day,
/// and otherwise takes 01/02/2015 as month first and 01.02.2015 and 01-02-2015 as day first.</para>
/// <para>A month's name with two digits after it is a month and a year (Excel's mmm-yy: Jan-19 is January 2019; two-digit
/// years 00–49 are 2000–2049 and 50–99 1950–1999, .NET's invariant pivot, as for 1/2/15). A text that writes no year
/// (Mar 5, 19-Jan, 10:00) is no timestamp: it is never completed with the current date, so that what is read does
/// not depend on the day it is read. A zone after the time (Z, UTC, GMT, +01:00) is taken into account; a time
/// without one is UTC.</para>
/// </remarks>
public static partial class TimestampText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads <paramref name="text"/> as a timestamp (see the class); false (and default) when it is none of those forms.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string s = Bare(text);
        if (s.Length == 0 || s.Length > 64) return false;

        var m = QuarterAfterYear().Match(s);
        if (!m.Success) m = QuarterBeforeYear().Match(s);
        if (m.Success) return FirstOfMonth(int.Parse(m.Groups["year"].Value, Invariant), 3 * int.Parse(m.Groups["q"].Value, Invariant) - 2, out utc);
        m = MonthCode().Match(s);
        if (m.Success) return FirstOfMonth(int.Parse(m.Groups["year"].Value, Invariant), int.Parse(m.Groups["month"].Value, Invariant), out utc);
        m = MonthThenYear().Match(s);
        if (!m.Success) m = YearThenMonth().Match(s);
        if (m.Success) return MonthOfYear(m, out utc);
        m = NumericDate().Match(s);
        if (m.Success) return TryRead(m, DefaultDayFirst(m), out utc);
        m = IsoWeek().Match(s);
        if (m.Success)
        {
            int year = int.Parse(m.Groups["year"].Value, Invariant), week = int.Parse(m.Groups["week"].Value, Invariant);
            int day = m.Groups["day"].Success ? int.Parse(m.Groups["day"].Value, Invariant) : 1;
            if (year < 1000 || year > 3000 || week < 1 || week > ISOWeek.GetWeeksInYear(year) || day < 1 || day > 7) return false;
            utc = DateTime.SpecifyKind(ISOWeek.ToDateTime(year, week, (DayOfWeek)(day % 7)), DateTimeKind.Utc);
            return true;
        }
        if (CompactDate().IsMatch(s))
        {
            if (!DateTime.TryParseExact(s, "yyyyMMdd", Invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) || d.Year < 1000 || d.Year > 3000) return false;
            utc = d;
            return true;
        }
        // Dates need a separator or a month's name: a bare number is a year (below), never a day of the current month.
        // And they need a year: DateTime.TryParse completes "Mar 5", "19-Jan" or "10:00" with today's, so a reading
        // would change with the day it is run.
        if ((s.Contains('-') || s.Contains('/') || s.Contains(':') || MonthName().IsMatch(s)) && NamesYear(s)
            && DateTime.TryParse(s, Invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            utc = date;
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, Invariant, out double years) && years > 1000 && years < 3000)
        {
            int y = (int)Math.Floor(years);
            var start = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            utc = start.AddDays((years - y) * (DateTime.IsLeapYear(y) ? 366 : 365));
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads a column of timestamps, each as <see cref="TryParse"/> does (null: not a timestamp), except that numeric dates
    /// with the year last take one day-month order for the whole column (<see cref="DayFirst"/>): a British file's
    /// monthly 01/02/2015, 01/03/2015, … read one by one were 2 and 3 January, a daily series with a season of 7. A column
    /// written 2015.01 … 2015.12 or 201501 … 201512 throughout (every month 01–12) is read as years and months, and one of
    /// whole numbers that are all Unix times from 2000 to 2100 (seconds, or milliseconds) as those instants. One written
    /// 201905 (a year and its week: CDC and Delphi epiweeks) with a week above 12, whose weeks step weekly, is read as
    /// weeks (<see cref="ParseWeekNumbers(IReadOnlyList{string?})"/>); with none above 12 it is months, as before. A column
    /// whose month labels are days without a year (one with one digit, Mar 5, or two in a row naming the same month,
    /// Mar 10 and Mar 11) has none of its Jan-19-style labels read as months: they are null, as Mar 5 alone is.
    /// </summary>
    public static DateTime?[] ParseColumn(IReadOnlyList<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var dates = new DateTime?[texts.Count];
        // Months written as 2015.01 … 2015.12 (R's format(x, "%Y.%m"), some statistics offices) or 201501 … 201512: read
        // one by one the first are decimal years a hundredth apart (weekly data, season 52) and the second no dates at
        // all. Only a whole column so written is read as months: decimal years of monthly data (2015.00, 2015.08,
        // 2015.17, …) have fractions outside 01–12, and an index (100001, 100002, …) runs past 12.
        var present = texts.Select(Bare).Where(t => t.Length > 0).ToArray();
        foreach (var months in new[] { DottedMonth(), CompactMonth() })
        {
            if (present.Length < 2 || !present.All(t => months.IsMatch(t))) continue;
            for (int i = 0; i < texts.Count; i++)
            {
                var m = months.Match(Bare(texts[i]));
                dates[i] = m.Success && FirstOfMonth(Number(m, "year"), Number(m, "month"), out var d) ? d : null;
            }
            return dates;
        }
        // CDC and Delphi epiweeks, 201905 (2019's week 5): a column of such numbers with a week above 12 (one of months
        // alone was read above, as it always was) whose weeks step weekly. Read as numbers they were no dates at all.
        if (present.Length >= 2 && WeekNumbersOf(present) is { } numbering)
            return ParseWeekNumbers(texts, numbering);
        if (present.Length >= 2 && UnixScale(present) is long ticksPerUnit)
        {
            // Telemetry writes Unix times (seconds or milliseconds since 1970): read one by one they are numbers, no
            // dates, and an hourly sensor got season 1 instead of 24.
            for (int i = 0; i < texts.Count; i++)
                dates[i] = long.TryParse(Bare(texts[i]), NumberStyles.None, Invariant, out long u)
                    ? DateTime.UnixEpoch.AddTicks(u * ticksPerUnit) : null;
            return dates;
        }
        var numeric = new Match?[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            var m = NumericDate().Match(Bare(texts[i]));
            if (m.Success) numeric[i] = m;
            else dates[i] = TryParse(texts[i], out var d) ? d : null;
        }
        bool? dayFirst = DayFirst(texts);
        for (int i = 0; i < texts.Count; i++)
            if (numeric[i] is { } m)
                dates[i] = (dayFirst ?? DefaultDayFirst(m)) is bool first && TryRead(m, first, out var d) ? d : null;
        if (DaysWithoutYear(texts))
            for (int i = 0; i < texts.Count; i++)
                if (MonthThenYear().Match(Bare(texts[i])) is { Success: true } label && label.Groups["year"].Length == 2) dates[i] = null;
        return dates;
    }

    /// <summary>
    /// Reads a column of weeks written as a year (1900–2100) and its week number, 201905 (CDC and Delphi epiweeks; a
    /// FluView file's YEAR and WEEK columns put together), each as its week's first day, in the numbering the column follows
    /// (<see cref="WeekNumbers.Numbering"/>: MMWR, weeks from Sunday, unless the weeks step as ISO weeks and not as MMWR
    /// weeks); null for a text not so written, and for every text where no numbering has every week.
    /// </summary>
    public static DateTime?[] ParseWeekNumbers(IReadOnlyList<string?> texts) =>
        WeekNumberingOf(texts) is { } n ? ParseWeekNumbers(texts, n) : new DateTime?[texts.Count];

    /// <summary>
    /// The numbering of a column of weeks written 201905 (<see cref="ParseWeekNumbers(IReadOnlyList{string?})"/>), or
    /// null where not every text is so written or no numbering has every week.
    /// </summary>
    public static WeekNumbering? WeekNumberingOf(IReadOnlyList<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return WeekNumbersOf(texts.Select(Bare).Where(t => t.Length > 0).ToArray());
    }

    /// <summary>
    /// Whether a column read as months written 201901 (every number's last two digits 01–12) could be weeks as well:
    /// its months all in one year, so that read as CDC epiweeks they would step weekly too (201901 … 201912 are twelve
    /// months or twelve weeks). A column that crosses a year tells: 201912 then 202001 is a month, not 41 weeks.
    /// </summary>
    public static bool MonthsMayBeWeeks(IReadOnlyList<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var present = texts.Select(Bare).Where(t => t.Length > 0).ToArray();
        return present.Length >= 2 && present.All(t => CompactMonth().IsMatch(t)) && present.Select(t => t[..4]).Distinct().Count() == 1
            && present.Select(t => int.Parse(t[4..], Invariant)).Distinct().Count() >= 2;
    }

    // The texts' (present, bare) weeks' numbering, or null where one is not a year of 1900–2100 and a week or none fits.
    // The years are bounded as IntegerTimestamps bounds yyyyMM: an index 100001, 100002, … steps as weeks of the year 1000.
    private static WeekNumbering? WeekNumbersOf(string[] present)
    {
        var weeks = new List<(int, int)>(present.Length);
        foreach (string t in present)
        {
            var m = YearWeekNumber().Match(t);
            if (!m.Success || Number(m, "year") is < 1900 or > 2100) return null;
            weeks.Add((Number(m, "year"), Number(m, "week")));
        }
        return WeekNumbers.Numbering(weeks);
    }

    private static DateTime?[] ParseWeekNumbers(IReadOnlyList<string?> texts, WeekNumbering numbering)
    {
        var dates = new DateTime?[texts.Count];
        for (int i = 0; i < texts.Count; i++)
            if (YearWeekNumber().Match(Bare(texts[i])) is { Success: true } m) dates[i] = WeekNumbers.Start(Number(m, "year"), Number(m, "week"), numbering);
        return dates;
    }

    /// <summary>
    /// How to write a date as the column <paramref name="texts"/> writes its timestamps, for the ones a program makes up
    /// (a forecast's target past the file's end, a skipped step): ISO weeks as the column writes them (2024-W52,
    /// 2024W52, 2024-W52-1) and weeks written 201905 in the column's numbering (<paramref name="weekNumbers"/>: the column
    /// is read by <see cref="ParseWeekNumbers(IReadOnlyList{string?})"/>, else only where <see cref="ParseColumn"/> reads
    /// it so); null for other forms (and where not every text is of the form), which the caller writes its own way.
    /// </summary>
    /// <remarks>Why: a forecast file's targets inside an ISO-week file kept its weeks (2024-W52) and those past its end were
    /// dates (2024-12-30), two formats in one column.</remarks>
    public static Func<DateTime, string>? Writer(IReadOnlyList<string?> texts, bool weekNumbers = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var present = texts.Select(Bare).Where(t => t.Length > 0).ToArray();
        if (present.Length == 0) return null;
        if (present.All(t => IsoWeek().IsMatch(t)))
        {
            var first = IsoWeek().Match(present[0]);
            bool dash = first.Value[4] == '-', day = first.Groups["day"].Success;
            string w = first.Value[dash ? 5 : 4].ToString(), daySeparator = day && first.Value[^2] == '-' ? "-" : "";
            return d =>
            {
                string text = $"{ISOWeek.GetYear(d):0000}{(dash ? "-" : "")}{w}{ISOWeek.GetWeekOfYear(d):00}";
                return day ? $"{text}{daySeparator}{((int)d.DayOfWeek + 6) % 7 + 1}" : text;
            };
        }
        if ((weekNumbers || present.Any(t => !CompactMonth().IsMatch(t))) && WeekNumberingOf(present) is { } numbering)
            return d =>
            {
                var (year, week) = WeekNumbers.Of(d, numbering);
                return $"{year:0000}{week:00}";
            };
        return null;
    }

    // Mar 10 is March 2010 (Excel's mmm-yy) or 10 March of no year. A column is of days when one of its labels has one
    // digit (Mar 5) or two in a row name the same month with different numbers (Mar 10, Mar 11: months never repeat so,
    // while days run through theirs); read as years, a run of days became a yearly series of 2001–2031.
    private static bool DaysWithoutYear(IReadOnlyList<string?> texts)
    {
        Match? previous = null;
        foreach (string? text in texts)
        {
            string s = Bare(text);
            if (MonthThenDay().IsMatch(s)) return true;
            var m = MonthThenYear().Match(s);
            if (m.Success && m.Groups["year"].Length == 2)
            {
                if (previous is not null && string.Equals(previous.Groups["month"].Value[..3], m.Groups["month"].Value[..3], StringComparison.OrdinalIgnoreCase)
                    && previous.Groups["year"].Value != m.Groups["year"].Value) return true;
                previous = m;
            }
            else previous = null;
        }
        return false;
    }

    // Ticks per unit when every text is a whole number of seconds, or of milliseconds, since 1970 that falls in
    // 2000–2100 (an index or a count is far below; years are 1000–3000); else null.
    private static long? UnixScale(string[] present)
    {
        long lo = long.MaxValue, hi = long.MinValue;
        foreach (string t in present)
        {
            if (t.Length > 13 || !long.TryParse(t, NumberStyles.None, Invariant, out long u)) return null;
            lo = Math.Min(lo, u); hi = Math.Max(hi, u);
        }
        const long From = 946_684_800, To = 4_102_444_800;   // 2000-01-01 and 2100-01-01 in seconds
        if (lo >= From && hi < To) return TimeSpan.TicksPerSecond;
        if (lo >= From * 1000 && hi < To * 1000) return TimeSpan.TicksPerMillisecond;
        return null;
    }

    /// <summary>
    /// The day-month order of the column's numeric dates with the year last: day first when a first number exceeds 12,
    /// month first when a second one does (null when both do: no order reads every row, and each is read alone), and
    /// when no number tells, the order whose dates step more regularly (a monthly 01/02/2015, 01/03/2015, … is monthly day
    /// first and a run of days with a jump of a year month first); on a tie, month first for 01/02/2015, day first for
    /// 01.02.2015 and 01-02-2015. Null too when the column has no such dates.
    /// </summary>
    public static bool? DayFirst(IReadOnlyList<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var matches = texts.Select(t => NumericDate().Match(Bare(t))).Where(m => m.Success).ToArray();
        if (matches.Length == 0) return null;
        bool firstAbove12 = matches.Any(m => Number(m, "a") > 12), secondAbove12 = matches.Any(m => Number(m, "b") > 12);
        if (firstAbove12 != secondAbove12) return firstAbove12;
        if (firstAbove12) return null;
        double dayFirst = Irregularity(matches, true), monthFirst = Irregularity(matches, false);
        return dayFirst != monthFirst ? dayFirst < monthFirst : DefaultDayFirst(matches[0]);
    }

    /// <summary>
    /// Whether nothing in the column's numeric dates with the year last tells their day-month order: no number above 12,
    /// some date whose two numbers differ, and dates that step as regularly read either way (twelve monthly 01/01/2015 …
    /// 12/01/2015 are also twelve days), so that <see cref="DayFirst"/> falls back on the separator's custom; a caller
    /// can say so.
    /// </summary>
    public static bool DayMonthOrderIsAmbiguous(IReadOnlyList<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var matches = texts.Select(t => NumericDate().Match(Bare(t))).Where(m => m.Success).ToArray();
        return matches.Length > 0 && matches.All(m => Number(m, "a") <= 12 && Number(m, "b") <= 12) && matches.Any(m => Number(m, "a") != Number(m, "b"))
            && Irregularity(matches, true) == Irregularity(matches, false);
    }

    // How far the steps between consecutive dates stray from their median size, in units of it: 0 for a regular series.
    // Dates on one day of the month are measured in months too: in days a monthly series is irregular (31, 28, 31, …
    // days), and twelve monthly 01/01/2015 … 12/01/2015 lost to the reading of twelve days. (Month ends need no such
    // care: a day above 12 decides their order.)
    private static double Irregularity(Match[] matches, bool dayFirst)
    {
        var dates = new List<DateTime>();
        foreach (var m in matches)
            if (TryRead(m, dayFirst, out var d)) dates.Add(d);
        double byTicks = Irregularity(dates.Select(d => d.Ticks).ToList());
        bool monthly = dates.Count > 1 && dates.All(d => d.TimeOfDay == TimeSpan.Zero)
            && dates.All(d => d.Day == dates[0].Day);
        return monthly ? Math.Min(byTicks, Irregularity(dates.Select(d => 12L * d.Year + d.Month).ToList())) : byTicks;
    }

    private static double Irregularity(List<long> points)
    {
        var steps = new List<long>();
        for (int i = 1; i < points.Count; i++) steps.Add(points[i] - points[i - 1]);
        var sizes = steps.Select(Math.Abs).Where(x => x > 0).Order().ToArray();
        if (sizes.Length == 0) return double.PositiveInfinity;
        double median = sizes[sizes.Length / 2];
        return steps.Average(x => Math.Abs(x - median)) / median;
    }

    private static bool DefaultDayFirst(Match m) => Number(m, "a") > 12 || (Number(m, "b") <= 12 && m.Groups["sep"].Value != "/");

    private static int Number(Match m, string group) => int.Parse(m.Groups[group].Value, Invariant);

    private static bool TryRead(Match m, bool dayFirst, out DateTime utc)
    {
        utc = default;
        int a = Number(m, "a"), b = Number(m, "b"), year = Number(m, "year");
        if (m.Groups["year"].Length == 2) year = Invariant.Calendar.ToFourDigitYear(year);   // 00–49: 2000s, 50–99: 1900s
        int day = dayFirst ? a : b, month = dayFirst ? b : a;
        if (year < 1000 || year > 3000 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        var time = TimeSpan.Zero;
        if (m.Groups["time"].Success && !TimeSpan.TryParseExact(m.Groups["time"].Value, ["h\\:mm", "h\\:mm\\:ss", "h\\:mm\\:ss\\.FFFFFFF"], Invariant, out time)) return false;
        if (time >= TimeSpan.FromDays(1)) return false;
        utc = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) + time;
        return true;
    }

    // The text without surrounding spaces and quotes ("" for null), and without a "UTC" after its time or date (R,
    // BigQuery and many loggers write 2024-01-01 00:00:00 UTC, which DateTime.TryParse refuses): a stamp without a zone
    // is read as UTC already, so the suffix says nothing more, as Z does.
    private static string Bare(string? text)
    {
        string s = text?.Trim().Trim('"').Trim() ?? "";
        return s.EndsWith("UTC", StringComparison.OrdinalIgnoreCase) ? UtcSuffix().Replace(s, "") : s;
    }

    // Whether a text left to DateTime.TryParse writes its year: a number of three digits or more, three numbers
    // (01-Mar-24), or two and a month's name, once its time of day and zone are left out ("Mar 5", "19-Jan", "10:00" and
    // "5/3" write none).
    private static bool NamesYear(string s)
    {
        var numbers = Digits().Matches(TimeOfDay().Replace(s, " "));
        return numbers.Any(n => n.Length >= 3) || numbers.Count >= 3 || (numbers.Count == 2 && MonthName().IsMatch(s));
    }

    // Jan-19, January 2019, 2019-Jan: the first of that month. Two-digit years as .NET's invariant calendar reads them
    // (00–49: 2000–2049, 50–99: 1950–1999), as for 1/2/15; Excel, which writes mmm-yy, reads 30–49 as the 1930s.
    private static bool MonthOfYear(Match m, out DateTime utc)
    {
        int month = "janfebmaraprmayjunjulaugsepoctnovdec".IndexOf(m.Groups["month"].Value[..3].ToLowerInvariant(), StringComparison.Ordinal) / 3 + 1;
        int year = Number(m, "year");
        if (m.Groups["year"].Length == 2) year = Invariant.Calendar.ToFourDigitYear(year);
        return FirstOfMonth(year, month, out utc);
    }

    private static bool FirstOfMonth(int year, int month, out DateTime utc)
    {
        utc = default;
        if (year < 1000 || year > 3000 || month < 1 || month > 12) return false;
        utc = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        return true;
    }

    [GeneratedRegex(@"^(?<year>\d{4})\s*[-/ ]?\s*Q(?<q>[1-4])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterAfterYear();

    [GeneratedRegex(@"^Q(?<q>[1-4])\s*[-/ ]?\s*(?<year>\d{4})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterBeforeYear();

    [GeneratedRegex(@"^(?<year>\d{4})\s*M(?<month>\d{1,2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthCode();

    // A month's name, in full or as its abbreviation (Sept too).
    private const string MonthOfName = "(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    // Jan-19, Jan 19, Jan-2019, January 2019, Sept. 2019 (Excel's mmm-yy, R's %b %Y): a month's name, then its year.
    [GeneratedRegex(@"^" + MonthOfName + @"\.?\s*[-/ ]?\s*(?<year>\d{4}|\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthThenYear();

    // Mar 5, March 5: a month's name and one digit, a day without a year.
    [GeneratedRegex(@"^" + MonthOfName + @"\.?\s*[-/ ]?\s*\d$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthThenDay();

    // 2019-Jan, 2019 Jan, 2019Jan: the year (four digits: 19-Jan is Excel's d-mmm, a day without a year), then the month's name.
    [GeneratedRegex(@"^(?<year>\d{4})\s*[-/ ]?\s*" + MonthOfName + @"\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearThenMonth();

    [GeneratedRegex(@"^(?<year>\d{4})-?W(?<week>\d{2})(-?(?<day>[1-7]))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeek();

    // 1/2/2015, 01.02.2015, 01-02-2015 13:30, 01/02/2015T13:30:05, 1/2/15 (the same separator twice, the year last).
    [GeneratedRegex(@"^(?<a>\d{1,2})(?<sep>[./-])(?<b>\d{1,2})\k<sep>(?<year>\d{4}|\d{2})(?:[ T](?<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^\d{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();

    // 201501 … 201512: a year and a month when a whole column is written so.
    [GeneratedRegex(@"^(?<year>\d{4})(?<month>0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactMonth();

    // 201905: a year and its week (CDC and Delphi epiweeks) when a whole column is written so.
    [GeneratedRegex(@"^(?<year>\d{4})(?<week>0[1-9]|[1-4]\d|5[0-3])$", RegexOptions.CultureInvariant)]
    private static partial Regex YearWeekNumber();

    // 2015.01 … 2015.12: a year and a month when a whole column is written so (alone it is a decimal year).
    [GeneratedRegex(@"^(?<year>\d{4})\.(?<month>0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedMonth();

    // A time of day with its zone, if any (13:30, 13:30:05.25+01:00, 13:30Z): no part of a date.
    [GeneratedRegex(@"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"(?<=\d)\s*UTC$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UtcSuffix();

    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthName();
}
