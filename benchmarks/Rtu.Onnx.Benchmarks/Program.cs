using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Rtu.Benchmarks.Shared;

// `-- gpu-serving …`: the stream-steps/s grid of benchmarks/gpu/run.sh (GpuServing), not BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gpu-serving") return Rtu.Onnx.Benchmarks.GpuServing.Run(args[1..]);

// ONNX serving benchmarks: `dotnet run -c Release --project benchmarks/Rtu.Onnx.Benchmarks -- --filter '*'`.
// A short job keeps the whole suite to a few minutes on 2 cores; pass BenchmarkDotNet flags to change it.
// Exit 2 when the project cannot be found or no benchmark was selected, 1 when a benchmark failed to build or run
// (BenchmarkDotNet itself reports both and exits 0): ../Shared/ProjectLocation.cs and ../Shared/SwitcherExit.cs; exit 2
// too when a job count option is not a whole number in its range (../Shared/JobOptionLimits.cs, as the other suites).
bool runs = !SwitcherExit.Informational(args);
if (runs && JobOptionLimits.Problem(args) is string bad)
{
    Console.Error.WriteLine(bad);
    return 2;
}
// The short job below runs out of process, so even with --inProcess the project file is needed.
if (runs && ProjectLocation.Problem() is string problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Rtu.Onnx.Benchmarks.ServingBenchmarks).Assembly).Run(args, config).ToArray();
return runs ? SwitcherExit.Code(args, summaries) : 0;
