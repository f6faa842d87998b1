namespace Rtu.Forecasting;

/// <summary>
/// The summary's note when an exogenous column seems to describe the row it stands in (a holiday flag on the holiday's
/// own row) rather than the row the forecast is for: the forecasts' errors move with the column on their target's own row
/// and not with the column the forecast could read (<see cref="Horizon"/> rows earlier).
/// </summary>
/// <remarks>
/// Why: a forecast of row t made at row t − H reads the exogenous columns up to row t − H (their effect is learned from
/// the columns' known rows, `ExogenousEffect`), so a flag in the holiday's own row arrives with the value it should have
/// explained. An outside audit (issue 13, sixty-fourth pass) gave weekly sales a holiday flag on the holiday's row: the
/// holiday rows' MAE went 339.7 → 362.2; the same flag one row ahead took it to 181.7. The README says a value for the
/// target's row must stand H rows earlier; nothing said so when a file did otherwise.
/// </remarks>
internal static class ExogenousAlignmentNote
{
    /// <summary>The smallest |correlation| of the errors with the column on their target's own row that is noted.</summary>
    public const double MinimumCorrelation = 0.3;

    /// <summary>How many times the correlation with the column the forecast read it must exceed.</summary>
    public const double Ratio = 2;

    /// <summary>Scored rows below which nothing is judged.</summary>
    public const int MinimumRows = 30;

    /// <summary>Prints <see cref="Lines"/>.</summary>
    public static void Print(float[] y, float[][] made, int horizon, IReadOnlyList<(string Name, float[] Values)> columns)
    {
        foreach (string line in Lines(y, made, horizon, columns)) Console.WriteLine(line);
    }

    /// <summary>
    /// A note per column whose values on the forecasts' target rows correlate with the errors (actual − forecast, at
    /// horizon <paramref name="horizon"/>: the forecast of row t made at row t − H) at least <see cref="MinimumCorrelation"/>
    /// in size and <see cref="Ratio"/> times as much as the column H rows earlier does.
    /// </summary>
    public static IEnumerable<string> Lines(float[] y, float[][] made, int horizon, IReadOnlyList<(string Name, float[] Values)> columns)
    {
        foreach (var (name, z) in columns)
        {
            var own = new List<(double Z, double E)>();
            var read = new List<(double Z, double E)>();
            for (int t = horizon; t < y.Length; t++)
            {
                float f = made[t - horizon] is { } m ? m[horizon - 1] : float.NaN;
                if (!float.IsFinite(f) || !float.IsFinite(y[t])) continue;
                double e = y[t] - f;
                if (float.IsFinite(z[t])) own.Add((z[t], e));
                if (float.IsFinite(z[t - horizon])) read.Add((z[t - horizon], e));
            }
            if (own.Count < MinimumRows || read.Count < MinimumRows) continue;
            double rOwn = Correlation(own), rRead = Correlation(read);
            if (!(Math.Abs(rOwn) >= MinimumCorrelation && Math.Abs(rOwn) >= Ratio * Math.Abs(rRead))) continue;
            yield return $"  note: the errors move with '{name}' on their target's own row (correlation {rOwn:F2}; {rRead:F2} with the value "
                + $"{horizon} row(s) earlier, the one a forecast can read): if '{name}' is known {horizon} row(s) ahead (a holiday, "
                + $"a planned promotion), write each row's value {horizon} row(s) earlier (the value for day d in the row of day d − {horizon}); "
                + "a value measured on the day itself (the weather) cannot be known when the forecast is made, and shifted it would "
                + "only flatter the scores.";
        }
    }

    // Pearson's correlation (0 when either side is constant).
    private static double Correlation(List<(double Z, double E)> pairs)
    {
        double mz = pairs.Average(p => p.Z), me = pairs.Average(p => p.E);
        double szz = 0, see = 0, sze = 0;
        foreach (var (z, e) in pairs) { szz += (z - mz) * (z - mz); see += (e - me) * (e - me); sze += (z - mz) * (e - me); }
        return szz > 0 && see > 0 ? sze / Math.Sqrt(szz * see) : 0;
    }
}
