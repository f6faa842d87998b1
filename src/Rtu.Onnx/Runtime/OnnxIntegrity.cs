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
/// <remarks>Files without the property (other producers, or exports before it existed) are run unchecked. Since the
/// second property, <see cref="DescriptionKey"/>, the rest of the model is checked too: its metadata (the constants a
/// host's formulas read, such as <c>rtu_mlnet.change_mean</c>, and the runner's own <c>obs_must_be_finite</c>), its doc
/// string and producer; before, an outside audit changed a metadata value by a bit and the file loaded, giving the
/// changed value. Files with the graph's hash alone are checked as before.</remarks>
public static class OnnxIntegrity
{
    /// <summary>Metadata key of the graph's SHA-256 (64 upper-case hexadecimal digits).</summary>
    public const string MetadataKey = "rtu.graph_sha256";

    /// <summary>
    /// Metadata key of the SHA-256 of everything but the graph (the model with its graph and both hash properties left
    /// out: metadata, doc string, producer, opsets).
    /// </summary>
    public const string DescriptionKey = "rtu.description_sha256";

    /// <summary>Writes the graph's SHA-256 and the rest's into <paramref name="model"/>'s metadata (replacing older values).</summary>
    internal static void Seal(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        for (int i = model.MetadataProps.Count - 1; i >= 0; i--)
            if (model.MetadataProps[i].Key is MetadataKey or DescriptionKey) model.MetadataProps.RemoveAt(i);
        string description = DescriptionHash(model);
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = GraphHash(model) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = DescriptionKey, Value = description });
    }

    // The SHA-256 of the model without its graph and without the two hash properties.
    private static string DescriptionHash(ModelProto model)
    {
        var rest = model.Clone();
        rest.Graph = null;
        for (int i = rest.MetadataProps.Count - 1; i >= 0; i--)
            if (rest.MetadataProps[i].Key is MetadataKey or DescriptionKey) rest.MetadataProps.RemoveAt(i);
        return Convert.ToHexString(SHA256.HashData(rest.ToByteArray()));
    }

    /// <summary>Checks a serialized model's graph against its stored hash, when it has one.</summary>
    /// <exception cref="OnnxModelValidationException">Not parsable as ONNX, or the graph does not match its hash.</exception>
    public static void Verify(byte[] bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new OnnxModelValidationException($"'{file}' is not a valid ONNX model (it cannot be parsed: {e.Message}).", e); }
        string? stored = null, description = null;
        foreach (var kv in model.MetadataProps)
        {
            if (kv.Key is not (MetadataKey or DescriptionKey)) continue;
            if ((kv.Key == MetadataKey ? stored : description) is not null) throw new OnnxModelValidationException($"'{file}' has the integrity property '{kv.Key}' twice.");
            if (kv.Key == MetadataKey) stored = kv.Value; else description = kv.Value;
        }
        if (description is not null && stored is null)
            throw new OnnxModelValidationException($"'{file}' fails its integrity check: it has '{DescriptionKey}' without '{MetadataKey}'. The file was edited; export it again.");
        if (stored is null) return;
        if (model.Graph is null || !string.Equals(GraphHash(model), stored, StringComparison.OrdinalIgnoreCase))
            throw new OnnxModelValidationException(
                $"'{file}' fails its integrity check: the SHA-256 of its graph does not match the '{MetadataKey}' written at export. " +
                "The file is corrupt (e.g. a changed weight) or was edited; export it again.");
        if (description is not null && !string.Equals(DescriptionHash(model), description, StringComparison.OrdinalIgnoreCase))
            throw new OnnxModelValidationException(
                $"'{file}' fails its integrity check: the SHA-256 of its metadata and description does not match the '{DescriptionKey}' written at export. " +
                "The file is corrupt (e.g. a changed metadata value) or was edited; export it again.");
    }

    private static string GraphHash(ModelProto model) => Convert.ToHexString(SHA256.HashData(model.Graph?.ToByteArray() ?? []));
}
