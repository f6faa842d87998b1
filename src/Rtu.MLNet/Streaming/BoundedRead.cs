namespace Rtu.MLNet;

/// <summary>Reads a length-prefixed block without trusting the length: memory grows with the bytes actually read.</summary>
internal static class BoundedRead
{
    private const int Chunk = 1 << 20;

    /// <summary>Reads exactly <paramref name="length"/> bytes, or throws an <see cref="InvalidDataException"/> (<see cref="RtuFormatError"/>) with <paramref name="truncated"/>.</summary>
    public static byte[] Exactly(Stream source, long length, string truncated)
    {
        if (length < 0 || length > Array.MaxLength) throw RtuFormatError.Create(truncated);
        if (source.CanSeek && source.Length - source.Position < length) throw RtuFormatError.Create(truncated);
        if (source.CanSeek || length <= Chunk)
        {
            var bytes = new byte[length];
            if (source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length) throw RtuFormatError.Create(truncated);
            return bytes;
        }
        // A stream of unknown length: grow chunk by chunk, so a lying length field costs at most what was really sent.
        using var ms = new MemoryStream();
        var buffer = new byte[Chunk];
        long left = length;
        while (left > 0)
        {
            int n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw RtuFormatError.Create(truncated);
            ms.Write(buffer, 0, n);
            left -= n;
        }
        return ms.ToArray();
    }

    /// <summary>
    /// A key stored as <paramref name="length"/> UTF-16 code units (uint16 each, lossless: lone surrogates survive), read
    /// as <see cref="Exactly"/> reads its bytes.
    /// </summary>
    public static string Utf16Units(Stream source, int length, string truncated)
    {
        byte[] units = Exactly(source, 2L * length, truncated);
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = (char)System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(units.AsSpan(2 * i));
        return new string(chars);
    }
}
