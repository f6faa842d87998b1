namespace Rtu.MLNet;

/// <summary>
/// Where each row of a scored series lies on its regular time grid, for <c>EvaluateForecasts</c> with a timestamp
/// column: a forecaster fitted with a timestamp column fills a gap of k steps with k − 1 missing values, so its forecast
/// made at time T for h steps ahead is for T + h steps, which near a gap is not the row h rows on. A row's position is
/// its steps from the series' first row, counted pair by pair as the forecaster counts them
/// (<see cref="SeriesTimeStep.StepsBetween"/>).
/// </summary>
internal static class ForecastTimeGrid
{
    // A pair of timestamps more than this share of a step from a whole number of steps fits no regular step: rounding
    // it either way would shift every later forecast of the series onto another target.
    private const double Tolerance = 0.25;

    private const string Component = "EvaluateForecasts";

    /// <summary>Checks that a series' timestamps increase (no row before or at the time of the previous one).</summary>
    /// <exception cref="ArgumentException">Rows out of order or two rows at one time.</exception>
    public static void CheckOrder(IReadOnlyList<long> times, string which, bool areDates, string column)
    {
        for (int i = 1; i < times.Count; i++)
        {
            if (times[i] > times[i - 1]) continue;
            string now = TimestampColumn.Format(times[i], areDates), before = TimestampColumn.Format(times[i - 1], areDates);
            throw new ArgumentException(times[i] == times[i - 1]
                ? $"{Component}: {which} has two rows at {column} {now}: one row per time, so that each forecast has one target." + SeriesClock.DaylightHint(times[i], times[i - 1], areDates)
                : $"{Component}: rows are out of order: {which} has a row at {column} {now} after one at {before}. " +
                  "Aligning by time reads each series in time order: sort the rows by timestamp within each key (the forecaster's output is in its input's order)." + SeriesClock.DaylightHint(times[i], times[i - 1], areDates),
                "data");
        }
    }

    /// <summary>
    /// The step of every series' consecutive timestamps, inferred as Fit infers it (the median difference classifies
    /// dates, Int64 timestamps take the most common one): a scored view continues its training data's grid.
    /// </summary>
    public static SeriesTimeStep Infer(IEnumerable<IReadOnlyList<long>> series, bool areDates)
    {
        var differences = new List<long>();
        bool weekend = false;
        foreach (var times in series)
        {
            for (int i = 1; i < times.Count; i++) differences.Add(times[i] - times[i - 1]);
            if (areDates) weekend |= times.Any(t => new DateTime(t).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        }
        return SeriesTimeStep.Infer(differences, areDates, weekend);
    }

    /// <summary>Each row's steps from the series' first row (increasing; in order, see <see cref="CheckOrder"/>).</summary>
    /// <exception cref="ArgumentException">Two consecutive rows less than a step apart, or a whole number of steps apart only by rounding more than a quarter of a step.</exception>
    public static long[] Positions(IReadOnlyList<long> times, SeriesTimeStep step, bool areDates, string which, string column)
    {
        var positions = new long[times.Count];
        for (int i = 1; i < times.Count; i++)
        {
            long steps = step.StepsBetween(times[i - 1], times[i]);
            double exact = step.FractionalStepsBetween(times[i - 1], times[i]);
            if (steps < 1 || Math.Abs(exact - steps) > Tolerance)
                throw new ArgumentException(
                    $"{Component}: the {column} timestamps {TimestampColumn.Format(times[i - 1], areDates)} → {TimestampColumn.Format(times[i], areDates)} of {which} " +
                    $"are {exact:0.##} {step.Name} steps apart{(steps < 1 ? ", within one step" : ", not a whole number of steps")}: they fit no regular step, " +
                    "so no forecast near them can be aligned to its target time. Give one row per regular step, or the step the forecaster used (timeStep: its TimeStep).",
                    "data");
            positions[i] = positions[i - 1] + steps;
        }
        return positions;
    }
}
