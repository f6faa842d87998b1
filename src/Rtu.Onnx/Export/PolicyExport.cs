using Rtu.Trainers.Learning.Normalization;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Onnx.Export;

/// <summary>
/// Exports a PPO agent (shared MLP → recurrent trunk → actor and critic heads) as a one-step ONNX policy with
/// explicit recurrent state. The graph takes the raw observation: the observation normaliser's running statistics
/// are frozen into it, so a served policy sees exactly what the trained one saw.
/// </summary>
public static class PolicyExport
{
    // The normaliser's ε (Gymnasium's NormalizeObservation): std = √(σ² + 1e-8).
    private const double Epsilon = 1e-8;

    /// <summary>
    /// The weights of the trainer's agent and observation statistics. With
    /// <see cref="PpoOptions.AppendPreviousActionAndReward"/> the <c>obs</c> input is the agent's full input row:
    /// the raw observation, then one-hot(previous action) (or the previous continuous action), then the previous
    /// normalised reward; only the raw part is standardised.
    /// </summary>
    public static RecurrentModelWeights FromTrainer(PpoTrainer<float> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return FromAgent(trainer.Agent, trainer.ObservationNormalizer, trainer.EnvironmentObservationSize);
    }

    /// <summary>Exports the trainer's policy to <paramref name="path"/> (written atomically).</summary>
    public static void Export(PpoTrainer<float> trainer, string path) => OnnxExporter.Export(FromTrainer(trainer), path);

    /// <summary>
    /// The weights of <paramref name="agent"/>; when <paramref name="normalizer"/> is given, its statistics standardise
    /// the first <paramref name="normalizedFeatures"/> inputs (default: all of them).
    /// </summary>
    public static RecurrentModelWeights FromAgent(ActorCritic<float> agent, ObservationNormalizer? normalizer = null, int? normalizedFeatures = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        int width = agent.ObservationSize;
        InputNormalizationWeights? normalization = null;
        if (normalizer?.Statistics is { } stats)
        {
            int k = normalizedFeatures ?? width;
            if (k != normalizer.Size || k > width)
                throw new ArgumentException($"The normaliser covers {normalizer.Size} features, but {k} of the agent's {width} inputs are to be normalised.", nameof(normalizer));
            var mean = new float[width];
            var std = new float[width];
            Array.Fill(std, 1f);
            for (int i = 0; i < k; i++)
            {
                int j = stats.Size == 1 ? 0 : i; // SharedScalar: one statistic for every feature
                mean[i] = (float)stats.Mean[j];
                std[i] = (float)Math.Sqrt(stats.Variance[j] + Epsilon);
            }
            normalization = new InputNormalizationWeights(mean, std);
        }
        var heads = new ActorCriticHeadWeights(
            TrainedModelExport.FromMlp(agent.Actor) ?? throw new ArgumentException("The actor has no layers.", nameof(agent)),
            TrainedModelExport.FromMlp(agent.Critic) ?? throw new ArgumentException("The critic has no layers.", nameof(agent)),
            Continuous: !agent.IsDiscrete,
            LogStd: agent.IsDiscrete ? null : agent.LogStd.Values.ToArray());
        return new RecurrentModelWeights(width, TrainedModelExport.FromMlp(agent.Shared), TrainedModelExport.FromLayer(agent.Recurrent), heads, normalization);
    }
}
