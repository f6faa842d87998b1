using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Cells.Memoryless;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Onnx;

/// <summary>
/// A recurrent (or memoryless) cell to export. Trained layers of every registered kind export as
/// <see cref="TrainedCellWeights"/> (<see cref="Export.TrainedModelExport.FromLayer"/>); the records
/// <see cref="RtuWeights"/>, <see cref="OnlineLruWeights"/>, <see cref="GruWeights"/> and <see cref="MemorylessWeights"/>
/// describe hand-made weights of the built-in kinds. Either way the graph is written by the kind's
/// <see cref="CellDefinition"/>.
/// </summary>
public abstract record CellWeights
{
    /// <summary>Width of the cell input x.</summary>
    public abstract int InputSize { get; }

    /// <summary>Width of the cell output y.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Architecture tag written into the ONNX metadata.</summary>
    public abstract string Architecture { get; }

    internal abstract void Validate();

    /// <summary>The cell in its definition's terms (called after <see cref="Validate"/>).</summary>
    internal abstract CellExport ToCellExport();

    /// <summary>
    /// The same cell reading <paramref name="extra"/> more input columns, which it ignores (zero input-weight rows
    /// appended by the kind's definition).
    /// </summary>
    public CellWeights WithIgnoredInputs(int extra)
    {
        Validate();
        return extra == 0 ? this : new TrainedCellWeights(ToCellExport().WithIgnoredInputs(extra));
    }
}

/// <summary>A cell of any registered kind, frozen by its <see cref="CellDefinition"/> (e.g. from a trained layer).</summary>
public sealed record TrainedCellWeights(CellExport Cell) : CellWeights
{
    /// <inheritdoc />
    public override int InputSize => Cell.InputSize;

    /// <inheritdoc />
    public override int OutputSize => Cell.OutputSize;

    /// <inheritdoc />
    public override string Architecture => Cell.Definition.Name;

    internal override void Validate()
    {
        if (Cell is null) throw new ArgumentException("TrainedCellWeights: the cell is null.");
        Cell.Definition.Validate(Cell);
    }

    internal override CellExport ToCellExport() => Cell;
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
/// g = r cos theta, phi = r sin theta, eta = sqrt(1 - r²) + 1e-8 (1 − r² computed without cancellation as r → 1),
/// stored as the float32 values the trainer uses (<see cref="RtuCell.Coefficients"/>);
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

    internal override CellExport ToCellExport() =>
        ((RtuCell)CellRegistry.Get(Kind == RtuKind.Linear ? RecurrentArchitecture.LinearRtu : RecurrentArchitecture.NonLinearRtu))
            .FromArrays(Units, InputDim, Activation.ToTrainers(), NuLog, ThetaLog, W1, W2);
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

    internal override CellExport ToCellExport() =>
        LruCell.Instance.FromArrays(Units, InputDim, OutputDim, Activation.ToTrainers(), NuLog, ThetaLog, GammaLog, BRe, BIm, CRe, CIm);
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

    internal override CellExport ToCellExport() => GruCell.Instance.FromArrays(Hidden, InputDim, Wx, Wh, B);
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

    internal override CellExport ToCellExport() =>
        MemorylessCell.Instance.FromArrays(Layer.InputSize, Layer.OutputSize, Layer.Activation.ToTrainers(), Layer.W, Layer.B);
}
