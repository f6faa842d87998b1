namespace Rtu.Trainers.Cells;

/// <summary>The operations a cell's one-step graph may use (<see cref="ICellGraph.Apply"/>); ONNX semantics.</summary>
public enum CellOp
{
    /// <summary>a·b (rows × matrix).</summary>
    MatMul,
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Sub,
    /// <summary>a ⊙ b.</summary>
    Mul,
    /// <summary>−a.</summary>
    Neg,
    /// <summary>e^a.</summary>
    Exp,
    /// <summary>√a.</summary>
    Sqrt,
    /// <summary>1 / (1 + e^{−a}).</summary>
    Sigmoid,
    /// <summary>tanh a.</summary>
    Tanh,
    /// <summary>max(a, 0).</summary>
    Relu,
    /// <summary>a (a renaming).</summary>
    Identity,
    /// <summary>ln a.</summary>
    Log,
    /// <summary>cos a.</summary>
    Cos,
    /// <summary>sin a.</summary>
    Sin,
    /// <summary>a &lt; b, a boolean tensor: only for the condition of <see cref="Where"/>.</summary>
    Less,
    /// <summary>Where(c, a, b): a where the boolean c holds, else b (a branch-free select, e.g. a series near a cancellation).</summary>
    Where,
}
