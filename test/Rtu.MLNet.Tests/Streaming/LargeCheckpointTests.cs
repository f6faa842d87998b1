using System.Security.Cryptography;
using System.Text;
using Rtu.MLNet.Tests.Reliability;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A checkpoint is written and read as it goes, one stream at a time, with an incremental SHA-256: its size is limited
/// by the disk, not by an array. Before, the streams' part was built in one MemoryStream and Restore refused a declared
/// length above Array.MaxLength: an engine of 82,000 forecast streams (27 KB each, 2.2 GB) could not checkpoint at all
/// (an audit: OutOfMemoryException after 95 s, 12.1 GB peak working set).
/// </summary>
[TestClass]
public sealed class LargeCheckpointTests
{
    // A model large on disk and small in memory: [layout 1][int32 value][Padding zero bytes].
    private sealed class Wide(int value)
    {
        public int Value = value;
    }

    private static KeyedStreams<Wide> WideStreams(int padding)
    {
        var zeros = new byte[padding];
        return new(new Wide(0), "wide", m => new Wide(m.Value), (m, w) => { w.Write((byte)1); w.Write(m.Value); w.Write(zeros); },
            r =>
            {
                if (r.ReadByte() != 1) throw new InvalidDataException("layout");
                var m = new Wide(r.ReadInt32());
                r.BaseStream.Position += padding;
                return m;
            },
            _ => [(0, 1)], keyedFormat: 1);
    }

    // The layout documented in KeyedStreams, built here byte by byte.
    private static byte[] Documented(KeyedStreams<Wide> streams, IEnumerable<(string Key, int Value)> models, int padding)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("wide");
            using (var p = new MemoryStream()) { using (var pw = new BinaryWriter(p, Encoding.UTF8, leaveOpen: true)) { pw.Write((byte)1); pw.Write(0); pw.Write(new byte[padding]); } w.Write(StoredPrototype.Of(p.ToArray(), [])); }
            var sorted = models.OrderBy(m => m.Key, StringComparer.Ordinal).ToArray();
            w.Write(sorted.Length);
            foreach (var (key, value) in sorted)
            {
                w.Write(key.Length);
                foreach (char c in key) w.Write((ushort)c);
                w.Write(5 + padding);
                w.Write((byte)1); w.Write(value); w.Write(new byte[padding]);
            }
        }
        using var all = new MemoryStream();
        using (var o = new BinaryWriter(all, Encoding.UTF8, leaveOpen: true))
        {
            o.Write(KeyedStreams<Wide>.Magic); o.Write(1); o.Write(payload.Length); o.Write(payload.ToArray()); o.Write(SHA256.HashData(payload.ToArray()));
        }
        return all.ToArray();
    }

    [TestMethod]
    public void ACheckpointIsWrittenInChunksAndRestoredWithoutHoldingIt()
    {
        const int padding = 16384, count = 1000;
        var streams = WideStreams(padding);
        var models = Enumerable.Range(0, count).Select(i => ($"k{i:D4}", i * 7 - 3)).ToArray();
        foreach (var (key, value) in models) streams.With(key, m => m.Value = value);
        byte[] expected = Documented(streams, models, padding);

        // Seekable and unseekable destinations get the same bytes, the layout as documented (unchanged: version 1 here).
        using (var ms = new MemoryStream()) { streams.Checkpoint(ms, 1); CollectionAssert.AreEqual(expected, ms.ToArray()); }
        var sink = new RecordingSink(keep: true);
        streams.Checkpoint(sink, 1);
        CollectionAssert.AreEqual(expected, sink.Bytes.ToArray());
        Assert.IsLessThanOrEqualTo(HashedWriter.ChunkSize, sink.LargestWrite, "the payload is written in chunks");

        // Writing allocates one stream's bytes and a chunk, not the payload (before: the payload two or three times).
        var counting = new RecordingSink(keep: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        streams.Checkpoint(counting, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(expected.LongLength, counting.Count);
        Assert.IsLessThan(expected.Length / 8, allocated, $"checkpoint of {expected.Length:N0} bytes allocated {allocated:N0}");

        // Reading allocates the restored models (small here), one stream's bytes and chunks, never the payload.
        foreach (var source in new Func<Stream>[] { () => new MemoryStream(expected, writable: false), () => new UnseekableStream(expected) })
        {
            var restored = WideStreams(padding);
            restored.With("old", m => m.Value = 1);
            using var s = source();
            before = GC.GetAllocatedBytesForCurrentThread();
            restored.Restore(s, 1);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsLessThan(expected.Length / 8, allocated, $"restore of {expected.Length:N0} bytes ({s.GetType().Name}) allocated {allocated:N0}");
            CollectionAssert.AreEquivalent(models.Select(m => m.Item1).ToArray(), restored.Keys.ToArray());
            foreach (var (key, value) in models) Assert.AreEqual(value, restored.With(key, m => m.Value), key);
        }
    }

    /// <summary>
    /// A checkpoint above 2 GiB (2,100 streams of 1 MiB, in memory a few bytes each) is written, and one generated as
    /// documented is restored, each in bounded memory; the two have the same checksum, so the same bytes.
    /// </summary>
    [TestMethod]
    public void ACheckpointAboveTwoGibibytesIsWrittenAndRestoredInBoundedMemory()
    {
        const int padding = 1 << 20, count = 2100;
        var streams = WideStreams(padding);
        for (int i = 0; i < count; i++) { int v = i; streams.With($"s{i:D4}", m => m.Value = v); }
        var sink = new RecordingSink(keep: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        streams.Checkpoint(sink, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsGreaterThan((long)Array.MaxLength, sink.Count);
        Assert.IsLessThan(16L << 20, allocated, $"writing {sink.Count:N0} bytes allocated {allocated:N0}");

        var restored = WideStreams(padding);
        restored.With("old", m => m.Value = -1);
        using var source = new GeneratedCheckpoint(count, padding);
        before = GC.GetAllocatedBytesForCurrentThread();
        restored.Restore(source, 1);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(sink.Count, source.Count, "the generated checkpoint has the written one's length");
        CollectionAssert.AreEqual(source.PayloadHash, sink.Last32, "and its checksum");
        Assert.IsLessThan(16L << 20, allocated, $"restoring {source.Count:N0} bytes allocated {allocated:N0}");
        Assert.AreEqual(count, restored.Keys.Count);
        for (int i = 0; i < count; i += 97) Assert.AreEqual(i, restored.With($"s{i:D4}", m => m.Value));
    }

    // The documented layout of `count` Wide streams (key s0000…, value its number), generated as it is read: an
    // unseekable source of any size in a few kilobytes.
    private sealed class GeneratedCheckpoint(int count, int padding) : Stream
    {
        private IEnumerator<ReadOnlyMemory<byte>>? _parts;
        private ReadOnlyMemory<byte> _current;
        public byte[] PayloadHash = [];
        public long Count;

        private IEnumerable<ReadOnlyMemory<byte>> Parts()
        {
            var zeros = new byte[padding];
            var prototype = new byte[5 + padding];
            prototype[0] = 1;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            ReadOnlyMemory<byte> Hashed(byte[] bytes) { hash.AppendData(bytes); return bytes; }
            var head = new MemoryStream();
            var w = new BinaryWriter(head);
            w.Write("wide"); w.Write(StoredPrototype.Of(prototype, [])); w.Write(count);
            byte[] payloadHead = head.ToArray();
            long length = payloadHead.Length + count * (4L + 10 + 4 + 5 + padding);
            head.SetLength(0);
            w.Write(KeyedStreams<Wide>.Magic); w.Write(1); w.Write(length);
            yield return head.ToArray();
            yield return Hashed(payloadHead);
            var record = new byte[4 + 10 + 4 + 5];
            for (int i = 0; i < count; i++)
            {
                BitConverter.TryWriteBytes(record.AsSpan(0), 5);
                string key = $"s{i:D4}";
                for (int c = 0; c < 5; c++) BitConverter.TryWriteBytes(record.AsSpan(4 + 2 * c), (ushort)key[c]);
                BitConverter.TryWriteBytes(record.AsSpan(14), 5 + padding);
                record[18] = 1;
                BitConverter.TryWriteBytes(record.AsSpan(19), i);
                yield return Hashed(record);
                yield return Hashed(zeros);
            }
            PayloadHash = hash.GetHashAndReset();
            yield return PayloadHash;
        }

        public override int Read(Span<byte> buffer)
        {
            _parts ??= Parts().GetEnumerator();
            while (_current.IsEmpty)
            {
                if (!_parts.MoveNext()) return 0;
                _current = _parts.Current;
            }
            int n = Math.Min(buffer.Length, _current.Length);
            _current.Span[..n].CopyTo(buffer);
            _current = _current[n..];
            Count += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [TestMethod]
    public void ACheckpointCutShortIsReportedAsTruncatedFromASourceThatCannotSeek()
    {
        // An outside audit: the first half of a checkpoint read through a source that cannot seek was reported as "the
        // stream's settings or sizes differ from this engine's model" (a model mismatch), where a file said "truncated".
        var streams = WideStreams(16);
        foreach (string k in new[] { "a", "b", "c", "d" }) streams.With(k, m => m.Value = k[0]);
        using var ms = new MemoryStream();
        streams.Checkpoint(ms, 1);
        byte[] good = ms.ToArray();
        foreach (int cut in new[] { good.Length / 3, good.Length / 2, good.Length - 40, good.Length - 1 })
            foreach (var source in new Stream[] { new MemoryStream(good[..cut], writable: false), new UnseekableStream(good[..cut]) })
            {
                var e = Assert.ThrowsExactly<InvalidDataException>(() => streams.Restore(source, 1));
                StringAssert.Contains(e.Message, "truncated", $"cut at {cut} of {good.Length}, {source.GetType().Name}");
            }
    }

    [TestMethod]
    public void ADeclaredLengthBeyondTheArrayLimitIsReadAsDeclaredAndNeverAllocated()
    {
        // It was refused as a corrupt length; now it is read as it comes and refused where the bytes end.
        var streams = WideStreams(16);
        streams.With("kept", m => m.Value = 42);
        using var ms = new MemoryStream();
        streams.Checkpoint(ms, 1);
        byte[] good = ms.ToArray();
        foreach (long declared in new[] { (long)Array.MaxLength + 1, 3L << 30, long.MaxValue - 8 })
        {
            var hostile = (byte[])good.Clone();
            BitConverter.GetBytes(declared).CopyTo(hostile, ReliabilityFixture.LengthFieldOffset);
            foreach (var source in new Stream[] { new MemoryStream(hostile, writable: false), new UnseekableStream(hostile) })
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var e = Assert.ThrowsExactly<InvalidDataException>(() => streams.Restore(source, 1));
                Assert.IsLessThan(1L << 20, GC.GetAllocatedBytesForCurrentThread() - before);
                StringAssert.Contains(e.Message, "truncated", $"{declared} {source.GetType().Name}");
                CollectionAssert.AreEqual(new[] { "kept" }, streams.Keys.ToArray());
                Assert.AreEqual(42, streams.With("kept", m => m.Value));
            }
        }
        Assert.Contains("length field is corrupt", Assert.ThrowsExactly<InvalidDataException>(() =>
        {
            var negative = (byte[])good.Clone();
            BitConverter.GetBytes(-1L).CopyTo(negative, ReliabilityFixture.LengthFieldOffset);
            streams.Restore(new UnseekableStream(negative), 1);
        }).Message);
    }

    [TestMethod]
    public void DamagedCheckpointsFromAnUnseekableSourceAreRefusedAndChangeNothing()
    {
        var engine = ReliabilityFixture.EngineWithStreams(4);
        byte[] good = ReliabilityFixture.Checkpoint(engine);
        var target = ReliabilityFixture.EngineWithStreams(2, steps: 7);
        var before = target.StreamIds.Order(StringComparer.Ordinal).Select(id => (id, target.Forecast(id))).ToArray();
        void Unchanged(string what)
        {
            CollectionAssert.AreEqual(before.Select(b => b.id).ToArray(), target.StreamIds.Order(StringComparer.Ordinal).ToArray(), what);
            foreach (var (id, forecast) in before) CollectionAssert.AreEqual(forecast, target.Forecast(id), what);
        }
        long length = BitConverter.ToInt64(good, ReliabilityFixture.LengthFieldOffset);
        // A flipped bit anywhere in the streams' part or its checksum is a checksum mismatch, as when the checksum was
        // checked before anything was read (the stream is read once: a damaged model is not reported as such).
        for (long at = ReliabilityFixture.PayloadOffset; at < ReliabilityFixture.PayloadOffset + length + 32; at += Math.Max(1, length / 37))
        {
            var bad = (byte[])good.Clone();
            bad[at] ^= 0x10;
            var e = Assert.ThrowsExactly<InvalidDataException>(() => target.Restore(new UnseekableStream(bad)), $"flip at {at}");
            StringAssert.Contains(e.Message, "checksum mismatch", $"flip at {at}");
            Unchanged($"flip at {at}");
        }
        for (int cut = 0; cut < good.Length; cut += Math.Max(1, good.Length / 41))
        {
            Assert.ThrowsExactly<InvalidDataException>(() => target.Restore(new UnseekableStream(good[..cut])), $"cut at {cut}");
            Unchanged($"cut at {cut}");
        }
        // A hash-valid stream whose model is damaged is refused by the model's checks, naming the stream.
        var crafted = (byte[])good.Clone();
        int settings = ReliabilityFixture.FirstLearnerSettings(crafted);
        crafted[settings + 3] ^= 0x40;
        ReliabilityFixture.Rehash(crafted);
        var refused = Assert.ThrowsExactly<InvalidDataException>(() => target.Restore(new UnseekableStream(crafted)));
        StringAssert.Contains(RtuFormatError.PartOf(refused) ?? "", "stream");
        Unchanged("crafted");
    }

    [TestMethod]
    public void ManyStreamsCheckpointToAnyDestinationAndContinueBitForBitFromAnUnseekableSource()
    {
        var engine = ReliabilityFixture.EngineWithStreams(40);
        byte[] seekable = ReliabilityFixture.Checkpoint(engine);
        var sink = new RecordingSink(keep: true);
        engine.Checkpoint(sink);
        CollectionAssert.AreEqual(seekable, sink.Bytes.ToArray(), "a destination that cannot seek gets the same bytes");
        string file = Path.Combine(Path.GetTempPath(), $"rtu-large-{Guid.NewGuid():N}.ckpt");
        try
        {
            engine.Checkpoint(file);
            CollectionAssert.AreEqual(seekable, File.ReadAllBytes(file), "the atomic file holds the same bytes");
        }
        finally { File.Delete(file); }
        var restored = ReliabilityFixture.ForecasterOf(12).CreateStreamingEngine();
        restored.Restore(new UnseekableStream(seekable));
        var rows = TestData.Series(12);
        for (int t = 6; t < 12; t++)
            foreach (var id in engine.StreamIds.Order(StringComparer.Ordinal))
                CollectionAssert.AreEqual(engine.Observe(id, rows[t].Value, [rows[t].Temperature]), restored.Observe(id, rows[t].Value, [rows[t].Temperature]), $"{id} at {t}");
    }

    [TestMethod]
    public void AStreamOfAnotherLengthIsPatchedIntoASeekableDestinationAndRefusedByOneThatCannotSeek()
    {
        // Every stream serialises to the model's length (Restore refuses any other), so the length is declared up front;
        // should one ever differ, a seekable destination gets the length written (and Restore refuses it, as before).
        var streams = new KeyedStreams<Wide>(new Wide(0), "varying", m => new Wide(m.Value), (m, w) => { w.Write((byte)1); w.Write(m.Value); if (m.Value > 0) w.Write((byte)0); },
            r => new Wide(r.ReadByte() == 1 ? r.ReadInt32() : throw new InvalidDataException("layout")), _ => [(0, 1)], keyedFormat: 1);
        streams.With("a", m => m.Value = 5);
        using var ms = new MemoryStream();
        streams.Checkpoint(ms, 1);
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(bytes.Length - ReliabilityFixture.PayloadOffset - 32, BitConverter.ToInt64(bytes, ReliabilityFixture.LengthFieldOffset));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => streams.Restore(new MemoryStream(bytes), 1)).Message, "holds 6 bytes");
        Assert.ThrowsExactly<InvalidOperationException>(() => streams.Checkpoint(new RecordingSink(keep: false), 1));
    }

    [TestMethod]
    public void AHashValidClockSectionThatClaimsMoreClocksThanItHoldsIsRefused()
    {
        var fitted = TimedFixture();
        var engine = fitted.CreateStreamingEngine();
        var t0 = new DateTime(2000, 1, 31).AddMonths(55);
        engine.Observe("a", t0, 10f, [0.1f], new float[3], true);
        using var checkpoint = new MemoryStream();
        engine.Checkpoint(checkpoint);
        byte[] good = checkpoint.ToArray();
        long length = BitConverter.ToInt64(good, ReliabilityFixture.LengthFieldOffset);
        int clocks = ReliabilityFixture.PayloadOffset + (int)length + 32;
        int count = clocks + 1 + "Rtu.MLNet.StreamClocks".Length;
        Assert.AreEqual(1, BitConverter.ToInt32(good, count));
        var bad = (byte[])good.Clone();
        BitConverter.GetBytes(2).CopyTo(bad, count);
        SHA256.HashData(bad.AsSpan(clocks, bad.Length - 32 - clocks)).CopyTo(bad, bad.Length - 32);
        var target = fitted.CreateStreamingEngine();
        target.Observe("b", t0, 3f, [0.1f], new float[3], true);
        foreach (var source in new Stream[] { new MemoryStream(bad), new UnseekableStream(bad) })
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => target.Restore(source));
            StringAssert.Contains(e.Message, "stream clock", e.ToString());
            CollectionAssert.AreEqual(new[] { "b" }, target.StreamIds.ToArray());
        }
        target.Restore(new UnseekableStream(good));
        Assert.ThrowsExactly<InvalidOperationException>(() => target.Observe("a", t0, 3f, [0.1f], new float[3], true), "the clock came back");
    }

    /// <summary>The format-11 checkpoint fixture (an older library's, the old gated defaults) restores alike from a source that cannot seek.</summary>
    [TestMethod]
    public void TheOlderFormatFixtureRestoresAlikeFromAnUnseekableSource()
    {
        string data = Path.Combine(Rtu.Tests.Shared.RealSeries.RepositoryRoot(), "test", "Rtu.MLNet.Tests", "Data");
        var model = ReliabilityFixture.Ml.Model.LoadRtu(Path.Combine(data, "gated-pipeline-format11.zip"), out _);
        var forecaster = ((IEnumerable<Microsoft.ML.ITransformer>)model).OfType<RtuForecastingTransformer>().Single();
        var fromFile = forecaster.CreateStreamingEngine();
        fromFile.Restore(Path.Combine(data, "gated-forecast-engine-format11.ckpt"));
        var fromStream = forecaster.CreateStreamingEngine();
        fromStream.Restore(new UnseekableStream(File.ReadAllBytes(Path.Combine(data, "gated-forecast-engine-format11.ckpt"))));
        CollectionAssert.AreEquivalent(fromFile.StreamIds.ToArray(), fromStream.StreamIds.ToArray());
        var rows = TestData.Series(150);
        for (int t = 130; t < 150; t++)
            foreach (var key in new[] { t % 2 == 0 ? "a" : "b", "fresh" })
                CollectionAssert.AreEqual(fromFile.Observe(key, rows[t].Value, [rows[t].Temperature]), fromStream.Observe(key, rows[t].Value, [rows[t].Temperature]), $"{key} at {t}");
    }

    // Two sensors, monthly (as in TimedEngineTests, without gaps).
    private static RtuForecastingTransformer TimedFixture()
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time";
        o.SeriesKeyColumnName = "Sensor";
        o.SeasonLength = 0;
        var rows = Enumerable.Range(0, 50).SelectMany(t => new[] { "a", "b" }.Select((k, s) =>
        {
            var p = TestData.Series(50, seed: 7 + s, withMissing: false)[t];
            return new TimedPoint { Sensor = k, Time = new DateTime(2000, 1, 31).AddMonths(t), Value = p.Value * (1 + s), Temperature = p.Temperature };
        })).ToArray();
        return ReliabilityFixture.Ml.Forecasting.ForecastByRtu(o).Fit(ReliabilityFixture.Ml.Data.LoadFromEnumerable(rows));
    }

    // A network-like source: no length, no seeking.
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }

    // A destination that cannot seek: counts (and keeps, if asked) what is written, and the largest single write.
    private sealed class RecordingSink(bool keep) : Stream
    {
        public readonly MemoryStream Bytes = new();
        public long Count, LargestWrite;
        public byte[] Last32 = new byte[32];
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count += buffer.Length;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            if (keep) Bytes.Write(buffer);
            if (buffer.Length >= 32) buffer[^32..].CopyTo(Last32);
            else { Last32.AsSpan(buffer.Length).CopyTo(Last32); buffer.CopyTo(Last32.AsSpan(32 - buffer.Length)); }
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
