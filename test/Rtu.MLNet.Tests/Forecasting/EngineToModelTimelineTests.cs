using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A timed engine frozen with ToModel / ToKeyedModel keeps its timestamp column, time step and each stream's last
/// timestamp: the model (and its file) continues on the next rows, gaps included, exactly as the engine does.
/// </summary>
/// <remarks>
/// Found by an outside audit: the frozen model dropped the timestamp column. Its TimeStep was null, its engine refused
/// dated observations ("fitted without a timestamp column"), and its Transform read a missing month as no gap.
/// </remarks>
[TestClass]
public sealed class EngineToModelTimelineTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly DateTime Start = new(2000, 1, 31);

    // Monthly rows of one sensor from month `from` on, without the months in `absent`.
    private static TimedPoint[] Monthly(string sensor, int seed, int from, int to, params int[] absent) =>
        Enumerable.Range(from, to - from).Where(t => !absent.Contains(t)).Select(t =>
        {
            var p = TestData.Series(to, seed, withMissing: false)[t];
            return new TimedPoint { Sensor = sensor, Time = Start.AddMonths(t), Value = p.Value, Temperature = p.Temperature };
        }).ToArray();

    private static RtuForecastingOptions Options(string? key = null, bool shared = false)
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time";
        o.SeasonLength = 0;   // inferred at Fit: monthly, 12
        o.SeriesKeyColumnName = key;
        o.SharedWeights = shared;
        return o;
    }

    // What an engine's stream gives on the rows, observed with their timestamps (each row's stream: its sensor, or `stream`).
    private static List<float[]> Continue(RtuForecastEngine engine, IEnumerable<TimedPoint> rows, string? stream = null) =>
        rows.Select(r => engine.Observe(stream ?? r.Sensor, r.Time, r.Value, [r.Temperature])).ToList();

    private static RtuForecastingTransformer SavedAndLoaded(RtuForecastingTransformer model, IDataView data, string path)
    {
        Ml.Model.SaveRtu(model, data.Schema, path);
        return Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
    }

    [TestMethod]
    public void AStreamFrozenWithToModelContinuesAsTheEngineDoes()
    {
        var fit = Monthly("a", 7, 0, 40);
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(fit));
        var engine = fitted.CreateStreamingEngine();
        // 20 months in production: 19 dated, the last without a timestamp (it takes the next month).
        var served = Monthly("a", 7, 40, 60);
        foreach (var r in served.SkipLast(1)) engine.Observe("x", r.Time, r.Value, [r.Temperature]);
        engine.Observe("x", served[^1].Value, [served[^1].Temperature]);

        var model = engine.ToModel("x");
        Assert.AreEqual("Time", model.Options.TimestampColumnName);
        Assert.AreEqual("monthly", model.TimeStep?.Name);
        // The next rows, month 63 missing: the model's engine, its Transform and the file's do what the engine does.
        var next = Monthly("a", 7, 60, 70, absent: 63);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-engine-model-{Guid.NewGuid():N}.zip");
        try
        {
            var loaded = SavedAndLoaded(model, Ml.Data.LoadFromEnumerable(fit), path);
            Assert.AreEqual("monthly", loaded.TimeStep?.Name);
            var expected = Continue(engine, next, "x");
            foreach (var m in new[] { model, loaded })
            {
                TestData.AssertSame(expected, Continue(m.CreateStreamingEngine(), next, "any id"));
                TestData.AssertSame(expected, TestData.Column(m.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"));
                // Its calendar goes on from the stream's: month 58 again is out of order.
                var again = Assert.ThrowsExactly<InvalidOperationException>(() => m.CreateStreamingEngine().Observe("x", served[^2].Time, 1f, [0f]));
                StringAssert.Contains(again.Message, "out of order");
            }
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AStreamThatObservedNothingFreezesIntoTheModelForKeyGives()
    {
        var fit = Monthly("a", 7, 0, 40, absent: 30).Concat(Monthly("b", 8, 0, 36)).OrderBy(r => r.Time).ToArray();
        var fitted = Ml.Forecasting.ForecastByRtu(Options("Sensor")).Fit(Ml.Data.LoadFromEnumerable(fit));
        var next = Monthly("b", 8, 36, 48, absent: 40);
        var frozen = fitted.CreateStreamingEngine().ToModel("b");
        Assert.AreEqual("monthly", frozen.TimeStep?.Name);
        TestData.AssertSame(TestData.Column(fitted.ForKey("b").Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"),
            TestData.Column(frozen.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void EveryStreamFrozenWithToKeyedModelContinuesAsTheEngineDoes(bool sharedWeights)
    {
        var fit = Monthly("a", 7, 0, 40).Concat(Monthly("b", 8, 0, 40)).OrderBy(r => r.Time).ThenBy(r => r.Sensor).ToArray();
        var fitted = Ml.Forecasting.ForecastByRtu(Options("Sensor", sharedWeights)).Fit(Ml.Data.LoadFromEnumerable(fit));
        var engine = fitted.CreateStreamingEngine();
        // 20 months of both fitted sensors (b misses month 50) and a new sensor c from month 45. (Not in a global engine:
        // there a copy of a stream still keeping its first seasons learns them again from the weights it had before them,
        // so it differs from the stream with or without timestamps.)
        string[] sensors = sharedWeights ? ["a", "b"] : ["a", "b", "c"];
        var served = Monthly("a", 7, 40, 60).Concat(Monthly("b", 8, 40, 60, absent: 50)).Concat(Monthly("c", 9, 45, 60))
            .Where(r => sensors.Contains(r.Sensor)).OrderBy(r => r.Time).ThenBy(r => r.Sensor).ToArray();
        Continue(engine, served);

        var model = engine.ToKeyedModel();
        Assert.AreEqual("Time", model.Options.TimestampColumnName);
        Assert.AreEqual("monthly", model.TimeStep?.Name);
        CollectionAssert.AreEqual(sensors, model.SeriesKeys.ToArray());
        // The next rows: a misses month 63, c month 61 and 62.
        var next = Monthly("a", 7, 60, 70, absent: 63).Concat(Monthly("b", 8, 60, 70)).Concat(Monthly("c", 9, 60, 70, 61, 62))
            .Where(r => sensors.Contains(r.Sensor)).OrderBy(r => r.Time).ThenBy(r => r.Sensor).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"rtu-engine-keyed-{Guid.NewGuid():N}.zip");
        try
        {
            var loaded = SavedAndLoaded(model, Ml.Data.LoadFromEnumerable(fit), path);
            Assert.AreEqual("monthly", loaded.TimeStep?.Name);
            var expected = Continue(engine, next);
            foreach (var m in new[] { model, loaded })
            {
                TestData.AssertSame(expected, Continue(m.CreateStreamingEngine(), next));
                TestData.AssertSame(expected, TestData.Column(m.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"));
            }
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AFittedKeyNeverObservedStandsWhereItsSeriesEndedAtFit(bool sharedWeights)
    {
        var fit = Monthly("a", 7, 0, 40).Concat(Monthly("b", 8, 0, 40)).OrderBy(r => r.Time).ThenBy(r => r.Sensor).ToArray();
        var fitted = Ml.Forecasting.ForecastByRtu(Options("Sensor", sharedWeights)).Fit(Ml.Data.LoadFromEnumerable(fit));
        var engine = fitted.CreateStreamingEngine();
        Continue(engine, Monthly("a", 7, 40, 50));   // only a is served

        var model = engine.ToKeyedModel();
        CollectionAssert.AreEqual(new[] { "a", "b" }, model.SeriesKeys.ToArray());
        // The next rows: b goes on from month 40 (its end at Fit), missing month 43; a from month 50.
        var next = Monthly("b", 8, 40, 48, absent: 43).Concat(Monthly("a", 7, 50, 58)).OrderBy(r => r.Time).ThenBy(r => r.Sensor).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"rtu-engine-keyed-unobserved-{Guid.NewGuid():N}.zip");
        try
        {
            var loaded = SavedAndLoaded(model, Ml.Data.LoadFromEnumerable(fit), path);
            CollectionAssert.AreEqual(new[] { "a", "b" }, loaded.SeriesKeys.ToArray());
            var expected = Continue(engine, next);
            foreach (var m in new[] { model, loaded })
            {
                TestData.AssertSame(expected, Continue(m.CreateStreamingEngine(), next));
                TestData.AssertSame(expected, TestData.Column(m.Transform(Ml.Data.LoadFromEnumerable(next)), "Forecast"));
                // b's calendar is Fit's: its month 39 again is out of order.
                var again = Assert.ThrowsExactly<InvalidOperationException>(() => m.CreateStreamingEngine().Observe("b", Start.AddMonths(39), 1f, [0f]));
                StringAssert.Contains(again.Message, "out of order");
            }
        }
        finally { File.Delete(path); }
    }
}
