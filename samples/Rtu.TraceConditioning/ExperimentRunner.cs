using Rtu.Trainers.Environments.Conditioning;
using Spectre.Console;

namespace Rtu.TraceConditioningSample;

/// <summary>Runs every run of a plan with Parallel.For (one run per thread) behind a progress bar.</summary>
public static class ExperimentRunner
{
    /// <summary>Executes the plan and returns the results in the plan's order.</summary>
    public static RunResult[] Run(ExperimentPlan plan, ExperimentSettings settings, TraceConditioningOptions stream)
    {
        var results = new RunResult[plan.Runs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"{plan.Runs.Count} runs × {settings.Steps:N0} steps", maxValue: plan.Runs.Count);
                    Parallel.For(0, plan.Runs.Count, options, i =>
                    {
                        results[i] = PredictionRun.Execute(plan.Runs[i], stream, settings.Steps, settings.Lambda);
                        task.Increment(1);
                    });
                });
        }
        else
        {
            // Redirected output (CI, log files): a plain line every 5% instead of a live bar.
            int done = 0, lastReported = 0;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            object gate = new();
            Parallel.For(0, plan.Runs.Count, options, i =>
            {
                results[i] = PredictionRun.Execute(plan.Runs[i], stream, settings.Steps, settings.Lambda);
                lock (gate)
                {
                    done++;
                    int percent = 100 * done / plan.Runs.Count;
                    if (percent >= lastReported + 5 || done == plan.Runs.Count)
                    {
                        lastReported = percent;
                        Console.WriteLine($"[{new string('#', percent / 5),-20}] {percent,3}%  {done}/{plan.Runs.Count} runs  {watch.Elapsed:mm\\:ss}");
                    }
                }
            });
        }
        return results;
    }
}
