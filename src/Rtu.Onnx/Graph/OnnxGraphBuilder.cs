using System.Runtime.InteropServices;
using Google.Protobuf;
using Rtu.Onnx.Protos;

namespace Rtu.Onnx.Graph;

/// <summary>
/// A small fluent builder for ONNX inference graphs: float32 initializers, named nodes, graph
/// inputs/outputs with a symbolic batch dimension, and metadata properties. <see cref="Build"/>
/// produces a <see cref="ModelProto"/> with IR version 8, opset_import {"" : 17} and producer
/// name "Rtu.MLNet".
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>ONNX IR version written by the builder.</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset version written by the builder.</summary>
    public const long OpsetVersion = 17;

    /// <summary>Producer name written into every model.</summary>
    public const string ProducerName = "Rtu.MLNet";

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDim = "N";

    private readonly GraphProto _graph;
    private readonly List<KeyValuePair<string, string>> _metadata = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private string? _docString;

    /// <summary>Starts an empty graph with the given name.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The metadata properties added so far, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>Whether a tensor (input, initializer or node output) of this name exists.</summary>
    public bool HasTensor(string name) => _names.Contains(name);

    /// <summary>Sets the model's doc_string.</summary>
    public OnnxGraphBuilder WithDocString(string doc)
    {
        _docString = doc;
        return this;
    }

    /// <summary>
    /// Adds a float32 graph input. A null entry in <paramref name="dims"/> is the symbolic batch
    /// dimension "N".
    /// </summary>
    public OnnxGraphBuilder AddInput(string name, IReadOnlyList<long?> dims, string? doc = null)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, dims, doc));
        return this;
    }

    /// <summary>Adds a float32 graph output; the tensor must be produced by a node (or be an input).</summary>
    public OnnxGraphBuilder AddOutput(string name, IReadOnlyList<long?> dims, string? doc = null)
    {
        if (!_names.Contains(name))
            throw new InvalidOperationException($"Graph output '{name}' is not produced by any node or input.");
        _graph.Output.Add(ValueInfo(name, dims, doc));
        return this;
    }

    /// <summary>Adds a float32 initializer (row-major data, shape <paramref name="dims"/>).</summary>
    public OnnxGraphBuilder AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        long count = 1;
        foreach (var d in dims) count *= d;
        if (count != data.Length)
            throw new ArgumentException(
                $"Initializer '{name}': shape [{string.Join(",", dims)}] holds {count} values but {data.Length} were given.");
        Claim(name);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _graph.Initializer.Add(t);
        return this;
    }

    /// <summary>Adds an int64 initializer (for shapes, slice bounds and similar).</summary>
    public OnnxGraphBuilder AddInt64Initializer(string name, ReadOnlySpan<long> data, params long[] dims)
    {
        Claim(name);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _graph.Initializer.Add(t);
        return this;
    }

    /// <summary>
    /// Adds a node. Every output must be a new tensor name; every input must already exist.
    /// </summary>
    public OnnxGraphBuilder AddNode(string opType, string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs,
        params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_nodeNames.Add(name))
            throw new InvalidOperationException($"Duplicate node name '{name}'.");
        foreach (var i in inputs)
            if (!_names.Contains(i))
                throw new InvalidOperationException($"Node '{name}' ({opType}) reads '{i}', which no input, initializer or earlier node defines.");
        foreach (var o in outputs) Claim(o);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>
    /// Adds a single-output node whose output tensor has the same name as the node, and returns
    /// that name (handy for chaining expressions).
    /// </summary>
    public string Op(string opType, string name, params string[] inputs)
    {
        AddNode(opType, name, inputs, new[] { name });
        return name;
    }

    /// <summary>Like <see cref="Op(string, string, string[])"/>, with attributes.</summary>
    public string Op(string opType, string name, string[] inputs, params AttributeProto[] attributes)
    {
        AddNode(opType, name, inputs, new[] { name }, attributes);
        return name;
    }

    /// <summary>Adds (or replaces) a metadata property.</summary>
    public OnnxGraphBuilder AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _metadata.RemoveAll(kv => kv.Key == key);
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Builds the model.</summary>
    public ModelProto Build()
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = LibraryVersion,
            Graph = _graph.Clone(),
        };
        if (_docString is not null) model.DocString = _docString;
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var kv in _metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = kv.Key, Value = kv.Value });
        return model;
    }

    /// <summary>The library version written as producer_version and in metadata.</summary>
    public static string LibraryVersion { get; } =
        typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>An INT attribute.</summary>
    public static AttributeProto IntAttr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto FloatAttr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
            throw new InvalidOperationException($"Tensor name '{name}' is defined twice.");
    }

    private static ValueInfoProto ValueInfo(string name, IReadOnlyList<long?> dims, string? doc)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (d is long v) dim.DimValue = v; else dim.DimParam = BatchDim;
            shape.Dim.Add(dim);
        }
        var vi = new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
        if (doc is not null) vi.DocString = doc;
        return vi;
    }
}
