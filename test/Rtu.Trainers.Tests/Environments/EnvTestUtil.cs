using Rtu.Trainers.Environments;

namespace Rtu.Trainers.Tests.Environments;

/// <summary>Runs whole episodes with a policy that sees the last observation and the step index.</summary>
internal static class EnvTestUtil
{
    public sealed record Episode(double Return, int Length, StepResult Last, List<float[]> Observations, List<double> Rewards);

    public static Episode Run(IEnvironment env, Func<float[], int, int> policy, int maxSteps = 100_000)
    {
        var obs = new float[env.ObservationSize];
        env.Reset(obs);
        var observations = new List<float[]> { (float[])obs.Clone() };
        var rewards = new List<double>();
        var action = new float[1];
        double ret = 0;
        for (int t = 0; t < maxSteps; t++)
        {
            action[0] = policy(obs, t);
            StepResult r = env.Step(action, obs);
            observations.Add((float[])obs.Clone());
            rewards.Add(r.Reward);
            ret += r.Reward;
            if (r.Done) return new Episode(ret, t + 1, r, observations, rewards);
        }
        throw new AssertFailedException($"{env.Name} did not end within {maxSteps} steps.");
    }

    public static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public static void AssertOneHot(ReadOnlySpan<float> v)
    {
        int ones = 0;
        foreach (float x in v)
        {
            Assert.IsTrue(x == 0f || x == 1f, $"non-binary entry {x}");
            if (x == 1f) ones++;
        }
        Assert.AreEqual(1, ones, "expected exactly one 1");
    }

    public static double MeanReturn(IEnvironment env, Func<float[], int, int> policy, int episodes)
    {
        double sum = 0;
        for (int e = 0; e < episodes; e++) sum += Run(env, policy).Return;
        return sum / episodes;
    }
}
