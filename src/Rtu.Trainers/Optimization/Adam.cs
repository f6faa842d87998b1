using System.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Optimization;

/// <summary>Adam (Kingma &amp; Ba) with bias correction: θ ← θ − α m̂ / (√v̂ + ε).</summary>
public sealed class Adam<T> : IOptimizer where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T>[] _sets;
    private readonly T[][] _m, _v;

    /// <summary>Creates an optimizer over <paramref name="sets"/>.</summary>
    public Adam(IEnumerable<ParameterSet<T>> sets, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(sets);
        _sets = sets.ToArray();
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        LearningRate = learningRate; Beta1 = beta1; Beta2 = beta2; Epsilon = epsilon;
        _m = _sets.Select(s => new T[s.Count]).ToArray();
        _v = _sets.Select(s => new T[s.Count]).ToArray();
    }

    /// <inheritdoc />
    public double LearningRate { get; set; }
    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }
    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }
    /// <summary>Denominator constant.</summary>
    public double Epsilon { get; }
    /// <inheritdoc />
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public void Step()
    {
        ParameterGroup.EnsureFiniteGradients(_sets);
        StepCount++;
        double c1 = 1 - Math.Pow(Beta1, StepCount), c2 = 1 - Math.Pow(Beta2, StepCount);
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2), ob1 = T.One - b1, ob2 = T.One - b2;
        T stepSize = T.CreateTruncating(LearningRate / c1), sqrtC2 = T.CreateTruncating(Math.Sqrt(c2)), eps = T.CreateTruncating(Epsilon);
        for (int s = 0; s < _sets.Length; s++)
        {
            T[] p = _sets[s].Values, g = _sets[s].Gradients, m = _m[s], v = _v[s];
            for (int i = 0; i < p.Length; i++)
            {
                T gi = g[i];
                m[i] = b1 * m[i] + ob1 * gi;
                v[i] = b2 * v[i] + ob2 * gi * gi;
                p[i] -= stepSize * m[i] / (T.Sqrt(v[i]) / sqrtC2 + eps);
            }
        }
    }

    /// <inheritdoc />
    public bool TryStep()
    {
        ParameterGroup.EnsureFiniteGradients(_sets);
        // First pass: the same arithmetic as Step without writing, so a refused step leaves no trace (no undo copy).
        long steps = StepCount + 1;
        double c1 = 1 - Math.Pow(Beta1, steps), c2 = 1 - Math.Pow(Beta2, steps);
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2), ob1 = T.One - b1, ob2 = T.One - b2;
        T stepSize = T.CreateTruncating(LearningRate / c1), sqrtC2 = T.CreateTruncating(Math.Sqrt(c2)), eps = T.CreateTruncating(Epsilon);
        for (int s = 0; s < _sets.Length; s++)
        {
            T[] p = _sets[s].Values, g = _sets[s].Gradients, m = _m[s], v = _v[s];
            for (int i = 0; i < p.Length; i++)
            {
                T gi = g[i];
                T mi = b1 * m[i] + ob1 * gi, vi = b2 * v[i] + ob2 * gi * gi;
                T pi = p[i] - stepSize * mi / (T.Sqrt(vi) / sqrtC2 + eps);
                if (!T.IsFinite(pi) || !T.IsFinite(mi) || !T.IsFinite(vi)) return false;
            }
        }
        Step();
        return true;
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        writer.Write("adam"); writer.Write(StepCount); writer.Write(_sets.Length);
        for (int s = 0; s < _sets.Length; s++)
        {
            writer.Write(_m[s].Length);
            foreach (var x in _m[s]) writer.Write(double.CreateTruncating(x));
            foreach (var x in _v[s]) writer.Write(double.CreateTruncating(x));
        }
    }

    /// <inheritdoc />
    public void Load(BinaryReader reader)
    {
        if (reader.ReadString() != "adam") throw new InvalidDataException("The stored optimizer state is not Adam's.");
        long steps = reader.ReadInt64();
        int count = reader.ReadInt32();
        if (count != _sets.Length) throw new InvalidDataException($"Stored Adam state has {count} parameter sets, this optimizer {_sets.Length}.");
        var m = new T[count][]; var v = new T[count][];
        for (int s = 0; s < count; s++)
        {
            int len = reader.ReadInt32();
            if (len != _m[s].Length) throw new InvalidDataException($"Stored Adam moments for set {s} have {len} entries, expected {_m[s].Length}.");
            m[s] = new T[len]; v[s] = new T[len];
            for (int i = 0; i < len; i++) m[s][i] = T.CreateTruncating(reader.ReadDouble());
            for (int i = 0; i < len; i++) v[s][i] = T.CreateTruncating(reader.ReadDouble());
        }
        for (int s = 0; s < count; s++) { m[s].CopyTo(_m[s], 0); v[s].CopyTo(_v[s], 0); }
        StepCount = steps;
    }
}
