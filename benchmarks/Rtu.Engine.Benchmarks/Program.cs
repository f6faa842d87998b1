// Streaming-engine benchmarks (issue 15), always in Release, from the repository root:
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- direct [keys] [rounds] [units] [warm-up rounds]
//       bytes/Observe on the calling thread (exact) and µs/Observe, Observe/s with 1 and 2 threads (default 10,000 keys,
//       5 rounds, 16 units: the options' default; 2 warm-up rounds, which leave short runs partly in unoptimised code)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- components FILE.csv COLUMN [season] [horizon] [streams] [passes]
//       µs per row of one forecaster (1 and many streams) and of its parts alone: RTU + heads, forecast pool, members,
//       intervals (default season 1, horizon 1, 1,000 streams, 3 passes)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- spikes FILE.csv COLUMN [season] [horizon] [rows] [spikes]
//       what a possible spike costs one forecaster: a gross spike's row and the next (bytes allocated, ms), Save and Load,
//       a new stream's first row (default season 1, horizon 1, 1,500 rows, 6 spikes)
//   dotnet run -c Release --project benchmarks/Rtu.Engine.Benchmarks -- --filter '*'
//       BenchmarkDotNet (MemoryDiagnoser): one Observe over 1 and 10,000 keys; exit 2 when no benchmark was selected,
//       a job count option is out of range (e.g. --iterationCount above 1,000: ../Shared/JobOptionLimits.cs) or a job
//       that runs out of process (e.g. --runtimes) cannot find this project's file (run from outside the repository),
//       1 when a benchmark failed to build or run (../Shared/ProjectLocation.cs, ../Shared/SwitcherExit.cs)
// The counts' ranges (ArgumentLimits.cs): keys 1–20,000, rounds 1–1,000, units 1–4,096, warm-up rounds 0–1,000;
// season 1–100,000, horizon 1–1,000, streams 1–10,000, passes 1–100, rows 10–1,000,000, spikes 1–100; and the streams a run holds at once (keys times
// one key's two streams, or streams times one forecaster and one engine stream, measured at the run's units, season
// and horizon before anything else) at most 2 GiB, so more units, a long season or a long horizon allow fewer.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Rtu.Benchmarks.Shared;
using Rtu.Engine.Benchmarks;
using Rtu.StepTable;

// direct, components and spikes: a bad argument (not a whole number, or outside its range: ArgumentLimits) or input file is one
// line on stderr and exit 2, before anything is measured.
if (args.Length > 0 && args[0] is "direct" or "components" or "spikes")
{
    string mode = args[0];
    try
    {
        if (mode == "direct")
        {
            Arguments(1, 5);
            // Units: the library's range (RtuLearnerSettings.Validate). 0 warm-up rounds: streams are created while measured.
            int keys = Number(1, "keys", 10_000, 1, ArgumentLimits.MaxKeys), rounds = Number(2, "rounds", 5, 1, ArgumentLimits.MaxRounds),
                units = Number(3, "units", 16, 1, ArgumentLimits.MaxUnits), warm = Number(4, "warm-up rounds", 2, 0, ArgumentLimits.MaxWarmRounds);
            EngineThroughput.Run(keys, rounds, units, warm,
                bytes => Fits(1, "keys", keys, ArgumentLimits.MaxKeys, bytes, $"with {units} units", "a key's forecast and state streams"));
        }
        else if (mode == "spikes")
        {
            Arguments(3, 7);
            int season = Number(3, "season", 1, 1, ArgumentLimits.MaxSeason), horizon = Number(4, "horizon", 1, 1, ArgumentLimits.MaxHorizon),
                rows = Number(5, "rows", 1500, 10, ArgumentLimits.MaxSpikeRows), spikes = Number(6, "spikes", 6, 1, ArgumentLimits.MaxSpikes);
            SpikeCost.Run(args[1], args[2], season, horizon, rows, spikes);   // a bad FILE.csv or COLUMN, or too few rows: CommandLineError
        }
        else
        {
            Arguments(3, 7);
            // Season and horizon: the library's ranges (RtuForecasterSettings.Validate, RtuLearnerSettings.Validate).
            int season = Number(3, "season", 1, 1, ArgumentLimits.MaxSeason), horizon = Number(4, "horizon", 1, 1, ArgumentLimits.MaxHorizon),
                streams = Number(5, "streams", 1000, 1, ArgumentLimits.MaxStreams), passes = Number(6, "passes", 3, 1, ArgumentLimits.MaxPasses);
            ForecasterComponents.Run(args[1], args[2], season, horizon, streams, passes,   // a bad FILE.csv or COLUMN: CommandLineError
                bytes => Fits(5, "streams", streams, ArgumentLimits.MaxStreams, bytes, $"at season {season}, horizon {horizon}", "a forecaster and an engine stream"));
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
    int Number(int i, string name, int fallback, int least, int most) =>
        args.Length <= i ? fallback
        : int.TryParse(args[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= least && n <= most ? n
        : throw new CommandLineError($"{mode}: {name} must be a whole number from {least} to {most}, got '{args[i]}' (usage: {Usage(mode)}).");

    // Argument i (or its default), count times what bytesEach bytes hold (measured at this run's settings, `at`), within
    // ArgumentLimits.StreamBytes.
    void Fits(int i, string name, int count, int most, long bytesEach, string at, string each)
    {
        long fitting = ArgumentLimits.MostStreams(bytesEach);
        if (count <= fitting) return;
        string given = args.Length > i ? $"'{args[i]}'" : $"{count} (the default)";
        throw new CommandLineError($"{mode}: {name} must be a whole number from 1 to {Math.Min(most, fitting)} {at} ({each} hold about {bytesEach / 1024} KiB; "
            + $"at most {ArgumentLimits.StreamBytes >> 30} GiB of streams), got {given} (usage: {Usage(mode)}).");
    }

    static string Usage(string mode) => mode switch
    {
        "direct" => "direct [keys] [rounds] [units] [warm-up rounds]",
        "spikes" => "spikes FILE.csv COLUMN [season] [horizon] [rows] [spikes]",
        _ => "components FILE.csv COLUMN [season] [horizon] [streams] [passes]",
    };
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
