using System.Text;

namespace Rtu.MLNet;

/// <summary>
/// The per-series models of a keyed transformer in a model part: int32 count, then per series its key (int32 UTF-16
/// code unit count, uint16 each: lossless for any string) and its model (int32 byte count, the model's bytes).
/// </summary>
/// <remarks>
/// Reads are bounded like engine checkpoints: every model must be exactly as long as the transformer's prototype and
/// start with the prototype's size-fixing bytes (settings and sizes), so a crafted part cannot make a series model
/// allocate more than the prototype, and the count is checked against the bytes that remain before anything is read.
/// </remarks>
internal static class SeriesModelsBinary
{
    public static void Write<TModel>(BinaryWriter w, IReadOnlyDictionary<string, TModel> models, Action<TModel, BinaryWriter> save)
    {
        var keys = models.Keys.ToArray();
        Array.Sort(keys, string.CompareOrdinal);   // one byte layout per model set
        w.Write(keys.Length);
        // One series at a time through one buffer: the part may be written straight into its zip entry.
        using var ms = new MemoryStream();
        using var mw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true);
        foreach (var key in keys)
        {
            w.Write(key.Length);
            foreach (char c in key) w.Write((ushort)c);
            ms.SetLength(0);
            save(models[key], mw);
            mw.Flush();
            w.Write((int)ms.Length);
            w.Write(ms.GetBuffer(), 0, (int)ms.Length);
        }
    }

    /// <param name="r">Positioned at the count.</param>
    /// <param name="prototypeBytes">The prototype's bytes: every series model has its length and its fixed regions.</param>
    /// <param name="fixedRegions">The byte ranges that fix the model's sizes.</param>
    /// <param name="load">Reads one model.</param>
    /// <param name="stored">Given each key and its model's bytes as stored (optional): the fingerprint is taken from them.</param>
    public static Dictionary<string, TModel> Read<TModel>(BinaryReader r, byte[] prototypeBytes, (int Offset, int Length)[] fixedRegions, Func<BinaryReader, TModel> load,
        StoredPrototype.Builder? stored = null)
    {
        long Remaining() => r.BaseStream.Length - r.BaseStream.Position;
        int n = r.ReadInt32();
        if (n < 0 || n > Remaining() / (8L + prototypeBytes.Length)) throw RtuFormatError.Create($"the stored series count ({n}) is corrupt: the remaining bytes cannot hold it.");
        var models = new Dictionary<string, TModel>(n, StringComparer.Ordinal);
        var model = new byte[prototypeBytes.Length];   // one series at a time: the part is not held
        using var mr = new BinaryReader(new MemoryStream(model, writable: false), Encoding.UTF8);
        string? previous = null;
        for (int i = 0; i < n; i++)
        {
            int length = r.ReadInt32();
            if (length <= 0 || length > Remaining() / 2) throw RtuFormatError.Create($"series {i}'s key length ({length}) is corrupt.");
            var chars = new char[length];
            for (int k = 0; k < length; k++) chars[k] = (char)r.ReadUInt16();
            string key = new(chars);
            if (models.ContainsKey(key)) throw RtuFormatError.Create($"series '{key}' is stored twice.");
            // Every writer sorts the keys (ordinal), and the fingerprint is taken in that order as they are read.
            if (previous is not null && string.CompareOrdinal(previous, key) > 0) throw RtuFormatError.Create($"series '{key}' is stored out of key order (corrupt).");
            previous = key;
            int bytes = r.ReadInt32();
            if (bytes != prototypeBytes.Length || bytes > Remaining())
                throw RtuFormatError.Create($"series '{key}' holds {bytes} bytes; this model's series take {prototypeBytes.Length} (corrupt).");
            r.BaseStream.ReadExactly(model);
            if (fixedRegions.Any(x => !model.AsSpan(x.Offset, x.Length).SequenceEqual(prototypeBytes.AsSpan(x.Offset, x.Length))))
                throw RtuFormatError.Create($"series '{key}' has settings or sizes that differ from the model's (corrupt).");
            mr.BaseStream.Position = 0;
            models[key] = load(mr);
            if (mr.BaseStream.Position != bytes) throw RtuFormatError.Create($"series '{key}' is misaligned (corrupt).");
            stored?.Add(key, model);
        }
        return models;
    }
}
