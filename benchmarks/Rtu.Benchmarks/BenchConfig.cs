using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Rtu.Benchmarks;

/// <summary>
/// The suite's configuration: one short in-process job (1 launch, 5 warm-ups, 40 short iterations of ~25 ms), the memory
/// diagnoser (a learning step must allocate 0 B; its whole-process count can show a few B/op of background bytes in slow
/// cases, so the ratio report's per-thread <see cref="AllocationCheck"/> is the check) and the roofline columns (GFLOP/s, GB/s).
/// </summary>
/// <remarks>
/// Many short iterations rather than a few long ones: on a machine shared with other work the median is the typical
/// time under contention and the fastest iteration (Min) is the best estimate of the uncontended time; both are reported.
/// The job is marked as the default one, so BenchmarkDotNet's command-line job options (<c>--iterationCount</c>,
/// <c>--warmupCount</c>, <c>--iterationTime</c>, ...) modify it instead of adding a second job. In-process keeps the
/// whole grid (plus the machine-peak micro-benchmarks) well under 20 minutes on a small machine, because no
/// per-suite project has to be generated and built.
/// </remarks>
public sealed class BenchConfig : ManualConfig
{
    /// <summary>Creates the configuration on top of BenchmarkDotNet's defaults (loggers, exporters, columns).</summary>
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithId("ShortInProcess")
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(40)
            .WithIterationTime(TimeInterval.FromMilliseconds(25))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .AsDefault());
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min);
        AddColumn(RooflineColumn.GflopsPerSecond, RooflineColumn.GigabytesPerSecond);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithMaxParameterColumnWidth(24));
        WithOptions(ConfigOptions.DisableLogFile);
    }
}
