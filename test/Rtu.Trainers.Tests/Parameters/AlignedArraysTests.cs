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
        // Sizes whose object sizes are and are not multiples of 64 bytes (the spacer must still reach a boundary), all at
        // least MinimumBytes as floats.
        foreach (int length in new[] { 256, 257, 259, 264, 300, 1000, 1001, 4096, 33280 })
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
        Assert.AreEqual(3, AlignedArrays.Allocate<double>(3).Length);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AlignedArrays.Allocate<float>(-1));
    }

    [TestMethod]
    public void ParameterSetsAndRtuCoefficientsAreAligned()
    {
        // The step kernels stream these with vector loads: a row off a cache line costs two line accesses per 512-bit vector.
        var set = new ParameterSet<float>("p", ("a", [7]), ("b", [64, 16]));
        Assert.IsTrue(AlignedArrays.IsAligned(set.Values) && AlignedArrays.IsAligned(set.Gradients));
        var c = new RtuCoefficients<float>(256);
        foreach (var a in new[] { c.G, c.Phi, c.Eta, c.DgDnu, c.DphiDnu, c.DetaDnu, c.DgDtheta, c.DphiDtheta })
            Assert.IsTrue(AlignedArrays.IsAligned(a));
        var layer = RecurrentLayerFactory.Create<float>(16, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, LearningRule = LearningRule.Rtrl, Units = 64 }, 2, new Rng(1));
        Assert.IsTrue(AlignedArrays.IsAligned(layer.Parameters.Values) && AlignedArrays.IsAligned(layer.Parameters.Gradients));
    }

    [TestMethod]
    public void SmallArraysAreOrdinaryAndAlignedOnesLeaveLittleGarbage()
    {
        // Dead objects on the pinned heap are never compacted away and slow every later allocation there: creating
        // thousands of engine streams took minutes while each aligned array left its missed attempts behind.
        var small = AlignedArrays.Allocate<float>(AlignedArrays.MinimumBytes / sizeof(float) - 1);
        Assert.AreEqual(0, GC.GetGeneration(small), "a small array is an ordinary young array, not a pinned one");
        long fragmentationBefore = PinnedHeapFragmentation();
        var arrays = Enumerable.Range(0, 2000).Select(i => AlignedArrays.Allocate<float>(256 + i % 61)).ToList();
        long garbage = PinnedHeapFragmentation() - fragmentationBefore;
        long live = arrays.Sum(a => (long)a.Length * sizeof(float));
        Assert.IsTrue(arrays.Count(AlignedArrays.IsAligned) >= 1900, $"{arrays.Count(AlignedArrays.IsAligned)} of 2,000 aligned");
        Assert.IsTrue(garbage < live / 10, $"{garbage:N0} bytes of garbage left on the pinned heap by {live:N0} bytes of arrays");
    }

    // Free space between live objects on the pinned object heap after a full collection (generations 0-2, large, pinned).
    private static long PinnedHeapFragmentation()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo[4].FragmentationAfterBytes;
    }
}
