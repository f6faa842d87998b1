// Streaming-engine benchmarks (issue 15), always in Release, from the repository root:
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- direct [keys] [rounds] [units] [warm-up rounds]
//       bytes/Observe on the calling thread (exact) and µs/Observe, Observe/s with 1 and 2 threads (default 10,000 keys,
//       5 rounds, 16 units: the options' default; 2 warm-up rounds, which leave short runs partly in unoptimised code)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- components FILE.csv COLUMN [season] [horizon] [streams] [passes]
//       µs per row of one forecaster (1 and many streams) and of its parts alone: RTU + heads, forecast pool, members,
//       intervals (default season 1, horizon 1, 1,000 streams, 3 passes)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- --filter '*'
//       BenchmarkDotNet (MemoryDiagnoser): one Observe over 1 and 10,000 keys; exit 2 when no benchmark was selected,
//       a job count option is out of range (e.g. --iterationCount above 1,000: ../Shared/JobOptionLimits.cs) or a job
//       that runs out of process (e.g. --runtimes) cannot find this project's file (run from outside the repository),
//       1 when a benchmark failed to build or run (../Shared/ProjectLocation.cs, ../Shared/SwitcherExit.cs)
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Rtu.Benchmarks.Shared;
using Rtu.Engine.Benchmarks;
using Rtu.StepTable;

// direct and components: a bad argument or input file is one line on stderr and exit 2, before anything is measured.
if (args.Length > 0 && args[0] is "direct" or "components")
{
    string mode = args[0];
    try
    {
        if (mode == "direct")
        {
            Arguments(1, 5);
            // Units: the library's range (RtuLearnerSettings.Validate). 0 warm-up rounds: streams are created while measured.
            int keys = Number(1, "keys", 10_000, 1), rounds = Number(2, "rounds", 5, 1), units = Number(3, "units", 16, 1, 4096),
                warm = Number(4, "warm-up rounds", 2, 0);
            EngineThroughput.Run(keys, rounds, units, warm);
        }
        else
        {
            Arguments(3, 7);
            // Season and horizon: the library's ranges (RtuForecasterSettings.Validate, RtuLearnerSettings.Validate).
            int season = Number(3, "season", 1, 1, 100_000), horizon = Number(4, "horizon", 1, 1, Rtu.Trainers.Online.RtuForecasterSettings.MaxHorizon),
                streams = Number(5, "streams", 1000, 1), passes = Number(6, "passes", 3, 1);
            ForecasterComponents.Run(args[1], args[2], season, horizon, streams, passes);   // a bad FILE.csv or COLUMN: CommandLineError
        }
        return 0;
    }
    catch (CommandLineError e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    // The mode's arguments (its name included): between least and most of them.
    void Arguments(int least, int most)
    {
        if (args.Length < least) throw new CommandLineError($"{mode}: too few arguments (usage: {Usage(mode)}).");
        if (args.Length > most) throw new CommandLineError($"{mode}: unexpected argument '{args[most]}' (usage: {Usage(mode)}).");
    }

    // Argument i, a whole number from least to most; fallback when it is not given.
    int Number(int i, string name, int fallback, int least, int most = int.MaxValue) =>
        args.Length <= i ? fallback
        : int.TryParse(args[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= least && n <= most ? n
        : throw new CommandLineError($"{mode}: {name} must be a whole number {(most == int.MaxValue ? $"of at least {least}" : $"from {least} to {most}")}, got '{args[i]}' (usage: {Usage(mode)}).");

    static string Usage(string mode) => mode == "direct"
        ? "direct [keys] [rounds] [units] [warm-up rounds]"
        : "components FILE.csv COLUMN [season] [horizon] [streams] [passes]";
}
bool runs = !SwitcherExit.Informational(args);
if (runs && JobOptionLimits.Problem(args) is string bad)
{
    Console.Error.WriteLine(bad);
    return 2;
}
// EngineObserveBenchmarks' own job runs in process and needs no project file; other jobs (e.g. --runtimes) do.
if (runs && ProjectLocation.Needed(args, DefaultConfig.Instance) && ProjectLocation.Problem() is string problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
var summaries = BenchmarkSwitcher.FromAssembly(typeof(EngineObserveBenchmarks).Assembly).Run(args).ToArray();
return runs ? SwitcherExit.Code(args, summaries) : 0;
