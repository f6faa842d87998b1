using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments;

/// <summary>
/// Wraps a user-written <see cref="IEnvironment"/> and checks everything it returns, so a bug in the simulator is
/// reported where it happens (environment, episode, step) instead of surfacing later as a NaN policy:
/// <list type="bullet">
/// <item>at construction: a positive <see cref="IEnvironment.ObservationSize"/> and a well-formed action space
/// (discrete count ≥ 1, or a continuous box of size ≥ 1 with Low ≤ High, no NaN bounds);</item>
/// <item>every observation written by Reset and Step is finite and fully written (the buffer is pre-filled with NaN,
/// so an element the environment forgot reads as NaN and is reported), and writing past it is reported as a size error;</item>
/// <item>every reward is finite and within ±1e100 (<see cref="Learning.Normalization.RewardNormalizer.MaxRewardMagnitude"/>);</item>
/// <item>the protocol: Step before Reset, or after an episode ended, and malformed actions (caller errors, reported
/// as <see cref="ArgumentException"/> / <see cref="InvalidOperationException"/> before the environment sees them).</item>
/// </list>
/// Contract violations by the environment throw <see cref="EnvironmentValidationException"/>. The checks cost one pass
/// over the observation per step and allocate nothing. <see cref="Wrap"/> turns a factory into a validating one.
/// </summary>
public sealed class ValidatingEnvironment : IEnvironment
{
    private readonly IEnvironment _inner;
    private readonly float[] _scratch;
    private bool _inEpisode;

    /// <summary>Wraps <paramref name="inner"/> (disposed with the wrapper).</summary>
    /// <exception cref="EnvironmentValidationException">The observation size or the action space is invalid.</exception>
    public ValidatingEnvironment(IEnvironment inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        Name = string.IsNullOrWhiteSpace(inner.Name) ? inner.GetType().Name : inner.Name;
        if (inner.ObservationSize <= 0)
            throw new EnvironmentValidationException(Name, 0, 0, $"ObservationSize must be positive, got {inner.ObservationSize}.");
        var space = inner.ActionSpace ?? throw new EnvironmentValidationException(Name, 0, 0, "ActionSpace is null.");
        string? problem = space switch
        {
            { DiscreteCount: < 0 } or { ContinuousSize: < 0 } => "the action space has a negative size.",
            { DiscreteCount: > 0, ContinuousSize: > 0 } => "the action space is both discrete and continuous; use ActionSpace.Discrete or ActionSpace.Box.",
            { DiscreteCount: 0, ContinuousSize: 0 } => "the action space is empty; use ActionSpace.Discrete(count ≥ 1) or ActionSpace.Box(size ≥ 1, low, high).",
            { DiscreteCount: 0 } when float.IsNaN(space.Low) || float.IsNaN(space.High) || space.Low > space.High =>
                $"the continuous action box [{space.Low}, {space.High}] is invalid (NaN bound, or Low > High).",
            _ => null,
        };
        if (problem is not null) throw new EnvironmentValidationException(Name, 0, 0, problem);
        ActionSpace = space;
        ObservationSize = inner.ObservationSize;
        _scratch = new float[ObservationSize];
    }

    /// <summary>A factory that wraps every environment <paramref name="factory"/> makes.</summary>
    public static Func<ulong, IEnvironment> Wrap(Func<ulong, IEnvironment> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return seed => factory(seed) switch
        {
            null => throw new InvalidOperationException("The environment factory returned null."),
            ValidatingEnvironment v => v,
            var env => new ValidatingEnvironment(env),
        };
    }

    /// <summary>The wrapped environment.</summary>
    public IEnvironment Inner => _inner;

    /// <summary>The wrapped environment's name (its type name when it has none).</summary>
    public string Name { get; }

    /// <summary>The wrapped environment's observation size (checked positive).</summary>
    public int ObservationSize { get; }

    /// <summary>The wrapped environment's action space (checked well-formed).</summary>
    public ActionSpace ActionSpace { get; }

    /// <summary>Episodes started so far.</summary>
    public long Episode { get; private set; }

    /// <summary>Steps taken in the current episode.</summary>
    public long StepInEpisode { get; private set; }

    /// <inheritdoc />
    public void Reset(Span<float> observation)
    {
        Guard.Length(observation, ObservationSize, nameof(observation));
        Episode++;
        StepInEpisode = 0;
        _inEpisode = false;
        Array.Fill(_scratch, float.NaN);
        try { _inner.Reset(_scratch); }
        catch (IndexOutOfRangeException e) { throw SizeError(e); }
        CheckObservation();
        _scratch.CopyTo(observation);
        _inEpisode = true;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Step before Reset, or after the episode ended.</exception>
    /// <exception cref="ArgumentException">The action or the observation buffer is malformed.</exception>
    /// <exception cref="EnvironmentValidationException">The environment returned a NaN/∞ reward or observation, or misused its buffer.</exception>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_inEpisode)
            throw new InvalidOperationException(Episode == 0 ? $"{Name}: call Reset before the first Step." : $"{Name}: the episode ended; call Reset before stepping again.");
        Guard.Length(observation, ObservationSize, nameof(observation));
        if (!EpisodicEnvironment.TryValidateAction(ActionSpace, action, out _, out string? problem))
            throw new ArgumentException($"{Name}, episode {Episode}, step {StepInEpisode + 1}: {problem}", nameof(action));
        StepInEpisode++;
        Array.Fill(_scratch, float.NaN);
        StepResult result;
        try { result = _inner.Step(action, _scratch); }
        catch (IndexOutOfRangeException e) { throw SizeError(e); }
        if (!double.IsFinite(result.Reward))
            throw new EnvironmentValidationException(Name, Episode, StepInEpisode, $"the reward is {result.Reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}; rewards must be finite.");
        if (Math.Abs(result.Reward) > Learning.Normalization.RewardNormalizer.MaxRewardMagnitude)
            throw new EnvironmentValidationException(Name, Episode, StepInEpisode,
                $"the reward is {result.Reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}; rewards must lie within ±1e100 (RewardNormalizer.MaxRewardMagnitude): scale them down.");
        CheckObservation();
        _scratch.CopyTo(observation);
        if (result.Done) _inEpisode = false;
        return result;
    }

    private void CheckObservation()
    {
        for (int i = 0; i < _scratch.Length; i++)
        {
            if (float.IsFinite(_scratch[i])) continue;
            string what = float.IsNaN(_scratch[i]) ? "NaN (or was not written)" : _scratch[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new EnvironmentValidationException(Name, Episode, StepInEpisode,
                $"observation[{i}] of {ObservationSize} is {what}; observations must be finite and every element written.");
        }
    }

    private EnvironmentValidationException SizeError(Exception e) => new(Name, Episode, StepInEpisode,
        $"it wrote outside its observation of {ObservationSize} floats (does ObservationSize match what Reset/Step write?).", e);

    /// <summary>Disposes the wrapped environment.</summary>
    public void Dispose() => _inner.Dispose();
}
