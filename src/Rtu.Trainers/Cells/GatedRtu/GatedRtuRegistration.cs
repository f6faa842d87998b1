using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>How <see cref="RecurrentLayerFactory"/> builds a gated RTU from <see cref="RecurrentLayerOptions"/>.</summary>
internal static class GatedRtuRegistration
{
    public static IRecurrentLayer<T> Create<T>(int inputSize, RecurrentLayerOptions options, LearningRule rule, int batchSize, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gated = new GatedRtuOptions { Units = options.Units, Activation = options.Activation, RMin = options.RMin, RMax = options.RMax };
        return rule == LearningRule.Rtrl
            ? new GatedRtuLayer<T>(inputSize, gated, batchSize, rng)
            : new TruncatedBpttLayer<T>(new GatedRtuCore<T>(inputSize, gated, rng), options.Truncation, batchSize);
    }
}
