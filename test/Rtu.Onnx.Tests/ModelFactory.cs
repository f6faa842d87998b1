using Rtu.Onnx;

namespace Rtu.Onnx.Tests;

public enum Arch { LinearRtuRelu, LinearRtuTanh, LinearRtuIdentity, NonLinearRtuRelu, NonLinearRtuTanh, OnlineLru, Gru, Memoryless }

public enum Head { Prediction, Discrete, Continuous }

/// <summary>Seeded random models of every architecture and head kind.</summary>
public static class ModelFactory
{
    public const int ObsSize = 5;
    public const int MlpOut = 8;
    public const int Units = 4;

    public static RecurrentModelWeights Create(Arch arch, Head head, bool inputMlp, int seed)
    {
        var rng = new Random(seed);
        int x = inputMlp ? MlpOut : ObsSize;
        MlpWeights? mlp = inputMlp ? new MlpWeights(new[] { Dense(rng, ObsSize, MlpOut, Activation.Tanh) }) : null;
        CellWeights cell = arch switch
        {
            Arch.LinearRtuRelu => Rtu(rng, RtuKind.Linear, x, Activation.Relu),
            Arch.LinearRtuTanh => Rtu(rng, RtuKind.Linear, x, Activation.Tanh),
            Arch.LinearRtuIdentity => Rtu(rng, RtuKind.Linear, x, Activation.Identity),
            Arch.NonLinearRtuRelu => Rtu(rng, RtuKind.NonLinear, x, Activation.Relu),
            Arch.NonLinearRtuTanh => Rtu(rng, RtuKind.NonLinear, x, Activation.Tanh),
            Arch.OnlineLru => Lru(rng, x, 6, Activation.Tanh),
            Arch.Gru => new GruWeights(6, x, Uniform(rng, x * 18, 1 / Math.Sqrt(x)), Uniform(rng, 6 * 18, 1 / Math.Sqrt(6)), Uniform(rng, 18, 0.3)),
            Arch.Memoryless => new MemorylessWeights(Dense(rng, x, 7, Activation.Relu)),
            _ => throw new ArgumentOutOfRangeException(nameof(arch)),
        };
        int f = cell.OutputSize;
        HeadWeights heads = head switch
        {
            // With an input MLP the prediction head also maps back to label units (scale, offset).
            Head.Prediction => new PredictionHeadWeights(new MlpWeights(new[] { Dense(rng, f, 6, Activation.Relu), Dense(rng, 6, 3, Activation.Identity) }),
                inputMlp ? [2.5f, 0.5f, 10f] : null, inputMlp ? [-1f, 3f, 100f] : null),
            Head.Discrete => new ActorCriticHeadWeights(
                new MlpWeights(new[] { Dense(rng, f, 6, Activation.Tanh), Dense(rng, 6, 4, Activation.Identity) }),
                new MlpWeights(new[] { Dense(rng, f, 6, Activation.Tanh), Dense(rng, 6, 1, Activation.Identity) }),
                Continuous: false),
            Head.Continuous => new ActorCriticHeadWeights(
                new MlpWeights(new[] { Dense(rng, f, 2, Activation.Identity) }),
                new MlpWeights(new[] { Dense(rng, f, 5, Activation.Relu), Dense(rng, 5, 1, Activation.Identity) }),
                Continuous: true, LogStd: Uniform(rng, 2, 1.0)),
            _ => throw new ArgumentOutOfRangeException(nameof(head)),
        };
        // Models with an input MLP also standardise obs in the graph (clamped for the actor-critic heads).
        InputNormalizationWeights? norm = inputMlp
            ? new InputNormalizationWeights(Uniform(rng, ObsSize, 0.5), [.. Enumerable.Range(0, ObsSize).Select(i => 0.5f + i)], head == Head.Prediction ? null : 1.5f)
            : null;
        return new RecurrentModelWeights(ObsSize, mlp, cell, heads, norm);
    }

    public static DenseWeights Dense(Random rng, int i, int o, Activation act) =>
        new(i, o, Uniform(rng, i * o, 1.5 / Math.Sqrt(i)), Uniform(rng, o, 0.2), act);

    public static float[] Uniform(Random rng, int count, double scale)
    {
        var a = new float[count];
        for (int k = 0; k < count; k++) a[k] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return a;
    }

    /// <summary>nu_log and theta_log with |lambda| in [0.4, 0.97] and theta in (0, 6.28).</summary>
    private static (float[] Nu, float[] Theta) Ring(Random rng, int n)
    {
        var nu = new float[n];
        var th = new float[n];
        for (int k = 0; k < n; k++)
        {
            double r = 0.4 + 0.57 * rng.NextDouble();
            nu[k] = (float)Math.Log(-Math.Log(r));
            th[k] = (float)Math.Log(6.28 * (0.01 + 0.99 * rng.NextDouble()));
        }
        return (nu, th);
    }

    private static RtuWeights Rtu(Random rng, RtuKind kind, int d, Activation act)
    {
        var (nu, th) = Ring(rng, Units);
        double s = 1 / Math.Sqrt(d) * Math.Sqrt(3);
        return new RtuWeights(kind, Units, d, nu, th, Uniform(rng, d * Units, s), Uniform(rng, d * Units, s), act);
    }

    private static OnlineLruWeights Lru(Random rng, int d, int m, Activation act)
    {
        var (nu, th) = Ring(rng, Units);
        var gammaLog = new float[Units];
        for (int k = 0; k < Units; k++)
        {
            double r = Math.Exp(-Math.Exp(nu[k]));
            gammaLog[k] = (float)(Math.Log(Math.Sqrt(1 - r * r)) + 0.1 * (rng.NextDouble() - 0.5));
        }
        return new OnlineLruWeights(Units, d, m, nu, th, gammaLog,
            Uniform(rng, d * Units, 1 / Math.Sqrt(d)), Uniform(rng, d * Units, 1 / Math.Sqrt(d)),
            Uniform(rng, Units * m, 1 / Math.Sqrt(Units)), Uniform(rng, Units * m, 1 / Math.Sqrt(Units)), act);
    }
}
