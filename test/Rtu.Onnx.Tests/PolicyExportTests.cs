using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;

namespace Rtu.Onnx.Tests;

/// <summary>
/// PPO agents trained a little and exported with their observation normaliser: ONNX Runtime, fed RAW observations,
/// gives the logits / mean and log σ, the value and the next state that the C# agent computes from normalised ones.
/// </summary>
[TestClass]
public sealed class PolicyExportTests
{
    private static PpoOptions Tiny(RecurrentArchitecture arch) => new()
    {
        Seed = 5, EnvironmentCount = 2, RolloutSteps = 32, Epochs = 2, MinibatchCount = 4, SharedHiddenSize = 8, HeadHiddenSize = 8,
        Recurrent = new RecurrentLayerOptions
        {
            Architecture = arch, Units = 4, Activation = Rtu.Trainers.Numerics.Activation.Relu, Truncation = 3,
            LearningRule = arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
        },
    };

    public static IEnumerable<object[]> Cases()
    {
        yield return ["RepeatPreviousEasy", RecurrentArchitecture.LinearRtu];
        yield return ["StatelessCartPoleEasy", RecurrentArchitecture.NonLinearRtu];
        yield return ["CountRecallEasy", RecurrentArchitecture.Gru];
        yield return ["RepeatFirstEasy", RecurrentArchitecture.Lru];
        yield return ["HopperP", RecurrentArchitecture.LinearRtu];      // continuous actions: mean and log σ
        yield return ["HalfCheetahV", RecurrentArchitecture.Memoryless];
        yield return ["RepeatFirstEasy", RecurrentArchitecture.GatedRtu];
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ExportedPolicyMatchesTheAgentOnRawObservations(string envName, RecurrentArchitecture arch)
    {
        using var trainer = new PpoTrainer<float>(envName, Tiny(arch));
        for (int i = 0; i < 3; i++) trainer.Iterate(); // trained weights and non-trivial observation statistics
        var agent = trainer.Agent;
        Assert.IsTrue(trainer.ObservationNormalizer.Statistics!.Count > 100, "the normaliser has seen the rollouts");

        string path = Path.Combine(Path.GetTempPath(), $"policy-{envName}-{arch}-{Environment.ProcessId}.onnx");
        PolicyExport.Export(PpoPolicy.Describe(trainer), path);
        try
        {
            const int streams = 3, steps = 200;
            using var runner = new OnnxRecurrentRunner(path, streams, new OnnxRunnerOptions { PreferCuda = false });
            Assert.AreEqual(agent.ObservationSize, runner.ObservationSize);
            var layer = agent.CreateRecurrentLayer(streams);
            var envs = Enumerable.Range(0, streams).Select(s => EnvironmentRegistry.Create(envName, 100 + (ulong)s)).ToArray();
            int d = agent.ObservationSize, a = agent.ActionDim;
            var raw = new float[streams * d];
            var normalized = new float[streams * d];
            var policy = new float[streams * a];
            var values = new float[streams];
            var action = new float[agent.IsDiscrete ? 1 : a];
            var rng = new Rng(9);
            for (int s = 0; s < streams; s++) envs[s].Reset(raw.AsSpan(s * d, d));
            double worst = 0;
            for (int t = 0; t < steps; t++)
            {
                trainer.ObservationNormalizer.Transform(raw, normalized.AsSpan());
                agent.Forward(layer, normalized, policy, values);
                runner.Step(raw);
                worst = Math.Max(worst, MaxDiff(policy, runner.Output(agent.IsDiscrete ? "logits" : "mean")));
                worst = Math.Max(worst, MaxDiff(values, runner.Output("value")));
                if (!agent.IsDiscrete)
                    for (int s = 0; s < streams; s++)
                        worst = Math.Max(worst, MaxDiff(agent.LogStd.Values, runner.Output("log_std").Slice(s * a, a)));
                for (int s = 0; s < streams; s++)
                {
                    // Random actions explore more states than the (barely trained) policy would.
                    if (agent.IsDiscrete) action[0] = rng.NextInt(agent.ActionDim);
                    else for (int k = 0; k < a; k++) action[k] = (float)rng.Uniform(-1, 1);
                    if (envs[s].Step(action, raw.AsSpan(s * d, d)).Done)
                    {
                        envs[s].Reset(raw.AsSpan(s * d, d));
                        layer.ResetStream(s);
                        runner.Reset(s);
                    }
                }
            }
            Assert.IsTrue(worst <= 1e-5, $"largest |C# − ONNX| over {steps} steps: {worst:E2}");
            foreach (var env in envs) env.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void APolicyGraphRefusesANonFiniteObservationAndChangesNoState()
    {
        // The C# policy refuses a NaN observation; run as ONNX it gave NaN logits and carried NaN in that stream's state
        // until its reset. An exported policy says so in its metadata, and the runner refuses it before the step.
        using var trainer = new PpoTrainer<float>("RepeatPreviousEasy", Tiny(RecurrentArchitecture.LinearRtu));
        trainer.Iterate();
        string path = Path.Combine(Path.GetTempPath(), $"policy-nan-{Environment.ProcessId}.onnx");
        PolicyExport.Export(PpoPolicy.Describe(trainer), path);
        try
        {
            using var runner = new OnnxRecurrentRunner(path, 2, new OnnxRunnerOptions { PreferCuda = false });
            Assert.IsTrue(runner.RequiresFiniteObservations);
            Assert.AreEqual("true", runner.Metadata[OnnxNames.FiniteObservationsKey]);
            int d = runner.ObservationSize;
            var obs = Enumerable.Range(0, 2 * d).Select(i => 0.1f * i).ToArray();
            runner.Step(obs);
            var state = runner.State("state_h1").ToArray();
            var logits = runner.Output("logits").ToArray();
            obs[d + 1] = float.NaN;
            var e = Assert.ThrowsExactly<ArgumentException>(() => runner.Step(obs));
            StringAssert.Contains(e.Message, $"obs[1, 1] (stream 1, observation 1) is NaN");
            CollectionAssert.AreEqual(state, runner.State("state_h1").ToArray(), "no state changed");
            CollectionAssert.AreEqual(logits, runner.Output("logits").ToArray(), "no output changed");
            Assert.AreEqual(1, runner.StepCount);
            obs[d + 1] = float.NegativeInfinity;
            Assert.ThrowsExactly<ArgumentException>(() => runner.Step(obs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void NormalizerOfTheWrongWidthIsRefused()
    {
        using var trainer = new PpoTrainer<float>("RepeatPreviousEasy", Tiny(RecurrentArchitecture.LinearRtu));
        var other = new Rtu.Trainers.Learning.Normalization.ObservationNormalizer(trainer.Agent.ObservationSize + 1,
            Rtu.Trainers.Learning.Normalization.ObservationNormalization.PerFeature);
        var e = Assert.ThrowsExactly<ArgumentException>(() => PpoPolicy.Describe(trainer.Agent, other));
        StringAssert.Contains(e.Message, "normaliser covers");
    }

    private static double MaxDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.AreEqual(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
