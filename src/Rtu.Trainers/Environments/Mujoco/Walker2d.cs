namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Gymnasium <c>Walker2d-v4</c> with its defaults: frame skip 4 (dt 0.008), reward = Δqpos[0]/dt + 1 − 0.001·Σa²;
/// healthy while z = qpos[1] is in (0.8, 2.0) and the angle qpos[2] is in (−1, 1); terminated when unhealthy; reset
/// noise U(±0.005) on qpos and qvel; observation <c>qpos[1:]</c> (8) then <c>clip(qvel, −10, 10)</c> (9).
/// </summary>
public sealed class Walker2d : MujocoEnvironment
{
    /// <summary>The Walker2d-v4 constants.</summary>
    public static readonly MujocoTaskRules DefaultRules = new(
        ModelFile: "walker2d.xml", FrameSkip: 4, ForwardRewardWeight: 1.0, ControlCostWeight: 1e-3, HealthyReward: 1.0,
        TerminateWhenUnhealthy: true, ResetNoiseScale: 5e-3, GaussianVelocityNoise: false, ExcludedPositions: 1,
        VelocityClip: 10.0);

    /// <summary>Open healthy ranges.</summary>
    public const double MinHealthyZ = 0.8, MaxHealthyZ = 2.0, HealthyAngleBound = 1.0;

    /// <summary>Creates the task seeded by <paramref name="seed"/>.</summary>
    public Walker2d(ulong seed, string name = "Walker2d") : base(name, DefaultRules, seed) { }

    /// <inheritdoc />
    protected override bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        double z = qpos[1], angle = qpos[2];
        return z > MinHealthyZ && z < MaxHealthyZ && angle > -HealthyAngleBound && angle < HealthyAngleBound;
    }
}
