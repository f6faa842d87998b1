using System.Security.Cryptography;
using Google.Protobuf;
using Rtu.Onnx.Protos;

namespace Rtu.Onnx.Runtime;

/// <summary>
/// An integrity check for exported ONNX files: the exporter writes the SHA-256 of the serialized graph (nodes,
/// initializers = the weights, inputs, outputs) into the metadata property <see cref="MetadataKey"/>, and
/// <see cref="OnnxRecurrentRunner"/> recomputes it when the property is present, so a flipped weight or an edited node
/// is refused with an <see cref="OnnxModelValidationException"/> instead of running (and perhaps outputting NaN).
/// </summary>
/// <remarks>Files without the property (other producers, or exports before it existed) are run unchecked.</remarks>
public static class OnnxIntegrity
{
    /// <summary>Metadata key of the graph's SHA-256 (64 upper-case hexadecimal digits).</summary>
    public const string MetadataKey = "rtu.graph_sha256";

    /// <summary>Writes the graph's SHA-256 into <paramref name="model"/>'s metadata (replacing an older value).</summary>
    internal static void Seal(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        for (int i = model.MetadataProps.Count - 1; i >= 0; i--)
            if (model.MetadataProps[i].Key == MetadataKey) model.MetadataProps.RemoveAt(i);
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = GraphHash(model) });
    }

    /// <summary>Checks a serialized model's graph against its stored hash, when it has one.</summary>
    /// <exception cref="OnnxModelValidationException">Not parsable as ONNX, or the graph does not match its hash.</exception>
    public static void Verify(byte[] bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new OnnxModelValidationException($"'{file}' is not a valid ONNX model (it cannot be parsed: {e.Message}).", e); }
        string? stored = null;
        foreach (var kv in model.MetadataProps)
        {
            if (kv.Key != MetadataKey) continue;
            if (stored is not null) throw new OnnxModelValidationException($"'{file}' has the integrity property '{MetadataKey}' twice.");
            stored = kv.Value;
        }
        if (stored is null) return;
        if (model.Graph is null || !string.Equals(GraphHash(model), stored, StringComparison.OrdinalIgnoreCase))
            throw new OnnxModelValidationException(
                $"'{file}' fails its integrity check: the SHA-256 of its graph does not match the '{MetadataKey}' written at export. " +
                "The file is corrupt (e.g. a changed weight) or was edited; export it again.");
    }

    private static string GraphHash(ModelProto model) => Convert.ToHexString(SHA256.HashData(model.Graph?.ToByteArray() ?? []));
}
