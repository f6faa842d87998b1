using System.Globalization;
using Spectre.Console;

namespace Rtu.TraceConditioningSample;

/// <summary>Prints the sized configurations before the sweep and the MSRE tables after it.</summary>
public static class SummaryTable
{
    /// <summary>The analytic FLOPs per step and parameter count of every configuration, grouped by budget.</summary>
    public static void PrintPlan(ExperimentPlan plan, int steps)
    {
        var table = new Table().Title("Sized configurations (FLOPs per step counted analytically: layer forward + gradient, head, TD(λ) trace, Adam)")
            .AddColumns("budget", "architecture", "units", "recurrent params", "FLOPs/step");
        foreach (var c in plan.Configurations.OrderBy(c => c.BudgetKind).ThenBy(c => c.Budget).ThenBy(c => c.Layer.Label, StringComparer.Ordinal))
            table.AddRow(Budget(c.BudgetKind, c.Budget), c.Layer.Label, Int(c.Layer.Units), Int(c.RecurrentParameters), Int(c.FlopsPerStep));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"{plan.Runs.Count} runs; analytic work {plan.TotalFlops(steps) / 1e9:N0} GFLOP.");
        foreach (string s in plan.Skipped) AnsiConsole.MarkupLineInterpolated($"[grey]skipped: {s}[/]");
    }

    /// <summary>MSRE per architecture at each budget, best step size, mean ± standard error over seeds.</summary>
    public static void PrintResults(IReadOnlyList<ConfigurationSummary> summaries, BudgetKind kind)
    {
        var table = new Table()
            .Title(kind == BudgetKind.Parameters ? "MSRE at equal recurrent parameters" : "MSRE at equal FLOPs per step")
            .AddColumns("budget", "architecture", "units", "params", "FLOPs/step", "best α", "MSRE (last 50%)", "± s.e.", "MSRE (first 10%)", "µs/step");
        foreach (var s in summaries.Where(s => s.BudgetKind == kind))
            table.AddRow(Budget(kind, s.Budget), s.Label, Int(s.Units), Int(s.RecurrentParameters), Int(s.FlopsPerStep),
                s.BestStepSize.ToString("G2", CultureInfo.InvariantCulture), Num(s.Msre), Num(s.StandardError), Num(s.MsreStart),
                s.MicrosecondsPerStep.ToString("F1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// The headline table: one row per architecture family, one column per budget, MSRE at the best step size; T-BPTT
    /// families at their best truncation length, shown in parentheses.
    /// </summary>
    public static void PrintCompact(IReadOnlyList<ConfigurationSummary> summaries, BudgetKind kind, double oracleFloor)
    {
        var best = ConfigurationSummary.BestPerFamily(summaries.Where(s => s.BudgetKind == kind));
        long[] budgets = best.Select(s => s.Budget).Distinct().Order().ToArray();
        var table = new Table().Title(kind == BudgetKind.Parameters
            ? "MSRE (mean over seeds, best step size) at equal recurrent parameters"
            : "MSRE (mean over seeds, best step size) at equal FLOPs per step");
        table.AddColumn("architecture");
        foreach (long b in budgets) table.AddColumn(Budget(kind, b));
        foreach (var family in best.GroupBy(s => s.Family).OrderBy(g => g.Where(s => s.Budget == budgets[^1]).Select(s => s.Msre).DefaultIfEmpty(double.MaxValue).First()))
        {
            var cells = new List<string> { family.Key + (family.Any(s => s.Truncation > 0) ? " (best T)" : "") };
            foreach (long b in budgets)
            {
                var s = family.FirstOrDefault(x => x.Budget == b);
                cells.Add(s is null ? "does not fit" : Num(s.Msre) + (s.Truncation > 0 ? $" (T={s.Truncation})" : ""));
            }
            table.AddRow(cells.ToArray());
        }
        table.AddRow([$"(oracle floor)", .. budgets.Select(_ => Num(oracleFloor))]);
        AnsiConsole.Write(table);
    }

    /// <summary>The single-thread timings.</summary>
    public static void PrintTimings(IReadOnlyList<TimingResult> timings)
    {
        var table = new Table().Title("Time per online step, one thread").AddColumns("architecture", "units", "params", "FLOPs/step", "µs/step");
        foreach (var t in timings)
            table.AddRow(t.Label, Int(t.Units), Int(t.RecurrentParameters), Int(t.FlopsPerStep), t.MicrosecondsPerStep.ToString("F1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static string Budget(BudgetKind kind, long budget) => kind == BudgetKind.Parameters ? $"{Int(budget)} params" : $"{Int(budget)} FLOPs";
    private static string Int(long x) => x.ToString("N0", CultureInfo.InvariantCulture);
    private static string Num(double x) => double.IsFinite(x) ? x.ToString("F4", CultureInfo.InvariantCulture) : "diverged";
}
