using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Rtu.Benchmarks;

/// <summary>
/// Single-thread machine peaks the RTRL steps are compared with, measured in the same run:
/// the FMA throughput of <see cref="Vector{T}"/> code (the width the trace kernels use) and the streaming
/// bandwidth of a buffer much larger than the last-level cache, read-modify-write (the trace update's pattern)
/// and read-only (the gradient contraction's pattern).
/// </summary>
/// <remarks>
/// A peak is a capability, so <see cref="RatioReport"/> uses the fastest iteration (BenchmarkDotNet's Min), and this
/// suite runs more, shorter iterations than the others: on a shared machine some of them get the core to themselves.
/// </remarks>
[WarmupCount(5), IterationCount(100), IterationTime(2)]
public class MachinePeakBenchmarks
{
    /// <summary>Loop trips of <see cref="FmaPeak"/>.</summary>
    public const int FmaIterations = 1 << 16;

    /// <summary>Independent accumulator chains in <see cref="FmaPeak"/> (≥ latency × FMA ports).</summary>
    public const int FmaChains = 12;

    /// <summary>Floats in the streaming buffer: 256 MiB, 8× a 32 MiB L3.</summary>
    public const int StreamFloats = 64 << 20;

    /// <summary>Floating-point operations of one <see cref="FmaPeak"/> call (an FMA counts as 2).</summary>
    public static long FmaFlops => 2L * FmaIterations * FmaChains * Vector<float>.Count;

    /// <summary>Bytes of one <see cref="StreamReadWrite"/> call (every element read and written once).</summary>
    public static long ReadWriteBytes => 2L * StreamFloats * sizeof(float);

    /// <summary>Bytes of one <see cref="StreamRead"/> call.</summary>
    public static long ReadBytes => (long)StreamFloats * sizeof(float);

    private float[] _buffer = [];

    /// <summary>Allocates and touches the streaming buffer.</summary>
    [GlobalSetup(Targets = [nameof(StreamReadWrite), nameof(StreamRead)])]
    public void SetupStream()
    {
        _buffer = GC.AllocateUninitializedArray<float>(StreamFloats, pinned: true);
        for (int i = 0; i < _buffer.Length; i++) _buffer[i] = (i & 1023) * 1e-3f;
    }

    /// <summary>Releases the buffer before the next suite.</summary>
    [GlobalCleanup(Targets = [nameof(StreamReadWrite), nameof(StreamRead)])]
    public void CleanupStream()
    {
        _buffer = [];
        GC.Collect();
    }

    /// <summary>12 independent FMA chains on <see cref="Vector{T}"/>: the single-thread FMA peak.</summary>
    [Benchmark]
    public Vector<float> FmaPeak()
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
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
    }

    /// <summary>x ← s·x + c over 256 MiB: streaming read + write, single thread.</summary>
    [Benchmark]
    public void StreamReadWrite()
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(_buffer);
        var s = new Vector<float>(0.5f); var c = new Vector<float>(0.25f);
        int w = Vector<float>.Count;
        for (nuint i = 0, n = (nuint)_buffer.Length; i < n; i += (nuint)(4 * w))
        {
            var v0 = Vector.LoadUnsafe(ref r, i); var v1 = Vector.LoadUnsafe(ref r, i + (nuint)w);
            var v2 = Vector.LoadUnsafe(ref r, i + (nuint)(2 * w)); var v3 = Vector.LoadUnsafe(ref r, i + (nuint)(3 * w));
            Vector.FusedMultiplyAdd(v0, s, c).StoreUnsafe(ref r, i);
            Vector.FusedMultiplyAdd(v1, s, c).StoreUnsafe(ref r, i + (nuint)w);
            Vector.FusedMultiplyAdd(v2, s, c).StoreUnsafe(ref r, i + (nuint)(2 * w));
            Vector.FusedMultiplyAdd(v3, s, c).StoreUnsafe(ref r, i + (nuint)(3 * w));
        }
    }

    /// <summary>Σ x over 256 MiB: streaming read, single thread.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public float StreamRead()
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(_buffer);
        int w = Vector<float>.Count;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (nuint i = 0, n = (nuint)_buffer.Length; i < n; i += (nuint)(4 * w))
        {
            s0 += Vector.LoadUnsafe(ref r, i); s1 += Vector.LoadUnsafe(ref r, i + (nuint)w);
            s2 += Vector.LoadUnsafe(ref r, i + (nuint)(2 * w)); s3 += Vector.LoadUnsafe(ref r, i + (nuint)(3 * w));
        }
        return Vector.Sum((s0 + s1) + (s2 + s3));
    }
}
