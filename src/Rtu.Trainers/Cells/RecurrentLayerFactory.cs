using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>Builds recurrent layers from <see cref="RecurrentLayerOptions"/> (each kind's <see cref="CellDefinition"/> in <see cref="CellRegistry"/>).</summary>
public static class RecurrentLayerFactory
{
    /// <summary>Creates a layer of <paramref name="batchSize"/> streams for inputs of <paramref name="inputSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown architecture or learning rule, or an
    /// <see cref="RecurrentLayerOptions.OpenUnitShare"/> outside [0, 1) (ParamName <c>OpenUnitShare</c>).</exception>
    public static IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize = 1, Rng? rng = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.LearningRule))
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRule, "Unknown learning rule.");
        options.ValidateGatedRtuOptions();
        return Definition(options.Architecture, nameof(options)).Create<T>(inputSize, options, batchSize, rng ?? new Rng(0));
    }

    /// <summary>Number of learnable recurrent-layer parameters for the given sizes (no heads).</summary>
    public static long ParameterCount(RecurrentArchitecture architecture, int inputSize, int units) =>
        Definition(architecture, nameof(architecture)).ParameterCount(inputSize, units);

    /// <summary>
    /// The largest unit count whose trained parameters (<see cref="CellDefinition.TrainedParameterCount"/>, for every cell but
    /// the gated RTU with open units <see cref="ParameterCount"/>) do not exceed <paramref name="budget"/> (at least 1);
    /// a gated RTU with the default <see cref="RecurrentLayerOptions.OpenUnitShare"/>.
    /// </summary>
    public static int UnitsForParameterBudget(RecurrentArchitecture architecture, int inputSize, long budget) =>
        UnitsForParameterBudget(new RecurrentLayerOptions { Architecture = architecture }, inputSize, budget);

    /// <summary>
    /// As <see cref="UnitsForParameterBudget(RecurrentArchitecture, int, long)"/> for the architecture of
    /// <paramref name="options"/> and, for the gated RTU, its <see cref="RecurrentLayerOptions.OpenUnitShare"/> (an open
    /// unit trains 2d + 2 parameters, a gated one 4d + 6); <see cref="RecurrentLayerOptions.Units"/> is ignored.
    /// </summary>
    public static int UnitsForParameterBudget(RecurrentLayerOptions options, int inputSize, long budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateGatedRtuOptions();
        var definition = Definition(options.Architecture, nameof(options));
        int units = 1;
        while (definition.TrainedParameterCount(inputSize, units + 1, options) <= budget) units++;
        return units;
    }

    private static CellDefinition Definition(RecurrentArchitecture architecture, string parameter)
    {
        try { return CellRegistry.Get(architecture); }
        catch (ArgumentOutOfRangeException) { throw new ArgumentOutOfRangeException(parameter, architecture, "Unknown architecture."); }
    }
}
