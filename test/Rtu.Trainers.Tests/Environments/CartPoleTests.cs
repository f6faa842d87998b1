using Rtu.Trainers.Environments.PopGym;
using Rtu.Trainers.Numerics;
using static Rtu.Trainers.Tests.Environments.EnvTestUtil;

namespace Rtu.Trainers.Tests.Environments;

[TestClass]
public sealed class CartPoleTests
{
    [TestMethod]
    public void EulerStep_MatchesHandWorkedValues()
    {
        var env = new StatelessCartPole(PopGymDifficulty.Easy, 1);
        var obs = new float[2];
        env.Reset(obs);
        foreach (float v in obs) Assert.IsTrue(Math.Abs(v) <= 0.05f);
        env.SetState(0, 0, 0, 0);
        var r = env.Step([1f], obs);
        // temp = 10/1.1; θ̈ = −temp/(0.5(4/3 − 0.1/1.1)); ẍ = temp − 0.05 θ̈ /1.1.
        double temp = 10 / 1.1, thetaAcc = -temp / (0.5 * (4.0 / 3 - 0.1 / 1.1)), xAcc = temp - 0.05 * thetaAcc / 1.1;
        Assert.AreEqual(-14.634146, thetaAcc, 1e-5);
        var s = env.State;
        Assert.AreEqual(0, s.X);
        Assert.AreEqual(0.02 * xAcc, s.XDot, 1e-12);
        Assert.AreEqual(0, s.Theta);
        Assert.AreEqual(0.02 * thetaAcc, s.ThetaDot, 1e-12);
        Assert.AreEqual(1.0 / 200, r.Reward);
        env.Step([1f], obs);
        Assert.AreEqual((float)(0.02 * 0.02 * xAcc), obs[0], 1e-7f);
        Assert.AreEqual((float)(0.02 * 0.02 * thetaAcc), obs[1], 1e-7f);
    }

    [TestMethod]
    public void Termination_TruncationAndReturns()
    {
        var env = new StatelessCartPole(PopGymDifficulty.Easy, 2);
        // A full-state controller balances to the horizon: return exactly 1, truncated.
        Episode best = Run(env, (o, t) => { var s = env.State; return s.Theta + 0.5 * s.ThetaDot + 0.05 * s.X + 0.2 * s.XDot > 0 ? 1 : 0; });
        Assert.AreEqual(200, best.Length);
        Assert.IsTrue(best.Last.Truncated && !best.Last.Terminated);
        Assert.AreEqual(1.0, best.Return, 1e-9);

        // Always pushing left fails early; every step (the failing one too) pays 1/horizon.
        Episode worst = Run(env, (o, t) => 0);
        Assert.IsTrue(worst.Last.Terminated);
        Assert.IsTrue(worst.Length < 30);
        Assert.AreEqual(worst.Length / 200.0, worst.Return, 1e-9);
        Assert.IsTrue(Math.Abs(env.State.Theta) > StatelessCartPole.ThetaThreshold || Math.Abs(env.State.X) > StatelessCartPole.XThreshold);

        var rng = new Rng(3);
        double random = MeanReturn(env, (o, t) => rng.NextInt(2), 200);
        Assert.IsTrue(random > 0.05 && random < 0.2, $"random return {random}");
        Assert.AreEqual(400, new StatelessCartPole(PopGymDifficulty.Medium, 0).MaxEpisodeLength);
        Assert.AreEqual(600, new StatelessCartPole(PopGymDifficulty.Hard, 0).MaxEpisodeLength);
    }

    [TestMethod]
    public void Noisy_AddsGaussianNoiseAndKeepsHorizon200()
    {
        var env = new NoisyStatelessCartPole(PopGymDifficulty.Medium, 4);
        Assert.AreEqual(200, env.MaxEpisodeLength);
        Assert.AreEqual(0.2, env.NoiseSigma);
        var obs = new float[2];
        double sum = 0, sumSq = 0;
        int n = 0;
        env.Reset(obs);
        for (int i = 0; i < 4000; i++)
        {
            var s = env.State;
            double e = obs[0] - s.X;
            sum += e; sumSq += e * e; n++;
            Assert.IsTrue(Math.Abs(obs[0]) <= 4.8f && Math.Abs(obs[1]) <= 0.41887903f);
            var r = env.Step([(float)(i % 2)], obs);
            if (r.Done) env.Reset(obs);
        }
        double mean = sum / n, sd = Math.Sqrt(sumSq / n - mean * mean);
        Assert.AreEqual(0, mean, 0.02);
        Assert.AreEqual(0.2, sd, 0.02);
    }
}
