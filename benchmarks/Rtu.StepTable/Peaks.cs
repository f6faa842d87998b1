using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rtu.StepTable;

/// <summary>
/// Single-thread machine peaks for the roofline bound, measured like the steps (thread CPU time, fastest round): FMA
/// throughput and in-place read+write / read-only bandwidth per memory level, with the widest vectors the hardware
/// executes (the same loops as <c>Rtu.Benchmarks/MachinePeakBenchmarks</c>).
/// </summary>
internal static class Peaks
{
    private const int FmaIterations = 1 << 14;

    /// <summary>Floats per vector of the loops.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 16 : Vector<float>.Count;

    /// <summary>FMA peak, GFLOP/s (an FMA counts 2).</summary>
    public static double FmaGflops()
    {
        var (min, _) = CpuClock.Measure(() => Fma(), 0.2, 30, 0.005);
        return 2.0 * FmaIterations * 12 * Width / (min * 1e3);
    }

    /// <summary>(read+write, read) GB/s for a buffer of <paramref name="bytes"/>.</summary>
    public static (double ReadWrite, double Read) Bandwidth(long bytes)
    {
        int floats = (int)(bytes / 4) & ~255;
        var buffer = GC.AllocateUninitializedArray<float>(floats, pinned: true);
        for (int i = 0; i < floats; i++) buffer[i] = (i & 1023) * 1e-3f;
        bool dram = bytes > 64L << 20;
        int rounds = dram ? 5 : 30;
        double seconds = dram ? 0.0 : 0.005;
        var (rw, _) = CpuClock.Measure(() => ReadWrite(buffer), dram ? 0.0 : 0.1, rounds, seconds);
        var (ro, _) = CpuClock.Measure(() => Read(buffer), dram ? 0.0 : 0.1, rounds, seconds);
        return (2.0 * floats * 4 / (rw * 1e3), floats * 4.0 / (ro * 1e3));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma()
    {
        if (!Vector512.IsHardwareAccelerated) return FmaVectorT();
        var m = Vector512.Create(0.999999f); var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(1.0f), a1 = Vector512.Create(1.1f), a2 = Vector512.Create(1.2f), a3 = Vector512.Create(1.3f),
            a4 = Vector512.Create(1.4f), a5 = Vector512.Create(1.5f), a6 = Vector512.Create(1.6f), a7 = Vector512.Create(1.7f),
            a8 = Vector512.Create(1.8f), a9 = Vector512.Create(1.9f), a10 = Vector512.Create(2.0f), a11 = Vector512.Create(2.1f);
        for (int i = 0; i < FmaIterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaVectorT()
    {
        var m = new Vector<float>(0.999999f); var c = new Vector<float>(1e-6f);
        Vector<float> a0 = new(1.0f), a1 = new(1.1f), a2 = new(1.2f), a3 = new(1.3f), a4 = new(1.4f), a5 = new(1.5f),
            a6 = new(1.6f), a7 = new(1.7f), a8 = new(1.8f), a9 = new(1.9f), a10 = new(2.0f), a11 = new(2.1f);
        for (int i = 0; i < FmaIterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c); a1 = Vector.FusedMultiplyAdd(a1, m, c);
            a2 = Vector.FusedMultiplyAdd(a2, m, c); a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c); a5 = Vector.FusedMultiplyAdd(a5, m, c);
            a6 = Vector.FusedMultiplyAdd(a6, m, c); a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c); a9 = Vector.FusedMultiplyAdd(a9, m, c);
            a10 = Vector.FusedMultiplyAdd(a10, m, c); a11 = Vector.FusedMultiplyAdd(a11, m, c);
        }
        return Vector.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReadWrite(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        nuint n = (nuint)buffer.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(0.5f); var c = Vector512.Create(0.25f);
            for (nuint i = 0; i < n; i += 64)
            {
                var v0 = Vector512.LoadUnsafe(ref r, i); var v1 = Vector512.LoadUnsafe(ref r, i + 16);
                var v2 = Vector512.LoadUnsafe(ref r, i + 32); var v3 = Vector512.LoadUnsafe(ref r, i + 48);
                Vector512.FusedMultiplyAdd(v0, s, c).StoreUnsafe(ref r, i); Vector512.FusedMultiplyAdd(v1, s, c).StoreUnsafe(ref r, i + 16);
                Vector512.FusedMultiplyAdd(v2, s, c).StoreUnsafe(ref r, i + 32); Vector512.FusedMultiplyAdd(v3, s, c).StoreUnsafe(ref r, i + 48);
            }
            return;
        }
        var sv = new Vector<float>(0.5f); var cv = new Vector<float>(0.25f);
        nuint w = (nuint)Vector<float>.Count;
        for (nuint i = 0; i + w <= n; i += w) Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r, i), sv, cv).StoreUnsafe(ref r, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Read(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        nuint n = (nuint)buffer.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (nuint i = 0; i < n; i += 128)
            {
                s0 += Vector512.LoadUnsafe(ref r, i); s1 += Vector512.LoadUnsafe(ref r, i + 16);
                s2 += Vector512.LoadUnsafe(ref r, i + 32); s3 += Vector512.LoadUnsafe(ref r, i + 48);
                s4 += Vector512.LoadUnsafe(ref r, i + 64); s5 += Vector512.LoadUnsafe(ref r, i + 80);
                s6 += Vector512.LoadUnsafe(ref r, i + 96); s7 += Vector512.LoadUnsafe(ref r, i + 112);
            }
            return Vector512.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
        }
        Vector<float> a = default, b = default;
        nuint w = (nuint)Vector<float>.Count;
        for (nuint i = 0; i + 2 * w <= n; i += 2 * w) { a += Vector.LoadUnsafe(ref r, i); b += Vector.LoadUnsafe(ref r, i + w); }
        return Vector.Sum(a + b);
    }
}
