using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class TimedForecast
{
    public string Sensor { get; set; } = "";
    public DateTime Time { get; set; }
    [Microsoft.ML.Data.VectorType(3)] public float[] Forecast { get; set; } = [];
}

/// <summary>SortByTimestamp: a shuffled table gives what the sorted one gives.</summary>
[TestClass]
public sealed class SortByTimestampTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static TimedPoint[] Sorted(int n) =>
        Enumerable.Range(0, n).SelectMany(t => new[] { "a", "b" }.Select((k, s) =>
        {
            var p = TestData.Series(n, seed: 7 + s, withMissing: false)[t];
            return new TimedPoint { Sensor = k, Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value * (1 + s), Temperature = p.Temperature };
        })).Where((p, i) => i % 17 != 5).ToArray();   // a few gaps

    private static RtuForecastingOptions Options(bool sort)
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time";
        o.SeriesKeyColumnName = "Sensor";
        o.SortByTimestamp = sort;
        return o;
    }

    [TestMethod]
    public void AShuffledSeriesGivesWhatTheSortedOneGives()
    {
        var sorted = Sorted(60);
        var rng = new Random(3);
        var shuffled = sorted.OrderBy(_ => rng.Next()).ToArray();
        var fromSorted = Ml.Forecasting.ForecastByRtu(Options(sort: false)).Fit(Ml.Data.LoadFromEnumerable(sorted.Take(80)));
        var fitShuffled = shuffled.Where(p => sorted.Take(80).Contains(p)).ToArray();
        var fromShuffled = Ml.Forecasting.ForecastByRtu(Options(sort: true)).Fit(Ml.Data.LoadFromEnumerable(fitShuffled));
        var rest = sorted.Skip(80).ToArray();
        var restShuffled = rest.OrderBy(_ => rng.Next()).ToArray();
        // Transform sorts too: its rows come out in timestamp order (ties in input order), with the sorted table's forecasts.
        var expected = Forecasts(fromSorted.Transform(Ml.Data.LoadFromEnumerable(rest)));
        var output = fromShuffled.Transform(Ml.Data.LoadFromEnumerable(restShuffled));
        var actual = Forecasts(output);
        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), actual.Keys.ToArray());
        foreach (var (k, f) in expected) CollectionAssert.AreEqual(f, actual[k], k.ToString());
        var times = Ml.Data.CreateEnumerable<TimedPoint>(output, reuseRowObject: false).Select(p => p.Time).ToArray();
        CollectionAssert.AreEqual(times.Order().ToArray(), times, "rows in timestamp order");
        // Without the option the same shuffled rows are refused.
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Options(sort: false)).Fit(Ml.Data.LoadFromEnumerable(fitShuffled)));
        StringAssert.Contains(e.Message, "out of order");

        // Saved and loaded, the option stays on.
        var path = Path.Combine(Path.GetTempPath(), $"sorted-{Guid.NewGuid():N}.rtu");
        try
        {
            Ml.Model.SaveRtu(fromShuffled, output.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.SortByTimestamp);
            var again = Forecasts(loaded.Transform(Ml.Data.LoadFromEnumerable(restShuffled)));
            foreach (var (k, f) in expected) CollectionAssert.AreEqual(f, again[k], k.ToString());
        }
        finally { File.Delete(path); }
    }

    private static Dictionary<(string, DateTime), float[]> Forecasts(IDataView output) =>
        Ml.Data.CreateEnumerable<TimedForecast>(output, reuseRowObject: false).ToDictionary(p => (p.Sensor, p.Time), p => p.Forecast);

    [TestMethod]
    public void TheSortedViewsCursorKeepsMlNetsCursorContract()
    {
        // An outside audit: a getter before the first MoveNext or past the end threw IndexOutOfRangeException, and
        // Position past the end was the row count; ML.NET's cursors throw InvalidOperationException and report −1.
        var sorted = Sorted(30);
        var model = Ml.Forecasting.ForecastByRtu(Options(sort: true)).Fit(Ml.Data.LoadFromEnumerable(sorted.Take(40)));
        var output = model.Transform(Ml.Data.LoadFromEnumerable(sorted.Skip(40).Reverse().ToArray()));
        var column = output.Schema["Value"];
        using var cursor = output.GetRowCursor([column]);
        var get = cursor.GetGetter<float>(column);
        float value = 0;
        Assert.ThrowsExactly<InvalidOperationException>(() => get(ref value));
        Assert.AreEqual(-1, cursor.Position);
        int rows = 0;
        while (cursor.MoveNext()) { get(ref value); rows++; }
        Assert.AreEqual(sorted.Length - 40, rows);
        Assert.AreEqual(-1, cursor.Position);
        Assert.IsFalse(cursor.MoveNext());
        Assert.ThrowsExactly<InvalidOperationException>(() => get(ref value));
        // A column of another schema is refused by name, not taken for an output.
        var foreign = Ml.Data.LoadFromEnumerable(new[] { new { A = 1f, B = 2f, C = 3f, D = 4f, E = 5f, F = 6f, G = 7f, H = 8f, I = 9f, J = 10f } }).Schema["J"];
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => output.GetRowCursor([foreign])).Message, "is not a column of this view's schema");
    }

    [TestMethod]
    public void SortingNeedsATimestampColumn()
    {
        var o = TestData.SmallForecastOptions();
        o.SortByTimestamp = true;
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(o));
        StringAssert.Contains(e.Message, "TimestampColumnName");
    }
}
