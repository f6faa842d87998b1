using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Online;

/// <summary>
/// Shared pieces of the online models' binary form: runs of values written and read in one call, float vectors with
/// their length, and deep copies through it.
/// </summary>
internal static class ModelBinary
{
    /// <summary>A deep copy made by writing the model and reading it back: the copy continues bit for bit, independently.</summary>
    public static T Copy<T>(Action<BinaryWriter> save, Func<BinaryReader, T> load)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) save(w);
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        return load(r);
    }

    /// <summary>
    /// Writes <paramref name="values"/> (float, double or long) as BinaryWriter writes each one, little-endian, in one call
    /// on a little-endian machine. Why: a possible spike writes the whole forecaster, and at a horizon of 168 its pending
    /// forecasts are 1.1 million floats, which BinaryWriter wrote one call at a time.
    /// </summary>
    public static void WriteValues<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) { w.Write(MemoryMarshal.AsBytes(values)); return; }
        foreach (T v in values) WriteOne(w, v);
    }

    /// <summary>Reads what <see cref="WriteValues{T}"/> wrote into <paramref name="values"/>, all of it.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first (as BinaryReader's own reads).</exception>
    public static void ReadValues<T>(BinaryReader r, Span<T> values) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < values.Length; i++) values[i] = ReadValue<T>(r);
            return;
        }
        var bytes = MemoryMarshal.AsBytes(values);
        while (!bytes.IsEmpty)
        {
            int n = r.Read(bytes);
            if (n <= 0) throw new EndOfStreamException("Unable to read beyond the end of the stream.");
            bytes = bytes[n..];
        }
    }

    // BinaryWriter's own one-value calls (the JIT keeps the one branch T needs; ReadValue is its mirror).
    private static void WriteOne<T>(BinaryWriter w, T v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) w.Write(Unsafe.As<T, float>(ref v));
        else if (typeof(T) == typeof(double)) w.Write(Unsafe.As<T, double>(ref v));
        else if (typeof(T) == typeof(long)) w.Write(Unsafe.As<T, long>(ref v));
        else throw new NotSupportedException($"Runs of {typeof(T).Name} are not written.");
    }

    /// <summary>One value, as BinaryReader reads it.</summary>
    public static T ReadValue<T>(BinaryReader r) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float v = r.ReadSingle(); return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(double)) { double v = r.ReadDouble(); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(long)) { long v = r.ReadInt64(); return Unsafe.As<long, T>(ref v); }
        throw new NotSupportedException($"Runs of {typeof(T).Name} are not read.");
    }

    public static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> x)
    {
        w.Write(x.Length);
        WriteValues(w, x);
    }

    /// <exception cref="InvalidDataException">The stored length differs from <paramref name="x"/>'s, or a value is NaN or ∞.</exception>
    public static void ReadFloats(BinaryReader r, Span<float> x)
    {
        int n = r.ReadInt32();
        if (n != x.Length) throw new InvalidDataException($"Stored vector has {n} values, expected {x.Length}.");
        ReadValues(r, x);
        foreach (float v in x)
            if (!float.IsFinite(v)) throw new InvalidDataException("Stored learner state contains NaN or ∞.");
    }
}
