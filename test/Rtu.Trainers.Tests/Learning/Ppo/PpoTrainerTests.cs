using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Trainers.Tests.Ppo;

[TestClass]
public sealed class PpoTrainerTests
{
    private static double[] Flatten(PpoTrainer<float> t) => t.Agent.Parameters.SelectMany(p => p.Values).Select(v => (double)v).ToArray();

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu), DataRow(RecurrentArchitecture.NonLinearRtu), DataRow(RecurrentArchitecture.Lru)]
    [DataRow(RecurrentArchitecture.Gru), DataRow(RecurrentArchitecture.Memoryless), DataRow(RecurrentArchitecture.GatedRtu)]
    public void SmokeRunOnAPopGymTask(RecurrentArchitecture arch)
    {
        using var trainer = new PpoTrainer<float>("RepeatPreviousEasy", PpoTestUtil.Tiny(arch) with { BootstrapTruncated = false });
        var before = Flatten(trainer);
        PpoUpdateStats stats = default;
        for (int i = 0; i < 3; i++) stats = trainer.Iterate();
        Assert.AreEqual(3L, stats.Update);
        Assert.AreEqual(3L * 64, stats.GlobalStep);
        Assert.IsTrue(double.IsFinite(stats.Loss.Total) && double.IsFinite(stats.Loss.ApproxKl) && double.IsFinite(stats.GradientNorm));
        Assert.IsGreaterThan(0.0, stats.Loss.Entropy);
        Assert.IsGreaterThan(0.0, PpoTestUtil.MaxAbsDiff(before, Flatten(trainer)));
        Assert.IsFalse(trainer.Agent.Parameters.Any(p => p.HasNonFiniteValues()));
    }

    [TestMethod]
    public void SingleEnvironmentAsInThePaper()
    {
        using var trainer = new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny() with { EnvironmentCount = 1, RolloutSteps = 64 });
        var stats = trainer.Iterate();
        Assert.AreEqual(64L, stats.GlobalStep);
        Assert.AreEqual(1, stats.EpisodesFinished); // 52-step episodes
        Assert.IsTrue(double.IsFinite(stats.Loss.Total));
    }

    [TestMethod]
    public void PreviousActionAndRewardAreAppendedAndZeroedAfterResets()
    {
        using var trainer = new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny() with { AppendPreviousActionAndReward = true, RolloutSteps = 64 });
        trainer.Iterate();
        var buf = trainer.Buffer;
        Assert.AreEqual(4 + 4 + 1, buf.ObservationSize);
        for (int i = 0; i < buf.Count; i++)
        {
            var extra = buf.Observation(i)[4..];
            if (buf.Dones[i]) { Assert.IsTrue(extra.ToArray().All(x => x == 0), $"row {i}"); continue; }
            int previous = (int)buf.Action(i - buf.Streams)[0];
            for (int k = 0; k < 4; k++) Assert.AreEqual(k == previous ? 1f : 0f, extra[k], $"row {i}");
            Assert.AreEqual(buf.Rewards[i - buf.Streams], extra[4], 1e-6);
        }
    }

    [TestMethod]
    public void ContinuousActionsWithTruncationBootstrapRun()
    {
        using var trainer = new PpoTrainer<float>(seed => new PointEnvironment(seed), PpoTestUtil.Tiny());
        var stats = trainer.Iterate();
        Assert.IsGreaterThan(0, stats.EpisodesFinished);
        Assert.IsTrue(double.IsFinite(stats.Loss.Total));
        Assert.AreEqual(1, trainer.Agent.LogStd.Count);
        Assert.AreNotEqual(0f, trainer.Agent.LogStd.Values[0]); // log σ learns
    }

    [TestMethod]
    public void RefreshingWithUnchangedParametersReproducesTheStoredCarries()
    {
        // The fresh-gradient pass re-runs the buffer from each stream's first carry, resetting where o_t starts an
        // episode: with the rollout's parameters it must reproduce every stored carry and value exactly.
        using var trainer = new PpoTrainer<float>("RepeatPreviousEasy", PpoTestUtil.Tiny() with { RolloutSteps = 64, BootstrapTruncated = false });
        trainer.CollectRollout();
        var buf = trainer.Buffer;
        Assert.IsTrue(buf.Dones.Skip(buf.Streams).Any(d => d), "the rollout crosses an episode boundary");
        var carries = Enumerable.Range(0, buf.Count).Select(i => buf.Carry(i).ToArray()).ToArray();
        var values = (double[])buf.Values.Clone();
        var advantages = (double[])buf.Advantages.Clone();
        trainer.RefreshCarries(recomputeTargets: true);
        for (int i = 0; i < buf.Count; i++) CollectionAssert.AreEqual(carries[i], buf.Carry(i).ToArray(), $"carry {i}");
        Assert.AreEqual(0.0, PpoTestUtil.MaxAbsDiff(values, buf.Values), 1e-6);
        Assert.AreEqual(0.0, PpoTestUtil.MaxAbsDiff(advantages, buf.Advantages), 1e-5);
    }

    [TestMethod]
    public void StaleAndFreshModesDifferOnlyWhereTheyShould()
    {
        var baseOptions = PpoTestUtil.Tiny() with { BootstrapTruncated = false };
        PpoTrainer<float> Run(bool staleGradients, bool staleTargets, int epochs)
        {
            var t = new PpoTrainer<float>("RepeatPreviousEasy", baseOptions with { StaleGradients = staleGradients, StaleTargets = staleTargets, Epochs = epochs });
            t.Iterate();
            return t;
        }

        // With one epoch there is nothing to refresh: every mode gives the same parameters.
        using (var a = Run(true, true, 1))
        using (var b = Run(false, false, 1))
            Assert.AreEqual(0.0, PpoTestUtil.MaxAbsDiff(Flatten(a), Flatten(b)));

        using var stale = Run(true, true, 2);
        using var fresh = Run(false, true, 2);
        using var freshTargetsOnly = Run(true, false, 2);
        var (s, f, ft) = (stale.Buffer, fresh.Buffer, freshTargetsOnly.Buffer);
        int n = s.Streams;
        // The rollout is the same; fresh gradients rewrite the stored carries after the first epoch, except each stream's
        // first one (the re-run starts there) and carries right after a reset (zero either way).
        CollectionAssert.AreEqual(s.Observations, f.Observations);
        CollectionAssert.AreEqual(s.LogProbs, f.LogProbs);
        CollectionAssert.AreEqual(s.Rewards, f.Rewards);
        int changed = 0;
        for (int i = 0; i < s.Count; i++)
        {
            bool same = s.Carry(i).SequenceEqual(f.Carry(i));
            if (i < n || s.Dones[i]) Assert.IsTrue(same, $"carry {i} should not change");
            else if (!same) changed++;
        }
        Assert.IsGreaterThan(s.Count / 2, changed);
        // Stale targets: values and advantages are the rollout's in both gradient modes.
        CollectionAssert.AreEqual(s.Values, f.Values);
        CollectionAssert.AreEqual(s.Advantages, f.Advantages);
        // Fresh targets with stale gradients: the carries stay, the values and advantages are recomputed.
        for (int i = 0; i < s.Count; i++) Assert.IsTrue(s.Carry(i).SequenceEqual(ft.Carry(i)), $"carry {i}");
        Assert.IsGreaterThan(0.0, PpoTestUtil.MaxAbsDiff(s.Values, ft.Values));
        Assert.IsGreaterThan(0.0, PpoTestUtil.MaxAbsDiff(s.Advantages, ft.Advantages));
        // And the three modes end with different parameters.
        Assert.IsGreaterThan(0.0, PpoTestUtil.MaxAbsDiff(Flatten(stale), Flatten(fresh)));
        Assert.IsGreaterThan(0.0, PpoTestUtil.MaxAbsDiff(Flatten(stale), Flatten(freshTargetsOnly)));
    }

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu, "RepeatPreviousEasy")]
    [DataRow(RecurrentArchitecture.Gru, "StatelessCartPoleEasy")]
    public void CheckpointResumesExactly(RecurrentArchitecture arch, string env) => AssertResumesExactly(PpoTestUtil.Tiny(arch), env);

    [TestMethod]
    public void CheckpointKeepsTheGatedTrunksOpenUnitShare()
    {
        // A quarter of 4 units open (the default would open 2) and another a₀ range: the resumed trainer builds the same
        // cell and continues bit for bit.
        var options = PpoTestUtil.Tiny(RecurrentArchitecture.GatedRtu);
        options = options with { Recurrent = options.Recurrent with { OpenUnitShare = 0.25, DecayGateInitMin = 0.02, DecayGateInitMax = 0.5 } };
        var resumed = AssertResumesExactly(options, "RepeatFirstEasy");
        Assert.AreEqual(0.25, resumed.Recurrent.OpenUnitShare);
        Assert.AreEqual((0.02, 0.5), (resumed.Recurrent.DecayGateInitMin, resumed.Recurrent.DecayGateInitMax));
        StringAssert.Contains(resumed.Trunk, "1 open");
    }

    // Three updates straight through, and one update, a checkpoint, then two more: the same parameters, losses and
    // advantages. Returns the resumed trainer's trunk options and description.
    private static (RecurrentLayerOptions Recurrent, string Trunk) AssertResumesExactly(PpoOptions options, string env)
    {
        using var uninterrupted = new PpoTrainer<float>(env, options);
        for (int i = 0; i < 3; i++) uninterrupted.Iterate();

        using var first = new PpoTrainer<float>(env, options);
        first.Iterate();
        using var checkpoint = new MemoryStream();
        first.Save(checkpoint);
        checkpoint.Position = 0;
        using var resumed = PpoTrainer<float>.Load(checkpoint, seed => EnvironmentRegistry.Create(env, seed));
        Assert.AreEqual(1L, resumed.UpdateCount);
        Assert.AreEqual(first.GlobalStep, resumed.GlobalStep);
        PpoUpdateStats a = default, b = default;
        for (int i = 0; i < 2; i++) { a = first.Iterate(); b = resumed.Iterate(); }
        var expected = Flatten(uninterrupted);
        CollectionAssert.AreEqual(expected, Flatten(first));
        CollectionAssert.AreEqual(expected, Flatten(resumed));
        Assert.AreEqual(a.Loss, b.Loss);
        Assert.AreEqual(a.MeanEpisodeReturn, b.MeanEpisodeReturn);
        CollectionAssert.AreEqual(first.Buffer.Advantages, resumed.Buffer.Advantages);
        return (resumed.Options.Recurrent, resumed.Agent.Recurrent.Description);
    }

    [TestMethod]
    public void BadOptionsAndCheckpointsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny() with { MinibatchCount = 5 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny() with { Gamma = 1.5 }));
        var badShare = PpoTestUtil.Tiny(RecurrentArchitecture.GatedRtu);
        badShare = badShare with { Recurrent = badShare.Recurrent with { OpenUnitShare = double.NaN } };
        Assert.AreEqual("OpenUnitShare", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => badShare.Validate()).ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => new PpoTrainer<float>("NoSuchTask", PpoTestUtil.Tiny()));
        using var garbage = new MemoryStream([1, 2, 3, 4, 5]);
        Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<float>.Load(garbage, seed => EnvironmentRegistry.Create("RepeatFirstEasy", seed)));
        using var trainer = new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny());
        using var saved = new MemoryStream();
        trainer.Save(saved);
        saved.Position = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<double>.Load(saved, seed => EnvironmentRegistry.Create("RepeatFirstEasy", seed)));
        saved.Position = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<float>.Load(saved, seed => EnvironmentRegistry.Create("RepeatPreviousEasy", seed)));
    }

    [TestMethod]
    public void ATruncatedCheckpointIsBadDataNotAnEndOfStream()
    {
        using var trainer = new PpoTrainer<float>("RepeatFirstEasy", PpoTestUtil.Tiny());
        using var saved = new MemoryStream();
        trainer.Save(saved);
        byte[] whole = saved.ToArray();
        foreach (int length in new[] { 0, 3, 40, whole.Length / 2, whole.Length - 1 })
        {
            using var cut = new MemoryStream(whole[..length]);
            Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<float>.Load(cut, seed => EnvironmentRegistry.Create("RepeatFirstEasy", seed)), $"{length} of {whole.Length} bytes");
        }
        string file = Path.Combine(Path.GetTempPath(), $"rtu-ppo-cut-{Guid.NewGuid():N}.ckpt");
        try
        {
            File.WriteAllText(file, "junk\n");   // what the Control sample's --resume once failed on with an EndOfStreamException
            Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<float>.Load(file));
            File.WriteAllBytes(file, whole[..(whole.Length / 2)]);
            Assert.ThrowsExactly<InvalidDataException>(() => PpoTrainer<float>.Load(file));
        }
        finally { File.Delete(file); }
    }

    [TestMethod]
    public void ReRunningTheGruWindowGivesTheStoredHistoryGradientBeforeTheParametersMove()
    {
        // One optimizer step on the first rollout: the stored activations equal the re-run ones, so both T-BPTT modes
        // agree; re-running stores only the state (n floats) instead of the state and T steps of activations.
        var options = PpoTestUtil.Tiny(RecurrentArchitecture.Gru) with { Epochs = 1, MinibatchCount = 1 };
        using var rerun = new PpoTrainer<float>("RepeatPreviousEasy", options with { RerunTbpttWindows = true });
        using var stored = new PpoTrainer<float>("RepeatPreviousEasy", options with { RerunTbpttWindows = false });
        rerun.Iterate(); stored.Iterate();
        Assert.AreEqual(0.0, PpoTestUtil.MaxAbsDiff(Flatten(rerun), Flatten(stored)), 1e-6);
        Assert.AreEqual(options.Recurrent.Units, rerun.Buffer.CarrySize);
        Assert.IsGreaterThan(options.Recurrent.Truncation * rerun.Buffer.CarrySize, stored.Buffer.CarrySize);

        // Later updates differ: the stored history is stale, the re-run window is fresh.
        var more = options with { Epochs = 2 };
        using var rerun2 = new PpoTrainer<float>("RepeatPreviousEasy", more with { RerunTbpttWindows = true });
        using var stored2 = new PpoTrainer<float>("RepeatPreviousEasy", more with { RerunTbpttWindows = false });
        rerun2.Iterate(); stored2.Iterate();
        Assert.IsGreaterThan(1e-6, PpoTestUtil.MaxAbsDiff(Flatten(rerun2), Flatten(stored2)));
    }

    [TestMethod]
    public void MemoryPerTransitionIsReported()
    {
        // Paper size: linear RTU n = 192 on a 64-wide input keeps 6n + 2nd = 25,728 floats of carry (tied traces).
        var paper = PpoOptions.Paper with { RolloutSteps = 32, MinibatchCount = 4 };
        using var trainer = new PpoTrainer<float>("RepeatFirstEasy", paper);
        Assert.AreEqual(6 * 192 + 2 * 64 * 192, trainer.Buffer.CarrySize);
        Assert.AreEqual(4L * 25_728 + 4L * 4 + 4 + 1 + 40, trainer.BytesPerTransition);
    }
}
