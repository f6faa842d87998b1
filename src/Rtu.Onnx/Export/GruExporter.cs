namespace Rtu.Onnx.Export;

/// <summary>
/// GRU cell with readable gates. The column blocks (z | r | c) of Wx, Wh and b are split at export
/// time into initializers "gru/Wx_z", "gru/Wh_z", "gru/b_z" (and _r, _c). Named nodes
/// "gru/z", "gru/r", "gru/c", "gru/keep" ((1−z)⊙h), "gru/write" (z⊙c); the new state is
/// <c>next_state_h</c> = keep + write and is also the cell output. State: <c>state_h</c> [N,n].
/// </summary>
internal static class GruExporter
{
    public static string Emit(ExportContext ctx, GruWeights w, string x)
    {
        var b = ctx.Builder;
        int n = w.Hidden, d = w.InputDim;
        string[] gates = { "z", "r", "c" };
        for (int gi = 0; gi < 3; gi++)
        {
            b.AddInitializer($"gru/Wx_{gates[gi]}", Columns(w.Wx, d, 3 * n, gi * n, n), d, n);
            b.AddInitializer($"gru/Wh_{gates[gi]}", Columns(w.Wh, n, 3 * n, gi * n, n), n, n);
            b.AddInitializer($"gru/b_{gates[gi]}", w.B.AsSpan(gi * n, n), n);
        }
        b.AddInitializer("gru/one", new[] { 1f });

        string h = ctx.DeclareState("h", n, "GRU hidden state; zeros at episode start");

        string Gate(string g, string hIn) =>
            b.Op("Add", $"gru/{g}_pre",
                b.Op("Add", $"gru/{g}_xh",
                    b.Op("MatMul", $"gru/x_Wx_{g}", x, $"gru/Wx_{g}"),
                    b.Op("MatMul", $"gru/{g}_h_Wh", hIn, $"gru/Wh_{g}")),
                $"gru/b_{g}");

        string z = b.Op("Sigmoid", "gru/z", Gate("z", h));
        string r = b.Op("Sigmoid", "gru/r", Gate("r", h));
        string rh = b.Op("Mul", "gru/r_h", r, h);
        string c = b.Op("Tanh", "gru/c", Gate("c", rh));
        string keep = b.Op("Mul", "gru/keep", b.Op("Sub", "gru/one_minus_z", "gru/one", z), h);
        string write = b.Op("Mul", "gru/write", z, c);
        return b.Op("Add", OnnxNames.NextState("h"), keep, write);
    }

    private static float[] Columns(float[] m, int rows, int cols, int start, int count)
    {
        var res = new float[rows * count];
        for (int i = 0; i < rows; i++)
            Array.Copy(m, i * cols + start, res, i * count, count);
        return res;
    }
}
