using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// A device clock set back or forward between regular readings (a phone or server syncing it): the rows after each such
/// jump are taken from the step after the row before, their timestamps moved by the jump, so that the rows stay in time
/// order and on one step grid (skipped steps elsewhere are still filled: <see cref="CsvSeries.OnStepGrid"/>).
/// </summary>
/// <remarks>
/// Why: an outside audit's glucose monitor, its clock set back an hour by a phone's sync at one row and forward 37
/// minutes at another, was read in the file's order (one step back makes the rows "out of order"), so its 43 skipped
/// steps were not filled and not mentioned, and the note's advice, to sort the file, would interleave two passes through
/// the same hour; 30 minutes ahead its MAE was 1.8 % above the same file's with the clock as it should have been.
/// A jump is a step back into time the rows before cover, or a step forward a quarter step or more off whole steps, with
/// <see cref="RegularPairs"/> pairs of one or two steps on each side, in a file where at most one pair in a hundred is off
/// the grid. Left alone (a review found each taken for a jump at first): a clock that jitters or readings taken
/// irregularly (the step grid's snapping decides), blocks of the file out of order that sorting puts right, several
/// series in one file, a timestamp mistyped by whole days, and an hour back or forward landing at 01:00–03:59 (a local
/// clock's daylight saving: its note and <c>--clock local</c>). Sub-daily fixed steps only. The rows are put on the clock
/// after the last jump (the one a phone or server set), the rows before each jump moved by it.
/// </remarks>
internal static class ClockJumps
{
    /// <summary>Whole-step pairs needed on each side of a jump.</summary>
    public const int RegularPairs = 3;

    /// <summary>
    /// <paramref name="series"/> with the timestamps after each clock jump moved by it (all of them rewritten in ISO, as the
    /// step grid writes the ones it makes up) and the note that says so; null where there is no jump.
    /// </summary>
    public static (CsvSeries Series, string Note)? Correct(CsvSeries series)
    {
        if (!series.HasTimestamps) return null;
        var dates = series.ReadDates();
        if (dates.Length < 2 * RegularPairs + 2 || dates.Any(d => d is null)) return null;
        // Several series in one file (each timestamp once per series): their steps back are the next series' start.
        if (dates.Length >= 1.5 * dates.Distinct().Count()) return null;
        var step = series.InferStep();
        long s = step.FixedTicks;
        if (step.Name == "unknown" || s <= 0 || s >= TimeSpan.TicksPerDay || TimeSpan.TicksPerDay % s != 0) return null;
        var ticks = dates.Select(d => d!.Value.Ticks).ToArray();
        // Blocks of the file out of order, which sorting puts in order without two rows closer than half a step: sorting's
        // matter (a review: blocks 0, 2, 1, 3 were "corrected", with 150–300 steps made up).
        if (CsvSeries.TimeOrder(dates) is int[] order && order.Zip(order.Skip(1)).All(p => ticks[p.Second] - ticks[p.First] > s / 2)) return null;
        // A regular run is of readings a step or two apart: a whole number of days between two rows (one timestamp mistyped
        // by a day) is no run (a review: such a row moved the 800 after it by a day).
        bool Whole(int i) => i >= 1 && i < ticks.Length && ticks[i] > ticks[i - 1] && (ticks[i] - ticks[i - 1]) % s == 0 && ticks[i] - ticks[i - 1] <= 2 * s;
        bool Regular(int from, int to) { for (int i = from; i <= to; i++) if (!Whole(i)) return false; return true; }

        var moved = new long[ticks.Length];
        var jumps = new List<(int Row, long By)>();
        long shift = 0, earliest = ticks[0];
        int offGrid = 0;
        for (int i = 1; i < ticks.Length; i++)
        {
            long gap = ticks[i] - ticks[i - 1];
            double off = Math.Abs(gap / (double)s - Math.Round(gap / (double)s));
            // A step back into the time the rows before cover (sorting would interleave two passes through it); one back
            // before them all is a block of the file out of order, which sorting puts right.
            bool offStep = gap < 0 || (gap > 0 && off >= 0.25);
            bool jump = offStep && (gap > 0 || ticks[i] > earliest);
            if (offStep) offGrid++;
            earliest = Math.Min(earliest, ticks[i]);
            long k = gap < 0 ? 1 : Math.Max(1, (long)Math.Round(gap / (double)s));
            long by = gap - k * s;   // the jump of the clock, the steps the rows are apart taken out
            // A local clock's daylight-saving hour (an hour back or forward landing at 01:00–03:59) is the daylight-saving
            // note's and --clock local's matter (a zone that changes at midnight is taken as a jump, the note naming both).
            bool daylight = Math.Abs(by) == TimeSpan.TicksPerHour && dates[i]!.Value.Hour is >= 1 and <= 3;
            if (jump && !daylight && i - RegularPairs >= 1 && i + RegularPairs < ticks.Length && Regular(i - RegularPairs, i - 1) && Regular(i + 1, i + RegularPairs))
            {
                shift -= by;
                jumps.Add((i, by));
            }
            moved[i] = ticks[i] + shift;
        }
        moved[0] = ticks[0];
        // A clock that jumps rarely: where more than one pair in a hundred is off the grid the readings are irregular
        // (a review: irregular sampling on whole minutes was taken as four jumps), and the step grid's snapping decides.
        if (jumps.Count == 0 || offGrid > Math.Max(2, (ticks.Length - 1) / 100)) return null;
        // The corrected rows must be in time order (a step back that is no jump, with no regular run around it, is left to
        // sorting and its note: nothing is corrected then). A repeated timestamp stays repeated.
        for (int i = 1; i < moved.Length; i++) if (moved[i] < moved[i - 1]) return null;
        // On the latest clock (the one a phone or server set): the rows after the last jump keep their times, and the
        // steps after the series continue from them.
        long end = ticks[^1] - moved[^1];
        string format = CsvSeries.StampFormat(dates);
        var stamps = moved.Select(t => new DateTime(t + end).ToString(format, CultureInfo.InvariantCulture)).ToArray();
        var (row, first) = jumps[0];
        string how = ticks[row] < ticks[row - 1] ? $"set back by {Span(-first)}" : $"off its steps by {Span(Math.Abs(first))} after it";
        string why = Math.Abs(first) == TimeSpan.TicksPerHour ? "a device's clock set by a phone or a server, or daylight saving?" : "a device's clock set by a phone or a server?";
        string note = $"the clock jumps between regular readings (every {Span(s)}) at {jumps.Count} place(s) (first: '{series.Timestamps[row]}' after '{series.Timestamps[row - 1]}', {how}: {why}): " +
                      "the rows before each jump are taken on the clock after it, the row after it at its whole steps from the row before, so that the rows stay in time order (and on the step grid, where the file allows one); the output keeps the file's timestamps";
        return (series with { Timestamps = stamps }, note);
    }

    // A span as the note gives it: minutes, or hours and minutes.
    private static string Span(long ticks)
    {
        var t = TimeSpan.FromTicks(ticks);
        if (t.TotalMinutes < 1) return $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds";
        if (t.TotalMinutes < 60) return t.TotalMinutes == 1 ? "1 minute" : $"{t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes";
        return $"{(int)t.TotalHours} h {t.Minutes:00} min";
    }
}
