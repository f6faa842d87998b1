using Rtu.Trainers.Cells;

namespace Rtu.TraceConditioningSample;

/// <summary>How a run's size was chosen: to fit a recurrent-parameter budget or a per-step FLOP budget.</summary>
public enum BudgetKind
{
    /// <summary>Matched recurrent-layer parameter count.</summary>
    Parameters,
    /// <summary>Matched FLOPs per step (forward, gradient and TD(λ) update together).</summary>
    Flops,
}

/// <summary>One run of the comparison: a layer, the budget it was sized for, a step size and a seed.</summary>
public sealed record RunSpec(RecurrentLayerOptions Layer, BudgetKind BudgetKind, long Budget, double StepSize, int Seed)
{
    /// <summary>The architecture label, e.g. <c>Gru-TBPTT(8)</c>.</summary>
    public string Label => Layer.Label;

    /// <summary>The truncation length T, or 0 for RTRL and memoryless layers (their cost does not grow with T).</summary>
    public int Truncation => Layer.LearningRule == LearningRule.Tbptt && Layer.Architecture != RecurrentArchitecture.Memoryless ? Layer.Truncation : 0;
}

/// <summary>What one run measured.</summary>
public sealed record RunResult(RunSpec Spec, int Units, long RecurrentParameters, long FlopsPerStep, double Msre, double MsreStart,
    double MicrosecondsPerStep, bool Diverged);
