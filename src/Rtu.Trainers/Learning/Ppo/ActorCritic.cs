using System.Numerics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>
/// The PPO agent of spec §3b: one shared trunk, obs → Dense(H) → tanh → recurrent layer (2n outputs for RTU/LRU),
/// then an actor head Dense(64, orthogonal gain 2) → tanh → Dense(A, orthogonal 0.01) and a critic head
/// Dense(64, orthogonal 2) → tanh → Dense(1, orthogonal 1). Discrete actions use Categorical(logits); continuous
/// actions a diagonal Gaussian(mean, exp(log σ)) with a state-independent log σ.
/// </summary>
/// <remarks>
/// The dense layers are shared by every batch size; a recurrent layer is per batch size (streams), so the agent takes
/// the layer to step as an argument: the trainer keeps one with B = environments for rollouts and one with
/// B = minibatch size for updates, and copies the parameters across with <see cref="SyncRecurrentParameters"/>.
/// Gradients of the trunk flow into <see cref="Recurrent"/>'s parameters (the learning copy).
/// </remarks>
public sealed class ActorCritic<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Orthogonal gain of the hidden layer of each head (spec §3b).</summary>
    public const double HiddenGain = 2.0;
    private readonly T[] _x, _y, _dyActor, _dyCritic, _dx;

    /// <summary>Creates the agent; <paramref name="learningBatchSize"/> is the B of the learning recurrent layer.</summary>
    public ActorCritic(int observationSize, ActionSpace actionSpace, PpoOptions options, int learningBatchSize, int maxRows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        Guard.Positive(observationSize, nameof(observationSize));
        Guard.Positive(maxRows, nameof(maxRows));
        ObservationSize = observationSize; ActionSpace = actionSpace; Options = options;
        IsDiscrete = actionSpace.IsDiscrete;
        ActionDim = IsDiscrete ? actionSpace.DiscreteCount : actionSpace.ContinuousSize;
        MaxRows = Math.Max(maxRows, learningBatchSize);

        Shared = new Mlp<T>(observationSize, [], options.SharedHiddenSize, Activation.Tanh, Activation.Tanh, MaxRows, rng.Fork(), name: "shared");
        Recurrent = RecurrentLayerFactory.Create<T>(options.SharedHiddenSize, options.Recurrent, learningBatchSize, rng.Fork());
        int features = Recurrent.OutputSize;
        Actor = new Mlp<T>(features, [options.HeadHiddenSize], ActionDim, Activation.Tanh, Activation.Identity, MaxRows, rng.Fork(), name: "actor");
        Critic = new Mlp<T>(features, [options.HeadHiddenSize], 1, Activation.Tanh, Activation.Identity, MaxRows, rng.Fork(), name: "critic");
        Orthogonal.Initialize(Actor, HiddenGain, 0.01, rng.Fork());
        Orthogonal.Initialize(Critic, HiddenGain, 1.0, rng.Fork());
        LogStd = new ParameterSet<T>("log_std", ("log_std", [IsDiscrete ? 0 : ActionDim]));
        LogStd.Values.AsSpan().Fill(T.CreateTruncating(options.InitialLogStd));

        Parameters = [.. Shared.Parameters, Recurrent.Parameters, .. Actor.Parameters, .. Critic.Parameters, LogStd];
        _x = new T[MaxRows * options.SharedHiddenSize];
        _dx = new T[MaxRows * options.SharedHiddenSize];
        _y = new T[MaxRows * features];
        _dyActor = new T[MaxRows * features];
        _dyCritic = new T[MaxRows * features];
    }

    /// <summary>The options the agent was built from.</summary>
    public PpoOptions Options { get; }
    /// <summary>Observation width.</summary>
    public int ObservationSize { get; }
    /// <summary>The action space.</summary>
    public ActionSpace ActionSpace { get; }
    /// <summary>True for a categorical policy.</summary>
    public bool IsDiscrete { get; }
    /// <summary>Width of the actor output: logits (discrete) or means (continuous).</summary>
    public int ActionDim { get; }
    /// <summary>Most rows one forward pass can hold.</summary>
    public int MaxRows { get; }
    /// <summary>obs → Dense(H) → tanh.</summary>
    public Mlp<T> Shared { get; }
    /// <summary>The learning copy of the recurrent layer (B = minibatch size); its parameters are trained.</summary>
    public IRecurrentLayer<T> Recurrent { get; }
    /// <summary>The actor head (logits or means).</summary>
    public Mlp<T> Actor { get; }
    /// <summary>The critic head.</summary>
    public Mlp<T> Critic { get; }
    /// <summary>State-independent log σ (empty for discrete actions).</summary>
    public ParameterSet<T> LogStd { get; }
    /// <summary>Every learnable parameter set, in checkpoint order.</summary>
    public IReadOnlyList<ParameterSet<T>> Parameters { get; }
    /// <summary>Number of learnable scalars.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Count);

    /// <summary>Creates another recurrent layer with <paramref name="batchSize"/> streams and the learning copy's parameters.</summary>
    public IRecurrentLayer<T> CreateRecurrentLayer(int batchSize)
    {
        var layer = RecurrentLayerFactory.Create<T>(Options.SharedHiddenSize, Options.Recurrent, batchSize, new Rng(0));
        layer.Parameters.CopyValuesFrom(Recurrent.Parameters);
        return layer;
    }

    /// <summary>Copies the learning copy's recurrent parameters into <paramref name="layer"/>.</summary>
    public void SyncRecurrentParameters(IRecurrentLayer<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!ReferenceEquals(layer, Recurrent)) layer.Parameters.CopyValuesFrom(Recurrent.Parameters);
    }

    /// <summary>
    /// One step for <c>layer.BatchSize</c> rows: <paramref name="observations"/> [rows × obs] → actor output
    /// [rows × ActionDim] and values [rows]. The recurrent layer advances (state and traces) by one step.
    /// </summary>
    public void Forward(IRecurrentLayer<T> layer, ReadOnlySpan<T> observations, Span<T> policyOutput, Span<T> values)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int rows = layer.BatchSize, h = Options.SharedHiddenSize, f = layer.OutputSize;
        if (rows > MaxRows) throw new ArgumentException($"The layer has {rows} streams, more than the agent's {MaxRows} rows.", nameof(layer));
        Guard.Length(observations, rows * ObservationSize, nameof(observations));
        Guard.Length(policyOutput, rows * ActionDim, nameof(policyOutput));
        Guard.Length(values, rows, nameof(values));
        Shared.Forward(observations, _x.AsSpan(0, rows * h));
        layer.Step(_x.AsSpan(0, rows * h), _y.AsSpan(0, rows * f));
        Actor.Forward(_y.AsSpan(0, rows * f), policyOutput);
        Critic.Forward(_y.AsSpan(0, rows * f), values);
    }

    /// <summary>Advances the shared layer and <paramref name="layer"/> by one step without the heads (re-running a window).</summary>
    public void Advance(IRecurrentLayer<T> layer, ReadOnlySpan<T> observations)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int rows = layer.BatchSize, h = Options.SharedHiddenSize, f = layer.OutputSize;
        if (rows > MaxRows) throw new ArgumentException($"The layer has {rows} streams, more than the agent's {MaxRows} rows.", nameof(layer));
        Guard.Length(observations, rows * ObservationSize, nameof(observations));
        Shared.Forward(observations, _x.AsSpan(0, rows * h));
        layer.Step(_x.AsSpan(0, rows * h), _y.AsSpan(0, rows * f));
    }

    /// <summary>
    /// Back-propagates dL/d(actor output) and dL/dV of the last <see cref="Forward"/> on the learning layer into every
    /// parameter gradient: heads, the recurrent layer (exact RTRL from the loaded traces, or T-BPTT over its stored
    /// history) and the shared layer (one-step gradient, spec §2).
    /// </summary>
    public void Backward(ReadOnlySpan<T> policyGradient, ReadOnlySpan<T> valueGradient)
    {
        int rows = Recurrent.BatchSize, h = Options.SharedHiddenSize, f = Recurrent.OutputSize;
        Guard.Length(policyGradient, rows * ActionDim, nameof(policyGradient));
        Guard.Length(valueGradient, rows, nameof(valueGradient));
        Span<T> dyA = _dyActor.AsSpan(0, rows * f), dyC = _dyCritic.AsSpan(0, rows * f), dx = _dx.AsSpan(0, rows * h);
        Actor.Backward(policyGradient, dyA);
        Critic.Backward(valueGradient, dyC);
        System.Numerics.Tensors.TensorPrimitives.Add(dyA, dyC, dyA);
        Recurrent.Backward(dyA, dx);
        Shared.Backward(dx, default);
    }
}

/// <summary>Orthogonal initialisation (Saxe et al.), as Flax's <c>orthogonal(gain)</c>, with zero biases.</summary>
internal static class Orthogonal
{
    /// <summary>Re-initialises every layer of <paramref name="mlp"/>: hidden layers with <paramref name="hiddenGain"/>, the last with <paramref name="outputGain"/>.</summary>
    public static void Initialize<T>(Mlp<T> mlp, double hiddenGain, double outputGain, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mlp.Layers.Count; i++)
        {
            var layer = mlp.Layers[i];
            Fill(layer.Parameters.Value(DenseLayer<T>.Weights), layer.InputSize, layer.OutputSize, i == mlp.Layers.Count - 1 ? outputGain : hiddenGain, rng);
            layer.Parameters.Value(DenseLayer<T>.Bias).Clear();
        }
    }

    /// <summary>Fills a rows × cols matrix with gain · (a matrix with orthonormal rows or columns, whichever are fewer).</summary>
    public static void Fill<T>(Span<T> w, int rows, int cols, double gain, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Orthonormalise k = min(rows, cols) Gaussian vectors of length m = max(rows, cols) (modified Gram–Schmidt).
        int k = Math.Min(rows, cols), m = Math.Max(rows, cols);
        var q = new double[k, m];
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < m; j++) q[a, j] = rng.NextGaussian();
            for (int b = 0; b < a; b++)
            {
                double dot = 0;
                for (int j = 0; j < m; j++) dot += q[a, j] * q[b, j];
                for (int j = 0; j < m; j++) q[a, j] -= dot * q[b, j];
            }
            double norm = 0;
            for (int j = 0; j < m; j++) norm += q[a, j] * q[a, j];
            norm = Math.Sqrt(norm);
            for (int j = 0; j < m; j++) q[a, j] /= norm;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                w[r * cols + c] = T.CreateTruncating(gain * (rows <= cols ? q[r, c] : q[c, r]));
    }
}
