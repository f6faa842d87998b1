using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class GlobalModelTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static KeyedPoint[] Table(int series, int length, int offset = 0) =>
        Enumerable.Range(0, length).SelectMany(t => Enumerable.Range(0, series).Select(s =>
        {
            var p = TestData.Series(length + offset, seed: 20 + s, withMissing: false)[t + offset];
            return new KeyedPoint { Sensor = $"s{s}", Value = p.Value * (1 + s), Temperature = p.Temperature };
        })).ToArray();

    private static RtuForecastingOptions Options()
    {
        var o = TestData.SmallForecastOptions();
        o.SeriesKeyColumnName = "Sensor";
        o.SharedWeights = true;
        return o;
    }

    private static float[] Weights(RtuForecaster f) =>
        [.. f.Learner.Layer.Parameters.Values, .. f.Learner.Head.Parameters.Values, .. f.Learner.HorizonHeads?.Values ?? []];

    [TestMethod]
    public void AGlobalModelStepsAtTheConstantStepWhileIndependentSeriesGetTheEarlySchedule()
    {
        // Each series counts its own Adam updates: the early schedule would let every new series take larger steps on
        // the weights all the others taught, so a global model keeps α throughout.
        var global = Options().ToSettings(exogenousCount: 1);
        Assert.AreEqual(1.0, global.EarlyStepFactor);
        Assert.AreEqual(global.Learner.Td.LearningRate, global.LearningRateAt(0));
        var independent = Options();
        independent.SharedWeights = false;
        var own = independent.ToSettings(exogenousCount: 1);
        Assert.AreEqual(new RtuForecasterSettings().EarlyStepFactor, own.EarlyStepFactor);
        Assert.IsTrue(own.LearningRateAt(0) > own.Learner.Td.LearningRate, "independent series start with the larger step");
    }

    [TestMethod]
    public void OneSetOfWeightsLearnsFromEverySeriesStepByStep()
    {
        var rows = Table(3, 50);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows));

        // By hand: one forecaster per key (own state and normaliser), the weights carried from each step to the next.
        var settings = Options().ToSettings(exogenousCount: 1);
        var byKey = new Dictionary<string, RtuForecaster>();
        RtuForecaster? previous = null;
        foreach (var r in rows)
        {
            if (!byKey.TryGetValue(r.Sensor, out var f)) byKey[r.Sensor] = f = new RtuForecaster(settings);
            if (previous is not null)
            {
                previous.Learner.Layer.Parameters.Values.CopyTo(f.Learner.Layer.Parameters.Values, 0);
                previous.Learner.Head.Parameters.Values.CopyTo(f.Learner.Head.Parameters.Values, 0);
                previous.Learner.HorizonHeads?.Values.CopyTo(f.Learner.HorizonHeads!.Values, 0);
            }
            f.Observe(r.Value, [r.Temperature], learn: true, default, default);
            previous = f;
        }
        foreach (var key in fitted.SeriesKeys)
        {
            var model = fitted.ForKey(key).GetModel();
            CollectionAssert.AreEqual(Weights(previous!), Weights(model), $"series {key} holds the final shared weights");
            Assert.AreEqual(byKey[key].LastValue, model.LastValue);
            CollectionAssert.AreEqual(byKey[key].Normalizer.Counts.ToArray(), model.Normalizer.Counts.ToArray(), "each series keeps its own normaliser");
        }
    }

    [TestMethod]
    public void ANewKeyStartsFromWhatTheOthersTaught()
    {
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(3, 60)));
        var engine = fitted.CreateStreamingEngine();
        engine.Observe("late", 4f, [0f]);
        var late = engine.ToModel("late").GetModel();
        var taught = Weights(fitted.ForKey("s0").GetModel());
        var untrained = Weights(new RtuForecaster(Options().ToSettings(1)));
        // One step later the weights are the taught ones moved by one update, not the initial ones.
        double fromTaught = Weights(late).Zip(taught, (a, b) => Math.Abs(a - b)).Sum(), fromInitial = Weights(late).Zip(untrained, (a, b) => Math.Abs(a - b)).Sum();
        Assert.IsLessThan(fromInitial, fromTaught);
        Assert.AreEqual(1, late.Rows, "its own history and normaliser start fresh");
    }

    [TestMethod]
    public void ASpikeInOneSeriesFirstRowsIsReplayedWithoutSettingTheSharedWeightsBack()
    {
        // One series of a global model reads 1,000 times its value at row 1: its first rows are replayed from before the
        // first (StartupSpikes) with the spike as a missing value, the RTU keeping the shared weights as they are then, so
        // every series' forecasts after the first rows stay near the clean run's (one-step MAE on 20 more rows: 0.2094
        // against 0.2062; without the judgement 0.3135), and the model saves, loads and transforms the same.
        var clean = Table(3, 60);
        var spiked = clean.Select((r, i) => i == 3 + 1 ? new KeyedPoint { Sensor = r.Sensor, Value = r.Value * 1000, Temperature = r.Temperature } : r).ToArray();
        Assert.AreEqual("s1", spiked[4].Sensor);
        var test = Ml.Data.LoadFromEnumerable(Table(3, 20, offset: 60));
        var a = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(clean));
        var b = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(spiked));
        var fa = TestData.Column(a.Transform(test), "Forecast");
        var fb = TestData.Column(b.Transform(test), "Forecast");
        var actual = Table(3, 20, offset: 60);
        double maeA = 0, maeB = 0;
        for (int i = 3; i < actual.Length; i++) { maeA += Math.Abs(fa[i - 3][0] - actual[i].Value); maeB += Math.Abs(fb[i - 3][0] - actual[i].Value); }
        TestContext.WriteLine($"one-step MAE on 20 more rows of the 3 series: clean fit {maeA / (actual.Length - 3):G4}, spiked fit {maeB / (actual.Length - 3):G4}");
        Assert.IsTrue(fb.All(r => r.All(float.IsFinite)));
        Assert.IsLessThan(1.05 * maeA, maeB);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-global-spike-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(b, Ml.Data.LoadFromEnumerable(spiked).Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            TestData.AssertSame(fb, TestData.Column(loaded.Transform(test), "Forecast"));
        }
        finally { File.Delete(path); }
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void AGlobalModelsSeriesAreReadAsSharedAndACopyTakenOutIsAlone()
    {
        // A series of a global model replays its first rows or seasons with the shared weights as they are (its forecaster's
        // SharesWeights); read back from bytes (the engine's copies of the fitted series, a restored checkpoint, a saved
        // model's series) it is still shared, else a replay among the rows it holds took the RTU from before them (an
        // outside review: a fitted engine's forecasts up to 2.09 off). A model taken out of it for one key is alone.
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(2, 12)));
        var engine = fitted.CreateStreamingEngine();
        var rows = Table(2, 10, offset: 12);
        foreach (var p in rows) engine.Observe(p.Sensor, p.Value, [p.Temperature]);
        Assert.IsTrue(engine.RawStream("s0")!.SharesWeights, "a fitted series' stream");
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        var restored = fitted.CreateStreamingEngine();
        restored.Restore(new MemoryStream(ms.ToArray()));
        Assert.IsTrue(restored.RawStream("s1")!.SharesWeights, "a restored stream");
        Assert.IsTrue(engine.ToKeyedModel().Series!["s1"].SharesWeights, "a frozen global model's series");
        Assert.IsFalse(engine.ToModel("s1").GetModel().SharesWeights, "one stream's model");
        Assert.IsFalse(fitted.ForKey("s0").GetModel().SharesWeights, "one key's model");
        string path = Path.Combine(Path.GetTempPath(), $"rtu-global-shared-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(fitted, Ml.Data.LoadFromEnumerable(Table(2, 12)).Schema, path);
            Assert.IsTrue(Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _).Series!["s0"].SharesWeights, "a saved model's series, read back");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AGlobalModelSavesLoadsAndTransformsTheSame()
    {
        var train = Ml.Data.LoadFromEnumerable(Table(3, 60));
        var test = Ml.Data.LoadFromEnumerable(Table(4, 20, offset: 60));   // s3 is new
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(train);
        var expected = TestData.Column(fitted.Transform(test), "Forecast");
        TestData.AssertSame(expected, TestData.Column(fitted.Transform(test), "Forecast"));   // each cursor starts from Fit's weights
        string path = Path.Combine(Path.GetTempPath(), $"rtu-global-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(fitted, train.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.SharedWeights);
            TestData.AssertSame(expected, TestData.Column(loaded.Transform(test), "Forecast"));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ConcurrentObservationsKeepTheSharedWeightsConsistent()
    {
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(3, 40)));
        var engine = fitted.CreateStreamingEngine();
        var series = TestData.Series(200, withMissing: false);
        const int threads = 8, steps = 150;
        var checkpoints = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
        var workers = Enumerable.Range(0, threads).Select(k => Task.Run(() =>
        {
            for (int t = 0; t < steps; t++)
            {
                var f = engine.Observe($"k{k}", series[t].Value * (1 + k % 3), [series[t].Temperature]);
                Assert.IsTrue(f.All(float.IsFinite));
                if (k == 0 && t % 50 == 25)
                {
                    using var ms = new MemoryStream();
                    engine.Checkpoint(ms);
                    checkpoints.Add(ms.ToArray());
                }
            }
        })).ToArray();
        Task.WaitAll(workers);

        var all = engine.ToKeyedModel();
        var shared = Weights(all.ForKey("k0").GetModel());
        Assert.IsFalse(shared.SequenceEqual(Weights(fitted.ForKey("s0").GetModel())), "the streams learned");
        // The fitted keys no thread observed are kept too, with the same weights.
        CollectionAssert.AreEqual(new[] { "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "s0", "s1", "s2" }, all.SeriesKeys.ToArray());
        foreach (var key in all.SeriesKeys)
        {
            var m = all.ForKey(key).GetModel();
            CollectionAssert.AreEqual(shared, Weights(m), $"{key}: one set of weights");
            if (key.StartsWith('k')) Assert.AreEqual(steps, m.Rows, $"{key}: no observation lost");
        }
        // Every checkpoint taken mid-run is consistent: its streams hold the weights of one instant.
        Assert.HasCount(3, checkpoints);
        int compared = 0;
        foreach (var bytes in checkpoints)
        {
            var restored = fitted.CreateStreamingEngine();
            restored.Restore(new MemoryStream(bytes));
            // A stream keeping its first rows or first three seasons (a thread just started) is stored as it was before
            // them, with the weights of that instant (ARestoredCheckpoint… below): the others hold the weights of one
            // instant. In the first checkpoint every stream may still keep its first seasons (36 rows of monthly data).
            var plain = restored.StreamIds.Select(k => (Key: k, Model: restored.RawStream(k)!)).Where(s => !s.Model.HoldsRowsToJudge).ToArray();
            if (plain.Length == 0) continue;
            compared++;
            var w = Weights(plain[0].Model);
            foreach (var (key, model) in plain) CollectionAssert.AreEqual(w, Weights(model), $"{key} as stored in the checkpoint");
        }
        Assert.IsGreaterThanOrEqualTo(1, compared, "a checkpoint taken after the streams' first seasons");
    }

    [TestMethod]
    public void ARestoredCheckpointGivesEveryStreamTheSharedWeightsEvenWhenOneWasKeepingItsFirstRows()
    {
        // A stream in its first rows (or holding a possible spike) is written as it was before them, with the shared
        // weights of that earlier instant, and learns the rows again on reading. Restore took the shared weights from the
        // first stream, so when that one was keeping its first rows every stream continued from stale weights (found by
        // ConcurrentObservationsKeepTheSharedWeightsConsistent, when a thread had just started at a checkpoint).
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(3, 40)));
        var engine = fitted.CreateStreamingEngine();
        var series = TestData.Series(60, withMissing: false);
        engine.Observe("new", series[0].Value, [series[0].Temperature]);
        engine.Observe("new", series[1].Value, [series[1].Temperature]);
        for (int t = 0; t < 40; t++) engine.Observe("old", series[t].Value * 2, [series[t].Temperature]);
        Assert.IsTrue(engine.RawStream("new")!.HoldsRowsToJudge, "the new stream keeps its first rows");
        var live = Weights(engine.ToKeyedModel().ForKey("old").GetModel());
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        var restored = fitted.CreateStreamingEngine();
        restored.Restore(new MemoryStream(ms.ToArray()));
        CollectionAssert.AreEqual(live, Weights(restored.RawStream("old")!), "the shared weights of the checkpoint's instant");
        // Every stream continues with them, as in the live engine (a stream's saved form read back, as RawStream copies
        // it, holds the earlier weights while it keeps its first rows: each step takes the shared ones).
        for (int t = 2; t < 10; t++)
            foreach (var (key, scale) in new[] { ("new", 1f), ("old", 2f) })
            {
                var a = engine.Observe(key, series[t + 40].Value * scale, [series[t + 40].Temperature]);
                var b = restored.Observe(key, series[t + 40].Value * scale, [series[t + 40].Temperature]);
                CollectionAssert.AreEqual(a, b, $"{key}, step {t}");
            }
    }

    [TestMethod]
    public void AStreamStillKeepingItsFirstRowsContinuesCloselyNotBitForBitAfterARestore()
    {
        // A known limit (docs/RELIABILITY.md): a new stream keeps its first rows (and a seasonal one its first three
        // seasons) as given, with itself as it was before them, and a checkpoint writes it so; on reading it learns those
        // rows again with the weights of the earlier instant, where the live stream had learned each with the shared
        // weights of its own instant, as the other streams moved them. Its state, and from its next step the shared
        // weights, differ in the last digits: every stream continues closely, not bit for bit (an outside audit measured
        // up to 7.6e-5 relative, this test 5.3e-4; a per-series engine continues bit for bit).
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Table(3, 40)));
        var engine = fitted.CreateStreamingEngine();
        var rows = Table(4, 50, offset: 40);   // 25 rows of each before the checkpoint: the new one keeps its first seasons (36)
        string Key(KeyedPoint p) => p.Sensor == "s3" ? "new" : p.Sensor;
        int half = rows.Length / 2;
        foreach (var p in rows[..half]) engine.Observe(Key(p), p.Value, [p.Temperature]);
        Assert.IsTrue(engine.RawStream("new")!.HoldsRowsToJudge, "the new stream keeps its first seasons");
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        var restored = fitted.CreateStreamingEngine();
        restored.Restore(new MemoryStream(ms.ToArray()));
        double largest = 0;
        foreach (var p in rows[half..])
        {
            var a = engine.Observe(Key(p), p.Value, [p.Temperature]);
            var b = restored.Observe(Key(p), p.Value, [p.Temperature]);
            for (int h = 0; h < a.Length; h++) largest = Math.Max(largest, Math.Abs(a[h] - b[h]) / Math.Max(1e-6, Math.Abs(a[h])));
        }
        Console.WriteLine($"largest relative difference of the restored engine's forecasts: {largest:G3}");
        Assert.IsLessThan(1e-2, largest);
    }
}
