using System.Globalization;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>
/// A PPO update's loss or gradient became non-finite (<see cref="PpoTrainer{T}.Iterate"/>): too large a learning rate,
/// or rewards so large that the value loss overflows. Training stops at that minibatch, before any step is taken from
/// it; the message names the update, the learning rate and the largest reward of the rollout.
/// </summary>
public sealed class PpoDivergenceException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PpoDivergenceException(long update, long environmentStep, string what, double learningRate, bool normalizeRewards, double largestReward)
        : base(Describe(update, environmentStep, what, learningRate, normalizeRewards, largestReward))
    {
        Update = update; EnvironmentStep = environmentStep; LearningRate = learningRate; LargestReward = largestReward;
    }

    /// <summary>The update that diverged (1 = the first).</summary>
    public long Update { get; }

    /// <summary>Environment steps taken before it (all environments).</summary>
    public long EnvironmentStep { get; }

    /// <summary>The learning rate it ran with (<see cref="PpoOptions.LearningRate"/>).</summary>
    public double LearningRate { get; }

    /// <summary>The largest |reward| the environments returned in that update's rollout, before normalisation.</summary>
    public double LargestReward { get; }

    private static string Describe(long update, long step, string what, double learningRate, bool normalizeRewards, double largestReward)
    {
        var c = CultureInfo.InvariantCulture;
        string rewards = normalizeRewards
            ? $"or scale the rewards down (the largest |reward| of this rollout was {largestReward.ToString("G3", c)})"
            : $"or set NormalizeRewards = true or scale the rewards down (the largest |reward| of this rollout was {largestReward.ToString("G3", c)})";
        return $"PPO diverged at update {update.ToString(c)} (after {step.ToString(c)} environment steps): {what} became non-finite, " +
               $"so training stopped before taking a step from it. Lower LearningRate (now {learningRate.ToString(c)}; " +
               $"default {new PpoOptions().LearningRate.ToString(c)}), {rewards}.";
    }
}
