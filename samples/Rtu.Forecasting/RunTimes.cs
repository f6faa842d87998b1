using System.Globalization;

/// <summary>
/// The run's times as the summary gives them. The prequential pass (each row forecast, then learned) is the figure per
/// row; the model saved is fitted by a pass of its own before it, which the summary names too: an outside audit of
/// telemetry read "10 µs per row" where the run took 4–9 times as long.
/// </summary>
internal static class RunTimes
{
    /// <summary>"Done in S s (…)": the whole run's wall time, from the process's start, and its peak memory.</summary>
    /// <param name="passes">The passes over the rows: the fit and the prequential pass, and with exogenous columns the pass without them.</param>
    public static string DoneText(int passes = 2)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        double seconds = (DateTime.Now - process.StartTime).TotalSeconds;
        string which = passes == 2 ? "both passes" : $"all {passes} passes";
        return string.Create(CultureInfo.InvariantCulture,
            $"Done in {seconds:F1} s ({which}, reading the file, writing the output, the plots and the model), peak memory {process.PeakWorkingSet64 / 1e6:F0} MB.");
    }

    /// <summary>"fitting the model saved took S s before it (U µs per row)".</summary>
    public static string FitText(double seconds, int rows) =>
        string.Create(CultureInfo.InvariantCulture, $"fitting the model saved took {seconds:F1} s before it ({1e6 * seconds / Math.Max(1, rows):F0} µs per row)");
}
