namespace Rtu.Trainers.Cells;

/// <summary>
/// The graph a cell definition writes its one-step computation into (implemented by the ONNX exporter). Tensors are
/// float32 rows [N, width] (N streams) or constants; every method returns the name of the tensor it created, and
/// names must be unique within the graph. Element-wise operations broadcast a constant [width] over the rows.
/// </summary>
public interface ICellGraph
{
    /// <summary>A float32 constant (an ONNX initializer) of shape <paramref name="dims"/>, row-major.</summary>
    string Constant(string name, ReadOnlySpan<float> values, params long[] dims);

    /// <summary>
    /// Declares the recurrent state <paramref name="suffix"/> of <paramref name="width"/> columns as a graph input
    /// (zeros at the start of a stream) and returns its tensor name. The cell must produce
    /// <see cref="NextStateName"/>(suffix) before it returns.
    /// </summary>
    string State(string suffix, int width, string doc);

    /// <summary>The tensor name the cell must give its next value of the state <paramref name="suffix"/>.</summary>
    string NextStateName(string suffix);

    /// <summary>A one-output operation named <paramref name="name"/> (its output tensor has the same name).</summary>
    string Apply(CellOp op, string name, params string[] inputs);

    /// <summary>Concatenates row tensors along the feature axis.</summary>
    string Concat(string name, params string[] inputs);

    /// <summary>Columns [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of a row tensor.</summary>
    string Slice(string name, string input, int start, int length);
}
