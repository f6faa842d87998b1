using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class TimedFeatureRow
{
    public string User { get; set; } = "";
    public long Tick { get; set; }
    [Microsoft.ML.Data.VectorType(3)] public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

public sealed class TimedStateOut
{
    public string User { get; set; } = "";
    public long Tick { get; set; }
    [Microsoft.ML.Data.VectorType] public float[] RtuState { get; set; } = [];
}

/// <summary>State features with a timestamp column: order checked per key, or sorted when asked.</summary>
[TestClass]
public sealed class StateFeaturesTimestampTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static TimedFeatureRow[] Sorted(int n) =>
        Enumerable.Range(0, n).SelectMany(t => Enumerable.Range(0, 2).Select(s =>
        {
            var r = TestData.Features(n, seed: 3 + s)[t];
            return new TimedFeatureRow { User = $"u{s}", Tick = 10 * t, Features = r.Features, Label = r.Label };
        })).ToArray();

    private static RtuStateFeaturesOptions Options(bool sort) => new()
    {
        Units = 4, SeriesKeyColumnName = "User", LabelColumnName = "Label", TimestampColumnName = "Tick", SortByTimestamp = sort, LearnDuringTransform = true,
    };

    private static Dictionary<(string, long), float[]> States(IDataView output) =>
        Ml.Data.CreateEnumerable<TimedStateOut>(output, reuseRowObject: false).ToDictionary(p => (p.User, p.Tick), p => p.RtuState);

    [TestMethod]
    public void AShuffledTableGivesWhatTheSortedOneGives()
    {
        var sorted = Sorted(60);
        var rng = new Random(5);
        var shuffled = sorted.OrderBy(_ => rng.Next()).ToArray();
        var a = Ml.Transforms.RtuStateFeatures(Options(sort: false)).Fit(Ml.Data.LoadFromEnumerable(sorted));
        var b = Ml.Transforms.RtuStateFeatures(Options(sort: true)).Fit(Ml.Data.LoadFromEnumerable(shuffled));
        var expected = States(a.Transform(Ml.Data.LoadFromEnumerable(sorted)));
        var actual = States(b.Transform(Ml.Data.LoadFromEnumerable(shuffled)));
        foreach (var (k, v) in expected) CollectionAssert.AreEqual(v, actual[k], k.ToString());

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Transforms.RtuStateFeatures(Options(sort: false)).Fit(Ml.Data.LoadFromEnumerable(shuffled)));
        StringAssert.Contains(e.Message, "out of order");
        StringAssert.Contains(e.Message, "SortByTimestamp");
        var t = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Column(a.Transform(Ml.Data.LoadFromEnumerable(shuffled)), "RtuState"));
        StringAssert.Contains(t.Message, "out of order");

        var path = Path.Combine(Path.GetTempPath(), $"state-sorted-{Guid.NewGuid():N}.rtu");
        try
        {
            Ml.Model.SaveRtu(b, Ml.Data.LoadFromEnumerable(sorted).Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuStateFeaturesTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.SortByTimestamp);
            var again = States(loaded.Transform(Ml.Data.LoadFromEnumerable(shuffled)));
            foreach (var (k, v) in expected) CollectionAssert.AreEqual(v, again[k], k.ToString());
        }
        finally { File.Delete(path); }
    }
}
