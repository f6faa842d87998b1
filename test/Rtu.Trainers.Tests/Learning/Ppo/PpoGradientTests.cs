using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Optimization;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Tests.Ppo;

/// <summary>The PPO loss and the agent's gradients against central finite differences in float64.</summary>
[TestClass]
public sealed class PpoGradientTests
{
    private const int M = 6;

    private sealed record Batch(float[] Actions, double[] OldLogProbs, double[] Advantages, double[] Returns, double[] OldValues);

    private static Batch MakeBatch(bool discrete, int a, ReadOnlySpan<double> output, ReadOnlySpan<double> logStd, ReadOnlySpan<double> values, Rng rng)
    {
        int len = discrete ? 1 : a;
        var actions = new float[M * len];
        var old = new double[M];
        for (int i = 0; i < M; i++)
        {
            var act = actions.AsSpan(i * len, len);
            PolicyDistribution.Sample(discrete, output.Slice(i * a, a), logStd, rng, act);
            // Old log-probabilities within ±0.45 of the current ones: some ratios fall outside [0.8, 1.2].
            old[i] = PolicyDistribution.LogProb(discrete, output.Slice(i * a, a), logStd, act) + rng.Uniform(-0.45, 0.45);
        }
        var adv = Enumerable.Range(0, M).Select(_ => rng.NextGaussian()).ToArray();
        var ret = Enumerable.Range(0, M).Select(_ => rng.NextGaussian()).ToArray();
        var oldValues = new double[M];
        for (int i = 0; i < M; i++) oldValues[i] = values[i] + rng.Uniform(-0.45, 0.45);
        return new Batch(actions, old, adv, ret, oldValues);
    }

    private static double Loss(PpoOptions o, bool discrete, double[] output, double[] logStd, double[] values, Batch b,
        double[]? dOut = null, double[]? dV = null, double[]? dLogStd = null) =>
        PpoLoss.Compute<double>(o, discrete, output, logStd, values, b.Actions, b.OldLogProbs, b.Advantages, b.Returns, b.OldValues,
            dOut ?? new double[output.Length], dV ?? new double[values.Length], dLogStd ?? new double[logStd.Length]).Total;

    [TestMethod]
    [DataRow(true), DataRow(false)]
    public void LossGradientMatchesFiniteDifferences(bool discrete)
    {
        const int a = 3;
        var rng = new Rng(11);
        var o = new PpoOptions { EntropyCoefficient = 0.01 };
        var output = Enumerable.Range(0, M * a).Select(_ => rng.NextGaussian()).ToArray();
        var logStd = discrete ? [] : Enumerable.Range(0, a).Select(_ => rng.Uniform(-0.5, 0.3)).ToArray();
        var values = Enumerable.Range(0, M).Select(_ => rng.NextGaussian()).ToArray();
        var batch = MakeBatch(discrete, a, output, logStd, values, rng);
        var dOut = new double[output.Length]; var dV = new double[M]; var dLogStd = new double[logStd.Length];
        Loss(o, discrete, output, logStd, values, batch, dOut, dV, dLogStd);

        // Both branches of both clips are exercised.
        var info = PpoLoss.Compute<double>(o, discrete, output, logStd, values, batch.Actions, batch.OldLogProbs, batch.Advantages,
            batch.Returns, batch.OldValues, new double[output.Length], new double[M], new double[logStd.Length]);
        Assert.IsGreaterThan(0.0, info.ClipFraction);
        Assert.IsLessThan(1.0, info.ClipFraction);

        foreach (var (array, grad) in new[] { (output, dOut), (values, dV), (logStd, dLogStd) })
        {
            for (int i = 0; i < array.Length; i++)
            {
                double keep = array[i], h = 1e-6;
                array[i] = keep + h; double up = Loss(o, discrete, output, logStd, values, batch);
                array[i] = keep - h; double down = Loss(o, discrete, output, logStd, values, batch);
                array[i] = keep;
                Assert.AreEqual((up - down) / (2 * h), grad[i], 1e-7, $"entry {i}");
            }
        }
    }

    private static (ActorCritic<double> Agent, double[] Obs) MakeAgent(RecurrentArchitecture arch, bool discrete, int steps)
    {
        var options = PpoTestUtil.Tiny(arch) with { EntropyCoefficient = 0.01 };
        options = options with { Recurrent = options.Recurrent with { Truncation = steps + 1 } };
        var space = discrete ? ActionSpace.Discrete(3) : ActionSpace.Box(2, -1, 1);
        var agent = new ActorCritic<double>(3, space, options, M, M, new Rng(5));
        // Move log σ and the biases away from their zero initialisation so every path carries gradient.
        var rng = new Rng(6);
        foreach (var p in agent.Parameters) for (int i = 0; i < p.Count; i++) p.Values[i] += 0.05 * rng.NextGaussian();
        var obs = Enumerable.Range(0, steps * M * 3).Select(_ => rng.NextGaussian()).ToArray();
        return (agent, obs);
    }

    /// <summary>Runs <paramref name="steps"/> steps from reset and returns the PPO loss at the last one.</summary>
    private static double SequenceLoss(ActorCritic<double> agent, double[] obs, int steps, Batch? batch, out Batch used,
        bool backward = false, bool roundTripCarry = false)
    {
        var layer = agent.Recurrent;
        int a = agent.ActionDim;
        var output = new double[M * a]; var values = new double[M];
        layer.ResetAllStreams();
        for (int t = 0; t < steps; t++)
        {
            if (t == steps - 1 && roundTripCarry)
            {
                // Store and reload the carries, as the PPO buffer does.
                var carries = Enumerable.Range(0, M).Select(e => { var c = new double[layer.CarrySize]; layer.CopyCarry(e, c); return c; }).ToArray();
                layer.ResetAllStreams();
                for (int e = 0; e < M; e++) layer.LoadCarry(e, carries[e]);
            }
            agent.Forward(layer, obs.AsSpan(t * M * 3, M * 3), output, values);
        }
        used = batch ?? MakeBatch(agent.IsDiscrete, a, output, agent.LogStd.Values, values, new Rng(9));
        var dOut = new double[output.Length]; var dV = new double[M];
        double loss = PpoLoss.Compute<double>(agent.Options, agent.IsDiscrete, output, agent.LogStd.Values, values, used.Actions,
            used.OldLogProbs, used.Advantages, used.Returns, used.OldValues, dOut, dV, backward ? agent.LogStd.Gradients : new double[agent.LogStd.Count]).Total;
        if (backward) agent.Backward(dOut, dV);
        return loss;
    }

    private static void CheckGradient(ActorCritic<double> agent, double[] obs, int steps, IEnumerable<ParameterSet<double>> checkedSets, double tolerance)
    {
        ParameterGroup.ZeroGradients(agent.Parameters);
        SequenceLoss(agent, obs, steps, null, out var batch, backward: true, roundTripCarry: true);
        double num = 0, den = 0;
        foreach (var set in checkedSets)
        {
            var analytic = (double[])set.Gradients.Clone();
            for (int i = 0; i < set.Count; i++)
            {
                double keep = set.Values[i], h = 1e-6;
                set.Values[i] = keep + h; double up = SequenceLoss(agent, obs, steps, batch, out _);
                set.Values[i] = keep - h; double down = SequenceLoss(agent, obs, steps, batch, out _);
                set.Values[i] = keep;
                double fd = (up - down) / (2 * h);
                num += (fd - analytic[i]) * (fd - analytic[i]); den += fd * fd;
            }
        }
        Assert.IsGreaterThan(1e-12, den, "the checked gradient is not trivially zero");
        Assert.IsLessThan(tolerance, Math.Sqrt(num / den), "relative error of the gradient");
    }

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu, true), DataRow(RecurrentArchitecture.LinearRtu, false)]
    [DataRow(RecurrentArchitecture.NonLinearRtu, true), DataRow(RecurrentArchitecture.Lru, true)]
    [DataRow(RecurrentArchitecture.Gru, true), DataRow(RecurrentArchitecture.Memoryless, false)]
    [DataRow(RecurrentArchitecture.GatedRtu, true)]
    public void OneStepFromResetCarryMatchesFiniteDifferencesForEveryParameter(RecurrentArchitecture arch, bool discrete)
    {
        // From a reset carry, the one-step gradient is the whole gradient: every parameter, shared layer included.
        var (agent, obs) = MakeAgent(arch, discrete, steps: 1);
        CheckGradient(agent, obs, 1, agent.Parameters, 1e-6);
    }

    [TestMethod]
    [DataRow(RecurrentArchitecture.LinearRtu), DataRow(RecurrentArchitecture.NonLinearRtu), DataRow(RecurrentArchitecture.Lru), DataRow(RecurrentArchitecture.Gru)]
    [DataRow(RecurrentArchitecture.GatedRtu)]
    public void StepFromStoredCarryGivesTheExactRecurrentGradientOfTheSequence(RecurrentArchitecture arch)
    {
        // After 5 steps, re-running the last step from the stored carry (state + RTRL traces, or the GRU's T-BPTT window)
        // gives the exact gradient of the loss through the whole sequence for the recurrent layer and the heads.
        // (The shared layer below gets the one-step gradient by design, spec §2.)
        const int steps = 5;
        var (agent, obs) = MakeAgent(arch, discrete: true, steps);
        CheckGradient(agent, obs, steps, [agent.Recurrent.Parameters, .. agent.Actor.Parameters, .. agent.Critic.Parameters], 1e-6);
    }
}
