// Trace conditioning with online TD(λ): RTUs trained with RTRL against GRU, LRU and RTU trained with T-BPTT, at
// matched recurrent-parameter budgets and matched per-step FLOP budgets, over a step-size sweep and several seeds
// (Elelimy et al. 2024, figure 2). Writes runs.csv, summary.csv and PNG plots, and prints the MSRE tables.
using System.CommandLine;
using Rtu.TraceConditioningSample;

var defaults = new ExperimentSettings();
var quick = new Option<bool>("--quick") { Description = "Run a reduced sweep (a couple of minutes on two cores) and print the table." };
var steps = new Option<int>("--steps") { Description = $"Online steps per run (--quick: {ExperimentSettings.Quick.Steps}).", DefaultValueFactory = _ => defaults.Steps };
var seeds = new Option<int>("--seeds") { Description = $"Seeds per configuration (--quick: {ExperimentSettings.Quick.Seeds}).", DefaultValueFactory = _ => defaults.Seeds };
var isiMin = new Option<int>("--isi-min") { Description = "Shortest CS-to-US interval (steps).", DefaultValueFactory = _ => defaults.IsiMin };
var isiMax = new Option<int>("--isi-max") { Description = "Longest CS-to-US interval (steps).", DefaultValueFactory = _ => defaults.IsiMax };
var gamma = new Option<double>("--gamma") { Description = "Discount of the predicted return, in [0, 1).", DefaultValueFactory = _ => defaults.Gamma };
var lambda = new Option<double>("--lambda") { Description = "TD(λ) eligibility-trace decay, in [0, 1].", DefaultValueFactory = _ => defaults.Lambda };
var stepSizes = new Option<double[]?>("--step-sizes") { Description = "Adam step sizes to sweep, e.g. --step-sizes 1e-3 3e-3.", AllowMultipleArgumentsPerToken = true };
var paramBudgets = new Option<long[]?>("--param-budgets") { Description = "Recurrent-parameter budgets.", AllowMultipleArgumentsPerToken = true };
var flopBudgets = new Option<long[]?>("--flop-budgets") { Description = "Per-step FLOP budgets of the whole learner.", AllowMultipleArgumentsPerToken = true };
var truncations = new Option<int[]?>("--truncations") { Description = "T-BPTT truncation lengths of the baselines.", AllowMultipleArgumentsPerToken = true };
var only = new Option<string[]?>("--only") { Description = "Only the architectures whose label contains one of these, e.g. --only GatedRtu.", AllowMultipleArgumentsPerToken = true };
var output = new Option<string>("--output", "-o") { Description = "Folder for runs.csv, summary.csv and the PNG plots.", DefaultValueFactory = _ => defaults.Output };
var planOnly = new Option<bool>("--plan-only") { Description = "Print the sized configurations (units, parameters, FLOPs per step) and stop." };
var timingOnly = new Option<bool>("--timing-only") { Description = "Only time each architecture at the largest parameter budget on one thread, and plot time per step against T." };
var replot = new Option<bool>("--replot") { Description = "Redraw the PNG figures from summary.csv and timing.csv in the --output folder, without running anything." };
var threads = new Option<int>("--threads") { Description = "Runs executed in parallel.", DefaultValueFactory = _ => defaults.Threads };

// Clear errors for bad values, reported by System.CommandLine before anything runs.
AddCheck(steps, v => v >= 100, "must be at least 100");
AddCheck(seeds, v => v >= 1, "must be at least 1");
AddCheck(isiMin, v => v >= 1, "must be at least 1");
AddCheck(isiMax, v => v >= 1, "must be at least 1");
AddCheck(gamma, v => v >= 0 && v < 1, "must be in [0, 1)");
AddCheck(lambda, v => v >= 0 && v <= 1, "must be in [0, 1]");
AddCheck(stepSizes, v => v is null || (v.Length > 0 && v.All(x => x > 0 && double.IsFinite(x))), "must be positive numbers");
AddCheck(paramBudgets, v => v is null || (v.Length > 0 && v.All(x => x > 0)), "must be positive integers");
AddCheck(flopBudgets, v => v is null || (v.Length > 0 && v.All(x => x > 0)), "must be positive integers");
AddCheck(truncations, v => v is null || (v.Length > 0 && v.All(x => x >= 1 && x <= 4096)), "must be integers in [1, 4096]");
AddCheck(threads, v => v >= 1, "must be at least 1");

var root = new RootCommand("Online TD(λ) prediction on trace conditioning: RTUs (RTRL) against GRU/LRU/RTU (T-BPTT) at equal parameters and equal FLOPs.")
{
    quick, steps, seeds, isiMin, isiMax, gamma, lambda, stepSizes, paramBudgets, flopBudgets, truncations, only, output, threads, planOnly, timingOnly, replot,
};
root.Validators.Add(result =>
{
    if (result.GetValue(isiMax) < result.GetValue(isiMin)) result.AddError("--isi-max must be at least --isi-min.");
});
root.SetAction(parse =>
{
    if (parse.GetValue(replot))
    {
        string folder = parse.GetValue(output)!;
        string[] missing = ["summary.csv", "timing.csv"];
        missing = missing.Where(f => !File.Exists(Path.Combine(folder, f))).ToArray();
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"--replot redraws the figures of an earlier run: {string.Join(" and ", missing)} not found in {Path.GetFullPath(folder)} (set the run's folder with --output).");
            return 2;
        }
        var files = ResultPlots.WriteAll(folder, ResultsCsv.ReadSummary(Path.Combine(folder, "summary.csv")), ResultsCsv.ReadTimings(Path.Combine(folder, "timing.csv")));
        Console.WriteLine($"Redrew {string.Join(", ", files)} in {Path.GetFullPath(folder)}.");
        return 0;
    }
    var start = parse.GetValue(quick) ? ExperimentSettings.Quick : defaults;
    var settings = start with
    {
        // An explicit --steps/--seeds wins over the --quick preset.
        Steps = parse.GetResult(steps) is { Implicit: false } ? parse.GetValue(steps) : start.Steps,
        Seeds = parse.GetResult(seeds) is { Implicit: false } ? parse.GetValue(seeds) : start.Seeds,
        IsiMin = parse.GetValue(isiMin),
        IsiMax = parse.GetValue(isiMax),
        Gamma = parse.GetValue(gamma),
        Lambda = parse.GetValue(lambda),
        StepSizes = Pick(parse.GetValue(stepSizes), start.StepSizes),
        ParameterBudgets = Pick(parse.GetValue(paramBudgets), start.ParameterBudgets),
        FlopBudgets = Pick(parse.GetValue(flopBudgets), start.FlopBudgets),
        Truncations = Pick(parse.GetValue(truncations), start.Truncations),
        Only = parse.GetValue(only) ?? [],
        Output = parse.GetValue(output)!,
        Threads = parse.GetValue(threads),
        PlanOnly = parse.GetValue(planOnly),
        TimingOnly = parse.GetValue(timingOnly),
    };
    return Experiment.Run(settings);
});
return root.Parse(args).Invoke();

// An option that was not given parses as an empty array: fall back to the preset.
static T[] Pick<T>(T[]? given, T[] preset) => given is { Length: > 0 } ? given : preset;

static void AddCheck<T>(Option<T> option, Func<T?, bool> isValid, string message) =>
    option.Validators.Add(result =>
    {
        T? value;
        try { value = result.GetValueOrDefault<T>(); }
        catch (InvalidOperationException) { return; } // Not a number: System.CommandLine reports that error itself.
        if (!isValid(value)) result.AddError($"{option.Name} {message}.");
    });
