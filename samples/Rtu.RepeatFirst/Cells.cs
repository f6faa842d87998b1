using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;

namespace Rtu.RepeatFirstSample;

/// <summary>One recurrent cell of the comparison: a label, how to build it for 4 inputs, and its kind (for its colour;
/// <paramref name="Variant"/>: another setting of that kind's cell, drawn in a lighter shade).</summary>
public sealed record CellSpec(string Key, string Label, Func<int, Rng, IRecurrentLayer<float>> Create, RecurrentArchitecture Kind, bool Variant = false);

/// <summary>The cells of issue 17's supervised repeat-first table, plus the gated RTU with and without state feedback.</summary>
public static class Cells
{
    /// <summary>Every cell, in table order, for n complex units (2n outputs; memoryless and GRU get 2n hidden units).</summary>
    public static IReadOnlyList<CellSpec> All(int units) =>
    [
        Factory("memoryless", "memoryless", new() { Architecture = RecurrentArchitecture.Memoryless, LearningRule = LearningRule.Tbptt, Truncation = 1, Units = 2 * units }),
        Factory("linear-rtu", "linear RTU", new() { Architecture = RecurrentArchitecture.LinearRtu, Units = units }),
        Factory("linear-rtu-ring", "linear RTU, |λ| in [0.9, 0.999]", new() { Architecture = RecurrentArchitecture.LinearRtu, Units = units, RMin = 0.9, RMax = 0.999 }, variant: true),
        Factory("nonlinear-rtu", "non-linear RTU", new() { Architecture = RecurrentArchitecture.NonLinearRtu, Units = units }),
        Factory("online-lru", "Online LRU", new() { Architecture = RecurrentArchitecture.Lru, Units = units }),
        Factory("gru", "GRU T-BPTT(16)", new() { Architecture = RecurrentArchitecture.Gru, LearningRule = LearningRule.Tbptt, Truncation = 16, Units = 2 * units }),
        new("gated-rtu-x-only", "gated RTU, x-only gates (RG-LRU-like)", (d, rng) =>
            new GatedRtuLayer<float>(d, new GatedRtuOptions { Units = units, StateFeedback = false }, 1, rng), RecurrentArchitecture.GatedRtu, Variant: true),
        Factory("gated-rtu", "gated RTU", new() { Architecture = RecurrentArchitecture.GatedRtu, Units = units }),
    ];

    private static CellSpec Factory(string key, string label, RecurrentLayerOptions options, bool variant = false) =>
        new(key, label, (d, rng) => RecurrentLayerFactory.Create<float>(d, options, 1, rng), options.Architecture, variant);
}
