using Rtu.Benchmarks;

namespace Rtu.StepTable;

/// <summary>
/// Single-thread machine peaks for the roofline bound, measured like the steps (thread CPU time, fastest round): FMA
/// throughput and in-place read+write / read-only bandwidth per memory level, with the widest vectors the hardware
/// executes (the loops of <c>Rtu.Benchmarks/PeakKernels.cs</c>, linked into this project, as <c>MachinePeakBenchmarks</c> uses them).
/// </summary>
internal static class Peaks
{
    private const int FmaIterations = 1 << 14;

    /// <summary>Floats per vector of the loops.</summary>
    public static int Width => PeakKernels.WidestFloats;

    /// <summary>FMA peak, GFLOP/s (an FMA counts 2).</summary>
    public static double FmaGflops()
    {
        var (min, _) = CpuClock.Measure(() => PeakKernels.Fma(FmaIterations), 0.2, 30, 0.005);
        return 2.0 * FmaIterations * PeakKernels.FmaChains * Width / (min * 1e3);
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
        var (rw, _) = CpuClock.Measure(() => PeakKernels.ReadWrite(buffer), dram ? 0.0 : 0.1, rounds, seconds);
        var (ro, _) = CpuClock.Measure(() => PeakKernels.Read(buffer), dram ? 0.0 : 0.1, rounds, seconds);
        return (2.0 * floats * 4 / (rw * 1e3), floats * 4.0 / (ro * 1e3));
    }
}
