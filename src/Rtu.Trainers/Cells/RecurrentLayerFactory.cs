using System.Numerics;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>Builds recurrent layers from <see cref="RecurrentLayerOptions"/>.</summary>
public static class RecurrentLayerFactory
{
    /// <summary>Creates a layer of <paramref name="batchSize"/> streams for inputs of <paramref name="inputSize"/>.</summary>
    public static IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, int batchSize = 1, Rng? rng = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        rng ??= new Rng(0);
        var rtu = new RtuOptions { Units = options.Units, Activation = options.Activation, RMin = options.RMin, RMax = options.RMax };
        var lru = new LruOptions { Units = options.Units, Activation = options.Activation, RMin = options.RMin, RMax = options.RMax };
        return (options.Architecture, options.LearningRule) switch
        {
            (RecurrentArchitecture.LinearRtu, LearningRule.Rtrl) => new LinearRtuLayer<T>(inputSize, rtu, batchSize, rng),
            (RecurrentArchitecture.NonLinearRtu, LearningRule.Rtrl) => new NonLinearRtuLayer<T>(inputSize, rtu, batchSize, rng),
            (RecurrentArchitecture.LinearRtu, LearningRule.Tbptt) => Tbptt(new RtuCore<T>(inputSize, rtu, nonLinear: false, rng)),
            (RecurrentArchitecture.NonLinearRtu, LearningRule.Tbptt) => Tbptt(new RtuCore<T>(inputSize, rtu, nonLinear: true, rng)),
            (RecurrentArchitecture.Lru, LearningRule.Rtrl) => new OnlineLruLayer<T>(inputSize, lru, batchSize, rng),
            (RecurrentArchitecture.Lru, LearningRule.Tbptt) => Tbptt(new LruCore<T>(inputSize, lru, rng)),
            (RecurrentArchitecture.Gru, _) => Tbptt(new GruCore<T>(inputSize, options.Units, rng)),
            (RecurrentArchitecture.GatedRtu, var rule) => GatedRtuRegistration.Create<T>(inputSize, options, rule, batchSize, rng),
            (RecurrentArchitecture.Memoryless, _) => new TruncatedBpttLayer<T>(new FeedForwardCore<T>(inputSize, options.Units, options.Activation, rng), 1, batchSize),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Architecture, "Unknown architecture."),
        };

        TruncatedBpttLayer<T> Tbptt(IRecurrentCore<T> core) => new(core, options.Truncation, batchSize);
    }

    /// <summary>Number of learnable recurrent-layer parameters for the given sizes (no heads).</summary>
    public static long ParameterCount(RecurrentArchitecture architecture, int inputSize, int units) => architecture switch
    {
        RecurrentArchitecture.LinearRtu or RecurrentArchitecture.NonLinearRtu => 2L * units + 2L * inputSize * units,
        RecurrentArchitecture.Lru => 3L * units + 2L * inputSize * units + 2L * units * (2 * units),
        RecurrentArchitecture.Gru => 3L * inputSize * units + 3L * units * units + 3L * units,
        RecurrentArchitecture.Memoryless => (long)inputSize * units + units,
        RecurrentArchitecture.GatedRtu => GatedRtuParameters.Count(inputSize, units),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
    };

    /// <summary>The largest unit count whose <see cref="ParameterCount"/> does not exceed <paramref name="budget"/> (at least 1).</summary>
    public static int UnitsForParameterBudget(RecurrentArchitecture architecture, int inputSize, long budget)
    {
        int units = 1;
        while (ParameterCount(architecture, inputSize, units + 1) <= budget) units++;
        return units;
    }
}
