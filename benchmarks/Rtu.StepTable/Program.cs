using System.Globalization;
using Rtu.StepTable;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

// Issue 15's step table (see benchmarks/scripts/issue15-table.sh, which builds this twice: against the library of a
// base commit and of the working tree, and alternates the runs).
//   steps  <out.tsv> [filter]   µs per learning step (Step + Backward, float32) of the 12 issue cases, appended to out
//   versus <out.tsv>            RTU-RTRL vs GRU-T-BPTT at equal parameters, T = 1, 16, 64, appended to out
//   peaks  <out.tsv>            FMA peak and bandwidth per memory level (the roofline's peaks)
//   table  <peaks.tsv> <label>=<steps.tsv> ...   the markdown table (first label = before, second = after)
//   dump   <out.bin> n d B steps [architecture [activation]]   the RTU case's inputs and C# results, for
//          benchmarks/c-reference's check (linear, ReLU: the default) or to compare C# builds byte for byte (any)
// RTU_NO512=1: the library's 256-bit kernel path on a machine with 512-bit vectors (for the width comparison).
// A bad argument, a missing input or an output that cannot be written: one line on stderr, exit 2.
if (Environment.GetEnvironmentVariable("RTU_NO512") == "1") AppContext.SetSwitch("Rtu.DisableVector512", true);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var usage = new Dictionary<string, string>
{
    ["steps"] = "steps <out.tsv> [filter]", ["versus"] = "versus <out.tsv>", ["peaks"] = "peaks <out.tsv>",
    ["table"] = "table <peaks.tsv> <label>=<steps.tsv> ...", ["dump"] = "dump <out.bin> n d B steps [architecture [activation]]",
};
string usageLine = "usage: Rtu.StepTable " + string.Join(" | ", usage.Values);
if (args.Length == 0) { Console.Error.WriteLine(usageLine); return 2; }
string command = args[0];
try
{
    switch (command)
    {
        case "steps":
            Arguments(2, 3);
            string? filter = args.Length > 2 ? args[2] : null;
            if (filter is not null && !StepCases.Names.Any(n => n.Contains(filter, StringComparison.OrdinalIgnoreCase)))
                throw new CommandLineError($"steps: no case matches the filter '{filter}' (cases: {string.Join(", ", StepCases.Names)}).");
            StepCases.Run(args[1], filter);
            break;
        case "versus": Arguments(2, 2); StepCases.RunVersus(args[1]); break;
        case "peaks": Arguments(2, 2); PeakFile.Write(args[1]); break;
        case "table": Arguments(2, int.MaxValue); Table.Print(args[1], args[2..]); break;
        case "dump":
            Arguments(6, 8);
            ReferenceDump.Write(args[1], Count("n", args[2]), Count("d", args[3]), Count("B", args[4]), Count("steps", args[5]),
                args.Length > 6 ? Name<RecurrentArchitecture>("architecture", args[6]) : RecurrentArchitecture.LinearRtu,
                args.Length > 7 ? Name<Activation>("activation", args[7]) : Activation.Relu);
            break;
        default: throw new CommandLineError($"unknown command '{command}'. {usageLine}");
    }
}
catch (CommandLineError e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // steps, versus, peaks and dump write args[1]; table reads its files (a missing one is reported before).
    Console.Error.WriteLine(command == "table" ? $"table: {e.Message}" : $"{command}: cannot write {args[1]} ({e.Message})");
    return 2;
}
return 0;

// The command's arguments (its name included): between least and most of them.
void Arguments(int least, int most)
{
    if (args.Length < least) throw new CommandLineError($"{command}: too few arguments (usage: {usage[command]}).");
    if (args.Length > most) throw new CommandLineError($"{command}: unexpected argument '{args[most]}' (usage: {usage[command]}).");
}

static int Count(string name, string value) =>
    int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
        ? n : throw new CommandLineError($"dump: {name} must be a whole number of at least 1, got '{value}'.");

static T Name<T>(string what, string value) where T : struct, Enum =>
    Enum.TryParse(value, ignoreCase: true, out T parsed) && Enum.IsDefined(parsed)
        ? parsed : throw new CommandLineError($"dump: unknown {what} '{value}' (one of {string.Join(", ", Enum.GetNames<T>())}).");
