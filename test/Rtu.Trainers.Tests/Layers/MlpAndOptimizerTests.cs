using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Tests.Layers;

[TestClass]
public sealed class MlpAndOptimizerTests
{
    [TestMethod]
    [DataRow(Activation.Tanh), DataRow(Activation.Relu), DataRow(Activation.Sigmoid)]
    public void MlpBackpropMatchesFiniteDifferences(Activation hidden)
    {
        var rng = new Rng(3);
        var mlp = new Mlp<double>(4, [6, 5], 3, hidden, Activation.Tanh, maxRows: 2, rng);
        var x = new double[8]; var c = new double[6];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
        for (int i = 0; i < c.Length; i++) c[i] = rng.NextGaussian();
        double Loss()
        {
            var y = new double[6];
            mlp.Forward(x, y);
            return y.Select((v, i) => v * c[i]).Sum();
        }
        Loss();
        var dx = new double[8];
        mlp.Backward(c, dx);
        const double h = 1e-6;
        foreach (var set in mlp.Parameters)
            for (int p = 0; p < set.Count; p++)
            {
                double keep = set.Values[p];
                set.Values[p] = keep + h; double plus = Loss();
                set.Values[p] = keep - h; double minus = Loss();
                set.Values[p] = keep;
                Assert.AreEqual((plus - minus) / (2 * h), set.Gradients[p], 1e-6, $"{set.Name}[{p}]");
            }
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + h; double plus = Loss();
            x[i] = keep - h; double minus = Loss();
            x[i] = keep;
            Assert.AreEqual((plus - minus) / (2 * h), dx[i], 1e-6, $"dx[{i}]");
        }
    }

    [TestMethod]
    public void AdamFollowsItsFormula()
    {
        var set = new ParameterSet<double>("p", ("w", [2]));
        set.Values[0] = 1; set.Values[1] = -2;
        var adam = new Adam<double>([set], learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8);
        double m = 0, v = 0, w = 1;
        for (int t = 1; t <= 3; t++)
        {
            double g = 2 * w;  // d/dw of w²
            set.Gradients[0] = g; set.Gradients[1] = 0;
            adam.Step();
            m = 0.9 * m + 0.1 * g; v = 0.999 * v + 0.001 * g * g;
            w -= 0.1 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
            Assert.AreEqual(w, set.Values[0], 1e-12);
            Assert.AreEqual(-2.0, set.Values[1], "a zero gradient moves nothing");
        }
    }

    [TestMethod]
    public void OptimizersRefuseNonFiniteGradientsAndChangeNothing()
    {
        var set = new ParameterSet<float>("head", ("w", [3]));
        set.Values[1] = 0.5f;
        set.Gradients[0] = 1; set.Gradients[2] = float.NaN;
        foreach (IOptimizer opt in new IOptimizer[] { new Adam<float>([set], 0.1), new Sgd<float>([set], 0.1) })
        {
            var e = Assert.ThrowsExactly<InvalidOperationException>(opt.Step);
            StringAssert.Contains(e.Message, "Gradient 2 of 'head'");
            CollectionAssert.AreEqual(new[] { 0f, 0.5f, 0f }, set.Values);
            Assert.AreEqual(0L, opt.StepCount);
        }
    }

    [TestMethod]
    public void GlobalNormClippingScalesAllSetsTogether()
    {
        var a = new ParameterSet<double>("a", ("w", [2])); var b = new ParameterSet<double>("b", ("w", [1]));
        a.Gradients[0] = 3; a.Gradients[1] = 0; b.Gradients[0] = 4;   // norm 5
        double before = ParameterGroup.ClipByGlobalNorm([a, b], 1.0);
        Assert.AreEqual(5.0, before, 1e-12);
        Assert.AreEqual(1.0, ParameterGroup.GlobalNorm([a, b]), 1e-12);
        Assert.AreEqual(0.6, a.Gradients[0], 1e-12);
        Assert.AreEqual(0.8, b.Gradients[0], 1e-12);
        ParameterGroup.ClipByGlobalNorm([a, b], 10.0);
        Assert.AreEqual(0.6, a.Gradients[0], 1e-12, "below the threshold nothing changes");
    }

    [TestMethod]
    public void ParameterAndAdamStateRoundTripExactly()
    {
        var rng = new Rng(4);
        var set = new ParameterSet<float>("p", ("w", [5]), ("b", [2]));
        for (int i = 0; i < set.Count; i++) { set.Values[i] = (float)rng.NextGaussian(); set.Gradients[i] = (float)rng.NextGaussian(); }
        var adam = new Adam<float>([set], 0.01);
        adam.Step();
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) { set.Write(w); adam.Save(w); }
        var copy = new ParameterSet<float>("p", ("w", [5]), ("b", [2]));
        var adam2 = new Adam<float>([copy], 0.01);
        ms.Position = 0;
        using (var r = new BinaryReader(ms, System.Text.Encoding.UTF8, leaveOpen: true)) { copy.Read(r); adam2.Load(r); }
        CollectionAssert.AreEqual(set.Values, copy.Values);
        set.Gradients.CopyTo(copy.Gradients, 0);
        adam.Step(); adam2.Step();
        CollectionAssert.AreEqual(set.Values, copy.Values, "resumed Adam continues bit-identically");

        var other = new ParameterSet<float>("p", ("w", [4]), ("b", [2]));
        ms.Position = 0;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => other.Read(new BinaryReader(ms)));
        StringAssert.Contains(e.Message, "'w'");
    }
}
