using System.Collections.Concurrent;
using System.Text;

namespace Rtu.MLNet;

/// <summary>
/// Independent per-key copies of one model, created on first use, with per-key locking and checkpoints
/// (magic, format version, kind, SHA-256) shared by the streaming engines.
/// </summary>
/// <remarks>
/// <para>Checkpoint layout (outer): magic, int32 version, int64 payload length, payload, SHA-256 of the payload.
/// Payload: kind, SHA-256 of the prototype, int32 stream count, then per stream its key and its model. From
/// <see cref="KeyedFormat"/> on, a key is its UTF-16 code units (int32 count, then uint16 each: lossless for any
/// string, lone surrogates included, where UTF-8 replaced them by U+FFFD and merged keys) and a model is an int32 byte
/// count followed by the model's bytes; older versions wrote the key as a UTF-8 string and the model unprefixed.</para>
/// <para>Reads are bounded: nothing is allocated from a length field before the field is checked against the bytes
/// that remain, and every stream must be exactly as long as the prototype and start with the prototype's header
/// (its settings and sizes), so a crafted file cannot make the model allocate more than the engine's own model.</para>
/// </remarks>
internal sealed class KeyedStreams<TModel> where TModel : class
{
    internal const string Magic = "Rtu.MLNet.Checkpoint";
    private const int HashSize = 32;
    private readonly TModel _prototype;
    private readonly string _kind;
    private readonly Func<TModel, TModel> _clone;
    private readonly Action<TModel, BinaryWriter> _save;
    private readonly Func<BinaryReader, TModel> _load;
    private readonly PrototypeReference _current;   // this library's serialisation of the prototype
    private readonly PrototypeReference? _older;    // the model file's, when it differs (written in an older layout)
    private readonly ConcurrentDictionary<string, Slot> _streams = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, TModel> _initial;

    /// <param name="prototype">The model every new stream copies.</param>
    /// <param name="kind">The model kind written into checkpoints.</param>
    /// <param name="clone">A deep copy.</param>
    /// <param name="save">Writes a model.</param>
    /// <param name="load">Reads a model written by <paramref name="save"/>, in this library's layout or an older one.</param>
    /// <param name="fixedRegions">Given the prototype's bytes, the byte ranges that fix the model's sizes (its settings, input
    /// size, the normaliser's header): they must be identical in every stream, and are checked before the model is read.</param>
    /// <param name="keyedFormat">The first checkpoint version with lossless keys and length-prefixed streams.</param>
    /// <param name="initial">Per-key starting models (a keyed transformer's fitted series; never changed): a stream of
    /// such a key starts from a copy of its model, every other key from the prototype. Part of the model's fingerprint.</param>
    /// <param name="stored">The prototype as the model file held it, when the engine's model was read from a file (null
    /// otherwise): checkpoints that an older library took of this model (another layout, so another fingerprint) are
    /// checked against those bytes and restore as well.</param>
    public KeyedStreams(TModel prototype, string kind, Func<TModel, TModel> clone, Action<TModel, BinaryWriter> save, Func<BinaryReader, TModel> load,
        Func<byte[], (int Offset, int Length)[]> fixedRegions, int keyedFormat, IReadOnlyDictionary<string, TModel>? initial = null,
        StoredPrototype? stored = null)
    {
        _prototype = prototype; _kind = kind; _clone = clone; _save = save; _load = load; KeyedFormat = keyedFormat;
        _initial = initial ?? new Dictionary<string, TModel>();
        byte[] bytes = Serialize(prototype, prototype);
        _current = Reference(bytes, Fingerprint(bytes), fixedRegions);
        // Only a file written in another layout gives another fingerprint; the same one needs no second reference.
        _older = stored is null || stored.Fingerprint.AsSpan().SequenceEqual(_current.Hash) ? null : Reference(stored.Bytes, stored.Fingerprint, fixedRegions);
    }

    // StoredPrototype.Of for the prototype and the per-key starting models, each serialised in turn into one buffer (an
    // outside audit: every series' bytes were held at once, sorted, to be hashed: 1.84 GB allocated to start an engine of
    // a 574 MB keyed model).
    private byte[] Fingerprint(byte[] prototype)
    {
        var fingerprint = new StoredPrototype.Builder(prototype);
        using var buffer = new MemoryStream();
        foreach (var key in _initial.Keys.Order(StringComparer.Ordinal))
        {
            var model = _initial[key];
            buffer.SetLength(0);
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) lock (model) _save(model, w);
            fingerprint.Add(key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        return fingerprint.Finish();
    }

    private static PrototypeReference Reference(byte[] bytes, byte[] hash, Func<byte[], (int Offset, int Length)[]> fixedRegions)
    {
        var regions = fixedRegions(bytes);
        if (regions.Any(x => x.Offset < 0 || x.Length < 0 || x.Offset + x.Length > bytes.Length)) throw new ArgumentOutOfRangeException(nameof(fixedRegions));
        return new PrototypeReference(bytes, hash, regions);
    }

    // A prototype's serialisation, fingerprint and size-fixing byte ranges: what every stream of a checkpoint is checked against.
    private sealed record PrototypeReference(byte[] Bytes, byte[] Hash, (int Offset, int Length)[] FixedRegions);

    public TModel Prototype => _prototype;

    /// <summary>The first checkpoint version with lossless keys and length-prefixed streams.</summary>
    public int KeyedFormat { get; }

    public IReadOnlyCollection<string> Keys => _streams.Keys.ToArray();

    /// <summary>A copy of every stream's model at one instant (each copied under its own lock).</summary>
    public Dictionary<string, TModel> Snapshot()
    {
        var snapshot = _streams.ToArray();
        var copy = new Dictionary<string, TModel>(snapshot.Length, StringComparer.Ordinal);
        foreach (var (key, slot) in snapshot) lock (slot) copy[key] = _clone(slot.Model);
        return copy;
    }

    /// <summary>
    /// <see cref="Snapshot"/> with every key that has a starting model of its own (<c>initial</c>) but no stream yet:
    /// such a key is copied as it would start, so the copy holds every series the streams know.
    /// </summary>
    public Dictionary<string, TModel> SnapshotWithInitial()
    {
        var copy = Snapshot();
        // The starting models never change: a key started after the snapshot is taken as it was before it started.
        foreach (var (key, start) in _initial)
            if (!copy.ContainsKey(key)) lock (start) copy[key] = _clone(start);
        return copy;
    }

    public bool Remove(string key) => _streams.TryRemove(key, out _);

    /// <summary>Whether the key has a model.</summary>
    public bool Contains(string key) => _streams.ContainsKey(key);

    /// <summary>Runs <paramref name="action"/> on the key's model under its lock (creating the model from the prototype).</summary>
    public TResult With<TResult>(string key, Func<TModel, TResult> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slot = _streams.GetOrAdd(key, k => new Slot(CloneStart(k)));
        lock (slot) return action(slot.Model);
    }

    /// <summary>
    /// The allocation-free form of <see cref="With{TResult}"/> for hot paths: <paramref name="state"/> (which may hold
    /// spans) is passed to a static <paramref name="action"/>, so no closure is allocated; an existing key costs nothing.
    /// </summary>
    public TResult With<TState, TResult>(string key, TState state, Func<TModel, TState, TResult> action) where TState : allows ref struct
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_streams.TryGetValue(key, out var slot)) slot = _streams.GetOrAdd(key, static (k, self) => new Slot(self.CloneStart(k)), this);
        lock (slot) return action(slot.Model, state);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the key's model if the stream exists, else on the model a new stream of that
    /// key would start from (read it only: it is shared), without creating the stream.
    /// </summary>
    public void WithCurrentOrStart(string key, Action<TModel> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (TryWith(key, action)) return;
        var start = Start(key);
        lock (start) action(start);
    }

    private TModel Start(string key) => _initial.TryGetValue(key, out var m) ? m : _prototype;

    private TModel CloneStart(string key)
    {
        var start = Start(key);
        lock (start) return _clone(start);
    }

    /// <summary>Runs <paramref name="action"/> on an existing key's model under its lock; false for an unknown key.</summary>
    public bool TryWith(string key, Action<TModel> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_streams.TryGetValue(key, out var slot)) return false;
        lock (slot) action(slot.Model);
        return true;
    }

    // gate: the lock that serialises calls on the model (its slot; the prototype itself for the prototype).
    private byte[] Serialize(TModel model, object gate)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) lock (gate) _save(model, w);
        return ms.ToArray();
    }

    /// <summary>
    /// Writes every stream that exists at one instant: the (key, stream) pairs are snapshot together (a stream removed
    /// meanwhile is still written whole, one added meanwhile is not), then each stream is written under its own lock.
    /// </summary>
    /// <remarks>The streams' part is written as it is made, one stream at a time, and hashed as it goes (it was built in
    /// one array: above 2 GiB, about 79,600 forecast streams, a checkpoint could not be taken at all). Its length is
    /// declared before it: every stream serialises to the length of the engine's model, so the length is known from
    /// the keys; a seekable destination gets the length actually written, should a stream ever differ.</remarks>
    /// <exception cref="InvalidOperationException">A stream serialised to another length than the engine's model into a
    /// destination that cannot seek (a defect: such a checkpoint could not be restored; with a seekable destination it
    /// is written, and refused by <see cref="Restore"/>, as before).</exception>
    public void Checkpoint(Stream destination, int version)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // ConcurrentDictionary.ToArray takes all its locks: one consistent set of pairs, so the count written below is
        // exactly the number of streams that follow (enumerating the keys and looking them up again was not).
        var snapshot = _streams.ToArray();
        Array.Sort(snapshot, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        if (version < KeyedFormat) throw new ArgumentOutOfRangeException(nameof(version), version, $"Checkpoints are written in format {KeyedFormat} or later.");
        int modelLength = _current.Bytes.Length;
        long declared = PayloadLength(snapshot, modelLength);
        long lengthField = destination.CanSeek ? destination.Position + 1 + Magic.Length + 4 : -1;
        using (var o = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true)) { o.Write(Magic); o.Write(version); o.Write(declared); }
        using var payload = new HashedWriter(destination);
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(_kind);
            w.Write(_current.Hash);
            w.Write(snapshot.Length);
            // One stream's bytes at a time.
            using var model = new MemoryStream(modelLength);
            using var mw = new BinaryWriter(model, Encoding.UTF8, leaveOpen: true);
            foreach (var (id, slot) in snapshot)
            {
                w.Write(id.Length);
                foreach (char c in id) w.Write((ushort)c);
                model.SetLength(0);
                lock (slot) _save(slot.Model, mw);
                mw.Flush();
                w.Write((int)model.Length);
                w.Write(model.GetBuffer(), 0, (int)model.Length);
            }
        }
        byte[] hash = payload.Finish();
        if (payload.Count != declared)
        {
            if (lengthField < 0)
                throw new InvalidOperationException($"A stream serialised to another length than the engine's model ({modelLength} bytes): the checkpoint written is unreadable (a defect of the model's serialisation).");
            long end = destination.Position;
            destination.Position = lengthField;
            Span<byte> field = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(field, payload.Count);
            destination.Write(field);
            destination.Position = end;
        }
        destination.Write(hash);
    }

    // The streams' part's length when every stream is modelLength bytes long: kind, fingerprint, count, then per stream
    // its key's count and code units, its length and its bytes.
    private long PayloadLength(KeyValuePair<string, Slot>[] snapshot, int modelLength)
    {
        int kind = Encoding.UTF8.GetByteCount(_kind);
        long length = SevenBitSize(kind) + kind + HashSize + 4;
        foreach (var (id, _) in snapshot) length += 4 + 2L * id.Length + 4 + modelLength;
        return length;
    }

    private static int SevenBitSize(int value)
    {
        int size = 1;
        for (uint v = (uint)value; v >= 0x80; v >>= 7) size++;
        return size;
    }

    /// <summary>Replaces every stream with a checkpoint's; on any error the engine is unchanged and the error is an <see cref="InvalidDataException"/> (<see cref="RtuFormatError"/>).</summary>
    /// <param name="source">The checkpoint.</param>
    /// <param name="version">The newest format this engine reads.</param>
    /// <param name="minimumVersion">The oldest format the model type can still read (older checkpoints lack fields it needs).</param>
    public void Restore(Stream source, int version, int minimumVersion = 1) => Replace(Read(source, version, minimumVersion).Streams);

    /// <summary>Replaces every stream with <paramref name="restored"/> (read by <see cref="Read"/>).</summary>
    public void Replace(Dictionary<string, TModel> restored)
    {
        _streams.Clear();
        foreach (var (id, model) in restored) _streams[id] = new Slot(model);
    }

    /// <summary>
    /// Reads the streams' part of a checkpoint, leaving the source just after it, and changes nothing: the streams
    /// read, to be given to <see cref="Replace"/>, and the part's declared length.
    /// </summary>
    /// <remarks>Memory: the streams read (as many models as the checkpoint holds, as the engine would hold them), one
    /// stream's bytes and a chunk; never the part itself. A seekable source is hashed in a first pass and read in a
    /// second, so no model is read from bytes that fail the checksum; a source that cannot seek is read once and its
    /// checksum checked at the end (on any error first, so a damaged part is still reported as a checksum mismatch).</remarks>
    public (Dictionary<string, TModel> Streams, long Length) Read(Stream source, int version, int minimumVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (stored, length) = ReadOuter(source, version, minimumVersion);
        using var payload = new HashedReader(source, length);
        Dictionary<string, TModel> restored;
        try { restored = ReadPayload(payload, stored >= KeyedFormat); }
        catch (InvalidDataException) when (!source.CanSeek && !payload.Ended)
        {
            // Read once: the checksum is checked now, so that a damaged part is reported as such (as when the checksum
            // was checked before anything was read); the rest of the part is read, never held.
            if (ChecksumFails(source, payload)) throw RtuFormatError.Create("The checkpoint is corrupt (checksum mismatch).");
            throw;
        }
        // The source ended before the part's declared length: whatever the reading met there was the truncation (an outside
        // audit was told the stream's settings or sizes differed from the model).
        catch (InvalidDataException e) when (!source.CanSeek && payload.Ended)
        {
            throw RtuFormatError.Create("The checkpoint is truncated.", inner: e);
        }
        if (ChecksumFails(source, payload)) throw RtuFormatError.Create("The checkpoint is corrupt (checksum mismatch).");
        return (restored, length);
    }

    // Reads the rest of the part and the checksum after it; throws if they are not all there.
    private static bool ChecksumFails(Stream source, HashedReader payload)
    {
        byte[] actual = payload.Finish("The checkpoint is truncated.");
        var stored = new byte[HashSize];
        try
        {
            if (source.ReadAtLeast(stored, HashSize, throwOnEndOfStream: false) != HashSize) throw RtuFormatError.Create("The checkpoint is truncated.");
        }
        catch (IOException e) { throw RtuFormatError.Create($"The checkpoint cannot be read: {e.Message}", inner: e); }
        return !actual.AsSpan().SequenceEqual(stored);
    }

    // The header; a seekable source's part is also checked against its checksum here (and the source put back).
    private static (int Version, long Length) ReadOuter(Stream source, int version, int minimumVersion)
    {
        try
        {
            using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            // The magic is a length-prefixed string: check the prefix before reading (a hostile prefix could ask for 2 GiB).
            int magicLength = source.ReadByte();
            if (magicLength != Magic.Length) throw RtuFormatError.Create("The stream is not an Rtu.MLNet engine checkpoint.");
            var magic = new byte[Magic.Length];
            source.ReadExactly(magic);
            if (Encoding.ASCII.GetString(magic) != Magic) throw RtuFormatError.Create("The stream is not an Rtu.MLNet engine checkpoint.");
            int stored = r.ReadInt32();
            // The version precedes the checksummed part, so a damaged file can show any version: say both causes.
            if (stored > version)
                throw RtuFormatError.Create($"The checkpoint has format version {stored}, newer than this library reads ({version}): a newer Rtu.MLNet wrote it (upgrade to read it), or the file is damaged.");
            if (stored < 1) throw RtuFormatError.Create($"The checkpoint has an invalid format version {stored}.");
            if (stored < minimumVersion)
                throw RtuFormatError.Create($"The checkpoint has format version {stored}, older than this library reads ({minimumVersion}–{version}): it was written by a pre-release; restart the streams from the model.");
            long length = r.ReadInt64();
            if (length < 0) throw RtuFormatError.Create("The checkpoint's length field is corrupt.");
            // Nothing is allocated from the length: the part is read in chunks, and a source that ends first is truncated.
            if (source.CanSeek)
            {
                long start = source.Position;
                if (length > source.Length - start - HashSize) throw RtuFormatError.Create("The checkpoint is truncated.");
                using (var first = new HashedReader(source, length))
                    if (ChecksumFails(source, first)) throw RtuFormatError.Create("The checkpoint is corrupt (checksum mismatch).");
                source.Position = start;
            }
            return (stored, length);
        }
        catch (EndOfStreamException e) { throw RtuFormatError.Create("The checkpoint is truncated.", inner: e); }
        catch (IOException e) { throw RtuFormatError.Create($"The checkpoint cannot be read: {e.Message}", inner: e); }
    }

    private Dictionary<string, TModel> ReadPayload(HashedReader payload, bool keyed)
    {
        var restored = new Dictionary<string, TModel>(StringComparer.Ordinal);
        string part = "header";
        try
        {
            using var r = new BinaryReader(payload, Encoding.UTF8, leaveOpen: true);
            string kind = ReadShortString(r, payload, 64);
            if (kind != _kind) throw RtuFormatError.Create($"The checkpoint holds '{kind}' streams; this engine runs '{_kind}'.");
            byte[] fingerprint = new byte[HashSize];
            payload.ReadExactly(fingerprint);
            var reference = fingerprint.AsSpan().SequenceEqual(_current.Hash) ? _current
                : _older is not null && fingerprint.AsSpan().SequenceEqual(_older.Hash) ? _older
                : throw RtuFormatError.Create("The checkpoint was taken from an engine of a different model.");
            int prototypeLength = reference.Bytes.Length;
            int n = r.ReadInt32();
            // Each stream takes at least its header (and, keyed, its two length fields and the whole model).
            long perStream = keyed ? 8L + prototypeLength : prototypeLength + 1L;
            if (n < 0 || n > payload.Remaining / perStream)
                throw RtuFormatError.Create($"The checkpoint's stream count ({n}) is corrupt: the remaining {payload.Remaining} bytes cannot hold it.");
            var bytes = new byte[prototypeLength];   // one stream at a time
            using var mr = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            for (int i = 0; i < n; i++)
            {
                part = $"stream {i}";
                string id = keyed ? ReadKey(r, payload) : ReadShortString(r, payload, (int)Math.Min(int.MaxValue, payload.Remaining));
                if (id.Length == 0) throw RtuFormatError.Create("The stream has an empty key.");
                part = $"stream '{id}'";
                if (restored.ContainsKey(id)) throw RtuFormatError.Create("The key appears twice.");
                if (keyed)
                {
                    int length = r.ReadInt32();
                    if (length != prototypeLength)
                        throw RtuFormatError.Create($"The stream holds {length} bytes; this engine's model takes {prototypeLength}: it is corrupt or of another model.");
                }
                // These bytes fix every size the model allocates: they must be the prototype's, byte for byte. (Every
                // stream of the engine's model serialises to exactly the prototype's length, so the offsets hold.)
                if (payload.Remaining < prototypeLength || payload.ReadAtLeast(bytes, prototypeLength, throwOnEndOfStream: false) != prototypeLength
                    || reference.FixedRegions.Any(x => !bytes.AsSpan(x.Offset, x.Length).SequenceEqual(reference.Bytes.AsSpan(x.Offset, x.Length))))
                    throw RtuFormatError.Create("The stream's settings or sizes differ from this engine's model: it is corrupt or of another model.");
                mr.BaseStream.Position = 0;
                TModel model;
                // A model that reads past its bytes is as misaligned as one that stops short of them.
                try { model = _load(mr); }
                catch (EndOfStreamException e) { throw RtuFormatError.Create("The stream's data is misaligned (corrupt).", inner: e); }
                if (mr.BaseStream.Position != prototypeLength) throw RtuFormatError.Create("The stream's data is misaligned (corrupt).");
                restored[id] = model;
            }
            if (payload.Remaining != 0) throw RtuFormatError.Create("The checkpoint has trailing data after its streams (corrupt).");
            return restored;
        }
        catch (InvalidDataException e) when (RtuFormatError.IsOurs(e)) { throw part == "header" ? e : RtuFormatError.With(e, part: part); }
        catch (EndOfStreamException e) { throw RtuFormatError.Create("The checkpoint is truncated.", part: part, inner: e); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The model readers report bad values with InvalidDataException, ArgumentException and the like.
            throw RtuFormatError.Create($"The checkpoint is corrupt: {e.Message}", part: part, inner: e);
        }
    }

    private static string ReadKey(BinaryReader r, HashedReader payload)
    {
        int length = r.ReadInt32();
        if (length < 0 || length > payload.Remaining / 2) throw RtuFormatError.Create($"A stream key's length ({length}) is corrupt.");
        // In chunks: a source that cannot seek may declare more than it holds.
        return BoundedRead.Utf16Units(payload, length, "The checkpoint is truncated.");
    }

    // BinaryWriter's 7-bit length prefix, checked against a bound before anything is allocated.
    private static string ReadShortString(BinaryReader r, HashedReader payload, int maxBytes)
    {
        int length = r.Read7BitEncodedInt();
        if (length < 0 || length > maxBytes || length > payload.Remaining)
            throw RtuFormatError.Create($"A string length ({length}) is corrupt.");
        return Encoding.UTF8.GetString(BoundedRead.Exactly(payload, length, "The checkpoint is truncated."));
    }

    private sealed class Slot(TModel model)
    {
        public TModel Model { get; } = model;
    }
}
