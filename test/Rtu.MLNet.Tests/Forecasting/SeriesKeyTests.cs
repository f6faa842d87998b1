using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

public sealed class KeyedPoint
{
    public string Sensor { get; set; } = "";
    public int SensorId { get; set; }
    public long SensorLong { get; set; }
    public float Value { get; set; }
    public float Temperature { get; set; }
    public double Reading { get; set; }
}

[TestClass]
public sealed class SeriesKeyTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Names = ["north", "south", "east"];

    // Three series of different lengths and seeds (one with gaps), interleaved irregularly: series s gets its next row
    // with a seeded random choice among those not yet exhausted.
    private static KeyedPoint[] Interleaved(int offset = 0)
    {
        var series = Names.Select((n, i) => TestData.Series(60 + 25 * i, seed: 11 + i, withMissing: i == 1).Skip(offset).ToArray()).ToArray();
        var next = new int[series.Length];
        var rng = new Random(5);
        var rows = new List<KeyedPoint>();
        while (next.Where((k, s) => k < series[s].Length).Any())
        {
            int s = rng.Next(series.Length);
            if (next[s] >= series[s].Length) continue;
            var p = series[s][next[s]++];
            rows.Add(new KeyedPoint { Sensor = Names[s], SensorId = 7 * s + 1, SensorLong = 1L << (40 + s), Value = p.Value, Temperature = p.Temperature });
        }
        return rows.ToArray();
    }

    private static RtuForecastingOptions Options(string? key = "Sensor", int epochs = 1)
    {
        var o = TestData.SmallForecastOptions();
        o.SeriesKeyColumnName = key;
        o.Epochs = epochs;
        return o;
    }

    private static IEnumerable<KeyedPoint> Of(IEnumerable<KeyedPoint> rows, string name) => rows.Where(r => r.Sensor == name);

    [TestMethod]
    [DataRow("Sensor", 1)]
    [DataRow("SensorId", 2)]
    [DataRow("SensorLong", 1)]
    [DataRow("SensorKey", 1)]
    public void AnInterleavedTableGivesExactlyWhatEachSeriesGivesAlone(string keyColumn, int epochs)
    {
        var train = Interleaved();
        var test = Interleaved(offset: 40);
        IDataView View(IEnumerable<KeyedPoint> rows)
        {
            var v = Ml.Data.LoadFromEnumerable(rows);
            // A uint key column with key values (MapValueToKey), as ML.NET pipelines make them.
            return keyColumn == "SensorKey" ? Ml.Transforms.Conversion.MapValueToKey("SensorKey", "Sensor").Fit(Ml.Data.LoadFromEnumerable(train)).Transform(v) : v;
        }
        var keyed = Ml.Forecasting.ForecastByRtu(Options(keyColumn, epochs)).Fit(View(train));
        Assert.HasCount(3, keyed.SeriesKeys);
        var together = TestData.Column(keyed.Transform(View(test)), "Forecast");

        var alone = new Dictionary<string, Queue<float[]>>();
        foreach (var name in Names)
        {
            var single = Ml.Forecasting.ForecastByRtu(Options(null, epochs)).Fit(Ml.Data.LoadFromEnumerable(Of(train, name)));
            alone[name] = new Queue<float[]>(TestData.Column(single.Transform(Ml.Data.LoadFromEnumerable(Of(test, name))), "Forecast"));
        }
        Assert.HasCount(test.Length, together);
        for (int i = 0; i < test.Length; i++)
            CollectionAssert.AreEqual(alone[test[i].Sensor].Dequeue(), together[i], $"row {i} ({test[i].Sensor}): bit-identical to the series alone");
    }

    [TestMethod]
    public void KeyedModelsSaveLoadAndExportPerKey()
    {
        var train = Ml.Data.LoadFromEnumerable(Interleaved());
        var test = Ml.Data.LoadFromEnumerable(Interleaved(offset: 30));
        var keyed = Ml.Forecasting.ForecastByRtu(Options()).Fit(train);
        var expected = TestData.Column(keyed.Transform(test), "Forecast");
        string path = Path.Combine(Path.GetTempPath(), $"rtu-keyed-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(keyed, train.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            CollectionAssert.AreEqual(keyed.SeriesKeys.ToArray(), loaded.SeriesKeys.ToArray());
            TestData.AssertSame(expected, TestData.Column(loaded.Transform(test), "Forecast"));

            var e = Assert.ThrowsExactly<NotSupportedException>(() => keyed.ExportToOnnx(path + ".onnx"));
            StringAssert.Contains(e.Message, "ForKey");
            keyed.ForKey("south").ExportToOnnx(path + ".onnx");
            Assert.IsTrue(new FileInfo(path + ".onnx").Length > 0);
            Assert.ThrowsExactly<KeyNotFoundException>(() => keyed.ForKey("west"));
            Assert.ThrowsExactly<InvalidOperationException>(() => keyed.GetModel());
        }
        finally { File.Delete(path); File.Delete(path + ".onnx"); }
    }

    [TestMethod]
    public void TheEngineContinuesEachFittedSeriesUnderItsKey()
    {
        var train = Interleaved();
        var test = Interleaved(offset: 30).Where(r => r.Sensor == "east").ToArray();
        var keyed = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(train));
        var engine = keyed.CreateStreamingEngine();
        var alone = keyed.ForKey("east").CreateStreamingEngine();
        CollectionAssert.AreEqual(alone.Forecast("any"), engine.Forecast("east"), "before any observation: the forecast where Fit stopped");
        Assert.IsFalse(engine.Forecast("east").Any(float.IsNaN));
        Assert.IsTrue(engine.Forecast("west").All(float.IsNaN), "a key Fit never saw starts untrained");
        foreach (var r in test)
            CollectionAssert.AreEqual(alone.Observe("any", r.Value, [r.Temperature]), engine.Observe("east", r.Value, [r.Temperature]));

        // Checkpoints carry the keyed model's fingerprint: they restore into an engine of the same keyed model only.
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        var again = keyed.CreateStreamingEngine();
        again.Restore(new MemoryStream(ms.ToArray()));
        CollectionAssert.AreEqual(engine.Forecast("east"), again.Forecast("east"));
        var other = keyed.ForKey("east").CreateStreamingEngine();
        Assert.ThrowsExactly<InvalidDataException>(() => other.Restore(new MemoryStream(ms.ToArray())));
    }

    [TestMethod]
    public void ForecastRightAfterFitIsTheForecastWhereFitStopped()
    {
        var rows = TestData.Series(120);
        var data = Ml.Data.LoadFromEnumerable(rows);
        var o = TestData.SmallForecastOptions();
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(data);
        // Transforming the same rows with an untrained model that learns is exactly what Fit did.
        var replay = TestData.Column(Ml.Forecasting.ForecastByRtu(o).Initialize(data.Schema).Transform(data), "Forecast");
        var engine = fitted.CreateStreamingEngine();
        var f = engine.Forecast("never-observed");
        CollectionAssert.AreEqual(replay[^1], f);
        Assert.IsFalse(f.Any(float.IsNaN));
        Assert.IsEmpty(engine.StreamIds, "asking for a forecast creates no stream");
    }

    [TestMethod]
    public void ALearnedStreamFreezesIntoAModelThatSavesAndExports()
    {
        var rows = TestData.Series(160);
        var fitted = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(100)));
        var engine = fitted.CreateStreamingEngine();
        foreach (var r in rows.Skip(100).Take(40)) engine.Observe("s1", r.Value, [r.Temperature]);
        var frozen = engine.ToModel("s1");
        Assert.IsFalse(frozen.IsKeyed);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-frozen-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(frozen, Ml.Data.LoadFromEnumerable(rows).Schema, path);
            var redeployed = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _).CreateStreamingEngine();
            CollectionAssert.AreEqual(engine.Forecast("s1"), redeployed.Forecast("s1"));
            foreach (var r in rows.Skip(140))
                CollectionAssert.AreEqual(engine.Observe("s1", r.Value, [r.Temperature]), redeployed.Observe("s1", r.Value, [r.Temperature]));
            frozen.ExportToOnnx(path + ".onnx");
            Assert.IsTrue(new FileInfo(path + ".onnx").Length > 0);

            // Every stream at once: a keyed transformer.
            engine.Observe("s2", 3f, [0f]);
            var all = engine.ToKeyedModel("Sensor");
            CollectionAssert.AreEqual(new[] { "s1", "s2" }, all.SeriesKeys.ToArray());
            CollectionAssert.AreEqual(engine.Forecast("s2"), all.CreateStreamingEngine().Forecast("s2"));
        }
        finally { File.Delete(path); File.Delete(path + ".onnx"); }
    }

    [TestMethod]
    public void KeyMistakesAreNamed()
    {
        var rows = Interleaved();
        rows[5].Sensor = "";
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "missing series key");
        var same = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(Options("Value")));
        StringAssert.Contains(same.Message, "SeriesKeyColumnName");
        var absent = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(Options("Station")).Fit(Ml.Data.LoadFromEnumerable(Interleaved())));
        StringAssert.Contains(absent.Message, "'Station' was not found");
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(Options("Reading")).Fit(Ml.Data.LoadFromEnumerable(Interleaved())));
        StringAssert.Contains(wrongType.Message, "must be text, Int32, Int64, UInt32 or an ML.NET key");
        var allMissing = Interleaved().Select(r => { if (r.Sensor == "east") r.Value = float.NaN; return r; });
        var m = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(allMissing)));
        StringAssert.Contains(m.Message, "'east'");
    }

    [TestMethod]
    public void AKeyedForecasterSavedBeforeTheLearnedHoltWintersLoadsAndForecasts()
    {
        // Written by main @7cc0491 (forecast pool layout 2): a keyed forecaster (sensors "a" and "b", season 12, horizon
        // 3) fitted on 100 rows each. Its series models are in the older, shorter pool layout: they are checked against
        // the stored prototype's own bytes and load into the current layout, and each series forecasts on.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        Assert.IsNotNull(dir, "repository root not found");
        var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(Path.Combine(dir.FullName, "test", "Rtu.MLNet.Tests", "Forecasting", "Data", "forecaster-keyed-pool-layout2.zip"), out _);
        var rows = new List<KeyedPoint>();
        for (int t = 100; t < 110; t++)
        {
            rows.Add(new KeyedPoint { Sensor = "a", Value = (float)(10 + 0.05 * t + 3 * Math.Sin(2 * Math.PI * t / 12) + 0.1 * (t % 5)), Temperature = (float)Math.Cos(2 * Math.PI * t / 12) });
            rows.Add(new KeyedPoint { Sensor = "b", Value = (float)(40 + 5 * Math.Cos(2 * Math.PI * t / 12) + 0.1 * (t % 3)), Temperature = (float)Math.Cos(2 * Math.PI * t / 12) });
        }
        var forecasts = TestData.Column(loaded.Transform(Ml.Data.LoadFromEnumerable(rows)), "Forecast");
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.IsTrue(forecasts[i].All(float.IsFinite), $"row {i}");
            Assert.AreEqual(rows[i].Sensor == "a" ? 15 : 40, forecasts[i][0], 8, $"row {i}: the series continues from its own state");
        }
    }
}
