namespace Rtu.Onnx.Runtime;

/// <summary>The ONNX file cannot be used by the runner (not an ONNX model, or an unexpected signature).</summary>
public sealed class OnnxModelValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxModelValidationException(string message, Exception? inner = null) : base(message, inner) { }
}
