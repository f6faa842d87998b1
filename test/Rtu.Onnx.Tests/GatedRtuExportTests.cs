using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

namespace Rtu.Onnx.Tests;

/// <summary>
/// The gated RTU, trained a little in C#, exported and run on ONNX Runtime. Its gates read the state's energy, so after
/// training the recurrence can be locally expansive: float32 rounding differences (C# evaluates a step in float64 and
/// rounds, the graph in float32) then grow along a long free run. The graph is therefore checked one step at a time from
/// the same state (the C# layer is put on ONNX's state before each step), and free-running over a shorter stream.
/// </summary>
[TestClass]
public sealed class GatedRtuExportTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Relu)]
    [DataRow(LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Tanh)]
    [DataRow(LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Identity)]
    [DataRow(LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Relu, true), DataRow(LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Tanh, true)]
    [DataRow(LearningRule.Rtrl, Rtu.Trainers.Numerics.Activation.Relu, false, 0.5), DataRow(LearningRule.Tbptt, Rtu.Trainers.Numerics.Activation.Tanh, false, 0.3)]
    public void ExportedGatedRtuMatchesTheCSharpForwardPass(LearningRule rule, Rtu.Trainers.Numerics.Activation f, bool version2 = false, double open = 0)
    {
        // version2: parameters with the meaning of layout gated_rtu_v2 (as read from an old file): the graph's phase
        // gate must follow them. open: the share of open units (version 4), whose gates the graph must hold at 1.
        const int d = 5, streams = 3, n = 6;
        var rng = new Rng(17);
        var input = new Mlp<float>(d, [8], null, Rtu.Trainers.Numerics.Activation.Tanh, Rtu.Trainers.Numerics.Activation.Tanh, streams, rng.Fork(), name: "input");
        var gated = new Rtu.Trainers.Cells.GatedRtu.GatedRtuOptions { Units = n, Activation = f, RMax = 0.97, OpenUnitShare = open };
        var layer = open == 0
            ? RecurrentLayerFactory.Create<float>(8, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, LearningRule = rule, Units = n, Activation = f, Truncation = 3, RMax = 0.97 }, streams, rng.Fork())
            : rule == LearningRule.Rtrl ? new Rtu.Trainers.Cells.GatedRtu.GatedRtuLayer<float>(8, gated, streams, rng.Fork())
            : new TruncatedBpttLayer<float>(new Rtu.Trainers.Cells.GatedRtu.GatedRtuCore<float>(8, gated, rng.Fork()), 3, streams);
        if (version2) layer.Parameters.UseLayout(Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters.LayoutNameV2);
        var head = new Mlp<float>(layer.OutputSize, [], 2, Rtu.Trainers.Numerics.Activation.Identity, Rtu.Trainers.Numerics.Activation.Identity, streams, rng.Fork(), name: "head");
        var x = new float[streams * d]; var z = new float[streams * 8]; var y = new float[streams * layer.OutputSize]; var p = new float[streams * 2];
        // 3e-3: the feedback weights p = p_max·tanh(p_raw) move up to p_max times as far per Adam step as the other
        // weights; with p_max = 8, 30 steps at 1e-2 made the ReLU cell expansive enough for rounding to grow to 1.5e-4 over
        // the free run (one step from the same state still agreed to 7e-7).
        var opt = new Adam<float>([.. input.Parameters, layer.Parameters, .. head.Parameters], 3e-3);
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
        Assert.IsFalse(layer.Parameters.Value(Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters.Pa).ToArray().All(v => v == 0), "the state-feedback weights must be trained, not 0");

        var model = new RecurrentModelWeights(d, TrainedModelExport.FromMlp(input), TrainedModelExport.FromLayer(layer),
            new PredictionHeadWeights(TrainedModelExport.FromMlp(head)!));
        Assert.AreEqual("gated_rtu", model.Cell.Architecture);
        Assert.AreEqual(version2 ? 1.0 : 0.0, Rtu.Trainers.Cells.GatedRtu.GatedRtuCell.Instance.Describe(layer)!.Settings[Rtu.Trainers.Cells.GatedRtu.GatedRtuCell.PhaseReadsState]);
        Assert.AreEqual(version2 ? 0 : open > 0 ? Math.Ceiling(open * n) : new Rtu.Trainers.Cells.GatedRtu.GatedRtuOptions().OpenUnits(n), Rtu.Trainers.Cells.GatedRtu.GatedRtuCell.Instance.Describe(layer)!.Settings[Rtu.Trainers.Cells.GatedRtu.GatedRtuCell.OpenUnits]);
        string path = Path.Combine(Path.GetTempPath(), $"gated-{rule}-{f}-{version2}-{open}-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            CollectionAssert.AreEqual(new[] { "state_h1", "state_h2" }, runner.States.Select(s => s.Name).ToArray());
            var carry = new float[layer.CarrySize];
            double worstStep = 0, worstFree = 0;
            for (int t = 0; t < 1000; t++)
            {
                bool free = t < 200; // free-running first, then one step at a time from ONNX's state
                if (t is 100 or 650) { layer.ResetStream(t % streams); runner.Reset(t % streams); }
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                if (!free)
                    for (int s = 0; s < streams; s++)
                    {
                        // Put the C# layer on ONNX's state (keeping its traces).
                        layer.CopyCarry(s, carry);
                        runner.State("state_h1").Slice(s * n, n).CopyTo(carry.AsSpan(0, n));
                        runner.State("state_h2").Slice(s * n, n).CopyTo(carry.AsSpan(n, n));
                        layer.LoadCarry(s, carry);
                    }
                input.Forward(x, z); layer.Step(z, y); head.Forward(y, p);
                runner.Step(x);
                double worst = 0;
                var onnxPrediction = runner.Output("prediction");
                for (int i = 0; i < p.Length; i++) worst = Math.Max(worst, Math.Abs(p[i] - onnxPrediction[i]));
                for (int s = 0; s < streams; s++)
                {
                    layer.CopyCarry(s, carry);
                    for (int k = 0; k < n; k++)
                    {
                        worst = Math.Max(worst, Math.Abs(carry[k] - runner.State("state_h1")[s * n + k]));
                        worst = Math.Max(worst, Math.Abs(carry[n + k] - runner.State("state_h2")[s * n + k]));
                    }
                }
                if (free) worstFree = Math.Max(worstFree, worst); else worstStep = Math.Max(worstStep, worst);
            }
            TestContext.WriteLine($"{layer.Description}: worst |C# − ONNX| free-running (200 steps) {worstFree:E2}, per step (800 steps) {worstStep:E2}");
            Assert.IsLessThanOrEqualTo(1e-5, worstFree, $"{layer.Description}: free-running worst |C# − ONNX| = {worstFree:E2}");
            Assert.IsLessThanOrEqualTo(1e-5, worstStep, $"{layer.Description}: one-step worst |C# − ONNX| = {worstStep:E2}");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ExportedGatedRtuPassesTheOnnxCheckerWithFullCheck()
    {
        var layer = RecurrentLayerFactory.Create<float>(5, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, Units = 4, Activation = Rtu.Trainers.Numerics.Activation.Tanh }, 1, new Rng(3));
        var head = new Mlp<float>(layer.OutputSize, [], 2, Rtu.Trainers.Numerics.Activation.Identity, Rtu.Trainers.Numerics.Activation.Identity, 1, new Rng(4), name: "head");
        var model = new RecurrentModelWeights(5, null, TrainedModelExport.FromLayer(layer), new PredictionHeadWeights(TrainedModelExport.FromMlp(head)!));
        string path = Path.Combine(Path.GetTempPath(), $"gated-checker-{Environment.ProcessId}.onnx");
        OnnxExporter.Export(model, path);
        try
        {
            var (code, stdout, stderr) = OnnxCheckerTests.RunPython([path]);
            Assert.AreEqual(0, code, $"onnx.checker rejected the gated RTU graph:\n{stderr}\n{stdout}");
            StringAssert.StartsWith(stdout, "ok ");
        }
        finally { File.Delete(path); }
    }
}
