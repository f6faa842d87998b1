using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Rtu.MLNet;

/// <summary>
/// Independent per-key copies of one model, created on first use, with per-key locking and checkpoints
/// (magic, format version, kind, SHA-256) shared by the streaming engines.
/// </summary>
internal sealed class KeyedStreams<TModel> where TModel : class
{
    private const string Magic = "Rtu.MLNet.Checkpoint";
    private readonly TModel _prototype;
    private readonly string _kind;
    private readonly Func<TModel, TModel> _clone;
    private readonly Action<TModel, BinaryWriter> _save;
    private readonly Func<BinaryReader, TModel> _load;
    private readonly ConcurrentDictionary<string, Slot> _streams = new(StringComparer.Ordinal);

    public KeyedStreams(TModel prototype, string kind, Func<TModel, TModel> clone, Action<TModel, BinaryWriter> save, Func<BinaryReader, TModel> load)
    {
        _prototype = prototype; _kind = kind; _clone = clone; _save = save; _load = load;
    }

    public TModel Prototype => _prototype;

    public IReadOnlyCollection<string> Keys => _streams.Keys.ToArray();

    public bool Remove(string key) => _streams.TryRemove(key, out _);

    /// <summary>Runs <paramref name="action"/> on the key's model under its lock (creating the model from the prototype).</summary>
    public TResult With<TResult>(string key, Func<TModel, TResult> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slot = _streams.GetOrAdd(key, _ => new Slot(ClonePrototype()));
        lock (slot) return action(slot.Model);
    }

    /// <summary>Runs <paramref name="action"/> on an existing key's model under its lock; false for an unknown key.</summary>
    public bool TryWith(string key, Action<TModel> action)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_streams.TryGetValue(key, out var slot)) return false;
        lock (slot) action(slot.Model);
        return true;
    }

    private TModel ClonePrototype()
    {
        lock (_prototype) return _clone(_prototype);
    }

    public void Checkpoint(Stream destination, int version)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(_kind);
            using (var proto = new MemoryStream())
            {
                using (var pw = new BinaryWriter(proto, Encoding.UTF8, leaveOpen: true)) lock (_prototype) _save(_prototype, pw);
                w.Write(SHA256.HashData(proto.ToArray()));
            }
            var ids = _streams.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            w.Write(ids.Length);
            foreach (var id in ids)
            {
                if (!_streams.TryGetValue(id, out var slot)) continue;
                w.Write(id);
                lock (slot) _save(slot.Model, w);
            }
        }
        byte[] bytes = payload.ToArray();
        using var o = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        o.Write(Magic); o.Write(version); o.Write(bytes.LongLength); o.Write(bytes); o.Write(SHA256.HashData(bytes));
    }

    // minimumVersion: the oldest format the model type can still read (older checkpoints lack fields it needs).
    public void Restore(Stream source, int version, int minimumVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] bytes;
        try
        {
            using var r = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic) throw new InvalidDataException("The stream is not an Rtu.MLNet engine checkpoint.");
            int stored = r.ReadInt32();
            if (stored > version) throw new InvalidDataException($"The checkpoint has format version {stored}, newer than this library reads ({version}); upgrade Rtu.MLNet.");
            if (stored < 1) throw new InvalidDataException($"The checkpoint has an invalid format version {stored}.");
            if (stored < minimumVersion)
                throw new InvalidDataException($"The checkpoint has format version {stored}, older than this library reads ({minimumVersion}–{version}): it was written by a pre-release; restart the streams from the model.");
            long length = r.ReadInt64();
            if (length < 0 || length > int.MaxValue) throw new InvalidDataException("The checkpoint's length field is corrupt.");
            bytes = r.ReadBytes((int)length);
            byte[] hash = r.ReadBytes(32);
            if (bytes.Length != length || hash.Length != 32) throw new InvalidDataException("The checkpoint is truncated.");
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(hash)) throw new InvalidDataException("The checkpoint is corrupt (checksum mismatch).");
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The checkpoint is truncated.", e); }
        catch (IOException e) { throw new InvalidDataException($"The checkpoint cannot be read: {e.Message}", e); }

        var restored = new Dictionary<string, TModel>(StringComparer.Ordinal);
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            string kind = r.ReadString();
            if (kind != _kind) throw new InvalidDataException($"The checkpoint holds '{kind}' streams; this engine runs '{_kind}'.");
            byte[] protoHash = r.ReadBytes(32);
            using (var proto = new MemoryStream())
            {
                using (var pw = new BinaryWriter(proto, Encoding.UTF8, leaveOpen: true)) lock (_prototype) _save(_prototype, pw);
                if (!SHA256.HashData(proto.ToArray()).AsSpan().SequenceEqual(protoHash))
                    throw new InvalidDataException("The checkpoint was taken from an engine of a different model.");
            }
            int n = r.ReadInt32();
            if (n < 0) throw new InvalidDataException("The checkpoint's stream count is corrupt.");
            for (int i = 0; i < n; i++) restored[r.ReadString()] = _load(r);
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The checkpoint is truncated.", e); }

        _streams.Clear();
        foreach (var (id, model) in restored) _streams[id] = new Slot(model);
    }

    private sealed class Slot(TModel model)
    {
        public TModel Model { get; } = model;
    }
}
