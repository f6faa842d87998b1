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
    /// </summary>
    public static RecurrentLayerOptions Options(string name, int inputSize, int rtuUnits, int truncation, Activation activation, int trunkUnits = 0,
        double? openUnitShare = null)
    {
        var arch = Parse(name);
        if (openUnitShare is not null && arch != RecurrentArchitecture.GatedRtu)
            throw new ArgumentException($"--open-unit-share applies to rtu-gated only, not {name}.");
        var options = new RecurrentLayerOptions
        {
            Architecture = arch,
            LearningRule = arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
            Activation = activation,
            Truncation = arch == RecurrentArchitecture.Memoryless ? 1 : truncation,
        };
        if (openUnitShare is double share) options = options with { OpenUnitShare = share };
        long budget = RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.LinearRtu, inputSize, rtuUnits);
        int units = trunkUnits > 0 ? trunkUnits
            : arch is RecurrentArchitecture.LinearRtu or RecurrentArchitecture.NonLinearRtu ? rtuUnits
            : RecurrentLayerFactory.UnitsForParameterBudget(options, inputSize, budget);
        return options with { Units = units };
    }

    /// <summary>
    /// The run's name between the environment and the seed: the trunk, then "-openP" for a gated trunk whose open-unit
    /// share is not the default (P = the share in percent, e.g. "rtu-gated-open50"; "-open0" is the all-gated cell), then
    /// "-nN" for a trunk of <paramref name="trunkUnits"/> set units (e.g. "rtu-gated-open50-n32"). Distinct variants get
    /// distinct names, and the default cell keeps the plain name of earlier runs.
    /// </summary>
    public static string RunLabel(RecurrentLayerOptions recurrent, int trunkUnits)
    {
        string label = NameOf(recurrent.Architecture);
        if (recurrent.Architecture == RecurrentArchitecture.GatedRtu && recurrent.OpenUnitShare != new RecurrentLayerOptions().OpenUnitShare)
            label += "-open" + (recurrent.OpenUnitShare * 100).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
        return trunkUnits > 0 ? $"{label}-n{trunkUnits}" : label;
    }
}
