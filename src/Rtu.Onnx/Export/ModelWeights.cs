namespace Rtu.Onnx;

// Plain weight records describing a model to export. Conventions (the core's): row vectors,
// x·W with W of shape [in, out], every matrix row-major float32.

/// <summary>Elementwise activation. Relu'(0) = 0 in the core; the forward pass is max(0, x).</summary>
public enum Activation
{
    /// <summary>f(x) = x.</summary>
    Identity,
    /// <summary>f(x) = max(0, x).</summary>
    Relu,
    /// <summary>f(x) = tanh(x).</summary>
    Tanh,
}

/// <summary>Dense layer y = act(x·W + b); W is [InputSize, OutputSize] row-major, b is [OutputSize].</summary>
public sealed record DenseWeights(int InputSize, int OutputSize, float[] W, float[] B, Activation Activation)
{
    internal void Validate(string where)
    {
        if (InputSize <= 0 || OutputSize <= 0)
            throw new ArgumentException($"{where}: sizes must be positive (in={InputSize}, out={OutputSize}).");
        Check.Length(W, (long)InputSize * OutputSize, $"{where}.W [{InputSize},{OutputSize}]");
        Check.Length(B, OutputSize, $"{where}.B [{OutputSize}]");
    }
}

/// <summary>A stack of dense layers applied in order.</summary>
public sealed record MlpWeights(IReadOnlyList<DenseWeights> Layers)
{
    /// <summary>Input width (of the first layer).</summary>
    public int InputSize => Layers[0].InputSize;

    /// <summary>Output width (of the last layer).</summary>
    public int OutputSize => Layers[^1].OutputSize;

    internal void Validate(string where)
    {
        if (Layers is null || Layers.Count == 0)
            throw new ArgumentException($"{where}: an MLP needs at least one layer.");
        for (int i = 0; i < Layers.Count; i++)
        {
            Layers[i].Validate($"{where}.Layers[{i}]");
            if (i > 0 && Layers[i].InputSize != Layers[i - 1].OutputSize)
                throw new ArgumentException(
                    $"{where}.Layers[{i}]: input size {Layers[i].InputSize} does not match the previous layer's output size {Layers[i - 1].OutputSize}.");
        }
    }
}

/// <summary>A recurrent (or memoryless) cell.</summary>
public abstract record CellWeights
{
    /// <summary>Width of the cell input x.</summary>
    public abstract int InputSize { get; }

    /// <summary>Width of the cell output y.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Architecture tag written into the ONNX metadata.</summary>
    public abstract string Architecture { get; }

    internal abstract void Validate();
}

/// <summary>Whether the RTU recurrence is linear (activation on the output) or not (activation inside).</summary>
public enum RtuKind
{
    /// <summary>h = a; y = act(concat(h1, h2)).</summary>
    Linear,
    /// <summary>h = act(a); y = concat(h1, h2).</summary>
    NonLinear,
}

/// <summary>
/// Recurrent Trace Units: n units, d inputs. r = exp(-exp(NuLog)), theta = exp(ThetaLog),
/// g = r cos theta, phi = r sin theta, eta = sqrt(1 - r²) + 1e-8;
/// a1 = g⊙h1 − phi⊙h2 + eta⊙(x·W1), a2 = g⊙h2 + phi⊙h1 + eta⊙(x·W2). W1, W2 are [d, n].
/// Output width 2n. State: h1 [N,n], h2 [N,n].
/// </summary>
public sealed record RtuWeights(
    RtuKind Kind, int Units, int InputDim, float[] NuLog, float[] ThetaLog, float[] W1, float[] W2, Activation Activation)
    : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => InputDim;

    /// <inheritdoc />
    public override int OutputSize => 2 * Units;

    /// <inheritdoc />
    public override string Architecture => Kind == RtuKind.Linear ? "linear_rtu" : "nonlinear_rtu";

    internal override void Validate()
    {
        if (Units <= 0 || InputDim <= 0) throw new ArgumentException($"RTU: sizes must be positive (units={Units}, inputs={InputDim}).");
        Check.Length(NuLog, Units, $"RTU.NuLog [{Units}]");
        Check.Length(ThetaLog, Units, $"RTU.ThetaLog [{Units}]");
        Check.Length(W1, (long)InputDim * Units, $"RTU.W1 [{InputDim},{Units}]");
        Check.Length(W2, (long)InputDim * Units, $"RTU.W2 [{InputDim},{Units}]");
    }
}

/// <summary>
/// Online LRU: n units, d inputs, m outputs. lambda = exp(-exp(NuLog))·e^{i exp(ThetaLog)},
/// gamma = exp(GammaLog); h_re' = λre⊙h_re − λim⊙h_im + gamma⊙(x·BRe);
/// h_im' = λre⊙h_im + λim⊙h_re + gamma⊙(x·BIm); y = act(h_re'·CRe − h_im'·CIm).
/// B* are [d, n], C* are [n, m]. State: h_re [N,n], h_im [N,n].
/// </summary>
public sealed record OnlineLruWeights(
    int Units, int InputDim, int OutputDim, float[] NuLog, float[] ThetaLog, float[] GammaLog,
    float[] BRe, float[] BIm, float[] CRe, float[] CIm, Activation Activation) : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => InputDim;

    /// <inheritdoc />
    public override int OutputSize => OutputDim;

    /// <inheritdoc />
    public override string Architecture => "online_lru";

    internal override void Validate()
    {
        if (Units <= 0 || InputDim <= 0 || OutputDim <= 0)
            throw new ArgumentException($"Online LRU: sizes must be positive (units={Units}, inputs={InputDim}, outputs={OutputDim}).");
        Check.Length(NuLog, Units, $"OnlineLru.NuLog [{Units}]");
        Check.Length(ThetaLog, Units, $"OnlineLru.ThetaLog [{Units}]");
        Check.Length(GammaLog, Units, $"OnlineLru.GammaLog [{Units}]");
        Check.Length(BRe, (long)InputDim * Units, $"OnlineLru.BRe [{InputDim},{Units}]");
        Check.Length(BIm, (long)InputDim * Units, $"OnlineLru.BIm [{InputDim},{Units}]");
        Check.Length(CRe, (long)Units * OutputDim, $"OnlineLru.CRe [{Units},{OutputDim}]");
        Check.Length(CIm, (long)Units * OutputDim, $"OnlineLru.CIm [{Units},{OutputDim}]");
    }
}

/// <summary>
/// GRU: n hidden, d inputs. Wx [d,3n], Wh [n,3n], B [3n], column blocks (z | r | c).
/// z = σ(x·Wx_z + h·Wh_z + b_z); r = σ(x·Wx_r + h·Wh_r + b_r); c = tanh(x·Wx_c + (r⊙h)·Wh_c + b_c);
/// h' = (1−z)⊙h + z⊙c; y = h'. State: h [N,n].
/// </summary>
public sealed record GruWeights(int Hidden, int InputDim, float[] Wx, float[] Wh, float[] B) : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => InputDim;

    /// <inheritdoc />
    public override int OutputSize => Hidden;

    /// <inheritdoc />
    public override string Architecture => "gru";

    internal override void Validate()
    {
        if (Hidden <= 0 || InputDim <= 0) throw new ArgumentException($"GRU: sizes must be positive (hidden={Hidden}, inputs={InputDim}).");
        Check.Length(Wx, (long)InputDim * 3 * Hidden, $"GRU.Wx [{InputDim},{3 * Hidden}]");
        Check.Length(Wh, (long)Hidden * 3 * Hidden, $"GRU.Wh [{Hidden},{3 * Hidden}]");
        Check.Length(B, 3L * Hidden, $"GRU.B [{3 * Hidden}]");
    }
}

/// <summary>Memoryless cell y = act(x·W + b): a dense layer, no state.</summary>
public sealed record MemorylessWeights(DenseWeights Layer) : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => Layer.InputSize;

    /// <inheritdoc />
    public override int OutputSize => Layer.OutputSize;

    /// <inheritdoc />
    public override string Architecture => "memoryless";

    internal override void Validate() => Layer.Validate("Memoryless.Layer");
}

/// <summary>The heads on top of the cell.</summary>
public abstract record HeadWeights
{
    /// <summary>Head kind tag written into the ONNX metadata.</summary>
    public abstract string Kind { get; }
}

/// <summary>
/// Prediction head: dense layers → output <c>prediction [N,k]</c>. With <see cref="OutputScale"/> and
/// <see cref="OutputOffset"/> ([k] each, both or neither) the output is mapped back to the label's units:
/// prediction = head(features) ⊙ scale + offset (for a model trained on standardised labels).
/// </summary>
public sealed record PredictionHeadWeights(MlpWeights Layers, float[]? OutputScale = null, float[]? OutputOffset = null) : HeadWeights
{
    /// <inheritdoc />
    public override string Kind => "prediction";
}

/// <summary>
/// Actor-critic heads. Discrete: actor → <c>logits [N,A]</c>. Continuous: actor → <c>mean [N,A]</c>
/// plus the state-independent <see cref="LogStd"/> [A] exported as <c>log_std [N,A]</c> (broadcast).
/// Critic → <c>value [N,1]</c>.
/// </summary>
public sealed record ActorCriticHeadWeights(MlpWeights Actor, MlpWeights Critic, bool Continuous, float[]? LogStd = null) : HeadWeights
{
    /// <inheritdoc />
    public override string Kind => Continuous ? "actor_critic_continuous" : "actor_critic_discrete";
}

/// <summary>
/// Standardisation of the raw observation inside the graph: obs_n = (obs − Mean) / Std, optionally clamped to
/// ±<see cref="Clip"/>. Mean and Std are [d_obs] (the running statistics frozen at export), Std &gt; 0.
/// </summary>
public sealed record InputNormalizationWeights(float[] Mean, float[] Std, float? Clip = null)
{
    /// <summary>
    /// When true, a non-finite observation value (NaN or ±∞, i.e. missing) is replaced by <see cref="Mean"/> before
    /// standardisation, so it normalises to 0 (mean imputation, as an online normaliser that skips missing values does).
    /// When false (default) a NaN propagates through the graph.
    /// </summary>
    public bool ImputeNonFinite { get; init; }

    internal void Validate(int observationSize)
    {
        Check.Length(Mean, observationSize, $"InputNormalization.Mean [{observationSize}]");
        Check.Length(Std, observationSize, $"InputNormalization.Std [{observationSize}]");
        foreach (var s in Std)
            if (!(s > 0)) throw new ArgumentException($"InputNormalization.Std: every value must be positive, got {s}.");
        if (Clip is float c && !(c > 0 && float.IsFinite(c)))
            throw new ArgumentException($"InputNormalization.Clip must be positive and finite, got {c}.");
    }
}

/// <summary>
/// A whole model: optional input normalisation → optional input MLP (obs → x) → cell → heads.
/// </summary>
/// <param name="ObservationSize">Width d_obs of the <c>obs</c> input.</param>
/// <param name="InputMlp">Optional MLP from obs to the cell input.</param>
/// <param name="Cell">The recurrent or memoryless cell.</param>
/// <param name="Heads">Prediction head or actor-critic heads; null only when <see cref="OutputFeatures"/> is true (a pure feature map).</param>
/// <param name="InputNormalization">Optional standardisation of <c>obs</c>, applied first.</param>
public sealed record RecurrentModelWeights(int ObservationSize, MlpWeights? InputMlp, CellWeights Cell, HeadWeights? Heads,
    InputNormalizationWeights? InputNormalization = null)
{
    /// <summary>
    /// When true the heads read concat(cell output, cell input) — a linear skip path from the (normalised) cell input
    /// to the heads — instead of the cell output alone; their input width is then Cell.OutputSize + Cell.InputSize.
    /// Default false.
    /// </summary>
    public bool HeadSkipConnection { get; init; }

    /// <summary>
    /// When true the graph also outputs the cell output as <c>features [N, Cell.OutputSize]</c> (e.g. the RTU state
    /// features y = act(concat(h1, h2))). Default false.
    /// </summary>
    public bool OutputFeatures { get; init; }

    /// <summary>Extra metadata properties written into the model (they may not replace the exporter's own keys).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Width of the heads' input: the cell output, plus the cell input with <see cref="HeadSkipConnection"/>.</summary>
    public int HeadInputSize => Cell.OutputSize + (HeadSkipConnection ? Cell.InputSize : 0);
}

internal static class Check
{
    public static void Length(float[]? a, long expected, string what)
    {
        if (a is null) throw new ArgumentException($"{what}: array is null.");
        if (a.Length != expected)
            throw new ArgumentException($"{what}: expected {expected} values, got {a.Length}.");
        foreach (var v in a)
            if (!float.IsFinite(v)) throw new ArgumentException($"{what}: contains a non-finite value ({v}).");
    }
}
