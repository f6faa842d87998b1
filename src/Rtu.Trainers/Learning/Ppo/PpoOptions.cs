using System.Text.Json;
using System.Text.Json.Nodes;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Learning.Normalization;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>
/// Hyper-parameters of <see cref="PpoTrainer{T}"/> (spec §3b). The defaults are a small, fast configuration for
/// POPGym on a laptop; <see cref="Paper"/> gives the released Ant-P configuration (one environment, 2048 steps,
/// 32 minibatches, linear RTU with n = 192).
/// </summary>
public sealed record PpoOptions
{
    /// <summary>Seed of parameter initialisation, action sampling, shuffling and (derived) the environments.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Environments stepped in parallel (streams of the recurrent layer). The paper uses 1.</summary>
    public int EnvironmentCount { get; init; } = 4;

    /// <summary>Steps collected per environment per update; the buffer holds RolloutSteps × EnvironmentCount transitions.</summary>
    public int RolloutSteps { get; init; } = 256;

    /// <summary>Passes over the buffer per update (spec: 4).</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Minibatches per pass (spec: 32). The buffer size must be a multiple of it.</summary>
    public int MinibatchCount { get; init; } = 8;

    /// <summary>Discount γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE λ.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Policy ratio clip ε.</summary>
    public double ClipCoefficient { get; init; } = 0.2;

    /// <summary>Use the clipped value loss 0.5·max((V−R)², (V_old + clip(V−V_old, ±ε) − R)²); otherwise 0.5·(V−R)².</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>Weight of the value loss in the total loss.</summary>
    public double ValueCoefficient { get; init; } = 0.5;

    /// <summary>Weight of the entropy bonus (spec: 0).</summary>
    public double EntropyCoefficient { get; init; } = 0.0;

    /// <summary>Normalise advantages per minibatch to zero mean and unit (population) std, + 1e-8.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Adam step size.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Adam ε (spec: 1e-5).</summary>
    public double AdamEpsilon { get; init; } = 1e-5;

    /// <summary>Global-norm gradient clipping threshold; 0 turns clipping off (spec: 0.5).</summary>
    public double MaxGradientNorm { get; init; } = 0.5;

    /// <summary>
    /// Reuse the carries (state and RTRL traces, or T-BPTT history) stored at rollout time in every epoch (spec:
    /// true). When false, after each epoch but the last the network re-runs the whole buffer from each stream's first
    /// stored carry with the updated parameters and refreshes every stored carry.
    /// </summary>
    public bool StaleGradients { get; init; } = true;

    /// <summary>
    /// Keep the rollout's values and advantages for all epochs (spec: true). When false, values, advantages and
    /// targets are recomputed after each epoch but the last: from the stored carries (stale gradients) or from the
    /// refreshing pass (fresh gradients).
    /// </summary>
    public bool StaleTargets { get; init; } = true;

    /// <summary>
    /// On a truncated episode end, add γ·V(final observation) to the last reward (bootstrapping). POPGym's fixed-length
    /// tasks (RepeatFirst/RepeatPrevious, the CartPole horizon) flag their natural end as truncated; the paper's JAX
    /// port treats every end as terminal, so turn this off for them (the app does) and keep it on for MuJoCo time limits.
    /// </summary>
    public bool BootstrapTruncated { get; init; } = true;

    /// <summary>Observation normalisation (spec: on; the reference's shared-scalar quirk is available).</summary>
    public ObservationNormalization ObservationNormalization { get; init; } = ObservationNormalization.PerFeature;

    /// <summary>
    /// Append one-hot(previous action) (or the previous continuous action) and the previous normalised reward to the
    /// observation, zeros after a reset (the reference's optional AliasRewardPrevAction wrapper, spec §3b).
    /// </summary>
    public bool AppendPreviousActionAndReward { get; init; }

    /// <summary>Divide rewards by the running std of the discounted return (spec: on).</summary>
    public bool NormalizeRewards { get; init; } = true;

    /// <summary>Width of the shared tanh layer before the recurrent layer (spec: 64).</summary>
    public int SharedHiddenSize { get; init; } = 64;

    /// <summary>Width of the hidden tanh layer of each head (spec: 64).</summary>
    public int HeadHiddenSize { get; init; } = 64;

    /// <summary>Initial value of the state-independent log-std of the Gaussian policy (spec: 0).</summary>
    public double InitialLogStd { get; init; } = 0.0;

    /// <summary>
    /// The recurrent trunk (spec: linear RTU, n = 192, RTRL, f = ReLU: the agent code builds the RTU without an
    /// activation argument, so the layer default applies; tanh is for the MLPs only).
    /// </summary>
    public RecurrentLayerOptions Recurrent { get; init; } = new()
    {
        Architecture = RecurrentArchitecture.LinearRtu, Units = 32, Activation = Numerics.Activation.Relu, Truncation = 16,
    };

    /// <summary>
    /// For T-BPTT trunks (GRU, memoryless): store only the recurrent state per transition and, in the update, re-run
    /// each transition's window (up to T stored observations back, within its episode and rollout) from the state
    /// stored at its start with the current parameters, then back-propagate through it. When false, the layer's whole
    /// carry (state and its last T steps of activations, T × larger) is stored and reused, stale like RTRL traces.
    /// </summary>
    public bool RerunTbpttWindows { get; init; } = true;

    /// <summary>
    /// Keep every action sent to the environments so a checkpoint can restore them exactly by replaying from the
    /// seed (environments expose no state of their own). Costs ActionLength floats per environment step.
    /// </summary>
    public bool RecordActionsForResume { get; init; } = true;

    /// <summary>Transitions per update (RolloutSteps × EnvironmentCount).</summary>
    public int BatchSize => RolloutSteps * EnvironmentCount;

    /// <summary>Transitions per minibatch.</summary>
    public int MinibatchSize => BatchSize / MinibatchCount;

    /// <summary>The released Ant-P configuration of the paper (spec §3b).</summary>
    public static PpoOptions Paper => new()
    {
        EnvironmentCount = 1, RolloutSteps = 2048, Epochs = 4, MinibatchCount = 32, LearningRate = 1e-4,
        Recurrent = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = 192, Activation = Numerics.Activation.Relu },
    };

    /// <summary>These options as the JSON that PPO checkpoints and policy models store (read back by <see cref="FromJson"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>
    /// Options stored by <see cref="ToJson"/>, now or by an earlier library: a trunk stored without the gated RTU's
    /// open-unit share or a₀ range (JSON written before <see cref="RecurrentLayerOptions.OpenUnitShare"/> or
    /// <see cref="RecurrentLayerOptions.DecayGateInitMin"/> existed) gets the values such files hold
    /// (<see cref="RecurrentLayerOptions.UnstoredOpenUnitShare"/>, 0.25, for a gated trunk), not today's defaults, so it
    /// loads and runs as it was written.
    /// </summary>
    /// <exception cref="JsonException">Not PPO options in JSON.</exception>
    public static PpoOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var options = JsonSerializer.Deserialize<PpoOptions>(json) ?? throw new JsonException("The stored PPO options are null.");
        if (JsonNode.Parse(json)?[nameof(Recurrent)] is not JsonObject stored || options.Recurrent is null) return options;
        var recurrent = options.Recurrent;
        if (!stored.ContainsKey(nameof(RecurrentLayerOptions.OpenUnitShare))) recurrent = recurrent.WithUnstoredOpenUnitShare();
        if (!stored.ContainsKey(nameof(RecurrentLayerOptions.DecayGateInitMin))) recurrent = recurrent.WithUnstoredDecayGateInit();
        return options with { Recurrent = recurrent };
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, object value, string why)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, why);
        }
        Check(EnvironmentCount > 0, nameof(EnvironmentCount), EnvironmentCount, "Must be positive.");
        Check(RolloutSteps > 0, nameof(RolloutSteps), RolloutSteps, "Must be positive.");
        Check(Epochs > 0, nameof(Epochs), Epochs, "Must be positive.");
        Check(MinibatchCount > 0 && BatchSize % MinibatchCount == 0, nameof(MinibatchCount), MinibatchCount,
            $"Must be positive and divide the batch of {BatchSize} transitions (RolloutSteps × EnvironmentCount).");
        Check(Gamma >= 0 && Gamma <= 1, nameof(Gamma), Gamma, "Must be in [0, 1].");
        Check(GaeLambda >= 0 && GaeLambda <= 1, nameof(GaeLambda), GaeLambda, "Must be in [0, 1].");
        Check(ClipCoefficient > 0, nameof(ClipCoefficient), ClipCoefficient, "Must be positive.");
        Check(ValueCoefficient >= 0, nameof(ValueCoefficient), ValueCoefficient, "Must be non-negative.");
        Check(EntropyCoefficient >= 0, nameof(EntropyCoefficient), EntropyCoefficient, "Must be non-negative.");
        Check(LearningRate > 0, nameof(LearningRate), LearningRate, "Must be positive.");
        Check(AdamEpsilon > 0, nameof(AdamEpsilon), AdamEpsilon, "Must be positive.");
        Check(MaxGradientNorm >= 0, nameof(MaxGradientNorm), MaxGradientNorm, "Must be non-negative (0 = off).");
        Check(SharedHiddenSize > 0, nameof(SharedHiddenSize), SharedHiddenSize, "Must be positive.");
        Check(HeadHiddenSize > 0, nameof(HeadHiddenSize), HeadHiddenSize, "Must be positive.");
        Check(double.IsFinite(InitialLogStd), nameof(InitialLogStd), InitialLogStd, "Must be finite.");
        ArgumentNullException.ThrowIfNull(Recurrent, nameof(Recurrent));
        Check(Recurrent.Units > 0, nameof(Recurrent), Recurrent.Units, "Recurrent.Units must be positive.");
        Recurrent.ValidateGatedRtuOptions();
    }
}
