using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Tests.Cells.GatedRtu;

[TestClass]
public sealed class GatedRtuParametersTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [TestMethod]
    public void TheDecayGatesStartSpreadLogUniformlyBetweenTheirBounds()
    {
        var options = new GatedRtuOptions { Units = 400, OpenUnitShare = 0 }; // the gated units' spread
        var parameters = P.Create<double>(options.Units, 3);
        P.Initialize(parameters, options, new Rng(5));
        var logA = parameters.Value(P.Ba).ToArray().Select(b => Math.Log(Sigmoid(b))).ToArray();
        double lo = Math.Log(options.DecayGateInitMin), hi = Math.Log(options.DecayGateInitMax);
        foreach (double x in logA) Assert.IsTrue(x >= lo - 1e-12 && x <= hi + 1e-12, $"log a₀ = {x} outside [{lo}, {hi}]");
        // Log-uniform: log a₀ has the mean and spread of a uniform on [lo, hi] (400 draws: s.e. of the mean ≈ 0.05).
        double mean = logA.Average();
        Assert.AreEqual((lo + hi) / 2, mean, 0.2);
        double belowMiddle = logA.Count(x => x < (lo + hi) / 2) / (double)logA.Length;
        Assert.AreEqual(0.5, belowMiddle, 0.1);
        foreach (double raw in parameters.Value(P.Bi)) Assert.AreEqual(0.0, raw, "the input gate starts at σ(0)");
    }

    [TestMethod]
    public void EqualBoundsGiveOneBiasAndTheOtherParametersDoNotDependOnTheSpread()
    {
        var spread = P.Create<double>(6, 4);
        P.Initialize(spread, new GatedRtuOptions { Units = 6 }, new Rng(9));
        var fixedGate = P.Create<double>(6, 4);
        P.Initialize(fixedGate, new GatedRtuOptions { Units = 6, DecayGateInitMin = 0.5, DecayGateInitMax = 0.5 }, new Rng(9));
        foreach (double b in fixedGate.Value(P.Ba)) Assert.AreEqual(0.0, b, "a₀ = 0.5 is b_a = 0, the earlier initialisation");
        foreach (string name in new[] { P.NuLog, P.ThetaLog, P.W1, P.W2, P.Wa, P.Wi, P.Pa, P.Bi, P.Pi })
            CollectionAssert.AreEqual(fixedGate.Value(name).ToArray(), spread.Value(name).ToArray(), name);
        CollectionAssert.AreNotEqual(fixedGate.Value(P.Ba).ToArray(), spread.Value(P.Ba).ToArray());
    }

    [TestMethod]
    [DataRow(0.0, 1.0), DataRow(1.0, 0.0), DataRow(0.25, 0.0)]
    public void TheGateWeightScalesScaleOnlyTheirGateWeights(double decayScale, double inputScale)
    {
        // Init only: Wa and Wi are the lecun-normal draws times their scales; every other parameter is the one the
        // default draws, bit for bit.
        var reference = P.Create<double>(6, 4);
        P.Initialize(reference, new GatedRtuOptions { Units = 6 }, new Rng(9));
        var scaled = P.Create<double>(6, 4);
        P.Initialize(scaled, new GatedRtuOptions { Units = 6, DecayGateWeightInitScale = decayScale, InputGateWeightInitScale = inputScale }, new Rng(9));
        foreach (var (name, scale) in new[] { (P.Wa, decayScale), (P.Wi, inputScale) })
            CollectionAssert.AreEqual(reference.Value(name).ToArray().Select(w => w * scale).ToArray(), scaled.Value(name).ToArray(), name);
        foreach (string name in new[] { P.NuLog, P.ThetaLog, P.W1, P.W2, P.Ba, P.Pa, P.Bi, P.Pi })
            CollectionAssert.AreEqual(reference.Value(name).ToArray(), scaled.Value(name).ToArray(), name);
    }

    [TestMethod]
    public void AVersion4SetIsReadOnlyByACellWithTheSameOpenUnits()
    {
        // The share is not stored: a gated_rtu_v4 set written with a quarter of 8 units open (2) is read by a cell with 2
        // open units, and refused, naming the counts, by cells with 4 (share 0.5) or 0 (all gated), whose units would
        // otherwise run with other gates than they were trained with. The refused set is left unchanged.
        const int d = 3, n = 8;
        GatedRtuLayer<double> Layer(double share, ulong seed) => new(d, new GatedRtuOptions { Units = n, OpenUnitShare = share }, 1, new Rng(seed));
        var written = Layer(0.25, 1);
        Assert.AreEqual(P.LayoutName, written.Parameters.Name);
        using var file = new MemoryStream();
        using (var w = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true)) written.Parameters.Write(w);

        void Read(GatedRtuLayer<double> layer)
        {
            file.Position = 0;
            using var r = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
            layer.Parameters.Read(r);
        }
        var same = Layer(0.25, 2);
        Read(same);
        CollectionAssert.AreEqual(written.Parameters.Values, same.Parameters.Values);
        foreach (double share in new[] { 0.5, 0.0 })
        {
            var other = Layer(share, 3);
            var before = other.Parameters.Values.ToArray();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Read(other));
            StringAssert.Contains(e.Message, "2 open unit(s)");
            StringAssert.Contains(e.Message, "OpenUnitShare");
            CollectionAssert.AreEqual(before, other.Parameters.Values, "left unchanged");
        }
    }
}
