using Rtu.Trainers.Online;
using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The ML.NET usage example of samples/Rtu.Forecasting/README.md, run end to end.</summary>
[TestClass]
public sealed class ReadmeExampleTests
{
    public sealed class Point { public float Value { get; set; } }

    public sealed class Reading { public float Temperature { get; set; } public float Load { get; set; } public float Label { get; set; } }

    [TestMethod]
    public void TheDocumentedPipelineRuns()
    {
        var ml = new MLContext();
        var points = TestData.Series(120, withMissing: false).Select(p => new Point { Value = p.Value }).ToArray();
        IDataView history = ml.Data.LoadFromEnumerable(points.Take(100));
        IDataView newPoints = ml.Data.LoadFromEnumerable(points.Skip(100));

        var estimator = ml.Forecasting.ForecastByRtu(outputColumnName: "Forecast", inputColumnName: "Value",
            horizon: 3, seasonLength: 12, new RtuForecastingOptions { Units = 16, ExogenousColumnNames = [] });
        RtuForecastingTransformer model = estimator.Fit(history);
        var forecasts = TestData.Column(model.Transform(newPoints), "Forecast");
        Assert.HasCount(20, forecasts);
        Assert.HasCount(3, forecasts[0]);

        IDataView prequential = estimator.Initialize(history.Schema).Transform(history);
        Assert.HasCount(100, TestData.Column(prequential, "Forecast"));

        RtuForecastEngine engine = model.CreateStreamingEngine();
        float[] next = engine.Observe("sensor-17", value: 412.3f);
        Assert.HasCount(3, next);
        SeriesChange change = engine.LastChange("sensor-17");
        Assert.IsFalse(change.Confirmed, "one value confirms no change");
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-readme-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string ckpt = Path.Combine(dir, "engine.ckpt"), file = Path.Combine(dir, "model.zip");
            engine.Checkpoint(ckpt);
            var restarted = model.CreateStreamingEngine();
            restarted.Restore(ckpt);
            CollectionAssert.AreEqual(engine.Observe("sensor-17", 413f), restarted.Observe("sensor-17", 413f));

            ml.Model.SaveRtu(model, history.Schema, file);
            ITransformer loaded = ml.Model.LoadRtu(file, out DataViewSchema schema);
            TestData.AssertSame(forecasts, TestData.Column(loaded.Transform(newPoints), "Forecast"));
        }
        finally { Directory.Delete(dir, recursive: true); }

        var readings = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(t => new Reading
        {
            Temperature = (float)Math.Sin(t * 0.2), Load = (float)Math.Cos(t * 0.2), Label = (float)Math.Sin((t + 1) * 0.2),
        }));
        var pipeline = ml.Transforms.Concatenate("Features", "Temperature", "Load")
            .Append(ml.Transforms.RtuStateFeatures("State", "Features",
                new RtuStateFeaturesOptions { Units = 16, LabelColumnName = "Load" }))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "State", maximumNumberOfIterations: 3));
        var fitted = pipeline.Fit(readings);
        var metrics = ml.Regression.Evaluate(fitted.Transform(readings), "Label");
        Assert.IsTrue(double.IsFinite(metrics.MeanAbsoluteError));
    }
}
