using Rtu.Trainers.Cells;
using Rtu.Trainers.Cells.GatedRtu;
using Rtu.Trainers.Numerics;
using Rtu.Tests.Shared;
using P = Rtu.Trainers.Cells.GatedRtu.GatedRtuParameters;

namespace Rtu.Trainers.Tests.Cells.GatedRtu;

[TestClass]
public sealed class GatedRtuGradientTests
{
    private const int B = 3, Steps = 24;
    private static readonly (int, int)[] Resets = [(9, 1), (15, 0), (15, 2)];

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// An RTRL layer and a full-BPTT layer with the same parameters. The gate biases and the state-feedback weights start
    /// at 0; they are drawn at random here so that every term of the Jacobian ∂h_t/∂h_{t−1} is exercised.
    /// </summary>
    /// With raw feedback weights of 0.7·N(0, 1) the bound p = p_max·tanh(p_raw) is in its curved part for most units.
    private static (GatedRtuLayer<double> Rtrl, IRecurrentLayer<double> Bptt) Make(int d, int n, Activation f, bool feedback, ulong seed, double feedbackLimit = 3, bool version2 = false, double ratio = 4, double open = 0)
    {
        var options = new GatedRtuOptions
        {
            Units = n, Activation = f, StateFeedback = feedback, RMin = 0.3, RMax = 0.99, FeedbackLimit = feedbackLimit, DecayFeedbackInit = 0,
            PhaseReadsState = version2, PhaseFeedbackRatio = ratio, OpenUnitShare = open,
            DecayGateWeightInitScale = 1, InputGateWeightInitScale = 1, // every gate reads x, whatever the default initialisation
        };
        var rtrl = new GatedRtuLayer<double>(d, options, B, new Rng(seed));
        var rng = new Rng(seed + 100);
        foreach (var name in new[] { P.Ba, P.Bi, P.Pa, P.Pi })
        {
            if (!feedback && name is P.Pa or P.Pi) continue;
            var v = rtrl.Parameters.Value(name);
            for (int k = 0; k < v.Length; k++) v[k] = 0.7 * rng.NextGaussian();
        }
        var core = new GatedRtuCore<double>(d, options, new Rng(99));
        core.Parameters.CopyValuesFrom(rtrl.Parameters);
        return (rtrl, new TruncatedBpttLayer<double>(core, truncation: 1000, batchSize: B));
    }

    [TestMethod]
    [DataRow(Activation.Relu, true), DataRow(Activation.Tanh, true), DataRow(Activation.Identity, true)]
    [DataRow(Activation.Tanh, false), DataRow(Activation.Identity, false)]
    [DataRow(Activation.Tanh, true, 0.4), DataRow(Activation.Relu, true, 0.4)]
    [DataRow(Activation.Tanh, true, 3.0, true), DataRow(Activation.Relu, true, 3.0, true), DataRow(Activation.Identity, false, 3.0, true)]
    [DataRow(Activation.Tanh, true, 3.0, false, 0.0), DataRow(Activation.Relu, true, 3.0, false, 1.0), DataRow(Activation.Identity, true, 3.0, false, 0.3)]
    [DataRow(Activation.Tanh, true, 3.0, false, 4.0, 0.4), DataRow(Activation.Relu, true, 3.0, false, 4.0, 0.5), DataRow(Activation.Identity, false, 3.0, false, 4.0, 0.2)]
    public void RtrlEqualsFullBpttAndFiniteDifferences(Activation f, bool feedback, double feedbackLimit = 3, bool version2 = false, double ratio = 4, double open = 0)
    {
        // version2: the cell of layout gated_rtu_v2 (the phase follows the decay gate with its state feedback); ratio: Q
        // of version 3's phase gate (its share q = Qν / (Qν + θ) of the feedback moves with ν_log and θ_log); open: the
        // share of open units (version 4; their gate parameters are drawn at random here too, and must get no gradient).
        const int d = 4, n = 5;
        var (rtrl, bptt) = Make(d, n, f, feedback, seed: 7, feedbackLimit, version2, ratio, open);
        Assert.AreEqual(version2 ? P.LayoutNameV2 : open > 0 ? P.LayoutName : P.LayoutNameV3, bptt.Parameters.Name);
        int openUnits = P.OpenUnits(rtrl.Parameters, rtrl.Options);
        Assert.AreEqual((int)Math.Ceiling(open * n), openUnits);
        var harness = new GradientHarness(d, 2 * n, B, Steps, seed: 3, Resets);
        var (gRtrl, dxRtrl) = harness.Gradient(rtrl);
        var (gBptt, dxBptt) = harness.Gradient(bptt);
        double rel = GradientHarness.RelativeError(gRtrl, gBptt);
        Assert.IsLessThanOrEqualTo(1e-8, rel, $"RTRL vs BPTT relative error {rel:E2}");
        for (int t = 0; t < Steps; t++)
            Assert.IsLessThanOrEqualTo(1e-12, GradientHarness.RelativeError(dxRtrl[t], dxBptt[t]), $"dx at step {t}");

        var fd = harness.FiniteDifferences(rtrl);
        if (!feedback)
            foreach (var name in new[] { P.Pa, P.Pi })
            {
                // Frozen at 0 without feedback: the loss still depends on them, but they are not learned.
                var seg = rtrl.Parameters.Segment(name);
                Array.Clear(fd, seg.Offset, seg.Length);
            }
        double relFd = GradientHarness.RelativeError(gRtrl, fd);
        TestContext.WriteLine($"gated RTU ({rtrl.Parameters.Name}, {openUnits} open), {f}, state feedback {feedback}, p_max {feedbackLimit}, Q {ratio}: RTRL vs full BPTT {rel:E2}, vs central differences {relFd:E2} (relative, float64)");
        Assert.IsLessThanOrEqualTo(1e-6, relFd, $"RTRL vs finite differences relative error {relFd:E2}");

        // Every parameter block must receive gradient (none silently dropped), except the p weights without feedback.
        foreach (var seg in rtrl.Parameters.Segments)
        {
            double max = gRtrl.Skip(seg.Offset).Take(seg.Length).Select(Math.Abs).Max();
            bool frozen = !feedback && seg.Name is P.Pa or P.Pi;
            if (frozen) Assert.AreEqual(0.0, max, $"{seg.Name} must not learn without state feedback");
            else Assert.IsGreaterThan(0.0, max, $"{seg.Name} got no gradient");
            // An open unit's gate parameters (columns k < open of Wa, Wi; entries of b_a, p_a, b_i, p_i) get exactly 0.
            if (seg.Name is P.Wa or P.Wi or P.Ba or P.Pa or P.Bi or P.Pi)
                for (int i = 0; i < seg.Length; i++)
                    if (i % n < openUnits) Assert.AreEqual(0.0, gRtrl[seg.Offset + i], $"{seg.Name}[{i}] of an open unit");
        }
    }

    [TestMethod]
    public void OpenUnitsAreLinearRtuUnits()
    {
        // An open unit: h_t = λ h_{t−1} + √(1 − |λ|²)·(x·W1 + i x·W2) with λ = e^{c(−ν + iθ)} the sampled eigenvalue, whatever
        // its gate parameters hold; the gated units next to it are unchanged by the share (same draws, same steps).
        const int d = 3, n = 6;
        var options = new GatedRtuOptions { Units = n, Activation = Activation.Identity, OpenUnitShare = 0.5 };
        var layer = new GatedRtuLayer<double>(d, options, 1, new Rng(8));
        var gatedOnly = new GatedRtuLayer<double>(d, options with { OpenUnitShare = 0 }, 1, new Rng(8));
        Assert.AreEqual(3, P.OpenUnits(layer.Parameters, options));
        foreach (var name in new[] { P.Ba, P.Pa, P.Bi, P.Pi })
        {
            CollectionAssert.AreEqual(new double[3], layer.Parameters.Value(name)[..3].ToArray(), $"{name} of the open units starts at 0");
            CollectionAssert.AreEqual(gatedOnly.Parameters.Value(name)[3..].ToArray(), layer.Parameters.Value(name)[3..].ToArray(), name);
            layer.Parameters.Value(name)[..3].Fill(2.5); // not used
        }
        CollectionAssert.AreEqual(gatedOnly.Parameters.Value(P.W1).ToArray(), layer.Parameters.Value(P.W1).ToArray());
        ReadOnlySpan<double> nuLog = layer.Parameters.Value(P.NuLog), thetaLog = layer.Parameters.Value(P.ThetaLog);
        ReadOnlySpan<double> w1 = layer.Parameters.Value(P.W1), w2 = layer.Parameters.Value(P.W2);
        var h = new System.Numerics.Complex[3];
        var rng = new Rng(9);
        var x = new double[d]; var y = new double[2 * n]; var yGated = new double[2 * n];
        for (int t = 0; t < 60; t++)
        {
            for (int i = 0; i < d; i++) x[i] = rng.NextGaussian();
            layer.Step(x, y); gatedOnly.Step(x, yGated);
            for (int k = 0; k < 3; k++)
            {
                var lambda = System.Numerics.Complex.Exp(options.GateScale * new System.Numerics.Complex(-Math.Exp(nuLog[k]), Math.Exp(thetaLog[k])));
                double eta = Math.Sqrt(1 - lambda.Magnitude * lambda.Magnitude) + GatedRtuUnit.EtaEpsilon;
                double u1 = 0, u2 = 0;
                for (int i = 0; i < d; i++) { u1 += x[i] * w1[i * n + k]; u2 += x[i] * w2[i * n + k]; }
                h[k] = lambda * h[k] + eta * new System.Numerics.Complex(u1, u2);
                Assert.AreEqual(h[k].Real, y[k], 1e-12 * Math.Max(1, h[k].Magnitude), $"h1 of open unit {k}, step {t}");
                Assert.AreEqual(h[k].Imaginary, y[n + k], 1e-12 * Math.Max(1, h[k].Magnitude), $"h2 of open unit {k}, step {t}");
            }
            for (int k = 3; k < n; k++)
            {
                Assert.AreEqual(yGated[k], y[k], $"gated unit {k}, step {t}");
                Assert.AreEqual(yGated[n + k], y[n + k], $"gated unit {k}, step {t}");
            }
        }
    }

    [TestMethod]
    public void WithZeroGateWeightsAFreshCellIsLinearAndTimeInvariant()
    {
        // Both gate-weight scales 0: the gates read only their biases and the feedback weights, which start at 0, so a fresh
        // cell is a linear filter of its input (doubling every input doubles every output). With the lecun-normal gate
        // weights (scale 1) the input moves the gates, and it is not.
        const int d = 3, n = 5;
        foreach (double scale in new[] { 0.0, 1.0 })
        {
            var options = new GatedRtuOptions { Units = n, Activation = Activation.Identity, DecayGateWeightInitScale = scale, InputGateWeightInitScale = scale };
            var once = new GatedRtuLayer<double>(d, options, 1, new Rng(4));
            var twice = new GatedRtuLayer<double>(d, options, 1, new Rng(4));
            var rng = new Rng(5);
            var x = new double[d]; var x2 = new double[d]; var y = new double[2 * n]; var y2 = new double[2 * n];
            double worst = 0;
            for (int t = 0; t < 40; t++)
            {
                for (int i = 0; i < d; i++) { x[i] = rng.NextGaussian(); x2[i] = 2 * x[i]; }
                once.Step(x, y); twice.Step(x2, y2);
                for (int k = 0; k < 2 * n; k++) worst = Math.Max(worst, Math.Abs(y2[k] - 2 * y[k]) / Math.Max(1, Math.Abs(y2[k])));
            }
            if (scale == 0) Assert.IsTrue(worst <= 1e-12, $"scale 0: not linear, worst relative error {worst}");
            else Assert.IsTrue(worst > 1e-3, $"scale 1: unexpectedly linear ({worst})");
        }
    }

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void OpenUnitsStepAndBackwardAllocateNothing(LearningRule rule)
    {
        // The generic LayerBehaviourTests build the default cell; this is the same check with open units (B = 3, resets).
        const int d = 6, n = 16;
        var options = new GatedRtuOptions { Units = n, OpenUnitShare = 0.5 };
        IRecurrentLayer<float> layer = rule == LearningRule.Rtrl ? new GatedRtuLayer<float>(d, options, 3, new Rng(1))
            : new TruncatedBpttLayer<float>(new GatedRtuCore<float>(d, options, new Rng(1)), 4, 3);
        var x = new float[3 * d]; var y = new float[3 * 2 * n]; var dy = new float[y.Length]; var dx = new float[x.Length];
        var rng = new Rng(3);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                layer.Step(x, y);
                for (int i = 0; i < dy.Length; i++) dy[i] = 0.01f * y[i];
                layer.Backward(dy, dx);
                if (t % 7 == 0) layer.ResetStream(t % 3);
            }
        }
        Run(20);
        Assert.AreEqual(0L, SteadyAllocation.FewestBytes(() => Run(200)), layer.Description);
    }

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void Version3ParametersLoadWithoutOpenUnits(LearningRule rule)
    {
        // A set saved as gated_rtu_v3 (every unit gated) read by a layer created with open units runs as version 3, bit for
        // bit, and is written back under its name; the same values as version 4 (open units) give other outputs.
        const int d = 3, n = 4;
        IRecurrentLayer<double> Layer(double open)
        {
            var options = new GatedRtuOptions { Units = n, Activation = Activation.Tanh, OpenUnitShare = open };
            return rule == LearningRule.Rtrl ? new GatedRtuLayer<double>(d, options, 1, new Rng(5))
                : new TruncatedBpttLayer<double>(new GatedRtuCore<double>(d, options, new Rng(5)), 4, 1);
        }
        var old = Layer(0);
        Assert.AreEqual(P.LayoutNameV3, old.Parameters.Name);
        using var file = new MemoryStream();
        using (var w = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true)) old.Parameters.Write(w);
        var loaded = Layer(0.5);
        Assert.AreEqual(P.LayoutName, loaded.Parameters.Name);
        file.Position = 0;
        using (var r = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true)) loaded.Parameters.Read(r);
        Assert.AreEqual(P.LayoutNameV3, loaded.Parameters.Name);
        var current = Layer(0.5);
        old.Parameters.Values.CopyTo(current.Parameters.Values, 0);

        RunsAsWrittenAndWritesBack(old, loaded, current, file, new Rng(6), "open units must differ from gated ones on the same values");
    }

    // The loaded layer steps bit for bit as the layer that wrote the file, the same values under the current layout
    // give other outputs, and the loaded set is written back byte for byte (under the name it was read with).
    private static void RunsAsWrittenAndWritesBack(IRecurrentLayer<double> old, IRecurrentLayer<double> loaded, IRecurrentLayer<double> current,
        MemoryStream file, Rng rng, string differsMessage)
    {
        var x = new double[old.InputSize];
        double[] yOld = new double[old.OutputSize], yLoaded = new double[old.OutputSize], yCurrent = new double[old.OutputSize];
        double differs = 0;
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
            old.Step(x, yOld); loaded.Step(x, yLoaded); current.Step(x, yCurrent);
            CollectionAssert.AreEqual(yOld, yLoaded, $"step {t}");
            for (int j = 0; j < yOld.Length; j++) differs = Math.Max(differs, Math.Abs(yOld[j] - yCurrent[j]));
        }
        Assert.IsGreaterThan(1e-3, differs, differsMessage);
        using var again = new MemoryStream();
        using (var w = new BinaryWriter(again, System.Text.Encoding.UTF8, leaveOpen: true)) loaded.Parameters.Write(w);
        CollectionAssert.AreEqual(file.ToArray(), again.ToArray(), "written again under the name it was read with");
    }

    [TestMethod]
    public void RtrlEqualsFullBpttOnTheSimdPath()
    {
        // n = 21: SIMD body plus a scalar tail; d = 5, B = 3.
        const int d = 5, n = 21;
        var (rtrl, bptt) = Make(d, n, Activation.Tanh, feedback: true, seed: 5);
        var harness = new GradientHarness(d, 2 * n, B, Steps, seed: 4, Resets);
        var (gRtrl, _) = harness.Gradient(rtrl);
        var (gBptt, _) = harness.Gradient(bptt);
        double rel = GradientHarness.RelativeError(gRtrl, gBptt);
        Assert.IsLessThanOrEqualTo(1e-8, rel, $"RTRL vs BPTT relative error {rel:E2}");
    }

    [TestMethod]
    public void ClosedDecayGateHoldsTheStateAndBlocksTheInput()
    {
        // A decay gate driven to 0 makes λ_t → 1 and √(1 − |λ_t|²) → 0: the state is held, new input does not enter.
        const int d = 4, n = 3;
        var layer = new GatedRtuLayer<double>(d, new GatedRtuOptions { Units = n, Activation = Activation.Identity, OpenUnitShare = 0 }, 1, new Rng(1));
        var y = new double[2 * n];
        layer.Step([1, 0, 0, 0], y);
        var written = layer.State(0).ToArray();
        layer.Parameters.Value(P.Ba).Fill(-40);
        for (int t = 0; t < 50; t++) layer.Step([0, (t % 3) - 1.0, 2, -1], y);
        var held = layer.State(0).ToArray();
        for (int j = 0; j < 2 * n; j++) Assert.AreEqual(written[j], held[j], 1e-6 * Math.Max(1, Math.Abs(written[j])), $"state {j}");
    }

    [TestMethod]
    public void FloatAndDoubleShareOneCodePath()
    {
        var opts = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, Units = 8, Activation = Activation.Tanh };
        var f = RecurrentLayerFactory.Create<float>(3, opts, 1, new Rng(1));
        var d = RecurrentLayerFactory.Create<double>(3, opts, 1, new Rng(1));
        var xf = new float[3]; var xd = new double[3]; var yf = new float[16]; var yd = new double[16];
        var rng = new Rng(2);
        for (int t = 0; t < 100; t++)
        {
            for (int i = 0; i < 3; i++) { xd[i] = rng.NextGaussian(); xf[i] = (float)xd[i]; }
            f.Step(xf, yf); d.Step(xd, yd);
            f.Backward(yf, default); d.Backward(yd, default);
        }
        for (int i = 0; i < 16; i++) Assert.AreEqual(yd[i], yf[i], 1e-4);
        for (int i = 0; i < d.Parameters.Count; i++)
            Assert.AreEqual(d.Parameters.Gradients[i], f.Parameters.Gradients[i], 1e-3 * Math.Max(1, Math.Abs(d.Parameters.Gradients[i])), $"gradient {i}");
    }

    [TestMethod]
    public void TheFeedbackWeightIsBoundedByItsLimit()
    {
        // p = p_max·tanh(p_raw): any raw weight, however large, acts as at most p_max, so the feedback term of
        // ∂h_t/∂h_{t−1} stays bounded. Raw weights of ±1e4 and ±1e8 both saturate (tanh = ±1 in float64): the same cell.
        const int d = 3, n = 4;
        var options = new GatedRtuOptions { Units = n, Activation = Activation.Tanh, FeedbackLimit = 2.5, DecayFeedbackInit = 0 };
        var a = new GatedRtuLayer<double>(d, options, 1, new Rng(3));
        var b = new GatedRtuLayer<double>(d, options, 1, new Rng(3));
        for (int k = 0; k < n; k++)
        {
            double sign = k % 2 == 0 ? 1 : -1;
            a.Parameters.Value(P.Pa)[k] = sign * 1e4; a.Parameters.Value(P.Pi)[k] = -sign * 1e4;
            b.Parameters.Value(P.Pa)[k] = sign * 1e8; b.Parameters.Value(P.Pi)[k] = -sign * 1e8;
        }
        var rng = new Rng(4);
        var x = new double[d]; var ya = new double[2 * n]; var yb = new double[2 * n];
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < d; i++) x[i] = 2 * rng.NextGaussian();
            a.Step(x, ya); b.Step(x, yb);
            CollectionAssert.AreEqual(ya, yb, $"step {t}");
            Assert.IsTrue(ya.All(double.IsFinite));
        }
        Assert.AreEqual(2.5, GatedRtuUnit.BoundedFeedback(1e8, 2.5, out double slope));
        Assert.AreEqual(0.0, slope);
        Assert.AreEqual(8 * Math.Tanh(0.1), GatedRtuUnit.BoundedFeedback(0.1, 8, out slope), 1e-15);
        Assert.AreEqual(8 * (1 - Math.Tanh(0.1) * Math.Tanh(0.1)), slope, 1e-14, "∂p/∂p_raw = p_max (1 − tanh² p_raw)");
    }

    [TestMethod]
    public void ParametersOfTheFirstLayoutAreRefusedWithTheLayoutNames()
    {
        // Version 1 stored p itself as "pa"/"pi" in a set named "gated_rtu"; version 2 stores p_raw. Reading a version-1
        // set must fail and say which layouts differ rather than reinterpret the values.
        const int d = 3, n = 4;
        var old = new Rtu.Trainers.Parameters.ParameterSet<float>("gated_rtu", (P.NuLog, [n]), (P.ThetaLog, [n]), (P.W1, [d, n]), (P.W2, [d, n]),
            (P.Wa, [d, n]), (P.Ba, [n]), ("pa", [n]), (P.Wi, [d, n]), (P.Bi, [n]), ("pi", [n]));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) old.Write(writer);
        stream.Position = 0;
        var layer = new GatedRtuLayer<float>(d, new GatedRtuOptions { Units = n }, 1, new Rng(1));
        using var reader = new BinaryReader(stream);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => layer.Parameters.Read(reader));
        StringAssert.Contains(e.Message, "'gated_rtu'");
        StringAssert.Contains(e.Message, P.LayoutName);
        StringAssert.Contains(e.Message, P.LayoutNameV3);
    }

    [TestMethod]
    [DataRow(LearningRule.Rtrl), DataRow(LearningRule.Tbptt)]
    public void Version2ParametersLoadAndKeepTheirMeaning(LearningRule rule)
    {
        // A set saved as gated_rtu_v2 (the phase follows the decay gate with its state feedback) is read by a layer
        // created as version 3 and runs as version 2, bit for bit; written again it keeps its name. The same values
        // run as version 3 give other outputs, so the name is what carries the meaning.
        const int d = 3, n = 4;
        IRecurrentLayer<double> Layer(bool version2)
        {
            var options = new GatedRtuOptions { Units = n, Activation = Activation.Tanh, PhaseReadsState = version2, OpenUnitShare = 0 };
            return rule == LearningRule.Rtrl ? new GatedRtuLayer<double>(d, options, 1, new Rng(5))
                : new TruncatedBpttLayer<double>(new GatedRtuCore<double>(d, options, new Rng(5)), 4, 1);
        }
        var old = Layer(version2: true);
        var rng = new Rng(6);
        foreach (var name in new[] { P.Pa, P.Pi, P.Ba })
        {
            var v = old.Parameters.Value(name);
            for (int k = 0; k < n; k++) v[k] = 1.5 * rng.NextGaussian();
        }
        using var file = new MemoryStream();
        using (var w = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true)) old.Parameters.Write(w);

        var loaded = Layer(version2: false);
        Assert.AreEqual(P.LayoutNameV3, loaded.Parameters.Name);
        file.Position = 0;
        using (var r = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true)) loaded.Parameters.Read(r);
        Assert.AreEqual(P.LayoutNameV2, loaded.Parameters.Name);
        var current = Layer(version2: false);
        old.Parameters.Values.CopyTo(current.Parameters.Values, 0); // the values only, not their layout name
        Assert.AreEqual(P.LayoutNameV3, current.Parameters.Name);

        RunsAsWrittenAndWritesBack(old, loaded, current, file, rng, "version 3 must differ from version 2 on the same values");
    }

    [TestMethod]
    public void InvalidOptionsAreRejectedWithTheirNames()
    {
        Assert.AreEqual("FeedbackLimit", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, FeedbackLimit = 0 })).ParamName);
        Assert.AreEqual("DecayFeedbackInit", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayFeedbackInit = -3, FeedbackLimit = 2 })).ParamName);
        Assert.AreEqual("DecayFeedbackInit", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayFeedbackInit = double.NaN })).ParamName);
        Assert.AreEqual("DecayGateInitMin", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayGateInitMin = 0 })).ParamName);
        Assert.AreEqual("DecayGateInitMin", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayGateInitMin = 0.6, DecayGateInitMax = 0.5 })).ParamName);
        Assert.AreEqual("DecayGateInitMin", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayGateInitMax = 1 })).ParamName);
        Assert.AreEqual("GateScale", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, GateScale = 0 })).ParamName);
        Assert.AreEqual("RMin", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, RMin = 0.9, RMax = 0.5 })).ParamName);
        Assert.AreEqual("Units", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuCore<float>(3, new GatedRtuOptions { Units = 0 })).ParamName);
        Assert.AreEqual("OpenUnitShare", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, OpenUnitShare = 1 })).ParamName);
        Assert.AreEqual("DecayGateWeightInitScale", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, DecayGateWeightInitScale = -0.5 })).ParamName);
        Assert.AreEqual("InputGateWeightInitScale", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, InputGateWeightInitScale = double.PositiveInfinity })).ParamName);
        Assert.AreEqual("OpenUnitShare", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, OpenUnitShare = double.NaN })).ParamName);
        var version2 = new GatedRtuLayer<float>(3, new GatedRtuOptions { Units = 2, OpenUnitShare = 0.5, PhaseReadsState = true });
        Assert.AreEqual(P.LayoutNameV2, version2.Parameters.Name, "a version-2 cell has no open units");
        Assert.AreEqual(0, P.OpenUnits(version2.Parameters, version2.Options));
    }

    [TestMethod]
    public void TheDecayFeedbackStartsAtItsInitialValueAndTheInputFeedbackAtZero()
    {
        var layer = new GatedRtuLayer<double>(3, new GatedRtuOptions { Units = 4, FeedbackLimit = 6, DecayFeedbackInit = -2.5, OpenUnitShare = 0 }, 1, new Rng(1));
        foreach (double raw in layer.Parameters.Value(P.Pa)) Assert.AreEqual(-2.5, GatedRtuUnit.BoundedFeedback(raw, 6, out _), 1e-12);
        foreach (double raw in layer.Parameters.Value(P.Pi)) Assert.AreEqual(0.0, raw);
        var plain = new GatedRtuLayer<double>(3, new GatedRtuOptions { Units = 4, StateFeedback = false }, 1, new Rng(1));
        foreach (double raw in plain.Parameters.Value(P.Pa)) Assert.AreEqual(0.0, raw, "without state feedback p stays 0");
    }

    [TestMethod]
    public void TrainedCountIsTheNumberOfParametersThatGetAGradient()
    {
        // Sizing at equal parameters counts what training moves: an open unit has 2d + 2 (ν_log, θ_log, its W1 and W2
        // columns), as a linear-RTU unit; its stored gate entries never get a gradient.
        const int d = 3, n = 6;
        var layer = new GatedRtuLayer<double>(d, new GatedRtuOptions { Units = n, Activation = Activation.Tanh, OpenUnitShare = 0.5 }, 2, new Rng(4));
        var rng = new Rng(5);
        var x = new double[2 * d]; var y = new double[2 * 2 * n];
        for (int t = 0; t < 20; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
            layer.Step(x, y);
            layer.Backward(y, default);
        }
        Assert.AreEqual(P.TrainedCount(d, n, 3), layer.Parameters.Gradients.Count(g => g != 0));
        Assert.AreEqual(P.Count(d, n), P.TrainedCount(d, n, 0));
        Assert.AreEqual(4050, P.TrainedCount(64, 21, 11), "the PPO trunk with half its units open");
    }

    [TestMethod]
    public void ParameterCountMatchesTheLayer()
    {
        var layer = RecurrentLayerFactory.Create<float>(7, new RecurrentLayerOptions { Architecture = RecurrentArchitecture.GatedRtu, Units = 5 });
        Assert.AreEqual(RecurrentLayerFactory.ParameterCount(RecurrentArchitecture.GatedRtu, 7, 5), layer.Parameters.Count);
    }
}
