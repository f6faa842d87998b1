namespace Rtu.Forecasting;

/// <summary>
/// Several series in one CSV file in long format, a row per series and time, told apart by a key column (e.g. store):
/// the rows as read, in the file's order, and each key's series, in the order the keys first appear.
/// </summary>
/// <param name="KeyColumn">The key column's name as the file spells it.</param>
/// <param name="Rows">Every row read (after the --where filters), in the file's order.</param>
/// <param name="Keys">Row i's key.</param>
/// <param name="Series">Each key's series.</param>
internal sealed record KeyedCsvSeries(string KeyColumn, CsvSeries Rows, string[] Keys, IReadOnlyList<KeyedCsvSeries.Group> Series)
{
    /// <summary>One key's series: its rows' indices in <see cref="Rows"/> (in the file's order) and the series they form.</summary>
    public sealed record Group(string Key, int[] Rows, CsvSeries Series);

    /// <summary>
    /// Reads <paramref name="path"/> as <see cref="CsvSeries.Read(string, string?, IReadOnlyList{ValueTuple{string, string}}?, string?)"/>
    /// does, and splits its rows by the text in <paramref name="keyColumn"/> (trimmed; compared exactly).
    /// </summary>
    /// <exception cref="ArgumentException">No such key column, or it is the timestamp or value column, or the file has one column.</exception>
    /// <exception cref="InvalidDataException">A row without a key, or what <see cref="CsvSeries.Read(string, string?, IReadOnlyList{ValueTuple{string, string}}?, string?)"/> refuses.</exception>
    public static KeyedCsvSeries Read(string path, string? column, string keyColumn, IReadOnlyList<(string Column, string Value)>? where = null, string? timestampColumn = null)
    {
        var (rows, keys) = CsvSeries.Read(path, column, where, keyColumn, timestampColumn);
        var order = new List<string>();
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < keys!.Length; i++)
        {
            if (!members.TryGetValue(keys[i], out var list)) { members[keys[i]] = list = []; order.Add(keys[i]); }
            list.Add(i);
        }
        var groups = order.Select(k =>
        {
            int[] at = members[k].ToArray();
            var series = rows with { Timestamps = at.Select(i => rows.Timestamps[i]).ToArray(), Values = at.Select(i => rows.Values[i]).ToArray() };
            return new Group(k, at, series);
        }).ToArray();
        string name = rows.ColumnNames.First(n => string.Equals(n, keyColumn, StringComparison.OrdinalIgnoreCase));
        return new KeyedCsvSeries(name, rows, keys, groups);
    }

    /// <summary>
    /// For each row t of <see cref="Rows"/>, the row that made its <paramref name="horizon"/>-step forecast: the row of
    /// the same series <paramref name="horizon"/> rows of that series earlier (−1 where the series has no such row).
    /// </summary>
    public int[] ForecastSources(int horizon)
    {
        var source = new int[Keys.Length];
        Array.Fill(source, -1);
        foreach (var g in Series)
            for (int i = horizon; i < g.Rows.Length; i++) source[g.Rows[i]] = g.Rows[i - horizon];
        return source;
    }

    /// <summary>
    /// One season length for every series (the model's options hold one): the season <paramref name="seasonOf"/> gives
    /// most series (ties: the first key's), with the number of series given another and up to five of them.
    /// </summary>
    public int CommonSeason(Func<CsvSeries, (int Season, string Step)> seasonOf, out string step, out int others, out IReadOnlyList<string> examples)
    {
        var found = Series.Select(g => (g.Key, Found: seasonOf(g.Series))).ToArray();
        var common = found.GroupBy(f => f.Found.Season).OrderByDescending(g => g.Count()).First().First();
        step = common.Found.Step;
        var differ = found.Where(f => f.Found.Season != common.Found.Season).ToArray();
        others = differ.Length;
        examples = differ.Take(5).Select(f => $"'{f.Key}' ({f.Found.Step}, {f.Found.Season})").ToArray();
        return common.Found.Season;
    }
}
