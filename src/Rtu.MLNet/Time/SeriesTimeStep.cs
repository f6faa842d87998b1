using System.Globalization;

namespace Rtu.MLNet;

/// <summary>
/// The regular step of a series' timestamps, inferred from them: how many steps lie between two timestamps (a gap of
/// k steps is k − 1 missing values) and the season length the step suggests (a day of steps for a step of whole minutes
/// that divides a day: every 5 minutes 288, 15 minutes 96, half-hourly 48, hourly 24, every 3 hours 8; daily 7,
/// business daily 5, weekly 52, ten-daily 36, semi-monthly 24, four-weekly 13, monthly 12, bi-monthly 6, quarterly 4,
/// half-yearly 2). Dates step by calendar months from monthly on, so months of 28–31 days count
/// as one step; business days skip weekends; plain Int64 timestamps step by their most common difference.
/// </summary>
public sealed record SeriesTimeStep
{
    /// <summary>"hourly", "daily", "monthly", "every 15 minutes", "every 3 hours", …; "every N" for Int64 timestamps.</summary>
    public required string Name { get; init; }

    /// <summary>The season length the step suggests (1: none).</summary>
    public required int SeasonLength { get; init; }

    /// <summary>A fixed step in ticks (DateTime ticks for dates, units for Int64 timestamps); 0 for calendar months.</summary>
    public long FixedTicks { get; init; }

    /// <summary>A step of whole calendar months (1 monthly, 3 quarterly, 12 yearly); 0 for a fixed step.</summary>
    public int Months { get; init; }

    /// <summary>Daily steps over weekdays only: a weekend is no gap.</summary>
    public bool BusinessDays { get; init; }

    /// <summary>
    /// Infers the step from timestamps in order (one series, or several series' consecutive pairs): the median
    /// positive difference classifies dates (the sample's former DetectSeason, now here); Int64 timestamps take the
    /// most common difference. Fewer than two differences give an unknown step of 1 tick (season 1).
    /// </summary>
    /// <param name="differences">Positive differences between consecutive timestamps of a series, in ticks.</param>
    /// <param name="areDates">Ticks of dates (DateTime ticks) rather than plain numbers.</param>
    /// <param name="anyWeekend">Whether any timestamp falls on a Saturday or Sunday (dates only).</param>
    public static SeriesTimeStep Infer(IReadOnlyList<long> differences, bool areDates, bool anyWeekend)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var positive = differences.Where(d => d > 0).ToArray();
        if (!areDates)
        {
            if (positive.Length == 0) return new SeriesTimeStep { Name = "every 1", SeasonLength = 1, FixedTicks = 1 };
            long mode = positive.GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            return new SeriesTimeStep { Name = $"every {mode.ToString(CultureInfo.InvariantCulture)}", SeasonLength = 1, FixedTicks = mode };
        }
        if (positive.Length < 2) return new SeriesTimeStep { Name = "unknown", SeasonLength = 1, FixedTicks = positive.Length == 1 ? positive[0] : TimeSpan.TicksPerDay };
        Array.Sort(positive);
        double days = (double)positive[positive.Length / 2] / TimeSpan.TicksPerDay;
        // Four-weekly periods (retail and advertising calendars: 13 a year) are exactly 28 days apart; calendar months
        // are 28 days apart only from February to March, so they stay monthly. Read as months, 13 periods a year were a
        // season of 12 that drifted by one period a year.
        const long FourWeeks = 28 * TimeSpan.TicksPerDay;
        if (positive.Length >= 4 && positive.Count(d => d == FourWeeks) >= 0.9 * positive.Length)
            return new SeriesTimeStep { Name = "four-weekly", SeasonLength = 13, FixedTicks = FourWeeks };
        // A daily export without the days that had no sales (or a daily sensor down more days than up): the median gap is
        // several days, but the next day is a common one, so the step is a day and the rest are skipped days. Read by the
        // median, an intermittent item was "every 2 days" without a season (an outside audit).
        const long Day = TimeSpan.TicksPerDay;
        if (days >= 1.5 && positive.All(d => d % Day == 0) && positive.Count(d => d == Day) >= Math.Max(3, SkippedDaysShare * positive.Length))
            return anyWeekend || positive.Length < 14
                ? new SeriesTimeStep { Name = "daily", SeasonLength = 7, FixedTicks = Day }
                : new SeriesTimeStep { Name = "business daily", SeasonLength = 5, FixedTicks = Day, BusinessDays = true };
        return days switch
        {
            // Half-hourly data (electricity, smart meters; 27 to 33 minutes) have a day of 48 steps; other steps under
            // 45 minutes step by themselves (the hourly bucket's 1 h step would count a missing half hour as no gap).
            < 27.0 / 1440 or (> 33.0 / 1440 and < 0.75 / 24) => PartOfADay(positive[positive.Length / 2], "sub-hourly"),
            < 0.75 / 24 => new SeriesTimeStep { Name = "half-hourly", SeasonLength = 48, FixedTicks = TimeSpan.TicksPerHour / 2 },
            < 1.5 / 24 => new SeriesTimeStep { Name = "hourly", SeasonLength = 24, FixedTicks = TimeSpan.TicksPerHour },
            // Steps of a few hours (3-hourly weather observations, 6-hourly reanalyses) were read as daily: a day's step,
            // so rows 3 hours apart were 0 steps apart, and a season of 7 of them.
            < 0.75 => PartOfADay(positive[positive.Length / 2], "sub-daily"),
            < 1.2 when anyWeekend || positive.Length < 14 => new SeriesTimeStep { Name = "daily", SeasonLength = 7, FixedTicks = TimeSpan.TicksPerDay },
            < 2.0 => new SeriesTimeStep { Name = "business daily", SeasonLength = 5, FixedTicks = TimeSpan.TicksPerDay, BusinessDays = true },
            // Steps between the calendar's were read as the next one up (every 3 days as weekly, dekads and half months
            // as monthly, two months as quarterly, half years as yearly): rows closer than that step were 0 steps apart,
            // and the season was another step's.
            < 6.0 => EveryFewDays(positive[positive.Length / 2]),
            < 8.5 => new SeriesTimeStep { Name = "weekly", SeasonLength = 52, FixedTicks = 7 * TimeSpan.TicksPerDay },
            < 12 => new SeriesTimeStep { Name = "ten-daily", SeasonLength = 36, FixedTicks = YearTicks / 36 },   // dekads: the 1st, 11th and 21st of each month
            < 20 => new SeriesTimeStep { Name = "semi-monthly", SeasonLength = 24, FixedTicks = YearTicks / 24 },
            < 45 => new SeriesTimeStep { Name = "monthly", SeasonLength = 12, Months = 1 },
            < 75 => new SeriesTimeStep { Name = "bi-monthly", SeasonLength = 6, Months = 2 },
            < 120 => new SeriesTimeStep { Name = "quarterly", SeasonLength = 4, Months = 3 },
            < 240 => new SeriesTimeStep { Name = "half-yearly", SeasonLength = 2, Months = 6 },
            _ => new SeriesTimeStep { Name = "yearly", SeasonLength = 1, Months = 12 },
        };
    }

    /// <summary>
    /// Whole-day timestamps whose median gap is 2 days or more are daily (with days skipped) when at least this share of
    /// their gaps, and 3, is exactly one day: data every few days have next-day gaps only by accident.
    /// </summary>
    public const double SkippedDaysShare = 0.1;

    // A mean calendar year (365.25 days): steps of a 36th or a 24th of it fall on the same days of each month within a day
    // or two, which rounds to one step.
    private const long YearTicks = 36525 * TimeSpan.TicksPerDay / 100;

    // Every 2 to 5 days: the step of whole days nearest the median, with no season (neither a week nor a year is a whole
    // number of such steps).
    private static SeriesTimeStep EveryFewDays(long median)
    {
        long days = Math.Max(2, (long)Math.Round((double)median / TimeSpan.TicksPerDay));
        return new SeriesTimeStep { Name = $"every {days.ToString(CultureInfo.InvariantCulture)} days", SeasonLength = 1, FixedTicks = days * TimeSpan.TicksPerDay };
    }

    /// <summary>The most steps in a day that make a daily season (one-minute data: 1,440).</summary>
    public const int MaxStepsPerDay = 1440;

    /// <summary>
    /// Steps in a day for a fixed step shorter than a day that divides it (every 10 seconds: 8,640), else null: what a
    /// daily season would be where the step has none because it is more than <see cref="MaxStepsPerDay"/>.
    /// </summary>
    public long? StepsPerDay => FixedTicks > 0 && FixedTicks < TimeSpan.TicksPerDay && TimeSpan.TicksPerDay % FixedTicks == 0 ? TimeSpan.TicksPerDay / FixedTicks : null;

    /// <summary>
    /// The week in steps for a step that divides a day (hourly 168, half-hourly 336, every 15 minutes 672, every 3 hours
    /// 56): the second season the forecaster models next to the day; null for any other step (the forecaster's rule
    /// from the season then applies, <c>ForecastPool.SecondSeasonOf</c>).
    /// </summary>
    public int? SecondSeasonLength =>
        SeasonLength > 1 && Months == 0 && !BusinessDays && FixedTicks * SeasonLength == TimeSpan.TicksPerDay ? 7 * SeasonLength : null;

    // A step under a day: when it is a whole number of minutes that divides a day (1 minute to 12 hours, within 2 % of
    // the median difference, so that a few seconds of jitter still count), the season is the day (15 minutes: 96, 5
    // minutes: 288, 3 hours: 8), as hourly data's 24; any other step steps by itself with no season (25 minutes, 7 hours).
    private static SeriesTimeStep PartOfADay(long median, string other)
    {
        const long Minute = TimeSpan.TicksPerMinute;
        long minutes = Math.Max(1, (long)Math.Round((double)median / Minute));
        long step = minutes * Minute;
        bool divides = TimeSpan.TicksPerDay % step == 0 && TimeSpan.TicksPerDay / step is >= 2 and <= MaxStepsPerDay
            && Math.Abs(median - step) <= 0.02 * step;
        // Steps of whole seconds under a minute (sensors every 10 s): named, without a season (a day of them is more than
        // MaxStepsPerDay steps; StepsPerDay says how many).
        long seconds = (long)Math.Round((double)median / TimeSpan.TicksPerSecond);
        if (!divides && median < Minute && seconds >= 1 && Math.Abs(median - seconds * TimeSpan.TicksPerSecond) <= 0.02 * seconds * TimeSpan.TicksPerSecond)
            return new SeriesTimeStep { Name = $"every {seconds.ToString(CultureInfo.InvariantCulture)} second{(seconds == 1 ? "" : "s")}", SeasonLength = 1, FixedTicks = seconds * TimeSpan.TicksPerSecond };
        if (!divides) return new SeriesTimeStep { Name = other, SeasonLength = 1, FixedTicks = median };
        string name = minutes % 60 == 0
            ? $"every {(minutes / 60).ToString(CultureInfo.InvariantCulture)} hours"
            : $"every {minutes.ToString(CultureInfo.InvariantCulture)} minute{(minutes == 1 ? "" : "s")}";
        return new SeriesTimeStep { Name = name, SeasonLength = (int)(TimeSpan.TicksPerDay / step), FixedTicks = step };
    }

    /// <summary>Infers the step of dates in order (see <see cref="Infer(IReadOnlyList{long}, bool, bool)"/>).</summary>
    public static SeriesTimeStep Infer(IReadOnlyList<DateTime> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        var diffs = new List<long>();
        for (int i = 1; i < dates.Count; i++) diffs.Add(dates[i].Ticks - dates[i - 1].Ticks);
        return Infer(diffs, areDates: true, dates.Any(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
    }

    /// <summary>Steps from <paramref name="from"/> to <paramref name="to"/> (ticks as given to <see cref="Infer(IReadOnlyList{long}, bool, bool)"/>), rounded to the nearest step; 1 for the next regular timestamp.</summary>
    public long StepsBetween(long from, long to)
    {
        if (Months > 0)
        {
            var a = new DateTime(from); var b = new DateTime(to);
            long months = (b.Year - a.Year) * 12L + b.Month - a.Month;
            // A month-end or mid-month stamp may drift a few days; round to whole steps.
            return (long)Math.Round((double)months / Months, MidpointRounding.AwayFromZero);
        }
        if (BusinessDays)
        {
            var a = new DateTime(from).Date; var b = new DateTime(to).Date;
            long steps = 0;
            for (var d = a; d < b && steps < 1_000_000; d = d.AddDays(1))
                if (d.AddDays(1).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) steps++;
            return steps;
        }
        // to − from of two far-apart timestamps overflows a long: taken exactly in 128 bits, then as a double (the steps of
        // a 1-tick step may overflow a long too).
        double fixedSteps = Math.Round((double)((Int128)to - from) / FixedTicks, MidpointRounding.AwayFromZero);
        return fixedSteps >= long.MaxValue ? long.MaxValue : fixedSteps <= long.MinValue ? long.MinValue : (long)fixedSteps;
    }

    /// <summary>
    /// <see cref="StepsBetween"/> before it rounds: calendar months over <see cref="Months"/>, ticks over
    /// <see cref="FixedTicks"/>; business days are whole steps. How far this lies from a whole number says whether two
    /// timestamps fit the step at all.
    /// </summary>
    public double FractionalStepsBetween(long from, long to)
    {
        if (Months > 0)
        {
            var a = new DateTime(from); var b = new DateTime(to);
            return ((b.Year - a.Year) * 12.0 + b.Month - a.Month) / Months;
        }
        return BusinessDays ? StepsBetween(from, to) : (double)((Int128)to - from) / FixedTicks;
    }

    /// <summary>The next regular timestamp after <paramref name="from"/> (ticks as given to <see cref="Infer(IReadOnlyList{long}, bool, bool)"/>).</summary>
    /// <exception cref="OverflowException">A fixed step past <see cref="long.MaxValue"/>.</exception>
    public long Next(long from)
    {
        if (Months > 0) return new DateTime(from).AddMonths(Months).Ticks;
        if (BusinessDays)
        {
            var d = new DateTime(from).AddDays(1);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
            return d.Ticks;
        }
        return checked(from + FixedTicks);   // an Int64 timestamp near long.MaxValue overflows rather than wraps
    }

    // A step the clock can advance by: a season of at least one step, exactly one of a fixed length and a number of months,
    // and business days only as a day's fixed length.
    internal bool IsValid => SeasonLength >= 1 && FixedTicks >= 0 && Months >= 0 && (FixedTicks == 0) != (Months == 0)
        && (!BusinessDays || FixedTicks == TimeSpan.TicksPerDay);

    internal void Write(BinaryWriter w)
    {
        w.Write(Name); w.Write(SeasonLength); w.Write(FixedTicks); w.Write(Months); w.Write(BusinessDays);
    }

    internal static SeriesTimeStep Read(BinaryReader r)
    {
        var s = new SeriesTimeStep { Name = r.ReadString(), SeasonLength = r.ReadInt32(), FixedTicks = r.ReadInt64(), Months = r.ReadInt32(), BusinessDays = r.ReadBoolean() };
        if (!s.IsValid)
            throw RtuFormatError.Create("the stored time step is invalid.");
        return s;
    }
}
