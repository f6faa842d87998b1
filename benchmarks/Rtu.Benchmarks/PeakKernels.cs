using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rtu.Benchmarks;

/// <summary>
/// The machine-peak loops, written once: 12 independent FMA chains and in-place read+write / read-only streaming, on
/// the widest vectors the hardware executes. <see cref="MachinePeakBenchmarks"/> (BenchmarkDotNet) and the step-table
/// harness (benchmarks/Rtu.StepTable, which links this file) both time them.
/// </summary>
internal static class PeakKernels
{
    /// <summary>Independent accumulator chains of the FMA loops (≥ latency × FMA ports).</summary>
    public const int FmaChains = 12;

    /// <summary>True when the loops use <see cref="Vector512{T}"/>; else <see cref="Vector{T}"/>.</summary>
    public static bool Uses512 => Vector512.IsHardwareAccelerated;

    /// <summary>Floats per vector of the widest hardware vectors (16 with AVX-512, 8 with AVX2).</summary>
    public static int WidestFloats => Uses512 ? Vector512<float>.Count : Vector<float>.Count;

    /// <summary><see cref="FmaChains"/> chains of <paramref name="iterations"/> FMAs on the widest vectors.</summary>
    public static float Fma(int iterations) => Uses512 ? Fma512(iterations) : Vector.Sum(FmaVectorT(iterations));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Fma512(int iterations)
    {
        var m = Vector512.Create(0.999999f); var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(1.0f), a1 = Vector512.Create(1.1f), a2 = Vector512.Create(1.2f), a3 = Vector512.Create(1.3f),
            a4 = Vector512.Create(1.4f), a5 = Vector512.Create(1.5f), a6 = Vector512.Create(1.6f), a7 = Vector512.Create(1.7f),
            a8 = Vector512.Create(1.8f), a9 = Vector512.Create(1.9f), a10 = Vector512.Create(2.0f), a11 = Vector512.Create(2.1f);
        for (int i = 0; i < iterations; i++)
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

    /// <summary>The same 12 chains on <see cref="Vector{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static Vector<float> FmaVectorT(int iterations)
    {
        var m = new Vector<float>(0.999999f); var c = new Vector<float>(1e-6f);
        Vector<float> a0 = new(1.0f), a1 = new(1.1f), a2 = new(1.2f), a3 = new(1.3f), a4 = new(1.4f), a5 = new(1.5f),
            a6 = new(1.6f), a7 = new(1.7f), a8 = new(1.8f), a9 = new(1.9f), a10 = new(2.0f), a11 = new(2.1f);
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c); a1 = Vector.FusedMultiplyAdd(a1, m, c);
            a2 = Vector.FusedMultiplyAdd(a2, m, c); a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c); a5 = Vector.FusedMultiplyAdd(a5, m, c);
            a6 = Vector.FusedMultiplyAdd(a6, m, c); a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c); a9 = Vector.FusedMultiplyAdd(a9, m, c);
            a10 = Vector.FusedMultiplyAdd(a10, m, c); a11 = Vector.FusedMultiplyAdd(a11, m, c);
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
    }

    /// <summary>x ← s·x + c in place, 4 vectors per trip: one read and one write of every element (widest vectors).</summary>
    public static void ReadWrite(float[] buffer)
    {
        if (Uses512) ReadWrite512(buffer); else ReadWriteVectorT(buffer);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReadWrite512(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        var s = Vector512.Create(0.5f); var c = Vector512.Create(0.25f);
        nuint w = (nuint)Vector512<float>.Count;
        for (nuint i = 0, n = (nuint)buffer.Length; i < n; i += 4 * w)
        {
            var v0 = Vector512.LoadUnsafe(ref r, i); var v1 = Vector512.LoadUnsafe(ref r, i + w);
            var v2 = Vector512.LoadUnsafe(ref r, i + 2 * w); var v3 = Vector512.LoadUnsafe(ref r, i + 3 * w);
            Vector512.FusedMultiplyAdd(v0, s, c).StoreUnsafe(ref r, i);
            Vector512.FusedMultiplyAdd(v1, s, c).StoreUnsafe(ref r, i + w);
            Vector512.FusedMultiplyAdd(v2, s, c).StoreUnsafe(ref r, i + 2 * w);
            Vector512.FusedMultiplyAdd(v3, s, c).StoreUnsafe(ref r, i + 3 * w);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReadWriteVectorT(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        var s = new Vector<float>(0.5f); var c = new Vector<float>(0.25f);
        int w = Vector<float>.Count;
        for (nuint i = 0, n = (nuint)buffer.Length; i < n; i += (nuint)(4 * w))
        {
            var v0 = Vector.LoadUnsafe(ref r, i); var v1 = Vector.LoadUnsafe(ref r, i + (nuint)w);
            var v2 = Vector.LoadUnsafe(ref r, i + (nuint)(2 * w)); var v3 = Vector.LoadUnsafe(ref r, i + (nuint)(3 * w));
            Vector.FusedMultiplyAdd(v0, s, c).StoreUnsafe(ref r, i);
            Vector.FusedMultiplyAdd(v1, s, c).StoreUnsafe(ref r, i + (nuint)w);
            Vector.FusedMultiplyAdd(v2, s, c).StoreUnsafe(ref r, i + (nuint)(2 * w));
            Vector.FusedMultiplyAdd(v3, s, c).StoreUnsafe(ref r, i + (nuint)(3 * w));
        }
    }

    /// <summary>
    /// Σ x with 8 independent vector accumulators (enough to cover the add latency, so an L1-resident buffer is bound by
    /// the loads, not by the additions): one read of every element.
    /// </summary>
    /// <remarks>AggressiveOptimization on the loops: a loop running straight from tier 0 / OSR code measured read
    /// bandwidths of 27 GB/s even in L1.</remarks>
    public static float Read(float[] buffer) => Uses512 ? Read512(buffer) : ReadVectorT(buffer);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Read512(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        nuint w = (nuint)Vector512<float>.Count;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (nuint i = 0, n = (nuint)buffer.Length; i < n; i += 8 * w)
        {
            s0 += Vector512.LoadUnsafe(ref r, i); s1 += Vector512.LoadUnsafe(ref r, i + w);
            s2 += Vector512.LoadUnsafe(ref r, i + 2 * w); s3 += Vector512.LoadUnsafe(ref r, i + 3 * w);
            s4 += Vector512.LoadUnsafe(ref r, i + 4 * w); s5 += Vector512.LoadUnsafe(ref r, i + 5 * w);
            s6 += Vector512.LoadUnsafe(ref r, i + 6 * w); s7 += Vector512.LoadUnsafe(ref r, i + 7 * w);
        }
        return Vector512.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float ReadVectorT(float[] buffer)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(buffer);
        int w = Vector<float>.Count;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (nuint i = 0, n = (nuint)buffer.Length; i < n; i += (nuint)(8 * w))
        {
            s0 += Vector.LoadUnsafe(ref r, i); s1 += Vector.LoadUnsafe(ref r, i + (nuint)w);
            s2 += Vector.LoadUnsafe(ref r, i + (nuint)(2 * w)); s3 += Vector.LoadUnsafe(ref r, i + (nuint)(3 * w));
            s4 += Vector.LoadUnsafe(ref r, i + (nuint)(4 * w)); s5 += Vector.LoadUnsafe(ref r, i + (nuint)(5 * w));
            s6 += Vector.LoadUnsafe(ref r, i + (nuint)(6 * w)); s7 += Vector.LoadUnsafe(ref r, i + (nuint)(7 * w));
        }
        return Vector.Sum(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
    }
}
