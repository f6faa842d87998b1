using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

/// <summary>
/// <see cref="RtuOptions.ReferenceThetaGradient"/> reproduces the reference code's θ_log derivative, which omits the chain
/// factor θ = e^{θ_log} (spec §2): its θ_log gradient times θ is the exact one, and nothing else changes.
/// </summary>
[TestClass]
public sealed class ReferenceThetaGradientTests
{
    public static IEnumerable<object[]> Kinds() =>
    [
        ["linear-rtrl"], ["nonlinear-rtrl"], ["linear-bptt"], ["nonlinear-bptt"],
    ];

    private static IRecurrentLayer<double> Build(string kind, bool reference)
    {
        const int d = 3;
        var o = new RtuOptions { Units = 4, Activation = Activation.Tanh, RMin = 0.4, RMax = 0.95, ReferenceThetaGradient = reference };
        var rng = new Rng(11);
        return kind switch
        {
            "linear-rtrl" => new LinearRtuLayer<double>(d, o, 1, rng),
            "nonlinear-rtrl" => new NonLinearRtuLayer<double>(d, o, 1, rng),
            "linear-bptt" => new TruncatedBpttLayer<double>(new RtuCore<double>(d, o, nonLinear: false, rng), 100),
            _ => new TruncatedBpttLayer<double>(new RtuCore<double>(d, o, nonLinear: true, rng), 100),
        };
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void ThetaGradientLacksOnlyTheChainFactor(string kind)
    {
        var exact = Build(kind, reference: false);
        var reference = Build(kind, reference: true);
        CollectionAssert.AreEqual(exact.Parameters.Values, reference.Parameters.Values, "same initialisation");
        var rng = new Rng(4);
        var x = new double[exact.InputSize];
        var y1 = new double[exact.OutputSize];
        var y2 = new double[exact.OutputSize];
        var dy = new double[exact.OutputSize];
        for (int t = 0; t < 30; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
            for (int i = 0; i < dy.Length; i++) dy[i] = rng.NextGaussian();
            exact.Step(x, y1);
            reference.Step(x, y2);
            CollectionAssert.AreEqual(y1, y2, $"forward pass at step {t}");
            exact.Backward(dy, default);
            reference.Backward(dy, default);
        }

        var thetaLog = exact.Parameters.Value(RtuParameters.ThetaLog).ToArray();
        var gExact = exact.Parameters.Gradient(RtuParameters.ThetaLog).ToArray();
        var gRef = reference.Parameters.Gradient(RtuParameters.ThetaLog).ToArray();
        double scale = gExact.Max(Math.Abs);
        Assert.IsGreaterThan(1e-6, scale, "the θ gradient must not be trivially zero");
        for (int k = 0; k < gExact.Length; k++)
        {
            double theta = Math.Exp(thetaLog[k]);
            Assert.AreNotEqual(1.0, theta, "θ = 1 would hide the factor");
            Assert.AreEqual(gExact[k], gRef[k] * theta, 1e-10 * scale, $"unit {k}: exact = θ · reference");
        }
        foreach (var s in exact.Parameters.Segments.Where(s => s.Name != RtuParameters.ThetaLog))
            CollectionAssert.AreEqual(exact.Parameters.Gradient(s.Name).ToArray(), reference.Parameters.Gradient(s.Name).ToArray(), s.Name);
    }
}
