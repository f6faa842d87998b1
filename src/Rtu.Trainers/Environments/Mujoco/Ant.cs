namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Gymnasium <c>Ant-v4</c> with its defaults: frame skip 5 (dt 0.05), reward = Δx(torso)/dt + 1 − 0.5·Σa²,
/// contact forces off (no contact cost, 27 observations), healthy while the state is finite and the torso z is in
/// [0.2, 1.0], reset noise U(±0.1) on qpos and 0.1·N(0,1) on qvel, observation <c>qpos[2:]</c> (13) then <c>qvel</c> (14).
/// </summary>
public sealed class Ant : MujocoEnvironment
{
    /// <summary>The Ant-v4 constants.</summary>
    public static readonly MujocoTaskRules DefaultRules = new(
        ModelFile: "ant.xml", FrameSkip: 5, ForwardRewardWeight: 1.0, ControlCostWeight: 0.5, HealthyReward: 1.0,
        TerminateWhenUnhealthy: true, ResetNoiseScale: 0.1, GaussianVelocityNoise: true, ExcludedPositions: 2,
        VelocityClip: double.PositiveInfinity);

    /// <summary>Healthy torso heights, both ends included.</summary>
    public const double MinHealthyZ = 0.2, MaxHealthyZ = 1.0;

    private readonly int _torso;

    /// <summary>Creates the task seeded by <paramref name="seed"/>.</summary>
    public Ant(ulong seed, string name = "Ant") : base(name, DefaultRules, seed) => _torso = BodyId("torso");

    /// <summary>The torso body's world x (Gymnasium's <c>get_body_com("torso")[0]</c>, i.e. <c>xpos</c>).</summary>
    protected override double ForwardPosition() => BodyX(_torso);

    /// <inheritdoc />
    protected override bool IsHealthy(ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        foreach (double q in qpos) if (!double.IsFinite(q)) return false;
        foreach (double v in qvel) if (!double.IsFinite(v)) return false;
        return qpos[2] >= MinHealthyZ && qpos[2] <= MaxHealthyZ;
    }
}
