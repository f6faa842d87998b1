namespace Rtu.Trainers.Online;

/// <summary>
/// A forecaster as it was before a row (its saved bytes), to go back to: what a possible spike (<see cref="SpikeRewind"/>)
/// and a new series' first rows (<see cref="StartupSpikes"/>) hold. The buffer is released when they end, so a stream
/// that holds nothing keeps its size.
/// </summary>
internal sealed class ForecasterSnapshot
{
    private readonly MemoryStream _bytes = new();

    /// <summary>Writes the forecaster as it is now (replacing what was held).</summary>
    public void Take(Action<BinaryWriter> save)
    {
        _bytes.SetLength(0);
        using var w = new BinaryWriter(_bytes, System.Text.Encoding.UTF8, leaveOpen: true);
        save(w);
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
