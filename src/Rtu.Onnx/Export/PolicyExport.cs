using Rtu.Trainers.Learning;

namespace Rtu.Onnx.Export;

/// <summary>
/// Exports a recurrent actor-critic policy (shared MLP → recurrent trunk → actor and critic heads) as a one-step ONNX
/// graph with explicit recurrent state. The graph takes the raw observation: the observation statistics frozen in the
/// <see cref="ActorCriticPolicy"/> standardise it inside the graph, so a served policy sees exactly what the trained
/// one saw. The trainer describes its policy (for PPO: <c>PpoPolicy.Describe(trainer)</c>).
/// </summary>
public static class PolicyExport
{
    /// <summary>The weights of <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentException">The actor or critic has no layers.</exception>
    public static RecurrentModelWeights FromPolicy(ActorCriticPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        InputNormalizationWeights? normalization =
            policy.InputMean is { } mean && policy.InputStd is { } std ? new InputNormalizationWeights(mean, std) : null;
        var heads = new ActorCriticHeadWeights(
            TrainedModelExport.FromMlp(policy.Actor) ?? throw new ArgumentException("The actor has no layers.", nameof(policy)),
            TrainedModelExport.FromMlp(policy.Critic) ?? throw new ArgumentException("The critic has no layers.", nameof(policy)),
            Continuous: policy.Continuous,
            LogStd: policy.LogStd);
        // The C# policy refuses a non-finite observation; the runner does too for this graph (OnnxNames.FiniteObservationsKey).
        return new RecurrentModelWeights(policy.ObservationSize, TrainedModelExport.FromMlp(policy.Shared),
            TrainedModelExport.FromLayer(policy.Recurrent), heads, normalization)
        {
            Metadata = new Dictionary<string, string> { [OnnxNames.FiniteObservationsKey] = "true" },
        };
    }

    /// <summary>Exports <paramref name="policy"/> to <paramref name="path"/> (written atomically).</summary>
    public static void Export(ActorCriticPolicy policy, string path) => OnnxExporter.Export(FromPolicy(policy), path);
}
