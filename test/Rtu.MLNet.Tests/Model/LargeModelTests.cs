using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Rtu.MLNet.Tests.Reliability;
using Rtu.Tests.Shared;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A model container's RTU part is written into its zip entry as it goes (one series at a time, hashed incrementally,
/// the manifest with its checksum after it) and read in two passes over the entry (the checksum, then the models),
/// never held whole. Before, the part was built, hashed and read as one array: a keyed model of more than about
/// 79,600 series (27 KB each: horizon 3, season 12, default units) passed 2 GiB, and SaveRtu threw (82,000 series:
/// IOException "Stream was too long" after 17.8 s) while LoadRtu refused any entry declaring more. A manual run now
/// saves and loads 82,000 series, forecasts identical; here, small parts show the memory does not grow with the part.
/// </summary>
[TestClass]
public sealed class LargeModelTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private const int Count = 600;

    public sealed class Row { public string Key { get; set; } = ""; public float Value { get; set; } }

    // A keyed forecaster of horizon 3, season 12 and default units (27 KB a series) holding `count` series plus the
    // three it was fitted on, as ToKeyedModel gives it.
    private static (RtuForecastingTransformer Model, IDataView Data) Keyed(int count)
    {
        var rows = new List<Row>();
        for (int k = 0; k < 3; k++) for (int t = 0; t < 40; t++) rows.Add(new Row { Key = $"k{k}", Value = (float)(10 + Math.Sin(t * Math.PI / 6) + k) });
        var data = Ml.Data.LoadFromEnumerable(rows);
        var fitted = Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions { Horizon = 3, SeasonLength = 12, SeriesKeyColumnName = "Key" }).Fit(data);
        var engine = fitted.CreateStreamingEngine();
        for (int i = 0; i < count; i++)
            for (int t = 0; t < 3; t++) engine.Observe($"s{i:D4}", (float)(10 + i % 7 + Math.Sin(t + i)));
        return (engine.ToKeyedModel(), data);
    }

    private static readonly Lazy<(RtuForecastingTransformer Model, IDataView Data, byte[] Saved)> Large = new(() =>
    {
        var (model, data) = Keyed(Count);
        return (model, data, ReliabilityFixture.SaveModel(model, data.Schema));
    });

    private static long PartLength(byte[] container)
    {
        using var zip = new ZipArchive(new MemoryStream(container), ZipArchiveMode.Read);
        return zip.GetEntry("parts/0.rtu")!.Length;
    }

    [TestMethod]
    public void AKeyedModelIsSavedIntoItsEntryAsItGoes()
    {
        var (model, data, saved) = Large.Value;
        long part = PartLength(saved);
        Assert.IsGreaterThan(Count * 20_000L, part, "27 KB a series");
        // Into a sink that keeps nothing (and cannot seek): the part is never held; memory is one series and a chunk.
        var sink = new CountingSink();
        long allocated = ReliabilityFixture.AllocatedBy(() => RtuModel.Save(Ml, model, data.Schema, sink));
        Assert.IsGreaterThan(saved.Length / 2, sink.Count, "the container, to a stream that cannot seek");
        Assert.IsLessThan(part / 8, allocated, $"saving a part of {part:N0} bytes allocated {allocated:N0}");

        // The manifest now follows the entries it checks; readers find entries by name.
        using var zip = new ZipArchive(new MemoryStream(saved), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.IsLessThan(names.IndexOf("rtu-model.json"), names.IndexOf("parts/0.rtu"));
    }

    [TestMethod]
    public void AKeyedModelLoadsWithoutHoldingItsPartAndRoundTripsBitForBit()
    {
        var (model, data, saved) = Large.Value;
        long part = PartLength(saved);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-large-model-{Guid.NewGuid():N}.zip");
        try
        {
            File.WriteAllBytes(path, saved);
            RtuForecastingTransformer? loaded = null;
            long allocated = ReliabilityFixture.AllocatedBy(() => loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _));
            // What loading must allocate: the models themselves (one per series and the prototype), read here from their bytes.
            byte[] prototype = loaded!.Stored!.Bytes;
            var series = SeriesOf(ReliabilityFixture.Entries(saved)["parts/0.rtu"], prototype.Length, loaded.SeriesKeys).Select(s => s.Value).Prepend(prototype).ToArray();
            long models = ReliabilityFixture.AllocatedBy(() =>
            {
                foreach (var bytes in series) Rtu.Trainers.Online.RtuForecaster.Load(new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8));
            });
            // Before: the entry's bytes in a growing buffer, each series' bytes read and kept once more (≈ 4× the part).
            Assert.IsLessThan(part / 4, allocated - models, $"loading a part of {part:N0} bytes allocated {allocated:N0}, its {loaded.SeriesKeys.Count()} models {models:N0}");

            CollectionAssert.AreEqual(model.SeriesKeys.ToArray(), loaded.SeriesKeys.ToArray());
            var (before, after) = (model.CreateStreamingEngine(learn: false), loaded.CreateStreamingEngine(learn: false));
            foreach (var key in model.SeriesKeys) CollectionAssert.AreEqual(before.Forecast(key), after.Forecast(key), key);
            // Saved again, the part is the same, byte for byte (ML.NET's own entries carry the time they were written).
            var again = ReliabilityFixture.Entries(ReliabilityFixture.SaveModel(loaded, data.Schema));
            var first = ReliabilityFixture.Entries(saved);
            CollectionAssert.AreEquivalent(first.Keys.ToArray(), again.Keys.ToArray());
            CollectionAssert.AreEqual(first["parts/0.rtu"], again["parts/0.rtu"]);
            // The fingerprint taken as the series are read is the one taken from their bytes held together.
            var reread = ReliabilityFixture.Entries(saved)["parts/0.rtu"];
            CollectionAssert.AreEqual(StoredPrototype.Of(prototype, SeriesOf(reread, prototype.Length, loaded.SeriesKeys)), loaded.Stored.Fingerprint);
        }
        finally { File.Delete(path); }
    }

    // The key and bytes of each series in a keyed part (found by their keys: [int32 length][UTF-16 key][int32 bytes][model]).
    private static IEnumerable<KeyValuePair<string, byte[]>> SeriesOf(byte[] part, int modelLength, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var units = key.SelectMany(c => BitConverter.GetBytes((ushort)c)).ToArray();
            int at = part.AsSpan().IndexOf([.. BitConverter.GetBytes(key.Length), .. units, .. BitConverter.GetBytes(modelLength)]);
            Assert.IsGreaterThanOrEqualTo(0, at, key);
            int start = at + 4 + units.Length + 4;
            yield return KeyValuePair.Create(key, part[start..(start + modelLength)]);
        }
    }

    [TestMethod]
    public void ThePartWrittenAsItGoesIsThePartTheArrayWriterBuilt()
    {
        // The byte layout is unchanged: the part as the array writer built it (magic, part version, kind, the
        // transformer, "end") is the entry's content, and its SHA-256 is the manifest's.
        var (model, _, saved) = Large.Value;
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("Rtu.MLNet.Part"); w.Write(model.PartVersion); w.Write("rtu.forecasting");
            model.Write(w);
            w.Write("end");
        }
        var entries = ReliabilityFixture.Entries(saved);
        CollectionAssert.AreEqual(ms.ToArray(), entries["parts/0.rtu"]);
        StringAssert.Contains(ReliabilityFixture.Text(entries["rtu-model.json"]), ReliabilityFixture.Sha(ms.ToArray()));
    }

    private static InvalidDataException LoadFails(byte[] bytes, bool seekable = true)
    {
        Stream source = seekable ? new MemoryStream(bytes, writable: false) : new UnseekableStream(bytes);
        return Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(Ml, source, out _));
    }

    [TestMethod]
    public void DamagedKeyedPartsAreRefused()
    {
        var (model, data) = Keyed(20);
        byte[] saved = ReliabilityFixture.SaveModel(model, data.Schema);
        int at = LocalHeader(saved, "parts/0.rtu");
        int dataStart = at + 30 + BitConverter.ToUInt16(saved, at + 26) + BitConverter.ToUInt16(saved, at + 28);
        foreach (bool seekable in new[] { true, false })
        {
            // A flipped bit in the compressed part: a checksum or a deflate error, named as the part's.
            var flipped = (byte[])saved.Clone();
            flipped[dataStart + 200] ^= 0x10;
            var e = LoadFails(flipped, seekable);
            Assert.AreEqual("parts/0.rtu", RtuFormatError.PartOf(e), e.Message);
            StringAssert.Contains(e.Message, "corrupt");
            // Truncated inside the part.
            e = LoadFails(saved[..(dataStart + 500)], seekable);
            StringAssert.Contains(e.Message, "not an Rtu.MLNet model");
        }

        // A declared size beyond what the compressed bytes can hold is refused before anything is read or allocated; one
        // a little larger than the entry is read as far as it goes.
        int central = CentralDirectoryHeader(saved, "parts/0.rtu");
        var huge = (byte[])saved.Clone();
        BitConverter.GetBytes(0xFFFF_FFF0u).CopyTo(huge, central + 24);
        InvalidDataException? refused = null;
        long allocated = ReliabilityFixture.AllocatedBy(() => refused = LoadFails(huge));
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
        StringAssert.Contains(refused!.Message, "more than its");
        var longer = (byte[])saved.Clone();
        BitConverter.GetBytes(BitConverter.ToUInt32(saved, central + 24) + 1000).CopyTo(longer, central + 24);
        StringAssert.Contains(LoadFails(longer).Message, "does not have the size it declares");

        // A hash-valid part whose series are out of key order (every writer sorts them): the fingerprint is taken in
        // that order as they are read, so such a part is refused.
        var part = ReliabilityFixture.Entries(saved)["parts/0.rtu"];
        int length = model.Stored is null ? RtuModelLength(part) : model.Stored.Bytes.Length;
        int first = Record(part, "s0000"), second = Record(part, "s0001");
        int record = 4 + 2 * 5 + 4 + length;
        Assert.AreEqual(first + record, second);
        var swapped = (byte[])part.Clone();
        part.AsSpan(second, record).CopyTo(swapped.AsSpan(first));
        part.AsSpan(first, record).CopyTo(swapped.AsSpan(second));
        var crafted = ContainerEdits.WithEntry(saved, "parts/0.rtu", swapped);
        StringAssert.Contains(LoadFails(crafted).Message, "out of key order");
    }

    // A transformer made by ToKeyedModel has no stored prototype: the series' length is read from the part.
    private static int RtuModelLength(byte[] part)
    {
        int at = Record(part, "s0000");
        return BitConverter.ToInt32(part, at + 4 + 2 * 5);
    }

    private static int Record(byte[] part, string key)
    {
        var units = key.SelectMany(c => BitConverter.GetBytes((ushort)c)).ToArray();
        int at = part.AsSpan().IndexOf([.. BitConverter.GetBytes(key.Length), .. units]);
        Assert.IsGreaterThanOrEqualTo(0, at, key);
        return at;
    }

    private static int LocalHeader(byte[] zip, string name) => Header(zip, name, 0x04034b50, 26, 30);

    private static int CentralDirectoryHeader(byte[] zip, string name) => Header(zip, name, 0x02014b50, 28, 46);

    private static int Header(byte[] zip, string name, uint signature, int nameLengthAt, int nameAt)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (int at = 0; at + nameAt + nameBytes.Length <= zip.Length; at++)
            if (BitConverter.ToUInt32(zip, at) == signature && BitConverter.ToUInt16(zip, at + nameLengthAt) == nameBytes.Length
                && zip.AsSpan(at + nameAt, nameBytes.Length).SequenceEqual(nameBytes))
                return at;
        throw new AssertFailedException($"no header for {name}");
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }

    private sealed class CountingSink : Stream
    {
        public long Count { get; private set; }
        public override void Write(byte[] buffer, int offset, int count) => Count += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
        public override void WriteByte(byte value) => Count++;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
