using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// A note when a series far from 0 holds a few exact zeros that look like failed readings written as 0 (a flow meter's
/// dropouts): at least <see cref="MinZeros"/> of them, at most <see cref="MaxShare"/> of the observed values, every other
/// value on one side of 0 and at least <see cref="Gap"/> of their median away from it, and more than
/// <see cref="StepFactor"/> typical row-to-row changes; runs of zeros that are calendar periods (a whole day or more, or
/// the same time of day again and again: <see cref="RealRuns"/>) are not counted. The zeros are not read as missing (a shutdown, a shop closed on
/// Sundays are real zeros): the note names them and <c>--missing-value 0</c>.
/// </summary>
/// <remarks>
/// Why: an outside audit's flow of 80–160 m³/h with 167 zero readings in 26 short dropouts got no note, and over the 30
/// rows after each dropout its MAE was 4.3 times (one step ahead) and 9.9 times (15 steps) the same series' without
/// them; as empty cells the dropouts cost 3–7 %. The rule's thresholds: real zeros come with the values on the way to
/// them (a shutdown's ramp, a count's ones and twos) or are many (a closed day each week is a seventh of the values), while
/// a dropout jumps from the level to 0 with nothing between. A quarter of the median leaves room for a series' own swings
/// (the audit's flow never read below 0.7 of its median) and the changes' test keeps small counts out (a count whose
/// median is 3 has ones, a unit from 0, and changes of about 2).
/// </remarks>
internal static class ZeroDropoutNote
{
    /// <summary>The fewest zeros noted (one is a single odd reading).</summary>
    public const int MinZeros = 2;

    /// <summary>The largest share of the observed values the zeros may be (a closed weekday is a seventh).</summary>
    public const double MaxShare = 0.05;

    /// <summary>How far from 0 every other value lies, as a share of their median (absolute) value.</summary>
    public const double Gap = 0.25;

    /// <summary>How many median row-to-row changes (of the other values) the smallest of them lies above 0, at least.</summary>
    public const double StepFactor = 4;

    /// <summary>
    /// The note for <paramref name="values"/> in time order (NaN: missing), naming how many zeros, in how many runs, and
    /// the first's timestamp (<paramref name="timestamps"/>[i] is row i's); <paramref name="what"/> says whose values
    /// ("the values"). With the rows' <paramref name="dates"/> (null, or one not a date: none), a run of zeros that is a
    /// calendar period is taken as real and not counted (<see cref="RealRuns"/>). Null where the zeros do not look like
    /// dropouts.
    /// </summary>
    public static string? Line(float[] values, string[] timestamps, string what, IReadOnlyList<DateTime?>? dates = null)
    {
        int observed = 0, zeros = 0;
        var runs = new List<(int Start, int End, int Zeros)>();   // End: the run's last zero
        bool inRun = false;
        var others = new List<double>();
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v)) continue;   // a missing row neither ends nor starts a run
            observed++;
            if (v == 0)
            {
                zeros++;
                if (!inRun) runs.Add((i, i, 0));
                runs[^1] = (runs[^1].Start, i, runs[^1].Zeros + 1);
                inRun = true;
                continue;
            }
            inRun = false;
            others.Add(v);
        }
        if (zeros < MinZeros || zeros > MaxShare * observed || others.Count < 2) return null;
        // Far from 0 on one side: a series that crosses 0 passes near it.
        if (!(others.All(v => v > 0) || others.All(v => v < 0))) return null;
        var sizes = others.Select(Math.Abs).Order().ToArray();
        double median = sizes[sizes.Length / 2], smallest = sizes[0];
        if (smallest < Gap * median) return null;
        var changes = others.Zip(others.Skip(1), (a, b) => Math.Abs(b - a)).Order().ToArray();
        if (smallest <= StepFactor * changes[changes.Length / 2]) return null;
        var real = RealRuns(runs.Select(r => (r.Start, r.End)).ToArray(), dates);
        var dropouts = runs.Where((r, i) => !real[i]).ToArray();
        int dropoutZeros = dropouts.Sum(r => r.Zeros);
        if (dropoutZeros < MinZeros) return null;
        string G(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
        string calendar = dropouts.Length == runs.Count ? ""
            : $" ({zeros - dropoutZeros} other zeros, in {runs.Count - dropouts.Length} run(s) of a day or more or at one time of day, are taken as real)";
        return $"{what} hold {dropoutZeros} exact zeros in {dropouts.Length} run(s), the first at '{timestamps[dropouts[0].Start]}'{calendar}, while every other value is {(others[0] > 0 ? "at least" : "at most")} {G(others[0] > 0 ? smallest : -smallest)} (median {G(others[0] > 0 ? median : -median)}): failed readings written as 0? If so, --missing-value 0 reads them as missing values (a real 0, a shutdown, is best left as it is)";
    }

    /// <summary>The fewest runs that start at one time of day for them to be a break the process takes (a shift's pause), not dropouts.</summary>
    public const int RecurringRuns = 3;

    /// <summary>
    /// Which runs of zeros (first and last row of each, in <paramref name="dates"/>' rows) are calendar periods rather than
    /// dropouts: every run where the rows are a day or more apart (a day of a daily series, a week of a weekly one: a
    /// plant's holiday, a shop closed); on sub-daily rows, a run that lasts a day or more (from its first zero to the row
    /// after its last) and each of <see cref="RecurringRuns"/> or more runs that start at one time of day. None where the
    /// dates are missing or one is not a date.
    /// </summary>
    /// <remarks>
    /// Why: an outside review's 7-day plant, about 1,000 t a day with 15 holidays at 0 (3 % of its days), was told its
    /// holidays looked like failed readings. A dropout is a reading lost between others, minutes on a flow meter; a whole
    /// day of 0, or the same pause at the same hour every day, is the process stopping.
    /// </remarks>
    internal static bool[] RealRuns(IReadOnlyList<(int Start, int End)> runs, IReadOnlyList<DateTime?>? dates)
    {
        var real = new bool[runs.Count];
        if (dates is null || dates.Count < 2 || dates.Any(d => d is null) || runs.Count == 0) return real;
        var diffs = new List<long>();
        for (int i = 1; i < dates.Count; i++)
            if (dates[i]!.Value.Ticks - dates[i - 1]!.Value.Ticks is > 0 and var d) diffs.Add(d);
        if (diffs.Count == 0) return real;
        diffs.Sort();
        long step = diffs[diffs.Count / 2];
        if (step >= TimeSpan.TicksPerDay)
        {
            Array.Fill(real, true);
            return real;
        }
        for (int r = 0; r < runs.Count; r++)
        {
            var (start, end) = runs[r];
            long after = end + 1 < dates.Count ? dates[end + 1]!.Value.Ticks : dates[end]!.Value.Ticks + step;
            real[r] = after - dates[start]!.Value.Ticks >= TimeSpan.TicksPerDay;
        }
        foreach (var g in Enumerable.Range(0, runs.Count).GroupBy(r => dates[runs[r].Start]!.Value.TimeOfDay))
            if (g.Count() >= RecurringRuns)
                foreach (int r in g) real[r] = true;
        return real;
    }
}
