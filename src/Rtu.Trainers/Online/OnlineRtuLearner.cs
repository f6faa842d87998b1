using System.Numerics.Tensors;
using Rtu.Trainers.Cells;
using Rtu.Trainers.IO;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Online;

/// <summary>
/// One stream's online learner: an RTU (exact RTRL) and linear heads over φ_t = [y_t; x_t] (RTU state, and the
/// inputs when <see cref="RtuLearnerSettings.SkipConnection"/> is on), learned one row at a time.
/// </summary>
/// <remarks>
/// <para>Output 1 is v_t = wᵀφ_t + b, learned by <see cref="TdLambdaLearner{T}"/> (one stream) over every parameter
/// (RTU and head) with Adam: δ_t = c_{t+1} + γ·v_{t+1} − v_t, z_t = γλ·z_{t−1} + ∇v_t, gradient −δ_t·z_t (spec §3a).
/// With γ = 0 this is online regression of the next label: v_t ≈ c_{t+1}.</para>
/// <para>Output h ≥ 2 is u_hᵀφ_t + a_h·e_{h,t} + b_h, an h-step head that predicts c_{t+1} + … + c_{t+h}; e_{h,t} is an
/// optional per-horizon input given by the caller (the forecaster passes the seasonal-naive guess of the same sum).
/// Its target is known h rows later; it is then learned by regression on the stored φ_{t−h}, e_{h,t−h} (head only, the
/// RTU is shaped by output 1).</para>
/// <para>Non-finite values follow <see cref="TdLambdaLearner{T}"/>'s policy: a missing label (NaN, or any non-finite
/// label) skips the updates that need it; inputs must be finite (the callers normalise and impute); an update whose
/// gradient is not finite, or that would make a parameter or optimizer moment non-finite, is refused (divergence
/// guard, counted by <see cref="RefusedUpdates"/>), so the parameters never become NaN.</para>
/// </remarks>
public sealed class OnlineRtuLearner
{
    private readonly int _d, _m, _f, _h;
    private readonly TdLambdaLearner<float> _td;
    private readonly double[] _label = new double[1], _value = new double[1];
    private readonly float[] _carry;
    private readonly float[][] _phiRing;   // φ_{t−k}, k = 0..H−1 (ring)
    private readonly float[][] _extraRing; // e_{h,t−k} per horizon head, same ring
    private readonly double[] _labelRing;  // c_{t−k}, k = 0..H−2 (ring)
    private readonly Adam<float>? _horizonAdam;
    private int _ring;
    private long _rows, _refusedHorizonUpdates;

    /// <summary>Creates a learner for inputs of <paramref name="inputSize"/> features.</summary>
    public OnlineRtuLearner(int inputSize, RtuLearnerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        settings.Validate();
        Settings = settings;
        _d = inputSize;
        var layer = RecurrentLayerFactory.Create<float>(inputSize, settings.Layer, 1, new Rng(settings.Seed));
        _td = new TdLambdaLearner<float>(layer, settings.Td, settings.SkipConnection);
        _m = layer.OutputSize;
        _f = _td.HeadInputSize;
        _h = settings.Horizon;
        if (_h > 1)
        {
            HorizonHeads = new ParameterSet<float>("horizon_heads", ("w", [_h - 1, _f + 1]), ("b", [_h - 1]));
            var td = settings.Td;
            _horizonAdam = new Adam<float>([HorizonHeads], td.LearningRate, td.Beta1, td.Beta2, td.Epsilon);
        }
        _carry = new float[layer.CarrySize];
        _phiRing = Enumerable.Range(0, _h).Select(_ => new float[_f]).ToArray();
        _extraRing = Enumerable.Range(0, _h).Select(_ => new float[Math.Max(0, _h - 1)]).ToArray();
        _labelRing = new double[Math.Max(1, _h - 1)];
    }

    /// <summary>The settings.</summary>
    public RtuLearnerSettings Settings { get; }

    /// <summary>Input width d.</summary>
    public int InputSize => _d;

    /// <summary>RTU state width (2n for RTUs).</summary>
    public int StateSize => _m;

    /// <summary>Head input width: state, plus inputs with the skip connection.</summary>
    public int HeadInputSize => _f;

    /// <summary>The recurrent layer (batch of one stream) for exporters: parameters, carry.</summary>
    public IRecurrentLayer<float> Layer => _td.Layer;

    /// <summary>Output-1 head: v = wᵀ[state; inputs] + b, a <see cref="DenseLayer{T}"/> of HeadInputSize → 1.</summary>
    public DenseLayer<float> Head => _td.Head;

    /// <summary>Heads of outputs 2..H: <c>w</c> [H−1, HeadInputSize + 1] (the last column weighs the per-horizon input), <c>b</c> [H−1]; null when H = 1.</summary>
    public ParameterSet<float>? HorizonHeads { get; }

    /// <summary>Rows stepped.</summary>
    public long Rows => _rows;

    /// <summary>Updates made to the RTU and output 1's head (the optimizer's step count: saved, and not reset by <see cref="ResetState"/>).</summary>
    public long Updates => _td.Optimizer.StepCount;

    /// <summary>
    /// The step size of the next updates, of the RTU and every head: the settings' <see cref="TdLambdaOptions.LearningRate"/>
    /// unless a caller schedules it (<see cref="RtuForecasterSettings.EarlyStepFactor"/>). Not saved: a caller that
    /// changes it sets it before every <see cref="Step"/>.
    /// </summary>
    public double LearningRate
    {
        get => _td.Optimizer.LearningRate;
        set
        {
            if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "LearningRate must be positive and finite.");
            _td.Optimizer.LearningRate = value;
            if (_horizonAdam is not null) _horizonAdam.LearningRate = value;
        }
    }

    /// <summary>
    /// Updates refused by the divergence guard (non-finite gradient, or a step that would make a parameter or an
    /// optimizer moment non-finite: the step size is too large): the model keeps its last finite parameters.
    /// Counted since construction or load (not saved). Fit reads it to fail with a clear error.
    /// </summary>
    public long RefusedUpdates => _td.SkippedUpdates + _refusedHorizonUpdates;

    /// <summary>
    /// Advances the RTU with x_t and the label c_t that arrived with it (NaN: missing), learns from it when
    /// <paramref name="learn"/> is true, and writes the state y_t and the outputs for the next rows.
    /// </summary>
    /// <param name="inputs">x_t, finite, [InputSize].</param>
    /// <param name="label">c_t, the target of the previous row's output 1; NaN when missing.</param>
    /// <param name="learn">false: inference only (parameters unchanged).</param>
    /// <param name="state">receives y_t [StateSize] (may be empty).</param>
    /// <param name="outputs">receives the H outputs (may be empty).</param>
    /// <param name="horizonInputs">optional e_{h,t} for h = 2..H ([H−1], finite), or empty for zeros.</param>
    public void Step(ReadOnlySpan<float> inputs, double label, bool learn, Span<float> state, Span<float> outputs, ReadOnlySpan<float> horizonInputs = default)
    {
        if (!horizonInputs.IsEmpty) { Guard.Length(horizonInputs, _h - 1, nameof(horizonInputs)); Guard.Finite(horizonInputs, nameof(horizonInputs)); }
        Guard.Length(inputs, _d, nameof(inputs));
        if (!state.IsEmpty) Guard.Length(state, _m, nameof(state));
        if (!outputs.IsEmpty) Guard.Length(outputs, _h, nameof(outputs));
        if (!double.IsFinite(label)) label = double.NaN;
        _label[0] = label;
        _td.Observe(inputs, _label, _value, learn);   // validates the inputs before any state changes
        var phi = _td.HeadInput(0);
        if (learn && _h > 1) LearnHorizons(label);

        // Rings: φ_t and c_t for the horizon heads.
        _ring = (_ring + 1) % _h;
        phi.CopyTo(_phiRing[_ring]);
        if (horizonInputs.IsEmpty) Array.Clear(_extraRing[_ring]); else horizonInputs.CopyTo(_extraRing[_ring]);
        if (_h > 1) _labelRing[(int)(_rows % (_h - 1))] = label;
        _rows++;

        if (!state.IsEmpty) phi[.._m].CopyTo(state);
        if (!outputs.IsEmpty) Predict(outputs);
    }

    /// <summary>Writes the H outputs at the current state and parameters (after <see cref="Step"/>).</summary>
    public void Predict(Span<float> outputs)
    {
        Guard.Length(outputs, _h, nameof(outputs));
        var phi = _phiRing[_ring];
        outputs[0] = _td.Value(phi);
        for (int k = 1; k < _h; k++) outputs[k] = HorizonOutput(k, phi, _extraRing[_ring][k - 1]);
    }

    private float HorizonOutput(int k, ReadOnlySpan<float> phi, float extra)
    {
        var w = HorizonHeads!.Values.AsSpan((k - 1) * (_f + 1), _f + 1);
        return TensorPrimitives.Dot(w[.._f], phi) + w[_f] * extra + HorizonHeads.Value("b")[k - 1];
    }

    // Output h made at row t−h predicts c_{t−h+1} + … + c_t; learn it now that c_t arrived.
    private void LearnHorizons(double label)
    {
        var heads = HorizonHeads!;
        double clip = Settings.Td.TdErrorClip;
        heads.ZeroGradients();
        bool any = false;
        double sum = label;
        bool known = double.IsFinite(label);
        for (int h = 2; h <= _h; h++)
        {
            // c_{t−h+1}: the label h−1 rows back, kept in the label ring.
            long back = _rows - (h - 1);
            if (back < 0 || _rows < h) break;
            sum += _labelRing[(int)(back % (_h - 1))];
            known &= double.IsFinite(sum);
            if (!known) break;
            int at = ((_ring - (h - 1)) % _h + _h) % _h;
            var phi = _phiRing[at];
            float extra = _extraRing[at][h - 2];
            double err = HorizonOutput(h - 1, phi, extra) - sum;
            if (clip > 0) err = Math.Clamp(err, -clip, clip);
            var g = heads.Gradients.AsSpan((h - 2) * (_f + 1), _f + 1);
            TensorPrimitives.Multiply(phi, (float)err, g[.._f]);
            g[_f] = (float)err * extra;
            heads.Gradient("b")[h - 2] = (float)err;
            any = true;
        }
        if (any && (heads.HasNonFiniteGradients() || !_horizonAdam!.TryStep())) _refusedHorizonUpdates++;
    }

    /// <summary>
    /// All H outputs as one linear read-out, a copy: weights [(HeadInputSize + extra) × H] row-major and bias [H]. Rows
    /// 0..HeadInputSize−1 weigh φ = [state; inputs]: column 0 is output 1's head, column k the (k+1)-step head. With
    /// <paramref name="horizonInputs"/> the H − 1 rows after them weigh the per-horizon inputs e_2 … e_H (row
    /// HeadInputSize + k − 1 holds a_{k+1} in column k, zeros elsewhere); without, e is left out (as when it is 0).
    /// </summary>
    public (float[] Weights, float[] Bias) Readout(bool horizonInputs)
    {
        int rows = _f + (horizonInputs ? _h - 1 : 0);
        var weights = new float[rows * _h];
        var bias = new float[_h];
        ReadOnlySpan<float> w = Head.Parameters.Value(DenseLayer<float>.Weights);
        for (int i = 0; i < _f; i++) weights[i * _h] = w[i];
        bias[0] = Head.Parameters.Value(DenseLayer<float>.Bias)[0];
        for (int k = 1; k < _h; k++)
        {
            var hw = HorizonHeads!.Values.AsSpan((k - 1) * (_f + 1), _f + 1);
            for (int i = 0; i < _f; i++) weights[i * _h + k] = hw[i];
            if (horizonInputs) weights[(_f + k - 1) * _h + k] = hw[_f];
            bias[k] = HorizonHeads.Value("b")[k - 1];
        }
        return (weights, bias);
    }

    /// <summary>Starts the stream afresh: recurrent state, traces, eligibility trace and pending targets cleared; parameters kept.</summary>
    public void ResetState()
    {
        _td.ResetStream(0);
        foreach (var r in _phiRing) Array.Clear(r);
        foreach (var r in _extraRing) Array.Clear(r);
        Array.Fill(_labelRing, double.NaN);
        _rows = 0; _ring = 0;
    }

    /// <summary>Writes parameters, optimizer moments, eligibility trace, carry and pending targets: everything to continue bit for bit.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Settings.Write(writer);
        writer.Write(_d);
        _td.WriteParameters(writer);
        if (HorizonHeads is not null) { HorizonHeads.Write(writer); _horizonAdam!.Save(writer); }
        var (hasPrevious, vPrevious) = _td.Pending(0);
        writer.Write(_rows); writer.Write(_ring); writer.Write(hasPrevious); writer.Write(vPrevious);
        ModelBinary.WriteFloats(writer, _td.Trace(0));
        var carry = new float[Layer.CarrySize]; // local: Save only reads, so concurrent saves of one model are safe
        Layer.CopyCarry(0, carry);
        ModelBinary.WriteFloats(writer, carry);
        foreach (var r in _phiRing) ModelBinary.WriteFloats(writer, r);
        foreach (var r in _extraRing) ModelBinary.WriteFloats(writer, r);
        BinaryRuns.Write<double>(writer, _labelRing);
    }

    /// <summary>Reads a learner written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The data is not a learner or is damaged.</exception>
    public static OnlineRtuLearner Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var settings = RtuLearnerSettings.Read(reader);
        int d = reader.ReadInt32();
        if (d < 1 || d > 1_000_000) throw new InvalidDataException($"Stored learner input size {d} is invalid.");
        var l = new OnlineRtuLearner(d, settings);
        l._td.ReadParameters(reader);
        if (l.HorizonHeads is not null) { l.HorizonHeads.Read(reader); l._horizonAdam!.Load(reader); }
        l._rows = reader.ReadInt64(); l._ring = reader.ReadInt32();
        bool hasPrevious = reader.ReadBoolean(); double vPrevious = reader.ReadDouble();
        if (l._rows < 0 || l._ring < 0 || l._ring >= l._h) throw new InvalidDataException("Stored learner counters are invalid.");
        // The pending value is a float prediction: a double beyond float's range is as damaged as NaN.
        if (!float.IsFinite((float)vPrevious)) throw new InvalidDataException("Stored learner pending value is NaN or ∞.");
        l._td.SetPending(0, hasPrevious, vPrevious, l._rows);
        ModelBinary.ReadFloats(reader, l._td.Trace(0));
        ModelBinary.ReadFloats(reader, l._carry);
        l.Layer.LoadCarry(0, l._carry);
        foreach (var r in l._phiRing) ModelBinary.ReadFloats(reader, r);
        foreach (var r in l._extraRing) ModelBinary.ReadFloats(reader, r);
        // NaN marks a missing label; ∞ is never stored (Step turns a non-finite label into NaN).
        BinaryRuns.Read<double>(reader, l._labelRing);
        if (l._labelRing.Any(double.IsInfinity)) throw new InvalidDataException("Stored learner labels contain ∞.");
        l._td.SetHeadInput(0, l._phiRing[l._ring]);
        return l;
    }

    /// <summary>
    /// Takes the learned parameters (recurrent layer, one-step head, h-step heads) of <paramref name="other"/>, a learner of
    /// the same settings; its optimizer moments, state and traces are kept.
    /// </summary>
    public void CopyParametersFrom(OnlineRtuLearner other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Layer.Parameters.Values.Length != Layer.Parameters.Values.Length || other.Head.Parameters.Values.Length != Head.Parameters.Values.Length
            || (other.HorizonHeads is null) != (HorizonHeads is null) || (HorizonHeads is not null && other.HorizonHeads!.Values.Length != HorizonHeads.Values.Length))
            throw new ArgumentException("The learners' parameters differ in shape.", nameof(other));
        other.Layer.Parameters.Values.CopyTo(Layer.Parameters.Values, 0);
        other.Head.Parameters.Values.CopyTo(Head.Parameters.Values, 0);
        other.HorizonHeads?.Values.CopyTo(HorizonHeads!.Values, 0);
    }

    /// <summary>A deep copy (parameters, optimizer, state): the copy and the original then learn independently.</summary>
    public OnlineRtuLearner Clone() => ModelBinary.Copy(Save, Load);
}
