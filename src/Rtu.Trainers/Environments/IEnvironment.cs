namespace Rtu.Trainers.Environments;

/// <summary>What one <see cref="IEnvironment.Step"/> returned besides the observation.</summary>
/// <param name="Reward">The reward for the transition (already scaled by the task's own rules).</param>
/// <param name="Terminated">The episode ended by the task's rules (no bootstrap from the next state).</param>
/// <param name="Truncated">The episode was cut by a time limit (bootstrap from the next state's value).</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode is over for either reason; the caller must call Reset next.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>
/// An action space: either <see cref="DiscreteCount"/> choices (the action is one float holding the index) or a
/// box of <see cref="ContinuousSize"/> floats bounded by [<see cref="Low"/>, <see cref="High"/>].
/// </summary>
public sealed record ActionSpace(int DiscreteCount, int ContinuousSize, float Low, float High)
{
    /// <summary>A discrete space with <paramref name="count"/> actions.</summary>
    public static ActionSpace Discrete(int count) => new(count, 0, 0, count - 1);

    /// <summary>A continuous box of <paramref name="size"/> dimensions.</summary>
    public static ActionSpace Box(int size, float low, float high) => new(0, size, low, high);

    /// <summary>True for a discrete space.</summary>
    public bool IsDiscrete => DiscreteCount > 0;

    /// <summary>Floats an action occupies: 1 for discrete, <see cref="ContinuousSize"/> for continuous.</summary>
    public int ActionLength => IsDiscrete ? 1 : ContinuousSize;

    /// <summary>
    /// Clips a continuous action to the box in place, also where one bound is infinite (a power in [0, ∞) is never
    /// negative), as the trainer does before it sends one; a discrete action, or a NaN or inverted box (which
    /// <see cref="ValidatingEnvironment"/> refuses), is left as it is.
    /// </summary>
    public void Clip(Span<float> action)
    {
        if (IsDiscrete || !(Low <= High)) return;
        for (int k = 0; k < action.Length; k++) action[k] = Math.Clamp(action[k], Low, High);
    }
}

/// <summary>
/// A seeded, episodic control environment with a Gymnasium-like contract. Observations are float32 vectors of
/// <see cref="ObservationSize"/>. After a step that returns <see cref="StepResult.Done"/>, call <see cref="Reset"/>.
/// </summary>
public interface IEnvironment : IDisposable
{
    /// <summary>The registered name, e.g. <c>RepeatPreviousEasy</c> or <c>HopperP</c>.</summary>
    string Name { get; }

    /// <summary>Length of the observation vector.</summary>
    int ObservationSize { get; }

    /// <summary>The action space.</summary>
    ActionSpace ActionSpace { get; }

    /// <summary>Starts a new episode and writes its first observation.</summary>
    void Reset(Span<float> observation);

    /// <summary>Applies <paramref name="action"/> and writes the next observation.</summary>
    /// <exception cref="ArgumentException">Wrong action length, NaN/∞ action, or a discrete index out of range.</exception>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);
}
