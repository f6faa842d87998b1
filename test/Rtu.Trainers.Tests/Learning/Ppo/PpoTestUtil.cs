using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Normalization;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Tests.Ppo;

internal static class PpoTestUtil
{
    /// <summary>A tiny, fast configuration.</summary>
    public static PpoOptions Tiny(RecurrentArchitecture arch = RecurrentArchitecture.LinearRtu) => new()
    {
        Seed = 3, EnvironmentCount = 2, RolloutSteps = 32, Epochs = 2, MinibatchCount = 4, SharedHiddenSize = 8, HeadHiddenSize = 8,
        Recurrent = new RecurrentLayerOptions
        {
            Architecture = arch, Units = 4, Activation = Activation.Tanh, Truncation = 3,
            LearningRule = arch is RecurrentArchitecture.Gru or RecurrentArchitecture.Memoryless ? LearningRule.Tbptt : LearningRule.Rtrl,
        },
    };

    public static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.AreEqual(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}

/// <summary>
/// A deterministic continuous task with a time limit: x ← x + 0.1·a, reward −|x|, observation [x]; truncated after
/// 10 steps. Exercises the Gaussian policy, action clipping and bootstrapping on truncation.
/// </summary>
internal sealed class PointEnvironment(ulong seed) : IEnvironment
{
    private readonly Rng _rng = new(seed);
    private double _x;
    private int _t;
    public string Name => "Point";
    public int ObservationSize => 1;
    public ActionSpace ActionSpace { get; } = ActionSpace.Box(1, -1, 1);
    public void Reset(Span<float> observation) { _x = _rng.Uniform(-1, 1); _t = 0; observation[0] = (float)_x; }
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _x += 0.1 * action[0]; _t++;
        observation[0] = (float)_x;
        return new StepResult(-Math.Abs(_x), false, _t >= 10);
    }
    public void Dispose() { }
}
