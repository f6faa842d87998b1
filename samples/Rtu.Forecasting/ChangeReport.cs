using System.Globalization;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.Forecasting;

/// <summary>
/// The summary's lines on the changes of the series the forecaster confirmed (<see cref="RtuForecastingOptions.IncludeChanges"/>):
/// level shifts, collapses moved in proportion and changes of scale, each with the row it began at and the levels.
/// </summary>
/// <remarks>
/// Why: until a change is confirmed its values are cleaned toward the forecast as outliers, and once it is, the
/// forecaster moves its past to the new level (or, on a change of scale, starts its scales afresh). Both change the
/// forecasts a lot, and nothing said so: an outside audit (issue 13, sixty-third pass) had to read the forecaster's
/// private fields to find where a collapse had been taken as a shift.
/// </remarks>
internal static class ChangeReport
{
    /// <summary>Changes listed one by one; past these, a count.</summary>
    public const int MaxListed = 10;

    /// <summary>Prints <see cref="Lines"/>.</summary>
    public static void Print(float[]?[] changes, string[]? stamps)
    {
        foreach (string line in Lines(changes, stamps)) Console.WriteLine(line);
    }

    /// <summary>
    /// One line per confirmed change (row t's change column, <see cref="RtuForecastingOptions.ChangeWidth"/> values: kind,
    /// rows ago, from, to), the first <see cref="MaxListed"/> of them, then how many more; none when there were none.
    /// <paramref name="stamps"/>[t] names row t (null: its 1-based number).
    /// </summary>
    public static IEnumerable<string> Lines(float[]?[] changes, string[]? stamps)
    {
        var found = ConfirmedRows(changes).ToArray();
        if (found.Length == 0) yield break;
        yield return $"  changes of the series the forecaster confirmed ({found.Length}; a shift's values are cleaned as outliers until it is confirmed):";
        foreach (int t in found.Take(MaxListed)) yield return "    " + Describe(changes[t]!, t, stamps);
        if (found.Length > MaxListed) yield return $"    … and {found.Length - MaxListed} more.";
    }

    /// <summary>
    /// The keyed run's lines: each series' confirmed changes (rows and dates its own), the first <see cref="MaxListed"/>
    /// over all series, then how many more; none when there were none.
    /// </summary>
    public static IEnumerable<string> KeyedLines(IEnumerable<(string Key, float[]?[] Changes, string[]? Stamps)> series)
    {
        var found = series.SelectMany(x => ConfirmedRows(x.Changes).Select(t => (x.Key, Line: Describe(x.Changes[t]!, t, x.Stamps)))).ToArray();
        if (found.Length == 0) yield break;
        int keys = found.Select(f => f.Key).Distinct(StringComparer.Ordinal).Count();
        yield return $"  changes of the series the forecaster confirmed ({found.Length} in {keys} series; a shift's values are cleaned as outliers until it is confirmed):";
        foreach (var (key, line) in found.Take(MaxListed)) yield return $"    {key}, {line}";
        if (found.Length > MaxListed) yield return $"    … and {found.Length - MaxListed} more.";
    }

    // The rows whose change column holds a change.
    private static IEnumerable<int> ConfirmedRows(float[]?[] changes) =>
        Enumerable.Range(0, changes.Length).Where(t => changes[t] is { } c && (int)c[0] != (int)SeriesChangeKind.None);

    /// <summary>Row t's change in words: when it began, what was confirmed, and the levels it moved between.</summary>
    public static string Describe(float[] change, int t, string[]? stamps)
    {
        var kind = (SeriesChangeKind)(int)change[0];
        int began = t - (int)change[1];
        var c = new SeriesChange(kind, (int)change[1], change[2], change[3]);
        string what = kind switch
        {
            SeriesChangeKind.LevelShift => "a level shift",
            SeriesChangeKind.ProportionalShift => $"a {(change[3] >= change[2] ? "rise" : "fall")} moved in proportion (the past scaled to the new level)",
            SeriesChangeKind.ScaleChange => "a change of scale (the forecaster's scales started afresh)",
            SeriesChangeKind.Withdrawn => $"the change at {Row(t - 1, stamps)} withdrawn",
            _ => kind.ToString(),
        };
        // A glitch of several rows undone (GlitchRun: RowsAgo its first row, two or more rows back): every change its rows
        // confirmed is withdrawn with it.
        if (kind == SeriesChangeKind.Withdrawn && c.RowsAgo > 1)
            return $"{Row(t, stamps)}: the changes since {Row(began, stamps)} withdrawn: the {c.RowsAgo - 1} rows from {Number(c.From)} on were a glitch (the series came back, at {Number(c.To)}), observed again as missing";
        if (kind == SeriesChangeKind.Withdrawn)
            return $"{Row(t, stamps)}: {what}: its value {Number(c.From)} was a spike (the series went on at {Number(c.To)}), observed again as missing";
        string factor = double.IsFinite(c.Factor) ? $", ×{c.Factor.ToString("G3", CultureInfo.InvariantCulture)}" : "";
        string from = began == t ? "" : $" from {Row(began, stamps)}";
        return $"{Row(t, stamps)}: {what}{from}: {Number(c.To)} where {Number(c.From)} was expected ({(c.Move >= 0 ? "+" : "")}{Number(c.Move)}{factor})";
    }

    private static string Row(int t, string[]? stamps) =>
        stamps is not null && t >= 0 && t < stamps.Length && !string.IsNullOrEmpty(stamps[t]) ? stamps[t] : $"row {t + 1}";

    private static string Number(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
}
