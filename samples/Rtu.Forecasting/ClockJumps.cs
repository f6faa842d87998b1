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
/// A jump is a step back, or a step forward a quarter step or more off whole steps, with
/// <see cref="RegularPairs"/> pairs of whole steps on each side: a clock that jitters around its step (every pair a little
/// off) is left to the step grid's snapping, a step back before every earlier row (a block of the file out of order) to
/// sorting, and a step back of at most two hours landing between 01:00 and 03:59 to the daylight-saving note (a local
/// clock's repeated hour; <c>--clock local</c>). Sub-daily fixed steps only: a daily or monthly file out of order is a
/// sorting matter.
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
        var step = series.InferStep();
        long s = step.FixedTicks;
        if (step.Name == "unknown" || s <= 0 || s >= TimeSpan.TicksPerDay || TimeSpan.TicksPerDay % s != 0) return null;
        var ticks = dates.Select(d => d!.Value.Ticks).ToArray();
        bool Whole(int i) => i >= 1 && i < ticks.Length && ticks[i] > ticks[i - 1] && (ticks[i] - ticks[i - 1]) % s == 0;
        bool Regular(int from, int to) { for (int i = from; i <= to; i++) if (!Whole(i)) return false; return true; }

        var moved = new long[ticks.Length];
        var jumps = new List<(int Row, long Gap)>();
        long shift = 0, earliest = ticks[0];
        for (int i = 1; i < ticks.Length; i++)
        {
            long gap = ticks[i] - ticks[i - 1];
            double off = Math.Abs(gap / (double)s - Math.Round(gap / (double)s));
            // A step back into the time the rows before cover (sorting would interleave two passes through it); one back
            // before them all is a block of the file out of order, which sorting puts right.
            bool jump = (gap < 0 && ticks[i] > earliest) || (gap > 0 && off >= 0.25);
            earliest = Math.Min(earliest, ticks[i]);
            if (jump && !(gap < 0 && -gap <= 2 * TimeSpan.TicksPerHour && dates[i]!.Value.Hour is >= 1 and <= 3)
                && i - RegularPairs >= 1 && i + RegularPairs < ticks.Length && Regular(i - RegularPairs, i - 1) && Regular(i + 1, i + RegularPairs))
            {
                long k = gap < 0 ? 1 : Math.Max(1, (long)Math.Round(gap / (double)s));
                shift += ticks[i - 1] + k * s - ticks[i];
                jumps.Add((i, gap));
            }
            moved[i] = ticks[i] + shift;
        }
        moved[0] = ticks[0];
        if (jumps.Count == 0) return null;
        // The corrected rows must be in time order (a step back that is no jump, with no regular run around it, is left to
        // sorting and its note: nothing is corrected then). A repeated timestamp stays repeated.
        for (int i = 1; i < moved.Length; i++) if (moved[i] < moved[i - 1]) return null;
        string format = CsvSeries.StampFormat(dates);
        var stamps = moved.Select(t => new DateTime(t).ToString(format, CultureInfo.InvariantCulture)).ToArray();
        var (row, first) = jumps[0];
        string by = first < 0 ? $"back by {Span(-first)}" : $"forward by {Span(first)}, off its {step.Name} steps";
        string note = $"the clock jumps between regular {step.Name} readings at {jumps.Count} place(s) (first: '{series.Timestamps[row]}' after '{series.Timestamps[row - 1]}', {by}: a device's clock set by a phone or a server?): " +
                      "the rows after each are taken from the step after the row before, their timestamps moved by the jump, so the skipped steps elsewhere are still filled; the output keeps the file's timestamps";
        return (series with { Timestamps = stamps }, note);
    }

    // A span as the note gives it: minutes, or hours and minutes.
    private static string Span(long ticks)
    {
        var t = TimeSpan.FromTicks(ticks);
        return t.TotalMinutes < 60 ? $"{t.TotalMinutes:0.#} minutes" : $"{(int)t.TotalHours} h {t.Minutes:00} min";
    }
}
