using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.Rtu;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Cells;

[TestClass]
public sealed class RtuGradientTests
{
    private const int D = 4, N = 5, B = 3, Steps = 24;
    private static readonly (int, int)[] Resets = [(9, 1), (15, 0), (15, 2)];

    public TestContext TestContext { get; set; } = null!;

    private static (IRecurrentLayer<double> Rtrl, IRecurrentLayer<double> Bptt) Make(bool nonLinear, Activation f)
    {
        var options = new RtuOptions { Units = N, Activation = f };
        IRecurrentLayer<double> rtrl = nonLinear
            ? new NonLinearRtuLayer<double>(D, options, B, new Rng(7))
            : new LinearRtuLayer<double>(D, options, B, new Rng(7));
        var core = new RtuCore<double>(D, options, nonLinear, new Rng(99));
        core.Parameters.CopyValuesFrom(rtrl.Parameters);
        return (rtrl, new TruncatedBpttLayer<double>(core, truncation: 1000, batchSize: B));
    }

    [TestMethod]
    [DataRow(false, Activation.Relu), DataRow(false, Activation.Tanh), DataRow(false, Activation.Identity)]
    [DataRow(true, Activation.Relu), DataRow(true, Activation.Tanh), DataRow(true, Activation.Identity)]
    public void RtrlEqualsFullBpttAndFiniteDifferences(bool nonLinear, Activation f)
    {
        var (rtrl, bptt) = Make(nonLinear, f);
        var harness = new GradientHarness(D, 2 * N, B, Steps, seed: 3, Resets);
        var (gRtrl, dxRtrl) = harness.Gradient(rtrl);
        var (gBptt, dxBptt) = harness.Gradient(bptt);
        double rel = GradientHarness.RelativeError(gRtrl, gBptt);
        Assert.IsLessThanOrEqualTo(1e-8, rel, $"RTRL vs BPTT relative error {rel:E2}");
        for (int t = 0; t < Steps; t++)
            Assert.IsLessThanOrEqualTo(1e-12, GradientHarness.RelativeError(dxRtrl[t], dxBptt[t]), $"dx at step {t}");

        var fd = harness.FiniteDifferences(rtrl);
        double relFd = GradientHarness.RelativeError(gRtrl, fd);
        TestContext.WriteLine($"{(nonLinear ? "non-linear" : "linear")} RTU, {f}: RTRL vs full BPTT {rel:E2}, vs central differences {relFd:E2} (relative, float64)");
        Assert.IsLessThanOrEqualTo(1e-6, relFd, $"RTRL vs finite differences relative error {relFd:E2}");
        Assert.IsGreaterThan(0.0, gRtrl.Select(Math.Abs).Max(), "the gradient must not be trivially zero");
    }

    [TestMethod]
    [DataRow(false, Activation.Relu), DataRow(false, Activation.Tanh)]
    [DataRow(true, Activation.Relu), DataRow(true, Activation.Tanh)]
    public void RtrlEqualsFullBpttOnTheSimdPath(bool nonLinear, Activation f)
    {
        // n = 21: SIMD body plus a scalar tail; d = 5, B = 3.
        const int d = 5, n = 21;
        var options = new RtuOptions { Units = n, Activation = f };
        IRecurrentLayer<double> rtrl = nonLinear
            ? new NonLinearRtuLayer<double>(d, options, B, new Rng(5))
            : new LinearRtuLayer<double>(d, options, B, new Rng(5));
        var core = new RtuCore<double>(d, options, nonLinear, new Rng(99));
        core.Parameters.CopyValuesFrom(rtrl.Parameters);
        var bptt = new TruncatedBpttLayer<double>(core, truncation: 1000, batchSize: B);
        var harness = new GradientHarness(d, 2 * n, B, Steps, seed: 4, Resets);
        var (gRtrl, _) = harness.Gradient(rtrl);
        var (gBptt, _) = harness.Gradient(bptt);
        double rel = GradientHarness.RelativeError(gRtrl, gBptt);
        Assert.IsLessThanOrEqualTo(1e-8, rel, $"RTRL vs BPTT relative error {rel:E2}");
    }

    [TestMethod]
    [DataRow(false), DataRow(true)]
    public void BatchedStepMatchesSeparateStreams(bool nonLinear)
    {
        // The batched projection (row blocks outer, streams inner) adds in the per-stream order: outputs are bit-identical.
        const int d = 7, n = 600, batch = 3;
        var options = new RtuOptions { Units = n };
        RtuLayer<float> Make(int b) => nonLinear
            ? new NonLinearRtuLayer<float>(d, options, b, new Rng(11))
            : new LinearRtuLayer<float>(d, options, b, new Rng(11));
        var batched = Make(batch);
        var single = Enumerable.Range(0, batch).Select(_ => Make(1)).ToArray();
        var rng = new Rng(12);
        var x = new float[batch * d]; var dy = new float[batch * 2 * n];
        var y = new float[batch * 2 * n]; var ys = new float[2 * n];
        for (int t = 0; t < 6; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
            for (int i = 0; i < dy.Length; i++) dy[i] = (float)rng.NextGaussian();
            batched.Step(x, y);
            batched.Backward(dy, default);
            for (int b = 0; b < batch; b++)
            {
                single[b].Step(x.AsSpan(b * d, d), ys);
                single[b].Backward(dy.AsSpan(b * 2 * n, 2 * n), default);
                CollectionAssert.AreEqual(ys, y.AsSpan(b * 2 * n, 2 * n).ToArray(), $"outputs of stream {b} at step {t}");
            }
        }
        // Sum the single-stream gradients in stream order, as the batched layer does per element.
        var sum = new float[batched.Parameters.Count];
        foreach (var layer in single)
        {
            var g = layer.Parameters.Gradients;
            for (int j = 0; j < sum.Length; j++) sum[j] += g[j];
        }
        var gb = batched.Parameters.Gradients.ToArray();
        // Not bit-identical: the batched layer folds each stream into the running sum with FMAs, the reference adds
        // rounded per-stream totals; compare against the gradient's scale.
        double maxDiff = 0, scale = 0;
        for (int j = 0; j < sum.Length; j++) { maxDiff = Math.Max(maxDiff, Math.Abs(sum[j] - gb[j])); scale = Math.Max(scale, Math.Abs(sum[j])); }
        Assert.IsLessThanOrEqualTo(1e-5, maxDiff / scale, $"batched vs summed single-stream gradients, max difference / max |g| = {maxDiff / scale:E2}");
    }

    [TestMethod]
    public void LinearRtuWeightTracesStayTiedOverALongStream()
    {
        // Keep all four traces in the non-linear layer with f = identity: then S12 = −S21 and S22 = S11 must hold.
        var options = new RtuOptions { Units = 8, Activation = Activation.Identity };
        var layer = new NonLinearRtuLayer<double>(6, options, 1, new Rng(1));
        var rng = new Rng(2);
        var x = new double[6]; var y = new double[16];
        for (int t = 0; t < 2000; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
            layer.Step(x, y);
        }
        var tr = layer.WeightTraces(0);
        int dn = 6 * 8;
        double maxAbs = 0, maxDiff = 0;
        for (int j = 0; j < dn; j++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(tr[j]));
            maxDiff = Math.Max(maxDiff, Math.Abs(tr[2 * dn + j] + tr[dn + j]));   // S12 + S21
            maxDiff = Math.Max(maxDiff, Math.Abs(tr[3 * dn + j] - tr[j]));        // S22 − S11
        }
        Assert.IsGreaterThan(1e-3, maxAbs);
        Assert.IsLessThanOrEqualTo(1e-12 * Math.Max(1, maxAbs), maxDiff, $"tie broken by {maxDiff:E2}");
    }

    [TestMethod]
    public void TiedLinearRtuEqualsUntiedTraces()
    {
        // The linear RTU (2 traces) must produce the same gradient as keeping all 4 traces with identity inside.
        var options = new RtuOptions { Units = N, Activation = Activation.Identity };
        var tied = new LinearRtuLayer<double>(D, options, B, new Rng(5));
        var full = new NonLinearRtuLayer<double>(D, options, B, new Rng(5));
        var harness = new GradientHarness(D, 2 * N, B, 40, seed: 11, Resets);
        var (a, _) = harness.Gradient(tied);
        var (b, _) = harness.Gradient(full);
        Assert.IsLessThanOrEqualTo(1e-12, GradientHarness.RelativeError(a, b));
    }
}
