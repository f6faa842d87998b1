using BenchmarkDotNet.Running;
using Rtu.Benchmarks;

// Runs the suites chosen by --filter (all with --filter '*'), then prints the cross-suite ratios
// (GFLOP/s, % of FMA peak, % of bandwidth bound, RTRL/T-BPTT per T, SIMD/scalar) from the same run.
// Tier-1 JIT of the library's hot paths before the first measured case (see JitWarmup).
if (!args.Contains("--list") && Environment.GetEnvironmentVariable("RTU_BENCH_NO_WARMUP") is null) JitWarmup.Run(TimeSpan.FromSeconds(3));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig()).ToArray();
RatioReport.Print(summaries, Console.Out);
