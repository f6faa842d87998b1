// Streaming-engine benchmarks (issue 15), always in Release, from the repository root:
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- direct [keys] [rounds] [units] [warm-up rounds]
//       bytes/Observe on the calling thread (exact) and µs/Observe, Observe/s with 1 and 2 threads (default 10,000 keys,
//       5 rounds, 16 units: the options' default; 2 warm-up rounds, which leave short runs partly in unoptimised code)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- components FILE.csv COLUMN [season] [horizon] [streams] [passes]
//       µs per row of one forecaster (1 and many streams) and of its parts alone: RTU + heads, forecast pool, members,
//       intervals (default season 1, horizon 1, 1,000 streams, 3 passes)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- --filter '*'
//       BenchmarkDotNet (MemoryDiagnoser): one Observe over 1 and 10,000 keys; exit 2 when no benchmark was selected or
//       a job that runs out of process (e.g. --runtimes) cannot find this project's file (run from outside the
//       repository), 1 when a benchmark failed to build or run (../Shared/ProjectLocation.cs, ../Shared/SwitcherExit.cs)
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Rtu.Benchmarks.Shared;
using Rtu.Engine.Benchmarks;

if (args.Length > 0 && args[0] == "direct")
{
    int keys = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    int units = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16;
    int warm = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2;
    EngineThroughput.Run(keys, rounds, units, warm);
    return 0;
}
if (args.Length > 2 && args[0] == "components")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    ForecasterComponents.Run(args[1], args[2], Arg(3, 1), Arg(4, 1), Arg(5, 1000), Arg(6, 3));
    return 0;
}
bool runs = !SwitcherExit.Informational(args);
// EngineObserveBenchmarks' own job runs in process and needs no project file; other jobs (e.g. --runtimes) do.
if (runs && ProjectLocation.Needed(args, DefaultConfig.Instance) && ProjectLocation.Problem() is string problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
var summaries = BenchmarkSwitcher.FromAssembly(typeof(EngineObserveBenchmarks).Assembly).Run(args).ToArray();
return runs ? SwitcherExit.Code(args, summaries) : 0;
