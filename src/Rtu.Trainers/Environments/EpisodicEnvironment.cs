using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments;

/// <summary>
/// Base class for seeded episodic environments: it owns the environment's <see cref="Numerics.Rng"/>, checks every
/// argument (observation length, action length, finite actions, integral discrete indices in range) and enforces the
/// episode protocol (no <see cref="Step"/> before <see cref="Reset"/>, nor after a step that returned
/// <see cref="StepResult.Done"/>). Derived classes implement <see cref="ResetCore"/> and one of the
/// <c>StepCore</c> overloads; the observation span they receive is already cleared to zeros.
/// </summary>
public abstract class EpisodicEnvironment : IEnvironment
{
    private bool _started;
    private bool _done;

    /// <summary>Creates the environment and its random generator from <paramref name="seed"/>.</summary>
    protected EpisodicEnvironment(string name, int observationSize, ActionSpace actionSpace, ulong seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(actionSpace);
        Guard.Positive(observationSize, nameof(observationSize));
        Name = name;
        ObservationSize = observationSize;
        ActionSpace = actionSpace;
        Rng = new Rng(seed);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; }

    /// <summary>The environment's only source of randomness.</summary>
    protected Rng Rng { get; }

    /// <summary>Steps taken in the current episode (0 right after <see cref="Reset"/>).</summary>
    public int EpisodeStep { get; private set; }

    /// <summary>True before the first <see cref="Reset"/> and after a step that ended the episode.</summary>
    public bool NeedsReset => !_started || _done;

    /// <inheritdoc />
    public void Reset(Span<float> observation)
    {
        Guard.Length(observation, ObservationSize, nameof(observation));
        observation.Clear();
        EpisodeStep = 0;
        ResetCore(observation);
        _started = true;
        _done = false;
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_started)
            throw new InvalidOperationException($"{Name}: Step was called before Reset; call Reset to start an episode.");
        if (_done)
            throw new InvalidOperationException(
                $"{Name}: Step was called after the episode ended (Terminated or Truncated); call Reset first.");
        int index = ValidateAction(ActionSpace, action, Name);
        Guard.Length(observation, ObservationSize, nameof(observation));
        observation.Clear();
        EpisodeStep++;
        StepResult result = ActionSpace.IsDiscrete ? StepCore(index, observation) : StepCore(action, observation);
        _done = result.Done;
        return result;
    }

    /// <summary>
    /// Checks <paramref name="action"/> against <paramref name="space"/>: its length, that it is finite, and for a
    /// discrete space that it holds an integral index in range. Returns the index (or -1 for a continuous space).
    /// </summary>
    /// <exception cref="ArgumentException">The action is malformed; the message names the environment and the problem.</exception>
    public static int ValidateAction(ActionSpace space, ReadOnlySpan<float> action, string environmentName)
    {
        if (!TryValidateAction(space, action, out int index, out string? problem))
            throw new ArgumentException($"{environmentName}: {problem}", nameof(action));
        return index;
    }

    /// <summary>
    /// The non-throwing form of <see cref="ValidateAction"/>: false with a description of the problem when the action is
    /// malformed (the description is only built on failure, so the success path allocates nothing).
    /// </summary>
    public static bool TryValidateAction(ActionSpace space, ReadOnlySpan<float> action, out int index, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(space);
        index = -1;
        problem = null;
        if (action.Length != space.ActionLength)
        {
            problem = $"the action must have length {space.ActionLength}, got {action.Length}.";
            return false;
        }
        for (int i = 0; i < action.Length; i++)
        {
            if (!float.IsFinite(action[i]))
            {
                problem = $"action[{i}] is {action[i]}; actions must be finite (no NaN or ±∞).";
                return false;
            }
        }
        if (!space.IsDiscrete) return true;
        float a = action[0];
        if (a != MathF.Round(a))
        {
            problem = $"a discrete action must hold an integral index, got {a}.";
            return false;
        }
        if (a < 0 || a >= space.DiscreteCount)
        {
            problem = $"the discrete action index must be in [0, {space.DiscreteCount}), got {a}.";
            return false;
        }
        index = (int)a;
        return true;
    }

    /// <summary>Starts an episode: write the first observation into the zeroed <paramref name="observation"/>.</summary>
    protected abstract void ResetCore(Span<float> observation);

    /// <summary>One step with a validated discrete action index; write the next observation into the zeroed span.</summary>
    protected virtual StepResult StepCore(int action, Span<float> observation) =>
        throw new NotSupportedException($"{Name} has no discrete actions.");

    /// <summary>One step with a validated continuous action; write the next observation into the zeroed span.</summary>
    protected virtual StepResult StepCore(ReadOnlySpan<float> action, Span<float> observation) =>
        throw new NotSupportedException($"{Name} has no continuous actions.");

    /// <summary>Releases resources; the default holds none.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
