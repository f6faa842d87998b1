using System.Security.Cryptography;
using System.Text;

namespace Rtu.MLNet;

/// <summary>
/// The bytes a model file held for an engine's starting model (its prototype), and the fingerprint an engine of that
/// model wrote into its checkpoints when the library that wrote the file ran it.
/// </summary>
/// <remarks>
/// Why: a checkpoint names its model by the SHA-256 of the model's serialisation. A newer library reads an older file's
/// model into a newer layout (a forecast pool layout added since, say) and serialises it differently, so the engine's
/// own fingerprint no longer matches the checkpoints the service took before the upgrade, although the model is the same.
/// The file's own bytes give the fingerprint of then, and the length and size-fixing bytes its streams have.
/// </remarks>
/// <param name="Bytes">The prototype as the file stored it.</param>
/// <param name="Fingerprint">What <see cref="Of"/> gives for those bytes and the file's per-key models.</param>
internal sealed record StoredPrototype(byte[] Bytes, byte[] Fingerprint)
{
    /// <summary>
    /// The fingerprint of an engine's model: the SHA-256 of the prototype's bytes, and with per-key starting models that
    /// hash chained with each key (ordinal order) and its model's bytes, so a checkpoint of one keyed model does not
    /// restore into an engine of another.
    /// </summary>
    public static byte[] Of(byte[] prototype, IEnumerable<KeyValuePair<string, byte[]>> series)
    {
        var fingerprint = new Builder(prototype);
        foreach (var (key, bytes) in series.OrderBy(p => p.Key, StringComparer.Ordinal)) fingerprint.Add(key, bytes);
        return fingerprint.Finish();
    }

    /// <summary>
    /// <see cref="Of"/> taken as the per-key models are read, in ordinal key order (the order every keyed part is
    /// written in), without holding their bytes (before, a loaded keyed part kept every series' bytes until the end).
    /// </summary>
    public sealed class Builder(byte[] prototype)
    {
        private readonly byte[] _prototypeHash = SHA256.HashData(prototype);
        private IncrementalHash? _hash;
        private string? _last;

        /// <summary>Adds a key and its model's bytes as stored; keys must come in ascending ordinal order.</summary>
        public void Add(string key, ReadOnlySpan<byte> bytes)
        {
            if (_last is not null && string.CompareOrdinal(_last, key) >= 0) throw new InvalidOperationException("Keys out of order.");
            _last = key;
            if (_hash is null)
            {
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                _hash.AppendData(_prototypeHash);
            }
            _hash.AppendData(Encoding.UTF8.GetBytes(key));
            _hash.AppendData(bytes);
        }

        /// <summary>The fingerprint of the prototype and the keys added.</summary>
        public byte[] Finish()
        {
            if (_hash is null) return _prototypeHash;
            using (_hash) return _hash.GetHashAndReset();
        }
    }

    /// <summary>The bytes a seekable reader held between two positions (a model just read), leaving it where it was.</summary>
    public static byte[] BytesBetween(BinaryReader r, long start, long end)
    {
        long at = r.BaseStream.Position;
        r.BaseStream.Position = start;
        var bytes = r.ReadBytes(checked((int)(end - start)));
        r.BaseStream.Position = at;
        return bytes;
    }
}
