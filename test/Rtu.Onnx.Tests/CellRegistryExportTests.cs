using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Onnx.Tests;

/// <summary>Every registered cell kind, exported by its definition and run on ONNX Runtime, steps as its C# layer does.</summary>
[TestClass]
public sealed class CellRegistryExportTests
{
    public static IEnumerable<object[]> Layers() =>
        from def in CellRegistry.All
        from rule in def.SupportsRtrl ? new[] { LearningRule.Rtrl, LearningRule.Tbptt } : [LearningRule.Tbptt]
        select new object[] { def.Architecture, rule };

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void EveryRegisteredCellRoundTripsThroughOnnx(RecurrentArchitecture arch, LearningRule rule)
    {
        const int d = 4, streams = 2, steps = 60;
        var definition = CellRegistry.Get(arch);
        var layer = RecurrentLayerFactory.Create<float>(d, new RecurrentLayerOptions { Architecture = arch, LearningRule = rule, Units = 5, Truncation = 3, RMax = 0.97, Activation = Rtu.Trainers.Numerics.Activation.Tanh }, streams, new Rng(8));
        var cell = TrainedModelExport.FromLayer(layer);
        Assert.AreEqual(definition.Name, cell.Architecture);
        var model = new RecurrentModelWeights(d, null, cell, null) { OutputFeatures = true };
        string path = Path.Combine(Path.GetTempPath(), $"registry-{arch}-{rule}-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            Assert.AreEqual(definition.Name, runner.Metadata["architecture"]);
            var states = definition.States(CellRegistry.Describe(layer));
            CollectionAssert.AreEqual(states.Select(s => OnnxNames.State(s.Suffix)).ToArray(), runner.States.Select(s => s.Name).ToArray(), "state tensors");
            var rng = new Rng(9);
            var x = new float[streams * d];
            var y = new float[streams * layer.OutputSize];
            var carry = new float[layer.CarrySize];
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                layer.Step(x, y);
                runner.Step(x);
                var features = runner.Output(OnnxNames.Features);
                for (int i = 0; i < y.Length; i++) worst = Math.Max(worst, Math.Abs(y[i] - features[i]));
                int offset = 0;
                foreach (var s in states)
                {
                    var onnx = runner.State(OnnxNames.State(s.Suffix));
                    for (int b = 0; b < streams; b++)
                    {
                        layer.CopyCarry(b, carry);
                        for (int k = 0; k < s.Width; k++) worst = Math.Max(worst, Math.Abs(carry[offset + k] - onnx[b * s.Width + k]));
                    }
                    offset += s.Width;
                }
            }
            Assert.IsLessThanOrEqualTo(1e-5, worst, $"{layer.Description}: worst |C# − ONNX| = {worst:E2}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void RtuNearUnitModulusMatchesTheCSharpForwardPass()
    {
        // |λ| → 1 (ν_log from −30 to −8, reachable with the default RMax = 1): 1 − r² cancels in float64 unless computed
        // as the trainer does. The exported η is the trained one, so the state agrees to float32 rounding.
        const int d = 3, n = 16, steps = 200;
        var layer = RecurrentLayerFactory.Create<float>(d, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = n, Activation = Rtu.Trainers.Numerics.Activation.Identity }, 1, new Rng(3));
        var nuLog = layer.Parameters.Value(RtuParameters.NuLog);
        for (int k = 0; k < n; k++) nuLog[k] = -30f + 22f * k / (n - 1);
        var model = new RecurrentModelWeights(d, null, TrainedModelExport.FromLayer(layer), null) { OutputFeatures = true };
        string path = Path.Combine(Path.GetTempPath(), $"rtu-near-unit-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            var rng = new Rng(4);
            var x = new float[d];
            var y = new float[2 * n];
            var carry = new float[layer.CarrySize];
            // Per state entry: the largest |C# − ONNX| over the run relative to the largest |h| (h crosses zero, so a
            // pointwise relative difference would measure cancellation, not η).
            var diff = new double[2 * n];
            var scale = new double[2 * n];
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < d; i++) x[i] = (float)rng.NextGaussian();
                layer.Step(x, y);
                runner.Step(x);
                layer.CopyCarry(0, carry);
                var h1 = runner.State("state_h1");
                var h2 = runner.State("state_h2");
                for (int k = 0; k < 2 * n; k++)
                {
                    float onnx = k < n ? h1[k] : h2[k - n];
                    diff[k] = Math.Max(diff[k], Math.Abs(carry[k] - onnx));
                    scale[k] = Math.Max(scale[k], Math.Abs(carry[k]));
                }
            }
            double worst = diff.Zip(scale, (a, b) => a / b).Max();
            Console.WriteLine($"RTU with |lambda| -> 1: max relative |C# - ONNX| of the state over {steps} steps = {worst:E3}");
            Assert.IsLessThanOrEqualTo(1e-5, worst, $"max relative |C# − ONNX| state difference {worst:E2}");
        }
        finally { File.Delete(path); }
    }
}
