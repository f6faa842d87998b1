using Google.Protobuf;
using Rtu.Onnx.Export;
using Rtu.Onnx.Graph;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;

namespace Rtu.Onnx.Tests;

/// <summary>Every operation of <see cref="ICellGraph"/>, written by <see cref="OnnxCellGraph"/> and run on ONNX Runtime, computes what its name says.</summary>
[TestClass]
public sealed class OnnxCellGraphTests
{
    [TestMethod]
    public void EveryCellOperationMatchesItsDefinition()
    {
        const int streams = 2;
        var b = new OnnxGraphBuilder("ops");
        var ctx = new ExportContext(b);
        b.AddInput(OnnxNames.Observation, new long?[] { null, 3 });
        ICellGraph g = new OnnxCellGraph(ctx);
        string x = OnnxNames.Observation;
        string s = g.State("s", 3, "test state");
        string w = g.Constant("w", [1f, 2f, -1f, 0.5f, 0f, 3f], 3, 2);       // [3, 2]
        string c = g.Constant("c", [0.5f, -2f, 1f], 3);
        string[] outs =
        [
            g.MatMul("mm", x, w),                                                // [N,2]
            g.Add("add", x, c), g.Sub("sub", x, s), g.Mul("mul", x, c),
            g.Apply(CellOp.Neg, "neg", x), g.Apply(CellOp.Exp, "exp", x),
            g.Apply(CellOp.Sqrt, "sqrt", g.Apply(CellOp.Exp, "exp2", x)),
            g.Apply(CellOp.Sigmoid, "sig", x), g.Apply(CellOp.Tanh, "tanh", x), g.Apply(CellOp.Relu, "relu", x),
            g.Slice("slice", x, 1, 2),                                           // [N,2]
            g.Apply(CellOp.Log, "log", g.Apply(CellOp.Exp, "exp3", x)),     // log e^x = x
            g.Apply(CellOp.Cos, "cos", x), g.Apply(CellOp.Sin, "sin", x),
            g.Apply(CellOp.Where, "where", g.Apply(CellOp.Less, "less", x, c), x, c), // min(x, c)
        ];
        string all = g.Concat("all", outs);
        g.Apply(CellOp.Identity, g.NextStateName("s"), g.Add("s_plus_x", s, x));
        b.Op("Identity", OnnxNames.Prediction, all);
        int width = 2 + 9 * 3 + 2 + 4 * 3;
        ctx.DeclareOutput(OnnxNames.Prediction, new long?[] { null, width }, "all ops");
        ctx.Finish();
        string path = Path.Combine(Path.GetTempPath(), $"cell-ops-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, b.Build().ToByteArray());
        try
        {
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            float[] obs = [0.3f, -1.2f, 2f, -0.7f, 0.1f, 1.5f];
            runner.Step(obs);   // state was 0
            runner.Step(obs);   // state = obs
            var got = runner.Output(OnnxNames.Prediction).ToArray();
            for (int r = 0; r < streams; r++)
            {
                var xr = obs.AsSpan(r * 3, 3).ToArray().Select(v => (double)v).ToArray();
                double[] cs = [0.5, -2, 1];
                var expected = new List<double>
                {
                    xr[0] * 1 + xr[1] * -1 + xr[2] * 0, xr[0] * 2 + xr[1] * 0.5 + xr[2] * 3,
                };
                expected.AddRange(xr.Select((v, i) => v + cs[i]));
                expected.AddRange(xr.Select(v => 0.0));                            // x − state, state = x
                expected.AddRange(xr.Select((v, i) => v * cs[i]));
                expected.AddRange(xr.Select(v => -v));
                expected.AddRange(xr.Select(Math.Exp));
                expected.AddRange(xr.Select(v => Math.Sqrt(Math.Exp(v))));
                expected.AddRange(xr.Select(v => 1 / (1 + Math.Exp(-v))));
                expected.AddRange(xr.Select(Math.Tanh));
                expected.AddRange(xr.Select(v => Math.Max(v, 0)));
                expected.AddRange(xr[1..3]);
                expected.AddRange(xr);
                expected.AddRange(xr.Select(Math.Cos));
                expected.AddRange(xr.Select(Math.Sin));
                expected.AddRange(xr.Select((v, i) => Math.Min(v, cs[i])));
                for (int i = 0; i < width; i++)
                    Assert.AreEqual(expected[i], got[r * width + i], 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"stream {r}, column {i}");
                var next = runner.State("state_s").ToArray();
                for (int i = 0; i < 3; i++) Assert.AreEqual(2 * xr[i], next[r * 3 + i], 1e-6, "next state = state + x");
            }
        }
        finally { File.Delete(path); }
    }
}
