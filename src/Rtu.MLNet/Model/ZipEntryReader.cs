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
internal sealed class ZipEntryReader(Func<Stream> open, long length) : Stream
{
    private readonly byte[] _buffer = new byte[(int)Math.Clamp(length, 1, HashedWriter.ChunkSize)];
    private Stream? _source;
    private long _start;   // the position of _buffer[0]
    private int _at, _end;

    public override int Read(Span<byte> buffer)
    {
        if (_at == _end) Fill();
        int n = Math.Min(buffer.Length, _end - _at);
        _buffer.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        if (_at == _end) Fill();
        return _at == _end ? -1 : _buffer[_at++];
    }

    // The next chunk, after the one held (none at the entry's end).
    private void Fill()
    {
        _start += _end;
        _at = _end = 0;
        long left = length - _start;
        if (left <= 0) return;
        _source ??= open();
        int n = _source.ReadAtLeast(_buffer, (int)Math.Min(_buffer.Length, left), throwOnEndOfStream: false);
        _end = n;
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
            _start = 0; _at = _end = 0;
        }
        while (target > _start + _end)
        {
            Fill();
            if (_end == 0) throw new EndOfStreamException("A seek past the end of the entry.");
        }
        _at = (int)(target - _start);
        return target;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source?.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _start + _at; set => Seek(value, SeekOrigin.Begin); }
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
