using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A serving history (<see cref="RtuForecastObservations"/>) is checked against the graph it is paired with
/// (<see cref="RtuForecastObservations.EnsureMatches"/>): graphs of forecasters fitted with the same options have the same
/// shapes, so a history built from another model ran silently with that model's frozen statistics and weights.
/// </summary>
[TestClass]
public sealed class ServingModelMatchTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static RtuForecastingTransformer Keyed()
    {
        var options = TestData.SmallForecastOptions();
        options.SeriesKeyColumnName = "Sensor";
        var rows = TestData.Series(60, 3).Select(r => new KeyedPoint { Sensor = "a", Value = r.Value, Temperature = r.Temperature })
            .Concat(TestData.Series(60, 4).Select(r => new KeyedPoint { Sensor = "b", Value = 3 * r.Value + 5, Temperature = r.Temperature }));
        return Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(rows));
    }

    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"rtu-mlnet-{name}-{Guid.NewGuid():N}.onnx");

    [TestMethod]
    public void AnotherKeysHistoryIsRefusedAndItsOwnIsServed()
    {
        var transformer = Keyed();
        string path = TempPath("match");
        transformer.ForKey("a").ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            Assert.AreEqual(new RtuForecastObservations(transformer.ForKey("a")).ModelFingerprint, runner.Metadata[RtuForecastObservations.ModelFingerprintKey]);
            // The same options, so the same shapes: before the check, b's history served a's graph without a word.
            var other = new RtuForecastObservations(transformer.ForKey("b"));
            Assert.AreEqual(runner.ObservationSize, other.ObservationSize);
            var e = Assert.ThrowsExactly<ArgumentException>(() => other.EnsureMatches(runner));
            StringAssert.Contains(e.Message, RtuForecastObservations.ModelFingerprintKey);
            e = Assert.ThrowsExactly<ArgumentException>(() => new RtuForecastObservations(transformer.ForKey("b"), runner));
            StringAssert.Contains(e.Message, "another model");

            // Its own key's history, each ForKey a fresh copy, is served.
            var history = new RtuForecastObservations(transformer.ForKey("a"), runner);
            var obs = new float[history.ObservationSize];
            var forecast = new float[history.Horizon];
            foreach (var p in TestData.Series(20, 9))
            {
                history.Next(p.Value, [p.Temperature], obs);
                runner.Step(obs);
                history.ToForecast(runner.Output("prediction"), forecast);
            }
            Assert.IsTrue(forecast.All(float.IsFinite));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TheSavedAndLoadedTransformerMatchesItsGraphAndAModelFittedAgainDoesNot()
    {
        var options = TestData.SmallForecastOptions();
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(80, 5));
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(data);
        string graph = TempPath("saved"), saved = Path.ChangeExtension(TempPath("saved"), ".zip");
        transformer.ExportToOnnx(graph);
        try
        {
            // A service that loads the saved model and the graph exported with it pairs them (the fingerprint survives the file).
            Ml.Model.SaveRtu(transformer, data.Schema, saved);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(saved, out _);
            using var runner = new OnnxRecurrentRunner(graph, 1, new OnnxRunnerOptions { PreferCuda = false });
            new RtuForecastObservations(loaded, runner).EnsureMatches(runner);
            // The same series fitted again with another seed: another model.
            options.Seed = 2;
            var again = Ml.Forecasting.ForecastByRtu(options).Fit(data);
            Assert.ThrowsExactly<ArgumentException>(() => new RtuForecastObservations(again, runner));
        }
        finally { File.Delete(graph); File.Delete(saved); }
    }

    [TestMethod]
    public void AGraphExportedBeforeTheFingerprintIsCheckedOnItsMetadata()
    {
        var transformer = Keyed();
        var weights = transformer.ForKey("a").ToOnnxWeights();
        var metadata = new Dictionary<string, string>(weights.Metadata!);
        Assert.IsTrue(metadata.Remove(RtuForecastObservations.ModelFingerprintKey));
        string path = TempPath("older");
        OnnxExporter.Export(weights with { Metadata = metadata }, path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            new RtuForecastObservations(transformer.ForKey("a"), runner).EnsureMatches(runner);
            // b's series has another mean change: its history is refused on the metadata alone.
            var e = Assert.ThrowsExactly<ArgumentException>(() => new RtuForecastObservations(transformer.ForKey("b"), runner));
            StringAssert.Contains(e.Message, "mean change");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AnotherComponentsGraphIsRefused()
    {
        var transformer = Keyed();
        var features = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 })
            .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(50)));
        string path = TempPath("features");
        features.ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            var e = Assert.ThrowsExactly<ArgumentException>(() => new RtuForecastObservations(transformer.ForKey("a"), runner));
            StringAssert.Contains(e.Message, "not an exported RTU forecaster");
        }
        finally { File.Delete(path); }
    }
}
