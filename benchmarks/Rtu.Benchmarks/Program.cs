using BenchmarkDotNet.Running;
using Rtu.Benchmarks;
using Rtu.Benchmarks.Shared;

// Runs the suites chosen by --filter (all with --filter '*'), then prints the cross-suite ratios
// (GFLOP/s, % of FMA peak, % of bandwidth bound, RTRL/T-BPTT per T, SIMD/scalar) from the same run.
// Exit 2 when no benchmark was selected, when a job count option is not a whole number in its range, or when a job
// that runs out of process (e.g. --runtimes) cannot find this project's file (run from outside the repository); 1 when a
// benchmark failed to build or run (BenchmarkDotNet itself exits 0): ../Shared/ProjectLocation.cs and
// ../Shared/SwitcherExit.cs. The default job runs in process and needs no project file, so it runs from any folder.
// The job count options' ranges (../Shared/JobOptionLimits.cs; BenchmarkDotNet itself has no upper bound): --launchCount
// 1–100, --warmupCount 0–1,000 (--minWarmupCount 0–1,000, --maxWarmupCount 1–1,000), --iterationCount, --minIterationCount
// and --maxIterationCount 1–1,000, --iterationTime 1–10,000 ms, --invocationCount 1–10,000,000, --unrollFactor 1–1,024.
bool runs = !SwitcherExit.Informational(args);
if (runs && JobOptionLimits.Problem(args) is string bad)
{
    Console.Error.WriteLine(bad);
    return 2;
}
if (runs && ProjectLocation.Needed(args, new BenchConfig()) && ProjectLocation.Problem() is string problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
// Tier-1 JIT of the library's hot paths before the first measured case (see JitWarmup).
if (runs && Environment.GetEnvironmentVariable("RTU_BENCH_NO_WARMUP") is null) JitWarmup.Run(TimeSpan.FromSeconds(3));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig()).ToArray();
RatioReport.Print(summaries, Console.Out);
return runs ? SwitcherExit.Code(args, summaries) : 0;
