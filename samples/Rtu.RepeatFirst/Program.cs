// Supervised online repeat-first (issue 17): can a cell trained online, one step at a time, recall the first card's suit
// for a whole 52-card episode? Every cell of the comparison learns the same stream with the same head and optimizer;
// the table reports accuracy over the last 20 % of steps (chance 0.25), parameters and µs per step; --output (default
// out/repeat-first, as the other samples' out/trace-conditioning) gets a CSV of the learning curves, a summary CSV and a PNG.
using System.CommandLine;
using System.Globalization;
using Rtu.RepeatFirstSample;

var steps = new Option<int>("--steps") { Description = "Online steps per cell (52 per episode).", DefaultValueFactory = _ => 312_000 };
var units = new Option<int>("--units") { Description = "Complex units n of the RTU-family cells (memoryless and GRU get 2n hidden units).", DefaultValueFactory = _ => 32 };
var seed = new Option<int>("--seed") { Description = "Seed of the deck and the initialisation.", DefaultValueFactory = _ => 1 };
var learningRate = new Option<double>("--lr") { Description = "Adam step size.", DefaultValueFactory = _ => 1e-3 };
var cells = new Option<string[]?>("--cells") { Description = "Only these cells (keys: " + string.Join(", ", Cells.All(1).Select(c => c.Key)) + ").", AllowMultipleArgumentsPerToken = true };
var timingOnly = new Option<bool>("--timing-only") { Description = "Only time the linear and the gated RTU (cell Step + Backward) at a few sizes and stop." };
var replot = new Option<bool>("--replot") { Description = "Redraw learning_curves.png from curves.csv and summary.csv in the --output folder, without training." };
var output = new Option<string>("--output", "-o") { Description = "Folder for curves.csv, summary.csv and learning_curves.png.", DefaultValueFactory = _ => Path.Combine("out", "repeat-first") };
AddCheck(steps, v => v >= 520, "--steps must be at least 520 (10 episodes).");
AddCheck(units, v => v >= 1, "--units must be at least 1.");
AddCheck(learningRate, v => v > 0 && double.IsFinite(v), "--lr must be a positive number.");

var root = new RootCommand("Supervised online repeat-first: memoryless, RTUs, Online LRU, GRU T-BPTT(16) and the gated RTU.")
{
    steps, units, seed, learningRate, cells, output, timingOnly, replot,
};
root.SetAction(parse =>
{
    if (parse.GetValue(replot))
    {
        string from = parse.GetValue(output)!;
        if (!File.Exists(Path.Combine(from, "curves.csv")) || !File.Exists(Path.Combine(from, "summary.csv")))
        {
            Console.Error.WriteLine($"--replot redraws an earlier run's figure: curves.csv and summary.csv are needed in {Path.GetFullPath(from)} (set the run's folder with --output).");
            return 2;
        }
        try
        {
            var (recorded, recordedSteps) = ResultsReplot.Read(from);
            Console.WriteLine($"Redrew {LearningCurvePlot.Write(Path.Combine(from, "learning_curves.png"), recorded, recordedSteps)} in {Path.GetFullPath(from)}.");
            return 0;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
    int n = parse.GetValue(units), total = parse.GetValue(steps);
    if (parse.GetValue(timingOnly))
    {
        Console.WriteLine("| n | d | linear RTU µs/step | gated RTU µs/step | ratio |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var (un, d) in new[] { (32, 4), (64, 16), (128, 64) })
        {
            var cellsAt = Cells.All(un);
            // Alternate the two cells and keep each one's best: on a shared machine the minimum is the least disturbed.
            double linear = double.MaxValue, gated = double.MaxValue;
            for (int round = 0; round < 5; round++)
            {
                linear = Math.Min(linear, SupervisedRun.CellMicroseconds(cellsAt.Single(c => c.Key == "linear-rtu"), 20_000, d));
                gated = Math.Min(gated, SupervisedRun.CellMicroseconds(cellsAt.Single(c => c.Key == "gated-rtu"), 20_000, d));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {un} | {d} | {linear:F2} | {gated:F2} | {gated / linear:F1} |"));
        }
        return 0;
    }
    var all = Cells.All(n);
    var keys = parse.GetValue(cells);
    if (keys is { Length: 0 }) keys = null;
    var chosen = keys is null ? all : all.Where(c => keys.Contains(c.Key)).ToList();
    var unknown = keys?.Except(all.Select(c => c.Key)).ToArray() ?? [];
    if (unknown.Length > 0 || chosen.Count == 0)
    {
        Console.Error.WriteLine($"Unknown cell(s): {string.Join(", ", unknown)}. Use: {string.Join(", ", all.Select(c => c.Key))}.");
        return 2;
    }
    string folder = parse.GetValue(output)!;
    // Before the training: a folder that cannot be made or written was found only when the results were written.
    if (Rtu.Samples.OutputFolder.Problem(folder) is string problem)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    Console.WriteLine($"Repeat-first, supervised online: {total:N0} steps per cell, n = {n}, Adam {parse.GetValue(learningRate)}, seed {parse.GetValue(seed)}; chance = 0.25.");
    var results = new List<RunResult>();
    foreach (var cell in chosen)
    {
        Console.Write($"{cell.Label,-40}");
        var result = SupervisedRun.Run(cell, total, (ulong)parse.GetValue(seed), parse.GetValue(learningRate), curveBins: 60,
            progress: done => Console.Write($" {100L * done / total}%"));
        Console.WriteLine($"  accuracy {result.FinalAccuracy:F3}  ({result.MicrosecondsPerStep:F1} µs/step)");
        results.Add(result);
    }

    Console.WriteLine("Timing the cells alone (Step + Backward, 20,000 steps each) ...");
    var cellUs = chosen.ToDictionary(c => c.Key, c => SupervisedRun.CellMicroseconds(c, 20_000));

    var inv = CultureInfo.InvariantCulture;
    using (var csv = new StreamWriter(Path.Combine(folder, "curves.csv")))
    {
        csv.WriteLine("cell,step,accuracy");
        foreach (var r in results)
            for (int i = 0; i < r.CurveSteps.Length; i++)
                csv.WriteLine(string.Create(inv, $"{r.Cell.Key},{r.CurveSteps[i]},{r.CurveAccuracy[i]:F4}"));
    }
    var table = new List<string>
    {
        $"| cell | parameters | accuracy, last 20 % | µs/step (whole learner) | µs/step (cell Step + Backward) |",
        "| --- | --- | --- | --- | --- |",
    };
    using (var csv = new StreamWriter(Path.Combine(folder, "summary.csv")))
    {
        csv.WriteLine("cell,label,parameters,steps,accuracy_last20,us_per_step,cell_us_per_step");
        foreach (var r in results)
        {
            csv.WriteLine(string.Create(inv, $"{r.Cell.Key},\"{r.Cell.Label}\",{r.Parameters},{total},{r.FinalAccuracy:F4},{r.MicrosecondsPerStep:F2},{cellUs[r.Cell.Key]:F2}"));
            table.Add(string.Create(inv, $"| {r.Cell.Label.Replace("|", "\\|")} | {r.Parameters:N0} | {r.FinalAccuracy:F3} | {r.MicrosecondsPerStep:F1} | {cellUs[r.Cell.Key]:F1} |"));
        }
    }
    string png = LearningCurvePlot.Write(Path.Combine(folder, "learning_curves.png"), results, total);
    File.WriteAllLines(Path.Combine(folder, "table.md"), table);
    Console.WriteLine();
    foreach (var line in table) Console.WriteLine(line);
    Console.WriteLine($"\nWrote {folder}/curves.csv, summary.csv, table.md and {png}.");
    return 0;
});
return await root.Parse(args).InvokeAsync();

// A value that does not parse is reported by System.CommandLine itself; GetValueOrDefault would throw on it here.
static void AddCheck<T>(Option<T> option, Func<T, bool> isValid, string message) =>
    option.Validators.Add(result =>
    {
        T value;
        try { value = result.GetValueOrDefault<T>()!; }
        catch (InvalidOperationException) { return; }
        if (!isValid(value)) result.AddError(message);
    });
