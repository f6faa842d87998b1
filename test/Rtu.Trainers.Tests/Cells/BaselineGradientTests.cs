using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Gru;
using Rtu.Trainers.Cells.Lru;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

[TestClass]
public sealed class BaselineGradientTests
{
    private const int D = 4, N = 5, B = 3, Steps = 24;
    private static readonly (int, int)[] Resets = [(8, 2), (13, 0)];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(Activation.Relu), DataRow(Activation.Tanh), DataRow(Activation.Identity)]
    public void OnlineLruRtrlEqualsFullBpttAndFiniteDifferences(Activation f)
    {
        var options = new LruOptions { Units = N, OutputSize = 6, Activation = f };
        var rtrl = new OnlineLruLayer<double>(D, options, B, new Rng(4));
        var core = new LruCore<double>(D, options, new Rng(123));
        core.Parameters.CopyValuesFrom(rtrl.Parameters);
        var bptt = new TruncatedBpttLayer<double>(core, 1000, B);
        var harness = new GradientHarness(D, 6, B, Steps, seed: 8, Resets);
        var (gRtrl, dxRtrl) = harness.Gradient(rtrl);
        var (gBptt, dxBptt) = harness.Gradient(bptt);
        double rel = GradientHarness.RelativeError(gRtrl, gBptt), relFd = GradientHarness.RelativeError(gRtrl, harness.FiniteDifferences(rtrl));
        TestContext.WriteLine($"Online LRU, {f}: RTRL vs full BPTT {rel:E2}, vs central differences {relFd:E2} (relative, float64)");
        Assert.IsLessThanOrEqualTo(1e-8, rel);
        for (int t = 0; t < Steps; t++) Assert.IsLessThanOrEqualTo(1e-12, GradientHarness.RelativeError(dxRtrl[t], dxBptt[t]));
        Assert.IsLessThanOrEqualTo(1e-6, relFd);
    }

    [TestMethod]
    [DataRow(1), DataRow(4), DataRow(1000)]
    public void GruTbpttMatchesFiniteDifferencesOfTheTruncatedLoss(int truncation)
    {
        var core = new GruCore<double>(D, N, new Rng(6));
        var layer = new TruncatedBpttLayer<double>(core, truncation, B);
        var harness = new GradientHarness(D, N, B, Steps, seed: 9, Resets);
        var (g, _) = harness.Gradient(layer);
        var reference = TruncatedLossFiniteDifferences(core, harness, truncation);
        Assert.IsLessThanOrEqualTo(1e-6, GradientHarness.RelativeError(g, reference), $"T={truncation}");
    }

    [TestMethod]
    [DataRow(3)]
    public void LruTbpttMatchesFiniteDifferencesOfTheTruncatedLoss(int truncation)
    {
        var core = new LruCore<double>(D, new LruOptions { Units = N, Activation = Activation.Tanh }, new Rng(6));
        var layer = new TruncatedBpttLayer<double>(core, truncation, B);
        var harness = new GradientHarness(D, 2 * N, B, Steps, seed: 10, Resets);
        var (g, _) = harness.Gradient(layer);
        Assert.IsLessThanOrEqualTo(1e-6, GradientHarness.RelativeError(g, TruncatedLossFiniteDifferences(core, harness, truncation)));
    }

    [TestMethod]
    public void MemorylessGradientMatchesFiniteDifferences()
    {
        var layer = RecurrentLayerFactory.Create<double>(D, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.Memoryless, Units = N, Activation = Activation.Tanh }, B, new Rng(2));
        var harness = new GradientHarness(D, N, B, 10, seed: 1);
        var (g, _) = harness.Gradient(layer);
        Assert.IsLessThanOrEqualTo(1e-6, GradientHarness.RelativeError(g, harness.FiniteDifferences(layer)));
    }

    /// <summary>
    /// The truncated loss: for each step t, L_t = c_t · y_t where y_t is recomputed from the state T steps back with
    /// that state held constant. Its finite-difference gradient is what T-BPTT must return.
    /// </summary>
    private static double[] TruncatedLossFiniteDifferences(IRecurrentCore<double> core, GradientHarness harness, int truncation, double h = 1e-5)
    {
        var values = core.Parameters.Values;
        var grad = new double[values.Length];
        for (int p = 0; p < values.Length; p++)
        {
            double keep = values[p];
            values[p] = keep + h; double plus = TruncatedLoss(core, harness, truncation, keep, p);
            values[p] = keep - h; double minus = TruncatedLoss(core, harness, truncation, keep, p);
            values[p] = keep;
            grad[p] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    private static double TruncatedLoss(IRecurrentCore<double> core, GradientHarness harness, int truncation, double unperturbed, int index)
    {
        // States along the unperturbed trajectory (the "stop-gradient" starting points).
        double perturbed = core.Parameters.Values[index];
        core.Parameters.Values[index] = unperturbed;
        int steps = harness.Inputs.Length, b = harness.Inputs[0].Length / core.InputSize, s = core.StateSize, d = core.InputSize, m = core.OutputSize;
        var states = new double[steps + 1][];
        var lastReset = new int[steps][];
        var cache = new double[core.CacheSize]; var y = new double[m];
        states[0] = new double[b * s];
        var since = new int[b];
        core.Prepare();
        for (int t = 0; t < steps; t++)
        {
            states[t + 1] = (double[])states[t].Clone();
            foreach (var (step, stream) in harness.Resets) if (step == t) { Array.Clear(states[t + 1], stream * s, s); since[stream] = t; }
            lastReset[t] = (int[])since.Clone();
            var prev = (double[])states[t + 1].Clone();
            for (int j = 0; j < b; j++)
                core.Forward(harness.Inputs[t].AsSpan(j * d, d), prev.AsSpan(j * s, s), states[t + 1].AsSpan(j * s, s), y, cache);
        }
        core.Parameters.Values[index] = perturbed;
        core.Prepare();
        // Re-run each step's window of T steps with perturbed parameters from the stored starting state.
        double loss = 0;
        var h = new double[s]; var next = new double[s];
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < b; j++)
            {
                int start = Math.Max(t - truncation + 1, lastReset[t][j]);
                bool resetAtStart = harness.Resets.Any(r => r.Step == start && r.Stream == j);
                if (resetAtStart) Array.Clear(h); else Array.Copy(states[start], j * s, h, 0, s);
                for (int u = start; u <= t; u++)
                {
                    core.Forward(harness.Inputs[u].AsSpan(j * d, d), h, next, y, cache);
                    (h, next) = (next, h);
                }
                for (int k = 0; k < m; k++) loss += harness.Coefficients[t][j * m + k] * y[k];
            }
        }
        return loss;
    }
}
