using System.Collections.Concurrent;
using BenchmarkDotNet.Running;
using Rtu.Trainers.Cells;

namespace Rtu.Benchmarks;

/// <summary>
/// The analytic work of each benchmark case: floating-point operations (the layers' own
/// <see cref="IRecurrentLayer{T}.FlopsPerStep"/>, times B) and the bytes a step must move.
/// </summary>
/// <remarks>
/// Traffic model of one RTRL step of B streams (float32), per stream with c = 2 (linear, tied) or 4 (non-linear)
/// d×n input-weight traces: every trace is read and written once per learning step (the compulsory traffic, and since
/// the trace update is fused with the dW contraction in Backward, what the layers move): read-modify-write c·d·n·4·2
/// bytes. (Until that fusion the model also counted Backward's second read, c·d·n·4 read-only bytes, which made the
/// bound a third looser for the trace-dominated cases.) Added once per step (shared by the streams):
/// W1, W2 read (2·d·n·4) and dW1, dW2 read-modified-written (2·d·n·4·2). The small O(n) vectors are ignored.
/// It is the compulsory DRAM traffic when the working set does not fit in the last-level cache.
/// </remarks>
public static class Roofline
{
    private static readonly ConcurrentDictionary<(RecurrentArchitecture, int, int, int), long> FlopsCache = new();

    /// <summary>Input-weight traces kept per stream.</summary>
    public static int WeightTraceCount(RecurrentArchitecture architecture) =>
        architecture == RecurrentArchitecture.NonLinearRtu ? 4 : 2;

    /// <summary>The layer's analytic FlopsPerStep for one stream (built once at B = 1 and cached).</summary>
    public static long FlopsPerStream(RecurrentArchitecture architecture, int units, int inputSize, int truncation = 1) =>
        FlopsCache.GetOrAdd((architecture, units, inputSize, truncation), key =>
        {
            var (a, n, d, t) = key;
            var options = new RecurrentLayerOptions
            {
                Architecture = a,
                LearningRule = a == RecurrentArchitecture.Gru ? LearningRule.Tbptt : LearningRule.Rtrl,
                Units = n,
                Truncation = t,
            };
            return RecurrentLayerFactory.Create<float>(d, options, 1).FlopsPerStep;
        });

    /// <summary>Bytes of one RTRL step of B streams, split into read-modify-write and read-only traffic.</summary>
    public static (long ReadWrite, long ReadOnly) RtuStepBytes(RecurrentArchitecture architecture, int n, int d, int b)
    {
        long dn = (long)d * n, c = WeightTraceCount(architecture);
        long readWrite = b * c * dn * 4 * 2 + 2 * dn * 4 * 2;
        long readOnly = 2 * dn * 4;
        return (readWrite, readOnly);
    }

    /// <summary>Bytes that must stay resident between steps: the traces of every stream plus W and dW.</summary>
    public static long RtuWorkingSet(RecurrentArchitecture architecture, int n, int d, int b) =>
        (long)b * WeightTraceCount(architecture) * d * n * 4 + 4L * d * n * 4;

    /// <summary>Floating-point operations of one invocation of a benchmark case, or null when not meaningful.</summary>
    public static long? Flops(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (type == typeof(RtrlStepBenchmarks))
        {
            var (a, n, d, b) = RtrlCase(benchmarkCase);
            return FlopsPerStream(a, n, d) * b;
        }
        if (type == typeof(RtrlVsTbpttBenchmarks))
        {
            var a = (RecurrentArchitecture)benchmarkCase.Parameters["Architecture"];
            int t = (int)benchmarkCase.Parameters["T"];
            return method == nameof(RtrlVsTbpttBenchmarks.RtuRtrl)
                ? FlopsPerStream(a, RtrlVsTbpttBenchmarks.RtuUnits, RtrlVsTbpttBenchmarks.InputSize)
                : FlopsPerStream(RecurrentArchitecture.Gru, RtrlVsTbpttBenchmarks.GruUnits(a), RtrlVsTbpttBenchmarks.InputSize, t);
        }
        if (type == typeof(MachinePeakBenchmarks) && method == nameof(MachinePeakBenchmarks.FmaPeak)) return MachinePeakBenchmarks.FmaFlops;
        if (type == typeof(MachinePeakBenchmarks) && method == nameof(MachinePeakBenchmarks.FmaPeakVectorT)) return MachinePeakBenchmarks.FmaFlopsVectorT;
        return null;
    }

    /// <summary>Bytes moved by one invocation of a benchmark case, or null when not meaningful.</summary>
    public static long? Bytes(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (type == typeof(RtrlStepBenchmarks))
        {
            var (a, n, d, b) = RtrlCase(benchmarkCase);
            var (rw, ro) = RtuStepBytes(a, n, d, b);
            return rw + ro;
        }
        if (type == typeof(MachinePeakBenchmarks))
        {
            return method switch
            {
                nameof(MachinePeakBenchmarks.StreamReadWrite) => MachinePeakBenchmarks.ReadWriteBytes,
                nameof(MachinePeakBenchmarks.StreamRead) => MachinePeakBenchmarks.ReadBytes,
                nameof(MachinePeakBenchmarks.L1ReadWrite) => MachinePeakBenchmarks.CacheReadWriteBytes(1),
                nameof(MachinePeakBenchmarks.L1Read) => MachinePeakBenchmarks.CacheReadBytes(1),
                nameof(MachinePeakBenchmarks.L2ReadWrite) => MachinePeakBenchmarks.CacheReadWriteBytes(2),
                nameof(MachinePeakBenchmarks.L2Read) => MachinePeakBenchmarks.CacheReadBytes(2),
                nameof(MachinePeakBenchmarks.L3ReadWrite) => MachinePeakBenchmarks.CacheReadWriteBytes(3),
                nameof(MachinePeakBenchmarks.L3Read) => MachinePeakBenchmarks.CacheReadBytes(3),
                _ => null,
            };
        }
        return null;
    }

    /// <summary>The (architecture, n, d, B) of an <see cref="RtrlStepBenchmarks"/> case.</summary>
    public static (RecurrentArchitecture Architecture, int N, int D, int B) RtrlCase(BenchmarkCase benchmarkCase) =>
        ((RecurrentArchitecture)benchmarkCase.Parameters["Architecture"], (int)benchmarkCase.Parameters["N"],
         (int)benchmarkCase.Parameters["D"], (int)benchmarkCase.Parameters["B"]);

    /// <summary>The last-level cache size in bytes (Linux sysfs; 32 MiB when unknown).</summary>
    public static long LastLevelCacheBytes => CacheLevels.L3Bytes;

    /// <summary>
    /// The memory level a working set of <paramref name="bytes"/> fits in: 1, 2, 3 (caches) or 4 (DRAM).
    /// "Fits" is working set ≤ the level's size (per core for L1/L2, the whole L3).
    /// </summary>
    public static int MemoryLevel(long bytes) =>
        bytes <= CacheLevels.L1Bytes ? 1 : bytes <= CacheLevels.L2Bytes ? 2 : bytes <= CacheLevels.L3Bytes ? 3 : 4;

    /// <summary>Name of a <see cref="MemoryLevel"/>.</summary>
    public static string LevelName(int level) => level switch { 1 => "L1", 2 => "L2", 3 => "L3", _ => "DRAM" };
}

/// <summary>Data-cache sizes of CPU 0 from Linux sysfs (defaults: 32 KiB L1d, 1 MiB L2, 32 MiB L3 when unknown).</summary>
public static class CacheLevels
{
    /// <summary>L1 data cache, bytes.</summary>
    public static long L1Bytes { get; } = Read(1, 32L << 10);

    /// <summary>L2 cache, bytes.</summary>
    public static long L2Bytes { get; } = Read(2, 1L << 20);

    /// <summary>L3 (last-level) cache, bytes.</summary>
    public static long L3Bytes { get; } = Read(3, 32L << 20);

    private static long Read(int level, long fallback)
    {
        try
        {
            for (int index = 0; index < 8; index++)
            {
                string dir = $"/sys/devices/system/cpu/cpu0/cache/index{index}";
                if (!Directory.Exists(dir)) break;
                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
                if (File.ReadAllText(Path.Combine(dir, "type")).Trim() == "Instruction") continue;
                string text = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                long scale = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1024 * 1024 : 1;
                if (long.TryParse(text.TrimEnd('K', 'M'), out long value)) return value * scale;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return fallback;
    }
}
