using System.Diagnostics;
using Rtu.Trainers.Environments.Conditioning;
using Spectre.Console;

namespace Rtu.TraceConditioningSample;

/// <summary>The whole comparison: plan, run, write CSV and plots, print the tables.</summary>
public static class Experiment
{
    /// <summary>Runs <paramref name="settings"/>; returns the process exit code.</summary>
    public static int Run(ExperimentSettings settings)
    {
        var stream = new TraceConditioningOptions { IsiMin = settings.IsiMin, IsiMax = settings.IsiMax, Gamma = settings.Gamma };
        stream.Validate();
        int inputSize = new TraceConditioning(stream, 0).ObservationSize;
        // Refusals first, before the header, the plan table and the oracle floor's long stream.
        var labels = ExperimentPlan.Architectures(settings.Truncations).Select(a => a.Label).ToList();
        if (settings.Only.Length > 0 && !labels.Any(label => settings.Only.Any(o => label.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            Console.Error.WriteLine($"--only {string.Join(" ", settings.Only)} matches no architecture; the labels are {string.Join(", ", labels)}.");
            return 2;
        }
        if (Rtu.Samples.OutputFolder.Problem(settings.Output) is string problem)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }
        // Logs and pipes get the full table width instead of Spectre's 80-column fallback.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 170;

        AnsiConsole.WriteLine(
            $"Trace conditioning ISI [{settings.IsiMin}, {settings.IsiMax}], γ = {settings.Gamma}, TD(λ = {settings.Lambda}) with Adam; {settings.Steps:N0} steps per run, {settings.Seeds} seeds, step sizes {string.Join(", ", settings.StepSizes)}; MSRE over the last {PredictionRun.ReportedFraction:P0} of each run.");
        // Same length as the runs, and a long stream for the conditional means (cheap: no learner).
        double floor = OracleFloor.Compute(stream, Math.Max(settings.Steps, 2_000_000), 12345);
        AnsiConsole.WriteLine($"Oracle floor (knows the time since CS onset and, after the US, the ISI): MSRE {floor:F4}.");
        var plan = ExperimentPlan.Create(settings, inputSize);
        SummaryTable.PrintPlan(plan, settings.Steps);
        if (settings.PlanOnly) return 0;
        if (settings.TimingOnly) return Timing(plan, settings, stream);
        if (plan.Runs.Count == 0)
        {
            // Budgets that are too small skip what they cannot fit (an --only that matches no label was refused above).
            AnsiConsole.MarkupLine("[red]No configuration fits the budgets; raise --param-budgets or --flop-budgets.[/]");
            return 2;
        }

        var watch = Stopwatch.StartNew();
        RunResult[] results = ExperimentRunner.Run(plan, settings, stream);
        watch.Stop();

        var summaries = ConfigurationSummary.FromRuns(results);
        ResultsCsv.WriteRuns(Path.Combine(settings.Output, "runs.csv"), results);
        ResultsCsv.WriteSummary(Path.Combine(settings.Output, "summary.csv"), summaries);
        AnsiConsole.WriteLine("Timing each architecture at the largest parameter budget on one thread…");
        var timings = TimingBenchmark.Run(plan, stream, settings.Lambda);
        ResultsCsv.WriteTimings(Path.Combine(settings.Output, "timing.csv"), timings);
        var plots = ResultPlots.WriteAll(settings.Output, summaries, timings);

        SummaryTable.PrintResults(summaries, BudgetKind.Parameters);
        SummaryTable.PrintResults(summaries, BudgetKind.Flops);
        SummaryTable.PrintTimings(timings);
        SummaryTable.PrintCompact(summaries, BudgetKind.Parameters, floor);
        SummaryTable.PrintCompact(summaries, BudgetKind.Flops, floor);
        int diverged = results.Count(r => r.Diverged);
        AnsiConsole.WriteLine(
            $"{results.Length} runs in {watch.Elapsed:mm\\:ss} on {settings.Threads} threads ({diverged} diverged). Wrote runs.csv, summary.csv, timing.csv, {string.Join(", ", plots)} to {Path.GetFullPath(settings.Output)}.");
        return 0;
    }

    // --timing-only: the single-thread timing pass and its plot, without the sweep.
    private static int Timing(ExperimentPlan plan, ExperimentSettings settings, TraceConditioningOptions stream)
    {
        var timings = TimingBenchmark.Run(plan, stream, settings.Lambda);
        ResultsCsv.WriteTimings(Path.Combine(settings.Output, "timing.csv"), timings);
        string plot = ResultPlots.TimeAgainstTruncation(Path.Combine(settings.Output, "time_per_step_vs_truncation.png"), timings);
        SummaryTable.PrintTimings(timings);
        AnsiConsole.WriteLine($"Wrote timing.csv and {plot} to {Path.GetFullPath(settings.Output)}.");
        return 0;
    }
}
