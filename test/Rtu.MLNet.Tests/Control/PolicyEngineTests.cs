using Rtu.Trainers.Numerics;
using Rtu.Tests.Shared;

namespace Rtu.MLNet.Tests.Control;

[TestClass]
public sealed class PolicyEngineTests
{
    /// <summary>Drives three keys of an engine through their Chase environments; returns every output as bits.</summary>
    private sealed class Driver
    {
        private readonly Chase[] _envs;
        private readonly float[][] _obs;
        private readonly bool[] _start = [true, true, true];

        public Driver(bool continuous = false)
        {
            _envs = Enumerable.Range(0, 3).Select(i => new Chase(40 + (ulong)i, continuous)).ToArray();
            _obs = _envs.Select(_ => new float[2]).ToArray();
            for (int i = 0; i < 3; i++) _envs[i].Reset(_obs[i]);
        }

        public List<float> Run(RtuPolicyEngine engine, int steps, Func<double, double>? reward = null)
        {
            var trace = new List<float>();
            for (int t = 0; t < steps; t++)
            {
                int i = t % 3;
                string key = $"k{i}";
                var step = engine.Act(key, _obs[i], _start[i]);
                trace.AddRange(step.Action); trace.AddRange(step.Distribution); trace.Add(step.Value);
                var r = _envs[i].Step(step.Action, _obs[i]);
                engine.Reward(key, reward?.Invoke(r.Reward) ?? r.Reward, r.Done);
                _start[i] = false;
                if (r.Done) _envs[i].Reset(_obs[i]);
            }
            return trace;
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void CheckpointRestoreContinuesBitExact(bool learn)
    {
        var policy = ControlTestKit.Policy();
        AssertRestoredEngineContinues(policy, policy, learn, $"policy-engine-{learn}-{Environment.ProcessId}.ckpt");
    }

    [TestMethod]
    public void AGatedPolicyLoadedFromItsFileRestoresTheOriginalsLearningCheckpoint()
    {
        // Half of the gated trunk's units open (the default opens a quarter): the model file keeps the share, so the
        // loaded policy builds the same cell and continues a learning engine's checkpoint of the original bit for bit.
        var o = ControlTestKit.Tiny();
        o.Ppo = o.Ppo with { Recurrent = o.Ppo.Recurrent with { Architecture = Rtu.Trainers.Cells.RecurrentArchitecture.GatedRtu, OpenUnitShare = 0.5 } };
        var ml = new Microsoft.ML.MLContext(1);
        var policy = ml.Control().TrainPpo(s => new Chase(s), o);
        string model = Path.Combine(Path.GetTempPath(), $"gated-policy-engine-{Environment.ProcessId}.zip");
        try
        {
            ml.Model.SaveRtu(policy, ml.Data.LoadFromEnumerable(ControlTestKit.Log(3)).Schema, model);
            var loaded = ml.Model.LoadRtu<RtuPolicyTransformer>(model, out _);
            AssertRestoredEngineContinues(policy, loaded, learn: true, $"gated-policy-engine-{Environment.ProcessId}.ckpt");
        }
        finally { File.Delete(model); }
    }

    // An engine of `original` runs 100 steps and is checkpointed; an engine of `restoring` restored from it then gives
    // exactly the next 150 steps of the original engine.
    private static void AssertRestoredEngineContinues(RtuPolicyTransformer original, RtuPolicyTransformer restoring, bool learn, string file)
    {
        var a = original.CreateStreamingEngine(learn);
        var driver = new Driver();
        driver.Run(a, 100);
        string path = Path.Combine(Path.GetTempPath(), file);
        a.Checkpoint(path);
        // The same driver state for both continuations: clone it by replaying.
        var replay = new Driver();
        replay.Run(original.CreateStreamingEngine(learn), 100); // the environments' own state after 100 steps (actions differ only if the engine differs)
        var expected = driver.Run(a, 150);
        try
        {
            var b = restoring.CreateStreamingEngine(learn);
            b.Restore(path);
            CollectionAssert.AreEquivalent(new[] { "k0", "k1", "k2" }, b.StreamIds.ToArray());
            var actual = replay.Run(b, 150);
            CollectionAssert.AreEqual(expected, actual, "restored engine diverged");
            if (learn) Assert.IsTrue(a.GetStats("k0").Updates >= 4, $"updates: {a.GetStats("k0")}");
            // A learning engine's checkpoint is not a frozen engine's.
            var other = restoring.CreateStreamingEngine(!learn);
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => other.Restore(path)).Message, "streams");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void LearningChangesThePolicyPerKeyAndFrozenDoesNot()
    {
        var policy = ControlTestKit.Policy();
        var frozen = policy.CreateStreamingEngine();
        var learning = policy.CreateStreamingEngine(learn: true);
        new Driver().Run(frozen, 300);
        new Driver().Run(learning, 300);
        var probe = new float[] { 0.5f, -1f };
        var f = frozen.Act("fresh", probe, episodeStart: true);
        var l0 = learning.Act("k0", probe, episodeStart: true);
        var fresh = learning.Act("fresh", probe, episodeStart: true);
        CollectionAssert.AreEqual(f.Distribution, fresh.Distribution, "a new key starts from the trained policy");
        CollectionAssert.AreNotEqual(f.Distribution, l0.Distribution, "a key that learned has its own policy");
        Assert.AreEqual(0, frozen.GetStats("k0").Updates);
        Assert.IsTrue(learning.GetStats("k0").Updates > 0);
    }

    [TestMethod]
    public void LearningNeverProducesANaNPolicy()
    {
        var o = ControlTestKit.Tiny();
        // A step size that blows the weights up, and rewards of extreme size.
        o.OnlineLearning = o.OnlineLearning with { LearningRate = 1e6 };
        o.Ppo = o.Ppo with { MaxGradientNorm = 0 };
        var policy = new Microsoft.ML.MLContext(1).Control().TrainPpo(s => new Chase(s), o);
        var engine = policy.CreateStreamingEngine(learn: true);
        var rng = new Rng(1);
        var trace = new Driver().Run(engine, 600, r => r * 1e30 * (rng.Bernoulli(0.5) ? -1 : 1));
        Assert.IsTrue(trace.All(float.IsFinite), "every action, probability and value stays finite");
        var stats = Enumerable.Range(0, 3).Select(i => engine.GetStats($"k{i}")).ToArray();
        Assert.IsTrue(stats.Sum(s => s.Updates + s.RolledBack) >= 3 * 10, string.Join("; ", stats));
        Console.WriteLine(string.Join("; ", stats));
    }

    [TestMethod]
    public void ProtocolErrorsAreClear()
    {
        var engine = ControlTestKit.Policy().CreateStreamingEngine(learn: true);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => engine.Act("a", new float[3])).Message, "Expected an observation of 2 floats");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => engine.Act("a", [float.PositiveInfinity, 0])).Message, "observation[0] is Infinity");
        Assert.ThrowsExactly<KeyNotFoundException>(() => engine.Reward("never", 1));
        engine.Act("a", [0, 0]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => engine.Act("a", [0, 0])).Message, "call Reward");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => engine.Reward("a", double.NaN)).Message, "finite");
        // A reward whose square overflows the return statistics made every later reward 0 (learning silently stopped).
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => engine.Reward("a", -1e200)).Message, "within ±1e100");
        engine.Reward("a", 1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => engine.Reward("a", 1)).Message, "twice");
    }

    [TestMethod]
    public void AContinuousActionIsClippedToTheBoxAsTrainingClipsItWhileTheMeanIsNot()
    {
        // A learning engine samples (σ = 1 here, about a third of the samples beyond [−1, 1]); what it gives out is what
        // training would have sent the environment, the sample clipped to the box, not a raw −8.5.
        var engine = ControlTestKit.Policy(continuous: true).CreateStreamingEngine(learn: true);
        using var env = new Chase(77, continuous: true);
        var obs = new float[2];
        env.Reset(obs);
        int atABound = 0;
        for (int t = 0; t < 300; t++)
        {
            var step = engine.Act("k", obs, t == 0);
            Assert.IsTrue(step.Action[0] is >= -1f and <= 1f, $"step {t}: action {step.Action[0]} outside [-1, 1]");
            if (Math.Abs(step.Action[0]) == 1f) atABound++;
            Assert.AreEqual(1, step.Distribution.Length, "the mean");
            var r = env.Step(step.Action, obs);
            engine.Reward("k", r.Reward, r.Done);
            if (r.Done) env.Reset(obs);
        }
        Assert.IsGreaterThan(30, atABound, "samples beyond the box were clipped to its bounds");
        Assert.IsGreaterThan(0, engine.GetStats("k").Updates, "it learned from the samples themselves");
    }

    [TestMethod]
    public void KeysActingConcurrentlyGiveTheSequentialResults()
    {
        var policy = ControlTestKit.Policy();
        List<float> RunKey(RtuPolicyEngine engine, int k)
        {
            using var env = new Chase(900 + (ulong)k);
            var obs = new float[2];
            env.Reset(obs);
            var trace = new List<float>();
            for (int t = 0; t < 120; t++)
            {
                var step = engine.Act($"key-{k}", obs, t == 0);
                trace.AddRange(step.Distribution); trace.Add(step.Value);
                var r = env.Step(step.Action, obs);
                engine.Reward($"key-{k}", r.Reward, r.Done);
                if (r.Done) env.Reset(obs);
            }
            return trace;
        }
        var sequentialEngine = policy.CreateStreamingEngine(learn: true);
        var sequential = Enumerable.Range(0, 6).Select(k => RunKey(sequentialEngine, k)).ToArray();
        var concurrentEngine = policy.CreateStreamingEngine(learn: true);
        var concurrent = new List<float>[6];
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, k => concurrent[k] = RunKey(concurrentEngine, k));
        for (int k = 0; k < 6; k++) CollectionAssert.AreEqual(sequential[k], concurrent[k], $"key {k}");
    }

    [TestMethod]
    public void AGruTrunkKeepsLearningFromItsStoredWindows()
    {
        var o = ControlTestKit.Tiny();
        o.Ppo = o.Ppo with
        {
            Recurrent = new Rtu.Trainers.Cells.RecurrentLayerOptions
            {
                Architecture = Rtu.Trainers.Cells.RecurrentArchitecture.Gru, Units = 4, Truncation = 3, LearningRule = Rtu.Trainers.Cells.LearningRule.Tbptt,
            },
        };
        var policy = new Microsoft.ML.MLContext(1).Control().TrainPpo(s => new Chase(s), o);
        var engine = policy.CreateStreamingEngine(learn: true);
        var trace = new Driver().Run(engine, 200);
        Assert.IsTrue(trace.All(float.IsFinite));
        Assert.IsTrue(engine.GetStats("k0").Updates >= 3, engine.GetStats("k0").ToString());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ActingAndRewardingAKnownKeyAllocatesNothingBetweenUpdates(bool learn)
    {
        var engine = ControlTestKit.Policy().CreateStreamingEngine(learn);
        var obs = new float[] { 0.3f, -0.2f };
        var action = new float[1];
        var distribution = new float[3];
        engine.Act("k", obs, action, distribution, episodeStart: true);
        engine.Reward("k", -1, false);
        // At most 3 rounds of 4 steps: within the learning key's first rollout of 16 (an update allocates its rollback
        // snapshot).
        long allocated = SteadyAllocation.FewestBytes(() =>
        {
            for (int t = 0; t < 4; t++)
            {
                engine.Act("k", obs, action, distribution);
                engine.Reward("k", -1, false);
            }
        });
        Assert.AreEqual(0L, allocated);
    }
}
