using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments.Conditioning;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Learning;

[TestClass]
public sealed class TdLambdaLearnerTests
{
    // Architectures the determinism and checkpoint tests cover: RTRL (tied and full traces, Online LRU) and T-BPTT.
    public static IEnumerable<object[]> Layers() =>
    [
        [RecurrentArchitecture.LinearRtu, LearningRule.Rtrl],
        [RecurrentArchitecture.NonLinearRtu, LearningRule.Rtrl],
        [RecurrentArchitecture.Lru, LearningRule.Rtrl],
        [RecurrentArchitecture.LinearRtu, LearningRule.Tbptt],
        [RecurrentArchitecture.Gru, LearningRule.Tbptt],
        [RecurrentArchitecture.Memoryless, LearningRule.Tbptt],
    ];

    private static TdLambdaLearner<float> MakeLearner(RecurrentArchitecture arch, LearningRule rule, int inputSize, ulong seed,
        double learningRate = 3e-3, OptimizerKind optimizer = OptimizerKind.Adam)
    {
        var layer = RecurrentLayerFactory.Create<float>(inputSize,
            new RecurrentLayerOptions { Architecture = arch, LearningRule = rule, Units = 8, Truncation = 5 }, 1, new Rng(seed));
        return new TdLambdaLearner<float>(layer, new TdLambdaOptions { Gamma = 0.9, Lambda = 0.9, LearningRate = learningRate, Optimizer = optimizer });
    }

    /// <summary>Records a trace-conditioning stream so that several learners can see exactly the same steps.</summary>
    private static (float[][] Observations, double[] Cumulants) Record(int steps, ulong seed)
    {
        var env = new TraceConditioning(null, seed);
        var obs = new float[steps][];
        var c = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            obs[t] = new float[env.ObservationSize];
            env.Next(obs[t], out c[t]);
        }
        return (obs, c);
    }

    private static double[] Feed(TdLambdaLearner<float> learner, float[][] obs, double[] c, int from, int to)
    {
        var predictions = new double[to - from];
        var v = new double[1];
        for (int t = from; t < to; t++)
        {
            learner.Observe(obs[t], [c[t]], v);
            predictions[t - from] = v[0];
        }
        return predictions;
    }

    private static byte[] Snapshot(TdLambdaLearner<float> learner)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) learner.Save(w);
        return ms.ToArray();
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.9)]
    public void FullyObservableCycle_ConvergesToAnalyticValues(double lambda)
    {
        // A deterministic cycle of N one-hot states; the cumulant 1 arrives on entering state 0. Then
        // v(s) = E[Σ_k γ^k C_{t+1+k} | s_t = s] = γ^{(N−1−s)} / (1 − γ^N). A memoryless identity layer can represent it
        // exactly, and TD(λ) for any λ has the true values as its fixed point on a deterministic chain.
        const int N = 5;
        const double gamma = 0.8;
        var layer = RecurrentLayerFactory.Create<double>(N,
            new RecurrentLayerOptions { Architecture = RecurrentArchitecture.Memoryless, Units = 4, Activation = Activation.Identity }, 1, new Rng(3));
        var learner = new TdLambdaLearner<double>(layer,
            new TdLambdaOptions { Gamma = gamma, Lambda = lambda, LearningRate = 0.02, Optimizer = OptimizerKind.Sgd });

        var x = new double[N];
        var v = new double[1];
        const int steps = 6000;
        var predictions = new double[steps];
        var cumulants = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            int s = t % N;
            Array.Clear(x); x[s] = 1;
            cumulants[t] = s == 0 && t > 0 ? 1 : 0;
            learner.Observe(x, [cumulants[t]], v);
            predictions[t] = v[0];
        }

        for (int s = 0; s < N; s++)
        {
            double expected = Math.Pow(gamma, N - 1 - s) / (1 - Math.Pow(gamma, N));
            double last = predictions[steps - N + s];
            Assert.AreEqual(expected, last, 1e-4, $"v({s})");
        }
        // The pipeline's alignment: predictions from Observe scored by ReturnError against the true returns.
        double msre = ReturnError.MsreWindow(predictions, cumulants, gamma, steps - 1000, 900);
        Assert.IsLessThan(1e-8, msre);
    }

    [TestMethod]
    public void LinearRtu_LowersMsreOnTraceConditioning()
    {
        const int steps = 12_000;
        var (obs, c) = Record(steps, 5);
        var learner = MakeLearner(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl, obs[0].Length, seed: 2, learningRate: 3e-3);
        double[] v = Feed(learner, obs, c, 0, steps);
        const double gamma = 0.9;
        double start = ReturnError.MsreWindow(v, c, gamma, 0, 2000);
        double end = ReturnError.MsreLastFraction(v, c, gamma, 0.25, ReturnError.TailLength(gamma));
        Assert.IsLessThan(0.6 * start, end, $"MSRE start {start:F4}, end {end:F4}");
    }

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void SameSeed_IdenticalPredictions(RecurrentArchitecture arch, LearningRule rule)
    {
        var (obs, c) = Record(1500, 9);
        double[] a = Feed(MakeLearner(arch, rule, obs[0].Length, 4), obs, c, 0, obs.Length);
        double[] b = Feed(MakeLearner(arch, rule, obs[0].Length, 4), obs, c, 0, obs.Length);
        CollectionAssert.AreEqual(a, b);
        Assert.IsTrue(a.Any(p => p != 0), "The learner should have learned something.");
    }

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void SaveLoadMidStream_ContinuesBitIdentically(RecurrentArchitecture arch, LearningRule rule)
    {
        var (obs, c) = Record(2000, 13);
        var original = MakeLearner(arch, rule, obs[0].Length, 6);
        Feed(original, obs, c, 0, 1000);
        byte[] checkpoint = Snapshot(original);
        double[] expected = Feed(original, obs, c, 1000, 2000);

        // A learner with different initial weights becomes the same learner once loaded.
        var restored = MakeLearner(arch, rule, obs[0].Length, 99);
        using (var r = new BinaryReader(new MemoryStream(checkpoint))) restored.Load(r);
        Assert.AreEqual(1000, restored.StepCount);
        double[] actual = Feed(restored, obs, c, 1000, 2000);
        CollectionAssert.AreEqual(expected, actual);
        CollectionAssert.AreEqual(Snapshot(original), Snapshot(restored));
    }

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl)]
    [DataRow(RecurrentArchitecture.Gru, LearningRule.Tbptt)]
    public void DamagedStreamStateIsRefusedAndTheStreamsKeepTheirs(RecurrentArchitecture arch, LearningRule rule)
    {
        var (obs, c) = Record(600, 23);
        var original = MakeLearner(arch, rule, obs[0].Length, 3);
        Feed(original, obs, c, 0, 300);
        byte[] checkpoint = Snapshot(original);
        // One stream's state is the file's tail: pending flag, pending value, P trace values, then the carry (doubles).
        int tail = 1 + 8 + 8 * (original.ParameterCount + original.Layer.CarrySize);
        int steps = checkpoint.Length - tail - 8, pending = checkpoint.Length - tail + 1;
        int trace = pending + 8, carry = pending + 8 + 8 * original.ParameterCount;

        var cases = new List<(int Offset, double Value)>();
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, -1e300 })  // -1e300 is -inf as a float
            foreach (int at in new[] { pending, trace, carry, checkpoint.Length - 8 })
                cases.Add((at, bad));
        var negativeSteps = (byte[])checkpoint.Clone();
        BitConverter.GetBytes(-5L).CopyTo(negativeSteps, steps);

        var damaged = cases.Select(k =>
        {
            var bytes = (byte[])checkpoint.Clone();
            BitConverter.GetBytes(k.Value).CopyTo(bytes, k.Offset);
            return bytes;
        }).Append(negativeSteps).ToList();
        Assert.AreEqual(13, damaged.Count);
        foreach (var bytes in damaged)
        {
            var probe = MakeLearner(arch, rule, obs[0].Length, 5);
            Feed(probe, obs, c, 0, 100);
            byte[] before = Snapshot(probe);
            using (var r = new BinaryReader(new MemoryStream(bytes)))
                Assert.Throws<InvalidDataException>(() => probe.Load(r));
            // The parameters come first in the file; a refused load puts them back, so nothing of the file is left.
            byte[] after = Snapshot(probe);
            Assert.AreEqual(100, probe.StepCount, "A refused load must not change the step count.");
            CollectionAssert.AreEqual(before, after, "A refused load must leave the parameters and the streams' states as they were.");
            Assert.IsTrue(Feed(probe, obs, c, 100, 110).All(double.IsFinite), "A refused load must leave no NaN behind.");
        }

        // The intact checkpoint still loads (the offsets above are the real ones).
        var restored = MakeLearner(arch, rule, obs[0].Length, 99);
        using (var r = new BinaryReader(new MemoryStream(checkpoint))) restored.Load(r);
        CollectionAssert.AreEqual(Feed(original, obs, c, 300, 400), Feed(restored, obs, c, 300, 400));
    }

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl)]
    [DataRow(RecurrentArchitecture.Gru, LearningRule.Tbptt)]
    public void NonFiniteInput_ThrowsArgumentException_AndChangesNothing(RecurrentArchitecture arch, LearningRule rule)
    {
        var (obs, c, learner, twin) = TwinsAfter200Steps(arch, rule, 21);
        byte[] before = Snapshot(learner);
        var v = new double[] { 42 };

        var nanObs = (float[])obs[200].Clone(); nanObs[1] = float.NaN;
        var infObs = (float[])obs[200].Clone(); infObs[0] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => learner.Observe(obs[200], [double.PositiveInfinity], v));
        Assert.Throws<ArgumentException>(() => learner.Observe(obs[200], [double.NegativeInfinity], v));
        Assert.Throws<ArgumentException>(() => learner.Observe(nanObs, [c[200]], v));
        Assert.Throws<ArgumentException>(() => learner.Observe(infObs, [c[200]], v));
        Assert.Throws<ArgumentException>(() => learner.Observe(obs[200].AsSpan(1), [c[200]], v));
        Assert.Throws<ArgumentException>(() => learner.Observe(obs[200], [c[200], 0], v));

        Assert.AreEqual(42, v[0], "Predictions must not be written on a rejected step.");
        CollectionAssert.AreEqual(before, Snapshot(learner));
        CollectionAssert.AreEqual(Feed(twin, obs, c, 200, 400), Feed(learner, obs, c, 200, 400));
    }

    // Two learners of the same seed fed the same 200 steps of a 400-step recording: one is refused bad input, the other
    // shows what it must still do.
    private static (float[][] Observations, double[] Cumulants, TdLambdaLearner<float> Learner, TdLambdaLearner<float> Twin)
        TwinsAfter200Steps(RecurrentArchitecture arch, LearningRule rule, ulong recording)
    {
        var (obs, c) = Record(400, recording);
        var learner = MakeLearner(arch, rule, obs[0].Length, 8);
        var twin = MakeLearner(arch, rule, obs[0].Length, 8);
        Feed(learner, obs, c, 0, 200);
        Feed(twin, obs, c, 0, 200);
        return (obs, c, learner, twin);
    }

    // Every architecture, the gated RTU too.
    public static IEnumerable<object[]> EveryLayer() => Layers().Append([RecurrentArchitecture.GatedRtu, LearningRule.Rtrl]);

    [TestMethod]
    [DynamicData(nameof(EveryLayer))]
    public void AFiniteObservationTooLargeForTheLayerIsRefusedAndChangesNothing(RecurrentArchitecture arch, LearningRule rule)
    {
        // ±3e38 is finite as a float, but x·W overflowed it: the state went to ±∞ (then NaN) and every later prediction
        // was NaN while each update was refused as non-finite (every architecture but the GRU, whose gates saturate).
        var (obs, c, learner, twin) = TwinsAfter200Steps(arch, rule, 31);
        byte[] before = Snapshot(learner);
        var v = new double[] { 42 };
        foreach (float sign in new[] { 1f, -1f })
        {
            var huge = (float[])obs[200].Clone();
            for (int i = 0; i < huge.Length; i++) huge[i] = (i % 2 == 0 ? sign : -sign) * 3e38f;
            var e = Assert.Throws<ArgumentException>(() => learner.Observe(huge, [c[200]], v));
            StringAssert.Contains(e.Message, "too large");
        }
        Assert.AreEqual(42, v[0], "Predictions must not be written on a rejected step.");
        CollectionAssert.AreEqual(before, Snapshot(learner), $"{arch}: a refused observation must change nothing.");
        CollectionAssert.AreEqual(Feed(twin, obs, c, 200, 400), Feed(learner, obs, c, 200, 400));
    }

    [TestMethod]
    public void MissingCumulant_SkipsOnlyThatUpdate()
    {
        // The documented policy: NaN is a missing cumulant. That step's TD update is skipped (no optimizer step), the
        // prediction is still made and the eligibility trace goes on; the next known cumulant updates as usual.
        var (obs, c) = Record(300, 23);
        var learner = MakeLearner(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl, obs[0].Length, 8);
        Feed(learner, obs, c, 0, 200);
        long adamSteps = ((Rtu.Trainers.Optimization.Adam<float>)learner.Optimizer).StepCount;
        var headBefore = learner.Head.Parameters.Values.ToArray();
        var v = new double[1];
        learner.Observe(obs[200], [double.NaN], v);
        Assert.IsTrue(double.IsFinite(v[0]));
        Assert.AreEqual(adamSteps, ((Rtu.Trainers.Optimization.Adam<float>)learner.Optimizer).StepCount, "no update from a missing cumulant");
        CollectionAssert.AreEqual(headBefore, learner.Head.Parameters.Values);
        learner.Observe(obs[201], [c[201]], v);
        Assert.AreEqual(adamSteps + 1, ((Rtu.Trainers.Optimization.Adam<float>)learner.Optimizer).StepCount);
    }

    [TestMethod]
    public void NonFiniteUpdate_IsSkipped_AndTheModelStaysFinite()
    {
        // A cumulant so large that −δ·z overflows float: the update is skipped (parameters unchanged), nothing throws,
        // and learning goes on with the next finite update.
        var (obs, c) = Record(300, 29);
        var learner = MakeLearner(RecurrentArchitecture.LinearRtu, LearningRule.Rtrl, obs[0].Length, 8);
        Feed(learner, obs, c, 0, 200);
        var before = learner.Head.Parameters.Values.ToArray();
        var v = new double[1];
        learner.Observe(obs[200], [1e300], v);
        CollectionAssert.AreEqual(before, learner.Head.Parameters.Values, "the overflowing update must be skipped");
        Assert.AreEqual(1L, learner.SkippedUpdates);
        Feed(learner, obs, c, 201, 300);
        Assert.IsFalse(learner.Head.Parameters.HasNonFiniteValues());
        Assert.IsFalse(learner.Layer.Parameters.HasNonFiniteValues());
    }

    [TestMethod]
    public void BadOptions_AreRejectedByName()
    {
        var layer = RecurrentLayerFactory.Create<float>(3, new RecurrentLayerOptions { Units = 2 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TdLambdaLearner<float>(layer, new TdLambdaOptions { Lambda = 1.5 }));
        StringAssert.Contains(e.Message, "Lambda");
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new TdLambdaLearner<float>(layer, new TdLambdaOptions { Gamma = 1 }));
        StringAssert.Contains(e.Message, "Gamma");
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new TdLambdaLearner<float>(layer, new TdLambdaOptions { LearningRate = double.NaN }));
        StringAssert.Contains(e.Message, "LearningRate");
    }

    [TestMethod]
    public void FlopsPerStep_GrowsWithTruncationOnlyForTbptt()
    {
        long Flops(LearningRule rule, int t) => new TdLambdaLearner<float>(
            RecurrentLayerFactory.Create<float>(12, new RecurrentLayerOptions { Units = 8, LearningRule = rule, Truncation = t }),
            new TdLambdaOptions()).FlopsPerStep;
        Assert.IsGreaterThan(Flops(LearningRule.Tbptt, 4), Flops(LearningRule.Tbptt, 16));
        Assert.IsGreaterThan(0L, Flops(LearningRule.Rtrl, 1));
    }
}
