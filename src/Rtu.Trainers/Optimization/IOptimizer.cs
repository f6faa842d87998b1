namespace Rtu.Trainers.Optimization;

/// <summary>A first-order optimizer over one or more parameter sets; it reads their gradient accumulators.</summary>
public interface IOptimizer
{
    /// <summary>The step size α.</summary>
    double LearningRate { get; set; }

    /// <summary>Number of updates applied.</summary>
    long StepCount { get; }

    /// <summary>Applies one descent update θ ← θ − α·(update from the gradients).</summary>
    /// <exception cref="InvalidOperationException">A gradient is NaN/∞; no parameter is changed.</exception>
    void Step();

    /// <summary>
    /// Applies <see cref="Step"/> only if every parameter and optimizer moment stays finite afterwards (the divergence
    /// guard: a step size too large for the model would overflow them); otherwise nothing changes and it returns false.
    /// Allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A gradient is NaN/∞; no parameter is changed.</exception>
    bool TryStep();

    /// <summary>Writes the optimizer's state (moments, step count) for checkpoints.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores state written by <see cref="Save"/>.</summary>
    void Load(BinaryReader reader);
}
