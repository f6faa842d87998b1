using Rtu.Onnx.Graph;

namespace Rtu.Onnx.Export;

/// <summary>Dense layers and MLPs: y = act(x·W + b) as MatMul → Add → activation.</summary>
internal static class DenseExporter
{
    /// <summary>
    /// Emits one dense layer reading <paramref name="input"/>; nodes and initializers are named
    /// "{prefix}/W", "{prefix}/b", "{prefix}/matmul", "{prefix}/add", "{prefix}/act". The final tensor
    /// is named <paramref name="outputName"/> when given.
    /// </summary>
    public static string EmitDense(OnnxGraphBuilder b, DenseWeights w, string input, string prefix, string? outputName = null)
    {
        b.AddInitializer(prefix + "/W", w.W, w.InputSize, w.OutputSize);
        b.AddInitializer(prefix + "/b", w.B, w.OutputSize);
        string mm = b.Op("MatMul", prefix + "/matmul", input, prefix + "/W");
        string add = b.Op("Add", prefix + "/add", mm, prefix + "/b");
        return Activate(b, w.Activation, add, outputName ?? prefix + "/act");
    }

    /// <summary>Emits an MLP; the last layer's output is named <paramref name="outputName"/> when given.</summary>
    public static string EmitMlp(OnnxGraphBuilder b, MlpWeights mlp, string input, string prefix, string? outputName = null)
    {
        string x = input;
        for (int i = 0; i < mlp.Layers.Count; i++)
        {
            bool last = i == mlp.Layers.Count - 1;
            x = EmitDense(b, mlp.Layers[i], x, $"{prefix}/layer{i}", last ? outputName : null);
        }
        return x;
    }

    /// <summary>Emits act(input) as a node named <paramref name="name"/> (Identity, Relu or Tanh).</summary>
    public static string Activate(OnnxGraphBuilder b, Activation act, string input, string name) => act switch
    {
        Activation.Identity => b.Op("Identity", name, input),
        Activation.Relu => b.Op("Relu", name, input),
        Activation.Tanh => b.Op("Tanh", name, input),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "Unknown activation."),
    };

    public static string Describe(MlpWeights? mlp) =>
        mlp is null ? "none" : string.Join("->", new[] { mlp.InputSize }.Concat(mlp.Layers.Select(l => l.OutputSize)))
            + " (" + string.Join(",", mlp.Layers.Select(l => l.Activation.ToString().ToLowerInvariant())) + ")";
}
