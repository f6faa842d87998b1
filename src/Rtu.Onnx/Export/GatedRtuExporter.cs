namespace Rtu.Onnx.Export;

/// <summary>
/// Gated RTU cell. c·ν and c·θ are computed at export time in float64 and stored as float32 initializers
/// "grtu/c_nu", "grtu/c_theta" [n]. Named nodes:
/// <code>
/// grtu/energy = h1⊙h1 + h2⊙h2                grtu/log1p_energy = log(1 + energy)
/// grtu/a = σ(x·Wa + ba + pa⊙log1p_energy)      grtu/i = σ(x·Wi + bi + pi⊙log1p_energy)
/// grtu/m = a⊙c_nu (= −ln|λ_t|)               grtu/psi = a⊙c_theta (= arg λ_t)
/// grtu/rho = exp(−m)   grtu/g = rho⊙cos psi   grtu/phi = rho⊙sin psi
/// grtu/one_minus_rho2 = 2m &lt; 0.01 ? 2m(1 − m(1 − 2m/3)) : 1 − rho²   (no cancellation when the gate holds, |λ_t| → 1)
/// grtu/eta = √(one_minus_rho2) + 1e-8
/// next_state_h1 = g⊙h1 − phi⊙h2 + eta⊙i⊙(x·W1)    next_state_h2 = g⊙h2 + phi⊙h1 + eta⊙i⊙(x·W2)
/// grtu/y = act(concat(next_state_h1, next_state_h2))
/// </code>
/// States: <c>state_h1</c> [N,n] and <c>state_h2</c> [N,n].
/// </summary>
internal static class GatedRtuExporter
{
    public static string Emit(ExportContext ctx, GatedRtuWeights w, string x)
    {
        var b = ctx.Builder;
        int n = w.Units, d = w.InputDim;
        var cNu = new float[n]; var cTheta = new float[n];
        for (int k = 0; k < n; k++)
        {
            cNu[k] = (float)(w.GateScale * Math.Exp(w.NuLog[k]));
            cTheta[k] = (float)(w.GateScale * Math.Exp(w.ThetaLog[k]));
        }
        b.AddInitializer("grtu/c_nu", cNu, n);
        b.AddInitializer("grtu/c_theta", cTheta, n);
        foreach (var (name, mat) in new[] { ("W1", w.W1), ("W2", w.W2), ("Wa", w.Wa), ("Wi", w.Wi) }) b.AddInitializer($"grtu/{name}", mat, d, n);
        foreach (var (name, v) in new[] { ("ba", w.Ba), ("pa", w.Pa), ("bi", w.Bi), ("pi", w.Pi) }) b.AddInitializer($"grtu/{name}", v, n);
        b.AddInitializer("grtu/one", [1f]);
        b.AddInitializer("grtu/two", [2f]);
        b.AddInitializer("grtu/third", [1f / 3]);
        b.AddInitializer("grtu/series_limit", [0.01f]);
        b.AddInitializer("grtu/eps", [1e-8f]);

        string h1 = ctx.DeclareState("h1", n, "gated RTU real part h1; zeros at episode start");
        string h2 = ctx.DeclareState("h2", n, "gated RTU imaginary part h2; zeros at episode start");

        string rawEnergy = b.Op("Add", "grtu/energy", b.Op("Mul", "grtu/h1_h1", h1, h1), b.Op("Mul", "grtu/h2_h2", h2, h2));
        string energy = b.Op("Log", "grtu/log1p_energy", b.Op("Add", "grtu/one_plus_energy", "grtu/one", rawEnergy));
        string Gate(string g) => b.Op("Sigmoid", $"grtu/{g}",
            b.Op("Add", $"grtu/z{g}",
                b.Op("Add", $"grtu/x_W{g}_b{g}", b.Op("MatMul", $"grtu/x_W{g}", x, $"grtu/W{g}"), $"grtu/b{g}"),
                b.Op("Mul", $"grtu/p{g}_energy", $"grtu/p{g}", energy)));
        string a = Gate("a"), i = Gate("i");

        string m = b.Op("Mul", "grtu/m", a, "grtu/c_nu");
        string psi = b.Op("Mul", "grtu/psi", a, "grtu/c_theta");
        string rho = b.Op("Exp", "grtu/rho", b.Op("Neg", "grtu/neg_m", m));
        string g = b.Op("Mul", "grtu/g", rho, b.Op("Cos", "grtu/cos_psi", psi));
        string phi = b.Op("Mul", "grtu/phi", rho, b.Op("Sin", "grtu/sin_psi", psi));
        // 1 − e^{−2m}: the series 2m(1 − m(1 − 2m/3)) for small 2m, where 1 − ρ² would cancel in float32.
        string direct = b.Op("Sub", "grtu/one_minus_rho_rho", "grtu/one", b.Op("Mul", "grtu/rho_rho", rho, rho));
        string twoM = b.Op("Mul", "grtu/two_m", "grtu/two", m);
        string inner = b.Op("Sub", "grtu/series_inner", "grtu/one", b.Op("Mul", "grtu/two_m_third", twoM, "grtu/third"));
        string series = b.Op("Mul", "grtu/series", twoM,
            b.Op("Sub", "grtu/series_outer", "grtu/one", b.Op("Mul", "grtu/m_inner", m, inner)));
        string small = b.Op("Less", "grtu/use_series", twoM, "grtu/series_limit");
        string oneMinus = b.Op("Where", "grtu/one_minus_rho2", small, series, direct);
        string eta = b.Op("Add", "grtu/eta", b.Op("Sqrt", "grtu/sqrt_one_minus_rho2", oneMinus), "grtu/eps");
        string scale = b.Op("Mul", "grtu/eta_i", eta, i);

        string rot1 = b.Op("Sub", "grtu/rot1", b.Op("Mul", "grtu/g_h1", g, h1), b.Op("Mul", "grtu/phi_h2", phi, h2));
        string rot2 = b.Op("Add", "grtu/rot2", b.Op("Mul", "grtu/g_h2", g, h2), b.Op("Mul", "grtu/phi_h1", phi, h1));
        string in1 = b.Op("Mul", "grtu/in1", scale, b.Op("MatMul", "grtu/x_W1", x, "grtu/W1"));
        string in2 = b.Op("Mul", "grtu/in2", scale, b.Op("MatMul", "grtu/x_W2", x, "grtu/W2"));
        string n1 = b.Op("Add", OnnxNames.NextState("h1"), rot1, in1);
        string n2 = b.Op("Add", OnnxNames.NextState("h2"), rot2, in2);
        string h = b.Op("Concat", "grtu/h", new[] { n1, n2 }, Graph.OnnxGraphBuilder.IntAttr("axis", 1));
        return DenseExporter.Activate(b, w.Activation, h, "grtu/y");
    }
}
