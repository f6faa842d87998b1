using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ForecasterSnapshotTests
{
    // A forecaster's saved form as a stand-in: 25,000 ints, 100,000 bytes, written without allocating.
    private const int Values = 25_000;

    private static void Save(BinaryWriter w)
    {
        for (int i = 0; i < Values; i++) w.Write(i);
    }

    [TestMethod]
    public void ASnapshotTakenAgainAfterItsReleaseAllocatesNextToNothing()
    {
        // The buffer is rented from the shared pool and returned at the release: the next snapshot rents it again. Sized
        // once from the last length (the fifty-fifth pass) it allocated its 100,000 bytes; grown by doubling from
        // nothing, about 262 KB.
        var snapshot = new ForecasterSnapshot();
        snapshot.Take(Save);
        snapshot.Release();
        long before = GC.GetAllocatedBytesForCurrentThread();
        snapshot.Take(Save);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsTrue(allocated < 2_000, $"{allocated:N0} bytes allocated for a snapshot of {4 * Values:N0}");
        Assert.AreEqual(Values - 1, snapshot.Restore(r => { int last = 0; for (int i = 0; i < Values; i++) last = r.ReadInt32(); return last; }));
    }

    [TestMethod]
    public void ASnapshotGrowsPastItsBufferAndReadsBackWhole()
    {
        var snapshot = new ForecasterSnapshot();
        snapshot.Take(w => w.Write(1));
        snapshot.Release();
        snapshot.Take(Save);   // far past the last snapshot's size: the rented buffer is replaced by a larger one
        snapshot.Take(w => { Save(w); Save(w); });
        Assert.AreEqual(8 * Values, snapshot.WithoutLast(0).Length);
        Assert.AreEqual(8 * Values - 4, snapshot.WithoutLast(4).Length);
        var read = snapshot.Restore(r => Enumerable.Range(0, 2 * Values).Select(_ => r.ReadInt32()).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, Values).Concat(Enumerable.Range(0, Values)).ToArray(), read);
        Assert.ThrowsExactly<EndOfStreamException>(() => snapshot.Restore(r => { for (int i = 0; i <= 2 * Values; i++) r.ReadInt32(); return 0; }), "the read ends with the snapshot");
    }

    [TestMethod]
    public void ASnapshotKeepsItsSizeAfterItsReleaseAsTheNextOnesHint()
    {
        var snapshot = new ForecasterSnapshot();
        Assert.AreEqual(0, snapshot.Length);
        snapshot.Take(Save, sizeHint: 4 * Values);
        Assert.AreEqual(4 * Values, snapshot.Length);
        snapshot.Release();
        Assert.AreEqual(4 * Values, snapshot.Length, "the size a forecaster passes to its other snapshots outlives the bytes");
        Assert.AreEqual(0, snapshot.WithoutLast(0).Length);
        snapshot.Take(w => w.Write(3), sizeHint: 1);   // a hint below the size held: the buffer is not made smaller
        Assert.AreEqual(4, snapshot.Length);
        Assert.AreEqual(3, snapshot.Restore(r => r.ReadInt32()));
    }

    [TestMethod]
    public void ACopiedSnapshotHoldsTheSameBytesAndOutlivesTheOriginal()
    {
        var original = new ForecasterSnapshot();
        original.Take(Save);
        var copy = new ForecasterSnapshot();
        copy.Take(w => w.Write(1.5));   // replaced by the copy
        copy.CopyFrom(original);
        Assert.AreEqual(original.Length, copy.Length);
        CollectionAssert.AreEqual(original.WithoutLast(0).ToArray(), copy.WithoutLast(0).ToArray());
        original.Release();
        Assert.AreEqual(Values - 1, copy.Restore(r => { int last = 0; for (int i = 0; i < Values; i++) last = r.ReadInt32(); return last; }));
    }

    [TestMethod]
    public void ASnapshotReadsBackWhatTheLastTakeWrote()
    {
        var snapshot = new ForecasterSnapshot();
        snapshot.Take(Save);
        snapshot.Take(w => w.Write(7.5));   // smaller than the buffer: the rest of the earlier bytes are not read back
        Assert.AreEqual(7.5, snapshot.Restore(r => r.ReadDouble()));
        Assert.AreEqual(8, snapshot.WithoutLast(0).Length);
    }
}
