using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;

namespace Rtu.Onnx.Tests;

/// <summary>
/// Frozen prediction intervals (<see cref="PredictionIntervalWeights"/>): one <c>interval_half_width_*</c> output per
/// level, the half-widths broadcast to every stream (NaN kept), the rest of the graph unchanged, bad records refused.
/// </summary>
[TestClass]
public sealed class PredictionIntervalExportTests
{
    private static readonly float[] Half80 = [0.5f, 1.25f, float.NaN];
    private static readonly float[] Half95 = [0.75f, 2f, float.NaN];

    private static RecurrentModelWeights Model(bool mlp) => ModelFactory.Create(Arch.LinearRtuRelu, Head.Prediction, mlp, seed: 77);

    private static RecurrentModelWeights WithIntervals(RecurrentModelWeights model) =>
        model with { PredictionIntervals = [new PredictionIntervalWeights(0.8, Half80), new PredictionIntervalWeights(0.95, Half95)] };

    [TestMethod]
    public void TheNamesCarryTheLevelInPercent()
    {
        Assert.AreEqual("interval_half_width_80", OnnxNames.IntervalHalfWidth(0.8));
        Assert.AreEqual("interval_half_width_95", OnnxNames.IntervalHalfWidth(0.95));
        Assert.AreEqual("interval_half_width_97_5", OnnxNames.IntervalHalfWidth(0.975));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void EveryStreamGetsTheHalfWidthsAndThePredictionIsUnchanged(bool mlp)
    {
        const int streams = 3, steps = 20;
        string plain = TestFiles.PathFor($"intervals-plain-{mlp}.onnx"), withIntervals = TestFiles.PathFor($"intervals-{mlp}.onnx");
        OnnxExporter.Export(Model(mlp), plain);
        OnnxExporter.Export(WithIntervals(Model(mlp)), withIntervals);
        using var a = new OnnxRecurrentRunner(plain, streams, new OnnxRunnerOptions { PreferCuda = false });
        using var b = new OnnxRecurrentRunner(withIntervals, streams, new OnnxRunnerOptions { PreferCuda = false });
        CollectionAssert.AreEqual(new[] { "prediction", "interval_half_width_80", "interval_half_width_95" }, b.Outputs.Select(o => o.Name).ToArray());
        Assert.AreEqual("0.8,0.95", b.Metadata["interval_levels"]);
        StringAssert.Contains(b.Metadata["output.interval_half_width_95"], "95 % prediction interval");
        var rng = new Random(5);
        var obs = new float[streams * ModelFactory.ObsSize];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < obs.Length; i++) obs[i] = (float)(rng.NextDouble() * 2 - 1);
            a.Step(obs);
            b.Step(obs);
            CollectionAssert.AreEqual(a.Output("prediction").ToArray(), b.Output("prediction").ToArray(), $"step {t}: the intervals leave the prediction alone");
            for (int s = 0; s < streams; s++)
            {
                CollectionAssert.AreEqual(Half80, b.Output("interval_half_width_80").Slice(s * 3, 3).ToArray(), $"step {t}, stream {s}");
                CollectionAssert.AreEqual(Half95, b.Output("interval_half_width_95").Slice(s * 3, 3).ToArray(), $"step {t}, stream {s}");
            }
        }
    }

    [TestMethod]
    public void AGraphWithIntervalsPassesTheOnnxChecker()
    {
        string path = TestFiles.PathFor("intervals-checker.onnx");
        OnnxExporter.Export(WithIntervals(Model(mlp: true)), path);
        var (code, stdout, stderr) = OnnxCheckerTests.RunPython([path]);
        Assert.AreEqual(0, code, $"onnx.checker rejected the file:\n{stderr}\n{stdout}");
        StringAssert.Contains(stdout, "ok ");
    }

    [TestMethod]
    public void BadIntervalRecordsAreRefusedWithTheirReason()
    {
        var model = Model(mlp: false);
        void Refused(IReadOnlyList<PredictionIntervalWeights> intervals, string reason, RecurrentModelWeights? onto = null)
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ToBytes((onto ?? model) with { PredictionIntervals = intervals }));
            StringAssert.Contains(e.Message, reason);
        }
        Refused([new PredictionIntervalWeights(0.8, [1f, 2f])], "expected 3 half-widths");
        Refused([new PredictionIntervalWeights(0.8, [1f, -2f, 3f])], "≥ 0");
        Refused([new PredictionIntervalWeights(0.8, [1f, float.PositiveInfinity, 3f])], "finite");
        Refused([new PredictionIntervalWeights(1.0, [1f, 2f, 3f])], "(0, 1)");
        Refused([new PredictionIntervalWeights(0.8, [1f, 2f, 3f]), new PredictionIntervalWeights(0.8, [1f, 2f, 3f])], "interval_half_width_80");
        Refused([new PredictionIntervalWeights(0.8, [1f, 2f, 3f])], "prediction head",
            ModelFactory.Create(Arch.LinearRtuRelu, Head.Discrete, false, seed: 77));
    }
}
