using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// A note when a series that otherwise hardly ever repeats a reading holds long runs of one identical reading: an estimate
/// written while a gauge was ice-affected, a stuck sensor, a logger repeating its last value. A run is noted where it holds
/// at least <see cref="MinRows"/> identical readings and at least <see cref="Factor"/> times as many as the longest run
/// elsewhere, where the rest of the series repeats its previous reading on at most <see cref="MaxRepeatShare"/> of its
/// rows, and where the noted runs are at most <see cref="MaxRunShare"/> of the readings and fewer than
/// <see cref="RecurringRuns"/> of them share a value. Runs of 0 are never noted, and a
/// series with more than <see cref="MaxZeroShare"/> zeros (intermittent data; <see cref="ZeroDropoutNote"/> speaks of
/// zeros) or of small whole numbers (<see cref="CountMedian"/>: counts) gets no note. The readings are not read as
/// missing: the note names the runs, and empty cells or <c>--missing-value</c> if the readings are not real.
/// </summary>
/// <remarks>
/// Why: an outside audit's daily river flow with a constant estimate written for 64–82 days each winter, and its
/// 15-minute stage with 3,355 readings of 0.850 (35 days), got no note; on the flat rows the forecasts' error was 2.38
/// times the naive forecast's (which is exact there), and 20 days after breakup still 1.32 times. A process audit's
/// minute flow stuck for 240 and 90 minutes got none either. What tells such a run from a series' own flat stretches is
/// the rest of the series: a measured value written with enough digits almost never repeats itself (the audit's flow
/// outside its ice on 2 % of its rows, at most 3 in a row; the stage, to 3 decimals, 9 %, at most 6), while a coarsely
/// quantised one (a lake level to 2 decimals: 17 %), small counts, hourly rain (0 on 96 % of the hours), a setpoint or a
/// step function repeat often and in runs of every length.
/// </remarks>
internal static class FlatRunNote
{
    /// <summary>
    /// The fewest identical readings in a noted run. Where at most <see cref="MaxRepeatShare"/> of the rows repeat, nine
    /// repeats in a row by chance have a probability of about 0.15⁹ ≈ 4·10⁻⁸ per row; shorter runs are left alone, since
    /// repeats come in clusters (a quiet night) more often than chance says. No span of time is asked for: a minute flow
    /// stuck for 90 minutes (an outside audit's) is as wrong as a day of it.
    /// </summary>
    public const int MinRows = 10;

    /// <summary>
    /// How many times the longest run not noted (zeros included) a noted run is long, at least: the series' own quiet
    /// stretches set the scale, so a series whose runs come in every length (a quantised level, a saturating transmitter)
    /// has no run that stands out.
    /// </summary>
    public const double Factor = 4;

    /// <summary>
    /// The largest share of the rows outside the noted runs that may repeat the reading before them: the audit's stage
    /// written to 3 decimals repeats on 9 % (it is noted), a lake level written to 2 decimals on 17 %, small counts and
    /// readings on a coarse grid more (not noted).
    /// </summary>
    public const double MaxRepeatShare = 0.15;

    /// <summary>
    /// The largest share of the readings the noted runs may hold: a series that holds its value most of the time (a
    /// setpoint, a step function, a tariff) is flat by nature, and its ramps between the plateaus never repeat.
    /// </summary>
    public const double MaxRunShare = 0.5;

    /// <summary>
    /// The largest share of zeros among the readings: more is intermittent data (rain, sales, counts), where runs are the
    /// rule; a closed weekday is a seventh (as <see cref="ZeroDropoutNote.MaxShare"/>).
    /// </summary>
    public const double MaxZeroShare = 0.05;

    /// <summary>
    /// The largest median (absolute) value of a series of whole numbers taken as counts, never noted: a count of mean 6
    /// repeats on about 11 % of its rows and of mean 20 on about 6 %, within <see cref="MaxRepeatShare"/>, yet a run of
    /// them is chance or real (no car in an hour, one patient a day for weeks), not a stuck reading.
    /// </summary>
    public const double CountMedian = 20;

    /// <summary>
    /// The fewest noted runs at one value that make it a state the series returns to (a reactor idle at 25.000 between
    /// batches, a bound it sits at, a setpoint), not a fault: such a series gets no note. A stuck sensor sticks at whatever
    /// it last read and an ice estimate is written anew each winter; two runs at one value are still noted (a stuck stretch
    /// split by one other reading).
    /// </summary>
    public const int RecurringRuns = 3;

    /// <summary>The most distinct values of noted runs named.</summary>
    private const int MaxNamedValues = 4;

    /// <summary>A run of one reading: its first and last row (missing rows between readings do not end it), its readings.</summary>
    internal readonly record struct Run(int Start, int End, int Readings, float Value);

    /// <summary>
    /// The runs of identical readings in <paramref name="values"/> (NaN: missing, skipped, so a failed reading in the
    /// middle of a stuck stretch neither ends it nor counts in it), one per change of reading, in time order.
    /// </summary>
    internal static List<Run> Runs(float[] values)
    {
        var runs = new List<Run>();
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v)) continue;
            if (runs.Count > 0 && runs[^1].Value == v) runs[^1] = runs[^1] with { End = i, Readings = runs[^1].Readings + 1 };
            else runs.Add(new Run(i, i, 1, v));
        }
        return runs;
    }

    /// <summary>
    /// The runs noted in <paramref name="values"/> (time order), the share of the other rows that repeat the reading
    /// before them and the longest other run; null where none is.
    /// </summary>
    internal static Run[]? Noted(float[] values, out double repeatShare, out int longestOther)
    {
        repeatShare = 0;
        longestOther = 0;
        var runs = Runs(values);
        int observed = runs.Sum(r => r.Readings);
        if (observed < 2 * MinRows) return null;
        int zeros = runs.Where(r => r.Value == 0).Sum(r => r.Readings);
        if (zeros > MaxZeroShare * observed) return null;
        if (runs.All(r => r.Value == MathF.Round(r.Value)))
        {
            var sizes = values.Where(v => !float.IsNaN(v)).Select(MathF.Abs).Order().ToArray();
            if (sizes[sizes.Length / 2] <= CountMedian) return null;
        }
        // The longest runs, longest first: the first k are noted where the k-th is Factor times the (k+1)-th, the longest
        // left, and k is the largest such (a stuck stretch split in two by one other reading is two runs noted, not one and
        // the "longest elsewhere" of the other). A run of 0, or one shorter than MinRows, ends the search.
        var byLength = runs.OrderByDescending(r => r.Readings).ThenBy(r => r.Start).ToArray();
        int noted = 0;
        for (int k = 0; k < byLength.Length && byLength[k].Readings >= MinRows && byLength[k].Value != 0; k++)
        {
            int next = k + 1 < byLength.Length ? byLength[k + 1].Readings : 0;
            if (byLength[k].Readings >= Factor * Math.Max(next, 1))
            {
                noted = k + 1;
                longestOther = next;
            }
        }
        if (noted == 0) return null;
        var chosen = byLength.Take(noted).OrderBy(r => r.Start).ToArray();
        if (chosen.GroupBy(r => r.Value).Any(g => g.Count() >= RecurringRuns)) return null;
        int inRuns = chosen.Sum(r => r.Readings);
        if (inRuns > MaxRunShare * observed) return null;
        // Pairs of consecutive readings outside the noted runs (the steps into and out of them included), and how many of
        // them repeat.
        int repeats = runs.Sum(r => r.Readings - 1) - chosen.Sum(r => r.Readings - 1);
        int pairs = observed - 1 - chosen.Sum(r => r.Readings - 1);
        if (pairs <= 0) return null;
        repeatShare = (double)repeats / pairs;
        return repeatShare <= MaxRepeatShare ? chosen : null;
    }

    /// <summary>
    /// The note for <paramref name="values"/> in time order (NaN: missing), naming how many runs, the longest (its readings,
    /// value, and with the rows' <paramref name="dates"/> its first and last timestamp, <paramref name="timestamps"/>[i]
    /// row i's; else its rows) and what to do; <paramref name="what"/> says whose values ("the values"). Null where no run
    /// stands out.
    /// </summary>
    public static string? Line(float[] values, string[] timestamps, string what, IReadOnlyList<DateTime?>? dates = null)
    {
        if (Noted(values, out double repeatShare, out int longestOther) is not { } runs) return null;
        var longest = runs.OrderByDescending(r => r.Readings).ThenBy(r => r.Start).First();
        string V(float v) => v.ToString(CultureInfo.InvariantCulture);   // the shortest text that reads back as v
        bool dated = dates is not null && longest.End < dates.Count && dates[longest.Start] is not null && dates[longest.End] is not null
            && longest.End < timestamps.Length;
        string where = dated ? $"from '{timestamps[longest.Start]}' to '{timestamps[longest.End]}'" : $"rows {longest.Start + 1} to {longest.End + 1}";
        var distinct = runs.Select(r => r.Value).Distinct().ToArray();
        string count = runs.Length == 1
            ? $"a run of {longest.Readings} identical readings, {V(longest.Value)} {where}"
            : $"{runs.Length} runs of identical readings ({runs.Sum(r => r.Readings)} in all, "
              + (distinct.Length == 1 ? $"all {V(distinct[0])}" : $"at {string.Join(", ", distinct.Take(MaxNamedValues).Select(V))}{(distinct.Length > MaxNamedValues ? ", …" : "")}")
              + $"), the longest {longest.Readings} readings of {V(longest.Value)} {where}";
        string elsewhere = $"while elsewhere a reading equals the one before on {(100 * repeatShare).ToString("0.#", CultureInfo.InvariantCulture)} % of the rows"
            + (longestOther >= 2 ? $", at most {longestOther} in a row" : "");
        // --missing-value blanks the value wherever it stands: named only where it stands nowhere but in the runs.
        var covered = new bool[values.Length];
        foreach (var r in runs) Array.Fill(covered, true, r.Start, r.End - r.Start + 1);
        bool elsewhereToo = values.Where((v, i) => !covered[i] && !float.IsNaN(v)).Any(v => distinct.Contains(v));
        string option = distinct.Length == 1 ? $"--missing-value {V(distinct[0])}" : $"--missing-value \"{string.Join(";", distinct.Select(V))}\"";
        string blank = elsewhereToo || distinct.Length > MaxNamedValues
            ? "empty cells on those rows read them as missing (--missing-value would blank the value where it is real too)"
            : $"{option} or empty cells read them as missing";
        return $"{what} hold {count}, {elsewhere}: an estimate written while the gauge was ice-affected, a stuck sensor or a logger repeating its last value? "
            + $"The forecasts follow such a stretch's value only slowly (the naive forecast is exact on it); if the readings are not real, {blank}";
    }
}
