using Rtu.Trainers.Environments;
using Rtu.Trainers.Environments.PopGym;
using Rtu.Trainers.Numerics;
using Rtu.Tests.Shared;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class RegistryAndVectorTests
{
    [TestMethod]
    public void Registry_CreatesEveryPopGymTaskByName()
    {
        string[] tasks = ["RepeatFirst", "RepeatPrevious", "Autoencode", "CountRecall", "HigherLower", "Concentration", "StatelessCartPole", "NoisyStatelessCartPole"];
        foreach (string task in tasks)
        {
            foreach (string level in new[] { "Easy", "Medium", "Hard" })
            {
                string name = task + level;
                Assert.IsTrue(EnvironmentRegistry.Names.Contains(name), name);
                using IEnvironment env = EnvironmentRegistry.Create(name, 1);
                Assert.AreEqual(name, env.Name);
                Assert.IsTrue(env.ActionSpace.IsDiscrete);
            }
        }
        Assert.IsInstanceOfType<StatelessCartPole>(EnvironmentRegistry.Create("StatelessCartPoleHard", 0));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Create("RepeatPreviousEasyy", 0));
        StringAssert.Contains(ex.Message, "RepeatPreviousEasyy");
        StringAssert.Contains(ex.Message, "RepeatPreviousEasy,");
        StringAssert.Contains(ex.Message, "StatelessCartPoleHard");
    }

    [TestMethod]
    public void Registry_RegisterIsExtensible()
    {
        const string name = "TestOnlyRepeatFirstAlias";
        EnvironmentRegistry.Register(name, seed => new RepeatFirst(PopGymDifficulty.Easy, seed));
        Assert.IsTrue(EnvironmentRegistry.IsRegistered(name));
        Assert.IsInstanceOfType<RepeatFirst>(EnvironmentRegistry.Create(name, 3));
        Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Register(name, seed => new RepeatFirst(PopGymDifficulty.Easy, seed)));
        Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Register("RepeatFirstEasy", seed => new RepeatFirst(PopGymDifficulty.Easy, seed)));
    }

    private static (float[] Obs, double[] Rewards, bool[] Done, double[] Returns) RunVector(string name, VectorParallelism mode, int count, int steps)
    {
        using var vec = new VectorEnvironment(name, count, 1234, mode);
        var obs = new float[count * vec.ObservationSize];
        var actions = new float[count];
        var allObs = new List<float>();
        var rewards = new List<double>();
        var done = new List<bool>();
        var returns = new List<double>();
        vec.Reset(obs);
        var rng = new Rng(77);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < count; i++) actions[i] = rng.NextInt(vec.ActionSpace.DiscreteCount);
            vec.Step(actions, obs);
            allObs.AddRange(obs);
            rewards.AddRange(vec.Rewards.ToArray());
            done.AddRange(vec.Done.ToArray());
            returns.AddRange(vec.EpisodeReturns.ToArray());
        }
        return (allObs.ToArray(), rewards.ToArray(), done.ToArray(), returns.ToArray());
    }

    [TestMethod]
    public void Vector_ResultsIndependentOfParallelism()
    {
        foreach (string name in new[] { "StatelessCartPoleEasy", "CountRecallEasy" })
        {
            var seq = RunVector(name, VectorParallelism.Sequential, 24, 120);
            var par = RunVector(name, VectorParallelism.Parallel, 24, 120);
            CollectionAssert.AreEqual(seq.Obs, par.Obs, name);
            CollectionAssert.AreEqual(seq.Rewards, par.Rewards, name);
            CollectionAssert.AreEqual(seq.Done, par.Done, name);
            CollectionAssert.AreEqual(seq.Returns, par.Returns, name);
            Assert.IsTrue(seq.Done.Any(d => d), name);
        }
        Assert.AreNotEqual(VectorEnvironment.DeriveSeed(1, 0), VectorEnvironment.DeriveSeed(1, 1));
        Assert.AreNotEqual(VectorEnvironment.DeriveSeed(1, 0), VectorEnvironment.DeriveSeed(2, 0));
    }

    [TestMethod]
    public void Vector_AutoResetsAndReportsEpisodeReturns()
    {
        using var vec = new VectorEnvironment("RepeatFirstEasy", 3, 5, VectorParallelism.Sequential);
        var obs = new float[12];
        var actions = new float[3];
        vec.Reset(obs);
        var first = new int[3];
        for (int i = 0; i < 3; i++) first[i] = EnvTestUtil.ArgMax(obs.AsSpan(4 * i, 4));
        double[] sums = new double[3];
        for (int t = 0; t < 51; t++)
        {
            // Copy 0 always right, copy 1 always wrong, copy 2 a fixed action.
            actions[0] = first[0]; actions[1] = (first[1] + 1) % 4; actions[2] = 2;
            vec.Step(actions, obs);
            for (int i = 0; i < 3; i++) sums[i] += vec.Rewards[i];
            if (t < 50) Assert.IsFalse(vec.Done[0]);
        }
        for (int i = 0; i < 3; i++)
        {
            Assert.IsTrue(vec.Done[i] && vec.Truncated[i] && !vec.Terminated[i]);
            Assert.AreEqual(sums[i], vec.EpisodeReturns[i], 1e-12);
            Assert.AreEqual(51, vec.EpisodeLengths[i]);
            Assert.AreEqual(1f, vec.FinalObservations.Slice(4 * i, 4).ToArray().Sum());
        }
        Assert.AreEqual(1.0, vec.EpisodeReturns[0], 1e-9);
        Assert.AreEqual(-1.0, vec.EpisodeReturns[1], 1e-9);
        // After the auto-reset the copies keep going without an explicit Reset.
        vec.Step(actions, obs);
        Assert.IsFalse(vec.Done[0]);
        Assert.AreEqual(0.0, vec.EpisodeReturns[0]);
    }

    [TestMethod]
    public void Vector_SequentialStepDoesNotAllocate()
    {
        using var vec = new VectorEnvironment("RepeatPreviousEasy", 8, 1, VectorParallelism.Sequential);
        var obs = new float[8 * 4];
        var actions = new float[8];
        vec.Reset(obs);
        for (int t = 0; t < 200; t++) vec.Step(actions, obs);
        Assert.AreEqual(0L, SteadyAllocation.FewestBytes(() => { for (int t = 0; t < 500; t++) vec.Step(actions, obs); }));
    }

    [TestMethod]
    public void Vector_BadInput()
    {
        using var vec = new VectorEnvironment("HigherLowerEasy", 4, 1);
        var obs = new float[4 * 13];
        Assert.ThrowsExactly<InvalidOperationException>(() => vec.Step(new float[4], obs));
        vec.Reset(obs);
        Assert.ThrowsExactly<ArgumentException>(() => vec.Step(new float[3], obs));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => vec.Step([0, 0, 0, 2], obs));
        StringAssert.Contains(ex.Message, "copy 3");
        Assert.ThrowsExactly<ArgumentException>(() => vec.Step(new float[4], new float[13]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VectorEnvironment("HigherLowerEasy", 0, 1));
    }
}
