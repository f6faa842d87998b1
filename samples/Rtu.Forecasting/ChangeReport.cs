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
        var found = Entries(null, changes, stamps, values, season).ToArray();
        return Report(found, $"{found.Length}", season);
    }

    /// <summary>
    /// The keyed run's lines: each series' confirmed changes (rows and dates its own; with its values, as <see cref="Lines"/>),
    /// the first <see cref="MaxListed"/> over all series, then how many more; none when there were none.
    /// </summary>
    public static IEnumerable<string> KeyedLines(IEnumerable<(string Key, float[]?[] Changes, string[]? Stamps, float[]? Values)> series, int season = 1)
    {
        var found = series.SelectMany(x => Entries(x.Key, x.Changes, x.Stamps, x.Values, season)).ToArray();
        int keys = found.Select(f => f.Key).Distinct(StringComparer.Ordinal).Count();
        return Report(found, $"{found.Length} in {keys} series", season);
    }

    // A confirmed change: its series' key (null: one series), its column's values at row Row, the row names, and the row
    // the series came back from it at (CameBack; null: not, or unknown without the values).
    private readonly record struct Entry(string? Key, float[] Change, int Row, string[]? Stamps, int? Back);

    private static IEnumerable<Entry> Entries(string? key, float[]?[] changes, string[]? stamps, float[]? values, int season) =>
        Enumerable.Range(0, changes.Length).Where(t => changes[t] is { } c && (int)c[0] != (int)SeriesChangeKind.None)
            .Select(t => new Entry(key, changes[t]!, t, stamps, values is null ? null : CameBack(changes[t]!, t, values, season)));

    // The header, the first MaxListed changes (past MaxListed, those the series stayed at first: the one a user looks for
    // is not hidden behind storms), and how many more.
    private static IEnumerable<string> Report(Entry[] found, string count, int season)
    {
        if (found.Length == 0) yield break;
        int back = found.Count(f => f.Back is not null);
        string events = back == 0 ? "" : $", {back} of which the series came back from within {Window(season)} rows: events such as a storm or a burst rather than lasting shifts";
        yield return $"  changes of the series the forecaster confirmed ({count}{events}; a shift's values are cleaned as outliers until it is confirmed):";
        var listed = found.Length <= MaxListed ? found : found.OrderBy(f => f.Back is null ? 0 : 1).Take(MaxListed).ToArray();   // a stable sort: time order within each
        foreach (var f in listed) yield return $"    {(f.Key is null ? "" : f.Key + ", ")}{Describe(f.Change, f.Row, f.Stamps, f.Back)}";
        if (found.Length > MaxListed)
        {
            int unlisted = back - listed.Count(f => f.Back is not null);
            yield return $"    … and {found.Length - MaxListed} more{(unlisted == 0 ? "" : $" ({unlisted} of them events the series came back from)")}.";
        }
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

    /// <summary>Row t's change in words: when it began, what was confirmed, the levels it moved between, and the row <paramref name="back"/> the series came back at (<see cref="CameBack"/>; null: none).</summary>
    public static string Describe(float[] change, int t, string[]? stamps, int? back = null)
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
        string cameBack = back is int r ? $"; back near {Number(c.From)} at {Row(r, stamps)}" : "";
        return $"{Row(t, stamps)}: {what}{from}: {Number(c.To)} where {Number(c.From)} was expected ({(c.Move >= 0 ? "+" : "")}{Number(c.Move)}{factor}){cameBack}";
    }

    private static string Row(int t, string[]? stamps) =>
        stamps is not null && t >= 0 && t < stamps.Length && !string.IsNullOrEmpty(stamps[t]) ? stamps[t] : $"row {t + 1}";

    private static string Number(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
}
