namespace Rtu.MLNet;

/// <summary>
/// A read-only stream that hands on the bytes of one chunk at a time and refills it from its source (<see cref="Fill"/>):
/// the one place for the chunked reading that a checkpoint's readers and a model part's reader share, so that none of
/// them holds what it reads (a checkpoint or a keyed model's part can pass 2 GiB).
/// </summary>
/// <param name="chunkSize">The chunk's size in bytes.</param>
internal abstract class ChunkReader(int chunkSize) : Stream
{
    /// <summary>The chunk held.</summary>
    protected readonly byte[] Chunk = new byte[chunkSize];

    /// <summary>The next byte of <see cref="Chunk"/> to hand on, and the end of the bytes it holds.</summary>
    protected int At, End;

    /// <summary>
    /// Called when every byte held has been handed on: sets <see cref="At"/> and <see cref="End"/> to the next bytes, or
    /// leaves them equal at the end of the data.
    /// </summary>
    protected abstract void Fill();

    /// <summary>Told how many bytes each read hands on.</summary>
    protected virtual void Handed(int count) { }

    public override int Read(Span<byte> buffer)
    {
        if (At == End) Fill();
        int n = Math.Min(buffer.Length, End - At);
        Chunk.AsSpan(At, n).CopyTo(buffer);
        At += n;
        Handed(n);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        if (At == End) Fill();
        if (At == End) return -1;
        Handed(1);
        return Chunk[At++];
    }

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
