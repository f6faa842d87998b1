using BenchmarkDotNet.Running;
using Rtu.Benchmarks;
using Rtu.Benchmarks.Shared;

// Runs the suites chosen by --filter (all with --filter '*'), then prints the cross-suite ratios
// (GFLOP/s, % of FMA peak, % of bandwidth bound, RTRL/T-BPTT per T, SIMD/scalar) from the same run.
// Exit 2 when no benchmark was selected, or when a job that runs out of process (e.g. --runtimes) cannot find this
// project's file (run from outside the repository); 1 when a benchmark failed to build or run (BenchmarkDotNet itself
// exits 0): ../Shared/ProjectLocation.cs and ../Shared/SwitcherExit.cs. The default job runs in process and needs no
// project file, so it runs from any folder.
bool runs = !SwitcherExit.Informational(args);
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
