using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ModelBinaryTests
{
    private static byte[] Written(Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) write(w);
        return ms.ToArray();
    }

    [TestMethod]
    public void RunsAreWrittenAsBinaryWriterWritesEachValueAndReadBack()
    {
        // NaN payloads, signed zeros, subnormals and infinities included: the saved form is bit for bit the same.
        float[] floats = [1.5f, -0f, float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), float.Epsilon, float.NegativeInfinity, 3e38f];
        double[] doubles = [Math.PI, -0.0, double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_4321), double.Epsilon, double.PositiveInfinity];
        long[] longs = [0, -1, long.MaxValue, long.MinValue, 1_234_567_890_123];
        CollectionAssert.AreEqual(Written(w => { foreach (float v in floats) w.Write(v); }), Written(w => ModelBinary.WriteValues<float>(w, floats)));
        CollectionAssert.AreEqual(Written(w => { foreach (double v in doubles) w.Write(v); }), Written(w => ModelBinary.WriteValues<double>(w, doubles)));
        CollectionAssert.AreEqual(Written(w => { foreach (long v in longs) w.Write(v); }), Written(w => ModelBinary.WriteValues<long>(w, longs)));

        var bytes = Written(w => { ModelBinary.WriteValues<float>(w, floats); ModelBinary.WriteValues<double>(w, doubles); ModelBinary.WriteValues<long>(w, longs); w.Write(7); });
        using var r = new BinaryReader(new MemoryStream(bytes));
        var f = new float[floats.Length]; var d = new double[doubles.Length]; var l = new long[longs.Length];
        ModelBinary.ReadValues<float>(r, f); ModelBinary.ReadValues<double>(r, d); ModelBinary.ReadValues<long>(r, l);
        CollectionAssert.AreEqual(floats.Select(BitConverter.SingleToInt32Bits).ToArray(), f.Select(BitConverter.SingleToInt32Bits).ToArray());
        CollectionAssert.AreEqual(doubles.Select(BitConverter.DoubleToInt64Bits).ToArray(), d.Select(BitConverter.DoubleToInt64Bits).ToArray());
        CollectionAssert.AreEqual(longs, l);
        Assert.AreEqual(7, r.ReadInt32(), "the next value follows the run");
    }

    [TestMethod]
    public void ARunCutShortEndsTheStreamAsAValueReadAloneWould()
    {
        var bytes = Written(w => ModelBinary.WriteValues<double>(w, new double[10]));
        foreach (int kept in new[] { 0, 1, 8, 79 })
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, kept));
            Assert.ThrowsExactly<EndOfStreamException>(() => ModelBinary.ReadValues<double>(r, new double[10]), $"{kept} bytes");
        }
    }

    [TestMethod]
    public void ARunIsReadWhateverTheStreamHandsBackPerRead()
    {
        // A stream that returns at most 3 bytes per read (a network or decompressing stream does): the run is still read whole.
        var values = Enumerable.Range(0, 100).Select(i => i * 0.37).ToArray();
        var bytes = Written(w => ModelBinary.WriteValues<double>(w, values));
        using var r = new BinaryReader(new TrickleStream(bytes));
        var read = new double[values.Length];
        ModelBinary.ReadValues<double>(r, read);
        CollectionAssert.AreEqual(values, read);
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(3, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(3, count));
    }
}
