using Microsoft.ML;
using Rtu.MLNet.Tests.Reliability;

namespace Rtu.MLNet.Tests.Control;

[TestClass]
public sealed class PolicyReliabilityTests
{
    private static byte[] SavedPolicy(out IDataView data)
    {
        var ml = new MLContext(1);
        data = ml.Data.LoadFromEnumerable(ControlTestKit.Log(10));
        return ReliabilityFixture.SaveModel(ControlTestKit.Policy(), data.Schema);
    }

    [TestMethod]
    public void ACraftedPolicyPartWithAbsurdSizesIsRefusedBeforeAllocating()
    {
        byte[] container = SavedPolicy(out _);
        var part = (byte[])ReliabilityFixture.Entries(container)["parts/0.rtu"].Clone();
        // PolicyModel: … options, int32 observation size (2), int32 discrete count (3), int32 continuous size (0).
        byte[] sizes = [2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        int at = part.AsSpan().IndexOf(sizes);
        Assert.IsGreaterThan(0, at);
        BitConverter.GetBytes(1_000_000).CopyTo(part, at);
        var crafted = ContainerEdits.WithEntry(container, "parts/0.rtu", part);
        InvalidDataException? e = null;
        long allocated = ReliabilityFixture.AllocatedBy(() => e = Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(new MLContext(1), new MemoryStream(crafted), out _)));
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
        Assert.AreEqual("parts/0.rtu", RtuFormatError.PartOf(e!));
        StringAssert.Contains(e!.Message, "limits");
    }

    [TestMethod]
    public void AStoredPolicyWithAnInvertedActionBoxIsRefused()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(ControlTestKit.Log(10, continuous: true));
        byte[] container = ReliabilityFixture.SaveModel(ControlTestKit.Policy(continuous: true), data.Schema);
        var part = (byte[])ReliabilityFixture.Entries(container)["parts/0.rtu"].Clone();
        // PolicyModel: … observation size (2), discrete count (0), continuous size (1), then the box's Low (−1f) and High (1f).
        byte[] box = [2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, .. BitConverter.GetBytes(-1f), .. BitConverter.GetBytes(1f)];
        int at = part.AsSpan().IndexOf(box);
        Assert.IsGreaterThan(0, at);
        BitConverter.GetBytes(2f).CopyTo(part, at + 12);   // Low 2 > High 1: every action would have been clipped into nothing
        var crafted = ContainerEdits.WithEntry(container, "parts/0.rtu", part);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(ml, new MemoryStream(crafted), out _));
        StringAssert.Contains(e.Message, "action box [2, 1] is invalid");
        Assert.AreEqual("parts/0.rtu", RtuFormatError.PartOf(e));
    }

    [TestMethod]
    public void ACorruptOrTruncatedPolicyFileIsAnInvalidDataException()
    {
        byte[] container = SavedPolicy(out _);
        var part = (byte[])ReliabilityFixture.Entries(container)["parts/0.rtu"].Clone();
        foreach (int cut in new[] { 10, part.Length / 3, part.Length - 5 })
        {
            var crafted = ContainerEdits.WithEntry(container, "parts/0.rtu", part.AsSpan(0, cut).ToArray());
            var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(new MLContext(1), new MemoryStream(crafted), out _), $"cut at {cut}");
            Assert.AreEqual("parts/0.rtu", RtuFormatError.PartOf(e));
        }
        var flipped = (byte[])container.Clone();
        flipped[flipped.Length / 2] ^= 0x5A;
        Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(new MLContext(1), new MemoryStream(flipped), out _));
    }

    [TestMethod]
    public void ACorruptEngineCheckpointLeavesTheEngineUnchanged()
    {
        var engine = ControlTestKit.Policy().CreateStreamingEngine(learn: true);
        engine.Act("a", [0.5f, 1f]);
        engine.Reward("a", -1);
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        byte[] bytes = ms.ToArray();
        var target = ControlTestKit.Policy().CreateStreamingEngine(learn: true);
        target.Act("b", [0, 0]);
        foreach (var bad in new[] { bytes.AsSpan(0, bytes.Length - 40).ToArray(), Flip(bytes, bytes.Length / 2) })
        {
            Assert.ThrowsExactly<InvalidDataException>(() => target.Restore(new MemoryStream(bad)));
            CollectionAssert.AreEqual(new[] { "b" }, target.StreamIds.ToArray(), "a failed restore leaves the engine unchanged");
        }
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Environment.ProcessId}.ckpt");
        Assert.ThrowsExactly<FileNotFoundException>(() => target.Restore(path));
    }

    private static byte[] Flip(byte[] b, int at) { var c = (byte[])b.Clone(); c[at] ^= 0x21; return c; }
}
