using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// `-- gpu-serving …`: the stream-steps/s grid of benchmarks/gpu/run.sh (GpuServing), not BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gpu-serving") return Rtu.Onnx.Benchmarks.GpuServing.Run(args[1..]);

// ONNX serving benchmarks: `dotnet run -c Release --project benchmarks/Rtu.Onnx.Benchmarks -- --filter '*'`.
// A short job keeps the whole suite to a few minutes on 2 cores; pass BenchmarkDotNet flags to change it.
// Exit 2 when the project cannot be found or no benchmark was selected, 1 when a benchmark failed to build or run
// (BenchmarkDotNet itself reports both and exits 0).
string[] informational = ["--list", "--help", "-h", "-?", "--info", "--version"];
bool runs = !args.Any(a => informational.Contains(a.Split('=')[0]));
// The short job below runs out of process, so even with --inProcess the project file is needed.
if (runs && Rtu.Onnx.Benchmarks.ProjectLocation.Problem() is string problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Rtu.Onnx.Benchmarks.ServingBenchmarks).Assembly).Run(args, config).ToArray();
if (!runs) return 0;
if (summaries.Length == 0 || summaries.All(s => s.BenchmarksCases.Length == 0))
{
    string given = args.Length == 0 ? "no arguments" : $"arguments: {string.Join(' ', args)}";
    Console.Error.WriteLine($"No benchmark ran ({given}; see BenchmarkDotNet's message above; e.g. --filter '*').");
    return 2;
}
int cases = summaries.Sum(s => s.BenchmarksCases.Length);
int succeeded = summaries.Sum(s => s.Reports.Count(r => r.Success));
if (succeeded < cases || summaries.Any(s => s.HasCriticalValidationErrors))
{
    Console.Error.WriteLine("BenchmarkDotNet could not build or run every selected benchmark (see its log above).");
    return 1;
}
return 0;
