namespace Rtu.Onnx;

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
