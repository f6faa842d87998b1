using System.Numerics;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>The recurrent architectures the library trains.</summary>
public enum RecurrentArchitecture
{
    /// <summary>Linear RTU: linear recurrence, activation on the output.</summary>
    LinearRtu,
    /// <summary>Non-linear RTU: activation inside the recurrence.</summary>
    NonLinearRtu,
    /// <summary>LRU (Orvieto et al.); with RTRL it is the Online LRU.</summary>
    Lru,
    /// <summary>GRU (T-BPTT only).</summary>
    Gru,
    /// <summary>A memoryless feed-forward layer (ablation).</summary>
    Memoryless,
}

/// <summary>How the recurrent layer computes its gradient.</summary>
public enum LearningRule
{
    /// <summary>Exact real-time recurrent learning (RTUs and LRU).</summary>
    Rtrl,
    /// <summary>Truncated back-propagation through time over the last <see cref="RecurrentLayerOptions.Truncation"/> steps.</summary>
    Tbptt,
}

/// <summary>Everything needed to build a recurrent layer of any architecture.</summary>
public sealed record RecurrentLayerOptions
{
    /// <summary>The architecture.</summary>
    public RecurrentArchitecture Architecture { get; init; } = RecurrentArchitecture.LinearRtu;

    /// <summary>RTRL (RTU, LRU) or T-BPTT (any). GRU and memoryless layers always use T-BPTT.</summary>
    public LearningRule LearningRule { get; init; } = LearningRule.Rtrl;

    /// <summary>Units n: complex units for RTU/LRU (output 2n), hidden units for GRU and memoryless layers.</summary>
    public int Units { get; init; } = 32;

    /// <summary>Activation of RTU, LRU output and memoryless layers (GRU uses its own gates).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>T-BPTT truncation length T.</summary>
    public int Truncation { get; init; } = 16;

    /// <summary>Largest |λ| at initialisation for RTU/LRU.</summary>
    public double RMax { get; init; } = 1.0;

    /// <summary>Smallest |λ| at initialisation for RTU/LRU.</summary>
    public double RMin { get; init; } = 0.0;

    /// <summary>A short label such as <c>LinearRtu-RTRL</c> or <c>Gru-TBPTT(16)</c>.</summary>
    public string Label => Architecture switch
    {
        RecurrentArchitecture.Gru => $"Gru-TBPTT({Truncation})",
        RecurrentArchitecture.Memoryless => "Memoryless",
        _ when LearningRule == LearningRule.Rtrl => Architecture == RecurrentArchitecture.Lru ? "OnlineLru-RTRL" : $"{Architecture}-RTRL",
        _ => $"{Architecture}-TBPTT({Truncation})",
    };
}

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
