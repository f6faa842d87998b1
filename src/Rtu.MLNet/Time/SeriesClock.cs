namespace Rtu.MLNet;

/// <summary>
/// The last timestamp of one stream and the check every new row passes: timestamps must increase; a gap of k steps
/// (by <see cref="SeriesTimeStep"/>) means k − 1 missing values before the row (<see cref="ToFill"/>: how many a
/// forecaster is given). <paramref name="period"/>: the steps after which the forecaster's position in its seasons
/// repeats (<see cref="SeasonsPeriod"/>; 0: a gap beyond <see cref="MaxGap"/> is refused).
/// </summary>
internal sealed class SeriesClock(SeriesTimeStep step, bool areDates, long? last, bool lastIsFitEnd = false, long period = 0)
{
    /// <summary>
    /// The longest gap filled step by step with missing values (steps). A longer one is refused as a likely wrong
    /// timestamp, except a dated series' gap of at most <see cref="MaxIdleDays"/> days where the forecaster's seasons repeat
    /// within <see cref="SeasonsPeriod"/>'s bound: that one is filled shortened (<see cref="ToFill"/>).
    /// </summary>
    public const long MaxGap = 100_000;

    /// <summary>
    /// The longest idle time of a dated series (days, ten years) whose gap is taken even beyond <see cref="MaxGap"/> steps
    /// (the same span 100,000 hourly steps already covered). Why: a model fitted on minutes and used for new or returning
    /// streams 70 days later refused every one of them (an outside audit; 100,000 steps is 69 days of minutes), while a
    /// timestamp decades off (a mistyped year) is still refused, before it could leave the stream's clock in the future.
    /// </summary>
    public const int MaxIdleDays = 3653;

    /// <summary>
    /// The steps after which a forecaster with season <paramref name="season"/> (1: none) and second season
    /// <paramref name="secondSeason"/> (0: none) is at the same position in both: their least common multiple; 0 when
    /// that is above <see cref="MaxGap"/> / 2 − 1,000 (a long gap shortened by whole periods must stay longer than the
    /// forecaster's memory: a period and a few rows).
    /// </summary>
    public static long SeasonsPeriod(int season, int secondSeason)
    {
        long a = Math.Max(1, season), b = Math.Max(1, secondSeason);
        long lcm = a / Gcd(a, b) * b;
        return lcm <= MaxGap / 2 - 1_000 ? lcm : 0;

        static long Gcd(long x, long y) { while (y != 0) (x, y) = (y, x % y); return x; }
    }

    /// <summary>
    /// The missing values a forecaster is given for a gap of <paramref name="missing"/>: all of them up to
    /// <see cref="MaxGap"/> − 1; beyond, fewer by a whole number of periods, so that the next value falls at the same
    /// position of the seasons and more than <see cref="MaxGap"/> / 2 rows (a period and 1,000 more) are missing, at the
    /// cost of &lt; 100,000 steps instead of millions. Past the forecaster's memory (a second season and a few rows) more
    /// missing values carry its states further along their own fills (the pool's held near the level) and the RTU's
    /// state further toward its rest; on a periodic series the forecasts after the gap do not depend on its length
    /// (<c>LongIdleGapTests</c>). What differs is a trend carried across it: the fill of a trending series drifts over the
    /// shorter gap only (a review: a trend of 0.02 a minute, idle a year, summed errors over the next three hours 21 %
    /// above the full fill's; both far from the values, a drift a year long being a guess either way). Why not fewer: the
    /// RTU's state decays toward its rest over thousands of steps (shortened to a period and 2,000 more, a test's
    /// forecasts after the gap 6.7 % off those of the full fill; from 50,000 on, the same). The cost is that of up to
    /// 100,000 steps, about a second at a minute's day and week (an outside audit: a global model's other streams wait
    /// for it, their shared weights' lock held).
    /// </summary>
    public long ToFill(long missing) =>
        missing < MaxGap || period <= 0 ? missing : missing - period * ((missing - (MaxGap - 1) + period - 1) / period);

    // A gap of `steps` from `previous` to `time` that is filled (shortened where beyond MaxGap) rather than refused.
    private bool Fills(long steps, long previous, long time) =>
        steps <= MaxGap || (areDates && period > 0 && time - previous <= MaxIdleDays * TimeSpan.TicksPerDay);

    public long? Last { get; private set; } = last;

    /// <summary>
    /// Rows taken as the next step although they came less than half a step after the row before (two readings of one
    /// step, or a reading off the grid), and the first such pair: Fit reports them (<c>FitWarnings</c>).
    /// </summary>
    public long Crowded { get; private set; }

    /// <summary>The timestamps of the row before the first row counted in <see cref="Crowded"/>, and of that row.</summary>
    public (long Previous, long Time)? FirstCrowded { get; private set; }

    // Last is still Fit's end of the series (a Transform or stream continuing where Fit stopped): a row at or before it
    // is no sorting mistake, so the message says where the series continues instead.
    private bool _lastIsFitEnd = lastIsFitEnd && last is not null;

    // The clock started at Fit's end of its series: a stream removed and observed again starts there again, so only
    // ResetStateOnTransform (at Fit) frees it from that timestamp.
    private readonly bool _startsAtFitEnd = lastIsFitEnd && last is not null;

    /// <summary>How many missing values precede the row at <paramref name="time"/>; records it as the last timestamp.</summary>
    /// <exception cref="InvalidOperationException">The row is not after the previous one of its series, or the gap is beyond <see cref="MaxGap"/>.</exception>
    public long Advance(long time, string? series, long position)
    {
        long missing = 0;
        if (Last is long previous)
        {
            string which = series is null ? "the series" : $"series '{series}'";
            CheckOrder(time, previous, which, position);
            long steps = step.StepsBetween(previous, time);
            if (!Fills(steps, previous, time))
                throw new InvalidOperationException($"Row {position} of {which} has timestamp {TimestampColumn.Format(time, areDates)}, {Steps(steps)} after the previous row's {TimestampColumn.Format(previous, areDates)}: {TooLong()}. A wrong timestamp?" +
                    (_startsAtFitEnd ? " A Transform continues each series where Fit stopped; ResetStateOnTransform = true starts every series afresh instead." : ""));
            missing = Math.Max(0, steps - 1);
            if (steps == 0) { Crowded++; FirstCrowded ??= (previous, time); }
        }
        Last = time;
        _lastIsFitEnd = false;
        return missing;
    }

    /// <summary>Records the row at <paramref name="time"/> after checking only its order (rows are steps; no gaps are filled).</summary>
    /// <exception cref="InvalidOperationException">The row is not after the previous one of its series.</exception>
    public void AdvanceInOrder(long time, string? series, long position)
    {
        if (Last is long previous) CheckOrder(time, previous, series is null ? "the series" : $"series '{series}'", position);
        Last = time;
        _lastIsFitEnd = false;
    }

    // Why a gap is refused, as the messages give it.
    private string TooLong() =>
        !areDates ? $"more than the {MaxGap:N0} filled as missing values"
        : period > 0 ? $"more than the {MaxGap:N0} filled as missing values and more than {MaxIdleDays / 365} years"
        : $"more than the {MaxGap:N0} filled as missing values (a longer gap is filled shortened by whole periods of the seasons, but this model's seasons repeat only after more than {MaxGap / 2 - 1_000:N0} steps)";

    // A gap as the messages give it: its steps and the step's name ("hourly", "every 5"); StepsBetween saturates.
    private string Steps(long steps) =>
        $"{(steps == long.MaxValue ? "more than " : "")}{steps:N0} steps of the series' time step ({step.Name})";

    private void CheckOrder(long time, long previous, string which, long position)
    {
        if (time <= previous && _lastIsFitEnd)
            throw new InvalidOperationException(
                $"Rows are out of order: row {position} of {which} has timestamp {TimestampColumn.Format(time, areDates)}, " +
                $"{(time == previous ? "equal to" : "before")} Fit's last timestamp of it, {TimestampColumn.Format(previous, areDates)}. " +
                $"A Transform continues each series where Fit stopped: give it the rows after {TimestampColumn.Format(previous, areDates)}, " +
                "or set ResetStateOnTransform = true to start every series afresh (e.g. to forecast the training rows again)." + DaylightHint(time, previous));
        if (time <= previous)
        {
            // At a local clock's repeated hour sorting cannot help: it interleaves the two passes through that hour.
            string hint = DaylightHint(time, previous);
            throw new InvalidOperationException(
                $"Rows are out of order: row {position} of {which} has timestamp {TimestampColumn.Format(time, areDates)}, " +
                $"{(time == previous ? "equal to" : "before")} the previous row's {TimestampColumn.Format(previous, areDates)}. " +
                (hint.Length > 0
                    ? "An RTU reads each series in time order, and sorting (or SortByTimestamp) cannot tell apart the two passes through a repeated hour." + hint
                    : "An RTU reads each series in time order: sort the rows by timestamp (within each key) before Fit and Transform, or set SortByTimestamp " +
                      "(Fit and Transform only: a prediction engine or a streaming engine takes one row at a time and cannot sort)."));
        }
    }

    // A timestamp at most an hour before (or equal to) the previous one, between 00:00 and 03:59: local clock times, where
    // daylight saving ends and an hour is written twice. Sorting cannot help there (it interleaves the two passes through
    // that hour); a UTC offset tells them apart (an outside audit: a streaming engine fed a meter's local times refused
    // the last Sunday of October, and Fit with SortByTimestamp set was told to set it).
    internal string DaylightHint(long time, long previous) => DaylightHint(time, previous, areDates);

    /// <summary>The daylight-saving hint for an out-of-order timestamp (empty where none applies); also EvaluateForecasts'.</summary>
    internal static string DaylightHint(long time, long previous, bool areDates) =>
        areDates && time <= previous && previous - time <= TimeSpan.TicksPerHour && time >= 0 && time <= DateTime.MaxValue.Ticks && new DateTime(time).Hour <= 3
            ? " If these are local clock times (DateTime values without their UTC offset), this may be the hour daylight saving ends, written twice: give the timestamps as DateTimeOffset values (with their UTC offset) or in UTC."
            : "";

    /// <summary>
    /// A streaming engine's observation without a timestamp: it takes the next regular timestamp (no gap), so that a
    /// later timestamped observation counts its gap from there. A stream with no timestamp yet stays without one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The next regular timestamp lies beyond the last one a timestamp can hold.</exception>
    public long AdvanceOneStep(string stream)
    {
        if (Last is long previous)
        {
            // Past DateTime.MaxValue the calendar threw ArgumentOutOfRangeException, and a fixed step stored ticks no
            // date holds, so the stream's next dated observation failed formatting its message (an Int64 wrapped).
            long? next = NextOrNull(previous);
            if (next is null)
                throw new InvalidOperationException(
                    $"Stream '{stream}' cannot take a value without a timestamp: its next regular timestamp ({step.Name}) after " +
                    $"{TimestampColumn.Format(previous, areDates)} lies beyond the last {(areDates ? "date" : "Int64 value")} a timestamp can hold. " +
                    "A wrong timestamp? RemoveStream starts the stream afresh.");
            Last = next;
        }
        _lastIsFitEnd = false;
        return 0;
    }

    // The next regular timestamp, or null where no timestamp of this kind holds it.
    private long? NextOrNull(long previous)
    {
        try
        {
            long next = step.Next(previous);
            return next > previous && (!areDates || next <= DateTime.MaxValue.Ticks) ? next : null;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { return null; }
    }

    /// <summary>
    /// <see cref="Advance"/> for a streaming engine's observation of stream <paramref name="stream"/>: the same checks,
    /// with messages about observations rather than rows (<paramref name="utc"/>: a DateTimeOffset's UTC time, whose
    /// offset rules out a local clock's repeated hour, so no message hints at one).
    /// </summary>
    /// <exception cref="InvalidOperationException">The timestamp is not after the stream's previous one, or the gap is beyond <see cref="MaxGap"/>.</exception>
    public long AdvanceStream(long time, string stream, bool utc = false) =>
        AdvanceObserved(time, $"stream '{stream}'", _startsAtFitEnd
            ? "A stream of a fitted series continues where Fit stopped (also after RemoveStream); fit with ResetStateOnTransform = true to start every stream afresh instead."
            : "RemoveStream starts the stream afresh.", utc);

    /// <summary>
    /// <see cref="AdvanceStream"/> for a series served from an exported graph (<c>RtuForecastObservations.MissingBefore</c>):
    /// the same checks, with messages about the served series.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="AdvanceStream"/>.</exception>
    public long AdvanceServed(long time, bool utc) => AdvanceObserved(time, "the served series", "Reset starts the series afresh.", utc);

    private long AdvanceObserved(long time, string who, string restart, bool utc)
    {
        long missing = 0;
        if (Last is long previous)
        {
            if (time <= previous && _lastIsFitEnd)
                throw new InvalidOperationException(
                    $"Observations are out of order: {who} got timestamp {TimestampColumn.Format(time, areDates)}, " +
                    $"{(time == previous ? "equal to" : "before")} Fit's last timestamp of its series, {TimestampColumn.Format(previous, areDates)}. " +
                    $"A stream continues where Fit stopped: observe the values after {TimestampColumn.Format(previous, areDates)} " +
                    "(or fit with ResetStateOnTransform = true to start every stream afresh)." + (utc ? "" : DaylightHint(time, previous)));
            if (time <= previous)
                throw new InvalidOperationException(
                    $"Observations are out of order: {who} got timestamp {TimestampColumn.Format(time, areDates)}, " +
                    $"{(time == previous ? "equal to" : "before")} its previous observation's {TimestampColumn.Format(previous, areDates)}. " +
                    "A stream reads its series in time order: observe each stream's values in timestamp order." + (utc ? "" : DaylightHint(time, previous)));
            long steps = step.StepsBetween(previous, time);
            if (!Fills(steps, previous, time))
                throw new InvalidOperationException($"{Capitalised(who)} got timestamp {TimestampColumn.Format(time, areDates)}, {Steps(steps)} after its previous observation's {TimestampColumn.Format(previous, areDates)}: {TooLong()}. A wrong timestamp? " + restart);
            missing = Math.Max(0, steps - 1);
        }
        Last = time;
        _lastIsFitEnd = false;
        return missing;
    }

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
