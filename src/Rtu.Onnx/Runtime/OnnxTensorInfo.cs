namespace Rtu.Onnx.Runtime;

/// <summary>A float32 tensor [N, Width] of the model's signature.</summary>
public sealed record OnnxTensorInfo(string Name, int Width);
