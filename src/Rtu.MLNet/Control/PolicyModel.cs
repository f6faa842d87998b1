using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Learning.Ppo;
using Rtu.Trainers.Numerics;

namespace Rtu.MLNet;

/// <summary>
/// A trained PPO policy, frozen: the agent's weights (a private copy), the observation standardisation frozen at the
/// end of training (float mean and std, exactly what the ONNX graph holds), the action space, and the reward
/// normaliser's statistics (the starting point of each key's online fine-tuning). Never mutated after construction:
/// every stream copies the weights it needs.
/// </summary>
internal sealed class PolicyModel
{
    private const string Magic = "rtu.policy-model";
    private readonly ActorCritic<float> _agent;

    public PolicyModel(RtuPolicyOptions options, ActionSpace space, int observationSize, ActorCritic<float> trained,
        float[]? mean, float[]? std, (double Count, double Mean, double Variance) rewardStatistics)
    {
        Options = options; Space = space; ObservationSize = observationSize; Mean = mean; Std = std; RewardStatistics = rewardStatistics;
        _agent = CreateAgent(1);
        for (int i = 0; i < _agent.Parameters.Count; i++) _agent.Parameters[i].CopyValuesFrom(trained.Parameters[i]);
    }

    public RtuPolicyOptions Options { get; }
    public ActionSpace Space { get; }
    public int ObservationSize { get; }
    public bool IsDiscrete => Space.IsDiscrete;
    public int ActionDim => IsDiscrete ? Space.DiscreteCount : Space.ContinuousSize;
    public int ActionLength => Space.ActionLength;
    public float[]? Mean { get; }
    public float[]? Std { get; }
    public (double Count, double Mean, double Variance) RewardStatistics { get; }

    /// <summary>The frozen weights (read only: parameters are copied from it, never written).</summary>
    public ActorCritic<float> Agent => _agent;

    /// <summary>A new agent with this model's weights whose learning recurrent layer has <paramref name="learningBatch"/> streams.</summary>
    public ActorCritic<float> CreateAgent(int learningBatch)
    {
        var agent = new ActorCritic<float>(ObservationSize, Space, Options.Ppo, learningBatch, Math.Max(1, learningBatch), new Rng(Options.Ppo.Seed));
        if (_agent is not null)
            for (int i = 0; i < agent.Parameters.Count; i++) agent.Parameters[i].CopyValuesFrom(_agent.Parameters[i]);
        return agent;
    }

    /// <summary>The description the ONNX exporter takes (the frozen weights and standardisation).</summary>
    public ActorCriticPolicy Describe() => new(ObservationSize, _agent.Shared, _agent.Recurrent, _agent.Actor, _agent.Critic, Continuous: !IsDiscrete,
        LogStd: IsDiscrete ? null : _agent.LogStd.Values.ToArray(), Mean, Std);

    /// <summary>(raw − mean) / std in float, as the ONNX graph computes it; a copy when there are no statistics.</summary>
    public void Standardize(ReadOnlySpan<float> raw, Span<float> destination)
    {
        if (Mean is null || Std is null) { raw.CopyTo(destination); return; }
        for (int i = 0; i < raw.Length; i++) destination[i] = (raw[i] - Mean[i]) / Std[i];
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Magic);
        Options.Write(w);
        w.Write(ObservationSize);
        w.Write(Space.DiscreteCount); w.Write(Space.ContinuousSize); w.Write(Space.Low); w.Write(Space.High);
        w.Write(Mean is not null);
        if (Mean is not null) { foreach (float x in Mean) w.Write(x); foreach (float x in Std!) w.Write(x); }
        w.Write(RewardStatistics.Count); w.Write(RewardStatistics.Mean); w.Write(RewardStatistics.Variance);
        foreach (var p in _agent.Parameters) p.Write(w);
    }

    /// <summary>Reads a model written by <see cref="Write"/>; every size is checked against the limits and the bytes left before it is allocated.</summary>
    public static PolicyModel Read(BinaryReader r)
    {
        if (RtuPolicyOptions.ReadBounded(r, 64) != Magic) throw new InvalidDataException("It is not an RTU policy model.");
        var options = RtuPolicyOptions.Read(r);
        int d = r.ReadInt32();
        int discrete = r.ReadInt32(), continuous = r.ReadInt32();
        float low = r.ReadSingle(), high = r.ReadSingle();
        var space = new ActionSpace(discrete, continuous, low, high);
        CheckSizes(options, d, space, r.BaseStream.Length - r.BaseStream.Position);
        float[]? mean = null, std = null;
        if (r.ReadBoolean())
        {
            mean = new float[d]; std = new float[d];
            for (int i = 0; i < d; i++) mean[i] = r.ReadSingle();
            for (int i = 0; i < d; i++) std[i] = r.ReadSingle();
            if (mean.Any(x => !float.IsFinite(x)) || std.Any(x => !(x > 0) || !float.IsFinite(x))) throw new InvalidDataException("The stored observation statistics are not finite and positive.");
        }
        var rewards = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        if (!(rewards.Item1 >= 0) || !double.IsFinite(rewards.Item1) || !double.IsFinite(rewards.Item2) || !(rewards.Item3 >= 0) || !double.IsFinite(rewards.Item3))
            throw new InvalidDataException("The stored reward statistics are invalid (a negative count or variance, or a value that is not finite).");
        var model = new PolicyModel(options, space, d, CreateBlank(options, space, d), mean, std, rewards);
        foreach (var p in model._agent.Parameters) p.Read(r);
        return model;
    }

    private static ActorCritic<float> CreateBlank(RtuPolicyOptions o, ActionSpace space, int d) => new(d, space, o.Ppo, 1, 1, new Rng(o.Ppo.Seed));

    /// <summary>Checks the declared sizes (limits, and that the remaining bytes can hold the weights) before anything is allocated.</summary>
    public static void CheckSizes(RtuPolicyOptions o, int observationSize, ActionSpace space, long remaining)
    {
        int actions = space.IsDiscrete ? space.DiscreteCount : space.ContinuousSize;
        if (observationSize < 1 || observationSize > RtuLimits.MaxInputWidth) throw new InvalidDataException($"The stored observation size ({observationSize}) is invalid.");
        if (space.DiscreteCount < 0 || space.ContinuousSize < 0 || (space.DiscreteCount > 0) == (space.ContinuousSize > 0) || actions > 65536)
            throw new InvalidDataException("The stored action space is invalid.");
        if (space.ContinuousSize > 0 && !(space.Low <= space.High))
            throw new InvalidDataException($"The stored action box [{space.Low}, {space.High}] is invalid (a NaN bound, or Low > High).");
        int h = o.Ppo.SharedHiddenSize, heads = o.Ppo.HeadHiddenSize, units = o.Ppo.Recurrent.Units;
        try
        {
            RtuLimits.CheckWidth(h, observationSize, "observation size");
            RtuLimits.CheckWidth(units, h, "SharedHiddenSize");
            RtuLimits.CheckWidth(heads, 2 * units + actions, "HeadHiddenSize");
        }
        catch (ArgumentOutOfRangeException e) { throw new InvalidDataException($"Its sizes exceed the library's limits: {e.Message}", e); }
        // Every weight is stored as 8 bytes: the shared layer and the recurrent input weights alone need this much.
        long needed = 8L * ((long)observationSize * h + (long)units * h);
        if (needed > remaining) throw new InvalidDataException($"It declares {observationSize} inputs × {h} hidden and {units} units, which need at least {needed:N0} bytes; only {remaining:N0} remain (corrupt).");
    }
}
