using Rtu.Trainers.Environments;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class BadInputTests
{
    [TestMethod]
    public void EveryEnvironmentRejectsBadActionsAndProtocolErrors()
    {
        foreach (string name in EnvironmentRegistry.Names.Where(n => !n.StartsWith("TestOnly", StringComparison.Ordinal) && !Rtu.Trainers.Environments.Mujoco.MujocoEnvironments.IsKnown(n)))
        {
            using IEnvironment env = EnvironmentRegistry.Create(name, 1);
            var obs = new float[env.ObservationSize];
            int n = env.ActionSpace.DiscreteCount;
            var e0 = Assert.ThrowsExactly<InvalidOperationException>(() => env.Step([0], obs), name);
            StringAssert.Contains(e0.Message, "Reset");
            Assert.ThrowsExactly<ArgumentException>(() => env.Reset(new float[env.ObservationSize + 1]), name);
            env.Reset(obs);

            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([0, 0], obs), name).Message, "length");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([float.NaN], obs), name).Message, "NaN");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([n], obs), name).Message, "index");
            Assert.ThrowsExactly<ArgumentException>(() => env.Step([-1], obs), name);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.Step([0.5f], obs), name).Message, "integral");
            Assert.ThrowsExactly<ArgumentException>(() => env.Step([0], new float[env.ObservationSize - 1]), name);

            StepResult r;
            int t = 0;
            do r = env.Step([t++ % n], obs); while (!r.Done);
            var e1 = Assert.ThrowsExactly<InvalidOperationException>(() => env.Step([0], obs), name);
            StringAssert.Contains(e1.Message, "ended");
            env.Reset(obs);
            env.Step([0], obs);
        }
    }
}
