using Rtu.Onnx.Graph;
using Rtu.Trainers.Cells;

namespace Rtu.Onnx.Export;

/// <summary>
/// The ONNX side of <see cref="ICellGraph"/>: cell definitions write their one-step graph through it into the model
/// being exported (constants become initializers, states become <c>state_*</c> inputs / <c>next_state_*</c> outputs).
/// </summary>
internal sealed class OnnxCellGraph : ICellGraph
{
    private readonly ExportContext _ctx;

    public OnnxCellGraph(ExportContext ctx) => _ctx = ctx;

    private OnnxGraphBuilder B => _ctx.Builder;

    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        B.AddInitializer(name, values, dims);
        return name;
    }

    public string State(string suffix, int width, string doc) => _ctx.DeclareState(suffix, width, doc);

    public string NextStateName(string suffix) => OnnxNames.NextState(suffix);

    public string Apply(CellOp op, string name, params string[] inputs) => B.Op(OpType(op), name, inputs);

    public string Concat(string name, params string[] inputs) => B.Op("Concat", name, inputs, OnnxGraphBuilder.IntAttr("axis", 1));

    public string Slice(string name, string input, int start, int length)
    {
        B.AddInt64Initializer(name + "/starts", [start], 1);
        B.AddInt64Initializer(name + "/ends", [(long)start + length], 1);
        B.AddInt64Initializer(name + "/axes", [1], 1);
        return B.Op("Slice", name, input, name + "/starts", name + "/ends", name + "/axes");
    }

    // ONNX operator types (default domain, opset 17).
    private static string OpType(CellOp op) => op switch
    {
        CellOp.MatMul => "MatMul",
        CellOp.Add => "Add",
        CellOp.Sub => "Sub",
        CellOp.Mul => "Mul",
        CellOp.Neg => "Neg",
        CellOp.Exp => "Exp",
        CellOp.Sqrt => "Sqrt",
        CellOp.Sigmoid => "Sigmoid",
        CellOp.Tanh => "Tanh",
        CellOp.Relu => "Relu",
        CellOp.Identity => "Identity",
        CellOp.Log => "Log",
        CellOp.Cos => "Cos",
        CellOp.Sin => "Sin",
        CellOp.Less => "Less",
        CellOp.Where => "Where",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown cell operation."),
    };
}
