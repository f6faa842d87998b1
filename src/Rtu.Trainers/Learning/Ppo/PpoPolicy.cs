using Rtu.Trainers.Learning.Normalization;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>Describes a PPO agent as an <see cref="ActorCriticPolicy"/> for export.</summary>
public static class PpoPolicy
{
    // The normaliser's ε (Gymnasium's NormalizeObservation): std = √(σ² + 1e-8).
    private const double Epsilon = 1e-8;

    /// <summary>
    /// The trainer's agent and observation statistics. With <see cref="PpoOptions.AppendPreviousActionAndReward"/> the
    /// policy input is the agent's full input row: the raw observation, then one-hot(previous action) (or the previous
    /// continuous action), then the previous normalised reward; only the raw part is standardised.
    /// </summary>
    public static ActorCriticPolicy Describe(PpoTrainer<float> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return Describe(trainer.Agent, trainer.ObservationNormalizer, trainer.EnvironmentObservationSize);
    }

    /// <summary>
    /// <paramref name="agent"/>; when <paramref name="normalizer"/> is given, its statistics standardise the first
    /// <paramref name="normalizedFeatures"/> inputs (default: all of them).
    /// </summary>
    /// <exception cref="ArgumentException">The normaliser does not cover exactly the inputs to normalise.</exception>
    public static ActorCriticPolicy Describe(ActorCritic<float> agent, ObservationNormalizer? normalizer = null, int? normalizedFeatures = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        int width = agent.ObservationSize;
        float[]? mean = null, std = null;
        if (normalizer?.Statistics is { } stats)
        {
            int k = normalizedFeatures ?? width;
            if (k != normalizer.Size || k > width)
                throw new ArgumentException($"The normaliser covers {normalizer.Size} features, but {k} of the agent's {width} inputs are to be normalised.", nameof(normalizer));
            mean = new float[width];
            std = new float[width];
            Array.Fill(std, 1f);
            for (int i = 0; i < k; i++)
            {
                int j = stats.Size == 1 ? 0 : i; // SharedScalar: one statistic for every feature
                mean[i] = (float)stats.Mean[j];
                std[i] = (float)Math.Sqrt(stats.Variance[j] + Epsilon);
            }
        }
        return new ActorCriticPolicy(width, agent.Shared, agent.Recurrent, agent.Actor, agent.Critic, Continuous: !agent.IsDiscrete,
            LogStd: agent.IsDiscrete ? null : agent.LogStd.Values.ToArray(), mean, std);
    }
}
