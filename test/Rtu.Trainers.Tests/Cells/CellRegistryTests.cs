using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

[TestClass]
public sealed class CellRegistryTests
{
    private const int D = 5, Units = 3;

    public static IEnumerable<object[]> Layers() =>
        from def in CellRegistry.All
        from rule in def.SupportsRtrl ? new[] { LearningRule.Rtrl, LearningRule.Tbptt } : [LearningRule.Tbptt]
        select new object[] { def.Architecture, rule };

    private static IRecurrentLayer<float> Create(RecurrentArchitecture a, LearningRule rule, int batch = 1) =>
        RecurrentLayerFactory.Create<float>(D, new RecurrentLayerOptions { Architecture = a, LearningRule = rule, Units = Units, Truncation = 4, Activation = Activation.Tanh }, batch, new Rng(5));

    [TestMethod]
    public void EveryArchitectureIsRegisteredExactlyOnce()
    {
        foreach (var a in Enum.GetValues<RecurrentArchitecture>())
        {
            Assert.AreEqual(a, CellRegistry.Get(a).Architecture);
            Assert.AreEqual(1, CellRegistry.All.Count(d => d.Architecture == a), $"{a} registered more than once");
            Assert.AreSame(CellRegistry.Get(a), CellRegistry.Find(CellRegistry.Get(a).Name));
        }
        Assert.HasCount(Enum.GetValues<RecurrentArchitecture>().Length, CellRegistry.All);
        Assert.HasCount(CellRegistry.All.Count, CellRegistry.All.Select(d => d.Name).Distinct());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CellRegistry.Get((RecurrentArchitecture)99));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.Create<float>(D, new RecurrentLayerOptions { Architecture = (RecurrentArchitecture)99 }));
    }

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void DefinitionAgreesWithTheLayerItBuilds(RecurrentArchitecture a, LearningRule rule)
    {
        var def = CellRegistry.Get(a);
        var layer = Create(a, rule);
        Assert.AreEqual(def.ParameterCount(D, Units), (long)layer.Parameters.Count, "ParameterCount");
        Assert.AreEqual(def.OutputWidth(Units), layer.OutputSize, "OutputWidth");
        Assert.AreEqual(1, CellRegistry.All.Count(d => d.Describe(layer) is not null), "exactly one kind recognises the layer");
        var cell = CellRegistry.Describe(layer);
        Assert.AreSame(def, cell.Definition);
        Assert.AreEqual(D, cell.InputSize);
        Assert.AreEqual(layer.OutputSize, cell.OutputSize);
        CollectionAssert.AreEqual(layer.Parameters.Values, cell.Parameters.Values, "the description holds the layer's values");
        Assert.AreNotSame(layer.Parameters.Values, cell.Parameters.Values, "… as a copy");
        int stateWidth = def.States(cell).Sum(s => s.Width);
        Assert.IsLessThanOrEqualTo(layer.CarrySize, stateWidth, "the states are the start of the carry");
    }

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void EmittedStepDeclaresAndProducesEveryState(RecurrentArchitecture a, LearningRule rule)
    {
        var layer = Create(a, rule);
        var cell = CellRegistry.Describe(layer);
        var graph = new RecordingCellGraph();
        string y = cell.Definition.Emit(graph, cell, "x");
        Assert.IsTrue(graph.Has(y), "the output tensor is produced");
        CollectionAssert.AreEqual(cell.Definition.States(cell).ToArray(), graph.States.ToArray(), "declared states");
        foreach (var s in graph.States) Assert.IsTrue(graph.Has(graph.NextStateName(s.Suffix)), $"next state of {s.Suffix} is produced");
        Assert.IsTrue(graph.Nodes.Any(n => n.Op == "MatMul" && n.Inputs.Contains("x")), "the input is read");
    }

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void IgnoredInputsAreZeroRowsOfTheInputWeights(RecurrentArchitecture a, LearningRule rule)
    {
        var cell = CellRegistry.Describe(Create(a, rule));
        var padded = cell.WithIgnoredInputs(2);
        Assert.AreEqual(D + 2, padded.InputSize);
        foreach (var s in cell.Parameters.Segments)
        {
            var before = cell.Value(s.Name).ToArray();
            var after = padded.Value(s.Name).ToArray();
            if (cell.Definition.InputWeights.Contains(s.Name))
            {
                Assert.AreEqual(D, s.Shape[0], $"{s.Name} has input rows");
                Assert.HasCount(before.Length * (D + 2) / D, after);
                CollectionAssert.AreEqual(before, after[..before.Length], s.Name);
                Assert.IsTrue(after[before.Length..].All(v => v == 0), $"{s.Name}: the new rows are zero");
            }
            else CollectionAssert.AreEqual(before, after, s.Name);
        }
        Assert.AreSame(cell, cell.WithIgnoredInputs(0));
    }

    [TestMethod]
    public void LabelsAreUnchanged()
    {
        static string L(RecurrentArchitecture a, LearningRule r) => new RecurrentLayerOptions { Architecture = a, LearningRule = r, Truncation = 8 }.Label;
        Assert.AreEqual("LinearRtu-RTRL", L(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl));
        Assert.AreEqual("NonLinearRtu-TBPTT(8)", L(RecurrentArchitecture.NonLinearRtu, LearningRule.Tbptt));
        Assert.AreEqual("OnlineLru-RTRL", L(RecurrentArchitecture.Lru, LearningRule.Rtrl));
        Assert.AreEqual("Lru-TBPTT(8)", L(RecurrentArchitecture.Lru, LearningRule.Tbptt));
        Assert.AreEqual("Gru-TBPTT(8)", L(RecurrentArchitecture.Gru, LearningRule.Rtrl));
        Assert.AreEqual("Memoryless", L(RecurrentArchitecture.Memoryless, LearningRule.Tbptt));
        Assert.AreEqual(LearningRule.Tbptt, CellRegistry.Get(RecurrentArchitecture.Gru).DefaultLearningRule);
        Assert.AreEqual(LearningRule.Rtrl, CellRegistry.Get(RecurrentArchitecture.Lru).DefaultLearningRule);
    }

    [TestMethod]
    public void RtuGraphConstantsAreTheTrainersCoefficientsBitForBit()
    {
        // r → 1 (ν_log down to −30) is where the old export's √(1 − r·r) lost digits: 1 − r² cancels.
        const int n = 64;
        var layer = (LinearRtuLayer<float>)RecurrentLayerFactory.Create<float>(D, new RecurrentLayerOptions { Units = n }, 1, new Rng(2));
        var nuLog = layer.Parameters.Value(RtuParameters.NuLog);
        for (int k = 0; k < n; k++) nuLog[k] = -30f + 28f * k / (n - 1);
        var trained = new RtuCoefficients<float>(n);
        trained.Update(nuLog, layer.Parameters.Value(RtuParameters.ThetaLog), referenceThetaGradient: false);

        var graph = new RecordingCellGraph();
        var cell = CellRegistry.Describe(layer);
        cell.Definition.Emit(graph, cell, "x");
        CollectionAssert.AreEqual(trained.G, graph.Constants["rtu/g"].Values, "g");
        CollectionAssert.AreEqual(trained.Phi, graph.Constants["rtu/phi"].Values, "phi");
        CollectionAssert.AreEqual(trained.Eta, graph.Constants["rtu/eta"].Values, "eta");

        // The old exported η, for the record: relative error against the trained η.
        double worst = 0;
        for (int k = 0; k < n; k++)
        {
            double r = Math.Exp(-Math.Exp(nuLog[k]));
            float old = (float)(Math.Sqrt(1 - r * r) + 1e-8);
            worst = Math.Max(worst, Math.Abs(old - trained.Eta[k]) / trained.Eta[k]);
        }
        Console.WriteLine($"old export's eta vs trained eta: max relative difference {worst:E3}");
        Assert.IsGreaterThan(1e-6, worst, "the case covers units where the old form differed");
    }
}
