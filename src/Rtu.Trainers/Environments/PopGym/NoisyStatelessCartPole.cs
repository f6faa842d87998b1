namespace Rtu.Trainers.Environments.PopGym;

/// <summary>
/// POPGym NoisyStatelessCartPole (original rules): <see cref="StatelessCartPole"/> with a 200-step horizon whose
/// observation [x, θ] gets independent Gaussian noise of σ = 0.1 (Easy), 0.2 (Medium) or 0.3 (Hard), then is clipped
/// to ±[4.8, 24°] (twice the termination thresholds), at reset and at every step.
/// </summary>
public sealed class NoisyStatelessCartPole : StatelessCartPole
{
    private const float XLimit = (float)(2 * XThreshold);
    private const float ThetaLimit = (float)(2 * ThetaThreshold);

    /// <summary>Creates the task at <paramref name="difficulty"/>, seeded by <paramref name="seed"/>.</summary>
    public NoisyStatelessCartPole(PopGymDifficulty difficulty, ulong seed)
        : base("NoisyStatelessCartPole" + difficulty, 200, seed)
    {
        NoiseSigma = difficulty switch
        {
            PopGymDifficulty.Easy => 0.1,
            PopGymDifficulty.Medium => 0.2,
            PopGymDifficulty.Hard => 0.3,
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Unknown difficulty."),
        };
    }

    /// <summary>Standard deviation of the observation noise.</summary>
    public double NoiseSigma { get; }

    /// <inheritdoc />
    protected override void WriteObservation(Span<float> observation)
    {
        base.WriteObservation(observation);
        observation[0] = Math.Clamp(observation[0] + (float)(NoiseSigma * Rng.NextGaussian()), -XLimit, XLimit);
        observation[1] = Math.Clamp(observation[1] + (float)(NoiseSigma * Rng.NextGaussian()), -ThetaLimit, ThetaLimit);
    }
}
