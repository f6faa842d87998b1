using Rtu.Onnx;

namespace Rtu.Onnx.Tests;

/// <summary>
/// Plain float64 forward pass of one stream, written from the equations (not from the exporter).
/// The only float32 rounding it models is that of the stored constants (g, phi, eta, lambda, gamma),
/// which the exported graph holds as float32 initializers.
/// </summary>
public sealed class ReferenceModel
{
    private readonly RecurrentModelWeights _m;

    public ReferenceModel(RecurrentModelWeights m) => _m = m;

    /// <summary>State names and widths in the order the exporter declares them.</summary>
    public (string Name, int Size)[] StateLayout() => _m.Cell switch
    {
        RtuWeights r => new[] { ("state_h1", r.Units), ("state_h2", r.Units) },
        OnlineLruWeights l => new[] { ("state_h_re", l.Units), ("state_h_im", l.Units) },
        GruWeights g => new[] { ("state_h", g.Hidden) },
        _ => Array.Empty<(string, int)>(),
    };

    public Dictionary<string, double[]> ZeroState() => StateLayout().ToDictionary(s => s.Name, s => new double[s.Size]);

    /// <summary>One step: returns the head outputs; <paramref name="state"/> is replaced by the next state.</summary>
    public Dictionary<string, double[]> Step(double[] obs, Dictionary<string, double[]> state)
    {
        double[] x = obs;
        if (_m.InputNormalization is { } norm)
        {
            x = new double[obs.Length];
            for (int i = 0; i < x.Length; i++)
            {
                double o = norm.ImputeNonFinite && !double.IsFinite(obs[i]) ? norm.Mean[i] : obs[i];
                double v = ((float)o - norm.Mean[i]) / (double)norm.Std[i];
                x[i] = norm.Clip is float c ? Math.Clamp(v, -c, c) : v;
            }
        }
        if (_m.InputMlp is not null) x = Mlp(x, _m.InputMlp);
        double[] y;
        switch (_m.Cell)
        {
            case RtuWeights r:
            {
                int n = r.Units;
                var h1 = state["state_h1"];
                var h2 = state["state_h2"];
                var u1 = MatVec(x, r.W1, r.InputDim, n);
                var u2 = MatVec(x, r.W2, r.InputDim, n);
                var n1 = new double[n];
                var n2 = new double[n];
                for (int k = 0; k < n; k++)
                {
                    double rr = Math.Exp(-Math.Exp(r.NuLog[k]));
                    double th = Math.Exp(r.ThetaLog[k]);
                    double g = F32(rr * Math.Cos(th)), phi = F32(rr * Math.Sin(th)), eta = F32(Math.Sqrt(OneMinusRSquared(Math.Exp(r.NuLog[k]))) + 1e-8);
                    double a1 = g * h1[k] - phi * h2[k] + eta * u1[k];
                    double a2 = g * h2[k] + phi * h1[k] + eta * u2[k];
                    if (r.Kind == RtuKind.Linear) { n1[k] = a1; n2[k] = a2; }
                    else { n1[k] = Act(a1, r.Activation); n2[k] = Act(a2, r.Activation); }
                }
                y = n1.Concat(n2).ToArray();
                if (r.Kind == RtuKind.Linear) y = y.Select(v => Act(v, r.Activation)).ToArray();
                state["state_h1"] = n1;
                state["state_h2"] = n2;
                break;
            }
            case OnlineLruWeights l:
            {
                int n = l.Units;
                var hre = state["state_h_re"];
                var him = state["state_h_im"];
                var ure = MatVec(x, l.BRe, l.InputDim, n);
                var uim = MatVec(x, l.BIm, l.InputDim, n);
                var nre = new double[n];
                var nim = new double[n];
                for (int k = 0; k < n; k++)
                {
                    double rr = Math.Exp(-Math.Exp(l.NuLog[k]));
                    double th = Math.Exp(l.ThetaLog[k]);
                    double lre = F32(rr * Math.Cos(th)), lim = F32(rr * Math.Sin(th)), gamma = F32(Math.Exp(l.GammaLog[k]));
                    nre[k] = lre * hre[k] - lim * him[k] + gamma * ure[k];
                    nim[k] = lre * him[k] + lim * hre[k] + gamma * uim[k];
                }
                var a = MatVec(nre, l.CRe, n, l.OutputDim);
                var b = MatVec(nim, l.CIm, n, l.OutputDim);
                y = a.Select((v, i) => Act(v - b[i], l.Activation)).ToArray();
                state["state_h_re"] = nre;
                state["state_h_im"] = nim;
                break;
            }
            case GruWeights g:
            {
                int n = g.Hidden;
                var h = state["state_h"];
                var xw = MatVec(x, g.Wx, g.InputDim, 3 * n);
                var hw = MatVec(h, g.Wh, n, 3 * n);
                var z = new double[n];
                var r = new double[n];
                for (int k = 0; k < n; k++)
                {
                    z[k] = Sigmoid(xw[k] + hw[k] + g.B[k]);
                    r[k] = Sigmoid(xw[n + k] + hw[n + k] + g.B[n + k]);
                }
                var rh = h.Select((v, k) => r[k] * v).ToArray();
                var rhw = MatVec(rh, g.Wh, n, 3 * n);
                var next = new double[n];
                for (int k = 0; k < n; k++)
                {
                    double c = Math.Tanh(xw[2 * n + k] + rhw[2 * n + k] + g.B[2 * n + k]);
                    next[k] = (1 - z[k]) * h[k] + z[k] * c;
                }
                y = next;
                state["state_h"] = next;
                break;
            }
            case MemorylessWeights mem:
                y = Dense(x, mem.Layer);
                break;
            default:
                throw new NotSupportedException();
        }

        var outputs = new Dictionary<string, double[]>();
        if (_m.OutputFeatures) outputs["features"] = y;
        if (_m.HeadSkipConnection) y = [.. y, .. x];
        switch (_m.Heads)
        {
            case PredictionHeadWeights p:
                var prediction = Mlp(y, p.Layers);
                if (p.OutputScale is not null)
                    for (int i = 0; i < prediction.Length; i++) prediction[i] = prediction[i] * p.OutputScale[i] + p.OutputOffset![i];
                outputs["prediction"] = prediction;
                break;
            case ActorCriticHeadWeights ac:
                if (ac.Continuous)
                {
                    outputs["mean"] = Mlp(y, ac.Actor);
                    outputs["log_std"] = ac.LogStd!.Select(v => (double)v).ToArray();
                }
                else outputs["logits"] = Mlp(y, ac.Actor);
                outputs["value"] = Mlp(y, ac.Critic);
                break;
        }
        return outputs;
    }

    private static double F32(double v) => (float)v;

    // 1 − r² = 1 − e^{−2ν} without cancellation as r → 1: its Taylor series for small 2ν.
    private static double OneMinusRSquared(double nu)
    {
        double x = 2 * nu;
        return x < 1e-3 ? x * (1 - x / 2 * (1 - x / 3 * (1 - x / 4))) : 1 - Math.Exp(-x);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    public static double Act(double v, Activation a) => a switch
    {
        Activation.Identity => v,
        Activation.Relu => v > 0 ? v : 0,
        Activation.Tanh => Math.Tanh(v),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    public static double[] MatVec(double[] x, float[] w, int rows, int cols)
    {
        var y = new double[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                y[j] += x[i] * w[i * cols + j];
        return y;
    }

    public static double[] Dense(double[] x, DenseWeights d)
    {
        var y = MatVec(x, d.W, d.InputSize, d.OutputSize);
        for (int j = 0; j < y.Length; j++) y[j] = Act(y[j] + d.B[j], d.Activation);
        return y;
    }

    public static double[] Mlp(double[] x, MlpWeights m)
    {
        foreach (var l in m.Layers) x = Dense(x, l);
        return x;
    }
}
