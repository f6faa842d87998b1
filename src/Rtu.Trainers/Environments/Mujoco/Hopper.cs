namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Gymnasium <c>Hopper-v4</c> with its defaults: frame skip 4 (dt 0.008), reward = Δqpos[0]/dt + 1 − 0.001·Σa²;
/// healthy while every entry of (qpos[2:], qvel) is in (−100, 100), z = qpos[1] &gt; 0.7 and the angle qpos[2] is in
/// (−0.2, 0.2); terminated when unhealthy; reset noise U(±0.005) on qpos and qvel; observation <c>qpos[1:]</c> (5)
/// then <c>clip(qvel, −10, 10)</c> (6).
/// </summary>
public sealed class Hopper : MujocoEnvironment
{
    /// <summary>The Hopper-v4 constants.</summary>
    public static readonly MujocoTaskRules DefaultRules = new(
        ModelFile: "hopper.xml", FrameSkip: 4, ForwardRewardWeight: 1.0, ControlCostWeight: 1e-3, HealthyReward: 1.0,
        TerminateWhenUnhealthy: true, ResetNoiseScale: 5e-3, GaussianVelocityNoise: false, ExcludedPositions: 1,
        VelocityClip: 10.0);

    /// <summary>Open healthy ranges.</summary>
    public const double HealthyStateBound = 100.0, MinHealthyZ = 0.7, HealthyAngleBound = 0.2;

    /// <summary>Creates the task seeded by <paramref name="seed"/>.</summary>
    public Hopper(ulong seed, string name = "Hopper") : base(name, DefaultRules, seed) { }

    /// <inheritdoc />
    protected override bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        // NaN fails every comparison, so a non-finite state is unhealthy.
        for (int i = 2; i < qpos.Length; i++) if (!(qpos[i] > -HealthyStateBound && qpos[i] < HealthyStateBound)) return false;
        foreach (double v in qvel) if (!(v > -HealthyStateBound && v < HealthyStateBound)) return false;
        double z = qpos[1], angle = qpos[2];
        return z > MinHealthyZ && angle > -HealthyAngleBound && angle < HealthyAngleBound;
    }
}
