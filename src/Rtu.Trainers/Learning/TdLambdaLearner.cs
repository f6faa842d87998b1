using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Cells;
using Rtu.Trainers.IO;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Learning;

/// <summary>
/// Online semi-gradient TD(λ) prediction with a recurrent layer and a linear value head (spec §3a):
/// v_t = wᵀ φ_t + b with φ_t = y_t = layer(o_t) (or [y_t; o_t] with the head's skip connection);
/// δ_t = C_{t+1} + γ v(o_{t+1}) − v(o_t); z_t = γλ z_{t−1} + ∇θ v_t over EVERY parameter (head and recurrent layer;
/// the layer's part is its RTRL or T-BPTT gradient); θ ← θ + α δ_t z_t (SGD) or Adam fed with −δ_t z_t.
/// It learns from a never-ending stream one step at a time and never needs the future: v(o_{t+1}) is computed with
/// the parameters before the update, then the update for step t is applied.
/// </summary>
/// <remarks>
/// <para>Streams: the layer's <see cref="IRecurrentLayer{T}.BatchSize"/> streams share parameters, each with its own state,
/// traces and eligibility trace; their updates are summed. The recurrent state is never reset (continuing task)
/// unless <see cref="ResetStream"/> is called.</para>
/// <para>Non-finite values (the one policy of every online learner in this library):
/// a non-finite observation, one too large for the layer (beyond ±√MaxValue, where its products with the weights overflow),
/// or an infinite cumulant is bad input and throws <see cref="ArgumentException"/> before anything changes; a NaN cumulant is a missing one: that stream's TD update is skipped (its eligibility trace goes on);
/// an update whose gradient is not finite (e.g. after an overflow), or that would make a parameter or optimizer moment
/// non-finite, is refused whole, so the parameters stay finite (<see cref="SkippedUpdates"/> counts them).</para>
/// </remarks>
public sealed class TdLambdaLearner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentLayer<T> _layer;
    private readonly ParameterSet<T>[] _sets;
    private readonly int _b, _m, _d, _f, _p;
    private readonly bool _skip;
    private readonly T[] _y, _phi, _dy, _v;
    private readonly T[][] _z;      // per stream, flat over all parameter sets
    private readonly T[][] _streamGrads; // ∇v(o_{t+1}) per stream, flat
    private readonly double[] _deltas;
    private readonly bool[] _hasPrevious;
    private readonly IOptimizer _optimizer;

    /// <summary>Creates a learner around <paramref name="layer"/> with a zero-initialised linear value head.</summary>
    /// <param name="layer">The recurrent layer; its parameters are learned.</param>
    /// <param name="options">The TD(λ) and optimizer settings.</param>
    /// <param name="headSeesInputs">The head reads φ = [y; o] (a linear skip path from the observation) instead of y.</param>
    public TdLambdaLearner(IRecurrentLayer<T> layer, TdLambdaOptions options, bool headSeesInputs = false)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _layer = layer; Options = options; _skip = headSeesInputs;
        _b = layer.BatchSize; _m = layer.OutputSize; _d = layer.InputSize;
        _f = _m + (_skip ? _d : 0);
        Head = DenseLayer<T>.Zeros(_f, 1, "head");
        _sets = [layer.Parameters, Head.Parameters];
        _p = _sets.Sum(s => s.Count);
        _y = new T[_b * _m]; _phi = new T[_b * _f]; _dy = new T[_b * _m]; _v = new T[_b];
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

    /// <summary>The linear value head, one output over φ: <c>w</c> [<see cref="HeadInputSize"/>, 1] and <c>b</c> [1].</summary>
    public DenseLayer<T> Head { get; }

    /// <summary>Width of φ, the head's input: the layer output, plus the observation with the skip connection.</summary>
    public int HeadInputSize => _f;

    /// <summary>Whether the head reads the observation too (φ = [y; o]).</summary>
    public bool HeadSeesInputs => _skip;

    /// <summary>The optimizer (for checkpoints).</summary>
    public IOptimizer Optimizer => _optimizer;

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>FLOPs per stream per step: layer, head, eligibility trace and update.</summary>
    public long FlopsPerStep => _layer.FlopsPerStep + 4L * _f + 2 + (Options.Optimizer == OptimizerKind.Adam ? 12L : 4L) * _p;

    /// <summary>
    /// Updates refused because their gradient was not finite or they would have made a parameter or optimizer moment
    /// non-finite (the step size is too large for the model): a run that needs to detect divergence reads this. Not saved; counts from construction or load.
    /// </summary>
    public long SkippedUpdates { get; private set; }

    /// <summary>Total learnable parameters (layer + head).</summary>
    public int ParameterCount => _p;

    /// <summary>φ of stream <paramref name="stream"/> at the last step: [y; o] or y (read it only).</summary>
    public ReadOnlySpan<T> HeadInput(int stream) => _phi.AsSpan(stream * _f, _f);

    /// <summary>v = wᵀφ + b with the current head weights.</summary>
    public T Value(ReadOnlySpan<T> phi)
    {
        Guard.Length(phi, _f, nameof(phi));
        return TensorPrimitives.Dot(Head.Parameters.Value(DenseLayer<T>.Weights), phi) + Head.Parameters.Value(DenseLayer<T>.Bias)[0];
    }

    /// <summary>
    /// Receives o_{t+1} and the cumulant C_{t+1} that arrived with it for every stream, writes the predictions
    /// v(o_{t+1}) (made before learning from this step), then learns from δ_t.
    /// </summary>
    /// <param name="observations">[B × d] observations o_{t+1}, finite and within ±√MaxValue of <typeparamref name="T"/> (the
    /// layer's bound, <see cref="IRecurrentLayer{T}.Step"/>).</param>
    /// <param name="cumulants">[B] cumulants C_{t+1} (ignored for a stream's first step; NaN: missing, no update from it).</param>
    /// <param name="predictions">[B] receives v(o_{t+1}).</param>
    /// <param name="learn">false: inference only: the parameters stay as they are and the eligibility traces restart
    /// (without this step's gradient they would be stale); the recurrent state still advances.</param>
    public void Observe(ReadOnlySpan<T> observations, ReadOnlySpan<double> cumulants, Span<double> predictions, bool learn = true)
    {
        Guard.Length(cumulants, _b, nameof(cumulants));
        Guard.Length(predictions, _b, nameof(predictions));
        foreach (double c in cumulants)
            if (double.IsInfinity(c)) throw new ArgumentException($"{nameof(cumulants)} contains {c}; NaN marks a missing cumulant, ±∞ is not allowed.", nameof(cumulants));
        // Validates the observations before anything changes.
        _layer.Step(observations, _y);
        for (int s = 0; s < _b; s++)
        {
            _y.AsSpan(s * _m, _m).CopyTo(_phi.AsSpan(s * _f));
            if (_skip) observations.Slice(s * _d, _d).CopyTo(_phi.AsSpan(s * _f + _m));
        }

        Span<double> deltas = _deltas;
        bool anyUpdate = false;
        for (int s = 0; s < _b; s++)
        {
            T v = Value(HeadInput(s));
            predictions[s] = double.CreateTruncating(v);
            if (learn && _hasPrevious[s] && !double.IsNaN(cumulants[s]))
            {
                double delta = cumulants[s] + Options.Gamma * predictions[s] - double.CreateTruncating(_v[s]);
                if (Options.TdErrorClip > 0) delta = Math.Clamp(delta, -Options.TdErrorClip, Options.TdErrorClip);
                deltas[s] = delta;
                anyUpdate = true;
            }
            else deltas[s] = 0;
        }
        StepCount++;

        if (!learn)
        {
            for (int s = 0; s < _b; s++) { Array.Clear(_z[s]); _hasPrevious[s] = false; }
            return;
        }

        // ∇θ v(o_{t+1}) at the pre-update parameters, for every stream; kept aside while the update for step t uses z_t.
        ComputeValueGradients();

        if (anyUpdate)
        {
            // Gradient for the optimizer: −Σ_s δ_s z_s (descent on −δ z ascends the TD objective).
            foreach (var set in _sets) set.ZeroGradients();
            for (int s = 0; s < _b; s++)
            {
                if (deltas[s] == 0) continue;
                AddScaledTrace(_z[s], T.CreateTruncating(-deltas[s]));
            }
            // Divergence guard: an update whose gradient is not finite, or that would make a parameter or optimizer
            // moment non-finite, is refused whole (the parameters keep their last finite values).
            if (!AllFiniteGradients() || !_optimizer.TryStep()) SkippedUpdates++;
        }

        // z_{t+1} = γλ z_t + ∇v_{t+1}
        T decay = T.CreateTruncating(Options.Gamma * Options.Lambda);
        for (int s = 0; s < _b; s++)
        {
            TensorPrimitives.MultiplyAdd(_z[s], decay, _streamGrads[s], _z[s]);
            _v[s] = T.CreateTruncating(predictions[s]);
            _hasPrevious[s] = true;
        }
    }

    // The per-stream gradients of v: the layer accumulates the SUM over streams, so compute one stream at a time
    // by back-propagating dL/dy that is w (its state part) in that stream and 0 elsewhere. B = 1 costs one Backward.
    private void ComputeValueGradients()
    {
        ReadOnlySpan<T> w = Head.Parameters.Value(DenseLayer<T>.Weights)[.._m];
        for (int s = 0; s < _b; s++)
        {
            _layer.Parameters.ZeroGradients();
            if (_b > 1) Array.Clear(_dy);
            w.CopyTo(_dy.AsSpan(s * _m, _m));
            _layer.Backward(_dy, default);
            var g = _streamGrads[s];
            _layer.Parameters.Gradients.CopyTo(g, 0);
            // Head: ∂v/∂w = φ, ∂v/∂b = 1.
            HeadInput(s).CopyTo(g.AsSpan(_layer.Parameters.Count, _f));
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

    private bool AllFiniteGradients()
    {
        foreach (var set in _sets) if (set.HasNonFiniteGradients()) return false;
        return true;
    }

    /// <summary>Starts a stream afresh: recurrent state, traces and eligibility trace to zero, no pending TD error.</summary>
    public void ResetStream(int stream)
    {
        Guard.Index(stream, _b, nameof(stream));
        _layer.ResetStream(stream);
        Array.Clear(_z[stream]);
        _hasPrevious[stream] = false;
        _v[stream] = T.Zero;
        _phi.AsSpan(stream * _f, _f).Clear();
    }

    /// <summary>Writes parameters, optimizer state, eligibility traces and every stream's carry.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteParameters(writer);
        writer.Write(StepCount);
        var carry = new T[_layer.CarrySize];
        for (int s = 0; s < _b; s++)
        {
            writer.Write(_hasPrevious[s]);
            writer.Write(double.CreateTruncating(_v[s]));
            BinaryRuns.WriteFloat64<T>(writer, _z[s]);
            _layer.CopyCarry(s, carry);
            BinaryRuns.WriteFloat64<T>(writer, carry);
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote; the learner must have the same architecture and sizes.</summary>
    /// <exception cref="InvalidDataException">The data is damaged: a negative step count, or a pending value, trace or
    /// carry that is NaN or ∞ in <typeparamref name="T"/> (a finite double beyond float's range included). A refused load
    /// leaves the learner as it was: the streams' states are read in full before any is replaced, and the parameters and
    /// optimizer state, which come first, are put back as they were.</exception>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // The parameters are read in place (the file's first part); kept aside, they are put back if anything after fails,
        // so that a refused file does not leave its weights next to the learner's own states.
        using var kept = new MemoryStream();
        using (var w = new BinaryWriter(kept, System.Text.Encoding.UTF8, leaveOpen: true)) WriteParameters(w);
        try { LoadAfterKeeping(reader); }
        catch
        {
            kept.Position = 0;
            using var r = new BinaryReader(kept, System.Text.Encoding.UTF8, leaveOpen: true);
            ReadParameters(r);
            throw;
        }
    }

    private void LoadAfterKeeping(BinaryReader reader)
    {
        ReadParameters(reader);
        long steps = reader.ReadInt64();
        if (steps < 0) throw new InvalidDataException($"Stored TD(λ) step count {steps} is invalid.");
        int c = _layer.CarrySize;
        var hasPrevious = new bool[_b];
        var v = new T[_b];
        var z = new T[_b * _p];
        var carries = new T[_b * c];
        for (int s = 0; s < _b; s++)
        {
            hasPrevious[s] = reader.ReadBoolean();
            v[s] = ReadFinite(reader, "pending value");
            BinaryRuns.ReadFloat64<T>(reader, z.AsSpan(s * _p, _p), static (_, _, x) => EnsureFinite(x, "eligibility trace"));
            BinaryRuns.ReadFloat64<T>(reader, carries.AsSpan(s * c, c), static (_, _, x) => EnsureFinite(x, "recurrent carry"));
        }
        StepCount = steps;
        for (int s = 0; s < _b; s++)
        {
            _hasPrevious[s] = hasPrevious[s];
            _v[s] = v[s];
            z.AsSpan(s * _p, _p).CopyTo(_z[s]);
            _layer.LoadCarry(s, carries.AsSpan(s * c, c));
        }
    }

    // The check follows the conversion: a finite double beyond float's range becomes ∞ in a float learner.
    private static T ReadFinite(BinaryReader reader, string what) => EnsureFinite(T.CreateTruncating(reader.ReadDouble()), what);

    private static T EnsureFinite(T x, string what) =>
        T.IsFinite(x) ? x : throw new InvalidDataException($"Stored TD(λ) learner {what} contains NaN or ∞.");

    // Pieces for the single-stream online models (OnlineRtuLearner), which keep their own file layout.
    internal void WriteParameters(BinaryWriter writer)
    {
        foreach (var set in _sets) set.Write(writer);
        _optimizer.Save(writer);
    }

    internal void ReadParameters(BinaryReader reader)
    {
        foreach (var set in _sets) set.Read(reader);
        _optimizer.Load(reader);
    }

    internal Span<T> Trace(int stream) => _z[stream];

    internal (bool HasPrevious, double Value) Pending(int stream) => (_hasPrevious[stream], double.CreateTruncating(_v[stream]));

    internal void SetPending(int stream, bool hasPrevious, double value, long steps)
    {
        _hasPrevious[stream] = hasPrevious;
        _v[stream] = T.CreateTruncating(value);
        StepCount = steps;
    }

    internal void SetHeadInput(int stream, ReadOnlySpan<T> phi) => phi.CopyTo(_phi.AsSpan(stream * _f, _f));
}
