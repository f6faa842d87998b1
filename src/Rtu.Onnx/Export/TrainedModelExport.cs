using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Cells.Rtu;
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
    /// <summary>The cell weights of a trained recurrent layer.</summary>
    /// <exception cref="NotSupportedException">A layer type or activation the ONNX graph does not cover.</exception>
    public static CellWeights FromLayer(IRecurrentLayer<float> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer switch
        {
            LinearRtuLayer<float> l => Rtu(RtuKind.Linear, l.Units, l.InputSize, l.Parameters, l.Options.Activation),
            NonLinearRtuLayer<float> l => Rtu(RtuKind.NonLinear, l.Units, l.InputSize, l.Parameters, l.Options.Activation),
            OnlineLruLayer<float> l => Lru(l.Options, l.InputSize, l.Parameters),
            GatedRtuLayer<float> l => GatedRtuExport.FromParameters(l.Options, l.InputSize, l.Parameters),
            TruncatedBpttLayer<float> t => FromCore(t.Core),
            _ => throw new NotSupportedException($"ONNX export of {layer.GetType().Name} ({layer.Description}) is not supported."),
        };
    }

    private static CellWeights FromCore(IRecurrentCore<float> core) => core switch
    {
        RtuCore<float> c => Rtu(c.NonLinear ? RtuKind.NonLinear : RtuKind.Linear, c.Units, c.InputSize, c.Parameters, c.Activation),
        LruCore<float> c => Lru(c.Options, c.InputSize, c.Parameters),
        GatedRtuCore<float> c => GatedRtuExport.FromParameters(c.Options, c.InputSize, c.Parameters),
        GruCore<float> c => new GruWeights(c.StateSize, c.InputSize, Copy(c.Parameters, GruCore<float>.Wx), Copy(c.Parameters, GruCore<float>.Wh), Copy(c.Parameters, GruCore<float>.Bias)),
        FeedForwardCore<float> c => new MemorylessWeights(new DenseWeights(c.InputSize, c.OutputSize,
            Copy(c.Parameters, FeedForwardCore<float>.Weights), Copy(c.Parameters, FeedForwardCore<float>.Bias), Map(c.Activation))),
        _ => throw new NotSupportedException($"ONNX export of the core {core.GetType().Name} ({core.Description}) is not supported."),
    };

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

    private static RtuWeights Rtu(RtuKind kind, int units, int inputSize, ParameterSet<float> p, CoreActivation f) =>
        new(kind, units, inputSize, Copy(p, RtuParameters.NuLog), Copy(p, RtuParameters.ThetaLog), Copy(p, RtuParameters.W1), Copy(p, RtuParameters.W2), Map(f));

    private static OnlineLruWeights Lru(LruOptions o, int inputSize, ParameterSet<float> p) =>
        new(o.Units, inputSize, o.ResolvedOutputSize, Copy(p, LruParameters.NuLog), Copy(p, LruParameters.ThetaLog), Copy(p, LruParameters.GammaLog),
            Copy(p, LruParameters.BRe), Copy(p, LruParameters.BIm), Copy(p, LruParameters.CRe), Copy(p, LruParameters.CIm), Map(o.Activation));

    private static float[] Copy(ParameterSet<float> p, string segment) => p.Value(segment).ToArray();
}
