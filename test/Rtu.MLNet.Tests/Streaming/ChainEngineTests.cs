using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class ChainRow
{
    public string Sensor { get; set; } = "";
    public float A { get; set; }
    public float B { get; set; }
    public float Label { get; set; }
    public bool Up { get; set; }
}

public sealed class ChainClass
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
}

public sealed class ChainScore
{
    public float Score { get; set; }
}

/// <summary>The chain engine: ML.NET transforms → RtuStateFeatures → a trainer, served per key.</summary>
[TestClass]
public sealed class ChainEngineTests
{
    private static readonly MLContext Ml = new(seed: 1);

    // Three interleaved series of two features; the label is the next value of A.
    private static ChainRow[] Table(int length, int seed = 5)
    {
        var rng = new Random(seed);
        var rows = new List<ChainRow>();
        for (int t = 0; t < length; t++)
            for (int s = 0; s < 3; s++)
                rows.Add(new ChainRow
                {
                    Sensor = $"s{s}", A = (float)Math.Sin(0.3 * t + s), B = (float)(rng.NextDouble() - 0.5), Label = (float)Math.Sin(0.3 * (t + 1) + s),
                    Up = Math.Sin(0.3 * (t + 1) + s) > Math.Sin(0.3 * t + s),
                });
        return rows.ToArray();
    }

    private static ITransformer FitChain(ChainRow[] rows, RtuStateFeaturesOptions options) =>
        Ml.Transforms.Concatenate("Features", "A", "B")
            .Append(Ml.Transforms.RtuStateFeatures(options))
            .Append(Ml.Transforms.Concatenate("All", "RtuState", "Features"))
            .Append(Ml.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "All", maximumNumberOfIterations: 5))
            .Fit(Ml.Data.LoadFromEnumerable(rows));

    private static RtuStateFeaturesOptions Keyed(bool learn) => new()
    {
        Units = 4, SeriesKeyColumnName = "Sensor", LabelColumnName = "Label", PredictionColumnName = "Next", LearnDuringTransform = learn,
    };

    private static float[] Scores(ITransformer chain, ChainRow[] rows) =>
        Ml.Data.CreateEnumerable<ChainScore>(chain.Transform(Ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).Select(s => s.Score).ToArray();

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TheEngineEqualsTheChainsTransformPerKey(bool learnDuringTransform)
    {
        var rows = Table(50);
        var chain = FitChain(rows, Keyed(learnDuringTransform));
        var more = Table(30, seed: 9);
        var expected = Scores(chain, more);
        var engine = Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain);
        Assert.AreEqual(learnDuringTransform, engine.Learn);
        var actual = more.Select(r => engine.Observe(r).Score).ToArray();
        CollectionAssert.AreEqual(expected, actual);
        CollectionAssert.AreEquivalent(new[] { "s0", "s1", "s2" }, engine.StreamIds.ToArray());
    }

    [TestMethod]
    public void ABinaryClassifierAfterTheRtuIsServedToo()
    {
        var rows = Table(50);
        var chain = Ml.Transforms.Concatenate("Features", "A", "B")
            .Append(Ml.Transforms.RtuStateFeatures(Keyed(learn: false)))
            .Append(Ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Up", featureColumnName: "RtuState", maximumNumberOfIterations: 5))
            .Fit(Ml.Data.LoadFromEnumerable(rows));
        var more = Table(20, seed: 17);
        var expected = Ml.Data.CreateEnumerable<ChainClass>(chain.Transform(Ml.Data.LoadFromEnumerable(more)), reuseRowObject: false).ToArray();
        var engine = Ml.Model.CreateRtuChainEngine<ChainRow, ChainClass>(chain);
        for (int i = 0; i < more.Length; i++)
        {
            var actual = engine.Observe(more[i]);
            Assert.AreEqual(expected[i].Probability, actual.Probability, $"row {i}");
            Assert.AreEqual(expected[i].PredictedLabel, actual.PredictedLabel, $"row {i}");
        }
    }

    [TestMethod]
    public void AnUnkeyedRtuIsServedPerKeyNamedAtCreation()
    {
        var rows = Table(40);
        var options = new RtuStateFeaturesOptions { Units = 4, LabelColumnName = "Label" };
        var chain = FitChain(rows.Where(r => r.Sensor == "s0").ToArray(), options);
        var engine = Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain, seriesKeyColumnName: "Sensor");
        var results = rows.Select(r => (r.Sensor, engine.Observe(r).Score)).ToArray();
        // Each key alone through chain.Transform (every cursor starts a fresh stream).
        foreach (var key in new[] { "s0", "s1", "s2" })
            CollectionAssert.AreEqual(Scores(chain, rows.Where(r => r.Sensor == key).ToArray()), results.Where(x => x.Sensor == key).Select(x => x.Score).ToArray(), key);
        Assert.ThrowsExactly<ArgumentException>(() => Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain));
    }

    [TestMethod]
    public void ACheckpointContinuesBitForBit()
    {
        var rows = Table(40);
        var chain = FitChain(rows, Keyed(learn: true));
        var more = Table(20, seed: 11);
        var engine = Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain);
        foreach (var r in more.Take(30)) engine.Observe(r);
        using var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        checkpoint.Position = 0;
        var resumed = Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain);
        resumed.Restore(checkpoint);
        foreach (var r in more.Skip(30)) Assert.AreEqual(engine.Observe(r).Score, resumed.Observe(r).Score);
    }

    [TestMethod]
    public void ConcurrentKeysGiveWhatEachKeyGivesAlone()
    {
        var rows = Table(40);
        var chain = FitChain(rows, Keyed(learn: true));
        var more = Table(60, seed: 13);
        var expected = Scores(chain, more);
        var engine = Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain);
        var actual = new float[more.Length];
        // One thread per key, all at once: per-key results must not depend on the interleaving.
        Parallel.For(0, 3, new ParallelOptions { MaxDegreeOfParallelism = 3 }, s =>
        {
            for (int i = s; i < more.Length; i += 3) actual[i] = engine.Observe(more[i]).Score;
        });
        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    public void AChainWithoutAnRtuIsRefusedByName()
    {
        var rows = Table(10);
        var chain = Ml.Transforms.Concatenate("Features", "A", "B").Fit(Ml.Data.LoadFromEnumerable(rows));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Model.CreateRtuChainEngine<ChainRow, ChainScore>(chain, "Sensor"));
        StringAssert.Contains(e.Message, "no RtuStateFeaturesTransformer");
    }
}
