using System.Numerics;
using Rtu.Trainers.IO;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Optimization;

/// <summary>Adam (Kingma &amp; Ba) with bias correction: θ ← θ − α m̂ / (√v̂ + ε).</summary>
public sealed class Adam<T> : IOptimizer where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T>[] _sets;
    private readonly T[][] _m, _v;
    private readonly long _beta1Negligible, _beta2Negligible;   // the steps from which 1 − βᵗ is 1 exactly (NegligibleFrom)

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
        _beta1Negligible = NegligibleFrom(beta1); _beta2Negligible = NegligibleFrom(beta2);
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
        var c = Constants(StepCount + 1);
        StepCount++;
        for (int s = 0; s < _sets.Length; s++) Compute<Write>(_sets[s].Values, _sets[s].Gradients, _m[s], _v[s], c);
    }

    /// <inheritdoc />
    public bool TryStep()
    {
        ParameterGroup.EnsureFiniteGradients(_sets);
        // First pass: the same arithmetic as Step without writing, so a refused step leaves no trace (no undo copy, and
        // no scratch: nothing is allocated on any thread).
        var c = Constants(StepCount + 1);
        for (int s = 0; s < _sets.Length; s++)
            if (!Compute<Check>(_sets[s].Values, _sets[s].Gradients, _m[s], _v[s], c)) return false;
        StepCount++;
        for (int s = 0; s < _sets.Length; s++) Compute<Write>(_sets[s].Values, _sets[s].Gradients, _m[s], _v[s], c);
        return true;
    }

    // The step's constants in T: the decays, their complements, α/(1 − β₁ᵗ), √(1 − β₂ᵗ) and ε.
    private readonly record struct StepConstants(T B1, T B2, T Ob1, T Ob2, T StepSize, T SqrtC2, T Eps);

    private StepConstants Constants(long steps)
    {
        double c1 = steps >= _beta1Negligible ? 1 : 1 - Math.Pow(Beta1, steps), c2 = steps >= _beta2Negligible ? 1 : 1 - Math.Pow(Beta2, steps);
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2);
        return new StepConstants(b1, b2, T.One - b1, T.One - b2, T.CreateTruncating(LearningRate / c1), T.CreateTruncating(Math.Sqrt(c2)), T.CreateTruncating(Epsilon));
    }

    // The first step t with βᵗ < 2⁻⁵⁹ (β = 0: the first step), with a step to spare for the logarithms' rounding. From there
    // 1 − βᵗ rounds to 1 exactly (below 2⁻⁵⁴ it must, and Math.Pow is within an ulp), so the power need not be computed:
    // with β₁ = 0.9 from step 390 on (a power saved per step; β₂ = 0.999 from step 40,877).
    private static long NegligibleFrom(double beta) =>
        beta == 0 ? 1 : (long)Math.Min(Math.Ceiling(-59 * Math.Log(2) / Math.Log(beta)) + 1, long.MaxValue / 2.0);

    // Whether Compute writes: a type argument, so that the JIT compiles the checking and the writing pass each without the test.
    private interface IMode { static abstract bool Writes { get; } }
    private readonly struct Check : IMode { public static bool Writes => false; }
    private readonly struct Write : IMode { public static bool Writes => true; }

    // m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − α̂ m / (√v / √(1 − β₂ᵗ) + ε), written in place by the Write pass;
    // the Check pass tells whether every new value is finite (x − x is 0 exactly for finite x). The vector lanes do the scalar loop's
    // operations in its order (each one rounded as in the scalar code, no fused multiply-add): the same bits.
    private static bool Compute<TMode>(T[] p, T[] g, T[] m, T[] v, StepConstants c) where TMode : struct, IMode
    {
        int i = 0, n = p.Length;
        bool finite = true;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
        {
            Vector<T> b1 = new(c.B1), b2 = new(c.B2), ob1 = new(c.Ob1), ob2 = new(c.Ob2), stepSize = new(c.StepSize), sqrtC2 = new(c.SqrtC2), eps = new(c.Eps);
            var nonFinite = Vector<T>.Zero;
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = new Vector<T>(g, i);
                var mi = b1 * new Vector<T>(m, i) + ob1 * gi;
                var vi = b2 * new Vector<T>(v, i) + ob2 * gi * gi;
                var pi = new Vector<T>(p, i) - stepSize * mi / (Vector.SquareRoot(vi) / sqrtC2 + eps);
                if (TMode.Writes) { mi.CopyTo(m, i); vi.CopyTo(v, i); pi.CopyTo(p, i); }
                else nonFinite += (pi - pi) + (mi - mi) + (vi - vi);
            }
            finite = Vector.EqualsAll(nonFinite, Vector<T>.Zero);
        }
        for (; i < n; i++)
        {
            T gi = g[i];
            T mi = c.B1 * m[i] + c.Ob1 * gi, vi = c.B2 * v[i] + c.Ob2 * gi * gi;
            T pi = p[i] - c.StepSize * mi / (T.Sqrt(vi) / c.SqrtC2 + c.Eps);
            if (TMode.Writes) { m[i] = mi; v[i] = vi; p[i] = pi; }
            else finite &= T.IsFinite(pi) && T.IsFinite(mi) && T.IsFinite(vi);
        }
        return finite;
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        writer.Write("adam"); writer.Write(StepCount); writer.Write(_sets.Length);
        for (int s = 0; s < _sets.Length; s++)
        {
            writer.Write(_m[s].Length);
            BinaryRuns.WriteFloat64<T>(writer, _m[s]);
            BinaryRuns.WriteFloat64<T>(writer, _v[s]);
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
            BinaryRuns.ReadFloat64<T>(reader, m[s]);
            BinaryRuns.ReadFloat64<T>(reader, v[s]);
        }
        for (int s = 0; s < count; s++) { m[s].CopyTo(_m[s], 0); v[s].CopyTo(_v[s], 0); }
        StepCount = steps;
    }
}
