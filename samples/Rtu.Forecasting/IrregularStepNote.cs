using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// A note when the rows are not evenly spaced around their step: at least <see cref="MinShare"/> of the steps between
/// consecutive timestamps (at least <see cref="MinOff"/> of them) lie more than <see cref="Tolerance"/> of a step off a
/// whole number of steps, and the timestamps are no clock's jitter around a regular grid
/// (<see cref="CsvSeries.SnappedSlots"/>, which the app puts on its grid). Each row is then taken as the next step: a
/// horizon of H rows is not H steps of time, and a season of m rows not m steps.
/// </summary>
/// <remarks>
/// <para>Why: an outside audit's readings 5–15 s apart were reported as "every 10 seconds, 0 missing" without a word, so
/// <c>--horizon 6</c> read as a minute ahead while its targets lay 30 s to 90 s ahead.</para>
/// <para>What it leaves out: skipped steps (a gap of k steps is a whole number of them), a timestamp off now and then
/// (a share of the steps, not one), readings a second or two off a minute (a thirtieth of the step), a clock that jitters
/// around the step (snapped to it), and steps of months or business days (calendar months of 28–31 days are one step
/// each; weekends are no gap). A quarter step is the tolerance the app's step grid allows a pair of rows
/// (<see cref="CsvSeries.OnStepGrid"/>).</para>
/// </remarks>
internal static class IrregularStepNote
{
    /// <summary>How far from a whole number of steps a step between rows may lie, as a share of the step.</summary>
    public const double Tolerance = 0.25;

    /// <summary>The least share of the steps between rows that lie off, for the note.</summary>
    public const double MinShare = 0.2;

    /// <summary>The fewest steps between rows that lie off, for the note.</summary>
    public const int MinOff = 10;

    /// <summary>
    /// The note for rows with <paramref name="dates"/> (any order; null where one is not a date, or none) and their
    /// inferred <paramref name="step"/>; null where the rows are evenly spaced around it (see the class).
    /// </summary>
    public static string? Line(IReadOnlyList<DateTime?>? dates, Rtu.MLNet.SeriesTimeStep? step)
    {
        if (dates is null || step is null || step.Name == "unknown" || step.Months > 0 || step.BusinessDays || step.FixedTicks <= 0) return null;
        if (dates.Count < 3 || dates.Any(d => d is null)) return null;
        var times = dates.Select(d => d!.Value).Distinct().Order().ToArray();
        if (times.Length < 3) return null;
        double size = step.FixedTicks;
        int off = 0;
        var seconds = new List<double>();
        for (int i = 1; i < times.Length; i++)
        {
            double steps = (times[i].Ticks - times[i - 1].Ticks) / size;
            double whole = Math.Max(1, Math.Round(steps));
            if (Math.Abs(steps - whole) > Tolerance) off++;
            seconds.Add((times[i] - times[i - 1]).TotalSeconds);
        }
        int pairs = times.Length - 1;
        if (off < MinOff || off < MinShare * pairs) return null;
        // A clock that jitters around the step is put on its grid by the app (its own note): not irregular.
        if (CsvSeries.SnappedSlots(times.Select(t => (DateTime?)t).ToArray(), step, out _, out _) is not null) return null;
        seconds.Sort();
        double Quantile(double p) => seconds[(int)Math.Round(p * (seconds.Count - 1))];
        return $"the rows are not evenly spaced: {off} of the {pairs} times between them ({100.0 * off / pairs:0} %) lie more than a quarter of the step ({step.Name}) off a whole number of steps "
            + $"(the middle 90 % from {Span(Quantile(0.05))} to {Span(Quantile(0.95))}, median {Span(Quantile(0.5))}): each row is taken as the next step, so a horizon of H rows is not H steps of time, "
            + "nor a season of m rows m steps; for forecasts at fixed times, resample the readings to a regular step first (e.g. the mean or last reading of each step)";
    }

    // A time between rows: "9.96 s", "2.5 min", "3.2 h", "1.5 days".
    private static string Span(double seconds)
    {
        string F(double x) => x.ToString(x < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture);
        return seconds < 120 ? $"{F(seconds)} s" : seconds < 7200 ? $"{F(seconds / 60)} min" : seconds < 172800 ? $"{F(seconds / 3600)} h" : $"{F(seconds / 86400)} days";
    }
}
