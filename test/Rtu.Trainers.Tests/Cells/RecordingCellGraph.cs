using Rtu.Trainers.Cells;

namespace Rtu.Trainers.Tests.Cells;

/// <summary>
/// An <see cref="ICellGraph"/> that records what a cell definition writes and checks it as a graph builder would:
/// unique names, operations read only tensors defined before.
/// </summary>
internal sealed class RecordingCellGraph : ICellGraph
{
    private readonly HashSet<string> _tensors = ["x"];

    public Dictionary<string, (float[] Values, long[] Dims)> Constants { get; } = [];
    public List<StateTensor> States { get; } = [];
    public List<(string Op, string Name, string[] Inputs)> Nodes { get; } = [];

    public bool Has(string name) => _tensors.Contains(name);

    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        Assert.AreEqual(dims.Aggregate(1L, (a, b) => a * b), values.Length, $"constant {name}: shape and value count differ");
        Define(name);
        Constants[name] = (values.ToArray(), dims);
        return name;
    }

    public string State(string suffix, int width, string doc)
    {
        Define("state_" + suffix);
        States.Add(new StateTensor(suffix, width, doc));
        return "state_" + suffix;
    }

    public string NextStateName(string suffix) => "next_state_" + suffix;

    public string Apply(CellOp op, string name, params string[] inputs) => Node(op.ToString(), name, inputs);

    public string Concat(string name, params string[] inputs) => Node("Concat", name, inputs);

    public string Slice(string name, string input, int start, int length) => Node($"Slice[{start},{start + length})", name, [input]);

    private string Node(string op, string name, string[] inputs)
    {
        foreach (var i in inputs) Assert.IsTrue(_tensors.Contains(i), $"{op} '{name}' reads '{i}', which is not defined yet");
        Define(name);
        Nodes.Add((op, name, inputs));
        return name;
    }

    private void Define(string name) => Assert.IsTrue(_tensors.Add(name), $"tensor '{name}' defined twice");
}
