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
    /// Recurrent-layer options with about the same number of recurrent parameters as a linear RTU of
    /// <paramref name="rtuUnits"/> units (the paper's comparison at equal recurrent parameters), or with exactly
    /// <paramref name="trunkUnits"/> units when that is positive.
    /// </summary>
    public static RecurrentLayerOptions Options(string name, int inputSize, int rtuUnits, int truncation, Activation activation, int trunkUnits = 0)
    {
        var arch = Parse(name);
        long budget = RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.LinearRtu, inputSize, rtuUnits);
        int units = trunkUnits > 0 ? trunkUnits
            : arch is RecurrentArchitecture.LinearRtu or RecurrentArchitecture.NonLinearRtu ? rtuUnits
            : RecurrentLayerFactory.UnitsForParameterBudget(arch, inputSize, budget);
        return new RecurrentLayerOptions
        {
            Architecture = arch,
            LearningRule = arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
            Units = units,
            Activation = activation,
            Truncation = arch == RecurrentArchitecture.Memoryless ? 1 : truncation,
        };
    }
}
