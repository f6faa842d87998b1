using ScottPlot;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// One colour per learner family, the same in every figure of a run: the families in ordinal order take the
/// Category10 colours (Category20 beyond ten), whatever subset a figure draws.
/// </summary>
public sealed class FamilyPalette
{
    private readonly Dictionary<string, Color> _colors = new(StringComparer.Ordinal);

    public FamilyPalette(IEnumerable<string> families)
    {
        var names = families.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        IPalette palette = names.Length <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        for (int i = 0; i < names.Length; i++) _colors[names[i]] = palette.GetColor(i);
    }

    /// <summary>The family's colour (gray for a family the palette was not built with).</summary>
    public Color Of(string family) => _colors.TryGetValue(family, out var color) ? color : Colors.Gray;
}
