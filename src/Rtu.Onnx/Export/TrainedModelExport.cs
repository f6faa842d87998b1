using Rtu.Trainers.Cells;
using Rtu.Trainers.Layers;
using Rtu.Trainers.Parameters;
using CoreActivation = Rtu.Trainers.Numerics.Activation;

namespace Rtu.Onnx.Export;

/// <summary>
/// Reads trained layers of <c>Rtu.Trainers</c> into the exporter's weight records, so a model trained in C# is
/// exported exactly as it runs: every architecture and learning rule (an RTU trained with T-BPTT exports as an RTU).
/// </summary>
public static class TrainedModelExport
{
    /// <summary>The cell weights of a trained recurrent layer (its kind's definition in <see cref="CellRegistry"/> reads it).</summary>
    /// <exception cref="NotSupportedException">A layer that no registered kind recognises.</exception>
    public static CellWeights FromLayer(IRecurrentLayer<float> layer) => new TrainedCellWeights(CellRegistry.Describe(layer));

    /// <summary>The weights of a trained dense layer.</summary>
    public static DenseWeights FromDense(DenseLayer<float> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new DenseWeights(layer.InputSize, layer.OutputSize, Copy(layer.Parameters, DenseLayer<float>.Weights),
            Copy(layer.Parameters, DenseLayer<float>.Bias), Map(layer.Activation));
    }

    /// <summary>The weights of a trained MLP (null when it has no layers).</summary>
    public static MlpWeights? FromMlp(Mlp<float> mlp)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        return mlp.Layers.Count == 0 ? null : new MlpWeights(mlp.Layers.Select(FromDense).ToArray());
    }

    /// <summary>Maps the core's activation to the exporter's.</summary>
    public static Activation Map(CoreActivation activation) => activation switch
    {
        CoreActivation.Identity => Activation.Identity,
        CoreActivation.Relu => Activation.Relu,
        CoreActivation.Tanh => Activation.Tanh,
        _ => throw new NotSupportedException($"Activation {activation} has no ONNX export yet (supported: Identity, Relu, Tanh)."),
    };

    private static float[] Copy(ParameterSet<float> p, string segment) => p.Value(segment).ToArray();
}
