using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;
using Rtu.Thermostat;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Learning.Ppo;

// Train a recurrent PPO thermostat on a user-written environment, use it from an ML.NET pipeline over logged
// observations, save/load it, export it to ONNX and serve it, then renovate the house (insulation changes) and compare
// the frozen policy with one that keeps learning. Arguments: see Arguments.Usage (--help).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["--help"] or ["-h"]) { Console.WriteLine(Arguments.Usage); return; }
Arguments arguments;
try { arguments = Arguments.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 2;
    return;
}
string output = Path.GetFullPath(arguments.Output);
// Before the training: a folder that cannot be made or written was found only when the first file was written.
if (Rtu.Samples.OutputFolder.Problem(output) is string problem)
{
    Console.Error.WriteLine(problem);
    Environment.ExitCode = 2;
    return;
}
var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);

// ------------------------------------------------------------------------------------------------ 1. train
Console.WriteLine($"1. Training PPO (linear RTU trunk, RTRL) on Thermostat(leak 0.05): {arguments.Iterations} updates × {Settings.Options.Ppo.BatchSize} steps");
var options = Settings.Options;
options.Iterations = arguments.Iterations;
options.OnlineLearning = options.OnlineLearning with { LearningRate = arguments.OnlineLearningRate };
var policy = ml.Control().TrainPpo(seed => new Thermostat(seed, leak: 0.05), options,
    new SynchronousProgress(p => { if (p.Iteration % 10 == 0 || p.Iteration == 1) Console.WriteLine($"   {p}  [{clock.Elapsed:mm\\:ss}]"); }));

var trained = Evaluate.Episodes(policy, leak: 0.05, episodes: 20, seed: 1000);
var bangBang = Evaluate.BangBang(leak: 0.05, episodes: 20, seed: 1000);
Console.WriteLine($"   trained policy, 20 days at leak 0.05: return/day {trained.Mean:F1} ± {trained.StandardError:F1}; bang-bang thermostat {bangBang.Mean:F1} ± {bangBang.StandardError:F1}");

// ------------------------------------------------------------------------------------------------ 2. ML.NET pipeline over a log
Console.WriteLine("2. Scoring a logged table (3 rooms × 1 day, logged under the old bang-bang thermostat) through an ML.NET pipeline");
var log = Evaluate.Log(rooms: 3, seed: 7);
var data = ml.Data.LoadFromEnumerable(log);
ITransformer pipeline = ml.Transforms.Concatenate("Observation", nameof(LoggedRow.IndoorTemperature), nameof(LoggedRow.OutdoorTemperature))
    .Fit(data).Append(policy);
var scored = ml.Data.CreateEnumerable<ScoredRow>(pipeline.Transform(data), reuseRowObject: false).ToArray();
using (var csv = new StreamWriter(Path.Combine(output, "logged_actions.csv")))
{
    csv.WriteLine("room,step,indoor,outdoor,logged_level,policy_level,p0,p1,p2,p3,value");
    for (int i = 0; i < scored.Length; i++)
        csv.WriteLine(FormattableString.Invariant($"{log[i].Room},{log[i].Step},{log[i].IndoorTemperature:F3},{log[i].OutdoorTemperature:F3},{log[i].LoggedLevel},{scored[i].Action},{string.Join(',', scored[i].Probabilities.Select(p => p.ToString("F4", CultureInfo.InvariantCulture)))},{scored[i].Value:F4}"));
}
double agree = scored.Zip(log).Count(x => x.First.Action == x.Second.LoggedLevel) / (double)log.Length;
Console.WriteLine($"   {scored.Length} rows scored; the policy would have chosen the logged level in {agree:P0} of them (logged_actions.csv)");

// ------------------------------------------------------------------------------------------------ 3. save / load
string modelPath = Path.Combine(output, "thermostat.rtu.zip");
ml.Model.SaveRtu(pipeline, data.Schema, modelPath);
var reloaded = ml.Model.LoadRtu(modelPath, out _);
var rescored = ml.Data.CreateEnumerable<ScoredRow>(reloaded.Transform(data), reuseRowObject: false).ToArray();
bool identical = scored.Zip(rescored).All(x => x.First.Action == x.Second.Action && x.First.Value == x.Second.Value && x.First.Probabilities.SequenceEqual(x.Second.Probabilities));
Console.WriteLine($"3. Saved the pipeline ({new FileInfo(modelPath).Length / 1024.0:F0} KiB) and loaded it back: outputs {(identical ? "identical" : "DIFFERENT")}");

// ------------------------------------------------------------------------------------------------ 4. ONNX
string onnxPath = Path.Combine(output, "thermostat.onnx");
policy.ExportToOnnx(onnxPath);
var served = Evaluate.ServeOnnx(policy, onnxPath, seed: 2000);
Console.WriteLine($"4. Exported ONNX ({new FileInfo(onnxPath).Length / 1024.0:F0} KiB) and served one day with ONNX Runtime: return {served.Return:F1}, " +
    $"same actions as the engine in {served.Agreement:P0} of steps, max |Δ probability| {served.MaxDifference:E1}");

// ------------------------------------------------------------------------------------------------ 5. the house changes
Console.WriteLine($"5. Insulation changes (leak 0.05 → {arguments.LeakAfter}); {arguments.Days} days per room, {Stats.Rooms(arguments.Seeds)} (seeds): frozen vs keeps learning " +
    $"(online PPO per room: rollout {options.OnlineLearning.RolloutSteps}, {options.OnlineLearning.Epochs} epochs, lr {options.OnlineLearning.LearningRate})");
var adaptation = Evaluate.Adaptation(policy, arguments.LeakAfter, arguments.Days, arguments.Seeds, (seed, kind, day, ret) =>
{
    if (day == arguments.Days - 1) Console.WriteLine($"   room {seed}: {kind,-8} total {ret:F0}  [{clock.Elapsed:mm\\:ss}]");
});
Adaptation.Write(output, adaptation, arguments);
var bangBangAfter = Evaluate.BangBang(leak: arguments.LeakAfter, episodes: 20, seed: 1000);
Console.WriteLine($"   for reference at leak {arguments.LeakAfter}: bang-bang thermostat {bangBangAfter.Mean:F1} ± {bangBangAfter.StandardError:F1} per day");
foreach (var kind in new[] { "frozen", "learning" })
{
    var totals = adaptation.Where(r => r.Kind == kind).GroupBy(r => r.Seed).Select(g => g.Sum(r => r.Return)).ToArray();
    var late = adaptation.Where(r => r.Kind == kind && r.Day >= arguments.Days / 2).GroupBy(r => r.Seed).Select(g => g.Average(r => r.Return)).ToArray();
    int firstDays = Math.Min(5, arguments.Days);
    var first = adaptation.Where(r => r.Kind == kind && r.Day < firstDays).GroupBy(r => r.Seed).Select(g => g.Average(r => r.Return)).ToArray();
    Console.WriteLine($"   {kind,-8}: {(firstDays == 1 ? "on the first day" : $"per day in the first {firstDays} days")} {Stats.Format(first, "F1")}");
    // One room has no standard error: its figures are printed without ±.
    Console.WriteLine($"   {kind,-8}: return over the {arguments.Days * Thermostat.StepsPerDay} steps {Stats.Format(totals, "F0")}; " +
        $"per day in the second half {Stats.Format(late, "F1")} ({(totals.Length > 1 ? "mean ± s.e. over " : "")}{Stats.Rooms(totals.Length)})");
}
Console.WriteLine($"Done in {clock.Elapsed:mm\\:ss}. Results in {output}");

internal sealed class SynchronousProgress(Action<RtuPolicyProgress> report) : IProgress<RtuPolicyProgress>
{
    public void Report(RtuPolicyProgress value) => report(value);
}

internal static class Settings
{
    /// <summary>A small network and budget that trains in minutes on two cores.</summary>
    public static RtuPolicyOptions Options => new()
    {
        Ppo = new PpoOptions
        {
            Seed = 1, EnvironmentCount = 4, RolloutSteps = 192, Epochs = 4, MinibatchCount = 8, LearningRate = 1e-3, Gamma = 0.95,
            SharedHiddenSize = 32, HeadHiddenSize = 32, EntropyCoefficient = 0.01,
            Recurrent = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = 16, Activation = Rtu.Trainers.Numerics.Activation.Relu },
        },
        KeyColumnName = "Room", EpisodeStartColumnName = "EpisodeStart",
        OnlineLearning = new RtuOnlinePolicyLearning { RolloutSteps = 96, Epochs = 4, MinibatchCount = 4, LearningRate = 3e-3 },
    };
}

internal sealed record Arguments(int Iterations, int Seeds, int Days, double LeakAfter, double OnlineLearningRate, string Output)
{
    public const string Usage =
        "Usage: Rtu.Thermostat [--iterations N (>= 1, default 120)] [--seeds K (rooms, >= 1, default 8)] [--days D (>= 1, default 40)] " +
        "[--leak-after L (0 < L < 1, default 0.02)] [--online-lr R (> 0, default 0.003)] [--out DIR (default out/thermostat)]";

    /// <summary>Reads the flags; throws <see cref="ArgumentException"/> whose message says what is wrong and how to call it.</summary>
    public static Arguments Parse(string[] args)
    {
        // The default folder is the sample's own under out/, as the other samples' (out/trace-conditioning, out/forecast.csv):
        // run from the repository root, a shared "results" was written by RepeatFirst too.
        var a = new Arguments(120, 8, 40, 0.02, 3e-3, Path.Combine("out", "thermostat"));
        string[] known = ["--iterations", "--seeds", "--days", "--leak-after", "--online-lr", "--out"];
        for (int i = 0; i < args.Length; i += 2)
        {
            string flag = args[i];
            if (!known.Contains(flag)) throw new ArgumentException($"Unknown argument {flag}. {Usage}");
            if (i + 1 >= args.Length) throw new ArgumentException($"{flag} needs a value. {Usage}");
            string v = args[i + 1];
            a = flag switch
            {
                "--iterations" => a with { Iterations = Int(flag, v) },
                "--seeds" => a with { Seeds = Int(flag, v) },
                "--days" => a with { Days = Int(flag, v) },
                "--leak-after" => a with { LeakAfter = Real(flag, v, x => x > 0 && x < 1) },
                "--online-lr" => a with { OnlineLearningRate = Real(flag, v, x => x > 0 && double.IsFinite(x)) },
                "--out" => a with { Output = v },
                _ => throw new ArgumentException($"Unknown argument {flag}. {Usage}"),
            };
        }
        return a;
    }

    private static int Int(string flag, string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n : throw new ArgumentException($"{flag} must be a whole number >= 1, got '{v}'. {Usage}");

    private static double Real(string flag, string v, Func<double, bool> valid) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && valid(x)
            ? x : throw new ArgumentException($"{flag} is out of range or not a number: '{v}'. {Usage}");
}

public sealed class LoggedRow
{
    public string Room { get; set; } = "";
    public bool EpisodeStart { get; set; }
    public int Step { get; set; }
    public float IndoorTemperature { get; set; }
    public float OutdoorTemperature { get; set; }
    public int LoggedLevel { get; set; }
}

public sealed class ScoredRow
{
    public uint Action { get; set; }
    [VectorType(4)] public float[] Probabilities { get; set; } = [];
    public float Value { get; set; }
}
