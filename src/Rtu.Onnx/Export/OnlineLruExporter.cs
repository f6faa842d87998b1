namespace Rtu.Onnx.Export;

/// <summary>
/// Online LRU cell. lambda_re, lambda_im and gamma are computed at export time in float64 and
/// stored as float32 initializers "lru/lambda_re", "lru/lambda_im", "lru/gamma" [n]. Named nodes:
/// <code>
/// lru/rot_re = lambda_re ⊙ h_re − lambda_im ⊙ h_im     lru/in_re = gamma ⊙ (x·B_re)
/// lru/rot_im = lambda_re ⊙ h_im + lambda_im ⊙ h_re     lru/in_im = gamma ⊙ (x·B_im)
/// next_state_h_re = lru/rot_re + lru/in_re             next_state_h_im = lru/rot_im + lru/in_im
/// lru/y = act(next_state_h_re·C_re − next_state_h_im·C_im)
/// </code>
/// States: <c>state_h_re</c> [N,n] and <c>state_h_im</c> [N,n].
/// </summary>
internal static class OnlineLruExporter
{
    /// <summary>Float64 (lambda_re, lambda_im, gamma) of each unit.</summary>
    public static (double[] LambdaRe, double[] LambdaIm, double[] Gamma) Constants(OnlineLruWeights w)
    {
        int n = w.Units;
        var re = new double[n];
        var im = new double[n];
        var gamma = new double[n];
        for (int k = 0; k < n; k++)
        {
            double r = Math.Exp(-Math.Exp(w.NuLog[k]));
            double theta = Math.Exp(w.ThetaLog[k]);
            re[k] = r * Math.Cos(theta);
            im[k] = r * Math.Sin(theta);
            gamma[k] = Math.Exp(w.GammaLog[k]);
        }
        return (re, im, gamma);
    }

    public static string Emit(ExportContext ctx, OnlineLruWeights w, string x)
    {
        var b = ctx.Builder;
        int n = w.Units, d = w.InputDim, m = w.OutputDim;
        var (lre, lim, gamma) = Constants(w);
        b.AddInitializer("lru/lambda_re", RtuExporter.ToFloat(lre), n);
        b.AddInitializer("lru/lambda_im", RtuExporter.ToFloat(lim), n);
        b.AddInitializer("lru/gamma", RtuExporter.ToFloat(gamma), n);
        b.AddInitializer("lru/B_re", w.BRe, d, n);
        b.AddInitializer("lru/B_im", w.BIm, d, n);
        b.AddInitializer("lru/C_re", w.CRe, n, m);
        b.AddInitializer("lru/C_im", w.CIm, n, m);

        string hre = ctx.DeclareState("h_re", n, "Online LRU state, real part; zeros at episode start");
        string him = ctx.DeclareState("h_im", n, "Online LRU state, imaginary part; zeros at episode start");

        string rotRe = b.Op("Sub", "lru/rot_re",
            b.Op("Mul", "lru/lre_h_re", "lru/lambda_re", hre), b.Op("Mul", "lru/lim_h_im", "lru/lambda_im", him));
        string rotIm = b.Op("Add", "lru/rot_im",
            b.Op("Mul", "lru/lre_h_im", "lru/lambda_re", him), b.Op("Mul", "lru/lim_h_re", "lru/lambda_im", hre));
        string inRe = b.Op("Mul", "lru/in_re", "lru/gamma", b.Op("MatMul", "lru/x_B_re", x, "lru/B_re"));
        string inIm = b.Op("Mul", "lru/in_im", "lru/gamma", b.Op("MatMul", "lru/x_B_im", x, "lru/B_im"));
        string nre = b.Op("Add", OnnxNames.NextState("h_re"), rotRe, inRe);
        string nim = b.Op("Add", OnnxNames.NextState("h_im"), rotIm, inIm);
        string pre = b.Op("Sub", "lru/pre",
            b.Op("MatMul", "lru/h_re_C_re", nre, "lru/C_re"), b.Op("MatMul", "lru/h_im_C_im", nim, "lru/C_im"));
        return DenseExporter.Activate(b, w.Activation, pre, "lru/y");
    }
}
