using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.IO;

/// <summary>
/// Runs of values in a model's binary form, written and read in one call with the bytes BinaryWriter writes value by
/// value (little-endian). Why: a forecaster writes itself at every possible spike and reads itself back, and value by
/// value BinaryWriter costs about 25 ns a value: a 30 kB forecaster took 100 µs to write, a horizon-168 one milliseconds.
/// </summary>
internal static class BinaryRuns
{
    // Values converted to float64 per stack buffer (Float64 runs).
    private const int Chunk = 128;

    /// <summary>Writes <paramref name="values"/> (float, double, long or int) as BinaryWriter writes each one.</summary>
    public static void Write<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) { w.Write(MemoryMarshal.AsBytes(values)); return; }
        foreach (T v in values) WriteOne(w, v);
    }

    /// <summary>Reads what <see cref="Write{T}"/> wrote into all of <paramref name="values"/>.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first (as BinaryReader's own reads).</exception>
    public static void Read<T>(BinaryReader r, Span<T> values) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < values.Length; i++) values[i] = ReadOne<T>(r);
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

    /// <summary>One value, as BinaryReader reads it.</summary>
    public static T ReadOne<T>(BinaryReader r) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float v = r.ReadSingle(); return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(double)) { double v = r.ReadDouble(); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(long)) { long v = r.ReadInt64(); return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(int)) { int v = r.ReadInt32(); return Unsafe.As<int, T>(ref v); }
        throw new NotSupportedException($"Runs of {typeof(T).Name} are not read.");
    }

    /// <summary>Writes <paramref name="values"/> each as float64 (a float32 model reloads bit-exact), as BinaryWriter.Write(double) writes it.</summary>
    public static void WriteFloat64<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(double)) { Write(w, MemoryMarshal.Cast<T, double>(values)); return; }
        Span<double> chunk = stackalloc double[Chunk];
        for (int at = 0; at < values.Length; at += Chunk)
        {
            int n = Math.Min(Chunk, values.Length - at);
            for (int i = 0; i < n; i++) chunk[i] = double.CreateTruncating(values[at + i]);
            Write<double>(w, chunk[..n]);
        }
    }

    /// <summary>
    /// Reads <paramref name="values"/> written by <see cref="WriteFloat64{T}"/>, converting each; <paramref name="check"/>
    /// sees each value (its index, as stored, as converted) in order and may throw.
    /// </summary>
    public static void ReadFloat64<T>(BinaryReader r, Span<T> values, Action<int, double, T>? check = null) where T : unmanaged, INumberBase<T>
    {
        Span<double> chunk = stackalloc double[Chunk];
        for (int at = 0; at < values.Length; at += Chunk)
        {
            int n = Math.Min(Chunk, values.Length - at);
            Read<double>(r, chunk[..n]);
            for (int i = 0; i < n; i++)
            {
                values[at + i] = T.CreateTruncating(chunk[i]);
                check?.Invoke(at + i, chunk[i], values[at + i]);
            }
        }
    }

    // BinaryWriter's own one-value calls (the JIT keeps the one branch T needs; ReadOne is its mirror).
    private static void WriteOne<T>(BinaryWriter w, T v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) w.Write(Unsafe.As<T, float>(ref v));
        else if (typeof(T) == typeof(double)) w.Write(Unsafe.As<T, double>(ref v));
        else if (typeof(T) == typeof(long)) w.Write(Unsafe.As<T, long>(ref v));
        else if (typeof(T) == typeof(int)) w.Write(Unsafe.As<T, int>(ref v));
        else throw new NotSupportedException($"Runs of {typeof(T).Name} are not written.");
    }
}
