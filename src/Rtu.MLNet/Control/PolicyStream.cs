using Rtu.Trainers.Cells;
using Rtu.Trainers.Learning.Normalization;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

namespace Rtu.MLNet;

/// <summary>
/// One key's policy: its own copy of the weights, its recurrent carry (state and RTRL traces) and sampling generator;
/// with learning on, also its rollout, Adam moments and reward normaliser, and it runs PPO on its own rollout
/// (the <c>Learning/Ppo</c> pieces: <see cref="RolloutBuffer{T}"/>, <see cref="Gae"/>, <see cref="PpoLoss"/>,
/// <see cref="PolicyDistribution"/>, <see cref="ParameterGroup"/> clipping and <see cref="Adam{T}"/>), one environment stream.
/// Not thread-safe: the engine locks each key.
/// </summary>
internal sealed class PolicyStream
{
    private const string Magic = "rtu.policy-stream";
    private readonly PolicyModel _model;
    private readonly ActorCritic<float> _agent;
    private readonly IRecurrentLayer<float> _layer;
    private readonly Rng _rng;
    private readonly bool _sample;
    private readonly float[] _obs, _out, _value, _carry, _scratchCarry;
    private byte[] _lastGood = [];
    // Learning only.
    private readonly PpoOptions? _ppo;
    private readonly RolloutBuffer<float>? _buffer;
    private readonly Adam<float>? _adam;
    private readonly RewardNormalizer? _rewards;
    private readonly int _m;
    private readonly float[] _mbObs = [], _mbActions = [], _mbPolicy = [], _mbValues = [], _dPolicy = [], _dValues = [];
    private readonly double[] _mbLogProbs = [], _mbAdvantages = [], _mbReturns = [], _mbOldValues = [], _nextValue = new double[1], _reward = new double[1];
    private readonly bool[] _nextStart = new bool[1], _done = new bool[1];
    private readonly int[] _indices = [];
    private bool _episodeStart = true, _awaitingReward;
    private int _t;

    public PolicyStream(PolicyModel model, bool learn, ulong seed)
    {
        _model = model;
        Learns = learn;
        _sample = learn || model.Options.SampleActions;
        _rng = new Rng(seed);
        int d = model.ObservationSize, a = model.ActionDim;
        _obs = new float[d]; _out = new float[a]; _value = new float[1];
        if (!learn)
        {
            _agent = model.CreateAgent(1);
            _layer = _agent.Recurrent;
            _carry = new float[_layer.CarrySize];
            _scratchCarry = new float[_layer.CarrySize];
            return;
        }
        _ppo = model.Options.OnlineLearning.ToPpo(model.Options.Ppo);
        _m = _ppo.MinibatchSize;
        _agent = model.CreateAgent(_m);
        _layer = _agent.CreateRecurrentLayer(1);
        _carry = new float[_layer.CarrySize];
        _scratchCarry = new float[_layer.CarrySize];
        _buffer = new RolloutBuffer<float>(_ppo.RolloutSteps, 1, d, model.ActionLength, _layer.CarrySize);
        _adam = new Adam<float>(_agent.Parameters, _ppo.LearningRate, epsilon: _ppo.AdamEpsilon);
        _rewards = new RewardNormalizer(1, _ppo.Gamma);
        using (var ms = new MemoryStream())
        {
            using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                // The trained reward statistics, as RunningMeanStd writes them, then one running return of 0.
                w.Write(1); w.Write(model.RewardStatistics.Count); w.Write(model.RewardStatistics.Mean); w.Write(model.RewardStatistics.Variance);
                w.Write(1); w.Write(0.0);
            }
            ms.Position = 0;
            using var r = new BinaryReader(ms);
            _rewards.Read(r);
        }
        _mbObs = new float[_m * d]; _mbActions = new float[_m * model.ActionLength]; _mbPolicy = new float[_m * a]; _mbValues = new float[_m];
        _dPolicy = new float[_m * a]; _dValues = new float[_m];
        _mbLogProbs = new double[_m]; _mbAdvantages = new double[_m]; _mbReturns = new double[_m]; _mbOldValues = new double[_m];
        _indices = new int[_buffer.Count];
        _lastGood = Snapshot();
    }

    public bool Learns { get; }

    /// <summary>PPO updates applied.</summary>
    public long Updates { get; private set; }

    /// <summary>Minibatch steps skipped (non-finite loss or gradient) and updates rolled back (a non-finite weight).</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>Updates rolled back because they left a non-finite weight.</summary>
    public long RolledBack { get; private set; }

    /// <summary>Steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Re-seeds action sampling (a new key mixes its hash into the seed).</summary>
    public void Reseed(ulong seed) => _rng.SetState(new Rng(seed).GetState());

    /// <summary>A stable 64-bit seed for <paramref name="key"/> (FNV-1a over its UTF-16 code units, mixed with <paramref name="seed"/>).</summary>
    public static ulong SeedFor(string key, ulong seed)
    {
        ulong h = 14695981039346656037UL ^ seed;
        foreach (char c in key) { h ^= c; h *= 1099511628211UL; }
        return Rtu.Trainers.Environments.VectorEnvironment.DeriveSeed(seed, (int)(h & 0x7FFFFFFF) ^ (int)(h >> 33));
    }

    /// <summary>Marks the next <see cref="Act"/> as the first of an episode (the carry restarts).</summary>
    public void StartEpisode() => _episodeStart = true;

    /// <summary>
    /// One step: standardises the raw observation, advances the recurrent carry, writes the action (index or
    /// vector), the probabilities (or mean) and the value. With learning, records the transition and first finishes
    /// (and learns from) a full rollout, bootstrapping from this observation.
    /// </summary>
    public void Act(ReadOnlySpan<float> raw, bool episodeStart, Span<float> action, Span<float> distribution, out float value)
    {
        if (_awaitingReward)
            throw new InvalidOperationException("This key is learning: call Reward(id, reward, done) for its previous action before the next Act.");
        for (int i = 0; i < raw.Length; i++)
            if (!float.IsFinite(raw[i])) throw new ArgumentException($"observation[{i}] is {raw[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; observations must be finite.", nameof(raw));
        if (episodeStart) _episodeStart = true;
        _model.Standardize(raw, _obs);
        if (Learns && _t == _buffer!.Steps)
        {
            FinishRollout();
            _t = 0;
        }
        bool start = _episodeStart;
        if (start) _layer.ResetStream(0);
        _episodeStart = false;
        _layer.CopyCarry(0, _carry);
        _agent.Forward(_layer, _obs, _out, _value);
        if (!IsFinite()) Recover();
        if (Learns)
        {
            _carry.CopyTo(_buffer!.Carry(_t));
            _buffer.Dones[_t] = start;
            _obs.CopyTo(_buffer.Observation(_t));
        }
        value = _value[0];
        bool discrete = _model.IsDiscrete;
        if (discrete) Softmax(_out, distribution); else _out.CopyTo(distribution);
        double logProb = 0;
        if (_sample) logProb = PolicyDistribution.Sample<float>(discrete, _out, _agent.LogStd.Values, _rng, action);
        else if (discrete) action[0] = ArgMax(_out);
        else _out.CopyTo(action);
        if (Learns)
        {
            action.CopyTo(_buffer!.Action(_t));
            _buffer.LogProbs[_t] = logProb;
            _buffer.Values[_t] = value;
            _awaitingReward = true;
        }
        // The action given out is clipped to the box, as training clips what it sends the environment (a sample reached
        // −8.5 in a [−1, 1] box); the rollout keeps the sample itself, whose log-probability PPO needs, and the
        // distribution column the unclipped mean, which the ONNX graph outputs.
        _model.Space.Clip(action);
        Steps++;
    }

    // Outputs and the new carry (state and traces) must be finite.
    private bool IsFinite()
    {
        foreach (float x in _out) if (!float.IsFinite(x)) return false;
        if (!float.IsFinite(_value[0])) return false;
        _layer.CopyCarry(0, _scratchCarry);
        foreach (float x in _scratchCarry) if (!float.IsFinite(x)) return false;
        return true;
    }

    /// <summary>
    /// Finite weights can still overflow the activations. A learning key then returns to the weights it had before
    /// its last update (and drops the rollout collected with the bad ones); then the step is re-run from the carry
    /// before it, and as a last resort from a fresh carry.
    /// </summary>
    private void Recover()
    {
        if (Learns)
        {
            Restore(_lastGood);
            _agent.SyncRecurrentParameters(_layer);
            RolledBack++;
            _t = 0;
        }
        _layer.LoadCarry(0, _carry);
        _agent.Forward(_layer, _obs, _out, _value);
        if (IsFinite()) return;
        _layer.ResetStream(0);
        _layer.CopyCarry(0, _carry);
        _agent.Forward(_layer, _obs, _out, _value);
        if (!IsFinite())
            throw new InvalidOperationException("The policy's outputs are not finite for this observation even from a fresh state: the observation is far outside what the policy was trained on.");
    }

    /// <summary>The reward of the last action and whether the episode ended with it.</summary>
    public void Reward(double reward, bool done)
    {
        if (!double.IsFinite(reward)) throw new ArgumentException($"The reward is {reward}; rewards must be finite.", nameof(reward));
        if (Math.Abs(reward) > RewardNormalizer.MaxRewardMagnitude)
            throw new ArgumentException($"The reward is {reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}; rewards must lie within ±1e100 (RewardNormalizer.MaxRewardMagnitude): scale them down.", nameof(reward));
        if (done) _episodeStart = true;
        if (!Learns) return;
        if (!_awaitingReward) throw new InvalidOperationException("Reward was called twice, or before the key's first Act.");
        _reward[0] = reward; _done[0] = done;
        if (_ppo!.NormalizeRewards) _rewards!.Normalize(_reward, _done);
        _buffer!.Rewards[_t] = _reward[0];
        _t++;
        _awaitingReward = false;
    }

    // V(o_T) with the current carry (reset where o_T starts an episode), carry untouched; GAE; PPO.
    private void FinishRollout()
    {
        var buf = _buffer!;
        _layer.CopyCarry(0, _carry);
        if (_episodeStart) _layer.ResetStream(0);
        _agent.Forward(_layer, _obs, _out, _value);
        _layer.LoadCarry(0, _carry);
        _nextValue[0] = _value[0]; _nextStart[0] = _episodeStart;
        Gae.Compute(1, _ppo!.Gamma, _ppo.GaeLambda, buf.Rewards, buf.Values, buf.Dones, _nextValue, _nextStart, buf.Advantages, buf.Returns);
        Update();
    }

    private void Update()
    {
        var buf = _buffer!;
        var ppo = _ppo!;
        var agent = _agent;
        // A snapshot to roll back to if the update leaves any weight non-finite.
        byte[] snapshot = Snapshot();
        _lastGood = snapshot;
        int a = _model.ActionDim, len = _model.ActionLength, d = _model.ObservationSize;
        for (int epoch = 0; epoch < ppo.Epochs; epoch++)
        {
            for (int i = 0; i < _indices.Length; i++) _indices[i] = i;
            _rng.Shuffle(_indices.AsSpan());
            for (int start = 0; start < _indices.Length; start += _m)
            {
                // Stale gradients, as in training: each transition re-runs ONE step from its stored carry (state and RTRL traces).
                for (int j = 0; j < _m; j++)
                {
                    int k = _indices[start + j];
                    buf.Action(k).CopyTo(_mbActions.AsSpan(j * len, len));
                    buf.Observation(k).CopyTo(_mbObs.AsSpan(j * d, d));
                    agent.Recurrent.LoadCarry(j, buf.Carry(k));
                    _mbLogProbs[j] = buf.LogProbs[k]; _mbAdvantages[j] = buf.Advantages[k]; _mbReturns[j] = buf.Returns[k]; _mbOldValues[j] = buf.Values[k];
                }
                ParameterGroup.ZeroGradients(agent.Parameters);
                agent.Forward(agent.Recurrent, _mbObs, _mbPolicy, _mbValues);
                var info = PpoLoss.Compute(ppo, _model.IsDiscrete, _mbPolicy, agent.LogStd.Values, _mbValues, _mbActions, _mbLogProbs, _mbAdvantages,
                    _mbReturns, _mbOldValues, _dPolicy, _dValues, agent.LogStd.Gradients);
                if (!double.IsFinite(info.Total)) { SkippedSteps++; continue; }
                agent.Backward(_dPolicy, _dValues);
                double norm = ppo.MaxGradientNorm > 0 ? ParameterGroup.ClipByGlobalNorm(agent.Parameters, ppo.MaxGradientNorm) : ParameterGroup.GlobalNorm(agent.Parameters);
                if (!double.IsFinite(norm)) { SkippedSteps++; continue; }
                _adam!.Step();
            }
        }
        if (agent.Parameters.Any(p => p.HasNonFiniteValues()))
        {
            Restore(snapshot);
            RolledBack++;
        }
        else Updates++;
        agent.SyncRecurrentParameters(_layer);
    }

    private byte[] Snapshot()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var p in _agent.Parameters) p.Write(w);
            _adam!.Save(w);
        }
        return ms.ToArray();
    }

    private void Restore(byte[] snapshot)
    {
        using var r = new BinaryReader(new MemoryStream(snapshot));
        foreach (var p in _agent.Parameters) p.Read(r);
        _adam!.Load(r);
    }

    private static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        double max = double.NegativeInfinity;
        foreach (float z in logits) max = Math.Max(max, z);
        double sum = 0;
        foreach (float z in logits) sum += Math.Exp(z - max);
        for (int k = 0; k < logits.Length; k++) probabilities[k] = (float)(Math.Exp(logits[k] - max) / sum);
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int k = 1; k < v.Length; k++) if (v[k] > v[best]) best = k;
        return best;
    }

    /// <summary>A deep copy (same weights, carry, generator, rollout).</summary>
    public PolicyStream Clone()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) Save(w);
        ms.Position = 0;
        using var r = new BinaryReader(ms);
        return Load(_model, Learns, r);
    }

    /// <summary>
    /// Writes the stream: a fixed-size header (learning flag, sizes), counters, generator, carry, episode flags and,
    /// when learning, the weights, Adam moments, reward normaliser and the rollout so far. The length is the same for
    /// every stream of one engine.
    /// </summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Magic); w.Write(Learns); w.Write(_model.ObservationSize); w.Write(_model.ActionDim); w.Write(_layer.CarrySize);
        w.Write(Learns ? _buffer!.Steps : 0);
        w.Write(Steps); w.Write(Updates); w.Write(SkippedSteps); w.Write(RolledBack);
        foreach (ulong s in _rng.GetState()) w.Write(s);
        _layer.CopyCarry(0, _carry);
        foreach (float x in _carry) w.Write(x);
        w.Write(_episodeStart); w.Write(_awaitingReward); w.Write(_t);
        if (!Learns) return;
        foreach (var p in _agent.Parameters) p.Write(w);
        _adam!.Save(w);
        w.Write(_lastGood.Length); w.Write(_lastGood);
        _rewards!.Write(w);
        var buf = _buffer!;
        for (int i = 0; i < buf.Count; i++) foreach (float x in buf.Carry(i)) w.Write(x);
        foreach (float x in buf.Observations) w.Write(x);
        foreach (float x in buf.Actions) w.Write(x);
        foreach (bool x in buf.Dones) w.Write(x);
        foreach (double[] column in new[] { buf.Values, buf.Rewards, buf.LogProbs, buf.Advantages, buf.Returns })
            foreach (double x in column) w.Write(x);
    }

    /// <summary>The byte length of the header that fixes every size a stream allocates (checked before a checkpoint's stream is read).</summary>
    public static int HeaderLength => 1 + Magic.Length + 1 + 4 * 4;

    /// <summary>Reads a stream written by <see cref="Save"/> for <paramref name="model"/>.</summary>
    public static PolicyStream Load(PolicyModel model, bool learn, BinaryReader r)
    {
        if (RtuPolicyOptions.ReadBounded(r, 64) != Magic) throw new InvalidDataException("It is not an RTU policy stream.");
        bool learns = r.ReadBoolean();
        int d = r.ReadInt32(), a = r.ReadInt32(), carry = r.ReadInt32(), steps = r.ReadInt32();
        var s = new PolicyStream(model, learn, 0);
        if (learns != learn || d != model.ObservationSize || a != model.ActionDim || carry != s._layer.CarrySize || steps != (learn ? s._buffer!.Steps : 0))
            throw new InvalidDataException("The stored stream belongs to another policy or learning setting.");
        s.Steps = r.ReadInt64(); s.Updates = r.ReadInt64(); s.SkippedSteps = r.ReadInt64(); s.RolledBack = r.ReadInt64();
        var rng = new ulong[6];
        for (int i = 0; i < rng.Length; i++) rng[i] = r.ReadUInt64();
        s._rng.SetState(rng);
        for (int i = 0; i < s._carry.Length; i++) s._carry[i] = ReadFinite(r);
        s._layer.LoadCarry(0, s._carry);
        s._episodeStart = r.ReadBoolean(); s._awaitingReward = r.ReadBoolean(); s._t = r.ReadInt32();
        if (s._t < 0 || s._t > (learn ? s._buffer!.Steps : 0)) throw new InvalidDataException($"The stored rollout position ({s._t}) is invalid.");
        if (!learn) return s;
        foreach (var p in s._agent.Parameters) p.Read(r);
        s._agent.SyncRecurrentParameters(s._layer);
        s._adam!.Load(r);
        int good = r.ReadInt32();
        if (good != s._lastGood.Length) throw new InvalidDataException("The stored last good weights have the wrong size.");
        s._lastGood = r.ReadBytes(good);
        s._rewards!.Read(r);
        var buf = s._buffer!;
        for (int i = 0; i < buf.Count; i++) { var c = buf.Carry(i); for (int j = 0; j < c.Length; j++) c[j] = ReadFinite(r); }
        for (int i = 0; i < buf.Observations.Length; i++) buf.Observations[i] = ReadFinite(r);
        for (int i = 0; i < buf.Actions.Length; i++) buf.Actions[i] = ReadFinite(r);
        for (int i = 0; i < buf.Dones.Length; i++) buf.Dones[i] = r.ReadBoolean();
        foreach (double[] column in new[] { buf.Values, buf.Rewards, buf.LogProbs, buf.Advantages, buf.Returns })
            for (int i = 0; i < column.Length; i++) column[i] = r.ReadDouble();
        return s;
    }

    private static float ReadFinite(BinaryReader r)
    {
        float x = r.ReadSingle();
        if (!float.IsFinite(x)) throw new InvalidDataException($"A stored value is {x}.");
        return x;
    }
}
