using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Optimization;

/// <summary>Plain stochastic gradient descent: θ ← θ − α g.</summary>
public sealed class Sgd<T> : IOptimizer where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T>[] _sets;

    /// <summary>Creates an optimizer over <paramref name="sets"/>.</summary>
    public Sgd(IEnumerable<ParameterSet<T>> sets, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        _sets = sets.ToArray();
        LearningRate = learningRate;
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }
    /// <inheritdoc />
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public void Step()
    {
        ParameterGroup.EnsureFiniteGradients(_sets);
        StepCount++;
        T a = T.CreateTruncating(-LearningRate);
        foreach (var s in _sets) TensorPrimitives.MultiplyAdd(s.Gradients, a, s.Values, s.Values);
    }

    /// <inheritdoc />
    public bool TryStep()
    {
        ParameterGroup.EnsureFiniteGradients(_sets);
        T a = T.CreateTruncating(-LearningRate);
        foreach (var s in _sets)
        {
            T[] p = s.Values, g = s.Gradients;
            for (int i = 0; i < p.Length; i++) if (!T.IsFinite(g[i] * a + p[i])) return false;
        }
        Step();
        return true;
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer) { writer.Write("sgd"); writer.Write(StepCount); }

    /// <inheritdoc />
    public void Load(BinaryReader reader)
    {
        if (reader.ReadString() != "sgd") throw new InvalidDataException("The stored optimizer state is not SGD's.");
        StepCount = reader.ReadInt64();
    }
}
