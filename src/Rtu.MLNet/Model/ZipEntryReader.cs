namespace Rtu.MLNet;

/// <summary>
/// Reads a zip entry of a known length (checked beforehand, with its checksum) as a seekable stream without holding
/// it: the bytes come from the entry's decompressing stream in chunks of at most <see cref="HashedWriter.ChunkSize"/>.
/// A seek within the chunk held, or forward, costs no more than reading; a seek back before it opens the entry again
/// and reads up to the position (the part readers seek back only over their first bytes: the sizes check, the stored
/// prototype). A model container's RTU part is read through it, so a keyed model's part of more than 2 GiB can be
/// read (before, it was read into one array: an entry above <see cref="Array.MaxLength"/> was refused).
/// </summary>
/// <param name="open">Opens the entry from its start (a zip archive in Read mode opens an entry more than once).</param>
/// <param name="length">The entry's length, as verified.</param>
internal sealed class ZipEntryReader(Func<Stream> open, long length) : ChunkReader((int)Math.Clamp(length, 1, HashedWriter.ChunkSize))
{
    private Stream? _source;
    private long _start;   // the position of Chunk[0]

    // The next chunk, after the one held (none at the entry's end).
    protected override void Fill()
    {
        _start += End;
        At = End = 0;
        long left = length - _start;
        if (left <= 0) return;
        _source ??= open();
        End = _source.ReadAtLeast(Chunk, (int)Math.Min(Chunk.Length, left), throwOnEndOfStream: false);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };
        if (target < 0) throw new IOException("A seek before the start of the entry.");
        if (target < _start)
        {
            // Back before the chunk held: from the start again.
            _source?.Dispose();
            _source = null;
            _start = 0; At = End = 0;
        }
        while (target > _start + End)
        {
            Fill();
            if (End == 0) throw new EndOfStreamException("A seek past the end of the entry.");
        }
        At = (int)(target - _start);
        return target;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source?.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanSeek => true;
    public override long Length => length;
    public override long Position { get => _start + At; set => Seek(value, SeekOrigin.Begin); }
}
