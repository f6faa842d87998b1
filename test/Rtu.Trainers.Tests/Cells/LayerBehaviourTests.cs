using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;
using Rtu.Tests.Shared;

namespace Rtu.Trainers.Tests.Cells;

[TestClass]
public sealed class LayerBehaviourTests
{
    public static IEnumerable<object[]> AllLayers()
    {
        foreach (var arch in Enum.GetValues<RecurrentArchitecture>())
            foreach (var rule in Enum.GetValues<LearningRule>())
            {
                if (rule == LearningRule.Rtrl && arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless) continue;
                yield return [arch, rule];
            }
    }

    private static IRecurrentLayer<float> Make(RecurrentArchitecture arch, LearningRule rule, int batch, ulong seed = 1) =>
        RecurrentLayerFactory.Create<float>(6, new RecurrentLayerOptions { Architecture = arch, LearningRule = rule, Units = 16, Truncation = 4 }, batch, new Rng(seed));

    [TestMethod]
    [DynamicData(nameof(AllLayers))]
    public void StepAndBackwardAllocateNothingAfterWarmUp(RecurrentArchitecture arch, LearningRule rule)
    {
        var layer = Make(arch, rule, batch: 3);
        var x = new float[3 * 6]; var y = new float[3 * layer.OutputSize]; var dy = new float[y.Length]; var dx = new float[x.Length];
        var rng = new Rng(3);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                layer.Step(x, y);
                for (int i = 0; i < dy.Length; i++) dy[i] = 0.01f * y[i];
                layer.Backward(dy, dx);
                if (t % 7 == 0) layer.ResetStream(t % 3);
            }
        }
        Run(20);
        long allocated = SteadyAllocation.FewestBytes(() => Run(200));
        Assert.AreEqual(0L, allocated, $"{layer.Description} allocated {allocated} bytes over 200 steps");
    }

    [TestMethod]
    [DynamicData(nameof(AllLayers))]
    public void SameSeedGivesBitIdenticalResults(RecurrentArchitecture arch, LearningRule rule)
    {
        float[] Run()
        {
            var layer = Make(arch, rule, batch: 2, seed: 42);
            var rng = new Rng(5);
            var x = new float[12]; var y = new float[2 * layer.OutputSize];
            for (int t = 0; t < 50; t++)
            {
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                layer.Step(x, y);
                layer.Backward(y, default);
            }
            return [.. y, .. layer.Parameters.Gradients];
        }
        CollectionAssert.AreEqual(Run(), Run());
    }

    [TestMethod]
    [DynamicData(nameof(AllLayers))]
    public void BadInputThrowsNamingTheProblemAndLeavesStateUnchanged(RecurrentArchitecture arch, LearningRule rule)
    {
        var layer = Make(arch, rule, batch: 2);
        var x = new float[12]; var y = new float[2 * layer.OutputSize];
        for (int i = 0; i < x.Length; i++) x[i] = 0.1f * i;
        layer.Step(x, y);
        var carry = new float[layer.CarrySize];
        layer.CopyCarry(1, carry);

        var wrong = Assert.ThrowsExactly<ArgumentException>(() => layer.Step(new float[11], y));
        StringAssert.Contains(wrong.Message, "inputs");
        StringAssert.Contains(wrong.Message, "12");
        var bad = (float[])x.Clone(); bad[7] = float.NaN;
        var nan = Assert.ThrowsExactly<ArgumentException>(() => layer.Step(bad, y));
        StringAssert.Contains(nan.Message, "inputs[7]");
        bad[7] = float.PositiveInfinity;
        Assert.ThrowsExactly<ArgumentException>(() => layer.Step(bad, y));
        var dy = new float[y.Length]; dy[0] = float.NaN;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => layer.Backward(dy, default)).Message, "outputGradients[0]");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => layer.ResetStream(2));

        var after = new float[layer.CarrySize];
        layer.CopyCarry(1, after);
        CollectionAssert.AreEqual(carry, after, "a rejected call must not change the state");
    }

    [TestMethod]
    public void InvalidSizesAreRejectedWithTheirNames()
    {
        var e1 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            RecurrentLayerFactory.Create<float>(4, new RecurrentLayerOptions { Units = 4 }, batchSize: 0));
        Assert.AreEqual("batchSize", e1.ParamName);
        var e2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            RecurrentLayerFactory.Create<float>(4, new RecurrentLayerOptions { Units = 0 }));
        Assert.AreEqual("Units", e2.ParamName);
        var e3 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            RecurrentLayerFactory.Create<float>(0, new RecurrentLayerOptions { Units = 3 }));
        Assert.AreEqual("inputSize", e3.ParamName);
    }

    [TestMethod]
    [DynamicData(nameof(AllLayers))]
    public void CarryRoundTripContinuesIdentically(RecurrentArchitecture arch, LearningRule rule)
    {
        var a = Make(arch, rule, 1); var b = Make(arch, rule, 1);
        var rng = new Rng(9);
        var x = new float[6]; var ya = new float[a.OutputSize]; var yb = new float[a.OutputSize];
        for (int t = 0; t < 10; t++) { for (int i = 0; i < 6; i++) x[i] = (float)rng.NextGaussian(); a.Step(x, ya); }
        var carry = new float[a.CarrySize];
        a.CopyCarry(0, carry);
        b.LoadCarry(0, carry);
        for (int i = 0; i < 6; i++) x[i] = (float)rng.NextGaussian();
        a.Step(x, ya); b.Step(x, yb);
        CollectionAssert.AreEqual(ya, yb);
        a.Backward(ya, default); b.Backward(ya, default);
        CollectionAssert.AreEqual(a.Parameters.Gradients, b.Parameters.Gradients);
    }

    [TestMethod]
    public void FloatAndDoubleShareOneCodePath()
    {
        var opts = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.NonLinearRtu, Units = 8, Activation = Activation.Tanh };
        var f = RecurrentLayerFactory.Create<float>(3, opts, 1, new Rng(1));
        var d = RecurrentLayerFactory.Create<double>(3, opts, 1, new Rng(1));
        var xf = new float[3]; var xd = new double[3]; var yf = new float[16]; var yd = new double[16];
        var rng = new Rng(2);
        for (int t = 0; t < 100; t++)
        {
            for (int i = 0; i < 3; i++) { xd[i] = rng.NextGaussian(); xf[i] = (float)xd[i]; }
            f.Step(xf, yf); d.Step(xd, yd);
        }
        for (int i = 0; i < 16; i++) Assert.AreEqual(yd[i], yf[i], 1e-4);
    }
}
