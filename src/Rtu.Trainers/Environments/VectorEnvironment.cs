using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments;

/// <summary>How a <see cref="VectorEnvironment"/> spreads its copies over threads.</summary>
public enum VectorParallelism
{
    /// <summary>Parallel when there are at least <see cref="VectorEnvironment.AutoParallelThreshold"/> copies and more than one core.</summary>
    Auto,

    /// <summary>Always on the calling thread.</summary>
    Sequential,

    /// <summary>Always through <see cref="Parallel.For(int, int, Action{int})"/> (when more than one core).</summary>
    Parallel,
}

/// <summary>
/// N copies of one environment stepped together, with automatic resets. Copy i is seeded with
/// <see cref="DeriveSeed"/>(baseSeed, i) and owns its own generator, so results never depend on thread scheduling.
/// Observations and actions are row-major: row i of <c>observations</c> (length <see cref="ObservationSize"/>) and of
/// <c>actions</c> (length <see cref="ActionSpace"/>.ActionLength) belong to copy i.
/// <para>After <see cref="Step"/>, <see cref="Rewards"/>, <see cref="Terminated"/>, <see cref="Truncated"/> and
/// <see cref="Done"/> describe the transition of each copy. For a copy that finished, the observation written is
/// the first observation of its next episode; the last observation of the finished episode is in
/// <see cref="FinalObservations"/> (for bootstrapping truncated episodes), and its undiscounted raw return and length
/// are in <see cref="EpisodeReturns"/> and <see cref="EpisodeLengths"/> (0 for copies that did not finish).</para>
/// Steady-state stepping allocates nothing on the sequential path.
/// </summary>
public sealed class VectorEnvironment : IDisposable
{
    /// <summary>Copies from which <see cref="VectorParallelism.Auto"/> goes parallel.</summary>
    public const int AutoParallelThreshold = 16;

    private readonly IEnvironment[] _envs;
    private readonly bool _parallel;
    private readonly int _obsSize;
    private readonly int _actionLength;
    private readonly float[] _actions;
    private readonly float[] _observations;
    private readonly float[] _finalObservations;
    private readonly double[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly bool[] _done;
    private readonly double[] _runningReturns;
    private readonly int[] _runningLengths;
    private readonly double[] _episodeReturns;
    private readonly int[] _episodeLengths;
    private readonly int _chunks;
    private readonly Action<int> _stepChunk;
    private readonly Action<int> _resetChunk;
    private bool _started;
    private bool _disposed;

    /// <summary>Creates <paramref name="count"/> copies of the registered environment <paramref name="name"/>.</summary>
    public VectorEnvironment(string name, int count, ulong baseSeed, VectorParallelism parallelism = VectorParallelism.Auto)
        : this(seed => EnvironmentRegistry.Create(name, seed), count, baseSeed, parallelism)
    {
    }

    /// <summary>Creates <paramref name="count"/> copies with <paramref name="factory"/> (seed → environment).</summary>
    public VectorEnvironment(Func<ulong, IEnvironment> factory, int count, ulong baseSeed,
        VectorParallelism parallelism = VectorParallelism.Auto)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Guard.Positive(count, nameof(count));
        _envs = new IEnvironment[count];
        for (int i = 0; i < count; i++) _envs[i] = factory(DeriveSeed(baseSeed, i));
        IEnvironment first = _envs[0];
        for (int i = 1; i < count; i++)
        {
            if (_envs[i].ObservationSize != first.ObservationSize || _envs[i].ActionSpace != first.ActionSpace)
                throw new ArgumentException("The factory must create identical environments (same observation size and action space).", nameof(factory));
        }
        _obsSize = first.ObservationSize;
        _actionLength = first.ActionSpace.ActionLength;
        _actions = new float[count * _actionLength];
        _observations = new float[count * _obsSize];
        _finalObservations = new float[count * _obsSize];
        _rewards = new double[count];
        _terminated = new bool[count];
        _truncated = new bool[count];
        _done = new bool[count];
        _runningReturns = new double[count];
        _runningLengths = new int[count];
        _episodeReturns = new double[count];
        _episodeLengths = new int[count];

        bool multiCore = Environment.ProcessorCount > 1;
        _parallel = multiCore && parallelism switch
        {
            VectorParallelism.Sequential => false,
            VectorParallelism.Parallel => true,
            _ => count >= AutoParallelThreshold,
        };
        _chunks = Math.Min(count, Environment.ProcessorCount);
        _stepChunk = StepChunk;
        _resetChunk = ResetChunk;
    }

    /// <summary>Seed of copy <paramref name="index"/>: a SplitMix64 hash of the base seed and the index.</summary>
    public static ulong DeriveSeed(ulong baseSeed, int index)
    {
        ulong z = baseSeed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Number of copies.</summary>
    public int Count => _envs.Length;

    /// <summary>Observation length of one copy.</summary>
    public int ObservationSize => _obsSize;

    /// <summary>The action space of one copy.</summary>
    public ActionSpace ActionSpace => _envs[0].ActionSpace;

    /// <summary>True when steps run through <see cref="Parallel.For(int, int, Action{int})"/>.</summary>
    public bool IsParallel => _parallel;

    /// <summary>Copy <paramref name="index"/> (for inspection; do not step it directly).</summary>
    public IEnvironment this[int index] => _envs[index];

    /// <summary>Rewards of the last step.</summary>
    public ReadOnlySpan<double> Rewards => _rewards;

    /// <summary>Which copies terminated at the last step.</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;

    /// <summary>Which copies were truncated at the last step.</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>Which copies finished an episode at the last step (and were reset).</summary>
    public ReadOnlySpan<bool> Done => _done;

    /// <summary>Raw return of the episode each copy finished at the last step (0 where it did not finish).</summary>
    public ReadOnlySpan<double> EpisodeReturns => _episodeReturns;

    /// <summary>Length of the episode each copy finished at the last step (0 where it did not finish).</summary>
    public ReadOnlySpan<int> EpisodeLengths => _episodeLengths;

    /// <summary>Row i: the last observation of the episode copy i finished at the last step (valid where Done).</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObservations;

    /// <summary>Resets every copy and writes the Count × ObservationSize first observations.</summary>
    public void Reset(Span<float> observations)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Guard.Length(observations, _observations.Length, nameof(observations));
        Run(_resetChunk);
        Array.Clear(_runningReturns);
        Array.Clear(_runningLengths);
        _started = true;
        _observations.CopyTo(observations);
    }

    /// <summary>Steps every copy with its row of <paramref name="actions"/>; finished copies are reset.</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length or an action is invalid (the copy is named).</exception>
    /// <exception cref="InvalidOperationException">Called before <see cref="Reset"/>.</exception>
    public void Step(ReadOnlySpan<float> actions, Span<float> observations)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_started) throw new InvalidOperationException("VectorEnvironment: call Reset before the first Step.");
        Guard.Length(actions, _actions.Length, nameof(actions));
        Guard.Length(observations, _observations.Length, nameof(observations));
        ActionSpace space = _envs[0].ActionSpace;
        for (int i = 0; i < _envs.Length; i++)
        {
            if (!EpisodicEnvironment.TryValidateAction(space, actions.Slice(i * _actionLength, _actionLength), out _, out string? problem))
                throw new ArgumentException($"{_envs[i].Name} (copy {i}): {problem}", nameof(actions));
        }
        actions.CopyTo(_actions);
        Run(_stepChunk);
        _observations.CopyTo(observations);
    }

    private void Run(Action<int> chunk)
    {
        if (_parallel) Parallel.For(0, _chunks, chunk);
        else chunk(-1);
    }

    private (int Start, int End) Range(int chunk)
    {
        if (chunk < 0) return (0, _envs.Length);
        int n = _envs.Length;
        return (chunk * n / _chunks, (chunk + 1) * n / _chunks);
    }

    private void ResetChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        for (int i = start; i < end; i++) _envs[i].Reset(_observations.AsSpan(i * _obsSize, _obsSize));
    }

    private void StepChunk(int chunk)
    {
        (int start, int end) = Range(chunk);
        for (int i = start; i < end; i++)
        {
            Span<float> obs = _observations.AsSpan(i * _obsSize, _obsSize);
            StepResult r = _envs[i].Step(_actions.AsSpan(i * _actionLength, _actionLength), obs);
            _rewards[i] = r.Reward;
            _terminated[i] = r.Terminated;
            _truncated[i] = r.Truncated;
            _done[i] = r.Done;
            _runningReturns[i] += r.Reward;
            _runningLengths[i]++;
            if (r.Done)
            {
                _episodeReturns[i] = _runningReturns[i];
                _episodeLengths[i] = _runningLengths[i];
                _runningReturns[i] = 0;
                _runningLengths[i] = 0;
                obs.CopyTo(_finalObservations.AsSpan(i * _obsSize, _obsSize));
                _envs[i].Reset(obs);
            }
            else
            {
                _episodeReturns[i] = 0;
                _episodeLengths[i] = 0;
            }
        }
    }

    /// <summary>Disposes every copy.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (IEnvironment env in _envs) env.Dispose();
    }
}
