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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in keys!)
            if (seen.Add(key)) order.Add(key);
        string name = rows.ColumnNames.First(n => string.Equals(n, keyColumn, StringComparison.OrdinalIgnoreCase));
        return new KeyedCsvSeries(name, rows, keys, Split(rows, keys, order));
    }

    /// <summary>This file with <paramref name="values"/> as its rows' values (row i's value <paramref name="values"/>[i]), each series' too.</summary>
    public KeyedCsvSeries WithValues(float[] values)
    {
        var rows = Rows with { Values = values };
        return this with { Rows = rows, Series = Split(rows, Keys, Series.Select(g => g.Key).ToArray()) };
    }

    // Each key's rows (in the rows' order) and the series they form, the keys in the given order.
    private static Group[] Split(CsvSeries rows, string[] keys, IReadOnlyList<string> keyOrder)
    {
        var members = keyOrder.ToDictionary(k => k, _ => new List<int>(), StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++) members[keys[i]].Add(i);
        return keyOrder.Select(k =>
        {
            int[] at = members[k].ToArray();
            var series = rows with { Timestamps = at.Select(i => rows.Timestamps[i]).ToArray(), Values = at.Select(i => rows.Values[i]).ToArray() };
            return new Group(k, at, series);
        }).ToArray();
    }

    /// <summary>
    /// The file with its rows in time order, as <see cref="CsvSeries.TimeOrder()"/> sorts one series: a sort of all rows
    /// by date, a series' repeated date in its own time order (a newest-first series reversed), so that each series'
    /// rows run oldest first and the series keep their order (that of their keys' first rows in the file). Row i of the result is row <paramref name="order"/>[i] of the file. This file
    /// itself, and <paramref name="order"/> null, where every series already runs oldest first or where one series'
    /// order cannot be decided (a timestamp not read as a date, or one date on two of its rows).
    /// </summary>
    public KeyedCsvSeries InTimeOrder(out int[]? order)
    {
        order = null;
        var dates = new DateTime?[Keys.Length];
        var rank = new int[Keys.Length];   // each row's place in its own series' time order: the tie-break of a date twice
        bool anySorted = false;
        foreach (var g in Series)
        {
            var own = g.Series.ReadDates();
            // Each series' dates as it reads them alone (one day-month order per series, as its season is found).
            if (own.Any(d => d is null)) return this;
            var ownOrder = CsvSeries.TimeOrder(own);
            if (ownOrder is not null) anySorted = true;
            else if (Enumerable.Range(1, own.Length - 1).Any(i => own[i] < own[i - 1])) return this;   // out of order, a date twice
            for (int i = 0; i < own.Length; i++) { dates[g.Rows[i]] = own[i]; rank[g.Rows[ownOrder?[i] ?? i]] = i; }
        }
        if (!anySorted) return this;
        var sorted = Enumerable.Range(0, Keys.Length).OrderBy(i => dates[i]!.Value).ThenBy(i => rank[i]).ToArray();
        order = sorted;
        var rows = Rows.Reordered(sorted);
        var keys = sorted.Select(i => Keys[i]).ToArray();
        return this with { Rows = rows, Keys = keys, Series = Split(rows, keys, Series.Select(g => g.Key).ToArray()) };
    }

    /// <summary>
    /// The notes of <see cref="InTimeOrder"/>: for each series whose rows it sorted, which way they ran
    /// (<see cref="CsvSeries.SortedNote"/>), by key, in the file's order of the keys.
    /// </summary>
    public IEnumerable<(string Key, string Note)> SortedNotes() =>
        Series.Select(g => (g.Key, g.Series, Order: g.Series.TimeOrder())).Where(x => x.Order is not null)
            .Select(x => (x.Key, x.Series.SortedNote(x.Order!)));

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
    /// The series whose last row comes more than <see cref="EndedEarlySteps"/>(<paramref name="season"/>) of its own steps
    /// before the file's last timestamp (each with its last timestamp), and that timestamp; none where a timestamp is not read as a date or a
    /// series' step is unknown. A discontinued item whose export stops is forecast at the level it ended at, where the
    /// rows it lacks may be 0 (an outside audit: an item whose rows stopped four months before the file's end, 444).
    /// </summary>
    /// <summary>Steps without a row after which a series ends early: a season, from 2 up to 8 (a weekly panel's year was long to wait).</summary>
    public static int EndedEarlySteps(int season) => Math.Clamp(season, 2, 8);

    public IReadOnlyList<(string Key, string Last)> EndedEarly(int season, out string fileLast)
    {
        fileLast = "";
        var ends = new List<(Group Group, DateTime Last, Rtu.MLNet.SeriesTimeStep Step)>();
        foreach (var g in Series)
        {
            var dates = g.Series.ReadDates();
            if (dates.Length == 0 || dates.Any(d => d is null)) return [];
            var step = g.Series.InferStep();
            if (step.Name == "unknown") return [];
            ends.Add((g, dates.Max()!.Value, step));
        }
        if (ends.Count < 2) return [];
        var latest = ends.MaxBy(e => e.Last);
        fileLast = latest.Group.Series.Timestamps[Array.IndexOf(latest.Group.Series.ReadDates(), latest.Last)];
        return ends.Where(e => e.Step.StepsBetween(e.Last.Ticks, latest.Last.Ticks) > EndedEarlySteps(season))
            .Select(e => (e.Group.Key, e.Group.Series.Timestamps[Array.IndexOf(e.Group.Series.ReadDates(), e.Last)])).ToArray();
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
