using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// `-- gpu-serving …`: the stream-steps/s grid of benchmarks/gpu/run.sh (GpuServing), not BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gpu-serving") return Rtu.Onnx.Benchmarks.GpuServing.Run(args[1..]);

// ONNX serving benchmarks: `dotnet run -c Release --project benchmarks/Rtu.Onnx.Benchmarks -- --filter '*'`.
// A short job keeps the whole suite to a few minutes on 2 cores; pass BenchmarkDotNet flags to change it.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1));
BenchmarkSwitcher.FromAssembly(typeof(Rtu.Onnx.Benchmarks.ServingBenchmarks).Assembly).Run(args, config);
return 0;
