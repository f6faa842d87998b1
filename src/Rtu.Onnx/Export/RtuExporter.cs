using Rtu.Onnx.Graph;

namespace Rtu.Onnx.Export;

/// <summary>
/// RTU cell. The constants g, phi, eta are computed at export time in float64 from NuLog/ThetaLog
/// and stored as float32 initializers "rtu/g", "rtu/phi", "rtu/eta" [n]. The 2×2
/// rotation-scaling is spelled out with named nodes:
/// <code>
/// rtu/g_h1   = g ⊙ h1        rtu/phi_h2 = phi ⊙ h2     rtu/rot1 = rtu/g_h1 − rtu/phi_h2
/// rtu/g_h2   = g ⊙ h2        rtu/phi_h1 = phi ⊙ h1     rtu/rot2 = rtu/g_h2 + rtu/phi_h1
/// rtu/x_W1   = x·W1          rtu/in1 = eta ⊙ rtu/x_W1  rtu/a1 = rtu/rot1 + rtu/in1
/// rtu/x_W2   = x·W2          rtu/in2 = eta ⊙ rtu/x_W2  rtu/a2 = rtu/rot2 + rtu/in2
/// </code>
/// Linear: next_state_h1 = a1, next_state_h2 = a2, y = act(concat(h1', h2')).
/// Non-linear: next_state_h1 = act(a1), next_state_h2 = act(a2), y = concat(h1', h2').
/// States: <c>state_h1</c> [N,n] and <c>state_h2</c> [N,n].
/// </summary>
internal static class RtuExporter
{
    /// <summary>Float64 constants (g, phi, eta) of each unit, exactly as exported (before rounding to float32).</summary>
    public static (double[] G, double[] Phi, double[] Eta) Constants(RtuWeights w)
    {
        int n = w.Units;
        var g = new double[n];
        var phi = new double[n];
        var eta = new double[n];
        for (int k = 0; k < n; k++)
        {
            double r = Math.Exp(-Math.Exp(w.NuLog[k]));
            double theta = Math.Exp(w.ThetaLog[k]);
            g[k] = r * Math.Cos(theta);
            phi[k] = r * Math.Sin(theta);
            eta[k] = Math.Sqrt(1 - r * r) + 1e-8;
        }
        return (g, phi, eta);
    }

    public static string Emit(ExportContext ctx, RtuWeights w, string x)
    {
        var b = ctx.Builder;
        int n = w.Units, d = w.InputDim;
        var (g, phi, eta) = Constants(w);
        b.AddInitializer("rtu/g", ToFloat(g), n);
        b.AddInitializer("rtu/phi", ToFloat(phi), n);
        b.AddInitializer("rtu/eta", ToFloat(eta), n);
        b.AddInitializer("rtu/W1", w.W1, d, n);
        b.AddInitializer("rtu/W2", w.W2, d, n);

        string kind = w.Kind == RtuKind.Linear ? "pre-activation (linear recurrence)" : "post-activation";
        string h1 = ctx.DeclareState("h1", n, $"RTU real part h1, {kind}; zeros at episode start");
        string h2 = ctx.DeclareState("h2", n, $"RTU imaginary part h2, {kind}; zeros at episode start");

        string rot1 = b.Op("Sub", "rtu/rot1", b.Op("Mul", "rtu/g_h1", "rtu/g", h1), b.Op("Mul", "rtu/phi_h2", "rtu/phi", h2));
        string rot2 = b.Op("Add", "rtu/rot2", b.Op("Mul", "rtu/g_h2", "rtu/g", h2), b.Op("Mul", "rtu/phi_h1", "rtu/phi", h1));
        string in1 = b.Op("Mul", "rtu/in1", "rtu/eta", b.Op("MatMul", "rtu/x_W1", x, "rtu/W1"));
        string in2 = b.Op("Mul", "rtu/in2", "rtu/eta", b.Op("MatMul", "rtu/x_W2", x, "rtu/W2"));
        string a1 = b.Op("Add", "rtu/a1", rot1, in1);
        string a2 = b.Op("Add", "rtu/a2", rot2, in2);

        var axis = OnnxGraphBuilder.IntAttr("axis", 1);
        if (w.Kind == RtuKind.Linear)
        {
            string n1 = b.Op("Identity", OnnxNames.NextState("h1"), a1);
            string n2 = b.Op("Identity", OnnxNames.NextState("h2"), a2);
            string h = b.Op("Concat", "rtu/h", new[] { n1, n2 }, axis);
            return DenseExporter.Activate(b, w.Activation, h, "rtu/y");
        }
        else
        {
            string n1 = DenseExporter.Activate(b, w.Activation, a1, OnnxNames.NextState("h1"));
            string n2 = DenseExporter.Activate(b, w.Activation, a2, OnnxNames.NextState("h2"));
            return b.Op("Concat", "rtu/y", new[] { n1, n2 }, axis);
        }
    }

    internal static float[] ToFloat(double[] a) => Array.ConvertAll(a, v => (float)v);
}
