using System.Security.Cryptography;

namespace Rtu.MLNet;

/// <summary>
/// Writes through to a destination in chunks of at most <see cref="ChunkSize"/> bytes, taking the SHA-256 and the count
/// of what passes: a checkpoint's part is hashed as it is written, never held whole (it was built in one array, so a
/// checkpoint above 2 GiB could not be written).
/// </summary>
internal sealed class HashedWriter(Stream destination) : Stream
{
    internal const int ChunkSize = 1 << 16;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _used;

    /// <summary>The bytes written so far (buffered ones included).</summary>
    public long Count { get; private set; }

    /// <summary>Writes what is buffered and returns the SHA-256 of every byte written.</summary>
    public byte[] Finish()
    {
        Push();
        return _hash.GetHashAndReset();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_used == _buffer.Length) Push();
            int n = Math.Min(buffer.Length, _buffer.Length - _used);
            buffer[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n; Count += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    private void Push()
    {
        if (_used == 0) return;
        _hash.AppendData(_buffer, 0, _used);
        destination.Write(_buffer, 0, _used);
        _used = 0;
    }

    public override void Flush() => Push();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// Reads at most a declared number of bytes from a source, in chunks of at most <see cref="HashedWriter.ChunkSize"/>,
/// taking their SHA-256: a checkpoint's part is read and checked as it goes, never held whole. It never reads past the
/// declared end (what follows, the checksum and a timed engine's clocks, stays in the source), and the end of the
/// source before it reads as the end of the data (the reader then says the checkpoint is truncated).
/// </summary>
internal sealed class HashedReader(Stream source, long length) : ChunkReader((int)Math.Clamp(length, 1, HashedWriter.ChunkSize))
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _unread = length;   // declared bytes not yet taken from the source

    /// <summary>The declared bytes not yet read (a source that ends early holds fewer).</summary>
    public long Remaining => _unread + (End - At);

    /// <summary>Whether the source ended before the declared length.</summary>
    public bool Ended { get; private set; }

    /// <summary>Reads to the declared end and returns the SHA-256 of the declared bytes; the error when the source ends first.</summary>
    public byte[] Finish(string truncated)
    {
        for (At = End; _unread > 0; At = End)
        {
            Fill();
            if (At == End) throw RtuFormatError.Create(truncated);
        }
        return _hash.GetHashAndReset();
    }

    protected override void Fill()
    {
        if (_unread == 0 || Ended) return;
        int n;
        try { n = source.Read(Chunk, 0, (int)Math.Min(Chunk.Length, _unread)); }
        catch (IOException e) { throw RtuFormatError.Create($"The checkpoint cannot be read: {e.Message}", inner: e); }
        if (n == 0) { Ended = true; return; }
        _hash.AppendData(Chunk, 0, n);
        _unread -= n;
        At = 0; End = n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }

}

/// <summary>
/// Reads a section that runs to the end of its source and ends with the SHA-256 of the bytes before it (a timed
/// engine's clock section), at most <c>cap</c> bytes and one more: the bytes are handed on as they are read, and every
/// byte but the last 32 seen is hashed, so once the source is read to its end <see cref="Stored"/> is the section's
/// checksum and <see cref="Hash"/> that of its content. Memory: one chunk.
/// </summary>
internal sealed class TrailingHashReader(Stream source, long cap) : ChunkReader(HashedWriter.ChunkSize)
{
    private const int HashSize = 32;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _last = new byte[HashSize];   // the last bytes seen, not yet hashed
    private int _lastCount;

    /// <summary>The bytes taken from the source (at most cap + 1).</summary>
    public long Count { get; private set; }

    /// <summary>The bytes handed on to the reader.</summary>
    public long HandedOn { get; private set; }

    /// <summary>Whether the source has been read to its end (or past the cap).</summary>
    public bool Done { get; private set; }

    /// <summary>Reads the source to its end or past the cap; then <see cref="Count"/> is final.</summary>
    public void Drain()
    {
        while (!Done) { At = End; Fill(); }
    }

    /// <summary>The last 32 bytes of the section (after <see cref="Drain"/>, with <see cref="Count"/> ≥ 32).</summary>
    public byte[] Stored => _last;

    /// <summary>The SHA-256 of every byte before the last 32 (after <see cref="Drain"/>).</summary>
    public byte[] Hash() => _hash.GetHashAndReset();

    protected override void Handed(int count) => HandedOn += count;

    protected override void Fill()
    {
        if (Done) return;
        int n = source.Read(Chunk, 0, (int)Math.Min(Chunk.Length, cap + 1 - Count));
        if (n == 0) { Done = true; return; }
        Count += n;
        if (Count > cap) Done = true;
        // Hash what falls out of the window of the last 32 bytes seen.
        var fresh = Chunk.AsSpan(0, n);
        int keep = Math.Min(HashSize, _lastCount + n);
        int spill = _lastCount + n - keep;                       // bytes of (_last ++ fresh) that leave the window
        int fromLast = Math.Min(spill, _lastCount);
        _hash.AppendData(_last.AsSpan(0, fromLast));
        _hash.AppendData(fresh[..(spill - fromLast)]);
        Span<byte> window = stackalloc byte[HashSize];
        _last.AsSpan(fromLast, _lastCount - fromLast).CopyTo(window);
        fresh[(spill - fromLast)..].CopyTo(window[(_lastCount - fromLast)..]);
        window[..keep].CopyTo(_last);
        _lastCount = keep;
        At = 0; End = n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }

}
