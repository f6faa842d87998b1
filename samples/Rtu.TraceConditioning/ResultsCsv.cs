using System.Globalization;
using System.Text;

namespace Rtu.TraceConditioningSample;

/// <summary>Writes every run and every configuration summary as CSV (invariant culture, one header line).</summary>
public static class ResultsCsv
{
    /// <summary>One line per run.</summary>
    public static void WriteRuns(string path, IEnumerable<RunResult> runs)
    {
        var sb = new StringBuilder("architecture,learning_rule,truncation,units,budget_kind,budget,recurrent_parameters,flops_per_step,step_size,seed,msre,msre_first_10pct,us_per_step,diverged\n");
        foreach (var r in runs)
            sb.AppendLine(Join(r.Spec.Label, r.Spec.Layer.LearningRule, r.Spec.Truncation, r.Units, r.Spec.BudgetKind, r.Spec.Budget, r.RecurrentParameters,
                r.FlopsPerStep, r.Spec.StepSize, r.Spec.Seed, r.Msre, r.MsreStart, r.MicrosecondsPerStep, r.Diverged));
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>One line per configuration at its best step size.</summary>
    public static void WriteSummary(string path, IEnumerable<ConfigurationSummary> summaries)
    {
        var sb = new StringBuilder("architecture,truncation,budget_kind,budget,units,recurrent_parameters,flops_per_step,best_step_size,msre,msre_standard_error,msre_first_10pct,us_per_step,seeds\n");
        foreach (var s in summaries)
            sb.AppendLine(Join(s.Label, s.Truncation, s.BudgetKind, s.Budget, s.Units, s.RecurrentParameters, s.FlopsPerStep, s.BestStepSize,
                s.Msre, s.StandardError, s.MsreStart, s.MicrosecondsPerStep, s.Seeds));
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>One line per configuration of the single-thread timing pass.</summary>
    public static void WriteTimings(string path, IEnumerable<TimingResult> timings)
    {
        var sb = new StringBuilder("architecture,truncation,units,recurrent_parameters,flops_per_step,us_per_step\n");
        foreach (var t in timings) sb.AppendLine(Join(t.Label, t.Truncation, t.Units, t.RecurrentParameters, t.FlopsPerStep, t.MicrosecondsPerStep));
        File.WriteAllText(path, sb.ToString());
    }

    private static string Join(params object[] fields) => string.Join(",", fields.Select(f => f switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => f.ToString()!.Contains(',') ? $"\"{f}\"" : f.ToString(),
    }));
}
