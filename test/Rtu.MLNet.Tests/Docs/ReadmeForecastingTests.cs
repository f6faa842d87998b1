using Rtu.Trainers.Online;
using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The "Forecasting and state features in ML.NET" example of README.md, run as written (its lines appear below in its order).</summary>
[TestClass]
public sealed class ReadmeForecastingTests
{
    public sealed class Point { public float Value { get; set; } }

    public sealed class Reading { public float Temperature { get; set; } public float Load { get; set; } public float Label { get; set; } }

    [TestMethod]
    public void TheReadmeExampleIsTheCodeThisTestRuns() =>
        ReadmeSnippet.AssertIsIn("## Forecasting and state features in ML.NET", "ReadmeForecastingTests.cs",
            "// --- README: forecasting and state features ---", "// --- end of the README example ---");

    [TestMethod]
    public void TheExampleRuns()
    {
        var all = TestData.Series(120, withMissing: false).Select(p => new Point { Value = p.Value }).ToArray();
        var points = all.Take(100).ToArray();
        IDataView newPoints = new MLContext().Data.LoadFromEnumerable(all.Skip(100).ToArray());
        string work = Path.Combine(Path.GetTempPath(), $"rtu-readme-forecasting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = work;
        try
        {
            // --- README: forecasting and state features ---
            var ml = new MLContext();
            IDataView history = ml.Data.LoadFromEnumerable(points);            // class Point { public float Value { get; set; } }

            // Fit streams the history in order; Transform keeps learning and carries the RTU state row to row.
            var estimator = ml.Forecasting.ForecastByRtu(outputColumnName: "Forecast", inputColumnName: "Value",
                horizon: 3, seasonLength: 12, new RtuForecastingOptions { Units = 16 });
            RtuForecastingTransformer model = estimator.Fit(history);
            IDataView forecasts = model.Transform(newPoints);                  // "Forecast": float[3] = ŷ(t+1..t+3) made at row t

            // Score them, each aligned to its target: MAE, RMSE, sMAPE, MASE (coverage and MSIS too, given the interval columns).
            RtuForecastMetrics score = ml.Forecasting.EvaluateForecasts(forecasts, actualColumnName: "Value", horizon: 3,
                seasonLength: 12);                                             // score.Mase < 1: better than seasonal naive

            // Deployment: many keyed streams from one model, each keeps learning; thread-safe; checkpoint/restore continues bit for bit
            // (a global model's stream still in its first rows: closely, docs/RELIABILITY.md).
            RtuForecastEngine engine = model.CreateStreamingEngine();
            float[] next = engine.Observe("sensor-17", value: 412.3f);
            SeriesChange change = engine.LastChange("sensor-17");              // a level shift (or its undoing), a collapse, a change of units
                                                                               // confirmed at that value (IncludeChanges: the same as a column)
            engine.Checkpoint("engine.ckpt");                                  // atomic: a crash mid-save keeps the previous file
            engine.Restore("engine.ckpt");                                     // bad files: InvalidDataException (docs/RELIABILITY.md)

            // One-file models mixing ML.NET's transformers and ours (mlContext.Model.Save cannot store an outside transformer's weights).
            ml.Model.SaveRtu(model, history.Schema, "model.zip");              // temp file + rename: a failed save keeps the old file
            ITransformer loaded = ml.Model.LoadRtu("model.zip", out DataViewSchema schema);

            // RTU state features in front of any ML.NET trainer.
            var pipeline = ml.Transforms.Concatenate("Features", "Temperature", "Load")
                .Append(ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 16 }))
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "State"));
            // --- end of the README example ---

            var forecast = TestData.Column(forecasts, "Forecast");
            Assert.HasCount(20, forecast);
            Assert.IsTrue(forecast.All(f => f.Length == 3 && f.All(float.IsFinite)));
            Assert.IsTrue(next.Length == 3 && next.All(float.IsFinite));
            Assert.AreEqual(8, score.Count, "targets 12..19 of the 20 new rows have a 3-step forecast and a seasonal-naive value");
            Assert.IsTrue(double.IsFinite(score.Mase) && score.Mase > 0);
            TestData.AssertSame(forecast, TestData.Column(loaded.Transform(newPoints), "Forecast"));
            Assert.IsTrue(schema.GetColumnOrNull("Value").HasValue);

            var readings = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(t => new Reading
            {
                Temperature = (float)Math.Sin(t * 0.2), Load = (float)Math.Cos(t * 0.2), Label = (float)Math.Sin((t + 1) * 0.2),
            }));
            var metrics = ml.Regression.Evaluate(pipeline.Fit(readings).Transform(readings), "Label");
            Assert.IsTrue(double.IsFinite(metrics.MeanAbsoluteError));
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(work, recursive: true);
        }
    }
}
