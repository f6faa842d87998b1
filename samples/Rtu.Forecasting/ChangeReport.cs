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

    /// <summary>A shift came back when <see cref="StayRows"/> values in a row lie within this share of its move of the level before it.</summary>
    public const double BackShare = 0.25;

    /// <summary>Rows after a shift searched for a value back: at least this many, and at least <see cref="BackSeasons"/> seasons.</summary>
    public const int BackRows = 60;

    /// <summary>Seasons after a shift searched for a value back (<see cref="BackRows"/>).</summary>
    public const int BackSeasons = 3;

    /// <summary>Prints <see cref="Lines"/>.</summary>
    public static void Print(float[]?[] changes, string[]? stamps, float[]? values = null, int season = 1)
    {
        foreach (string line in Lines(changes, stamps, values, season)) Console.WriteLine(line);
    }

    /// <summary>
    /// One line per confirmed change (row t's change column, <see cref="RtuForecastingOptions.ChangeWidth"/> values: kind,
    /// rows ago, from, to), the first <see cref="MaxListed"/> of them, then how many more; none when there were none.
    /// <paramref name="stamps"/>[t] names row t (null: its 1-based number). With the series' <paramref name="values"/>, a
    /// shift the series came back from soon after (<see cref="CameBack"/>: a storm's rise, a burst) says so, and the
    /// first line counts them.
    /// </summary>
    public static IEnumerable<string> Lines(float[]?[] changes, string[]? stamps, float[]? values = null, int season = 1)
    {
        var found = ConfirmedRows(changes).ToArray();
        if (found.Length == 0) yield break;
        yield return $"  changes of the series the forecaster confirmed ({found.Length}{Returned(found.Select(t => (changes[t]!, t, values)), season)}; a shift's values are cleaned as outliers until it is confirmed):";
        // Past MaxListed, the changes the series stayed at first: the one a user looks for is not hidden behind storms.
        var listed = found.Length > MaxListed && values is not null ? found.OrderBy(t => CameBack(changes[t]!, t, values, season) is null ? 0 : 1).ThenBy(t => t).Take(MaxListed).ToArray() : found.Take(MaxListed).ToArray();
        foreach (int t in listed) yield return "    " + Describe(changes[t]!, t, stamps, values, season);
        if (found.Length > MaxListed)
        {
            int events = values is null ? 0 : found.Except(listed).Count(t => CameBack(changes[t]!, t, values, season) is not null);
            yield return $"    … and {found.Length - MaxListed} more{(events == 0 ? "" : $" ({events} of them events the series came back from)")}.";
        }
    }

    /// <summary>
    /// The keyed run's lines: each series' confirmed changes (rows and dates its own), the first <see cref="MaxListed"/>
    /// over all series, then how many more; none when there were none.
    /// </summary>
    public static IEnumerable<string> KeyedLines(IEnumerable<(string Key, float[]?[] Changes, string[]? Stamps)> series, int season = 1) =>
        KeyedLines(series.Select(x => (x.Key, x.Changes, x.Stamps, (float[]?)null)), season);

    /// <summary>As <see cref="KeyedLines(IEnumerable{ValueTuple{string, float[][], string[]}}, int)"/>, each series with its values (<see cref="Lines"/>).</summary>
    public static IEnumerable<string> KeyedLines(IEnumerable<(string Key, float[]?[] Changes, string[]? Stamps, float[]? Values)> series, int season = 1)
    {
        var found = series.SelectMany(x => ConfirmedRows(x.Changes).Select(t => (x.Key, Change: x.Changes[t]!, Row: t, x.Stamps, x.Values))).ToArray();
        if (found.Length == 0) yield break;
        int keys = found.Select(f => f.Key).Distinct(StringComparer.Ordinal).Count();
        yield return $"  changes of the series the forecaster confirmed ({found.Length} in {keys} series{Returned(found.Select(f => (f.Change, f.Row, f.Values)), season)}; a shift's values are cleaned as outliers until it is confirmed):";
        var listed = found.Length > MaxListed ? found.OrderBy(f => f.Values is not null && CameBack(f.Change, f.Row, f.Values, season) is not null ? 1 : 0).Take(MaxListed) : found;
        foreach (var f in listed) yield return $"    {f.Key}, {Describe(f.Change, f.Row, f.Stamps, f.Values, season)}";
        if (found.Length > MaxListed) yield return $"    … and {found.Length - MaxListed} more.";
    }

    // The header's count of the shifts the series came back from ("" when none, or without the values).
    private static string Returned(IEnumerable<(float[] Change, int Row, float[]? Values)> found, int season)
    {
        int back = found.Count(f => f.Values is not null && CameBack(f.Change, f.Row, f.Values, season) is not null);
        return back == 0 ? "" : $", {back} of which the series came back from within {Window(season)} rows: events such as a storm or a burst rather than lasting shifts";
    }

    /// <summary>
    /// The first of <see cref="StayRows"/> rows in a row after row <paramref name="t"/>'s level shift (or shift in
    /// proportion, or change of scale: a storm's peak ten times the baseflow is one) whose values lie within
    /// <see cref="BackShare"/> of the shift's move of the level before it, within <see cref="Window"/> rows; null when
    /// there is none, or for another kind of change. The level before it: with a season, each row's value a whole number
    /// of seasons earlier, before the shift began (so a daily swing is not a return); without, the level expected.
    /// </summary>
    /// <remarks>
    /// Why: every storm of a river is confirmed as a level shift (its rise is too far and too long to be an outlier), and
    /// the list, 19 to 58 "level shifts" on an outside audit's river files, hid the one real shift (a gauge's datum moved
    /// by 0.35 m). A shift the series leaves again soon is an event; one it stays at is the change a user looks for.
    /// Compared with the one level expected, an hourly series' daily swing crossed it within the day, and a step up that
    /// stayed was called an event (a review: every step of +4 to +25 on a daily cycle of ±10).
    /// </remarks>
    public static int? CameBack(float[] change, int t, float[] values, int season)
    {
        var kind = (SeriesChangeKind)(int)change[0];
        if (kind is not (SeriesChangeKind.LevelShift or SeriesChangeKind.ProportionalShift or SeriesChangeKind.ScaleChange)) return null;
        double from = change[2], move = change[3] - change[2];
        if (!double.IsFinite(from) || !(Math.Abs(move) > 0)) return null;
        int began = t - (int)change[1], inRow = 0;
        for (int r = t + 1; r < values.Length && r <= t + Window(season); r++)
        {
            double before = season > 1 ? Before(values, r, began, season) : from;
            bool back = float.IsFinite(values[r]) && double.IsFinite(before) && Math.Abs(values[r] - before) <= BackShare * Math.Abs(move);
            inRow = back ? inRow + 1 : 0;
            if (inRow == StayRows) return r - StayRows + 1;
        }
        return null;
    }

    /// <summary>Rows in a row that must be back (<see cref="CameBack"/>): one value near the old level is no return.</summary>
    public const int StayRows = 3;

    // Row r's value a whole number of seasons earlier, before row `began` (NaN: none, or missing).
    private static double Before(float[] values, int r, int began, int season)
    {
        int k = (r - began) / season + 1, at = r - k * season;
        return at >= 0 && at < began ? values[at] : double.NaN;
    }

    /// <summary>Rows searched after a shift (<see cref="CameBack"/>).</summary>
    public static int Window(int season) => Math.Max(BackRows, BackSeasons * season);

    // The rows whose change column holds a change.
    private static IEnumerable<int> ConfirmedRows(float[]?[] changes) =>
        Enumerable.Range(0, changes.Length).Where(t => changes[t] is { } c && (int)c[0] != (int)SeriesChangeKind.None);

    /// <summary>Row t's change in words: when it began, what was confirmed, the levels it moved between, and whether the series came back (<see cref="CameBack"/>).</summary>
    public static string Describe(float[] change, int t, string[]? stamps, float[]? values = null, int season = 1)
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
        string back = values is not null && CameBack(change, t, values, season) is int r ? $"; back near {Number(c.From)} at {Row(r, stamps)}" : "";
        return $"{Row(t, stamps)}: {what}{from}: {Number(c.To)} where {Number(c.From)} was expected ({(c.Move >= 0 ? "+" : "")}{Number(c.Move)}{factor}){back}";
    }

    private static string Row(int t, string[]? stamps) =>
        stamps is not null && t >= 0 && t < stamps.Length && !string.IsNullOrEmpty(stamps[t]) ? stamps[t] : $"row {t + 1}";

    private static string Number(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
}
