namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Gymnasium <c>HalfCheetah-v4</c> with its defaults: frame skip 5 (dt 0.05), reward = Δqpos[0]/dt − 0.1·Σa²,
/// never terminates (1000-step truncation only), reset noise U(±0.1) on qpos and 0.1·N(0,1) on qvel, observation
/// <c>qpos[1:]</c> (8) then <c>qvel</c> (9).
/// </summary>
public sealed class HalfCheetah : MujocoEnvironment
{
    /// <summary>The HalfCheetah-v4 constants.</summary>
    public static readonly MujocoTaskRules DefaultRules = new(
        ModelFile: "half_cheetah.xml", FrameSkip: 5, ForwardRewardWeight: 1.0, ControlCostWeight: 0.1, HealthyReward: 0.0,
        TerminateWhenUnhealthy: false, ResetNoiseScale: 0.1, GaussianVelocityNoise: true, ExcludedPositions: 1,
        VelocityClip: double.PositiveInfinity);

    /// <summary>Creates the task seeded by <paramref name="seed"/>.</summary>
    public HalfCheetah(ulong seed, string name = "HalfCheetah") : base(name, DefaultRules, seed) { }

    /// <inheritdoc />
    protected override bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel) => true;
}
