using Rtu.Onnx.Graph;

namespace Rtu.Onnx.Export;

/// <summary>
/// Shared state while one model is exported: the graph builder, the state tensors declared by the
/// cell (inputs <c>state_*</c> / outputs <c>next_state_*</c>) and the head outputs.
/// </summary>
internal sealed class ExportContext
{
    private readonly List<(string Name, long?[] Dims, string Doc)> _outputs = new();

    public ExportContext(OnnxGraphBuilder builder) => Builder = builder;

    public OnnxGraphBuilder Builder { get; }

    /// <summary>(suffix, size) of every declared state, in order.</summary>
    public List<(string Suffix, int Size)> States { get; } = new();

    /// <summary>
    /// Declares a state <c>state_{suffix}</c> [N,size] as graph input; returns its tensor name.
    /// The cell must later produce <c>next_state_{suffix}</c>.
    /// </summary>
    public string DeclareState(string suffix, int size, string doc)
    {
        string name = OnnxNames.State(suffix);
        Builder.AddInput(name, new long?[] { null, size }, doc);
        Builder.AddMetadata("input." + name, $"[N,{size}] float32: {doc}");
        States.Add((suffix, size));
        return name;
    }

    /// <summary>Registers a head output (added to the graph after the next states are wired).</summary>
    public void DeclareOutput(string name, long?[] dims, string doc)
    {
        _outputs.Add((name, dims, doc));
        Builder.AddMetadata("output." + name, $"{Shape(dims)} float32: {doc}");
    }

    /// <summary>Adds the graph outputs: head outputs first, then <c>next_state_*</c> in state order.</summary>
    public void Finish()
    {
        foreach (var (name, dims, doc) in _outputs) Builder.AddOutput(name, dims, doc);
        foreach (var (suffix, size) in States)
        {
            string name = OnnxNames.NextState(suffix);
            string doc = $"state {OnnxNames.State(suffix)} after this step; feed it back as {OnnxNames.State(suffix)} on the next step";
            Builder.AddOutput(name, new long?[] { null, size }, doc);
            Builder.AddMetadata("output." + name, $"[N,{size}] float32: {doc}");
        }
    }

    public static string Shape(long?[] dims) => "[" + string.Join(",", dims.Select(d => d?.ToString() ?? OnnxGraphBuilder.BatchDim)) + "]";
}
