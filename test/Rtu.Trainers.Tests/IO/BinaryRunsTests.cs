using Rtu.Trainers.IO;

namespace Rtu.Trainers.Tests.IO;

[TestClass]
public sealed class BinaryRunsTests
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
        CollectionAssert.AreEqual(Written(w => { foreach (float v in floats) w.Write(v); }), Written(w => BinaryRuns.Write<float>(w, floats)));
        CollectionAssert.AreEqual(Written(w => { foreach (double v in doubles) w.Write(v); }), Written(w => BinaryRuns.Write<double>(w, doubles)));
        CollectionAssert.AreEqual(Written(w => { foreach (long v in longs) w.Write(v); }), Written(w => BinaryRuns.Write<long>(w, longs)));

        var bytes = Written(w => { BinaryRuns.Write<float>(w, floats); BinaryRuns.Write<double>(w, doubles); BinaryRuns.Write<long>(w, longs); w.Write(7); });
        using var r = new BinaryReader(new MemoryStream(bytes));
        var f = new float[floats.Length]; var d = new double[doubles.Length]; var l = new long[longs.Length];
        BinaryRuns.Read<float>(r, f); BinaryRuns.Read<double>(r, d); BinaryRuns.Read<long>(r, l);
        CollectionAssert.AreEqual(floats.Select(BitConverter.SingleToInt32Bits).ToArray(), f.Select(BitConverter.SingleToInt32Bits).ToArray());
        CollectionAssert.AreEqual(doubles.Select(BitConverter.DoubleToInt64Bits).ToArray(), d.Select(BitConverter.DoubleToInt64Bits).ToArray());
        CollectionAssert.AreEqual(longs, l);
        Assert.AreEqual(7, r.ReadInt32(), "the next value follows the run");
    }

    [TestMethod]
    public void Float64RunsAreWhatEachValueWrittenAsADoubleWasAndConvertBack()
    {
        // A float model's parameters and moments are written as float64 (so they reload bit-exact), in chunks of a stack
        // buffer: 300 values span three of them.
        var floats = Enumerable.Range(0, 300).Select(i => i == 7 ? float.NaN : (float)Math.Sin(i) * MathF.Pow(10, i % 40 - 20)).ToArray();
        CollectionAssert.AreEqual(Written(w => { foreach (float v in floats) w.Write((double)v); }), Written(w => BinaryRuns.WriteFloat64<float>(w, floats)));
        int[] ints = [0, -1, int.MaxValue, int.MinValue];
        CollectionAssert.AreEqual(Written(w => { foreach (int v in ints) w.Write(v); }), Written(w => BinaryRuns.Write<int>(w, ints)));

        using var r = new BinaryReader(new MemoryStream(Written(w => BinaryRuns.WriteFloat64<float>(w, floats))));
        var read = new float[floats.Length];
        var seen = new List<int>();
        BinaryRuns.ReadFloat64<float>(r, read, (i, stored, converted) => { seen.Add(i); Assert.AreEqual((float)stored, converted); });
        CollectionAssert.AreEqual(floats.Select(BitConverter.SingleToInt32Bits).ToArray(), read.Select(BitConverter.SingleToInt32Bits).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, floats.Length).ToArray(), seen, "every value is checked, in order");

        // A double beyond float's range converts to ∞, which the check sees (ParameterSet refuses it there).
        using var big = new BinaryReader(new MemoryStream(Written(w => { w.Write(1.0); w.Write(-1e300); })));
        var pair = new float[2];
        var error = Assert.ThrowsExactly<InvalidDataException>(() => BinaryRuns.ReadFloat64<float>(big, pair, (i, stored, x) => { if (!float.IsFinite(x)) throw new InvalidDataException($"value {i} is {stored}"); }));
        StringAssert.Contains(error.Message, "value 1 is -1E+300");
    }

    [TestMethod]
    public void ARunCutShortEndsTheStreamAsAValueReadAloneWould()
    {
        var bytes = Written(w => BinaryRuns.Write<double>(w, new double[10]));
        foreach (int kept in new[] { 0, 1, 8, 79 })
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, kept));
            Assert.ThrowsExactly<EndOfStreamException>(() => BinaryRuns.Read<double>(r, new double[10]), $"{kept} bytes");
        }
    }

    [TestMethod]
    public void ARunIsReadWhateverTheStreamHandsBackPerRead()
    {
        // A stream that returns at most 3 bytes per read (a network or decompressing stream does): the run is still read whole.
        var values = Enumerable.Range(0, 100).Select(i => i * 0.37).ToArray();
        var bytes = Written(w => BinaryRuns.Write<double>(w, values));
        using var r = new BinaryReader(new TrickleStream(bytes));
        var read = new double[values.Length];
        BinaryRuns.Read<double>(r, read);
        CollectionAssert.AreEqual(values, read);
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(3, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(3, count));
    }
}
