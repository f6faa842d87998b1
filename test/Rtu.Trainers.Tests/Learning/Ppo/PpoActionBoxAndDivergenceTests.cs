using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Trainers.Tests.Ppo;

/// <summary>
/// What the trainer sends an environment and how it stops: sampled actions are clipped to the box also where one bound
/// is infinite (a power in [0, ∞) was sent −7.8), and a divergence names the learning rate and the rewards instead of a
/// layer's "outputGradients[0] is NaN".
/// </summary>
[TestClass]
public sealed class PpoActionBoxAndDivergenceTests
{
    /// <summary>A one-dimensional task with a half-open box that records every action it is sent; `reward` per step.</summary>
    private sealed class HalfBox(float low, float high, double reward, List<float> sent) : IEnvironment
    {
        private int _t;
        public string Name => "HalfBox";
        public int ObservationSize => 1;
        public ActionSpace ActionSpace => ActionSpace.Box(1, low, high);
        public void Reset(Span<float> observation) { _t = 0; observation[0] = 0; }
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            lock (sent) sent.Add(action[0]);
            observation[0] = ++_t * 0.1f;
            return new StepResult(reward, false, _t >= 10);
        }
        public void Dispose() { }
    }

    [TestMethod]
    [DataRow(0f, float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity, 0f)]
    public void SampledActionsAreClippedToABoxWithOneInfiniteBound(float low, float high)
    {
        var sent = new List<float>();
        using var trainer = new PpoTrainer<float>(_ => new HalfBox(low, high, -1, sent), PpoTestUtil.Tiny() with { InitialLogStd = 1 });
        trainer.Iterate();
        Assert.IsNotEmpty(sent);
        Assert.IsTrue(sent.All(a => a >= low && a <= high), $"actions sent: [{sent.Min()}, {sent.Max()}] for the box [{low}, {high}]");
        // With σ = e ≈ 2.7 about half the samples fall outside: the finite bound itself is sent, so the test can fail.
        Assert.IsGreaterThan(sent.Count / 5, sent.Count(a => a == (float.IsFinite(low) ? low : high)), "samples clipped to the finite bound");
    }

    [TestMethod]
    public void RewardsWhoseValueLossOverflowsStopTrainingWithAnErrorNamingTheLearningRateAndTheRewards()
    {
        var sent = new List<float>();
        using var trainer = new PpoTrainer<float>(_ => new HalfBox(-1, 1, 1e160, sent), PpoTestUtil.Tiny() with { NormalizeRewards = false });
        var e = Assert.ThrowsExactly<PpoDivergenceException>(() => trainer.Iterate());
        StringAssert.Contains(e.Message, "PPO diverged at update 1");
        StringAssert.Contains(e.Message, "Lower LearningRate (now 0.0003");
        StringAssert.Contains(e.Message, "set NormalizeRewards = true");
        StringAssert.Contains(e.Message, "1E+160");
        Assert.AreEqual(1e160, e.LargestReward);
        Assert.AreEqual(0, trainer.UpdateCount, "the update did not count");
        Assert.IsFalse(trainer.Agent.Parameters.Any(p => p.HasNonFiniteValues()), "no step was taken from a non-finite gradient");
    }
}
