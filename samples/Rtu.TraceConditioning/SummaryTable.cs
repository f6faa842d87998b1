using System.Globalization;
using Spectre.Console;

namespace Rtu.TraceConditioningSample;

/// <summary>Prints the sized configurations before the sweep and the MSRE tables after it.</summary>
public static class SummaryTable
{
    /// <summary>The analytic FLOPs per step and parameter count of every configuration, grouped by budget.</summary>
    public static void PrintPlan(ExperimentPlan plan)
    {
        var table = new Table().Title("Sized configurations (FLOPs per step counted analytically: layer forward + gradient, head, TD(λ) trace, Adam)")
            .AddColumns("budget", "architecture", "units", "recurrent params", "FLOPs/step");
        foreach (var c in plan.Configurations.OrderBy(c => c.BudgetKind).ThenBy(c => c.Budget).ThenBy(c => c.Layer.Label, StringComparer.Ordinal))
            table.AddRow(Budget(c.BudgetKind, c.Budget), c.Layer.Label, Int(c.Layer.Units), Int(c.RecurrentParameters), Int(c.FlopsPerStep));
        AnsiConsole.Write(table);
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

    private static string Budget(BudgetKind kind, long budget) => kind == BudgetKind.Parameters ? $"{Int(budget)} params" : $"{Int(budget)} FLOPs";
    private static string Int(long x) => x.ToString("N0", CultureInfo.InvariantCulture);
    private static string Num(double x) => double.IsFinite(x) ? x.ToString("F4", CultureInfo.InvariantCulture) : "diverged";
}
