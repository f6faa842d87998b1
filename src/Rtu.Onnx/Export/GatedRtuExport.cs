using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Parameters;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Onnx.Export;

/// <summary>Reads a trained gated RTU (RTRL layer or T-BPTT core) into <see cref="GatedRtuWeights"/>.</summary>
public static class GatedRtuExport
{
    /// <summary>The weights of a gated RTU with these options, input width and parameters.</summary>
    public static GatedRtuWeights FromParameters(GatedRtuOptions options, int inputSize, ParameterSet<float> p)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(p);
        float[] Copy(string name) => p.Value(name).ToArray();
        return new GatedRtuWeights(options.Units, inputSize, options.GateScale, Copy(P.NuLog), Copy(P.ThetaLog), Copy(P.W1), Copy(P.W2),
            Copy(P.Wa), Copy(P.Ba), Copy(P.Pa), Copy(P.Wi), Copy(P.Bi), Copy(P.Pi), TrainedModelExport.Map(options.Activation));
    }
}
