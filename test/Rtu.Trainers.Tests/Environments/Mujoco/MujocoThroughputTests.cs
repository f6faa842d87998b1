using System.Diagnostics;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Environments.Mujoco;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Environments.Mujoco;

[TestClass]
public sealed class MujocoThroughputTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Logs environment steps per second (random actions, auto reset) and checks Step allocates nothing.</summary>
    [TestMethod]
    [DataRow("AntP", 2000)]
    [DataRow("HalfCheetahP", 2000)]
    [DataRow("HopperP", 2000)]
    [DataRow("Walker2dP", 2000)]
    public void StepsPerSecondAndNoAllocation(string name, int steps)
    {
        using IEnvironment env = MujocoEnvironments.Create(name, 1);
        var obs = new float[env.ObservationSize];
        var action = new float[env.ActionSpace.ActionLength];
        var rng = new Rng(1);
        env.Reset(obs);
        for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
        if (env.Step(action, obs).Done) env.Reset(obs); // warm-up (JIT, marshalling stubs)

        var watch = new Stopwatch();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        watch.Start();
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
            if (env.Step(action, obs).Done) env.Reset(obs);
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        TestContext.WriteLine($"{name}: {steps / watch.Elapsed.TotalSeconds:F0} steps/s, {allocated} bytes allocated");
        Assert.AreEqual(0L, allocated);
    }
}
