using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Tests.Cells;

/// <summary>The gated RTU's open-unit share and a₀ range chosen through <see cref="RecurrentLayerOptions"/> and the factory.</summary>
[TestClass]
public sealed class RecurrentLayerFactoryTests
{
    private const int D = 3, Units = 6;

    private static IRecurrentLayer<double> Gated(LearningRule rule, double? share = null)
    {
        var options = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, LearningRule = rule, Units = Units, Truncation = 4 };
        if (share is double s) options = options with { OpenUnitShare = s };
        return RecurrentLayerFactory.Create<double>(D, options, 1, new Rng(5));
    }

    private static GatedRtuOptions CellOptions(IRecurrentLayer<double> layer) => layer switch
    {
        GatedRtuLayer<double> l => l.Options,
        TruncatedBpttLayer<double> { Core: GatedRtuCore<double> c } => c.Options,
        _ => throw new AssertFailedException($"not a gated RTU: {layer.Description}"),
    };

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void OpenUnitShareReachesTheGatedCell(LearningRule rule)
    {
        Assert.AreEqual(new GatedRtuOptions().OpenUnitShare, new RecurrentLayerOptions().OpenUnitShare, "the layer options' default is the cell's");
        var byDefault = Gated(rule);
        Assert.AreEqual(3, P.OpenUnits(byDefault.Parameters, CellOptions(byDefault)), "⌈0.5·6⌉");
        Assert.AreEqual(P.LayoutName, byDefault.Parameters.Name);
        var quarter = Gated(rule, 0.25);
        Assert.AreEqual(0.25, CellOptions(quarter).OpenUnitShare);
        Assert.AreEqual(2, P.OpenUnits(quarter.Parameters, CellOptions(quarter)), "⌈0.25·6⌉");
        var half = Gated(rule, 0.5);
        var allGated = Gated(rule, 0);
        Assert.AreEqual(P.LayoutNameV3, allGated.Parameters.Name, "share 0: the all-gated version-3 cell");
        if (rule == LearningRule.Rtrl) StringAssert.Contains(half.Description, "3 open");
    }

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void OpenUnitShareChangesTheModel(LearningRule rule)
    {
        // Same seed, so the same draws: only the third unit differs (open with 0.5, gated with 0.25), and so do the outputs.
        IRecurrentLayer<double> quarter = Gated(rule, 0.25), half = Gated(rule, 0.5);
        Assert.AreNotEqual(0.0, quarter.Parameters.Value(P.Ba)[2]);
        Assert.AreEqual(0.0, half.Parameters.Value(P.Ba)[2], "an open unit's gate entries are 0");
        var rng = new Rng(6);
        var x = new double[D];
        double[] a = new double[2 * Units], b = new double[2 * Units];
        double differs = 0;
        for (int t = 0; t < 10; t++)
        {
            for (int i = 0; i < D; i++) x[i] = rng.NextGaussian();
            quarter.Step(x, a);
            half.Step(x, b);
            for (int i = 0; i < a.Length; i++) differs = Math.Max(differs, Math.Abs(a[i] - b[i]));
        }
        Assert.IsGreaterThan(1e-3, differs);
    }

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void DecayGateInitRangeReachesTheGatedCell(LearningRule rule)
    {
        var defaults = new GatedRtuOptions();
        Assert.AreEqual(defaults.DecayGateInitMin, new RecurrentLayerOptions().DecayGateInitMin, "the layer options' default is the cell's");
        Assert.AreEqual(defaults.DecayGateInitMax, new RecurrentLayerOptions().DecayGateInitMax);
        var byDefault = Gated(rule);
        Assert.AreEqual(0.002, CellOptions(byDefault).DecayGateInitMin);
        Assert.AreEqual(0.1, CellOptions(byDefault).DecayGateInitMax);
        // Equal bounds: every gated unit (units 3..5 at share 0.5) starts with b_a = logit(0.3), open units with 0.
        var options = new RecurrentLayerOptions
        {
            Architecture = RecurrentArchitecture.GatedRtu, LearningRule = rule, Units = Units, Truncation = 4, DecayGateInitMin = 0.3, DecayGateInitMax = 0.3,
        };
        var fixedGate = RecurrentLayerFactory.Create<double>(D, options, 1, new Rng(5));
        Assert.AreEqual(0.3, CellOptions(fixedGate).DecayGateInitMin);
        var ba = fixedGate.Parameters.Value(P.Ba);
        for (int k = 0; k < Units; k++) Assert.AreEqual(k < 3 ? 0 : Math.Log(0.3 / 0.7), ba[k], 1e-12, $"unit {k}");
        // Init only: every other parameter is drawn as with the default range.
        var w1 = byDefault.Parameters.Value(P.W1).ToArray();
        CollectionAssert.AreEqual(w1, fixedGate.Parameters.Value(P.W1).ToArray());
    }

    [TestMethod]
    [DataRow(0.0, 0.1), DataRow(0.2, 0.1), DataRow(0.01, 1.0), DataRow(double.NaN, 0.1)]
    public void BadDecayGateInitRangesAreRefusedNamingTheOption(double min, double max)
    {
        var options = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, DecayGateInitMin = min, DecayGateInitMax = max };
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.Create<float>(D, options));
        Assert.AreEqual(nameof(RecurrentLayerOptions.DecayGateInitMin), e.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.Create<float>(D, options with { Architecture = RecurrentArchitecture.LinearRtu }));
    }

    [TestMethod]
    [DataRow(-0.1), DataRow(1.0), DataRow(double.NaN), DataRow(double.PositiveInfinity)]
    public void BadOpenUnitSharesAreRefusedNamingTheOption(double share)
    {
        var options = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = share };
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.Create<float>(D, options));
        Assert.AreEqual(nameof(RecurrentLayerOptions.OpenUnitShare), e.ParamName);
        StringAssert.Contains(e.Message, "[0, 1)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.UnitsForParameterBudget(options, D, 1000));
        // Whatever the architecture: a bad value is refused, not ignored.
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RecurrentLayerFactory.Create<float>(D, options with { Architecture = RecurrentArchitecture.LinearRtu }));
    }

    [TestMethod]
    public void UnitsForParameterBudgetCountsTheOpenUnitShare()
    {
        // The PPO trunk of samples/Rtu.Control: d = 64, the budget of a linear RTU of 32 units (4,160 parameters). An open
        // unit trains 2d + 2 = 130 parameters, a gated one 4d + 6 = 262 (samples/Rtu.Control/README.md: 15, 18 and 21 units).
        long budget = RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.LinearRtu, 64, 32);
        int Sized(double share) => RecurrentLayerFactory.UnitsForParameterBudget(
            new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = share }, 64, budget);
        Assert.AreEqual(15, Sized(0));
        Assert.AreEqual(18, Sized(0.25));
        Assert.AreEqual(21, Sized(0.5));
        Assert.AreEqual(Sized(0.5), RecurrentLayerFactory.UnitsForParameterBudget(RecurrentArchitecture.GatedRtu, 64, budget), "the default share");
        Assert.AreEqual(RecurrentLayerFactory.UnitsForParameterBudget(RecurrentArchitecture.Gru, 64, budget),
            RecurrentLayerFactory.UnitsForParameterBudget(new RecurrentLayerOptions { Architecture = RecurrentArchitecture.Gru, OpenUnitShare = 0.5 }, 64, budget),
            "other cells ignore the share");
    }
}
