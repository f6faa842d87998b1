using Rtu.Trainers.Learning.Ppo;

namespace Rtu.MLNet;

/// <summary>
/// Options of <see cref="RtuControlCatalog.TrainPpo"/>: how long PPO trains (<see cref="Iterations"/> updates of
/// <see cref="Ppo"/>), the columns the resulting <see cref="RtuPolicyTransformer"/> reads and writes, and how a deployed
/// policy keeps learning (<see cref="OnlineLearning"/>). Copied when training starts: changing it afterwards has no effect.
/// </summary>
public sealed class RtuPolicyOptions
{
    /// <summary>PPO updates (each one rollout of Ppo.RolloutSteps × Ppo.EnvironmentCount steps, then Ppo.Epochs passes). Default 50.</summary>
    public int Iterations { get; set; } = 50;

    /// <summary>
    /// The PPO hyper-parameters and the network (see <see cref="PpoOptions"/>; immutable record). Default: PpoOptions'
    /// defaults (4 environments × 256 steps, linear RTU of 32 units, RTRL).
    /// <see cref="PpoOptions.AppendPreviousActionAndReward"/> is not supported by the policy transformer. A gated-RTU
    /// trunk's share of open units is <c>Ppo.Recurrent.OpenUnitShare</c> and its a₀ range <c>Ppo.Recurrent.DecayGateInitMin</c>
    /// / <c>Max</c>; the model file keeps them, so a loaded policy has the same cell (a file written before they were
    /// stored loads with share 0.25 and a₀ in [0.02, 0.5], the defaults then; <see cref="PpoOptions.FromJson"/>).
    /// </summary>
    public PpoOptions Ppo { get; set; } = new();

    /// <summary>Input: the raw environment observation, a known-size vector of Single (a Single when it has one element). Default "Observation".</summary>
    public string ObservationColumnName { get; set; } = "Observation";

    /// <summary>Optional Boolean input: true on the first row of an episode (the key's recurrent state restarts). Default null: one episode per key.</summary>
    public string? EpisodeStartColumnName { get; set; }

    /// <summary>
    /// Optional input naming the series (device, agent) a row belongs to: text or any integer/float type. Each key
    /// carries its own recurrent state from row to row; rows of different keys may interleave. Default null: one series.
    /// </summary>
    public string? KeyColumnName { get; set; }

    /// <summary>
    /// Output: the action, a UInt32 index for discrete action spaces, a vector of Single for continuous ones (the mean,
    /// or a sample, clipped to the action box as training clips the actions it sends). Default "Action".
    /// </summary>
    public string ActionColumnName { get; set; } = "Action";

    /// <summary>Output for discrete action spaces: π(a | history), a vector of Single summing to 1. Default "Probabilities".</summary>
    public string ProbabilitiesColumnName { get; set; } = "Probabilities";

    /// <summary>Output for continuous action spaces: the Gaussian policy's mean (before clipping to the box). Default "Mean".</summary>
    public string MeanColumnName { get; set; } = "Mean";

    /// <summary>Output: the critic's value estimate V(history), a Single, in training's reward-normalised units (rewards divided by the running return's standard deviation when <c>Ppo.NormalizeRewards</c>). Default "Value".</summary>
    public string ValueColumnName { get; set; } = "Value";

    /// <summary>
    /// Sample the action from π (seeded by <see cref="SamplingSeed"/>) instead of taking the most probable action (or
    /// the mean). Default false: Transform and the engine act deterministically. An engine that learns always samples.
    /// </summary>
    public bool SampleActions { get; set; }

    /// <summary>Seed of action sampling (per key, mixed with the key). Default 1.</summary>
    public ulong SamplingSeed { get; set; } = 1;

    /// <summary>How a streaming engine created with learning on fine-tunes each key (off by default: see <see cref="RtuPolicyTransformer.CreateStreamingEngine"/>).</summary>
    public RtuOnlinePolicyLearning OnlineLearning { get; set; } = new();

    /// <summary>Wrap every environment in <see cref="Rtu.Trainers.Environments.ValidatingEnvironment"/> during training. Default true.</summary>
    public bool ValidateEnvironment { get; set; } = true;

    internal RtuPolicyOptions Clone()
    {
        var o = (RtuPolicyOptions)MemberwiseClone();
        o.OnlineLearning = OnlineLearning with { };
        return o;
    }

    internal void Validate()
    {
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be ≥ 1.");
        ArgumentNullException.ThrowIfNull(Ppo, nameof(Ppo));
        Ppo.Validate();
        if (Ppo.AppendPreviousActionAndReward)
            throw new ArgumentException("Ppo.AppendPreviousActionAndReward is not supported by the policy transformer (its input is the observation column alone).", nameof(Ppo));
        CheckName(ObservationColumnName, nameof(ObservationColumnName));
        CheckName(ActionColumnName, nameof(ActionColumnName));
        CheckName(ProbabilitiesColumnName, nameof(ProbabilitiesColumnName));
        CheckName(MeanColumnName, nameof(MeanColumnName));
        CheckName(ValueColumnName, nameof(ValueColumnName));
        if (EpisodeStartColumnName is not null) CheckName(EpisodeStartColumnName, nameof(EpisodeStartColumnName));
        if (KeyColumnName is not null) CheckName(KeyColumnName, nameof(KeyColumnName));
        var outputs = new[] { ActionColumnName, ProbabilitiesColumnName, ValueColumnName };
        if (outputs.Distinct(StringComparer.Ordinal).Count() != 3 || ActionColumnName == MeanColumnName || ValueColumnName == MeanColumnName)
            throw new ArgumentException("The output columns (Action, Probabilities/Mean, Value) must have distinct names.");
        ArgumentNullException.ThrowIfNull(OnlineLearning, nameof(OnlineLearning));
        OnlineLearning.Validate();
    }

    private static void CheckName(string? name, string option)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{option} must be a column name.", option);
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(Iterations); w.Write(Ppo.ToJson());
        w.Write(ObservationColumnName); w.Write(EpisodeStartColumnName ?? ""); w.Write(KeyColumnName ?? "");
        w.Write(ActionColumnName); w.Write(ProbabilitiesColumnName); w.Write(MeanColumnName); w.Write(ValueColumnName);
        w.Write(SampleActions); w.Write(SamplingSeed); w.Write(ValidateEnvironment);
        OnlineLearning.Write(w);
    }

    internal static RtuPolicyOptions Read(BinaryReader r)
    {
        var o = new RtuPolicyOptions { Iterations = r.ReadInt32() };
        string json = ReadBounded(r, 64 * 1024);
        try { o.Ppo = PpoOptions.FromJson(json); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"The stored PPO options are corrupt: {e.Message}", e); }
        o.ObservationColumnName = ReadBounded(r, 1024);
        string episode = ReadBounded(r, 1024), key = ReadBounded(r, 1024);
        o.EpisodeStartColumnName = episode.Length == 0 ? null : episode; o.KeyColumnName = key.Length == 0 ? null : key;
        o.ActionColumnName = ReadBounded(r, 1024); o.ProbabilitiesColumnName = ReadBounded(r, 1024); o.MeanColumnName = ReadBounded(r, 1024); o.ValueColumnName = ReadBounded(r, 1024);
        o.SampleActions = r.ReadBoolean(); o.SamplingSeed = r.ReadUInt64(); o.ValidateEnvironment = r.ReadBoolean();
        o.OnlineLearning = RtuOnlinePolicyLearning.Read(r);
        try { o.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"The stored policy options are invalid: {e.Message}", e); }
        return o;
    }

    // BinaryWriter's 7-bit length prefix, checked against a bound and the bytes left before anything is allocated.
    internal static string ReadBounded(BinaryReader r, int maxBytes)
    {
        long start = r.BaseStream.Position;
        int length = r.Read7BitEncodedInt();
        if (length < 0 || length > maxBytes || length > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException($"A stored string's length ({length}) is corrupt.");
        r.BaseStream.Position = start;
        return r.ReadString();
    }
}

/// <summary>
/// Per-key online fine-tuning of a deployed policy (<see cref="RtuPolicyEngine"/> with learning on): each key collects
/// its own rollout of <see cref="RolloutSteps"/> steps (its recurrent carry and RTRL traces stored before each step),
/// then runs PPO on it exactly as training does (GAE, clipped surrogate, stale stored carries reused for every epoch,
/// global-norm clipping, Adam) and continues with the updated weights. An update whose loss or gradient is not finite
/// is skipped, and one that leaves any weight non-finite (or whose weights later overflow the activations) is rolled
/// back: the policy never becomes NaN. Observation statistics stay frozen at their training values; rewards are
/// normalised per key starting from training's reward statistics; an episode end (done) is treated as terminal (no
/// bootstrap). T-BPTT trunks (GRU, memoryless) store their whole carry (state and last T activations) per step.
/// </summary>
public sealed record RtuOnlinePolicyLearning
{
    /// <summary>Steps per key between updates. Default 64.</summary>
    public int RolloutSteps { get; init; } = 64;

    /// <summary>Passes over the rollout per update. Default 4.</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Minibatches per pass; must divide <see cref="RolloutSteps"/>. Default 4.</summary>
    public int MinibatchCount { get; init; } = 4;

    /// <summary>Adam step size (usually smaller than in training). Default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Discount γ and GAE λ; null: those of training.</summary>
    public double? Gamma { get; init; }

    /// <summary>GAE λ; null: that of training.</summary>
    public double? GaeLambda { get; init; }

    internal void Validate()
    {
        if (RolloutSteps < 2) throw new ArgumentOutOfRangeException(nameof(RolloutSteps), RolloutSteps, "OnlineLearning.RolloutSteps must be ≥ 2.");
        if (RolloutSteps > 1 << 16) throw new ArgumentOutOfRangeException(nameof(RolloutSteps), RolloutSteps, "OnlineLearning.RolloutSteps must be at most 65,536 (each key stores its rollout).");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "OnlineLearning.Epochs must be ≥ 1.");
        if (MinibatchCount < 1 || RolloutSteps % MinibatchCount != 0)
            throw new ArgumentOutOfRangeException(nameof(MinibatchCount), MinibatchCount, $"OnlineLearning.MinibatchCount must be positive and divide RolloutSteps ({RolloutSteps}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "OnlineLearning.LearningRate must be positive and finite.");
        if (Gamma is { } g && !(g >= 0 && g <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), g, "OnlineLearning.Gamma must be in [0, 1].");
        if (GaeLambda is { } l && !(l >= 0 && l <= 1)) throw new ArgumentOutOfRangeException(nameof(GaeLambda), l, "OnlineLearning.GaeLambda must be in [0, 1].");
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(RolloutSteps); w.Write(Epochs); w.Write(MinibatchCount); w.Write(LearningRate);
        w.Write(Gamma ?? double.NaN); w.Write(GaeLambda ?? double.NaN);
    }

    internal static RtuOnlinePolicyLearning Read(BinaryReader r)
    {
        var o = new RtuOnlinePolicyLearning { RolloutSteps = r.ReadInt32(), Epochs = r.ReadInt32(), MinibatchCount = r.ReadInt32(), LearningRate = r.ReadDouble() };
        double g = r.ReadDouble(), l = r.ReadDouble();
        return o with { Gamma = double.IsNaN(g) ? null : g, GaeLambda = double.IsNaN(l) ? null : l };
    }

    /// <summary>The PPO options of one per-key update: training's loss settings with this rollout, minibatching and step size.</summary>
    internal PpoOptions ToPpo(PpoOptions training) => training with
    {
        EnvironmentCount = 1, RolloutSteps = RolloutSteps, Epochs = Epochs, MinibatchCount = MinibatchCount, LearningRate = LearningRate,
        Gamma = Gamma ?? training.Gamma, GaeLambda = GaeLambda ?? training.GaeLambda, StaleGradients = true, StaleTargets = true,
    };
}
