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
        // Warm-up: both Step and Reset, many times (JIT tiers, marshalling stubs, lazy initialisation).
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
            if (env.Step(action, obs).Done) env.Reset(obs);
        }
        env.Reset(obs);

        // Up to three measured rounds: a one-off allocation of the runtime (a tier-up, a lazy stub) shows in one round
        // only, while an allocation per step would show in every round.
        long allocated = long.MaxValue;
        var watch = new Stopwatch();
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            watch.Restart();
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-1, 1);
                if (env.Step(action, obs).Done) env.Reset(obs);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            watch.Stop();
            TestContext.WriteLine($"{name}, round {round + 1}: {steps / watch.Elapsed.TotalSeconds:F0} steps/s, {allocated} bytes allocated");
        }
        Assert.AreEqual(0L, allocated, "Step/Reset allocated in every measured round: an allocation per step");
    }
}
