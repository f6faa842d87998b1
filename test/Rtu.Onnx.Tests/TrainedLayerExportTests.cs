using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

namespace Rtu.Onnx.Tests;

/// <summary>Layers of Rtu.Trainers, trained a little, exported and run on ONNX Runtime: same outputs and states as C#.</summary>
[TestClass]
public sealed class TrainedLayerExportTests
{
    public static IEnumerable<object[]> Architectures()
    {
        yield return [RecurrentArchitecture.LinearRtu, LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Relu];
        yield return [RecurrentArchitecture.LinearRtu, LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Tanh];
        yield return [RecurrentArchitecture.NonLinearRtu, LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Tanh];
        yield return [RecurrentArchitecture.NonLinearRtu, LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Relu];
        yield return [RecurrentArchitecture.Lru, LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Relu];
        yield return [RecurrentArchitecture.Lru, LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Identity];
        yield return [RecurrentArchitecture.Gru, LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Relu];
        yield return [RecurrentArchitecture.Memoryless, LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Tanh];
        // The gated RTU: GatedRtuExportTests (one step from the same state, and a shorter free run).
    }

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void ExportedTrainedModelMatchesTheCSharpForwardPass(RecurrentArchitecture arch, LearningRule rule, Rtu.Trainers.Numerics.Activation f)
    {
        const int d = 5, streams = 3, steps = 1000;
        var rng = new Rng(17);
        var input = new Mlp<float>(d, [8], null, Rtu.Trainers.Numerics.Activation.Tanh, Rtu.Trainers.Numerics.Activation.Tanh, streams, rng.Fork(), name: "input");
        var layer = RecurrentLayerFactory.Create<float>(8, new RecurrentLayerOptions { Architecture = arch, LearningRule = rule, Units = 6, Activation = f, Truncation = 3, RMax = 0.97 }, streams, rng.Fork());
        var head = new Mlp<float>(layer.OutputSize, [], 2, Rtu.Trainers.Numerics.Activation.Identity, Rtu.Trainers.Numerics.Activation.Identity, streams, rng.Fork(), name: "head");
        var x = new float[streams * d]; var z = new float[streams * 8]; var y = new float[streams * layer.OutputSize]; var p = new float[streams * 2];

        // A few online updates so the exported weights are trained ones, not the initialisation.
        var opt = new Adam<float>([.. input.Parameters, layer.Parameters, .. head.Parameters], 1e-2);
        var dz = new float[z.Length]; var dy = new float[y.Length];
        for (int t = 0; t < 30; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
            input.Forward(x, z); layer.Step(z, y); head.Forward(y, p);
            for (int i = 0; i < p.Length; i++) p[i] -= 1f;
            head.Backward(p, dy); layer.Backward(dy, dz); input.Backward(dz, default);
            opt.Step(); ParameterGroup.ZeroGradients([.. input.Parameters, layer.Parameters, .. head.Parameters]);
        }
        layer.ResetAllStreams();

        var model = new RecurrentModelWeights(d, TrainedModelExport.FromMlp(input), TrainedModelExport.FromLayer(layer),
            new PredictionHeadWeights(TrainedModelExport.FromMlp(head)!));
        string path = Path.Combine(Path.GetTempPath(), $"trained-{arch}-{rule}-{f}-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            var carry = new float[layer.CarrySize];
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                if (t is 300 or 650) { layer.ResetStream(t % streams); runner.Reset(t % streams); }
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                input.Forward(x, z); layer.Step(z, y); head.Forward(y, p);
                runner.Step(x);
                var onnxPrediction = runner.Output("prediction");
                for (int i = 0; i < p.Length; i++) worst = Math.Max(worst, Math.Abs(p[i] - onnxPrediction[i]));
                // The next state: the first entries of each stream's carry, split into the graph's state tensors.
                int offset = 0;
                foreach (var state in runner.States)
                {
                    var onnxState = runner.State(state.Name);
                    int width = onnxState.Length / streams;
                    for (int s = 0; s < streams; s++)
                    {
                        layer.CopyCarry(s, carry);
                        for (int k = 0; k < width; k++) worst = Math.Max(worst, Math.Abs(carry[offset + k] - onnxState[s * width + k]));
                    }
                    offset += width;
                }
            }
            Assert.IsLessThanOrEqualTo(1e-5, worst, $"{layer.Description}: worst |C# − ONNX| = {worst:E2}");
        }
        finally { File.Delete(path); }
    }
}
