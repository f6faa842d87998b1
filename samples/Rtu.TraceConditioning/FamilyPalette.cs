using ScottPlot;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// One colour per learner family, the same in every figure and every run: every family the plan can hold, in ordinal
/// order, takes the Category10 colours (Category20 beyond ten), whatever subset a run or a figure draws; a family the
/// plan does not know comes after them.
/// </summary>
public sealed class FamilyPalette
{
    // Built from the plan itself, so a run without the gated RTU (the recorded full runs) colours the others as a quick run does.
    private static readonly string[] Known = ExperimentPlan.Architectures([1])
        .Select(a => FamilyOf(a.Label, a.Truncation)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private readonly Dictionary<string, Color> _colors = new(StringComparer.Ordinal);

    public FamilyPalette(IEnumerable<string> families)
    {
        var names = Known.Concat(families.Distinct(StringComparer.Ordinal).Except(Known, StringComparer.Ordinal).Order(StringComparer.Ordinal)).ToArray();
        IPalette palette = names.Length <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        for (int i = 0; i < names.Length; i++) _colors[names[i]] = palette.GetColor(i);
    }

    /// <summary>A learner's family: its label without the truncation length ("Gru-TBPTT(16)" → "Gru-TBPTT").</summary>
    public static string FamilyOf(string label, int truncation) =>
        truncation > 0 && label.Contains('(') ? label[..label.IndexOf('(')] : label;

    /// <summary>The family's colour (gray for a family the palette was not built with).</summary>
    public Color Of(string family) => _colors.TryGetValue(family, out var color) ? color : Colors.Gray;
}
