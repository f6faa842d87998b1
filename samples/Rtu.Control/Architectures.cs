using Rtu.Trainers.Cells;
using Rtu.Trainers.Numerics;

namespace Rtu.Control;

/// <summary>The trunk names of the command line and how they map to recurrent layers.</summary>
internal static class Architectures
{
    public static readonly string[] Names = ["rtu-linear", "rtu-nonlinear", "online-lru", "gru", "mlp", "rtu-gated"];

    public static string NameOf(RecurrentArchitecture architecture) => architecture switch
    {
        RecurrentArchitecture.LinearRtu => "rtu-linear",
        RecurrentArchitecture.NonLinearRtu => "rtu-nonlinear",
        RecurrentArchitecture.Lru => "online-lru",
        RecurrentArchitecture.Gru => "gru",
        RecurrentArchitecture.GatedRtu => "rtu-gated",
        _ => "mlp",
    };

    public static RecurrentArchitecture Parse(string name) => name switch
    {
        "rtu-linear" => RecurrentArchitecture.LinearRtu,
        "rtu-nonlinear" => RecurrentArchitecture.NonLinearRtu,
        "online-lru" => RecurrentArchitecture.Lru,
        "gru" => RecurrentArchitecture.Gru,
        "mlp" => RecurrentArchitecture.Memoryless,
        "rtu-gated" => RecurrentArchitecture.GatedRtu,
        _ => throw new ArgumentException($"Unknown architecture '{name}'. Use one of: {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// Recurrent-layer options with about the same number of trained recurrent parameters as a linear RTU of
    /// <paramref name="rtuUnits"/> units (the paper's comparison at equal recurrent parameters), or with exactly
    /// <paramref name="trunkUnits"/> units when that is positive. <paramref name="openUnitShare"/> (gated RTU only; null:
    /// the cell's default) also sizes the gated trunk: an open unit trains half as many parameters as a gated one.
    /// <paramref name="decayGateInit"/> (gated RTU only; null: the cell's default) is the a₀ range of the gated units.
    /// </summary>
    public static RecurrentLayerOptions Options(string name, int inputSize, int rtuUnits, int truncation, Activation activation, int trunkUnits = 0,
        double? openUnitShare = null, (double Min, double Max)? decayGateInit = null)
    {
        var arch = Parse(name);
        if (openUnitShare is not null && arch != RecurrentArchitecture.GatedRtu)
            throw new ArgumentException($"--open-unit-share applies to rtu-gated only, not {name}.");
        if (decayGateInit is not null && arch != RecurrentArchitecture.GatedRtu)
            throw new ArgumentException($"--decay-gate-init applies to rtu-gated only, not {name}.");
        var options = new RecurrentLayerOptions
        {
            Architecture = arch,
            LearningRule = arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
            Activation = activation,
            Truncation = arch == RecurrentArchitecture.Memoryless ? 1 : truncation,
        };
        if (openUnitShare is double share) options = options with { OpenUnitShare = share };
        if (decayGateInit is var (min, max)) options = options with { DecayGateInitMin = min, DecayGateInitMax = max };
        long budget = RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.LinearRtu, inputSize, rtuUnits);
        int units = trunkUnits > 0 ? trunkUnits
            : arch is RecurrentArchitecture.LinearRtu or RecurrentArchitecture.NonLinearRtu ? rtuUnits
            : RecurrentLayerFactory.UnitsForParameterBudget(options, inputSize, budget);
        return options with { Units = units };
    }

    /// <summary>
    /// Parses --decay-gate-init "MIN,MAX" (invariant culture) into a valid a₀ range.
    /// </summary>
    /// <exception cref="ArgumentException">Not two numbers, or not 0 &lt; MIN ≤ MAX &lt; 1; the message says which and what was given.</exception>
    public static (double Min, double Max) ParseDecayGateInit(string text)
    {
        var parts = text.Split(',');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length != 2 || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, inv, out double min)
            || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, inv, out double max))
            throw new ArgumentException($"--decay-gate-init needs MIN,MAX (two numbers, e.g. 0.002,0.1), got '{text}'.");
        try { new RecurrentLayerOptions { DecayGateInitMin = min, DecayGateInitMax = max }.ValidateGatedRtuOptions(); }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"--decay-gate-init needs 0 < MIN <= MAX < 1, got MIN={min.ToString(inv)}, MAX={max.ToString(inv)}.");
        }
        return (min, max);
    }

    /// <summary>
    /// The run's name between the environment and the seed: the trunk, then "-openP" for a gated trunk whose open-unit
    /// share is not the default (P = the share in percent, e.g. "rtu-gated-open25"; "-open0" is the all-gated cell), then
    /// "-aMIN-MAX" for a gated trunk whose a₀ range is not the default (e.g. "rtu-gated-open25-a0.02-0.5", the earlier
    /// default cell), then "-nN" for a trunk of <paramref name="trunkUnits"/> set units (e.g. "rtu-gated-open25-n32").
    /// Distinct variants get distinct names, and the default cell has the plain name (before the share-0.5 default,
    /// "rtu-gated" runs were share 0.25 with a₀ in [0.02, 0.5]; results-gated-v8 and later are the new default).
    /// </summary>
    public static string RunLabel(RecurrentLayerOptions recurrent, int trunkUnits)
    {
        string label = NameOf(recurrent.Architecture);
        var defaults = new RecurrentLayerOptions();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (recurrent.Architecture == RecurrentArchitecture.GatedRtu && recurrent.OpenUnitShare != defaults.OpenUnitShare)
            label += "-open" + (recurrent.OpenUnitShare * 100).ToString("0.######", inv);
        if (recurrent.Architecture == RecurrentArchitecture.GatedRtu
            && (recurrent.DecayGateInitMin != defaults.DecayGateInitMin || recurrent.DecayGateInitMax != defaults.DecayGateInitMax))
            label += $"-a{recurrent.DecayGateInitMin.ToString(inv)}-{recurrent.DecayGateInitMax.ToString(inv)}";
        return trunkUnits > 0 ? $"{label}-n{trunkUnits}" : label;
    }
}
