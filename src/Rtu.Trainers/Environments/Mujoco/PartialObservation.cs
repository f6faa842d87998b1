using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// The partially observable "-P" / "-V" variants: passes reset, step, reward and episode ends through unchanged and
/// shows only the contiguous slice [<see cref="Start"/>, <see cref="Start"/> + <see cref="ObservationSize"/>) of the
/// inner observation. Owns (and disposes) the inner environment. Allocates only at construction.
/// </summary>
public sealed class PartialObservation : IEnvironment
{
    private readonly float[] _full;

    /// <summary>Wraps <paramref name="inner"/> and keeps <paramref name="length"/> entries from <paramref name="start"/>.</summary>
    public PartialObservation(MujocoEnvironment inner, string name, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Guard.Positive(length, nameof(length));
        if (start < 0 || start + length > inner.ObservationSize)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"The slice [{start}, {start + length}) does not fit in {inner.Name}'s {inner.ObservationSize} observations.");
        Inner = inner;
        Name = name;
        Start = start;
        ObservationSize = length;
        _full = new float[inner.ObservationSize];
    }

    /// <summary>
    /// The "-P" (<see cref="ObservationKind.Positions"/>) or "-V" (<see cref="ObservationKind.Velocities"/>) view of
    /// <paramref name="inner"/>: the first <see cref="MujocoEnvironment.PositionObservationCount"/> entries, or the
    /// <see cref="MujocoEnvironment.Nv"/> that follow.
    /// </summary>
    public static PartialObservation Create(MujocoEnvironment inner, ObservationKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return kind switch
        {
            ObservationKind.Positions => new PartialObservation(inner, name, 0, inner.PositionObservationCount),
            ObservationKind.Velocities => new PartialObservation(inner, name, inner.PositionObservationCount, inner.Nv),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only Positions and Velocities are partial views."),
        };
    }

    /// <summary>The fully observed environment underneath.</summary>
    public MujocoEnvironment Inner { get; }

    /// <summary>First inner observation index that is shown.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public ActionSpace ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public void Reset(Span<float> observation)
    {
        Guard.Length(observation, ObservationSize, nameof(observation));
        Inner.Reset(_full);
        _full.AsSpan(Start, ObservationSize).CopyTo(observation);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Guard.Length(observation, ObservationSize, nameof(observation));
        StepResult result = Inner.Step(action, _full);
        _full.AsSpan(Start, ObservationSize).CopyTo(observation);
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => Inner.Dispose();
}
