// Streaming-engine benchmarks (issue 15), always in Release, from the repository root:
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- direct [keys] [rounds] [units] [warm-up rounds]
//       bytes/Observe on the calling thread (exact) and µs/Observe, Observe/s with 1 and 2 threads (default 10,000 keys,
//       5 rounds, 16 units: the options' default; 2 warm-up rounds, which leave short runs partly in unoptimised code)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- components FILE.csv COLUMN [season] [horizon] [streams] [passes]
//       µs per row of one forecaster (1 and many streams) and of its parts alone: RTU + heads, forecast pool, members,
//       intervals (default season 1, horizon 1, 1,000 streams, 3 passes)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- --filter '*'
//       BenchmarkDotNet (MemoryDiagnoser): one Observe over 1 and 10,000 keys
using BenchmarkDotNet.Running;
using Rtu.Engine.Benchmarks;

if (args.Length > 0 && args[0] == "direct")
{
    int keys = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    int units = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16;
    int warm = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2;
    EngineThroughput.Run(keys, rounds, units, warm);
    return;
}
if (args.Length > 2 && args[0] == "components")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    ForecasterComponents.Run(args[1], args[2], Arg(3, 1), Arg(4, 1), Arg(5, 1000), Arg(6, 3));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(EngineObserveBenchmarks).Assembly).Run(args);
