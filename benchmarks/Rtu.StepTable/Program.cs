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
if (Environment.GetEnvironmentVariable("RTU_NO512") == "1") AppContext.SetSwitch("Rtu.DisableVector512", true);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2) { Console.Error.WriteLine("usage: steps|versus|peaks|table ..."); return 2; }
switch (args[0])
{
    case "steps": StepCases.Run(args[1], args.Length > 2 ? args[2] : null); break;
    case "versus": StepCases.RunVersus(args[1]); break;
    case "peaks": PeakFile.Write(args[1]); break;
    case "table": Table.Print(args[1], args[2..]); break;
    case "dump":
        ReferenceDump.Write(args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]),
            args.Length > 6 ? Enum.Parse<RecurrentArchitecture>(args[6], ignoreCase: true) : RecurrentArchitecture.LinearRtu,
            args.Length > 7 ? Enum.Parse<Activation>(args[7], ignoreCase: true) : Activation.Relu);
        break;
    default: Console.Error.WriteLine($"unknown command {args[0]}"); return 2;
}
return 0;
