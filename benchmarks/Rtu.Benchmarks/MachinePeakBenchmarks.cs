using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Rtu.Benchmarks;

/// <summary>
/// Single-thread machine peaks the RTRL steps are compared with, measured in the same run, with the widest vectors the
/// hardware executes (<see cref="Vector512{T}"/> where <see cref="Vector512.IsHardwareAccelerated"/>, e.g. AVX-512;
/// else <see cref="Vector{T}"/>, which is then the widest): the FMA throughput and the streaming bandwidth, read-modify-write (the trace update's pattern) and read-only (the gradient contraction's pattern), of a
/// buffer much larger than the last-level cache (DRAM) and of buffers that fit each cache level (L1, L2, L3; sizes
/// from <see cref="CacheLevels"/>). <see cref="RatioReport"/> bounds each RTRL case by the bandwidth of the level its
/// working set fits in (the standard roofline).
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
    public const int FmaChains = PeakKernels.FmaChains;

    /// <summary>Floats in the streaming buffer: 256 MiB, 8× a 32 MiB L3.</summary>
    public const int StreamFloats = 64 << 20;

    /// <summary>True when the peaks use <see cref="Vector512{T}"/>; else <see cref="Vector{T}"/>.</summary>
    public static bool Uses512 => PeakKernels.Uses512;

    /// <summary>Floats per vector of the widest hardware vectors (16 with AVX-512, 8 with AVX2).</summary>
    public static int WidestFloats => PeakKernels.WidestFloats;

    /// <summary>Floating-point operations of one <see cref="FmaPeak"/> call (an FMA counts as 2).</summary>
    public static long FmaFlops => 2L * FmaIterations * FmaChains * WidestFloats;

    /// <summary>Floating-point operations of one <see cref="FmaPeakVectorT"/> call.</summary>
    public static long FmaFlopsVectorT => 2L * FmaIterations * FmaChains * Vector<float>.Count;

    /// <summary>Bytes of one <see cref="StreamReadWrite"/> call (every element read and written once).</summary>
    public static long ReadWriteBytes => 2L * StreamFloats * sizeof(float);

    /// <summary>Bytes of one <see cref="StreamRead"/> call.</summary>
    public static long ReadBytes => (long)StreamFloats * sizeof(float);

    /// <summary>Bytes streamed per invocation of a cache benchmark (several passes over a small buffer).</summary>
    public const long CacheBytesPerInvocation = 4L << 20;

    /// <summary>Buffer that fits cache <paramref name="level"/> (1–3) with room to spare: half of L1d, half of L2, a quarter of L3.</summary>
    public static int CacheBufferFloats(int level) => level switch
    {
        1 => (int)(CacheLevels.L1Bytes / 2 / sizeof(float)),
        2 => (int)(CacheLevels.L2Bytes / 2 / sizeof(float)),
        _ => (int)(CacheLevels.L3Bytes / 4 / sizeof(float)),
    } & ~127; // whole trips of the widest loops (8 × 16 floats)

    /// <summary>Passes over the level's buffer per invocation (at least one).</summary>
    public static int CachePasses(int level) => (int)Math.Max(1, CacheBytesPerInvocation / (CacheBufferFloats(level) * (long)sizeof(float)));

    /// <summary>Bytes of one read+write invocation at cache <paramref name="level"/> (every element read and written once per pass).</summary>
    public static long CacheReadWriteBytes(int level) => 2L * CachePasses(level) * CacheBufferFloats(level) * sizeof(float);

    /// <summary>Bytes of one read-only invocation at cache <paramref name="level"/>.</summary>
    public static long CacheReadBytes(int level) => (long)CachePasses(level) * CacheBufferFloats(level) * sizeof(float);

    private float[] _buffer = [];
    private float[] _l1 = [], _l2 = [], _l3 = [];

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

    /// <summary>Allocates and touches the three cache-sized buffers.</summary>
    [GlobalSetup(Targets = [nameof(L1ReadWrite), nameof(L1Read), nameof(L2ReadWrite), nameof(L2Read), nameof(L3ReadWrite), nameof(L3Read)])]
    public void SetupCache()
    {
        _l1 = Touched(CacheBufferFloats(1)); _l2 = Touched(CacheBufferFloats(2)); _l3 = Touched(CacheBufferFloats(3));
        static float[] Touched(int length)
        {
            var buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (i & 1023) * 1e-3f;
            return buffer;
        }
    }

    /// <summary>x ← s·x + c over an L1-sized buffer, <see cref="CachePasses"/> passes.</summary>
    [Benchmark] public void L1ReadWrite() => ReadWritePasses(_l1, CachePasses(1));

    /// <summary>Σ x over an L1-sized buffer, <see cref="CachePasses"/> passes.</summary>
    [Benchmark] public float L1Read() => ReadPasses(_l1, CachePasses(1));

    /// <summary>x ← s·x + c over an L2-sized buffer.</summary>
    [Benchmark] public void L2ReadWrite() => ReadWritePasses(_l2, CachePasses(2));

    /// <summary>Σ x over an L2-sized buffer.</summary>
    [Benchmark] public float L2Read() => ReadPasses(_l2, CachePasses(2));

    /// <summary>x ← s·x + c over an L3-sized buffer.</summary>
    [Benchmark] public void L3ReadWrite() => ReadWritePasses(_l3, CachePasses(3));

    /// <summary>Σ x over an L3-sized buffer.</summary>
    [Benchmark] public float L3Read() => ReadPasses(_l3, CachePasses(3));

    private static void ReadWritePasses(float[] buffer, int passes)
    {
        for (int p = 0; p < passes; p++) ReadWrite(buffer);
    }

    private static float ReadPasses(float[] buffer, int passes)
    {
        float sum = 0;
        for (int p = 0; p < passes; p++) sum += Read(buffer);
        return sum;
    }

    /// <summary>
    /// 12 independent FMA chains on the widest hardware vectors: the single-thread FMA peak the roofline uses.
    /// (Measured with <see cref="Vector{T}"/> before, which is 256-bit even on AVX-512 hardware: half the peak there,
    /// so every "% of FMA peak" was about 2× too generous.)
    /// </summary>
    [Benchmark]
    public float FmaPeak() => PeakKernels.Fma(FmaIterations);

    /// <summary>The same 12 chains on <see cref="Vector{T}"/>, the width the library's trace kernels use (for comparison).</summary>
    [Benchmark]
    public Vector<float> FmaPeakVectorT() => PeakKernels.FmaVectorT(FmaIterations);

    /// <summary>x ← s·x + c over 256 MiB: streaming read + write, single thread.</summary>
    [Benchmark]
    public void StreamReadWrite() => ReadWrite(_buffer);

    /// <summary>Σ x over 256 MiB: streaming read, single thread.</summary>
    [Benchmark]
    public float StreamRead() => Read(_buffer);

    private static void ReadWrite(float[] buffer) => PeakKernels.ReadWrite(buffer);

    private static float Read(float[] buffer) => PeakKernels.Read(buffer);
}
