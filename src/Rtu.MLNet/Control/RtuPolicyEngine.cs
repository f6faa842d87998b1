namespace Rtu.MLNet;

/// <summary>One decision of a policy.</summary>
/// <param name="Action">The action: one float holding the index (discrete), or the action vector (continuous; sampled or the mean, clipped to the action box as training clips it).</param>
/// <param name="Distribution">π(·| history) for a discrete space, the Gaussian mean for a continuous one.</param>
/// <param name="Value">The critic's value estimate (in the reward-normalised units of training).</param>
public readonly record struct RtuPolicyStep(float[] Action, float[] Distribution, float Value)
{
    /// <summary>The discrete action index (Action[0]).</summary>
    public int Index => (int)Action[0];
}

/// <summary>Counters of one key of an <see cref="RtuPolicyEngine"/>.</summary>
/// <param name="Steps">Act calls.</param>
/// <param name="Updates">PPO updates applied (learning only).</param>
/// <param name="SkippedSteps">Minibatch steps skipped because their loss or gradient was not finite.</param>
/// <param name="RolledBack">Updates undone because they left a non-finite weight.</param>
public readonly record struct RtuPolicyStreamStats(long Steps, long Updates, long SkippedSteps, long RolledBack);

/// <summary>
/// A thread-safe engine that serves a trained policy to many independent agents (devices) keyed by an id: each key
/// carries its own recurrent state between calls. <see cref="Act(string, ReadOnlySpan{float}, bool)"/> takes the key's observation and returns its
/// action; <see cref="Reward"/> reports the reward that action earned and whether the episode ended. Calls for one key
/// are serialised, calls for different keys run concurrently.
/// <para>With learning off (the default) the policy is frozen and acts deterministically (unless the options sample):
/// it gives exactly the transformer's and the ONNX graph's outputs. With learning on each key fine-tunes its own copy
/// of the weights by PPO from its own rollouts (<see cref="RtuOnlinePolicyLearning"/>): actions are then sampled, and
/// each Act must be followed by that step's Reward.</para>
/// Checkpoints capture every key's carry, generator and, when learning, weights, Adam moments, reward statistics and
/// partial rollout, so a restarted service continues bit for bit.
/// </summary>
public sealed class RtuPolicyEngine
{
    /// <summary>Version of the checkpoint format.</summary>
    public const int CheckpointVersion = 1;

    private readonly KeyedStreams<PolicyStream> _streams;
    private readonly PolicyModel _model;
    private readonly ulong _seed;

    internal RtuPolicyEngine(PolicyModel model, bool learn)
    {
        _model = model;
        Learn = learn;
        _seed = model.Options.SamplingSeed;
        var prototype = new PolicyStream(model, learn, _seed);
        _streams = new KeyedStreams<PolicyStream>(prototype, learn ? "rtu.policy-learning" : "rtu.policy", s => s.Clone(), (s, w) => s.Save(w),
            r => PolicyStream.Load(model, learn, r), _ => [(0, PolicyStream.HeaderLength)], keyedFormat: 1);
    }

    /// <summary>Whether each key fine-tunes its policy from its rewards.</summary>
    public bool Learn { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize => _model.ObservationSize;

    /// <summary>True for a discrete action space.</summary>
    public bool IsDiscrete => _model.IsDiscrete;

    /// <summary>Floats per action (1 for discrete).</summary>
    public int ActionLength => _model.ActionLength;

    /// <summary>Length of <see cref="RtuPolicyStep.Distribution"/>.</summary>
    public int DistributionLength => _model.ActionDim;

    /// <summary>The keys seen so far.</summary>
    public IReadOnlyCollection<string> StreamIds => _streams.Keys;

    /// <summary>
    /// The action of key <paramref name="streamId"/> for its raw observation; <paramref name="episodeStart"/> restarts its
    /// recurrent state (a Reward with done = true does too).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong observation length, or a NaN/∞ element.</exception>
    /// <exception cref="InvalidOperationException">Learning, and the key's previous action has no Reward yet.</exception>
    public RtuPolicyStep Act(string streamId, ReadOnlySpan<float> observation, bool episodeStart = false)
    {
        var step = new RtuPolicyStep(new float[ActionLength], new float[DistributionLength], 0);
        float value = Act(streamId, observation, step.Action, step.Distribution, episodeStart);
        return step with { Value = value };
    }

    /// <summary>The allocation-free form of <see cref="Act(string, ReadOnlySpan{float}, bool)"/> (for a key that exists): writes the action and distribution, returns the value.</summary>
    public float Act(string streamId, ReadOnlySpan<float> observation, Span<float> action, Span<float> distribution, bool episodeStart = false)
    {
        if (observation.Length != ObservationSize) throw new ArgumentException($"Expected an observation of {ObservationSize} floats, got {observation.Length}.", nameof(observation));
        if (action.Length != ActionLength) throw new ArgumentException($"The action buffer must hold {ActionLength} floats, got {action.Length}.", nameof(action));
        if (distribution.Length != DistributionLength) throw new ArgumentException($"The distribution buffer must hold {DistributionLength} floats, got {distribution.Length}.", nameof(distribution));
        return _streams.With(streamId, new ActCall(streamId, observation, action, distribution, episodeStart, _seed), static (s, call) =>
        {
            if (s.Steps == 0) s.Reseed(PolicyStream.SeedFor(call.Key, call.Seed));
            s.Act(call.Observation, call.EpisodeStart, call.Action, call.Distribution, out float v);
            return v;
        });
    }

    // The arguments of one Act, passed by value into the key's lock without a closure (the spans cannot be captured).
    private readonly ref struct ActCall(string key, ReadOnlySpan<float> observation, Span<float> action, Span<float> distribution, bool episodeStart, ulong seed)
    {
        public string Key { get; } = key;
        public ReadOnlySpan<float> Observation { get; } = observation;
        public Span<float> Action { get; } = action;
        public Span<float> Distribution { get; } = distribution;
        public bool EpisodeStart { get; } = episodeStart;
        public ulong Seed { get; } = seed;
    }

    /// <summary>The reward the key's last action earned and whether its episode ended (the next Act starts a new one).</summary>
    /// <exception cref="ArgumentException">A NaN/∞ reward.</exception>
    /// <exception cref="InvalidOperationException">Learning, and the key has no action awaiting a reward.</exception>
    /// <exception cref="KeyNotFoundException">The key has never acted.</exception>
    public void Reward(string streamId, double reward, bool done = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (!_streams.Contains(streamId))
            throw new KeyNotFoundException($"Stream '{streamId}' has not acted yet: call Act before Reward.");
        _streams.With(streamId, (reward, done), static (s, r) => { s.Reward(r.reward, r.done); return 0; });
    }

    /// <summary>The counters of a key (zeros for an unknown key).</summary>
    public RtuPolicyStreamStats GetStats(string streamId)
    {
        RtuPolicyStreamStats stats = default;
        _streams.TryWith(streamId, s => stats = new RtuPolicyStreamStats(s.Steps, s.Updates, s.SkippedSteps, s.RolledBack));
        return stats;
    }

    /// <summary>Forgets a key; its next Act starts again from the trained policy.</summary>
    public bool RemoveStream(string streamId) => _streams.Remove(streamId);

    /// <summary>Writes every key that exists at one instant (format version, model fingerprint, SHA-256).</summary>
    public void Checkpoint(Stream destination) => _streams.Checkpoint(destination, CheckpointVersion);

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically: a crash never destroys the previous checkpoint.</summary>
    public void Checkpoint(string path) => Rtu.Trainers.IO.AtomicFile.Write(path, Checkpoint);

    /// <summary>Replaces every key with a checkpoint's; a failed restore leaves the engine unchanged.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, of a newer format, of another policy or learning setting.</exception>
    public void Restore(Stream source) => _streams.Restore(source, CheckpointVersion);

    /// <summary>Restores from a file written by <see cref="Checkpoint(string)"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Restore(Stream)"/>; the message names the file.</exception>
    public void Restore(string path) => StreamFiles.Restore(path, Restore);
}
