using Rtu.Trainers.Cells;
using ScottPlot;

namespace Rtu.Samples;

/// <summary>
/// One colour per kind of recurrent cell in every sample's plots (Category10), so a cell reads the same across samples
/// (the gated RTU was blue in one sample, gray in another and cyan in a third). Compiled into each plotting sample
/// as a linked file rather than a project: samples stay independent of each other.
/// </summary>
public static class CellColors
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>The Category10 colours no cell kind takes (brown, pink, gray, olive), for curves of something else.</summary>
    public static readonly Color[] Others = [Palette.GetColor(5), Palette.GetColor(6), Palette.GetColor(7), Palette.GetColor(8)];

    /// <summary>The colour of <paramref name="architecture"/>: GRU blue, memoryless orange, Online LRU green, linear RTU red,
    /// non-linear RTU purple, gated RTU cyan (far from the linear RTU's red).</summary>
    public static Color Of(RecurrentArchitecture architecture) => Palette.GetColor(architecture switch
    {
        RecurrentArchitecture.Gru => 0,
        RecurrentArchitecture.Memoryless => 1,
        RecurrentArchitecture.Lru => 2,
        RecurrentArchitecture.LinearRtu => 3,
        RecurrentArchitecture.NonLinearRtu => 4,
        RecurrentArchitecture.GatedRtu => 9,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "No colour for this architecture."),
    });

    /// <summary>A variant of the cell (another learning rule, initialisation or size): its hue, lighter.</summary>
    public static Color VariantOf(RecurrentArchitecture architecture) => Of(architecture).Lighten(0.45);
}
