using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Learning;

/// <summary>
/// Online semi-gradient TD(λ) prediction with a recurrent layer and a linear value head (spec §3a):
/// v_t = wᵀ y_t + b with y_t = layer(o_t); δ_t = C_{t+1} + γ v(o_{t+1}) − v(o_t);
/// z_t = γλ z_{t−1} + ∇θ v_t over EVERY parameter (head and recurrent layer; the layer's part is its RTRL or
/// T-BPTT gradient); θ ← θ + α δ_t z_t (SGD) or Adam fed with −δ_t z_t.
/// It learns from a never-ending stream one step at a time and never needs the future: v(o_{t+1}) is computed with
/// the parameters before the update, then the update for step t is applied.
/// </summary>
/// <remarks>
/// Streams: the layer's <see cref="IRecurrentLayer{T}.BatchSize"/> streams share parameters, each with its own state,
/// traces and eligibility trace; their updates are summed. The recurrent state is never reset (continuing task)
/// unless <see cref="ResetStream"/> is called.
/// </remarks>
public sealed class TdLambdaLearner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentLayer<T> _layer;
    private readonly ParameterSet<T>[] _sets;
    private readonly int _b, _m, _p;
    private readonly T[] _y, _dy, _v;
    private readonly T[][] _z;      // per stream, flat over all parameter sets
    private readonly T[][] _streamGrads; // ∇v(o_{t+1}) per stream, flat
    private readonly double[] _deltas;
    private readonly bool[] _hasPrevious;
    private readonly IOptimizer _optimizer;

    /// <summary>Creates a learner around <paramref name="layer"/> with a zero-initialised linear value head.</summary>
    public TdLambdaLearner(IRecurrentLayer<T> layer, TdLambdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _layer = layer; Options = options;
        _b = layer.BatchSize; _m = layer.OutputSize;
        Head = new ParameterSet<T>("value_head", ("w", [_m]), ("b", [1]));
        _sets = [layer.Parameters, Head];
        _p = _sets.Sum(s => s.Count);
        _y = new T[_b * _m]; _dy = new T[_b * _m]; _v = new T[_b];
        _z = Enumerable.Range(0, _b).Select(_ => new T[_p]).ToArray();
        _streamGrads = Enumerable.Range(0, _b).Select(_ => new T[_p]).ToArray();
        _deltas = new double[_b];
        _hasPrevious = new bool[_b];
        _optimizer = options.Optimizer == OptimizerKind.Adam
            ? new Adam<T>(_sets, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon)
            : new Sgd<T>(_sets, options.LearningRate);
    }

    /// <summary>The options.</summary>
    public TdLambdaOptions Options { get; }

    /// <summary>The recurrent layer (its parameters are learned).</summary>
    public IRecurrentLayer<T> Layer => _layer;

    /// <summary>The linear value head: <c>w</c> [m] and <c>b</c> [1].</summary>
    public ParameterSet<T> Head { get; }

    /// <summary>The optimizer (for checkpoints).</summary>
    public IOptimizer Optimizer => _optimizer;

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>FLOPs per stream per step: layer, head, eligibility trace and update.</summary>
    public long FlopsPerStep => _layer.FlopsPerStep + 4L * _m + 2 + (Options.Optimizer == OptimizerKind.Adam ? 12L : 4L) * _p;

    /// <summary>Total learnable parameters (layer + head).</summary>
    public int ParameterCount => _p;

    /// <summary>
    /// Receives o_{t+1} and the cumulant C_{t+1} that arrived with it for every stream, writes the predictions
    /// v(o_{t+1}) (made before learning from this step), then learns from δ_t.
    /// </summary>
    /// <param name="observations">[B × d] observations o_{t+1}.</param>
    /// <param name="cumulants">[B] cumulants C_{t+1} (ignored for a stream's first step).</param>
    /// <param name="predictions">[B] receives v(o_{t+1}).</param>
    public void Observe(ReadOnlySpan<T> observations, ReadOnlySpan<double> cumulants, Span<double> predictions)
    {
        Guard.Length(cumulants, _b, nameof(cumulants));
        Guard.Length(predictions, _b, nameof(predictions));
        foreach (double c in cumulants) Guard.Finite(c, nameof(cumulants));
        // Validates the observations before anything changes.
        _layer.Step(observations, _y);

        ReadOnlySpan<T> w = Head.Value("w");
        T bias = Head.Value("b")[0];
        Span<double> deltas = _deltas;
        bool anyUpdate = false;
        for (int s = 0; s < _b; s++)
        {
            T v = TensorPrimitives.Dot(w, _y.AsSpan(s * _m, _m)) + bias;
            if (!T.IsFinite(v)) throw new InvalidOperationException($"The prediction of stream {s} is {v}; the model has diverged (lower the learning rate).");
            predictions[s] = double.CreateTruncating(v);
            if (_hasPrevious[s])
            {
                double delta = cumulants[s] + Options.Gamma * predictions[s] - double.CreateTruncating(_v[s]);
                if (Options.TdErrorClip > 0) delta = Math.Clamp(delta, -Options.TdErrorClip, Options.TdErrorClip);
                deltas[s] = delta;
                anyUpdate = true;
            }
            else deltas[s] = 0;
        }

        // ∇θ v(o_{t+1}) at the pre-update parameters, for every stream; kept aside while the update for step t uses z_t.
        ComputeValueGradients(w);

        if (anyUpdate)
        {
            // Gradient for the optimizer: −Σ_s δ_s z_s (descent on −δ z ascends the TD objective).
            foreach (var set in _sets) set.ZeroGradients();
            for (int s = 0; s < _b; s++)
            {
                if (deltas[s] == 0) continue;
                AddScaledTrace(_z[s], T.CreateTruncating(-deltas[s]));
            }
            _optimizer.Step();
        }

        // z_{t+1} = γλ z_t + ∇v_{t+1}
        T decay = T.CreateTruncating(Options.Gamma * Options.Lambda);
        for (int s = 0; s < _b; s++)
        {
            TensorPrimitives.MultiplyAdd(_z[s], decay, _streamGrads[s], _z[s]);
            _v[s] = T.CreateTruncating(predictions[s]);
            _hasPrevious[s] = true;
        }
        StepCount++;
    }

    // The per-stream gradients of v: the layer accumulates the SUM over streams, so compute one stream at a time
    // by back-propagating dL/dy that is w in that stream and 0 elsewhere. B = 1 costs one Backward.
    private void ComputeValueGradients(ReadOnlySpan<T> w)
    {
        for (int s = 0; s < _b; s++)
        {
            _layer.Parameters.ZeroGradients();
            if (_b > 1) Array.Clear(_dy);
            w.CopyTo(_dy.AsSpan(s * _m, _m));
            _layer.Backward(_dy, default);
            var g = _streamGrads[s];
            _layer.Parameters.Gradients.CopyTo(g, 0);
            // Head: ∂v/∂w = y, ∂v/∂b = 1.
            _y.AsSpan(s * _m, _m).CopyTo(g.AsSpan(_layer.Parameters.Count, _m));
            g[_p - 1] = T.One;
        }
    }

    private void AddScaledTrace(T[] z, T scale)
    {
        int offset = 0;
        foreach (var set in _sets)
        {
            TensorPrimitives.MultiplyAdd(z.AsSpan(offset, set.Count), scale, set.Gradients, set.Gradients);
            offset += set.Count;
        }
    }

    /// <summary>Starts a stream afresh: recurrent state, traces and eligibility trace to zero, no pending TD error.</summary>
    public void ResetStream(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        _layer.ResetStream(stream);
        Array.Clear(_z[stream]);
        _hasPrevious[stream] = false;
    }

    /// <summary>Writes parameters, optimizer state, eligibility traces and every stream's carry.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var set in _sets) set.Write(writer);
        _optimizer.Save(writer);
        writer.Write(StepCount);
        var carry = new T[_layer.CarrySize];
        for (int s = 0; s < _b; s++)
        {
            writer.Write(_hasPrevious[s]);
            writer.Write(double.CreateTruncating(_v[s]));
            foreach (var x in _z[s]) writer.Write(double.CreateTruncating(x));
            _layer.CopyCarry(s, carry);
            foreach (var x in carry) writer.Write(double.CreateTruncating(x));
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote; the learner must have the same architecture and sizes.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var set in _sets) set.Read(reader);
        _optimizer.Load(reader);
        StepCount = reader.ReadInt64();
        var carry = new T[_layer.CarrySize];
        for (int s = 0; s < _b; s++)
        {
            _hasPrevious[s] = reader.ReadBoolean();
            _v[s] = T.CreateTruncating(reader.ReadDouble());
            for (int i = 0; i < _p; i++) _z[s][i] = T.CreateTruncating(reader.ReadDouble());
            for (int i = 0; i < carry.Length; i++) carry[i] = T.CreateTruncating(reader.ReadDouble());
            _layer.LoadCarry(s, carry);
        }
    }
}
