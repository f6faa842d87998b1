namespace Rtu.Forecasting;

/// <summary>
/// What the exogenous columns were worth: the summary's line with the H-step MAE of the forecasts made with them and of
/// those made by the same forecaster without them (a second pass over the rows), on the same scored rows, and a note
/// when the columns made the forecasts worse.
/// </summary>
/// <remarks>
/// Why: the README says a column that does not help is gated toward 0, and mostly it is, but not always. An outside
/// audit (issue 13, environmental data) gave hourly soil moisture the rain as a column: the one-step MAE was 0.00323
/// with it and 0.00245 without (+32 %), and nothing said so; a user cannot tell without running twice.
/// </remarks>
internal static class ExogenousValueNote
{
    /// <summary>How much worse (a share of the MAE without the columns) the forecasts with them must be to be noted.</summary>
    public const double WorseBy = 0.05;

    /// <summary>
    /// The line for columns <paramref name="names"/>: the MAE with them (<paramref name="withMae"/>) and without
    /// (<paramref name="withoutMae"/>) over <paramref name="rows"/> scored rows at horizon <paramref name="horizon"/>,
    /// and, when they cost more than <see cref="WorseBy"/>, what to do. Null when either MAE is not finite.
    /// </summary>
    public static string? Line(IReadOnlyList<string> names, double withMae, double withoutMae, int rows, int horizon) => Line(names, withMae, withoutMae, rows, horizon, series: 0);

    /// <summary>
    /// As <see cref="Line(IReadOnlyList{string}, double, double, int, int)"/>, the MAE pooled over <paramref name="series"/>
    /// series' scored rows when above 0 (<c>--key</c>).
    /// </summary>
    public static string? Line(IReadOnlyList<string> names, double withMae, double withoutMae, int rows, int horizon, int series)
    {
        if (!double.IsFinite(withMae) || !double.IsFinite(withoutMae) || rows <= 0) return null;
        string columns = string.Join(", ", names.Select(n => $"'{n}'"));
        string them = names.Count == 1 ? "it" : "them";
        // Without the columns no error at all (a constant series): no share to give.
        string change = withoutMae > 0 ? Percent(withMae / withoutMae - 1) : withMae > 0 ? "no error without" : "no error either way";
        string pooled = series > 0 ? $" pooled over {series} series" : "";
        string line = $"  exogenous {(names.Count == 1 ? "column" : "columns")} {columns}: {horizon}-step MAE{pooled} {withMae:G5} with {them}, {withoutMae:G5} without ({change}, the same {rows} rows; a second pass without {them})";
        if (!(withMae > (1 + WorseBy) * withoutMae)) return line;
        return line + Environment.NewLine
            + $"  note: the forecasts were worse with {columns} than without ({change}): the effect the forecaster learned "
            + $"from the rows it read did not carry over to the rows ahead. Leave {them} out (drop --exogenous), unless each row can "
            + $"hold what is known {horizon} row(s) before its target.";
    }

    /// <summary>
    /// With <c>--key</c>, the line on the series the columns made more than <see cref="WorseBy"/> worse (and how many they made
    /// that much better), each series' MAE with and without them on its own scored rows (<paramref name="series"/>; series
    /// with no finite pair are left out); null when no series has a pair. The pooled line above it (<see cref="Line"/>) sums
    /// errors of series of every size; this one counts each series once.
    /// </summary>
    public static string? SeriesLine(IReadOnlyList<(string Key, double With, double Without)> series, int columns, int listed = 3)
    {
        string them = columns == 1 ? "it" : "them";
        var pairs = series.Where(x => double.IsFinite(x.With) && double.IsFinite(x.Without)).ToArray();
        if (pairs.Length == 0) return null;
        var worse = pairs.Where(x => x.With > (1 + WorseBy) * x.Without).OrderByDescending(x => x.Without > 0 ? x.With / x.Without : double.PositiveInfinity).ToArray();
        int better = pairs.Count(x => x.Without > (1 + WorseBy) * x.With);
        string line = $"  by series: more than {100 * WorseBy:F0} % worse with {them} in {worse.Length} of {pairs.Length}, more than {100 * WorseBy:F0} % better in {better}";
        if (worse.Length == 0) return line;
        string examples = string.Join(", ", worse.Take(listed).Select(x => $"'{x.Key}' ({(x.Without > 0 ? Percent(x.With / x.Without - 1) : "no error without")})"));
        return line + $"; the worst: {examples}{(worse.Length > listed ? ", …" : "")} (each series' MAE without {them}: the per-series CSV's last column)";
    }

    private static string Percent(double change) => $"{(change >= 0 ? "+" : "−")}{Math.Abs(100 * change):F1} %";
}
