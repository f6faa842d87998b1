namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster as it was before a row (its saved bytes), to go back to: what a possible spike (<see cref="SpikeRewind"/>)
/// and a new series' first rows (<see cref="StartupSpikes"/>) hold. The buffer is released when they end, so a stream
/// that holds nothing keeps its size.
/// </summary>
internal sealed class ForecasterSnapshot
{
    private readonly MemoryStream _bytes = new();
    private int _lastLength;   // the last snapshot's size, kept when its buffer is released

    /// <summary>Writes the forecaster as it is now (replacing what was held).</summary>
    public void Take(Action<BinaryWriter> save)
    {
        _bytes.SetLength(0);
        // The buffer sized once for the forecaster as it last was, not grown by doubling from nothing: at a horizon of 168
        // a snapshot of 4.3 MB allocated 16 MB on the way (and a possible spike takes one at every release).
        if (_bytes.Capacity < _lastLength) _bytes.Capacity = _lastLength;
        using var w = new BinaryWriter(_bytes, System.Text.Encoding.UTF8, leaveOpen: true);
        save(w);
        w.Flush();
        _lastLength = (int)_bytes.Length;
    }

    /// <summary>Reads the forecaster back.</summary>
    public T Restore<T>(Func<BinaryReader, T> load)
    {
        _bytes.Position = 0;
        using var r = new BinaryReader(_bytes, System.Text.Encoding.UTF8, leaveOpen: true);
        return load(r);
    }

    /// <summary>The saved bytes without their last <paramref name="records"/> bytes (the records a holding forecaster writes anew).</summary>
    public ReadOnlySpan<byte> WithoutLast(int records) => _bytes.GetBuffer().AsSpan(0, (int)_bytes.Length - records);

    /// <summary>Forgets the bytes and releases the buffer.</summary>
    public void Release()
    {
        _bytes.SetLength(0);
        _bytes.Capacity = 0;
    }
}
