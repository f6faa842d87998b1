using Rtu.Trainers.Cells;
using Rtu.Trainers.Learning;

namespace Rtu.TraceConditioningSample;

/// <summary>Chooses a layer's unit count so that it fits a parameter or FLOP budget.</summary>
public static class BudgetSizing
{
    /// <summary>The largest unit count the search considers.</summary>
    public const int MaxUnits = 1024;

    /// <summary>Learner FLOPs per step (layer forward + gradient, value head, eligibility trace, Adam), counted analytically.</summary>
    public static long LearnerFlops(RecurrentLayerOptions layer, int inputSize)
    {
        var learner = new TdLambdaLearner<float>(RecurrentLayerFactory.Create<float>(inputSize, layer), new TdLambdaOptions());
        return learner.FlopsPerStep;
    }

    /// <summary>Units whose recurrent parameters fit <paramref name="budget"/>, or null when even one unit does not.</summary>
    public static int? UnitsForParameters(RecurrentLayerOptions layer, int inputSize, long budget) =>
        RecurrentLayerFactory.ParameterCount(layer.Architecture, inputSize, 1) > budget
            ? null
            : RecurrentLayerFactory.UnitsForParameterBudget(layer.Architecture, inputSize, budget);

    /// <summary>
    /// The largest unit count whose learner FLOPs per step fit <paramref name="budget"/>, or null when even one unit does not.
    /// FLOPs grow monotonically with the unit count, so a binary search over the analytic count suffices.
    /// </summary>
    public static int? UnitsForFlops(RecurrentLayerOptions layer, int inputSize, long budget)
    {
        if (LearnerFlops(layer with { Units = 1 }, inputSize) > budget) return null;
        int lo = 1, hi = MaxUnits;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (LearnerFlops(layer with { Units = mid }, inputSize) <= budget) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
