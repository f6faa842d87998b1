using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// Everything the library knows about one cell kind, in one place: how to build its layer for either learning rule,
/// its parameter count and output width, how to read a trained layer for export, its recurrent state tensors, and
/// its one-step graph. One subclass per kind lives in the kind's folder (<c>Cells/&lt;Kind&gt;/</c>) and is listed
/// once in <see cref="CellRegistry"/>; the factory, the ML.NET adapter and the ONNX exporter ask the registry.
/// </summary>
public abstract class CellDefinition
{
    /// <summary>The user-facing selector this definition serves.</summary>
    public abstract RecurrentArchitecture Architecture { get; }

    /// <summary>The architecture tag written into exported graphs, e.g. <c>linear_rtu</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the kind learns with exact RTRL; otherwise it always uses T-BPTT.</summary>
    public abstract bool SupportsRtrl { get; }

    /// <summary>Number of learnable parameters for the given sizes (the length of the layer's parameter vector).</summary>
    public abstract long ParameterCount(int inputSize, int units);

    /// <summary>
    /// Number of parameters that training moves, for comparisons at equal parameters (<see cref="RecurrentLayerFactory.UnitsForParameterBudget(RecurrentLayerOptions, int, long)"/>):
    /// <see cref="ParameterCount"/> unless some stored entries are never trained with <paramref name="options"/> (the gated
    /// RTU's open units); <see cref="RecurrentLayerOptions.Units"/> is ignored.
    /// </summary>
    public virtual long TrainedParameterCount(int inputSize, int units, RecurrentLayerOptions options) => ParameterCount(inputSize, units);

    /// <summary>Width of the layer's output y (the state features) for <paramref name="units"/> units.</summary>
    public abstract int OutputWidth(int units);

    /// <summary>The parameter segments whose rows are indexed by the input (shape [inputSize, …]).</summary>
    public abstract IReadOnlyList<string> InputWeights { get; }

    /// <summary>Builds the layer for <paramref name="options"/> (its learning rule, units, activation, truncation).</summary>
    public abstract IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The export description of <paramref name="layer"/> when it is a layer of this kind, else null.</summary>
    public abstract CellExport? Describe(IRecurrentLayer<float> layer);

    /// <summary>The recurrent state tensors, in the order of the layer's carry (none for a memoryless cell).</summary>
    public abstract IReadOnlyList<StateTensor> States(CellExport cell);

    /// <summary>
    /// Writes one step of the cell reading <paramref name="input"/> [N, InputSize]: declares <see cref="States"/>,
    /// produces their next values, and returns the output tensor [N, OutputSize].
    /// </summary>
    public abstract string Emit(ICellGraph graph, CellExport cell, string input);

    /// <summary>Descriptive metadata of an exported cell (key, value).</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> Metadata(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        yield return new("units", cell.Units.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("activation", cell.Activation.ToString().ToLowerInvariant());
    }

    /// <summary>A short label such as <c>LinearRtu-RTRL</c> or <c>Gru-TBPTT(16)</c>.</summary>
    public virtual string Label(RecurrentLayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SupportsRtrl && options.LearningRule == LearningRule.Rtrl ? $"{Architecture}-RTRL" : $"{Architecture}-TBPTT({options.Truncation})";
    }

    /// <summary>The learning rule a user who only chose the architecture gets: RTRL when supported, else T-BPTT.</summary>
    public LearningRule DefaultLearningRule => SupportsRtrl ? LearningRule.Rtrl : LearningRule.Tbptt;

    /// <summary>Checks an export description of this kind: its layout and finite values.</summary>
    /// <exception cref="ArgumentException">Another kind's description, or a NaN/∞ parameter (named).</exception>
    public void Validate(CellExport cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!ReferenceEquals(cell.Definition, this))
            throw new ArgumentException($"The cell is a {cell.Definition.Name}, not a {Name}.", nameof(cell));
        foreach (var s in cell.Parameters.Segments)
            foreach (var v in cell.Value(s.Name))
                if (!float.IsFinite(v)) throw new ArgumentException($"{Name}.{s.Name}: contains a non-finite value ({v}).", nameof(cell));
        foreach (var (key, v) in cell.Settings)
            if (!double.IsFinite(v)) throw new ArgumentException($"{Name}.{key}: the setting is not finite ({v}).", nameof(cell));
    }

    /// <summary>A description of this kind over a copy of <paramref name="parameters"/>.</summary>
    protected CellExport Export(int inputSize, int units, int outputSize, Activation activation, ParameterSet<float> parameters,
        IReadOnlyDictionary<string, double>? settings = null) =>
        new(this, inputSize, units, outputSize, activation, parameters, settings);

    /// <inheritdoc />
    public override string ToString() => Name;
}
