using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>Global state features (SharedWeights): one set of weights learns from every key.</summary>
[TestClass]
public sealed class GlobalStateFeaturesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static KeyedFeatureRow[] Table(int series, int length) =>
        Enumerable.Range(0, length).SelectMany(t => Enumerable.Range(0, series).Select(s =>
        {
            var r = TestData.Features(length, seed: 3 + s)[t];
            return new KeyedFeatureRow { User = $"s{s}", Features = r.Features, Label = r.Label * (1 + s) };
        })).ToArray();

    private static RtuStateFeaturesOptions Options() => new()
    {
        Units = 4, SeriesKeyColumnName = "User", LabelColumnName = "Label", PredictionColumnName = "Next", SharedWeights = true,
    };

    private static float[] Weights(RtuFeatureModel m) =>
        [.. m.Learner.Layer.Parameters.Values, .. m.Learner.Head.Parameters.Values, .. m.Learner.HorizonHeads?.Values ?? []];

    [TestMethod]
    public void OneSetOfWeightsLearnsFromEverySeriesStepByStep()
    {
        var rows = Table(3, 40);
        var options = Options();
        var fitted = Ml.Transforms.RtuStateFeatures(options).Fit(Ml.Data.LoadFromEnumerable(rows));
        // By hand: one model per key, the weights carried from each step to the next whatever its key.
        var models = new Dictionary<string, RtuFeatureModel>();
        float[]? carried = null;
        foreach (var r in rows)
        {
            if (!models.TryGetValue(r.User, out var m)) models[r.User] = m = new RtuFeatureModel(3, options.ToSettings(), options.NormalizerWindow);
            if (carried is not null) Load(m, carried);
            m.Observe(r.Features, r.Label, learn: true, default, default);
            carried = Weights(m);
        }
        foreach (var key in fitted.SeriesKeys) CollectionAssert.AreEqual(carried, Weights(fitted.ForKey(key).GetModel()), key);
        Assert.IsFalse(carried!.SequenceEqual(Weights(new RtuFeatureModel(3, options.ToSettings()))), "the weights learned");
    }

    private static void Load(RtuFeatureModel m, float[] w)
    {
        int at = 0;
        foreach (var p in new[] { m.Learner.Layer.Parameters.Values, m.Learner.Head.Parameters.Values, m.Learner.HorizonHeads?.Values ?? [] })
        {
            Array.Copy(w, at, p, 0, p.Length);
            at += p.Length;
        }
    }

    [TestMethod]
    public void AGlobalModelSavesLoadsAndTransformsTheSame()
    {
        var rows = Table(3, 40);
        var o = Options();
        o.LearnDuringTransform = true;
        var fitted = Ml.Transforms.RtuStateFeatures(o).Fit(Ml.Data.LoadFromEnumerable(rows));
        var view = Ml.Data.LoadFromEnumerable(Table(4, 20));
        var path = Path.Combine(Path.GetTempPath(), $"global-state-{Guid.NewGuid():N}.rtu");
        try
        {
            Ml.Model.SaveRtu(fitted, view.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuStateFeaturesTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.SharedWeights);
            TestData.AssertSame(TestData.Column(fitted.Transform(view), "Next"), TestData.Column(loaded.Transform(view), "Next"));
            TestData.AssertSame(TestData.Column(fitted.Transform(view), "RtuState"), TestData.Column(loaded.Transform(view), "RtuState"));
        }
        finally { File.Delete(path); }
        Assert.IsFalse(fitted.ForKey("s0").Options.SharedWeights, "one series alone is an ordinary model");
    }

    [TestMethod]
    public void ConcurrentObservationsKeepTheSharedWeightsConsistent()
    {
        var fitted = Ml.Transforms.RtuStateFeatures(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(3, 30)));
        var engine = fitted.CreateStreamingEngine(learn: true);
        var rows = TestData.Features(120);
        const int threads = 6, steps = 100;
        var checkpoints = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
        var workers = Enumerable.Range(0, threads).Select(k => Task.Run(() =>
        {
            var state = new float[engine.StateSize];
            var next = new float[engine.Horizon];
            for (int t = 0; t < steps; t++)
            {
                engine.Observe($"k{k}", rows[t].Features, rows[t].Label * (1 + k % 3), state, next);
                Assert.IsTrue(next.All(float.IsFinite));
                if (k == 0 && t % 40 == 20)
                {
                    using var ms = new MemoryStream();
                    engine.Checkpoint(ms);
                    checkpoints.Add(ms.ToArray());
                }
            }
        })).ToArray();
        Task.WaitAll(workers);

        using var final = new MemoryStream();
        engine.Checkpoint(final);
        checkpoints.Add(final.ToArray());
        Assert.HasCount(3, checkpoints);   // t = 20, 60 and the final one
        foreach (var bytes in checkpoints)
        {
            var restored = fitted.CreateStreamingEngine(learn: true);
            restored.Restore(new MemoryStream(bytes));
            var keys = restored.StreamIds.ToArray();
            Assert.IsNotEmpty(keys);
            var w = Weights(restored.RawStream(keys[0])!);
            // Every stream in a checkpoint holds the weights of one instant.
            foreach (var key in keys) CollectionAssert.AreEqual(w, Weights(restored.RawStream(key)!), $"{key} as stored in the checkpoint");
        }
        var last = fitted.CreateStreamingEngine(learn: true);
        last.Restore(new MemoryStream(final.ToArray()));
        Assert.HasCount(threads, last.StreamIds);
        foreach (var key in last.StreamIds) Assert.AreEqual(steps, last.RawStream(key)!.Learner.Rows, $"{key}: no observation lost");
        Assert.IsFalse(Weights(last.RawStream("k0")!).SequenceEqual(Weights(fitted.ForKey("s0").GetModel())), "the streams learned");
    }

    [TestMethod]
    public void SharedWeightsNeedsAKey()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Transforms.RtuStateFeatures(new RtuStateFeaturesOptions { SharedWeights = true }));
        StringAssert.Contains(e.Message, "SeriesKeyColumnName");
    }
}
