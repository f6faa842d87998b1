using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The "Many series in ML.NET" example of README.md, run as written (its lines appear below in its order).</summary>
[TestClass]
public sealed class ReadmeManySeriesTests
{
    public sealed class Reading
    {
        public string Sensor { get; set; } = "";
        public DateTime Time { get; set; }
        public float Value { get; set; }
    }

    [TestMethod]
    public void TheReadmeExampleIsTheCodeThisTestRuns()
    {
        string readme = File.ReadAllText(Path.Combine(ReadmeSnippet.Root(), "README.md"));
        int section = readme.IndexOf("## Many series in ML.NET", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, section);
        Assert.IsLessThan(readme.IndexOf("## Forecasting and state features in ML.NET", StringComparison.Ordinal), section, "the many-series example comes first");
        ReadmeSnippet.AssertIsIn("## Many series in ML.NET", "ReadmeManySeriesTests.cs", "// --- README: many series ---", "// --- end of the README example ---");
    }

    [TestMethod]
    public void TheExampleRuns()
    {
        var all = new[] { "sensor-17", "sensor-4", "sensor-9" }.SelectMany((k, s) => TestData.Series(150, seed: s + 1, withMissing: false)
            .Select((p, t) => new Reading { Sensor = k, Time = new DateTime(2010, 1, 1).AddMonths(t), Value = p.Value * (1 + s) }))
            .Where(r => !(r.Sensor == "sensor-4" && r.Time.Year == 2012 && r.Time.Month == 5))   // a missing month
            .Where(r => !(r.Sensor == "sensor-9" && r.Time.Year == 2021 && r.Time.Month == 7))   // and one after Fit
            .OrderBy(r => r.Time).ToArray();
        var readings = all.Where(r => r.Time.Year < 2020).ToArray();
        IDataView newReadings = new MLContext().Data.LoadFromEnumerable(all.Where(r => r.Time.Year >= 2020).ToArray());
        string work = Path.Combine(Path.GetTempPath(), $"rtu-readme-many-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = work;
        try
        {
            // --- README: many series ---
            var ml = new MLContext();
            // One table, many interleaved series: class Reading { string Sensor; DateTime Time; float Value; }
            IDataView history = ml.Data.LoadFromEnumerable(readings);

            var estimator = ml.Forecasting.ForecastByRtu(new RtuForecastingOptions
            {
                InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 3,
                SeriesKeyColumnName = "Sensor",   // text, Int32, Int64, UInt32 or an ML.NET key: one state per key
                TimestampColumnName = "Time",     // rows in time order per key (else a clear error); gaps = missing values
                SeasonLength = 0,                 // 0: inferred from the timestamps (monthly 12, hourly 24, every 15 minutes 96, daily 7, …)
                SharedWeights = true,             // one global model that learns from every series; false: one model per series
            });
            RtuForecastingTransformer model = estimator.Fit(history);        // model.FitWarnings: horizon/season longer than a series' data, values beyond float precision
            IDataView forecasts = model.Transform(newReadings);               // one stream per key, continuing where Fit stopped

            // Scored by time: each forecast against its series' row at the target date (gaps are filled, so rows are not steps).
            // MASE's seasonal-naive values come from the view itself: each series needs more than a season plus the horizon in it.
            RtuForecastMetrics score = ml.Forecasting.EvaluateForecasts(forecasts, "Value", horizon: 3,
                seasonLength: model.Options.SeasonLength, seriesKeyColumnName: "Sensor", timestampColumnName: "Time");

            // Serving: each fitted series continues under its key; Forecast right after Fit is the forecast where Fit stopped.
            RtuForecastEngine engine = model.CreateStreamingEngine();
            float[] now = engine.Forecast("sensor-17");
            float[] next = engine.Observe("sensor-17", value: 412.3f);
            float[] dated = engine.Observe("sensor-17", new DateTime(2020, 3, 1), 415.0f);   // with a timestamp: a gap = missing values
            engine.Checkpoint("engine.ckpt");                                 // atomic; global weights are written at one instant

            // What a stream learned in production, frozen into a model file or an ONNX graph (one graph per series).
            RtuForecastingTransformer learned = engine.ToModel("sensor-17");   // with its timestamp column: goes on after 2020-03-01
            ml.Model.SaveRtu(learned, history.Schema, "sensor-17.zip");
            learned.ExportToOnnx("sensor-17.onnx");
            RtuForecastingTransformer reloaded = ml.Model.LoadRtu<RtuForecastingTransformer>("sensor-17.zip", out _);
            // --- end of the README example ---

            Assert.AreEqual(12, model.Options.SeasonLength);
            Assert.IsEmpty(model.FitWarnings);
            Assert.HasCount(all.Count(r => r.Time.Year >= 2020), TestData.Column(forecasts, "Forecast"));
            Assert.IsTrue(double.IsFinite(score.Mase) && score.Mase > 0);
            Assert.IsGreaterThan(0, score.Count);
            Assert.IsTrue(now.All(float.IsFinite) && next.All(float.IsFinite) && dated.All(float.IsFinite));
            CollectionAssert.AreEqual(engine.Forecast("sensor-17"), reloaded.CreateStreamingEngine().Forecast("sensor-17"));
            // The frozen model keeps the stream's calendar: May after March (April missing) as in the engine.
            CollectionAssert.AreEqual(engine.Observe("sensor-17", new DateTime(2020, 5, 1), 416.0f), reloaded.CreateStreamingEngine().Observe("sensor-17", new DateTime(2020, 5, 1), 416.0f));
            Assert.IsTrue(File.Exists("engine.ckpt") && File.Exists("sensor-17.onnx"));
            // A view of a season of new readings per key holds no seasonal-naive value: the error says why (an outside audit).
            var season = model.Transform(ml.Data.LoadFromEnumerable(all.Where(r => r.Time.Year == 2020).ToArray()));
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Forecasting.EvaluateForecasts(season, "Value", horizon: 3,
                seasonLength: 12, seriesKeyColumnName: "Sensor", timestampColumnName: "Time")).Message, "No series in the view spans more than 12 step(s)");
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(work, recursive: true);
        }
    }
}
