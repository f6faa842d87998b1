using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// ToKeyedModel freezes every series the engine knows: a fitted key that no stream has started yet is kept as the
/// engine would start it (its fitted model; in a global model with the current shared weights), not dropped.
/// </summary>
/// <remarks>
/// Found by an outside audit: the frozen model held only the keys the engine had observed. A fitted key never observed
/// since the engine started was gone: through the frozen model it started untrained (NaN, then naive forecasts) where
/// the engine forecast it with its fitted model.
/// </remarks>
[TestClass]
public sealed class EngineToKeyedModelFittedKeysTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Keys = ["0", "1", "2"];

    // Three series of `length` rows from row `from` on, interleaved row by row.
    private static KeyedPoint[] Table(int from, int length) =>
        Enumerable.Range(from, length).SelectMany(t => Keys.Select((k, s) =>
        {
            var p = TestData.Series(from + length, seed: 30 + s, withMissing: false)[t];
            return new KeyedPoint { Sensor = k, Value = p.Value * (1 + s), Temperature = p.Temperature };
        })).ToArray();

    private static RtuForecastingTransformer Fit(bool sharedWeights)
    {
        var o = TestData.SmallForecastOptions();
        o.Horizon = 2;
        o.SeriesKeyColumnName = "Sensor";
        o.SharedWeights = sharedWeights;
        return Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(Table(0, 100)));
    }

    private static List<float[]> Continue(RtuForecastEngine engine, IEnumerable<KeyedPoint> rows) =>
        rows.Select(r => engine.Observe(r.Sensor, r.Value, [r.Temperature])).ToList();

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AFittedKeyNeverObservedKeepsItsFittedModel(bool sharedWeights)
    {
        var fitted = Fit(sharedWeights);
        var engine = fitted.CreateStreamingEngine();
        // Only key 1 is served: in a global model its observations change the weights every key forecasts with.
        Continue(engine, Table(100, 20).Where(r => r.Sensor == "1"));
        CollectionAssert.AreEqual(new[] { "1" }, engine.StreamIds.ToArray());

        var model = engine.ToKeyedModel();
        CollectionAssert.AreEqual(Keys, model.SeriesKeys.ToArray());
        if (!sharedWeights)
            CollectionAssert.AreEqual(fitted.CreateStreamingEngine().Forecast("0"), model.CreateStreamingEngine().Forecast("0"), "key 0 as fitted");
        var next = Table(120, 15);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-engine-keyed-fitted-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(model, Ml.Data.LoadFromEnumerable(next).Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            CollectionAssert.AreEqual(Keys, loaded.SeriesKeys.ToArray());
            foreach (var m in new[] { model, loaded })
            {
                var frozen = m.CreateStreamingEngine();
                foreach (var key in Keys)
                {
                    var f = frozen.Forecast(key);
                    Assert.IsFalse(f.Any(float.IsNaN), $"key {key}: a fitted model's forecast");
                    CollectionAssert.AreEqual(engine.Forecast(key), f, $"key {key}");
                }
            }
            // Every key, observed or not, continues as in the engine.
            var fromModel = Continue(model.CreateStreamingEngine(), next);
            var fromLoaded = Continue(loaded.CreateStreamingEngine(), next);
            var expected = Continue(engine, next);
            TestData.AssertSame(expected, fromModel);
            TestData.AssertSame(expected, fromLoaded);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AFittedKeyNeverObservedGoesThroughTransformAsThroughFitsResult()
    {
        var fitted = Fit(sharedWeights: false);
        var engine = fitted.CreateStreamingEngine();
        engine.Observe("1", 5f, [0f]);
        var model = engine.ToKeyedModel();
        var next = Table(100, 15).Where(r => r.Sensor != "1").ToArray();
        TestData.AssertSame(TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"),
            TestData.Column(model.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"));
    }

    [TestMethod]
    public void AFittedKeyWhoseStreamWasRemovedIsKeptAsItWouldStartAgain()
    {
        var fitted = Fit(sharedWeights: false);
        var engine = fitted.CreateStreamingEngine();
        engine.Observe("0", 5f, [0f]);
        Assert.IsTrue(engine.RemoveStream("0"));
        var model = engine.ToKeyedModel();
        CollectionAssert.AreEqual(Keys, model.SeriesKeys.ToArray());
        CollectionAssert.AreEqual(fitted.CreateStreamingEngine().Forecast("0"), model.CreateStreamingEngine().Forecast("0"));
    }
}
