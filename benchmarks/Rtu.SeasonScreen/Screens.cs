using Rtu.MLNet;

namespace Rtu.SeasonScreen;

/// <summary>The four screens: each runs <see cref="SeasonDetector.Detect(IReadOnlyList{double}, int)"/> on its series and prints a table.</summary>
internal static class Screens
{
    /// <summary>The seasonal series: right season / another season / none, overall and per slice.</summary>
    public static void Synthetic(bool list)
    {
        var tally = new Tally(3);
        tally.Row("all");
        foreach (int m in SyntheticSeries.Seasons) tally.Row($"season {m}");
        foreach (int l in SyntheticSeries.SeasonsLong) tally.Row($"{l} seasons long");
        foreach (double noise in SyntheticSeries.Noises) tally.Row($"noise {noise}");
        foreach (string shape in SyntheticSeries.Shapes) tally.Row($"shape {shape}");
        tally.Row("no trend");
        tally.Row("trend");
        var lines = new List<string>();
        var progress = new Progress("seasonal", SyntheticSeries.SeasonalCount);
        foreach (var s in SyntheticSeries.Seasonal())
        {
            int d = SeasonDetector.Detect(s.Values);
            int column = d == s.Season ? 0 : d == 1 ? 2 : 1;
            tally.Add(column, "all", $"season {s.Season}", $"{s.SeasonsLong} seasons long", $"noise {s.Noise}", $"shape {s.Shape}", s.Trend ? "trend" : "no trend");
            if (list) lines.Add($"  {s.Name,-62} {d,4}");
            progress.Tick();
        }
        progress.Done();
        Console.WriteLine($"SEASONAL: {SyntheticSeries.SeasonalCount} series (seasons {Join(SyntheticSeries.Seasons)}; {Join(SyntheticSeries.SeasonsLong)} seasons long; "
            + $"shapes {Join(SyntheticSeries.Shapes)}; noise sd {Join(SyntheticSeries.Noises)} × the amplitude; without and with a trend; {SyntheticSeries.SeasonalSeeds} seeds)");
        Console.WriteLine($"  {"",-18} {"right",6} {"other",6} {"none",6}");
        foreach (var (label, c) in tally.Rows) Console.WriteLine($"  {label,-18} {c[0],6} {c[1],6} {c[2],6}");
        Print(list, "detected season of each seasonal series", lines);
    }

    /// <summary>The series without a season: how many are given one, overall, per kind and per length.</summary>
    public static void NonSeasonal(bool list)
    {
        var tally = new Tally(2);
        tally.Row("all");
        foreach (string kind in SyntheticSeries.Kinds) tally.Row(kind);
        foreach (int n in SyntheticSeries.NonSeasonalLengths) tally.Row($"n={n}");
        var lines = new List<string>();
        var progress = new Progress("non-seasonal", SyntheticSeries.NonSeasonalCount);
        foreach (var s in SyntheticSeries.NonSeasonal())
        {
            int d = SeasonDetector.Detect(s.Values);
            tally.Add(0, "all", s.Kind, $"n={s.Length}");
            if (d != 1)
            {
                tally.Add(1, "all", s.Kind, $"n={s.Length}");
                if (list) lines.Add($"  {s.Name,-36} {d,4}");
            }
            progress.Tick();
        }
        progress.Done();
        Console.WriteLine($"NON-SEASONAL: {SyntheticSeries.NonSeasonalCount} series ({SyntheticSeries.Kinds.Length} kinds; "
            + $"{Join(SyntheticSeries.NonSeasonalLengths)} values; {SyntheticSeries.NonSeasonalSeeds} seeds): given a season");
        PrintCounts(tally);
        Print(list, "each non-seasonal series given a season, with it", lines);
    }

    /// <summary>The AR(2) cycles: how many are given a season, overall, per length, period and damping.</summary>
    public static void Ar2(bool list)
    {
        var tally = new Tally(2);
        tally.Row("all");
        foreach (int n in SyntheticSeries.Ar2Lengths) tally.Row($"n={n}");
        foreach (double p in SyntheticSeries.Ar2Periods) tally.Row($"period {p}");
        foreach (double r in SyntheticSeries.Ar2Dampings) tally.Row($"damping {r}");
        var lines = new List<string>();
        var progress = new Progress("AR(2)", SyntheticSeries.Ar2Count);
        foreach (var s in SyntheticSeries.Ar2())
        {
            int d = SeasonDetector.Detect(s.Values);
            tally.Add(0, "all", $"n={s.Length}", $"period {s.Period}", $"damping {s.Damping}");
            if (d != 1)
            {
                tally.Add(1, "all", $"n={s.Length}", $"period {s.Period}", $"damping {s.Damping}");
                if (list) lines.Add($"  {s.Name,-44} {d,4}");
            }
            progress.Tick();
        }
        progress.Done();
        Console.WriteLine($"AR(2): {SyntheticSeries.Ar2Count} damped cycles (periods {Join(SyntheticSeries.Ar2Periods)}; dampings {Join(SyntheticSeries.Ar2Dampings)}; "
            + $"{Join(SyntheticSeries.Ar2Lengths)} values; {SyntheticSeries.Ar2Seeds} seeds): given a season");
        PrintCounts(tally);
        Print(list, "each AR(2) cycle given a season, with it", lines);
    }

    /// <summary>
    /// The real series: how many agree with the season their series.txt lists, per set; how many listed as 1 are given
    /// one; with <paramref name="list"/> every series' detected season.
    /// </summary>
    public static void Real(string root, string shared, bool list)
    {
        var missing = new List<string>();
        var series = RealSeries.Load(root, shared, missing);
        var detected = new int[series.Count];
        var progress = new Progress("real", series.Count);
        for (int i = 0; i < series.Count; i++)
        {
            detected[i] = SeasonDetector.Detect(series[i].Values);
            progress.Tick();
        }
        progress.Done();
        var rows = series.Select((s, i) => (s, d: detected[i])).ToList();
        int listed = rows.Count(r => r.s.Listed is not null);
        Console.WriteLine($"REAL: {series.Count} series ({listed} with a season listed in their set's series.txt, "
            + $"{series.Count - listed} columns of ../shared/data/series without one): agree with the listed season");
        Console.WriteLine($"  {"set",-18} {"series",6} {"listed",6} {"agree",6} {"listed 1",9} {"given one",9}");
        foreach (var g in rows.GroupBy(r => r.s.Set).Append(null))
        {
            var rs = g?.ToList() ?? rows;
            var ones = rs.Where(r => r.s.Listed == 1).ToList();
            Console.WriteLine($"  {g?.Key ?? "all",-18} {rs.Count,6} {rs.Count(r => r.s.Listed is not null),6} {rs.Count(r => r.s.Listed == r.d),6} "
                + $"{ones.Count,9} {ones.Count(r => r.d != 1),9}");
        }
        foreach (string m in missing) Console.WriteLine($"  not found: {m}");
        if (missing.Count > 0) Console.Error.WriteLine($"  real: {missing.Count} listed files or folders not found (see the \"not found\" lines); --shared DIR points at ../shared");
        Print(list, "each real series: values, listed season, detected season", rows.Select(r =>
            $"  {r.s.Name,-70} n={r.s.Values.Length,6} listed={(r.s.Listed?.ToString() ?? "-"),3} detected={r.d,4}{(r.s.Listed is { } l && l != r.d ? "  differs" : "")}").ToList());
    }

    /// <summary>The audit's long calendar seasons: right / a neighbour (within 2 lags) / another season / none.</summary>
    public static void Long(bool list)
    {
        var tally = new Tally(4);
        tally.Row("all");
        foreach (var c in SyntheticSeries.LongCases) tally.Row(c.Case);
        foreach (double noise in SyntheticSeries.LongNoises) tally.Row($"noise {noise}");
        var lines = new List<string>();
        var progress = new Progress("long seasons", SyntheticSeries.LongCount);
        foreach (var s in SyntheticSeries.LongSeasons())
        {
            int d = SeasonDetector.Detect(s.Values);
            int column = s.Right.Contains(d) ? 0 : s.Right.Any(m => Math.Abs(d - m) <= 2) ? 1 : d == 1 ? 3 : 2;
            tally.Add(column, "all", s.Case, $"noise {s.Noise}");
            if (list) lines.Add($"  {s.Name,-62} {d,4}");
            progress.Tick();
        }
        progress.Done();
        Console.WriteLine($"LONG SEASONS: {SyntheticSeries.LongCount} series (the audit's calendar seasons 24–8760 in undated data; noise sd "
            + $"{Join(SyntheticSeries.LongNoises)} × the cycle's largest change per step; {SyntheticSeries.LongSeeds} seeds)");
        Console.WriteLine($"  {"",-42} {"right",6} {"next",6} {"other",6} {"none",6}");
        foreach (var (label, c) in tally.Rows) Console.WriteLine($"  {label,-42} {c[0],6} {c[1],6} {c[2],6} {c[3],6}");
        Print(list, "detected season of each long-season series", lines);
    }

    private static void PrintCounts(Tally tally)
    {
        Console.WriteLine($"  {"",-18} {"series",6} {"season",6}");
        foreach (var (label, c) in tally.Rows) Console.WriteLine($"  {label,-18} {c[0],6} {c[1],6}");
    }

    private static void Print(bool list, string title, List<string> lines)
    {
        if (!list) return;
        Console.WriteLine($"  --list: {title}");
        foreach (string line in lines) Console.WriteLine(line);
    }

    private static string Join<T>(IEnumerable<T> values) => string.Join(", ", values);
}
