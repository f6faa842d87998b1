using System.Buffers;

namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster as it was before a row (its saved bytes), to go back to: what a possible spike (<see cref="SpikeRewind"/>)
/// and a new series' first rows (<see cref="StartupSpikes"/>) hold. The bytes live in an array rented from the shared
/// pool and returned when the hold ends, so a stream that holds nothing keeps its size, and a spike does not allocate
/// its snapshot anew.
/// </summary>
/// <remarks>
/// Why rented: a snapshot at a horizon of 24 is over 85 kB (a large object), and every possible spike allocated one and
/// dropped it a row later; those large allocations brought full collections. Hourly Seattle pressure at H = 24 spent
/// 4.0 µs of its 25–34 µs per row taking snapshots, at H = 168 36 of 186 µs.
/// </remarks>
internal sealed class ForecasterSnapshot
{
    private readonly RentedBytes _bytes = new();
    private int _taken;   // the last snapshot's size, kept when its buffer is returned: the next rents its size at once

    /// <summary>
    /// Writes the forecaster as it is now (replacing what was held), into a buffer of at least <paramref name="sizeHint"/>
    /// bytes (the forecaster's last saved size, when it knows one: a first snapshot then rents its buffer once instead of
    /// growing it by doubling, 512 MB rented on the way for a 142 MB forecaster at H = 1,000).
    /// </summary>
    public void Take(Action<BinaryWriter> save, int sizeHint = 0)
    {
        _bytes.Clear();
        _bytes.Reserve(Math.Max(sizeHint, _taken));
        using var w = new BinaryWriter(_bytes, System.Text.Encoding.UTF8, leaveOpen: true);
        save(w);
        w.Flush();
        _taken = _bytes.Written.Length;
    }

    /// <summary>Holds the bytes <paramref name="other"/> holds (a snapshot of the same forecaster at the same row, taken once).</summary>
    public void CopyFrom(ForecasterSnapshot other)
    {
        _bytes.Clear();
        _bytes.Write(other._bytes.Written);
        _taken = other._taken;
    }

    /// <summary>Reads the forecaster back.</summary>
    public T Restore<T>(Func<BinaryReader, T> load)
    {
        // A MemoryStream over the rented bytes: BinaryReader reads a MemoryStream's primitives without a copy.
        using var r = new BinaryReader(_bytes.AsMemoryStream(), System.Text.Encoding.UTF8, leaveOpen: false);
        return load(r);
    }

    /// <summary>Bytes of the last snapshot taken, also once released (0 before the first).</summary>
    public int Length => _taken;

    /// <summary>The saved bytes without their last <paramref name="records"/> bytes (the records a holding forecaster writes anew).</summary>
    public ReadOnlySpan<byte> WithoutLast(int records) => _bytes.Written[..^records];

    /// <summary>Forgets the bytes and returns the buffer to the pool.</summary>
    public void Release() => _bytes.Release();

    // A write-only growable stream over an array rented from ArrayPool<byte>.Shared.
    private sealed class RentedBytes : Stream
    {
        private byte[] _buffer = [];
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public MemoryStream AsMemoryStream() => new(_buffer, 0, _length, writable: false);

        public void Clear() => _length = 0;

        public void Reserve(int bytes)
        {
            if (bytes > _buffer.Length) Grow(bytes);
        }

        public void Release()
        {
            _length = 0;
            if (_buffer.Length == 0) return;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int end = checked(_length + buffer.Length);
            if (end > _buffer.Length) Grow(end);
            buffer.CopyTo(_buffer.AsSpan(_length));
            _length = end;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void WriteByte(byte value) => Write([value]);

        private void Grow(int needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, 2 * _buffer.Length)));
            Written.CopyTo(bigger);
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
