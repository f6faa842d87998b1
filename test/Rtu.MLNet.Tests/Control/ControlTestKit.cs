using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;

namespace Rtu.MLNet.Tests.Control;

/// <summary>
/// A user-written environment for the tests: a point chases a drifting target it sees only through a noisy reading.
/// Discrete (left / stay / right) or continuous (a velocity in [−1, 1]). 20 steps per episode.
/// </summary>
internal sealed class Chase(ulong seed, bool continuous = false) : IEnvironment
{
    private readonly Rng _rng = new(seed);
    private double _pos, _target;
    private int _t;
    public string Name => continuous ? "ChaseContinuous" : "Chase";
    public int ObservationSize => 2;
    public ActionSpace ActionSpace => continuous ? ActionSpace.Box(1, -1, 1) : ActionSpace.Discrete(3);
    public void Reset(Span<float> observation) { _pos = 0; _target = _rng.Uniform(-3, 3); _t = 0; Write(observation); }
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _pos += continuous ? Math.Clamp(action[0], -1, 1) : action[0] - 1;
        _target += 0.1 * _rng.NextGaussian();
        _t++;
        Write(observation);
        return new StepResult(-Math.Abs(_pos - _target), false, _t == 20);
    }
    private void Write(Span<float> o) { o[0] = (float)_pos; o[1] = (float)(_target + 0.3 * _rng.NextGaussian()); }
    public void Dispose() { }
}

public sealed class ObservationRow
{
    [VectorType(2)]
    public float[] Observation { get; set; } = [];
    public bool EpisodeStart { get; set; }
    public string Key { get; set; } = "";
}

internal static class ControlTestKit
{
    public static RtuPolicyOptions Tiny(int iterations = 2) => new()
    {
        Iterations = iterations,
        Ppo = new PpoOptions
        {
            Seed = 3, EnvironmentCount = 2, RolloutSteps = 32, Epochs = 2, MinibatchCount = 4, SharedHiddenSize = 8, HeadHiddenSize = 8,
            Recurrent = new RecurrentLayerOptions { Architecture = RecurrentArchitecture.LinearRtu, Units = 4, Activation = Activation.Relu },
        },
        EpisodeStartColumnName = "EpisodeStart",
        KeyColumnName = "Key",
        OnlineLearning = new RtuOnlinePolicyLearning { RolloutSteps = 16, Epochs = 2, MinibatchCount = 4, LearningRate = 1e-3 },
    };

    private static readonly Dictionary<bool, RtuPolicyTransformer> Trained = new();

    /// <summary>A policy trained a little on <see cref="Chase"/> (cached per action kind: training is the slow part).</summary>
    public static RtuPolicyTransformer Policy(bool continuous = false)
    {
        lock (Trained)
        {
            if (!Trained.TryGetValue(continuous, out var p))
                Trained[continuous] = p = new MLContext(1).Control().TrainPpo(seed => new Chase(seed, continuous), Tiny());
            return p;
        }
    }

    /// <summary>Logged observations of three keys, interleaved, with episode starts: what a service would store.</summary>
    public static ObservationRow[] Log(int steps, bool continuous = false)
    {
        var envs = Enumerable.Range(0, 3).Select(i => new Chase(100 + (ulong)i, continuous)).ToArray();
        var obs = envs.Select(_ => new float[2]).ToArray();
        var start = new bool[3];
        for (int i = 0; i < 3; i++) { envs[i].Reset(obs[i]); start[i] = true; }
        var rng = new Rng(5);
        var rows = new List<ObservationRow>();
        for (int t = 0; t < steps; t++)
        {
            int i = rng.NextInt(3); // keys interleave irregularly
            rows.Add(new ObservationRow { Observation = (float[])obs[i].Clone(), EpisodeStart = start[i], Key = $"device-{i}" });
            start[i] = false;
            float[] action = continuous ? [(float)rng.Uniform(-1, 1)] : [rng.NextInt(3)];
            if (envs[i].Step(action, obs[i]).Done) { envs[i].Reset(obs[i]); start[i] = true; }
        }
        return rows.ToArray();
    }
}
