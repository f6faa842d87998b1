namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>The parts of the last reward of a MuJoCo locomotion task (Gymnasium's <c>info</c> terms).</summary>
/// <param name="Forward">forward_reward_weight · x-velocity.</param>
/// <param name="Healthy">The healthy (survival) reward; 0 for tasks without one.</param>
/// <param name="Control">ctrl_cost_weight · Σ action² (subtracted from the reward).</param>
/// <param name="XVelocity">(x after − x before) / dt of the task's forward coordinate.</param>
public readonly record struct MujocoRewardTerms(double Forward, double Healthy, double Control, double XVelocity)
{
    /// <summary>The reward: <see cref="Forward"/> + <see cref="Healthy"/> − <see cref="Control"/>.</summary>
    public double Total => Forward + Healthy - Control;
}
