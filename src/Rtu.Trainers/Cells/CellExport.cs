using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells;

/// <summary>
/// A cell frozen for export: its definition, sizes, activation and a copy of its float32 parameters in the
/// definition's layout. Produced by <see cref="CellDefinition.Describe"/> (or <see cref="CellRegistry.Describe"/>) from a
/// trained layer; written into a graph by <see cref="CellDefinition.Emit"/>.
/// </summary>
public sealed class CellExport
{
    /// <summary>Freezes a copy of <paramref name="parameters"/> (and of <paramref name="settings"/>, if any).</summary>
    public CellExport(CellDefinition definition, int inputSize, int units, int outputSize, Activation activation, ParameterSet<float> parameters,
        IReadOnlyDictionary<string, double>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(units, nameof(units));
        Guard.Positive(outputSize, nameof(outputSize));
        Definition = definition; InputSize = inputSize; Units = units; OutputSize = outputSize; Activation = activation;
        Parameters = Copy(parameters, parameters.Segments.Select(s => s.Shape).ToArray());
        Settings = settings is null ? NoSettings : new Dictionary<string, double>(settings);
    }

    private static readonly IReadOnlyDictionary<string, double> NoSettings = new Dictionary<string, double>();

    /// <summary>The cell kind.</summary>
    public CellDefinition Definition { get; }

    /// <summary>Width of the cell input x.</summary>
    public int InputSize { get; }

    /// <summary>Units n (complex units for RTU/LRU, hidden units otherwise).</summary>
    public int Units { get; }

    /// <summary>Width of the cell output y.</summary>
    public int OutputSize { get; }

    /// <summary>The cell's activation (as the definition uses it).</summary>
    public Activation Activation { get; }

    /// <summary>The parameter values (a private copy; not shared with the layer).</summary>
    public ParameterSet<float> Parameters { get; }

    /// <summary>
    /// Fixed numbers of the cell that are options, not learned parameters, but that its graph needs (e.g. the gated
    /// RTU's gate scale); empty for most kinds. Keys are the definition's.
    /// </summary>
    public IReadOnlyDictionary<string, double> Settings { get; }

    /// <summary>The values of one parameter segment.</summary>
    public ReadOnlySpan<float> Value(string segment) => Parameters.Value(segment);

    /// <summary>The setting <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The description has no such setting (named).</exception>
    public double Setting(string name) => Settings.TryGetValue(name, out var v) ? v
        : throw new ArgumentException($"The {Definition.Name} description has no setting '{name}'.", nameof(name));

    /// <summary>
    /// The same cell reading <paramref name="extra"/> more input columns, which it ignores: zero rows are appended to
    /// each of the definition's <see cref="CellDefinition.InputWeights"/>.
    /// </summary>
    public CellExport WithIgnoredInputs(int extra)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extra);
        if (extra == 0) return this;
        var input = Definition.InputWeights;
        var shapes = Parameters.Segments
            .Select(s => input.Contains(s.Name) ? MoreRows(s.Shape, extra) : s.Shape).ToArray();
        return new CellExport(Definition, InputSize + extra, Units, OutputSize, Activation, Copy(Parameters, shapes), Settings);
    }

    private static int[] MoreRows(int[] shape, int extra)
    {
        var s = (int[])shape.Clone();
        s[0] += extra;
        return s;
    }

    // A set with the same segments and the given shapes; each segment's values are copied to its start (rows
    // appended to a row-major [rows, ...] segment stay zero).
    private static ParameterSet<float> Copy(ParameterSet<float> source, int[][] shapes)
    {
        var segments = source.Segments.Select((s, i) => (s.Name, (int[])shapes[i].Clone())).ToArray();
        var copy = new ParameterSet<float>(source.Name, segments);
        foreach (var s in source.Segments) source.Value(s.Name).CopyTo(copy.Value(s.Name));
        return copy;
    }
}
