using Microsoft.ML;
using Rtu.MLNet.Tests.Control;
using Rtu.Onnx;
using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;

namespace Rtu.MLNet.Tests;

/// <summary>
/// README.md's "Control and TD prediction in ML.NET" and "Serving with ONNX" examples, kept compiling: each appears
/// below line by line in its order (two README lines once failed to compile, found by an outside-in audit: an
/// ambiguous <c>Progress(Console.WriteLine)</c> and a misspelt <c>RecurrentModelWeights</c> parameter). The serving
/// example also runs; the control one trains PPO for 120 iterations (seconds), so it is compiled, not run.
/// </summary>
[TestClass]
public sealed class ReadmeControlAndOnnxServingTests
{
    [TestMethod]
    public void TheControlExampleIsTheCodeBelow() =>
        ReadmeSnippet.AssertIsIn("## Control and TD prediction in ML.NET", "ReadmeControlAndOnnxServingTests.cs",
            "// --- README: control ---", "// --- end of the README control example ---");

    [TestMethod]
    public void TheOnnxServingExampleIsTheCodeBelow() =>
        ReadmeSnippet.AssertIsIn("## Serving with ONNX", "ReadmeControlAndOnnxServingTests.cs",
            "// --- README: serving with ONNX ---", "// --- end of the README serving example ---");

    [TestMethod]
    public void TheOnnxServingExampleRuns()
    {
        var layer = RecurrentLayerFactory.Create<float>(8, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = 4 }, 1, new Rng(1));
        var head = new DenseLayer<float>(layer.OutputSize, 1, Rtu.Trainers.Numerics.Activation.Identity, new Rng(2));
        float[] observations = new float[1024 * 8];
        string work = Path.Combine(Path.GetTempPath(), $"rtu-readme-serving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = work;
        try
        {
            // --- README: serving with ONNX ---
            var model = new RecurrentModelWeights(ObservationSize: 8,
                InputMlp: null,                                   // or TrainedModelExport.FromMlp(mlp)
                Cell: TrainedModelExport.FromLayer(layer),        // any trained IRecurrentLayer<float>
                Heads: new PredictionHeadWeights(new MlpWeights([TrainedModelExport.FromDense(head)])));
            OnnxExporter.Export(model, "predictor.onnx");         // temp file + rename: a failed export keeps the old file

            using var runner = new OnnxRecurrentRunner("predictor.onnx", streamCount: 1024);
            Console.WriteLine(runner.ExecutionProvider);          // "CUDAExecutionProvider" with the GPU package and a GPU, else "CPUExecutionProvider"
            runner.Step(observations);                            // obs [1024 × 8]; state is kept per stream inside the runner
            ReadOnlySpan<float> prediction = runner.Output("prediction");
            runner.Reset(stream: 17);                             // an episode boundary for one stream
            // --- end of the README serving example ---

            Assert.AreEqual(1024, prediction.Length);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Directory.Delete(work, recursive: true);
        }
    }

    // Compiled, never called: the README's control example against today's public API.
    private static void ControlExample(MLContext ml, IDataView loggedObservations, float[] observation, float reward, bool done,
        IDataView history, IDataView recent, CancellationToken ct)
    {
        // --- README: control ---
        // Your environment: IEnvironment (docs/ENVIRONMENTS.md); TrainPpo validates it (NaN/∞, sizes → EnvironmentValidationException).
        RtuPolicyTransformer policy = ml.Control().TrainPpo(seed => new Thermostat(seed),
            new RtuPolicyOptions { Iterations = 120, KeyColumnName = "Room", EpisodeStartColumnName = "EpisodeStart" },
            progress: new Progress<RtuPolicyProgress>(p => Console.WriteLine(p)), cancellationToken: ct);

        // A transformer: Observation (+ Room, EpisodeStart) → Action (UInt32, or float[] clipped to the action box),
        // Probabilities (or the unclipped Mean), Value (in training's normalised reward units); each key's state carried row to row.
        IDataView decisions = policy.Transform(loggedObservations);
        ml.Model.SaveRtu(policy, loggedObservations.Schema, "policy.zip");
        policy.ExportToOnnx("policy.onnx");                                // the same numbers (1e-5) on ONNX Runtime

        // Serving: keyed, thread-safe; with learn: true each key fine-tunes by PPO from its own rewards (never NaN).
        RtuPolicyEngine engine = policy.CreateStreamingEngine(learn: true);
        RtuPolicyStep step = engine.Act("room-7", observation);
        engine.Reward("room-7", reward, done);
        engine.Checkpoint("agents.ckpt");                                  // atomic; Restore continues bit for bit

        // TD prediction: the discounted sum of a future signal, c(t+1) + γ c(t+2) + …, learned online; scored by MSRE.
        var options = new RtuDiscountedSumOptions { FeaturesColumnName = "Weather", SignalColumnName = "Rain", Gamma = 0.9 };
        var scored = ml.Transforms.PredictDiscountedSum(options).Fit(history).Transform(recent);
        RtuDiscountedSumMetrics msre = RtuDiscountedSum.Evaluate(scored, options);
        // --- end of the README control example ---
        GC.KeepAlive((decisions, step, msre));
    }

    // The README's "your environment": any IEnvironment; the tests' Chase stands in for it.
    private sealed class Thermostat(ulong seed) : IEnvironment
    {
        private readonly Chase _inner = new(seed);
        public string Name => "Thermostat";
        public int ObservationSize => _inner.ObservationSize;
        public ActionSpace ActionSpace => _inner.ActionSpace;
        public void Reset(Span<float> observation) => _inner.Reset(observation);
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => _inner.Step(action, observation);
        public void Dispose() => _inner.Dispose();
    }
}
