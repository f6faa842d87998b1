using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;

namespace Rtu.Trainers.Learning;

/// <summary>
/// What a recurrent actor-critic policy is made of, for export: observation standardisation → shared MLP → recurrent
/// layer → actor and critic heads. Produced by the trainer that owns the agent (e.g.
/// <see cref="Ppo.PpoPolicy.Describe(Ppo.PpoTrainer{float})"/>), so an exporter needs no knowledge of the trainer.
/// The layers are the live ones: export (which copies their values) before training on.
/// </summary>
/// <param name="ObservationSize">Width of the policy input row.</param>
/// <param name="Shared">The MLP from the input to the recurrent layer.</param>
/// <param name="Recurrent">The recurrent trunk.</param>
/// <param name="Actor">The actor head: logits, or the Gaussian mean when <paramref name="Continuous"/>.</param>
/// <param name="Critic">The critic head (one value).</param>
/// <param name="Continuous">Continuous actions with the state-independent <paramref name="LogStd"/>.</param>
/// <param name="LogStd">log σ per action dimension (continuous only).</param>
/// <param name="InputMean">Frozen mean of the input standardisation (null: none).</param>
/// <param name="InputStd">Frozen standard deviation of the input standardisation (null: none).</param>
public sealed record ActorCriticPolicy(int ObservationSize, Mlp<float> Shared, IRecurrentLayer<float> Recurrent,
    Mlp<float> Actor, Mlp<float> Critic, bool Continuous, float[]? LogStd, float[]? InputMean, float[]? InputStd);
