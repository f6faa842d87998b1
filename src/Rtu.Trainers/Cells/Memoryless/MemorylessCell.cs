using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.Memoryless;

/// <summary>
/// The memoryless ablation y = f(x·W + b) (<see cref="FeedForwardCore{T}"/> in a one-step
/// <see cref="TruncatedBpttLayer{T}"/>): no state. Graph: "cell/W", "cell/b", "cell/matmul", "cell/add", "cell/act".
/// </summary>
public sealed class MemorylessCell : CellDefinition
{
    /// <summary>The definition.</summary>
    public static MemorylessCell Instance { get; } = new();

    private MemorylessCell() { }

    /// <inheritdoc />
    public override RecurrentArchitecture Architecture => RecurrentArchitecture.Memoryless;

    /// <inheritdoc />
    public override string Name => "memoryless";

    /// <inheritdoc />
    public override bool SupportsRtrl => false;

    /// <inheritdoc />
    public override long ParameterCount(int inputSize, int units) => (long)inputSize * units + units;

    /// <inheritdoc />
    public override int OutputWidth(int units) => units;

    /// <inheritdoc />
    public override IReadOnlyList<string> InputWeights { get; } = [FeedForwardCore<float>.Weights];

    /// <inheritdoc />
    public override string Label(RecurrentLayerOptions options) => "Memoryless";

    /// <inheritdoc />
    public override IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TruncatedBpttLayer<T>(new FeedForwardCore<T>(inputSize, options.Units, options.Activation, rng), 1, batchSize);
    }

    /// <inheritdoc />
    public override CellExport? Describe(IRecurrentLayer<float> layer) =>
        layer is TruncatedBpttLayer<float> { Core: FeedForwardCore<float> c } ? Export(c.InputSize, c.OutputSize, c.OutputSize, c.Activation, c.Parameters) : null;

    /// <summary>A description of a hand-made dense layer (W is [d, m]).</summary>
    public CellExport FromArrays(int inputSize, int outputSize, Activation activation, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        var p = FeedForwardCore<float>.CreateParameters(inputSize, outputSize);
        weights.CopyTo(p.Value(FeedForwardCore<float>.Weights)); bias.CopyTo(p.Value(FeedForwardCore<float>.Bias));
        return Export(inputSize, outputSize, outputSize, activation, p);
    }

    /// <inheritdoc />
    public override IReadOnlyList<StateTensor> States(CellExport cell) => [];

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, string>> Metadata(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        yield return new("activation", cell.Activation.ToString().ToLowerInvariant());
    }

    /// <inheritdoc />
    public override string Emit(ICellGraph graph, CellExport cell, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Validate(cell);
        string w = graph.Constant("cell/W", cell.Value(FeedForwardCore<float>.Weights), cell.InputSize, cell.OutputSize);
        string b = graph.Constant("cell/b", cell.Value(FeedForwardCore<float>.Bias), cell.OutputSize);
        string add = graph.Add("cell/add", graph.MatMul("cell/matmul", input, w), b);
        return graph.Activate(cell.Activation, add, "cell/act");
    }
}
