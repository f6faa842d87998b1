using Rtu.Trainers.Cells;

namespace Rtu.TraceConditioningSample;

/// <summary>One sized configuration of the comparison, before the step-size and seed sweep.</summary>
public sealed record PlannedConfiguration(RecurrentLayerOptions Layer, BudgetKind BudgetKind, long Budget, long RecurrentParameters, long FlopsPerStep);

/// <summary>
/// The full list of runs: every architecture sized to every parameter budget and every FLOP budget, crossed with the
/// step sizes and seeds. Architectures: linear, non-linear and gated RTU and Online LRU with RTRL, a memoryless layer, and
/// linear RTU, LRU and GRU with T-BPTT at each truncation length.
/// </summary>
public sealed class ExperimentPlan
{
    private ExperimentPlan(IReadOnlyList<PlannedConfiguration> configurations, IReadOnlyList<RunSpec> runs, IReadOnlyList<string> skipped)
    {
        Configurations = configurations; Runs = runs; Skipped = skipped;
    }

    /// <summary>The sized configurations.</summary>
    public IReadOnlyList<PlannedConfiguration> Configurations { get; }

    /// <summary>Every run, most expensive first (better load balance across threads).</summary>
    public IReadOnlyList<RunSpec> Runs { get; }

    /// <summary>Architecture/budget pairs that could not fit even one unit.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Analytic FLOPs of the whole sweep: Σ over runs of FLOPs per step × steps (a run-time estimate).</summary>
    public double TotalFlops(int steps)
    {
        var flops = Configurations.ToDictionary(c => (c.Layer, c.BudgetKind, c.Budget), c => c.FlopsPerStep);
        return Runs.Sum(r => (double)flops[(r.Layer, r.BudgetKind, r.Budget)] * steps);
    }

    /// <summary>The architectures compared (unsized).</summary>
    public static IEnumerable<RecurrentLayerOptions> Architectures(IEnumerable<int> truncations)
    {
        yield return new() { Architecture = RecurrentArchitecture.LinearRtu, LearningRule = LearningRule.Rtrl };
        yield return new() { Architecture = RecurrentArchitecture.NonLinearRtu, LearningRule = LearningRule.Rtrl };
        yield return new() { Architecture = RecurrentArchitecture.Lru, LearningRule = LearningRule.Rtrl };
        yield return new() { Architecture = RecurrentArchitecture.GatedRtu, LearningRule = LearningRule.Rtrl };
        yield return new() { Architecture = RecurrentArchitecture.Memoryless, LearningRule = LearningRule.Tbptt, Truncation = 1 };
        foreach (int t in truncations)
        {
            yield return new() { Architecture = RecurrentArchitecture.LinearRtu, LearningRule = LearningRule.Tbptt, Truncation = t };
            yield return new() { Architecture = RecurrentArchitecture.Lru, LearningRule = LearningRule.Tbptt, Truncation = t };
            yield return new() { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Truncation = t };
        }
    }

    /// <summary>Sizes every architecture for every budget and lists the runs.</summary>
    public static ExperimentPlan Create(ExperimentSettings settings, int inputSize)
    {
        var configurations = new List<PlannedConfiguration>();
        var skipped = new List<string>();
        foreach (var arch in Architectures(settings.Truncations))
        {
            if (settings.Only is { Length: > 0 } only && !only.Any(o => arch.Label.Contains(o, StringComparison.OrdinalIgnoreCase))) continue;
            foreach (long budget in settings.ParameterBudgets) Add(arch, BudgetKind.Parameters, budget, BudgetSizing.UnitsForParameters(arch, inputSize, budget));
            foreach (long budget in settings.FlopBudgets) Add(arch, BudgetKind.Flops, budget, BudgetSizing.UnitsForFlops(arch, inputSize, budget));
        }

        var runs = new List<RunSpec>();
        foreach (var c in configurations.OrderByDescending(c => c.FlopsPerStep))
            foreach (double stepSize in settings.StepSizes)
                for (int seed = 0; seed < settings.Seeds; seed++)
                    runs.Add(new RunSpec(c.Layer, c.BudgetKind, c.Budget, stepSize, seed));
        return new ExperimentPlan(configurations, runs, skipped);

        void Add(RecurrentLayerOptions arch, BudgetKind kind, long budget, int? units)
        {
            if (units is not int n) { skipped.Add($"{arch.Label} does not fit {budget:N0} {(kind == BudgetKind.Flops ? "FLOPs" : "parameters")}"); return; }
            var sized = arch with { Units = n };
            configurations.Add(new PlannedConfiguration(sized, kind, budget,
                RecurrentLayerFactory.ParameterCount(arch.Architecture, inputSize, n), BudgetSizing.LearnerFlops(sized, inputSize)));
        }
    }
}
