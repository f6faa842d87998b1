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
    public void ASnapshotTakenAgainAfterItsReleaseAllocatesItsSizeOnce()
    {
        var snapshot = new ForecasterSnapshot();
        snapshot.Take(Save);
        snapshot.Release();
        long before = GC.GetAllocatedBytesForCurrentThread();
        snapshot.Take(Save);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Grown by doubling from nothing the buffer would allocate 256 + 512 + … + 131,072 bytes, about 262 KB.
        Assert.IsTrue(allocated < 4 * Values + 16_000, $"{allocated:N0} bytes allocated for a snapshot of {4 * Values:N0}");
        Assert.AreEqual(Values - 1, snapshot.Restore(r => { int last = 0; for (int i = 0; i < Values; i++) last = r.ReadInt32(); return last; }));
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
