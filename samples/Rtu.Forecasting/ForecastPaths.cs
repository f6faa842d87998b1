namespace Rtu.Forecasting;

/// <summary>
/// The app's <c>--paths</c> file: every row's H forecasts, of the rows after it, with their bounds, one line per row and
/// horizon. The main output holds one forecast per row (made H rows earlier); a weekly reorder needs the next seven days
/// from one origin (an outside audit of daily sales).
/// </summary>
internal static class ForecastPaths
{
    /// <summary>
    /// Writes <c>origin,h,target,forecast,lower80,upper80,lower95,upper95</c>: for each row t (in time order, on the step
    /// grid where the app put the series on one) and h = 1 … <paramref name="horizon"/>, the forecast of row t + h made at
    /// row t and its bounds (<paramref name="bands"/>: lower 80, upper 80, lower 95, upper 95, each per row and horizon);
    /// the target's timestamp (past the last row from <paramref name="after"/>, the timestamps of the steps after it, empty
    /// where unknown); empty values where none was made.
    /// </summary>
    public static void Write(string path, IReadOnlyList<string> timestamps, float[][] made, float[][][] bands, int horizon, IReadOnlyList<string>? after = null)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("origin,h,target,forecast,lower80,upper80,lower95,upper95");
        int n = timestamps.Count;
        for (int t = 0; t < n; t++)
            for (int h = 1; h <= horizon; h++)
            {
                string target = t + h < n ? CsvText.Field(timestamps[t + h]) : after is not null && t + h - n < after.Count ? CsvText.Field(after[t + h - n]) : "";
                float f = made[t] is { } m ? m[h - 1] : float.NaN;
                string bounds = string.Concat(bands.Select(b => "," + CsvText.Number(b[t] is { } row ? row[h - 1] : float.NaN)));
                w.WriteLine($"{CsvText.Field(timestamps[t])},{h},{target},{CsvText.Number(f)}{bounds}");
            }
    }
}
