using System.Text;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>Issue 12, defects 1, 2 and 6: checkpoints taken during removals, lone-surrogate keys, crafted length fields.</summary>
[TestClass]
public sealed class CheckpointReliabilityTests
{
    [TestMethod]
    public void CheckpointTakenWhileStreamsAreRemovedIsAlwaysRestorable()
    {
        // Defect 1: the count was written from one snapshot of the ids and the streams from a later state.
        var engine = ReliabilityFixture.EngineWithStreams(1500, steps: 2);
        var ids = engine.StreamIds.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var checkpoints = new List<byte[]>();
        using var started = new ManualResetEventSlim();
        var remover = Task.Run(() =>
        {
            started.Wait();
            // Last ids first (the checkpoint writes them last); a pause per removal spreads them over many checkpoints.
            foreach (var id in ids.Reverse()) { engine.RemoveStream(id); Thread.SpinWait(20_000); }
        });
        started.Set();
        while (!remover.IsCompleted && checkpoints.Count < 60) checkpoints.Add(ReliabilityFixture.Checkpoint(engine));
        remover.Wait();
        checkpoints.Add(ReliabilityFixture.Checkpoint(engine));

        int restored = 0;
        foreach (var bytes in checkpoints)
        {
            var fresh = ReliabilityFixture.Forecaster.CreateStreamingEngine();
            fresh.Restore(new MemoryStream(bytes));
            Assert.IsLessThanOrEqualTo(ids.Length, fresh.StreamIds.Count);
            restored++;
        }
        Assert.AreEqual(checkpoints.Count, restored);
        Assert.IsEmpty(engine.StreamIds);
    }

    [TestMethod]
    public void LoneSurrogateKeysSurviveCheckpointAndRestore()
    {
        // Defect 2: "\uD800x" and "\uDBFFx" both became "\uFFFDx" (UTF-8 encoding of the key), one stream was lost.
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        string[] keys = ["\uD800x", "\uDBFFx", "x\uDC00", "plain", "\uD83D\uDE00 emoji"];
        for (int k = 0; k < keys.Length; k++)
            for (int t = 0; t < 4; t++) engine.Observe(keys[k], 10f + k * 3 + t, [0f]);
        var bytes = ReliabilityFixture.Checkpoint(engine);

        var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        restored.Restore(new MemoryStream(bytes));
        CollectionAssert.AreEquivalent(keys, restored.StreamIds.ToArray());
        foreach (var key in keys) CollectionAssert.AreEqual(engine.Forecast(key), restored.Forecast(key), Encoding.Unicode.GetByteCount(key).ToString());
    }

    [TestMethod]
    public void AnEditedPayloadLengthFieldDoesNotAllocateWhatItSays()
    {
        // Defect 6: ReadBytes(length) allocated up to 2 GiB before noticing the file is shorter.
        var bytes = ReliabilityFixture.Checkpoint(ReliabilityFixture.EngineWithStreams(2));
        BitConverter.GetBytes((long)int.MaxValue - 64).CopyTo(bytes, ReliabilityFixture.LengthFieldOffset);
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        long allocated = ReliabilityFixture.AllocatedBy(() =>
            Assert.Throws<InvalidDataException>(() => engine.Restore(new MemoryStream(bytes))));
        Assert.IsLessThan(16L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void ACraftedHashValidCheckpointWithAbsurdSizesIsRefusedWithoutAllocatingThem()
    {
        // Defect 6: a stream whose settings claim a 3,000-step horizon (hash recomputed) made the forecaster allocate
        // H²-sized buffers (~180 MB here, GiB for larger values) before the load failed or, worse, succeeded.
        var bytes = ReliabilityFixture.Checkpoint(ReliabilityFixture.EngineWithStreams(2));
        int settings = ReliabilityFixture.FirstLearnerSettings(bytes);
        BitConverter.GetBytes(3000).CopyTo(bytes, settings + ReliabilityFixture.HorizonOffset);
        ReliabilityFixture.Rehash(bytes);
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        long allocated = ReliabilityFixture.AllocatedBy(() =>
            Assert.Throws<InvalidDataException>(() => engine.Restore(new MemoryStream(bytes))));
        Assert.IsLessThan(16L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void ACraftedStreamCountIsRefusedCleanly()
    {
        // The stream count is bounded by what the remaining bytes can hold.
        var bytes = ReliabilityFixture.Checkpoint(ReliabilityFixture.EngineWithStreams(2));
        int countAt = ReliabilityFixture.PayloadOffset + 1 + "rtu.forecasting".Length + 32;
        Assert.AreEqual(2, BitConverter.ToInt32(bytes, countAt));
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, countAt);
        ReliabilityFixture.Rehash(bytes);
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        long allocated = ReliabilityFixture.AllocatedBy(() =>
            Assert.Throws<InvalidDataException>(() => engine.Restore(new MemoryStream(bytes))));
        Assert.IsLessThan(16L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void ACheckpointWithoutTheForecastPoolIsRefusedClearly()
    {
        // Format 2 (forecast engine) wrote keys as UTF-8 strings and streams without a length prefix: convert a current
        // checkpoint back to it. Its streams lack the forecast pool (format 4), so it is refused with a clear message
        // (it used to restore while the forecaster's state was unchanged).
        var engine = ReliabilityFixture.EngineWithStreams(3);
        var v3 = ReliabilityFixture.Checkpoint(engine);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            var r = new BinaryReader(new MemoryStream(v3, ReliabilityFixture.PayloadOffset, v3.Length - ReliabilityFixture.PayloadOffset - 32));
            w.Write(r.ReadString());
            w.Write(r.ReadBytes(32));
            int n = r.ReadInt32();
            w.Write(n);
            for (int i = 0; i < n; i++)
            {
                int keyLength = r.ReadInt32();
                w.Write(new string(Enumerable.Range(0, keyLength).Select(_ => (char)r.ReadUInt16()).ToArray()));
                w.Write(r.ReadBytes(r.ReadInt32()));
            }
        }
        using var v2 = new MemoryStream();
        using (var w = new BinaryWriter(v2, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("Rtu.MLNet.Checkpoint"); w.Write(2); w.Write(payload.Length); w.Write(payload.ToArray());
            w.Write(System.Security.Cryptography.SHA256.HashData(payload.ToArray()));
        }
        var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => restored.Restore(new MemoryStream(v2.ToArray())));
        StringAssert.Contains(e.Message, "older than this library reads");
        Assert.IsEmpty(restored.StreamIds.ToArray());
    }

    [TestMethod]
    public void RestoreFromAFileNamesTheFileInItsError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-bad-{Guid.NewGuid():N}.ckpt");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => engine.Restore(path));
            StringAssert.Contains(e.Message, path);
            Assert.AreEqual(path, RtuFormatError.FileOf(e));
            Assert.ThrowsExactly<FileNotFoundException>(() => engine.Restore(path + ".missing"));
            // A directory is named as one, not as a file that does not exist (an outside audit).
            var d = Assert.ThrowsExactly<FileNotFoundException>(() => engine.Restore(Path.GetTempPath()));
            StringAssert.Contains(d.Message, "is a directory");
        }
        finally { File.Delete(path); }
    }
}
