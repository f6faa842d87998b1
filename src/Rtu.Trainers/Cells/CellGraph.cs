using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>Helpers for writing cells into an <see cref="ICellGraph"/>.</summary>
public static class CellGraph
{
    /// <summary>f(<paramref name="input"/>) as one node named <paramref name="name"/>.</summary>
    public static string Activate(this ICellGraph graph, Activation f, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Apply(f switch
        {
            Activation.Identity => CellOp.Identity,
            Activation.Relu => CellOp.Relu,
            Activation.Tanh => CellOp.Tanh,
            Activation.Sigmoid => CellOp.Sigmoid,
            _ => throw new NotSupportedException($"Activation {f} has no graph export."),
        }, name, input);
    }

    /// <summary>a + b.</summary>
    public static string Add(this ICellGraph g, string name, string a, string b) => g.Apply(CellOp.Add, name, a, b);

    /// <summary>a − b.</summary>
    public static string Sub(this ICellGraph g, string name, string a, string b) => g.Apply(CellOp.Sub, name, a, b);

    /// <summary>a ⊙ b.</summary>
    public static string Mul(this ICellGraph g, string name, string a, string b) => g.Apply(CellOp.Mul, name, a, b);

    /// <summary>a·b.</summary>
    public static string MatMul(this ICellGraph g, string name, string a, string b) => g.Apply(CellOp.MatMul, name, a, b);
}
