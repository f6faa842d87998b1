// Streaming-engine benchmarks (issue 15), always in Release, from the repository root:
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- direct [keys] [rounds] [units]
//       bytes/Observe on the calling thread (exact) and µs/Observe, Observe/s with 1 and 2 threads (default 10,000 keys,
//       5 rounds, 16 units: the options' default)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- --filter '*'
//       BenchmarkDotNet (MemoryDiagnoser): one Observe over 1 and 10,000 keys
using BenchmarkDotNet.Running;
using Rtu.Engine.Benchmarks;

if (args.Length > 0 && args[0] == "direct")
{
    int keys = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    int units = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16;
    EngineThroughput.Run(keys, rounds, units);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(EngineObserveBenchmarks).Assembly).Run(args);
