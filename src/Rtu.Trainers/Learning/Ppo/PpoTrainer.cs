using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Normalization;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>What one <see cref="PpoTrainer{T}.Iterate"/> (a rollout and an update) produced.</summary>
/// <param name="Update">Updates done so far, this one included.</param>
/// <param name="GlobalStep">Environment steps so far (all environments).</param>
/// <param name="MeanEpisodeReturn">Mean raw return of the episodes finished in this rollout; the last known one when none finished (NaN before the first).</param>
/// <param name="EpisodesFinished">Episodes finished in this rollout.</param>
/// <param name="Loss">Loss diagnostics averaged over the update's minibatches.</param>
/// <param name="GradientNorm">Mean global gradient norm before clipping.</param>
/// <param name="StepsPerSecond">Environment steps per second of this iteration (rollout and update).</param>
public readonly record struct PpoUpdateStats(long Update, long GlobalStep, double MeanEpisodeReturn, int EpisodesFinished,
    PpoLossInfo Loss, double GradientNorm, double StepsPerSecond);

/// <summary>
/// PPO with a recurrent trunk trained by exact RTRL (spec §3b), over <see cref="PpoOptions.EnvironmentCount"/>
/// environments stepped in parallel. Each <see cref="Iterate"/> reads like the spec:
/// <list type="number">
/// <item>Rollout: T steps with the current parameters; the recurrent layer runs forward and updates its traces every
/// step; the buffer stores the carry before each step, o_t, done_t, a_t, V(o_t), r_{t+1}, log π(a_t|o_t).</item>
/// <item>GAE from the last observation and done with the current carry; targets = A + V.</item>
/// <item>Epochs × minibatches of single transitions (sequence length 1), shuffled: each transition re-runs ONE recurrent
/// step from its stored carry with the current parameters, so the RTRL traces of the gradient are the stored (stale)
/// ones; clipped surrogate + clipped value loss; global-norm clipping; Adam(ε = 1e-5).</item>
/// <item>Optionally refresh the carries (<see cref="PpoOptions.StaleGradients"/> = false) and/or the targets
/// (<see cref="PpoOptions.StaleTargets"/> = false) between epochs.</item>
/// </list>
/// The same trainer runs any <see cref="RecurrentArchitecture"/>: for T-BPTT layers (GRU) the stored carry is the
/// layer's state and its last T steps of activations, so the one-step re-run back-propagates through the stored window.
/// </summary>
public sealed class PpoTrainer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Magic = "rtu-ppo-checkpoint-1";
    private readonly Func<ulong, IEnvironment> _factory;
    private readonly VectorEnvironment _envs;
    private readonly IRecurrentLayer<T> _rolloutLayer, _replayLayer;
    private readonly Adam<T> _optimizer;
    private readonly ObservationNormalizer _obsNormalizer;
    private readonly RewardNormalizer _rewardNormalizer;
    private readonly Rng _rng;
    private readonly int _n, _envObsSize, _obsSize, _actLen, _a, _m;
    // Live state of the environments between rollouts.
    private readonly float[] _nextObsRaw;
    private readonly T[] _nextObs;
    private readonly bool[] _nextDone;
    private readonly double[] _nextValues;
    private readonly List<float> _actionLog = [];
    private double _largestReward;   // the largest |raw reward| of the current rollout (PpoDivergenceException)
    // Scratch.
    private readonly T[] _policy, _values, _carryScratch, _mbObs, _dPolicy, _dValues, _bootObs, _normalized;
    private readonly float[] _envActions, _mbActions, _finalObsRaw;
    private readonly double[] _rewards, _prevRewards, _mbLogProbs, _mbAdvantages, _mbReturns, _mbValues;
    private readonly int[] _indices;
    // T-BPTT layers with RerunTbpttWindows: only the state is stored; each update step re-runs its window.
    private readonly bool _rerunWindows;
    private readonly int _stateSize, _window;
    private readonly T[] _fullCarry;
    private readonly int[] _windowStart;
    private bool _disposed;

    /// <summary>Creates a trainer on the registered environment <paramref name="environmentName"/>.</summary>
    public PpoTrainer(string environmentName, PpoOptions options)
        : this(seed => EnvironmentRegistry.Create(environmentName, seed), options)
    {
    }

    /// <summary>Creates a trainer on environments made by <paramref name="factory"/> (seed → environment).</summary>
    public PpoTrainer(Func<ulong, IEnvironment> factory, PpoOptions options)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _factory = factory;
        _rng = new Rng(options.Seed);
        _envs = new VectorEnvironment(factory, options.EnvironmentCount, options.Seed ^ 0x5EED_E17Eu, VectorParallelism.Auto);
        _n = options.EnvironmentCount; _m = options.MinibatchSize;
        _envObsSize = _envs.ObservationSize; _actLen = _envs.ActionSpace.ActionLength;
        var space = _envs.ActionSpace;
        _obsSize = _envObsSize + (options.AppendPreviousActionAndReward ? (space.IsDiscrete ? space.DiscreteCount : space.ContinuousSize) + 1 : 0);
        Agent = new ActorCritic<T>(_obsSize, _envs.ActionSpace, options, _m, Math.Max(_n, _m), _rng.Fork());
        _a = Agent.ActionDim;
        _rolloutLayer = Agent.CreateRecurrentLayer(_n);
        _replayLayer = Agent.CreateRecurrentLayer(_n);
        _optimizer = new Adam<T>(Agent.Parameters, options.LearningRate, epsilon: options.AdamEpsilon);
        _obsNormalizer = new ObservationNormalizer(_envObsSize, options.ObservationNormalization);
        _rewardNormalizer = new RewardNormalizer(_n, options.Gamma);
        if (options.RerunTbpttWindows && _rolloutLayer is TruncatedBpttLayer<T> tbptt)
        {
            _rerunWindows = true; _stateSize = tbptt.Core.StateSize; _window = tbptt.Truncation;
        }
        _fullCarry = new T[_rolloutLayer.CarrySize];
        _windowStart = new int[_m];
        Buffer = new RolloutBuffer<T>(options.RolloutSteps, _n, _obsSize, _actLen, _rerunWindows ? _stateSize : _rolloutLayer.CarrySize);

        _nextObsRaw = new float[_n * _envObsSize]; _normalized = new T[_n * _envObsSize]; _nextObs = new T[_n * _obsSize]; _nextDone = new bool[_n]; _nextValues = new double[_n];
        int rows = Math.Max(_n, _m);
        _policy = new T[rows * _a]; _values = new T[rows];
        _carryScratch = new T[(long)_n * _rolloutLayer.CarrySize];
        _bootObs = new T[_n * _obsSize]; _finalObsRaw = new float[_envObsSize];
        _envActions = new float[_n * _actLen]; _rewards = new double[_n]; _prevRewards = new double[_n];
        _mbObs = new T[_m * _obsSize]; _mbActions = new float[_m * _actLen];
        _dPolicy = new T[_m * _a]; _dValues = new T[_m];
        _mbLogProbs = new double[_m]; _mbAdvantages = new double[_m]; _mbReturns = new double[_m]; _mbValues = new double[_m];
        _indices = new int[Buffer.Count];

        _envs.Reset(_nextObsRaw);
        _obsNormalizer.Normalize(_nextObsRaw, _normalized);
        Array.Fill(_nextDone, true);
        ComposeObservations(_normalized, _nextObs, _nextDone); // every stream starts a new episode: its carry is reset before the first step
        LastEpisodeReturn = double.NaN;
    }

    /// <summary>The options.</summary>
    public PpoOptions Options { get; }
    /// <summary>The agent (parameters, heads, learning recurrent layer).</summary>
    public ActorCritic<T> Agent { get; }
    /// <summary>The rollout buffer of the last iteration.</summary>
    public RolloutBuffer<T> Buffer { get; }

    /// <summary>Width of the raw environment observation (the agent's input may append the previous action and reward).</summary>
    public int EnvironmentObservationSize => _envObsSize;
    /// <summary>The optimizer.</summary>
    public Adam<T> Optimizer => _optimizer;
    /// <summary>The observation normaliser.</summary>
    public ObservationNormalizer ObservationNormalizer => _obsNormalizer;
    /// <summary>The reward normaliser.</summary>
    public RewardNormalizer RewardNormalizer => _rewardNormalizer;
    /// <summary>Name of the environment.</summary>
    public string EnvironmentName => _envs[0].Name;
    /// <summary>Updates done.</summary>
    public long UpdateCount { get; private set; }
    /// <summary>Environment steps taken (all environments).</summary>
    public long GlobalStep { get; private set; }
    /// <summary>Raw return of the most recently finished episode (NaN before the first).</summary>
    public double LastEpisodeReturn { get; private set; }
    /// <summary>Bytes the buffer stores per transition (carry, observation, action, scalars).</summary>
    public long BytesPerTransition => Buffer.BytesPerTransition;

    /// <summary>Collects one rollout and performs one PPO update.</summary>
    /// <exception cref="PpoDivergenceException">The update's loss or gradient became non-finite (the message names the learning rate and the largest reward).</exception>
    public PpoUpdateStats Iterate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var watch = Stopwatch.StartNew();
        var (meanReturn, episodes) = CollectRollout();
        var (loss, gradNorm) = Update();
        UpdateCount++;
        double sps = Buffer.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        return new PpoUpdateStats(UpdateCount, GlobalStep, meanReturn, episodes, loss, gradNorm, sps);
    }

    // ---------------------------------------------------------------------------------------------- rollout
    internal (double MeanReturn, int Episodes) CollectRollout()
    {
        var buf = Buffer;
        double returnSum = 0; int episodes = 0;
        _largestReward = 0;
        for (int t = 0; t < buf.Steps; t++)
        {
            int i0 = t * _n;
            // Store the carry BEFORE the step (after the reset of streams whose o_t starts an episode), o_t and done_t.
            for (int e = 0; e < _n; e++)
            {
                if (_nextDone[e]) _rolloutLayer.ResetStream(e);
                StoreCarry(_rolloutLayer, e, buf.Carry(i0 + e));
                buf.Dones[i0 + e] = _nextDone[e];
            }
            _nextObs.CopyTo(buf.Observations.AsSpan(i0 * _obsSize, _n * _obsSize));

            // Act: one recurrent step (state and RTRL traces advance), sample a_t ~ π(·|o_t), record V(o_t), log π.
            Agent.Forward(_rolloutLayer, _nextObs, _policy.AsSpan(0, _n * _a), _values.AsSpan(0, _n));
            for (int e = 0; e < _n; e++)
            {
                var action = buf.Action(i0 + e);
                buf.LogProbs[i0 + e] = PolicyDistribution.Sample(Agent.IsDiscrete, _policy.AsSpan(e * _a, _a), Agent.LogStd.Values, _rng, action);
                buf.Values[i0 + e] = double.CreateTruncating(_values[e]);
                ToEnvironmentAction(action, _envActions.AsSpan(e * _actLen, _actLen));
            }
            if (Options.RecordActionsForResume) _actionLog.AddRange(_envActions);

            _envs.Step(_envActions, _nextObsRaw);
            GlobalStep += _n;
            _envs.Rewards.CopyTo(_rewards);
            foreach (double r in _rewards) _largestReward = Math.Max(_largestReward, Math.Abs(r));
            if (Options.NormalizeRewards) _rewardNormalizer.Normalize(_rewards, _envs.Done);
            _rewards.CopyTo(_prevRewards, 0);
            if (Options.BootstrapTruncated) BootstrapTruncations();
            for (int e = 0; e < _n; e++)
            {
                buf.Rewards[i0 + e] = _rewards[e];
                _nextDone[e] = _envs.Done[e];
                if (_envs.Done[e]) { returnSum += _envs.EpisodeReturns[e]; episodes++; LastEpisodeReturn = _envs.EpisodeReturns[e]; }
            }
            _obsNormalizer.Normalize(_nextObsRaw, _normalized);
            ComposeObservations(_normalized, _nextObs, _nextDone);
        }
        ComputeNextValues();
        Gae.Compute(_n, Options.Gamma, Options.GaeLambda, buf.Rewards, buf.Values, buf.Dones, _nextValues, _nextDone, buf.Advantages, buf.Returns);
        return (episodes > 0 ? returnSum / episodes : LastEpisodeReturn, episodes);
    }

    private void ToEnvironmentAction(ReadOnlySpan<float> action, Span<float> envAction)
    {
        action.CopyTo(envAction);
        _envs.ActionSpace.Clip(envAction);
    }

    /// <summary>r += γ V(final observation) for streams cut by a time limit, continuing their carries (then restored).</summary>
    private void BootstrapTruncations()
    {
        bool any = false;
        for (int e = 0; e < _n; e++) any |= _envs.Truncated[e] && !_envs.Terminated[e];
        if (!any) return;
        int c = _rolloutLayer.CarrySize;
        for (int e = 0; e < _n; e++) _rolloutLayer.CopyCarry(e, _carryScratch.AsSpan(e * c, c));
        _nextObs.CopyTo(_bootObs, 0); // rows of other streams are placeholders
        for (int e = 0; e < _n; e++)
        {
            if (!(_envs.Truncated[e] && !_envs.Terminated[e])) continue;
            _envs.FinalObservations.Slice(e * _envObsSize, _envObsSize).CopyTo(_finalObsRaw);
            _obsNormalizer.Transform<T>(_finalObsRaw, _normalized.AsSpan(e * _envObsSize, _envObsSize));
            ComposeRow(e, _normalized.AsSpan(e * _envObsSize, _envObsSize), _bootObs.AsSpan(e * _obsSize, _obsSize), reset: false);
        }
        Agent.Forward(_rolloutLayer, _bootObs, _policy.AsSpan(0, _n * _a), _values.AsSpan(0, _n));
        for (int e = 0; e < _n; e++)
            if (_envs.Truncated[e] && !_envs.Terminated[e]) _rewards[e] += Options.Gamma * double.CreateTruncating(_values[e]);
        for (int e = 0; e < _n; e++) _rolloutLayer.LoadCarry(e, _carryScratch.AsSpan(e * c, c));
    }

    /// <summary>
    /// The network's input rows: the normalised observation, then (with <see cref="PpoOptions.AppendPreviousActionAndReward"/>)
    /// one-hot(previous action) or the previous continuous action, and the previous normalised reward; zeros after a reset.
    /// </summary>
    private void ComposeObservations(ReadOnlySpan<T> normalized, Span<T> destination, ReadOnlySpan<bool> reset)
    {
        for (int e = 0; e < _n; e++)
            ComposeRow(e, normalized.Slice(e * _envObsSize, _envObsSize), destination.Slice(e * _obsSize, _obsSize), reset[e]);
    }

    private void ComposeRow(int e, ReadOnlySpan<T> normalized, Span<T> row, bool reset)
    {
        normalized.CopyTo(row);
        if (_obsSize == _envObsSize) return;
        var extra = row[_envObsSize..];
        extra.Clear();
        if (reset) return;
        var action = _envActions.AsSpan(e * _actLen, _actLen);
        if (Agent.IsDiscrete) extra[(int)action[0]] = T.One;
        else for (int k = 0; k < _actLen; k++) extra[k] = T.CreateTruncating(action[k]);
        extra[^1] = T.CreateTruncating(_prevRewards[e]);
    }

    /// <summary>V(o_T) with the current carry (reset where done_T), leaving the carry untouched.</summary>
    private void ComputeNextValues()
    {
        int c = _rolloutLayer.CarrySize;
        for (int e = 0; e < _n; e++)
        {
            _rolloutLayer.CopyCarry(e, _carryScratch.AsSpan(e * c, c));
            if (_nextDone[e]) _rolloutLayer.ResetStream(e);
        }
        Agent.Forward(_rolloutLayer, _nextObs, _policy.AsSpan(0, _n * _a), _values.AsSpan(0, _n));
        for (int e = 0; e < _n; e++)
        {
            _nextValues[e] = double.CreateTruncating(_values[e]);
            _rolloutLayer.LoadCarry(e, _carryScratch.AsSpan(e * c, c));
        }
    }

    // ---------------------------------------------------------------------------------------------- update
    private (PpoLossInfo Loss, double GradNorm) Update()
    {
        var buf = Buffer;
        double total = 0, pg = 0, v = 0, ent = 0, kl = 0, clip = 0, norm = 0;
        int count = 0;
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            for (int i = 0; i < _indices.Length; i++) _indices[i] = i;
            _rng.Shuffle(_indices.AsSpan());
            for (int start = 0; start < _indices.Length; start += _m)
            {
                // Gather the minibatch and re-run ONE recurrent step per transition from its stored carry.
                var minibatch = _indices.AsSpan(start, _m);
                for (int j = 0; j < _m; j++)
                {
                    int k = minibatch[j];
                    buf.Action(k).CopyTo(_mbActions.AsSpan(j * _actLen, _actLen));
                    _mbLogProbs[j] = buf.LogProbs[k]; _mbAdvantages[j] = buf.Advantages[k];
                    _mbReturns[j] = buf.Returns[k]; _mbValues[j] = buf.Values[k];
                }
                ParameterGroup.ZeroGradients(Agent.Parameters);
                ForwardFromStoredCarries(minibatch);
                var info = PpoLoss.Compute(Options, Agent.IsDiscrete, _policy.AsSpan(0, _m * _a), Agent.LogStd.Values, _values.AsSpan(0, _m),
                    _mbActions, _mbLogProbs, _mbAdvantages, _mbReturns, _mbValues, _dPolicy, _dValues, Agent.LogStd.Gradients);
                if (!double.IsFinite(info.Total)) throw Diverged("the loss");
                Agent.Backward(_dPolicy, _dValues);
                double gradNorm = Options.MaxGradientNorm > 0
                    ? ParameterGroup.ClipByGlobalNorm(Agent.Parameters, Options.MaxGradientNorm)
                    : ParameterGroup.GlobalNorm(Agent.Parameters);
                if (!double.IsFinite(gradNorm)) throw Diverged("the gradient");
                _optimizer.Step();
                total += info.Total; pg += info.Policy; v += info.Value; ent += info.Entropy; kl += info.ApproxKl; clip += info.ClipFraction;
                norm += gradNorm; count++;
            }
            if (epoch < Options.Epochs - 1)
            {
                if (!Options.StaleGradients) RefreshCarries(recomputeTargets: !Options.StaleTargets);
                else if (!Options.StaleTargets) RecomputeTargetsFromStoredCarries();
            }
        }
        Agent.SyncRecurrentParameters(_rolloutLayer);
        return (new PpoLossInfo(total / count, pg / count, v / count, ent / count, kl / count, clip / count), norm / count);
    }

    /// <summary>
    /// Loads the stored carries of the transitions <paramref name="minibatch"/> into the learning layer and runs the
    /// agent's forward pass on their observations (outputs in the policy and value scratch). RTRL layers take ONE step
    /// from the stored carry (state and traces). T-BPTT layers with <see cref="PpoOptions.RerunTbpttWindows"/> re-run
    /// each transition's window, up to T stored observations back within its episode and rollout, from the state
    /// stored at the window's start, with the current parameters; the backward pass then goes through that window.
    /// </summary>
    private void ForwardFromStoredCarries(ReadOnlySpan<int> minibatch)
    {
        var buf = Buffer;
        var layer = Agent.Recurrent;
        Span<T> policy = _policy.AsSpan(0, _m * _a), values = _values.AsSpan(0, _m);
        if (!_rerunWindows)
        {
            for (int j = 0; j < _m; j++)
            {
                LoadStoredCarry(layer, j, buf.Carry(minibatch[j]));
                buf.Observation(minibatch[j]).CopyTo(_mbObs.AsSpan(j * _obsSize, _obsSize));
            }
            Agent.Forward(layer, _mbObs, policy, values);
            return;
        }
        int longest = 1;
        for (int j = 0; j < _m; j++)
        {
            int t = minibatch[j] / _n, e = minibatch[j] % _n, s = t;
            while (s > 0 && t - s < _window - 1 && !buf.Dones[s * _n + e]) s--;
            _windowStart[j] = s;
            longest = Math.Max(longest, t - s + 1);
        }
        // The windows are right-aligned: stream j starts (from its stored state) at step longest − length_j.
        for (int step = 0; step < longest; step++)
        {
            for (int j = 0; j < _m; j++)
            {
                int t = minibatch[j] / _n, e = minibatch[j] % _n, first = longest - (t - _windowStart[j] + 1);
                var row = _mbObs.AsSpan(j * _obsSize, _obsSize);
                if (step < first) { row.Clear(); continue; }
                int k = (_windowStart[j] + step - first) * _n + e;
                if (step == first) LoadStoredCarry(layer, j, buf.Carry(k));
                buf.Observation(k).CopyTo(row);
            }
            if (step < longest - 1) Agent.Advance(layer, _mbObs);
            else Agent.Forward(layer, _mbObs, policy, values);
        }
    }

    /// <summary>Copies a stream's carry into the buffer (only the state when windows are re-run).</summary>
    private void StoreCarry(IRecurrentLayer<T> layer, int stream, Span<T> destination)
    {
        if (!_rerunWindows) { layer.CopyCarry(stream, destination); return; }
        layer.CopyCarry(stream, _fullCarry);
        _fullCarry.AsSpan(0, _stateSize).CopyTo(destination);
    }

    /// <summary>Loads a stored carry (a state with an empty history when windows are re-run).</summary>
    private void LoadStoredCarry(IRecurrentLayer<T> layer, int stream, ReadOnlySpan<T> stored)
    {
        if (!_rerunWindows) { layer.LoadCarry(stream, stored); return; }
        Array.Clear(_fullCarry);
        stored.CopyTo(_fullCarry);
        layer.LoadCarry(stream, _fullCarry);
    }

    /// <summary>Fresh gradients: re-run the buffer from each stream's first stored carry with the current parameters.</summary>
    internal void RefreshCarries(bool recomputeTargets)
    {
        var buf = Buffer;
        Agent.SyncRecurrentParameters(_replayLayer);
        for (int e = 0; e < _n; e++) LoadStoredCarry(_replayLayer, e, buf.Carry(e));
        for (int t = 0; t < buf.Steps; t++)
        {
            int i0 = t * _n;
            for (int e = 0; e < _n; e++)
            {
                if (t > 0 && buf.Dones[i0 + e]) _replayLayer.ResetStream(e);
                if (t > 0) StoreCarry(_replayLayer, e, buf.Carry(i0 + e));
            }
            Agent.Forward(_replayLayer, buf.Observations.AsSpan(i0 * _obsSize, _n * _obsSize), _policy.AsSpan(0, _n * _a), _values.AsSpan(0, _n));
            if (recomputeTargets)
                for (int e = 0; e < _n; e++) buf.Values[i0 + e] = double.CreateTruncating(_values[e]);
        }
        if (!recomputeTargets) return;
        for (int e = 0; e < _n; e++) if (_nextDone[e]) _replayLayer.ResetStream(e);
        Agent.Forward(_replayLayer, _nextObs, _policy.AsSpan(0, _n * _a), _values.AsSpan(0, _n));
        for (int e = 0; e < _n; e++) _nextValues[e] = double.CreateTruncating(_values[e]);
        Gae.Compute(_n, Options.Gamma, Options.GaeLambda, buf.Rewards, buf.Values, buf.Dones, _nextValues, _nextDone, buf.Advantages, buf.Returns);
    }

    /// <summary>Stale gradients, fresh targets: recompute V from the stored carries with the current parameters, then GAE.</summary>
    private void RecomputeTargetsFromStoredCarries()
    {
        var buf = Buffer;
        for (int start = 0; start < buf.Count; start += _m)
        {
            for (int j = 0; j < _m; j++) _indices[j] = start + j;
            ForwardFromStoredCarries(_indices.AsSpan(0, _m));
            for (int j = 0; j < _m; j++) buf.Values[start + j] = double.CreateTruncating(_values[j]);
        }
        Agent.SyncRecurrentParameters(_rolloutLayer);
        ComputeNextValues();
        Gae.Compute(_n, Options.Gamma, Options.GaeLambda, buf.Rewards, buf.Values, buf.Dones, _nextValues, _nextDone, buf.Advantages, buf.Returns);
    }

    // ---------------------------------------------------------------------------------------------- checkpoints
    // A non-finite loss or gradient: too large a learning rate, or rewards whose value loss overflows (a reward of 1e160
    // without NormalizeRewards). Named here, not by the layers' and optimizer's own checks, which name no option.
    private PpoDivergenceException Diverged(string what) =>
        new(UpdateCount + 1, GlobalStep, what, Options.LearningRate, Options.NormalizeRewards, _largestReward);

    /// <summary>
    /// Writes everything needed to resume exactly: options, parameters, Adam moments, normalisers, the RNG, the live
    /// carries, observations and dones of every environment, and the actions sent so far (environments are restored by
    /// replaying them from the seed; requires <see cref="PpoOptions.RecordActionsForResume"/>).
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Options.RecordActionsForResume)
            throw new InvalidOperationException("Checkpoints need RecordActionsForResume = true to restore the environments.");
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(typeof(T).Name);
        w.Write(Options.ToJson());
        w.Write(EnvironmentName);
        w.Write(UpdateCount); w.Write(GlobalStep); w.Write(LastEpisodeReturn);
        foreach (var p in Agent.Parameters) p.Write(w);
        _optimizer.Save(w);
        _obsNormalizer.Write(w);
        _rewardNormalizer.Write(w);
        foreach (ulong s in _rng.GetState()) w.Write(s);
        var carry = new T[_rolloutLayer.CarrySize];
        for (int e = 0; e < _n; e++)
        {
            _rolloutLayer.CopyCarry(e, carry);
            foreach (T x in carry) w.Write(double.CreateTruncating(x));
        }
        foreach (float x in _nextObsRaw) w.Write(x);
        foreach (T x in _nextObs) w.Write(double.CreateTruncating(x));
        foreach (bool d in _nextDone) w.Write(d);
        w.Write(_actionLog.Count);
        foreach (float x in _actionLog) w.Write(x);
    }

    /// <summary>Saves to <paramref name="path"/> atomically: a failed save leaves the previous checkpoint intact.</summary>
    public void Save(string path) => IO.AtomicFile.Write(path, Save);

    /// <summary>Restores a trainer saved by <see cref="Save(Stream)"/> on environments made by <paramref name="factory"/>.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, a truncated one, another float type or environment, or the replayed environments diverged.</exception>
    public static PpoTrainer<T> Load(Stream stream, Func<ulong, IEnvironment> factory)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(factory);
        // A file cut short (a copy interrupted, a disk full) is bad data like any other, not an I/O failure.
        try { return LoadComplete(stream, factory); }
        catch (EndOfStreamException e) { throw new InvalidDataException("The checkpoint ends early (a truncated file?).", e); }
    }

    private static PpoTrainer<T> LoadComplete(Stream stream, Func<ulong, IEnvironment> factory)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadString() != Magic) throw new InvalidDataException("Not an Rtu PPO checkpoint.");
        string type = r.ReadString();
        if (type != typeof(T).Name) throw new InvalidDataException($"The checkpoint holds a {type} model, not {typeof(T).Name}.");
        PpoOptions options;
        try { options = PpoOptions.FromJson(r.ReadString()); }
        catch (JsonException e) { throw new InvalidDataException($"The checkpoint's options are corrupt: {e.Message}", e); }
        string envName = r.ReadString();
        var trainer = new PpoTrainer<T>(factory, options);
        try
        {
            if (trainer.EnvironmentName != envName)
                throw new InvalidDataException($"The checkpoint was trained on {envName}, the factory makes {trainer.EnvironmentName}.");
            trainer.UpdateCount = r.ReadInt64(); trainer.GlobalStep = r.ReadInt64(); trainer.LastEpisodeReturn = r.ReadDouble();
            foreach (var p in trainer.Agent.Parameters) p.Read(r);
            trainer.Agent.SyncRecurrentParameters(trainer._rolloutLayer);
            trainer._optimizer.Load(r);
            trainer._obsNormalizer.Read(r);
            trainer._rewardNormalizer.Read(r);
            var rngState = new ulong[6];
            for (int i = 0; i < 6; i++) rngState[i] = r.ReadUInt64();
            trainer._rng.SetState(rngState);
            var carry = new T[trainer._rolloutLayer.CarrySize];
            for (int e = 0; e < trainer._n; e++)
            {
                for (int i = 0; i < carry.Length; i++) carry[i] = T.CreateTruncating(r.ReadDouble());
                trainer._rolloutLayer.LoadCarry(e, carry);
            }
            var raw = new float[trainer._nextObsRaw.Length];
            for (int i = 0; i < raw.Length; i++) raw[i] = r.ReadSingle();
            for (int i = 0; i < trainer._nextObs.Length; i++) trainer._nextObs[i] = T.CreateTruncating(r.ReadDouble());
            for (int e = 0; e < trainer._n; e++) trainer._nextDone[e] = r.ReadBoolean();
            int logged = r.ReadInt32();
            var actions = new float[trainer._envActions.Length];
            for (int s = 0; s < logged / actions.Length; s++)
            {
                for (int i = 0; i < actions.Length; i++) actions[i] = r.ReadSingle();
                trainer._envs.Step(actions, trainer._nextObsRaw);
                trainer._actionLog.AddRange(actions);
            }
            if (!raw.AsSpan().SequenceEqual(trainer._nextObsRaw))
                throw new InvalidDataException("Replaying the recorded actions did not reproduce the environments' observations (non-deterministic environment?).");
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Restores a trainer from <paramref name="path"/> on the registered environment it was trained on.</summary>
    public static PpoTrainer<T> Load(string path, Func<ulong, IEnvironment>? factory = null)
    {
        using var f = File.OpenRead(path);
        if (factory is null)
        {
            using (var r = new BinaryReader(f, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                try
                {
                    if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not an Rtu PPO checkpoint.");
                    r.ReadString(); r.ReadString();
                    string env = r.ReadString();
                    factory = seed => EnvironmentRegistry.Create(env, seed);
                }
                catch (EndOfStreamException e) { throw new InvalidDataException($"{path} is not an Rtu PPO checkpoint (it ends early).", e); }
            }
            f.Position = 0;
        }
        return Load(f, factory);
    }

    /// <summary>Disposes the environments.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _envs.Dispose();
    }
}
