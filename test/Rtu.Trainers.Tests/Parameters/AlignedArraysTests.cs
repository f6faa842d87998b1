using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Tests.Parameters;

[TestClass]
public sealed class AlignedArraysTests
{
    [TestMethod]
    public void ArraysStartOnACacheLineAndAreZeroed()
    {
        // Sizes whose object sizes are and are not multiples of 64 bytes (the retry must still reach a boundary).
        foreach (int length in new[] { 1, 3, 8, 13, 16, 64, 100, 1000, 4096, 33280 })
        {
            var f = AlignedArrays.Allocate<float>(length);
            var d = AlignedArrays.Allocate<double>(length);
            Assert.AreEqual(length, f.Length);
            Assert.AreEqual(length, d.Length);
            Assert.IsTrue(AlignedArrays.IsAligned(f), $"float[{length}]");
            Assert.IsTrue(AlignedArrays.IsAligned(d), $"double[{length}]");
            Assert.IsTrue(f.All(v => v == 0) && d.All(v => v == 0), $"zeroed [{length}]");
        }
        Assert.AreEqual(0, AlignedArrays.Allocate<float>(0).Length);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AlignedArrays.Allocate<float>(-1));
    }

    [TestMethod]
    public void ParameterSetsAndRtuCoefficientsAreAligned()
    {
        // The step kernels stream these with vector loads: a row off a cache line costs two line accesses per 512-bit vector.
        var set = new ParameterSet<float>("p", ("a", [7]), ("b", [64, 16]));
        Assert.IsTrue(AlignedArrays.IsAligned(set.Values) && AlignedArrays.IsAligned(set.Gradients));
        var c = new RtuCoefficients<float>(64);
        foreach (var a in new[] { c.G, c.Phi, c.Eta, c.DgDnu, c.DphiDnu, c.DetaDnu, c.DgDtheta, c.DphiDtheta })
            Assert.IsTrue(AlignedArrays.IsAligned(a));
        var layer = RecurrentLayerFactory.Create<float>(16, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, LearningRule = LearningRule.Rtrl, Units = 64 }, 2, new Rng(1));
        Assert.IsTrue(AlignedArrays.IsAligned(layer.Parameters.Values) && AlignedArrays.IsAligned(layer.Parameters.Gradients));
    }
}
