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

    /// <summary>Reads what <see cref="WriteSummary"/> wrote (values rounded to 6 digits), e.g. to redraw the figures.</summary>
    /// <exception cref="InvalidDataException">A line with the wrong number of fields.</exception>
    public static IReadOnlyList<ConfigurationSummary> ReadSummary(string path) =>
        Rows(path, 13).Select(f => new ConfigurationSummary(f[0], I(f[1]), Enum.Parse<BudgetKind>(f[2]), L(f[3]), I(f[4]), L(f[5]), L(f[6]),
            D(f[7]), D(f[8]), D(f[9]), D(f[10]), D(f[11]), I(f[12]))).ToArray();

    /// <summary>Reads what <see cref="WriteTimings"/> wrote.</summary>
    /// <exception cref="InvalidDataException">A line with the wrong number of fields.</exception>
    public static IReadOnlyList<TimingResult> ReadTimings(string path) =>
        Rows(path, 6).Select(f => new TimingResult(f[0], I(f[1]), I(f[2]), L(f[3]), L(f[4]), D(f[5]))).ToArray();

    // The data lines split at commas (the writer quotes no field these files hold).
    private static IEnumerable<string[]> Rows(string path, int fields) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
        {
            var f = line.Split(',');
            return f.Length == fields ? f : throw new InvalidDataException($"{path} line {i + 2}: expected {fields} fields, got {f.Length}.");
        });

    private static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string Join(params object[] fields) => string.Join(",", fields.Select(f => f switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => f.ToString()!.Contains(',') ? $"\"{f}\"" : f.ToString(),
    }));
}
