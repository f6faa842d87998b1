namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// The constants of one Gymnasium v4 locomotion task: model file, frame skip, reward weights, reset noise and the
/// observation layout (<c>qpos[ExcludedPositions..]</c> then <c>qvel</c>, optionally clipped).
/// </summary>
/// <param name="ModelFile">The model file under <see cref="MujocoAssets.Folder"/>.</param>
/// <param name="FrameSkip">MuJoCo steps per environment step (dt = timestep · FrameSkip).</param>
/// <param name="ForwardRewardWeight">Weight of the x-velocity reward.</param>
/// <param name="ControlCostWeight">Weight of Σ action².</param>
/// <param name="HealthyReward">Reward per step while healthy (0 for tasks that never terminate).</param>
/// <param name="TerminateWhenUnhealthy">End the episode (terminated) when the state leaves the healthy set.</param>
/// <param name="ResetNoiseScale">Scale of the reset noise added to qpos and qvel.</param>
/// <param name="GaussianVelocityNoise">
/// True: qvel noise is scale · N(0, 1) (Ant, HalfCheetah); false: qvel noise is U(−scale, scale) (Hopper, Walker2d).
/// qpos noise is always U(−scale, scale).
/// </param>
/// <param name="ExcludedPositions">Leading qpos entries left out of the observation (the x, or x and y, of the root).</param>
/// <param name="VelocityClip">Observed qvel is clipped to ±this (∞ for no clipping).</param>
/// <param name="MaxEpisodeSteps">The time limit (truncation), 1000 for every v4 locomotion task.</param>
public sealed record MujocoTaskRules(
    string ModelFile,
    int FrameSkip,
    double ForwardRewardWeight,
    double ControlCostWeight,
    double HealthyReward,
    bool TerminateWhenUnhealthy,
    double ResetNoiseScale,
    bool GaussianVelocityNoise,
    int ExcludedPositions,
    double VelocityClip,
    int MaxEpisodeSteps = 1000);
