using System.Globalization;

namespace Rtu.MLNet;

/// <summary>How the weeks of a year are numbered.</summary>
public enum WeekNumbering
{
    /// <summary>ISO 8601: weeks start on Monday; week 1 is the one with the year's first Thursday (at least four of its days in the year).</summary>
    Iso,

    /// <summary>
    /// The US CDC's MMWR weeks (epiweeks: CDC FluView, Delphi's epidata, many surveillance systems): weeks start on Sunday;
    /// week 1 is the first with at least four of its days in the year (the one with 4 January).
    /// </summary>
    Mmwr,
}

/// <summary>
/// Years and week numbers as dates (a week is its first day, in UTC), and back, for ISO weeks and MMWR (CDC) epiweeks;
/// and which of the two numberings a run of (year, week) pairs follows (<see cref="Numbering"/>). Surveillance data
/// write weeks as <c>201905</c> (Delphi, CDC) or in two columns <c>YEAR,WEEK</c> (FluView): read as numbers they were no
/// dates, so a weekly file got no step and no season.
/// </summary>
public static class WeekNumbers
{
    /// <summary>The first day of week <paramref name="week"/> of <paramref name="year"/> (UTC); null where the year has no such week (or lies outside 1000–3000).</summary>
    public static DateTime? Start(int year, int week, WeekNumbering numbering)
    {
        if (year < 1000 || year > 3000 || week < 1 || week > WeeksInYear(year, numbering)) return null;
        return FirstWeek(year, numbering).AddDays(7 * (week - 1));
    }

    /// <summary>The weeks of <paramref name="year"/>: 52 or 53.</summary>
    public static int WeeksInYear(int year, WeekNumbering numbering) =>
        numbering == WeekNumbering.Iso ? ISOWeek.GetWeeksInYear(year) : (int)((FirstWeek(year + 1, numbering) - FirstWeek(year, numbering)).Days / 7);

    /// <summary>The year and week that <paramref name="date"/> falls in (the week's year, which near 1 January may be the one before or after).</summary>
    public static (int Year, int Week) Of(DateTime date, WeekNumbering numbering)
    {
        if (numbering == WeekNumbering.Iso) return (ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
        int year = date.Year + 1;
        while (FirstWeek(year, numbering) > date.Date) year--;
        return (year, (date.Date - FirstWeek(year, numbering)).Days / 7 + 1);
    }

    // Week 1's first day: the Monday (ISO) or Sunday (MMWR) on or before 4 January, the day that week always holds.
    private static DateTime FirstWeek(int year, WeekNumbering numbering)
    {
        var fourth = new DateTime(year, 1, 4, 0, 0, 0, DateTimeKind.Utc);
        int back = numbering == WeekNumbering.Iso ? ((int)fourth.DayOfWeek + 6) % 7 : (int)fourth.DayOfWeek;
        return fourth.AddDays(-back);
    }

    /// <summary>
    /// The numbering that <paramref name="weeks"/> follow (any order; a pair may repeat, as in a file of several series):
    /// of those that have every pair's week, the one whose distinct weeks in time order step by exactly one week most
    /// often, MMWR on a tie (the two differ only around a week 53 that one year has and the other not); null where
    /// neither has every week, or fewer than half of the steps are one week (numbers that only look like weeks).
    /// </summary>
    /// <remarks>
    /// The data decide where they can: 2015 has a week 53 in ISO weeks and not in MMWR weeks, and a file of ISO weeks
    /// read as MMWR skips a week from 2014's week 52 to 2015's week 1 (MMWR's 2014 has 53). Where nothing tells, the CDC's
    /// numbering is taken, the one these forms (201905, YEAR and WEEK columns) are written in; read either way the step is
    /// weekly and the season 52, and the dates differ by one day.
    /// </remarks>
    public static WeekNumbering? Numbering(IReadOnlyList<(int Year, int Week)> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        if (weeks.Count < 2) return null;
        WeekNumbering? best = null;
        int bestSteps = -1;
        foreach (var numbering in new[] { WeekNumbering.Mmwr, WeekNumbering.Iso })
        {
            var starts = new List<DateTime>(weeks.Count);
            foreach (var (year, week) in weeks)
            {
                if (Start(year, week, numbering) is not { } start) { starts = null; break; }
                starts.Add(start);
            }
            if (starts is null) continue;
            var times = starts.Distinct().Order().ToArray();
            if (times.Length < 2) continue;
            int weekly = 0;
            for (int i = 1; i < times.Length; i++)
                if ((times[i] - times[i - 1]).Days == 7) weekly++;
            if (2 * weekly < times.Length - 1 || weekly <= bestSteps) continue;
            best = numbering;
            bestSteps = weekly;
        }
        return best;
    }
}
