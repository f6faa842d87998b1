namespace Rtu.Onnx;

// Plain weight records describing a model to export. Conventions (the core's): row vectors,
// x·W with W of shape [in, out], every matrix row-major float32.

/// <summary>Elementwise activation. Relu'(0) = 0 in the core; the forward pass is max(0, x).</summary>
public enum Activation
{
    /// <summary>f(x) = x.</summary>
    Identity,
    /// <summary>f(x) = max(0, x).</summary>
    Relu,
    /// <summary>f(x) = tanh(x).</summary>
    Tanh,
}

/// <summary>Dense layer y = act(x·W + b); W is [InputSize, OutputSize] row-major, b is [OutputSize].</summary>
public sealed record DenseWeights(int InputSize, int OutputSize, float[] W, float[] B, Activation Activation)
{
    internal void Validate(string where)
    {
        if (InputSize <= 0 || OutputSize <= 0)
            throw new ArgumentException($"{where}: sizes must be positive (in={InputSize}, out={OutputSize}).");
        Check.Length(W, (long)InputSize * OutputSize, $"{where}.W [{InputSize},{OutputSize}]");
        Check.Length(B, OutputSize, $"{where}.B [{OutputSize}]");
    }
}

/// <summary>A stack of dense layers applied in order.</summary>
public sealed record MlpWeights(IReadOnlyList<DenseWeights> Layers)
{
    /// <summary>Input width (of the first layer).</summary>
    public int InputSize => Layers[0].InputSize;

    /// <summary>Output width (of the last layer).</summary>
    public int OutputSize => Layers[^1].OutputSize;

    internal void Validate(string where)
    {
        if (Layers is null || Layers.Count == 0)
            throw new ArgumentException($"{where}: an MLP needs at least one layer.");
        for (int i = 0; i < Layers.Count; i++)
        {
            Layers[i].Validate($"{where}.Layers[{i}]");
            if (i > 0 && Layers[i].InputSize != Layers[i - 1].OutputSize)
                throw new ArgumentException(
                    $"{where}.Layers[{i}]: input size {Layers[i].InputSize} does not match the previous layer's output size {Layers[i - 1].OutputSize}.");
        }
    }
}
