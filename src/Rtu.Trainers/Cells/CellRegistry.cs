using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Cells.Memoryless;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Trainers.Cells;

/// <summary>
/// The cell kinds the library knows, one line each. Adding a kind: a folder <c>Cells/&lt;Kind&gt;/</c> with its layer
/// and a <see cref="CellDefinition"/>, a <see cref="RecurrentArchitecture"/> member, and a line here.
/// </summary>
public static class CellRegistry
{
    private static readonly CellDefinition[] Definitions =
    [
        RtuCell.Linear,
        RtuCell.NonLinear,
        LruCell.Instance,
        GruCell.Instance,
        MemorylessCell.Instance,
        GatedRtuCell.Instance,
    ];

    /// <summary>Every registered definition, in registration order.</summary>
    public static IReadOnlyList<CellDefinition> All => Definitions;

    /// <summary>The definition behind <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No definition is registered for it.</exception>
    public static CellDefinition Get(RecurrentArchitecture architecture)
    {
        foreach (var d in Definitions)
            if (d.Architecture == architecture) return d;
        throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture.");
    }

    /// <summary>The definition whose graph tag is <paramref name="name"/> (e.g. <c>online_lru</c>), or null.</summary>
    public static CellDefinition? Find(string name)
    {
        foreach (var d in Definitions)
            if (d.Name == name) return d;
        return null;
    }

    /// <summary>The export description of a trained layer of any registered kind.</summary>
    /// <exception cref="NotSupportedException">No registered kind recognises the layer.</exception>
    public static CellExport Describe(IRecurrentLayer<float> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach (var d in Definitions)
            if (d.Describe(layer) is { } cell) return cell;
        throw new NotSupportedException($"ONNX export of {layer.GetType().Name} ({layer.Description}) is not supported.");
    }
}
