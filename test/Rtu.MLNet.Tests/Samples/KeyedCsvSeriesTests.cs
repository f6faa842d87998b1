using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's reader of long-format files, --key (samples/Rtu.Forecasting/KeyedCsvSeries.cs).</summary>
[TestClass]
public sealed class KeyedCsvSeriesTests
{
    private static KeyedCsvSeries ReadText(string text, string key, string? column = null, params (string Column, string Value)[] where)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-keyed-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try { return KeyedCsvSeries.Read(path, column, key, where); }
        finally { File.Delete(path); }
    }

    // Stores B and A, a row per store and month, interleaved by month; C joins later and is quarterly.
    private static string Shops()
    {
        var lines = new List<string> { "month,Store,region,sales" };
        for (int i = 0; i < 36; i++)
        {
            string date = $"{new DateTime(2015, 1, 1).AddMonths(i):yyyy-MM-dd}";
            lines.Add($"{date},B,north,{i}");
            lines.Add($"{date}, A ,south,{100 + i}");
            if (i >= 12 && i % 3 == 0) lines.Add($"{date},C,north,{1000 + i}");
        }
        return string.Join("\n", lines) + "\n";
    }

    [TestMethod]
    public void SeriesThatEndMoreThanASeasonBeforeTheFileAreNamed()
    {
        // Daily sales of three items, the file ending on 2023-12-31: 'old' stopped 60 days before (a discontinued item
        // whose export stops, forecast at the level it ended at), 'recent' 5 days before (within a week's season).
        var lines = new List<string> { "date,item,sales" };
        var start = new DateTime(2023, 1, 1);
        for (int i = 0; i < 365; i++)
        {
            string date = $"{start.AddDays(i):yyyy-MM-dd}";
            lines.Add($"{date},full,{10 + i % 7}");
            if (i < 305) lines.Add($"{date},old,{20 + i % 7}");
            if (i < 360) lines.Add($"{date},recent,{30 + i % 7}");
        }
        var read = ReadText(string.Join("\n", lines) + "\n", "item", "sales");
        var ended = read.EndedEarly(7, out string last);
        Assert.AreEqual("2023-12-31", last);
        Assert.AreEqual(1, ended.Count);
        Assert.AreEqual(("old", "2023-11-01"), ended[0]);
        Assert.AreEqual(2, read.EndedEarly(2, out _).Count, "with a season of 2 days, 'recent' too");
        // Undated timestamps say nothing about ends.
        var undated = ReadText("t,item,sales\n1,a,1\n2,a,2\n3,a,3\n1,b,1\n", "item", "sales");
        Assert.AreEqual(0, undated.EndedEarly(1, out _).Count);
    }

    [TestMethod]
    public void SeriesNewestFirstAreForecastInTimeOrderAndTheirKeysKeepTheirOrder()
    {
        // The shops' file newest first: every row sorted by date, each series oldest first, A still before B before C.
        var lines = Shops().TrimEnd('\n').Split('\n');
        string newestFirst = string.Join("\n", lines.Take(1).Concat(lines.Skip(1).Reverse())) + "\n";
        var read = ReadText(newestFirst, "store", "sales");
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, read.Series.Select(g => g.Key).ToArray(), "as the keys first appear in the file");
        var file = read.InTimeOrder(out int[]? order);
        Assert.IsNotNull(order);
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, file.Series.Select(g => g.Key).ToArray(), "the series keep their order");
        var inOrder = ReadText(Shops(), "store", "sales");
        foreach (var g in file.Series)
        {
            var same = inOrder.Series.Single(x => x.Key == g.Key).Series;
            CollectionAssert.AreEqual(same.Values, g.Series.Values, g.Key);
            CollectionAssert.AreEqual(same.Timestamps, g.Series.Timestamps, g.Key);
            CollectionAssert.AreEqual(g.Rows.Select(r => file.Rows.Values[r]).ToArray(), g.Series.Values, g.Key);
            Assert.IsTrue(g.Rows.All(r => file.Keys[r] == g.Key), g.Key);
            Assert.IsEmpty(g.Series.TimeOrderWarnings(), g.Key);
        }
        for (int i = 0; i < order!.Length; i++)
            Assert.AreEqual((read.Keys[order[i]], read.Rows.Values[order[i]]), (file.Keys[i], file.Rows.Values[i]), $"row {i}");
        var notes = read.SortedNotes().ToArray();
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, notes.Select(x => x.Key).ToArray());
        StringAssert.StartsWith(notes[1].Note, "the rows run newest first (from '2017-12-01' back to '2015-01-01')");

        // Each series newest first with a date twice (a local hour repeated): each reversed, its repeat in its own order.
        string repeated = "time,store,value\n" + string.Concat(new[] { 4, 3, 2, 2, 1, 0 }.Select((h, i) => $"2024-10-27 0{h}:00,A,{5 - i}\n2024-10-27 0{h}:00,B,{15 - i}\n"));
        var back = ReadText(repeated, "store", "value").InTimeOrder(out order);
        Assert.IsNotNull(order);
        CollectionAssert.AreEqual(new[] { 0f, 1, 2, 3, 4, 5 }, back.Series[0].Series.Values);
        CollectionAssert.AreEqual(new[] { 10f, 11, 12, 13, 14, 15 }, back.Series[1].Series.Values);

        // In order already, or one series with a date twice out of order: the file as read.
        Assert.AreSame(inOrder, inOrder.InTimeOrder(out order));
        Assert.IsNull(order);
        string twice = newestFirst + "2016-05-01,B,north,7\n2016-05-01,B,north,8\n";
        var undecided = ReadText(twice, "store", "sales");
        Assert.AreSame(undecided, undecided.InTimeOrder(out order));
        Assert.IsNull(order);
    }

    [TestMethod]
    public void EachKeysRowsFormItsSeriesInTheFilesOrder()
    {
        var file = ReadText(Shops(), "store", "sales");
        Assert.AreEqual("Store", file.KeyColumn);
        CollectionAssert.AreEqual(new[] { "B", "A", "C" }, file.Series.Select(g => g.Key).ToArray(), "keys in the order they first appear, trimmed");
        Assert.HasCount(36 + 36 + 8, file.Rows.Values);
        CollectionAssert.AreEqual(Enumerable.Range(0, 36).Select(i => (float)i).ToArray(), file.Series[0].Series.Values);
        CollectionAssert.AreEqual(Enumerable.Range(0, 36).Select(i => 100f + i).ToArray(), file.Series[1].Series.Values);
        foreach (var g in file.Series)
        {
            CollectionAssert.AreEqual(g.Rows.Select(r => file.Rows.Values[r]).ToArray(), g.Series.Values, g.Key);
            CollectionAssert.AreEqual(g.Rows.Select(r => file.Rows.Timestamps[r]).ToArray(), g.Series.Timestamps, g.Key);
            Assert.IsTrue(g.Rows.All(r => file.Keys[r] == g.Key), g.Key);
            Assert.IsEmpty(g.Series.TimeOrderWarnings(), g.Key);
        }
        // One season for the model: the timestamps' season of most series, and the one that differs named.
        Assert.AreEqual(12, file.CommonSeason(s => (s.DetectSeason(out string step), step), out string common, out int others, out var examples));
        Assert.AreEqual(("monthly", 1), (common, others));
        StringAssert.Contains(examples.Single(), "'C' (quarterly, 4)");
        // Each row's forecast was made H rows of its own series earlier (file rows: B0 A0 B1 A1 B2 A2 …).
        var sources = file.ForecastSources(2);
        CollectionAssert.AreEqual(new[] { -1, -1, -1, -1, 0, 1, 2, 3 }, sources.Take(8).ToArray());
        foreach (var g in file.Series)
            for (int i = 0; i < g.Rows.Length; i++) Assert.AreEqual(i >= 2 ? g.Rows[i - 2] : -1, sources[g.Rows[i]], $"{g.Key} {i}");
        // Without a value column named "value", the first after the timestamp that is neither the key nor a filter.
        Assert.AreEqual("sales", ReadText(Shops(), "store", null, ("region", "north")).Rows.Name);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText(Shops(), "store")).Message, "'north' in column 'region' is not a number",
            "a text column is not skipped unless named: the error names it");
        // --where still filters first.
        var north = ReadText(Shops(), "store", "sales", ("region", "north"));
        CollectionAssert.AreEqual(new[] { "B", "C" }, north.Series.Select(g => g.Key).ToArray());
    }

    [TestMethod]
    public void AKeyColumnThatCannotTellSeriesApartIsAnErrorNamingIt()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText(Shops(), "shop", "sales")).Message, "Column 'shop' (in --key) is not in");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText(Shops(), "month", "sales")).Message, "holds the timestamps");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText(Shops(), "sales", "sales")).Message, "is the value column");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText("1\n2\n3\n", "store")).Message, "one column of values");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,store,value\n2020-01-01,A,1\n2020-02-01,,2\n", "store"));
        StringAssert.Contains(e.Message, "row 3: no series key in column 'store'");
    }
}
