using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Tests.Cells.GatedRtu;

/// <summary>What the gated RTU's definition adds to the registry-driven checks (CellRegistryTests): its gate scale and feedback bound.</summary>
[TestClass]
public sealed class GatedRtuCellTests
{
    private const int D = 4, N = 5;

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void TheGateScaleTravelsAsASettingAndScalesTheGraphsDecayConstants(LearningRule rule)
    {
        var options = new GatedRtuOptions { Units = N, GateScale = 3.7, FeedbackLimit = 0.9, DecayFeedbackInit = 0, Activation = Activation.Tanh, OpenUnitShare = 0 };
        IRecurrentLayer<float> layer = rule == LearningRule.Rtrl
            ? new GatedRtuLayer<float>(D, options, 1, new Rng(1))
            : new TruncatedBpttLayer<float>(new GatedRtuCore<float>(D, options, new Rng(1)), 4, 1);
        var cell = CellRegistry.Describe(layer);
        Assert.AreSame(GatedRtuCell.Instance, cell.Definition);
        Assert.AreEqual(3.7, cell.Setting(GatedRtuCell.GateScale));
        Assert.AreEqual(3.7, cell.WithIgnoredInputs(2).Setting(GatedRtuCell.GateScale), "padding keeps the setting");
        Assert.IsTrue(cell.Definition.Metadata(cell).Contains(new KeyValuePair<string, string>("gate_scale", "3.7")));
        Assert.AreEqual(0.9, cell.WithIgnoredInputs(2).Setting(GatedRtuCell.FeedbackLimit), "padding keeps the feedback bound");
        Assert.IsTrue(cell.Definition.Metadata(cell).Contains(new KeyValuePair<string, string>("feedback_limit", "0.9")));
        var rng = new Rng(5);
        foreach (var name in new[] { P.Pa, P.Pi })
        {
            var raw = layer.Parameters.Value(name);
            for (int k = 0; k < N; k++) raw[k] = (float)(2 * rng.NextGaussian());
        }
        cell = CellRegistry.Describe(layer);

        var graph = new RecordingCellGraph();
        cell.Definition.Emit(graph, cell, "x");
        var nuLog = layer.Parameters.Value(P.NuLog);
        var thetaLog = layer.Parameters.Value(P.ThetaLog);
        for (int k = 0; k < N; k++)
        {
            Assert.AreEqual((float)(3.7 * Math.Exp(nuLog[k])), graph.Constants["grtu/c_nu"].Values[k], $"c·ν[{k}]");
            Assert.AreEqual((float)(3.7 * Math.Exp(thetaLog[k])), graph.Constants["grtu/c_theta"].Values[k], $"c·θ[{k}]");
            // The graph holds the bounded weights the cell uses, p = p_max·tanh(p_raw), not the raw parameters.
            Assert.AreEqual((float)(0.9 * Math.Tanh(layer.Parameters.Value(P.Pa)[k])), graph.Constants["grtu/pa"].Values[k], $"p_a[{k}]");
            Assert.AreEqual((float)(0.9 * Math.Tanh(layer.Parameters.Value(P.Pi)[k])), graph.Constants["grtu/pi"].Values[k], $"p_i[{k}]");
            Assert.IsLessThan(0.9f, Math.Abs(graph.Constants["grtu/pa"].Values[k]));
        }
    }

    [TestMethod]
    public void ADescriptionWithoutAPositiveFiniteGateScaleIsRefusedByName()
    {
        var layer = new GatedRtuLayer<float>(D, new GatedRtuOptions { Units = N }, 1, new Rng(2));
        var cell = CellRegistry.Describe(layer);
        var none = new CellExport(GatedRtuCell.Instance, D, N, 2 * N, Activation.Relu, layer.Parameters);
        var zero = new CellExport(GatedRtuCell.Instance, D, N, 2 * N, Activation.Relu, layer.Parameters, new Dictionary<string, double> { [GatedRtuCell.GateScale] = 0 });
        var nan = new CellExport(GatedRtuCell.Instance, D, N, 2 * N, Activation.Relu, layer.Parameters, new Dictionary<string, double> { [GatedRtuCell.GateScale] = double.NaN });
        foreach (var bad in new[] { none, zero, nan })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => GatedRtuCell.Instance.Emit(new RecordingCellGraph(), bad, "x"));
            StringAssert.Contains(e.Message, "gate_scale");
        }
        var noLimit = new CellExport(GatedRtuCell.Instance, D, N, 2 * N, Activation.Relu, layer.Parameters, new Dictionary<string, double> { [GatedRtuCell.GateScale] = 8 });
        var badLimit = new CellExport(GatedRtuCell.Instance, D, N, 2 * N, Activation.Relu, layer.Parameters,
            new Dictionary<string, double> { [GatedRtuCell.GateScale] = 8, [GatedRtuCell.FeedbackLimit] = -1 });
        foreach (var bad in new[] { noLimit, badLimit })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => GatedRtuCell.Instance.Emit(new RecordingCellGraph(), bad, "x"));
            StringAssert.Contains(e.Message, "feedback_limit");
        }
        var graph = new RecordingCellGraph();
        Assert.IsTrue(graph.Has(GatedRtuCell.Instance.Emit(graph, cell, "x")), "the layer's own description emits");
    }
}
