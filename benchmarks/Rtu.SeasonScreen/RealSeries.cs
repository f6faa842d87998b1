using System.Globalization;

namespace Rtu.SeasonScreen;

/// <summary>
/// One real series: its set (heldout, heldout2, …, forecast-bench, data), a name (file:column relative to the set's
/// parent folder), the season its set's series.txt lists (null for ../shared/data, which lists none) and its values.
/// </summary>
internal sealed record RealSeries(string Set, string Name, int? Listed, double[] Values)
{
    /// <summary>
    /// Every column of every samples/Rtu.Forecasting/heldout*/series.txt and ../shared/forecast-bench/series.txt with
    /// its listed season, and every column but the first (the timestamp) of ../shared/data/series/*.csv. A listed file
    /// or column that is not there goes to <paramref name="missing"/>.
    /// </summary>
    public static List<RealSeries> Load(string root, string shared, List<string> missing)
    {
        var list = new List<RealSeries>();
        string samples = Path.Combine(root, "samples", "Rtu.Forecasting");
        if (Directory.Exists(samples))
            foreach (string dir in Directory.GetDirectories(samples, "heldout*").Order(StringComparer.Ordinal))
                AddListed(list, Path.GetFileName(dir), dir, missing);
        AddListed(list, "forecast-bench", Path.Combine(shared, "forecast-bench"), missing);
        string data = Path.Combine(shared, "data", "series");
        if (Directory.Exists(data))
            foreach (string file in Directory.GetFiles(data, "*.csv").Order(StringComparer.Ordinal))
                foreach (string column in File.ReadLines(file).First().Split(',').Skip(1))
                    Add(list, "data", file, $"data/series/{Path.GetFileName(file)}", column, null, missing);
        else missing.Add(data);
        return list;
    }

    // A set's series.txt: one "file,column,season" a line, the file relative to the set's folder.
    private static void AddListed(List<RealSeries> list, string set, string dir, List<string> missing)
    {
        string listing = Path.Combine(dir, "series.txt");
        if (!File.Exists(listing)) { missing.Add(listing); return; }
        foreach (string line in File.ReadLines(listing).Where(l => l.Contains(',')))
        {
            var p = line.Split(',');
            Add(list, set, Path.Combine(dir, p[0]), $"{set}/{p[0]}", p[1], int.Parse(p[2].Trim(), CultureInfo.InvariantCulture), missing);
        }
    }

    // The column's values as the scratch screen read them: a plain split on commas, every non-empty row after the
    // header, a cell that is not a number (or is not there) NaN, i.e. missing for the detector.
    private static void Add(List<RealSeries> list, string set, string file, string name, string column, int? listed, List<string> missing)
    {
        if (!File.Exists(file)) { missing.Add(file); return; }
        var lines = File.ReadAllLines(file);
        int c = Array.IndexOf(lines[0].Split(','), column);
        if (c < 0) { missing.Add($"{file}:{column}"); return; }
        var values = lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var cells = l.Split(',');
            return c < cells.Length && double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        }).ToArray();
        list.Add(new RealSeries(set, $"{name}:{column}", listed, values));
    }
}
