using System.Globalization;
using System.Text.RegularExpressions;

namespace Rtu.MLNet;

/// <summary>
/// Reads a timestamp written as text in a CSV file, in the forms that statistical tools write: ISO dates and
/// date-times (2024-03-01, 2024-03-01T13:30:00Z, 2024/03/01), year-months (1949-01, Jan 1949, 1949 Jan, 1949M01), quarters
/// (1949 Q1, 1949Q1, 1949-Q1, Q1 1949: R's yearqtr, pandas' Period), ISO weeks (2024-W05, 2024W05-1), compact dates
/// (20240301) and whole or decimal years from 1000 to 3000 (1949, 1949.25: R's time() of a ts). A date becomes the first
/// instant of its period (a quarter its first day, a week its Monday), in UTC, so that <see cref="SeriesTimeStep"/>
/// can infer the step and the season from what it reads.
/// </summary>
/// <remarks>Why in the library: the season the forecaster gets from the timestamps is only as good as the reading of
/// them; a quarterly file stamped "1949 Q1" read as no dates gave season 1, and with it no seasonal member at all.</remarks>
public static partial class TimestampText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads <paramref name="text"/> as a timestamp (see the class); false (and default) when it is none of those forms.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string s = text.Trim().Trim('"').Trim();
        if (s.Length == 0 || s.Length > 64) return false;

        var m = QuarterAfterYear().Match(s);
        if (!m.Success) m = QuarterBeforeYear().Match(s);
        if (m.Success) return FirstOfMonth(int.Parse(m.Groups["year"].Value, Invariant), 3 * int.Parse(m.Groups["q"].Value, Invariant) - 2, out utc);
        m = MonthCode().Match(s);
        if (m.Success) return FirstOfMonth(int.Parse(m.Groups["year"].Value, Invariant), int.Parse(m.Groups["month"].Value, Invariant), out utc);
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
        if ((s.Contains('-') || s.Contains('/') || s.Contains(':') || MonthName().IsMatch(s))
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

    [GeneratedRegex(@"^(?<year>\d{4})-?W(?<week>\d{2})(-?(?<day>[1-7]))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeek();

    [GeneratedRegex(@"^\d{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthName();
}
