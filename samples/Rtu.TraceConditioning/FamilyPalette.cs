using Rtu.Samples;
using Rtu.Trainers.Cells;
using ScottPlot;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// One colour per learner family, the same in every figure, every run and every sample: a family takes its cell's
/// colour (<see cref="CellColors"/>), lighter when it trains by T-BPTT a cell that the plan also trains by RTRL (linear
/// RTU, Online LRU); a family the plan does not know takes the colours no cell takes, in order.
/// </summary>
public sealed class FamilyPalette
{
    // Built from the plan itself, so a run without the gated RTU (the recorded full runs) colours the others as a quick run does.
    private static readonly Dictionary<string, Color> Known = ExperimentPlan.Architectures([1])
        .GroupBy(a => FamilyOf(a.Label, a.Truncation), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => ColorOf(g.First()), StringComparer.Ordinal);

    private readonly Dictionary<string, Color> _colors = new(Known, StringComparer.Ordinal);

    public FamilyPalette(IEnumerable<string> families)
    {
        var others = families.Distinct(StringComparer.Ordinal).Where(f => !Known.ContainsKey(f)).Order(StringComparer.Ordinal).ToArray();
        for (int i = 0; i < others.Length; i++) _colors[others[i]] = CellColors.Others[i % CellColors.Others.Length];
    }

    /// <summary>A learner's family: its label without the truncation length ("Gru-TBPTT(16)" → "Gru-TBPTT").</summary>
    public static string FamilyOf(string label, int truncation) =>
        truncation > 0 && label.Contains('(') ? label[..label.IndexOf('(')] : label;

    /// <summary>The family's colour (gray for a family the palette was not built with).</summary>
    public Color Of(string family) => _colors.TryGetValue(family, out var color) ? color : Colors.Gray;

    private static Color ColorOf(RecurrentLayerOptions learner) =>
        learner.LearningRule == LearningRule.Tbptt && learner.Architecture is not (RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless)
            ? CellColors.VariantOf(learner.Architecture) : CellColors.Of(learner.Architecture);
}
