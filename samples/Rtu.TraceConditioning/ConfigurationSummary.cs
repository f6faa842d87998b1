namespace Rtu.TraceConditioningSample;

/// <summary>
/// One configuration (architecture at one budget) at its best step size: the step size with the lowest MSRE averaged
/// over seeds, as in the paper's sweeps. A step size with any diverged seed counts as infinitely bad.
/// </summary>
public sealed record ConfigurationSummary(string Label, int Truncation, BudgetKind BudgetKind, long Budget, int Units, long RecurrentParameters,
    long FlopsPerStep, double BestStepSize, double Msre, double StandardError, double MsreStart, double MicrosecondsPerStep, int Seeds)
{
    /// <summary>The architecture without its truncation length, e.g. <c>Gru-TBPTT</c>: T-BPTT variants share one family.</summary>
    public string Family => FamilyPalette.FamilyOf(Label, Truncation);

    /// <summary>
    /// Per family and budget, the best configuration: for T-BPTT families the best truncation length (the baseline may
    /// pick its T), for the others the single configuration.
    /// </summary>
    public static IReadOnlyList<ConfigurationSummary> BestPerFamily(IEnumerable<ConfigurationSummary> summaries) =>
        summaries.GroupBy(s => (s.Family, s.BudgetKind, s.Budget))
            .Select(g => g.OrderBy(s => double.IsNaN(s.Msre) ? double.PositiveInfinity : s.Msre).First())
            .ToList();

    /// <summary>Groups the runs by configuration and keeps each configuration's best step size.</summary>
    public static IReadOnlyList<ConfigurationSummary> FromRuns(IEnumerable<RunResult> runs) =>
        runs.GroupBy(r => (r.Spec.Label, r.Spec.BudgetKind, r.Spec.Budget))
            .Select(config =>
            {
                var best = config.GroupBy(r => r.Spec.StepSize)
                    .Select(g => (StepSize: g.Key, Runs: g.ToList(), Mean: g.Any(r => r.Diverged) ? double.PositiveInfinity : g.Average(r => r.Msre)))
                    .OrderBy(g => g.Mean).ThenBy(g => g.StepSize)
                    .First();
                var first = best.Runs[0];
                double se = double.NaN;
                if (double.IsFinite(best.Mean) && best.Runs.Count > 1)
                {
                    double variance = best.Runs.Sum(r => (r.Msre - best.Mean) * (r.Msre - best.Mean)) / (best.Runs.Count - 1);
                    se = Math.Sqrt(variance / best.Runs.Count);
                }
                return new ConfigurationSummary(first.Spec.Label, first.Spec.Truncation, first.Spec.BudgetKind, first.Spec.Budget, first.Units,
                    first.RecurrentParameters, first.FlopsPerStep, best.StepSize, best.Mean, se,
                    best.Runs.Where(r => !r.Diverged).Select(r => r.MsreStart).DefaultIfEmpty(double.NaN).Average(),
                    best.Runs.Where(r => !r.Diverged).Select(r => r.MicrosecondsPerStep).DefaultIfEmpty(double.NaN).Average(),
                    best.Runs.Count);
            })
            .OrderBy(s => s.BudgetKind).ThenBy(s => s.Budget).ThenBy(s => s.Msre)
            .ToList();
}
