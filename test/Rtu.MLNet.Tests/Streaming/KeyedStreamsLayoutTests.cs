using System.Text;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Checkpoints that an older library took (the model in an older layout, so another fingerprint) restore into an engine
/// whose model was read from that library's file (<see cref="StoredPrototype"/>), and only there.
/// </summary>
[TestClass]
public sealed class KeyedStreamsLayoutTests
{
    // A toy model with two layouts: layout 1 is [1][value], layout 2 (today's) [2][value][scale]; both load.
    private sealed class Toy(int value, int scale)
    {
        public int Value = value, Scale = scale;

        public static void SaveLayout1(Toy t, BinaryWriter w) { w.Write((byte)1); w.Write(t.Value); }

        public static void SaveLayout2(Toy t, BinaryWriter w) { w.Write((byte)2); w.Write(t.Value); w.Write(t.Scale); }

        public static Toy Load(BinaryReader r) => r.ReadByte() switch
        {
            1 => new Toy(r.ReadInt32(), 1),
            2 => new Toy(r.ReadInt32(), r.ReadInt32()),
            var b => throw new InvalidDataException($"layout {b}"),
        };
    }

    private static byte[] Bytes(Action<Toy, BinaryWriter> save, Toy t)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) save(t, w);
        return ms.ToArray();
    }

    // The layout byte fixes the size: it must equal the prototype's in every stream.
    private static KeyedStreams<Toy> Streams(Action<Toy, BinaryWriter> save, StoredPrototype? stored = null) =>
        new(new Toy(0, 1), "toy", t => new Toy(t.Value, t.Scale), save, Toy.Load, _ => [(0, 1)], keyedFormat: 1, stored: stored);

    private static byte[] CheckpointOfThen()
    {
        var then = Streams(Toy.SaveLayout1);
        then.With("a", m => m.Value = 7);
        then.With("b", m => m.Value = -3);
        using var ms = new MemoryStream();
        then.Checkpoint(ms, 1);
        return ms.ToArray();
    }

    [TestMethod]
    public void AnOlderLayoutsCheckpointRestoresOnlyWithTheFilesBytes()
    {
        var checkpoint = CheckpointOfThen();
        var fresh = Streams(Toy.SaveLayout2);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => fresh.Restore(new MemoryStream(checkpoint), 1));
        StringAssert.Contains(e.Message, "different model");

        byte[] fileBytes = Bytes(Toy.SaveLayout1, new Toy(0, 1));
        var upgraded = Streams(Toy.SaveLayout2, new StoredPrototype(fileBytes, StoredPrototype.Of(fileBytes, [])));
        upgraded.Restore(new MemoryStream(checkpoint), 1);
        Assert.AreEqual(7, upgraded.With("a", m => m.Value));
        Assert.AreEqual(-3, upgraded.With("b", m => m.Value));

        // What it writes next is today's layout, which today's engines read without the file's bytes.
        using var again = new MemoryStream();
        upgraded.Checkpoint(again, 1);
        var today = Streams(Toy.SaveLayout2);
        today.Restore(new MemoryStream(again.ToArray()), 1);
        Assert.AreEqual(7, today.With("a", m => m.Value));
    }

    [TestMethod]
    public void AnOlderLayoutsStreamsAreCheckedAgainstTheFilesBytes()
    {
        // A stream whose size-fixing byte is not the file prototype's is refused, and the engine keeps its streams.
        var checkpoint = CheckpointOfThen();
        int layoutByte = Array.LastIndexOf(checkpoint, (byte)1, checkpoint.Length - 32 - 5);
        Assert.AreEqual(-3, BitConverter.ToInt32(checkpoint, layoutByte + 1), "the last stream's layout byte");
        checkpoint[layoutByte] = 2;
        Reliability.ReliabilityFixture.Rehash(checkpoint);
        byte[] fileBytes = Bytes(Toy.SaveLayout1, new Toy(0, 1));
        var upgraded = Streams(Toy.SaveLayout2, new StoredPrototype(fileBytes, StoredPrototype.Of(fileBytes, [])));
        upgraded.With("kept", m => m.Value = 1);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => upgraded.Restore(new MemoryStream(checkpoint), 1));
        StringAssert.Contains(e.Message, "settings or sizes differ");
        CollectionAssert.AreEqual(new[] { "kept" }, upgraded.Keys.ToArray());
    }
}
