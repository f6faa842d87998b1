using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Fitted RTU transformers exported to ONNX: ONNX Runtime (the stateful runner) and ML.NET's ApplyOnnxModel (state
/// passed in columns) give what the C# transformer gives in inference mode (frozen weights and statistics).
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    private const double Tolerance = 1e-5;
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    private static RtuStateFeaturesOptions StateOptions(RecurrentArchitecture arch) => new()
    {
        Units = 4, Architecture = arch, LabelColumnName = "Label", PredictionColumnName = "Next", Horizon = 2, Seed = 3,
    };

    /// <summary>Streams of the 3-feature rows (with missing values) that the fitted transformer has not seen.</summary>
    private static FeatureRow[][] Streams(int count, int length) =>
        Enumerable.Range(0, count).Select(s => TestData.Features(length, seed: 50 + s)).ToArray();

    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"rtu-mlnet-{name}-{Guid.NewGuid():N}.onnx");

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu)]
    [DataRow(RecurrentArchitecture.NonLinearRtu)]
    [DataRow(RecurrentArchitecture.Lru)]
    [DataRow(RecurrentArchitecture.Gru)]
    [DataRow(RecurrentArchitecture.GatedRtu)]
    public void StateFeaturesExportMatchesTheTransformerInOnnxRuntime(RecurrentArchitecture arch)
    {
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", StateOptions(arch)).Fit(Ml.Data.LoadFromEnumerable(TestData.Features(300)));
        const int streams = 3, steps = 200;
        var data = Streams(streams, steps);
        var expectedState = data.Select(rows => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "State")).ToArray();
        var expectedNext = data.Select(rows => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "Next")).ToArray();

        string path = TempPath("state");
        transformer.ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            Assert.AreEqual(3, runner.ObservationSize);
            Assert.AreEqual("RtuStateFeatures", runner.Metadata[RtuOnnxExport.ComponentKey]);
            int k = transformer.StateSize;
            var obs = new float[streams * 3];
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                for (int s = 0; s < streams; s++) data[s][t].Features.CopyTo(obs, s * 3);
                runner.Step(obs);
                for (int s = 0; s < streams; s++)
                {
                    worst = Math.Max(worst, MaxDiff(expectedState[s][t], runner.Output("features").Slice(s * k, k)));
                    worst = Math.Max(worst, MaxDiff(expectedNext[s][t], runner.Output("prediction").Slice(s * 2, 2)));
                }
            }
            TestContext.WriteLine($"state features {arch}: max |C# - ONNX| = {worst:E2} over {streams}x{steps} rows");
            Assert.IsLessThanOrEqualTo(Tolerance, worst, $"largest |C# − ONNX| over {steps} steps: {worst:E2}");
            Assert.IsTrue(expectedNext.SelectMany(x => x).Any(p => Math.Abs(p[0]) > 0.05), "the head is trained: predictions are not all near zero");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    [DataRow(true, 1, RecurrentArchitecture.LinearRtu)]
    [DataRow(false, 1, RecurrentArchitecture.LinearRtu)]
    [DataRow(true, 12, RecurrentArchitecture.LinearRtu)]  // seasonal h-step heads: obs carries the seasonal guesses
    [DataRow(false, 12, RecurrentArchitecture.NonLinearRtu)]
    [DataRow(false, 12, RecurrentArchitecture.Lru)]
    [DataRow(false, 12, RecurrentArchitecture.Gru)]
    [DataRow(false, 12, RecurrentArchitecture.GatedRtu)]
    public void ForecasterExportMatchesTheTransformerInOnnxRuntime(bool shrink, int seasonLength, RecurrentArchitecture arch)
    {
        var options = TestData.SmallForecastOptions(); // Horizon 3, Lags 3, one exogenous column
        options.SeasonLength = seasonLength; options.Architecture = arch; options.StateColumnName = "State"; options.ShrinkTowardNaive = shrink;
        options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(400)));
        var model = transformer.GetModel();
        if (shrink) Assert.IsGreaterThan(0.0, model.ShrinkFactor, "the model showed skill, so the learned part counts");
        if (shrink && seasonLength > 1)
            Assert.IsTrue(model.SeasonalNaiveWeights.Any(b => b > 0), "the seasonal-naive combination is in use, so the export must reproduce it");

        var series = TestData.Series(250, seed: 11); // with missing values
        var view = Ml.Data.LoadFromEnumerable(series);
        var expectedForecast = TestData.Column(transformer.Transform(view), "Forecast");
        var expectedState = TestData.Column(transformer.Transform(view), "State");

        string path = TempPath("forecast");
        transformer.ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            var history = new RtuForecastObservations(transformer, runner);
            Assert.AreEqual(history.ObservationSize, runner.ObservationSize);
            var obs = new float[history.ObservationSize];
            var forecast = new float[3];
            double worst = 0;
            for (int t = 0; t < series.Length; t++)
            {
                history.Next(series[t].Value, [series[t].Temperature], obs);
                runner.Step(obs);
                history.ToForecast(runner.Output("prediction"), forecast);
                worst = Math.Max(worst, MaxDiff(expectedForecast[t], forecast));
                worst = Math.Max(worst, MaxDiff(expectedState[t], runner.Output("features")));
            }
            TestContext.WriteLine($"forecaster ({arch}, season {seasonLength}, shrink {shrink}): max |C# - ONNX| = {worst:E2} over {series.Length} rows");
            Assert.IsLessThanOrEqualTo(Tolerance, worst, $"largest |C# − ONNX| over {series.Length} rows: {worst:E2}");
        }
        finally { File.Delete(path); }
    }

    /// <summary>One row of ApplyOnnxModel's input: a stream's observation and its current state.</summary>
    public sealed class StreamRow
    {
        [ColumnName("obs")] public float[] Obs { get; set; } = [];
        [ColumnName("state_h1")] public float[] StateH1 { get; set; } = [];
        [ColumnName("state_h2")] public float[] StateH2 { get; set; } = [];
    }

    [TestMethod]
    public void ExportedFileRunsInAnMlNetPipelineWithStateColumnsAndSurvivesSaveLoad()
    {
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", StateOptions(RecurrentArchitecture.LinearRtu))
            .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(300)));
        const int streams = 4, steps = 60, units = 4;
        var data = Streams(streams, steps);
        var expectedState = data.Select(rows => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "State")).ToArray();
        var expectedNext = data.Select(rows => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "Next")).ToArray();

        string path = TempPath("apply"), zip = Path.ChangeExtension(path, ".zip");
        transformer.ExportToOnnx(path);
        try
        {
            var definition = SchemaDefinition.Create(typeof(StreamRow));
            definition["obs"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
            definition["state_h1"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, units);
            definition["state_h2"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, units);
            // The service's state table: one row per stream, zeros at the start.
            var table = Enumerable.Range(0, streams).Select(_ => new StreamRow { StateH1 = new float[units], StateH2 = new float[units] }).ToArray();
            IDataView Step(int t)
            {
                for (int s = 0; s < streams; s++) table[s].Obs = data[s][t].Features;
                return Ml.Data.LoadFromEnumerable(table, definition);
            }

            ITransformer onnx = Ml.Transforms.ApplyOnnxModel(
                outputColumnNames: ["features", "prediction", "next_state_h1", "next_state_h2"],
                inputColumnNames: ["obs", "state_h1", "state_h2"], modelFile: path).Fit(Step(0));
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                var input = Step(t);
                if (t == steps / 2)
                {
                    // The pipeline is an ordinary ML.NET model: save, load, carry on.
                    Ml.Model.Save(onnx, input.Schema, zip);
                    (onnx as IDisposable)?.Dispose();
                    onnx = Ml.Model.Load(zip, out var schema);
                    Assert.IsNotNull(schema.GetColumnOrNull("obs"));
                }
                var output = onnx.Transform(input);
                var features = TestData.Column(output, "features");
                var prediction = TestData.Column(output, "prediction");
                var h1 = TestData.Column(output, "next_state_h1");
                var h2 = TestData.Column(output, "next_state_h2");
                for (int s = 0; s < streams; s++)
                {
                    worst = Math.Max(worst, MaxDiff(expectedState[s][t], features[s]));
                    worst = Math.Max(worst, MaxDiff(expectedNext[s][t], prediction[s]));
                    table[s].StateH1 = h1[s];
                    table[s].StateH2 = h2[s];
                }
            }
            (onnx as IDisposable)?.Dispose();
            TestContext.WriteLine($"ApplyOnnxModel: max |ApplyOnnxModel - C#| = {worst:E2} over {streams}x{steps} rows");
            Assert.IsLessThanOrEqualTo(Tolerance, worst, $"largest |C# − ApplyOnnxModel| over {steps} steps: {worst:E2}");
        }
        finally
        {
            File.Delete(path);
            File.Delete(zip);
        }
    }

    [TestMethod]
    public void ExportedForecasterRunsInAnMlNetPipelineForManySeriesAtOnce()
    {
        var options = TestData.SmallForecastOptions(); // Horizon 3, SeasonLength 12, one exogenous column
        options.StateColumnName = "State"; options.LearnDuringTransform = false; options.ResetStateOnTransform = true;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(300)));
        const int series = 3, steps = 80, units = 6;
        var data = Enumerable.Range(0, series).Select(s => TestData.Series(steps, seed: 30 + s)).ToArray();
        var expected = data.Select(rows => TestData.Column(transformer.Transform(Ml.Data.LoadFromEnumerable(rows)), "Forecast")).ToArray();

        string path = TempPath("apply-forecast");
        transformer.ExportToOnnx(path);
        try
        {
            var histories = Enumerable.Range(0, series).Select(_ => new RtuForecastObservations(transformer)).ToArray();
            int d = histories[0].ObservationSize;
            var definition = SchemaDefinition.Create(typeof(StreamRow));
            definition["obs"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
            definition["state_h1"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, units);
            definition["state_h2"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, units);
            var table = Enumerable.Range(0, series).Select(_ => new StreamRow { Obs = new float[d], StateH1 = new float[units], StateH2 = new float[units] }).ToArray();
            var onnx = Ml.Transforms.ApplyOnnxModel(["prediction", "next_state_h1", "next_state_h2"], ["obs", "state_h1", "state_h2"], path)
                .Fit(Ml.Data.LoadFromEnumerable(table, definition));
            var forecast = new float[3];
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                for (int s = 0; s < series; s++)
                {
                    var obs = new float[d];
                    histories[s].Next(data[s][t].Value, [data[s][t].Temperature], obs);
                    table[s].Obs = obs;
                }
                var output = onnx.Transform(Ml.Data.LoadFromEnumerable(table, definition));
                var prediction = TestData.Column(output, "prediction");
                var h1 = TestData.Column(output, "next_state_h1");
                var h2 = TestData.Column(output, "next_state_h2");
                for (int s = 0; s < series; s++)
                {
                    histories[s].ToForecast(prediction[s], forecast);
                    worst = Math.Max(worst, MaxDiff(expected[s][t], forecast));
                    table[s].StateH1 = h1[s];
                    table[s].StateH2 = h2[s];
                }
            }
            onnx.Dispose();
            TestContext.WriteLine($"forecaster via ApplyOnnxModel: max |ApplyOnnxModel - C#| = {worst:E2} over {series}x{steps} rows");
            Assert.IsLessThanOrEqualTo(Tolerance, worst, $"largest |C# − ApplyOnnxModel| forecast difference: {worst:E2}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ExportedFilesPassTheOnnxCheckerWithFullCheck()
    {
        const string python = "/usr/bin/python3";
        const string install = "The ONNX checker is not installed: run `apt-get install -y python3-onnx` (the test uses /usr/bin/python3).";
        if (!File.Exists(python)) Assert.Fail(install);
        var seasonal = TestData.SmallForecastOptions(); // Horizon 3, SeasonLength 12: the padded cell and seasonal inputs
        var paths = new[] { TempPath("check-state"), TempPath("check-features"), TempPath("check-forecast"), TempPath("check-intervals") };
        try
        {
            Ml.Transforms.RtuStateFeatures("State", "Features", StateOptions(RecurrentArchitecture.LinearRtu))
                .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(60))).ExportToOnnx(paths[0]);
            Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3, Architecture = RecurrentArchitecture.Gru })
                .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(60))).ExportToOnnx(paths[1]);
            var forecaster = Ml.Forecasting.ForecastByRtu(seasonal).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(60)));
            forecaster.ExportToOnnx(paths[2]);
            forecaster.ExportToOnnx(paths[3], includeIntervals: true);   // + interval_half_width_80/95
            var psi = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import sys, onnx\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\n    print('ok', p)");
            foreach (var p in paths) psi.ArgumentList.Add(p);
            using var process = System.Diagnostics.Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.IsTrue(process.WaitForExit(60_000), "the ONNX checker timed out");
            if (stderr.Result.Contains("No module named 'onnx'", StringComparison.Ordinal)) Assert.Fail(install);
            Assert.AreEqual(0, process.ExitCode, $"onnx.checker rejected a file:\n{stderr.Result}\n{stdout}");
            Assert.AreEqual(paths.Length, stdout.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)), stdout);
        }
        finally { foreach (var p in paths) File.Delete(p); }
    }

    [TestMethod]
    public void StateFeaturesWithoutPredictionExportOnlyTheFeatures()
    {
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 })
            .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(50)));
        var weights = transformer.ToOnnxWeights();
        Assert.IsNull(weights.Heads);
        Assert.IsTrue(weights.OutputFeatures);
        string path = TempPath("features-only");
        transformer.ExportToOnnx(path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            CollectionAssert.AreEqual(new[] { "features" }, runner.Outputs.Select(o => o.Name).ToArray());
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ExportingAnUnfittedForecasterIsRefused()
    {
        var options = TestData.SmallForecastOptions();
        options.SeasonLength = 1;
        var untrained = Ml.Forecasting.ForecastByRtu(options).Initialize(Ml.Data.LoadFromEnumerable(TestData.Series(10)).Schema);
        string path = TempPath("unfitted");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => untrained.ExportToOnnx(path));
        StringAssert.Contains(e.Message, "has not seen any values");
        Assert.IsFalse(File.Exists(path), "no file is written");
    }

    [TestMethod]
    public void ExportingToNoPathIsRefused()
    {
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 })
            .Fit(Ml.Data.LoadFromEnumerable(TestData.Features(20)));
        Assert.ThrowsExactly<ArgumentException>(() => transformer.ExportToOnnx(" "));
        Assert.ThrowsExactly<ArgumentNullException>(() => transformer.ExportToOnnx(null!));
    }

    [TestMethod]
    public void FittingOnNoRowsOrNoObservedValueIsRefused()
    {
        // Empty data gives nothing to train on or to export: Fit says so instead of returning an empty model.
        var e1 = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 })
            .Fit(Ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>())));
        StringAssert.Contains(e1.Message, "no rows");
        var e2 = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions())
            .Fit(Ml.Data.LoadFromEnumerable(Array.Empty<SeriesPoint>())));
        StringAssert.Contains(e2.Message, "no rows");
        StringAssert.Contains(e2.Message, "Initialize");
        var allMissing = TestData.Series(20).Select(p => new SeriesPoint { Value = float.NaN, Temperature = p.Temperature }).ToArray();
        var e3 = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions())
            .Fit(Ml.Data.LoadFromEnumerable(allMissing)));
        StringAssert.Contains(e3.Message, "no observed value of 'Value'");
    }

    [TestMethod]
    public void ObservationRowsOfTheWrongWidthAreRefused()
    {
        var options = TestData.SmallForecastOptions();
        options.SeasonLength = 1;
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(30)));
        var history = new RtuForecastObservations(transformer);
        var e = Assert.ThrowsExactly<ArgumentException>(() => history.Next(1f, [], new float[history.ObservationSize]));
        StringAssert.Contains(e.Message, "exogenous");
        e = Assert.ThrowsExactly<ArgumentException>(() => history.Next(1f, [0f], new float[history.ObservationSize + 1]));
        StringAssert.Contains(e.Message, "obs width");
    }

    [TestMethod]
    public void ObservationsOfAKeyedForecasterAreRefusedPointingToForKey()
    {
        // Found by the outside-in audit: a keyed transformer's Model is the untrained model a new key starts from, so
        // observations built from it silently used empty statistics; the export itself already refuses a keyed model.
        var options = TestData.SmallForecastOptions();
        options.SeriesKeyColumnName = "Sensor";
        var rows = TestData.Series(60).Select(r => new KeyedPoint { Sensor = "a", Value = r.Value, Temperature = r.Temperature });
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(rows));
        var e = Assert.ThrowsExactly<NotSupportedException>(() => new RtuForecastObservations(transformer));
        StringAssert.Contains(e.Message, "ForKey");
        Assert.AreEqual(transformer.ForKey("a").GetModel().Horizon, new RtuForecastObservations(transformer.ForKey("a")).Horizon);
    }

    private static double MaxDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        double m = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) || float.IsNaN(actual[i]))
            {
                Assert.AreEqual(float.IsNaN(expected[i]), float.IsNaN(actual[i]), $"NaN at {i}: expected {expected[i]}, got {actual[i]}");
                continue;
            }
            m = Math.Max(m, Math.Abs(expected[i] - actual[i]));
        }
        return m;
    }
}
