namespace Rtu.MLNet;

/// <summary>
/// The last timestamp of one stream and the check every new row passes: timestamps must increase; a gap of k steps
/// (by <see cref="SeriesTimeStep"/>) means k − 1 missing values before the row.
/// </summary>
internal sealed class SeriesClock(SeriesTimeStep step, bool areDates, long? last, bool lastIsFitEnd = false)
{
    /// <summary>The longest gap filled with missing values (steps); a longer one is more likely a wrong timestamp.</summary>
    public const long MaxGap = 100_000;

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
            if (steps > MaxGap)
                throw new InvalidOperationException($"Row {position} of {which} has timestamp {TimestampColumn.Format(time, areDates)}, {Steps(steps)} after the previous row's {TimestampColumn.Format(previous, areDates)}: more than the {MaxGap:N0} filled as missing values. A wrong timestamp?");
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
    /// with messages about observations rather than rows.
    /// </summary>
    /// <exception cref="InvalidOperationException">The timestamp is not after the stream's previous one, or the gap is beyond <see cref="MaxGap"/>.</exception>
    public long AdvanceStream(long time, string stream)
    {
        long missing = 0;
        if (Last is long previous)
        {
            if (time <= previous && _lastIsFitEnd)
                throw new InvalidOperationException(
                    $"Observations are out of order: stream '{stream}' got timestamp {TimestampColumn.Format(time, areDates)}, " +
                    $"{(time == previous ? "equal to" : "before")} Fit's last timestamp of its series, {TimestampColumn.Format(previous, areDates)}. " +
                    $"A stream continues where Fit stopped: observe the values after {TimestampColumn.Format(previous, areDates)} " +
                    "(or fit with ResetStateOnTransform = true to start every stream afresh)." + DaylightHint(time, previous));
            if (time <= previous)
                throw new InvalidOperationException(
                    $"Observations are out of order: stream '{stream}' got timestamp {TimestampColumn.Format(time, areDates)}, " +
                    $"{(time == previous ? "equal to" : "before")} its previous observation's {TimestampColumn.Format(previous, areDates)}. " +
                    "A stream reads its series in time order: observe each stream's values in timestamp order." + DaylightHint(time, previous));
            long steps = step.StepsBetween(previous, time);
            if (steps > MaxGap)
                throw new InvalidOperationException($"Stream '{stream}' got timestamp {TimestampColumn.Format(time, areDates)}, {Steps(steps)} after its previous observation's {TimestampColumn.Format(previous, areDates)}: more than the {MaxGap:N0} filled as missing values. A wrong timestamp?");
            missing = Math.Max(0, steps - 1);
        }
        Last = time;
        _lastIsFitEnd = false;
        return missing;
    }
}
