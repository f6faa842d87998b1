namespace Rtu.Onnx;

/// <summary>The heads on top of the cell.</summary>
public abstract record HeadWeights
{
    /// <summary>Head kind tag written into the ONNX metadata.</summary>
    public abstract string Kind { get; }
}

/// <summary>
/// Prediction head: dense layers → output <c>prediction [N,k]</c>. With <see cref="OutputScale"/> and
/// <see cref="OutputOffset"/> ([k] each, both or neither) the output is mapped back to the label's units:
/// prediction = head(features) ⊙ scale + offset (for a model trained on standardised labels).
/// </summary>
public sealed record PredictionHeadWeights(MlpWeights Layers, float[]? OutputScale = null, float[]? OutputOffset = null) : HeadWeights
{
    /// <inheritdoc />
    public override string Kind => "prediction";
}

/// <summary>
/// Actor-critic heads. Discrete: actor → <c>logits [N,A]</c>. Continuous: actor → <c>mean [N,A]</c>
/// plus the state-independent <see cref="LogStd"/> [A] exported as <c>log_std [N,A]</c> (broadcast).
/// Critic → <c>value [N,1]</c>.
/// </summary>
public sealed record ActorCriticHeadWeights(MlpWeights Actor, MlpWeights Critic, bool Continuous, float[]? LogStd = null) : HeadWeights
{
    /// <inheritdoc />
    public override string Kind => Continuous ? "actor_critic_continuous" : "actor_critic_discrete";
}
