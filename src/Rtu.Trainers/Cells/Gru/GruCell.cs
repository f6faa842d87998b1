using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Gru;

/// <summary>
/// The GRU (T-BPTT only): layout of <see cref="GruCore{T}"/> (Wx [d,3n], Wh [n,3n], b [3n], column blocks z | r | c),
/// state <c>h</c> [n], output y = h'.
/// </summary>
/// <remarks>
/// The graph splits the column blocks into constants "gru/Wx_z", "gru/Wh_z", "gru/b_z" (and _r, _c); named nodes
/// "gru/z", "gru/r", "gru/c", "gru/keep" ((1−z)⊙h), "gru/write" (z⊙c); next h = keep + write.
/// </remarks>
public sealed class GruCell : CellDefinition
{
    /// <summary>The definition.</summary>
    public static GruCell Instance { get; } = new();

    private GruCell() { }

    /// <inheritdoc />
    public override RecurrentArchitecture Architecture => RecurrentArchitecture.Gru;

    /// <inheritdoc />
    public override string Name => "gru";

    /// <inheritdoc />
    public override bool SupportsRtrl => false;

    /// <inheritdoc />
    public override long ParameterCount(int inputSize, int units) => 3L * inputSize * units + 3L * units * units + 3L * units;

    /// <inheritdoc />
    public override int OutputWidth(int units) => units;

    /// <inheritdoc />
    public override IReadOnlyList<string> InputWeights { get; } = [GruCore<float>.Wx];

    /// <inheritdoc />
    public override IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TruncatedBpttLayer<T>(new GruCore<T>(inputSize, options.Units, rng), options.Truncation, batchSize);
    }

    /// <inheritdoc />
    public override CellExport? Describe(IRecurrentLayer<float> layer) =>
        layer is TruncatedBpttLayer<float> { Core: GruCore<float> c } ? Export(c.InputSize, c.StateSize, c.OutputSize, Activation.Tanh, c.Parameters) : null;

    /// <summary>A description of hand-made GRU weights.</summary>
    public CellExport FromArrays(int hidden, int inputSize, ReadOnlySpan<float> wx, ReadOnlySpan<float> wh, ReadOnlySpan<float> bias)
    {
        var p = GruCore<float>.CreateParameters(inputSize, hidden);
        wx.CopyTo(p.Value(GruCore<float>.Wx)); wh.CopyTo(p.Value(GruCore<float>.Wh)); bias.CopyTo(p.Value(GruCore<float>.Bias));
        return Export(inputSize, hidden, hidden, Activation.Tanh, p);
    }

    /// <inheritdoc />
    public override IReadOnlyList<StateTensor> States(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return [new("h", cell.Units, "GRU hidden state; zeros at episode start")];
    }

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, string>> Metadata(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        yield return new("units", cell.Units.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override string Emit(ICellGraph graph, CellExport cell, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Validate(cell);
        int n = cell.Units, d = cell.InputSize;
        ReadOnlySpan<float> wx = cell.Value(GruCore<float>.Wx), wh = cell.Value(GruCore<float>.Wh), bias = cell.Value(GruCore<float>.Bias);
        string[] gates = ["z", "r", "c"];
        for (int gi = 0; gi < 3; gi++)
        {
            graph.Constant($"gru/Wx_{gates[gi]}", Columns(wx, d, 3 * n, gi * n, n), d, n);
            graph.Constant($"gru/Wh_{gates[gi]}", Columns(wh, n, 3 * n, gi * n, n), n, n);
            graph.Constant($"gru/b_{gates[gi]}", bias.Slice(gi * n, n), n);
        }
        string one = graph.Constant("gru/one", [1f], 1);
        var state = States(cell)[0];
        string h = graph.State(state.Suffix, n, state.Doc);

        string Gate(string g, string hIn) =>
            graph.Add($"gru/{g}_pre",
                graph.Add($"gru/{g}_xh", graph.MatMul($"gru/x_Wx_{g}", input, $"gru/Wx_{g}"), graph.MatMul($"gru/{g}_h_Wh", hIn, $"gru/Wh_{g}")),
                $"gru/b_{g}");

        string z = graph.Apply(CellOp.Sigmoid, "gru/z", Gate("z", h));
        string r = graph.Apply(CellOp.Sigmoid, "gru/r", Gate("r", h));
        string rh = graph.Mul("gru/r_h", r, h);
        string c = graph.Apply(CellOp.Tanh, "gru/c", Gate("c", rh));
        string keep = graph.Mul("gru/keep", graph.Sub("gru/one_minus_z", one, z), h);
        string write = graph.Mul("gru/write", z, c);
        return graph.Add(graph.NextStateName("h"), keep, write);
    }

    private static float[] Columns(ReadOnlySpan<float> m, int rows, int cols, int start, int count)
    {
        var res = new float[rows * count];
        for (int i = 0; i < rows; i++) m.Slice(i * cols + start, count).CopyTo(res.AsSpan(i * count, count));
        return res;
    }
}
