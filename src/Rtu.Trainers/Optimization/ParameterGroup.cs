using System.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Optimization;

/// <summary>Operations over several parameter sets at once: zeroing, global norm, clipping, finiteness.</summary>
public static class ParameterGroup
{
    /// <summary>Zeroes every gradient.</summary>
    public static void ZeroGradients<T>(IEnumerable<ParameterSet<T>> sets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var s in sets) s.ZeroGradients();
    }

    /// <summary>√(Σ g²) over every gradient, in float64.</summary>
    public static double GlobalNorm<T>(IEnumerable<ParameterSet<T>> sets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var s in sets)
            foreach (var g in s.Gradients) { double v = double.CreateTruncating(g); sum += v * v; }
        return Math.Sqrt(sum);
    }

    /// <summary>Scales all gradients so their global norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm<T>(IReadOnlyList<ParameterSet<T>> sets, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        double norm = GlobalNorm(sets);
        if (double.IsFinite(norm) && norm > maxNorm)
        {
            var scale = T.CreateTruncating(maxNorm / norm);
            foreach (var s in sets) System.Numerics.Tensors.TensorPrimitives.Multiply(s.Gradients, scale, s.Gradients);
        }
        return norm;
    }

    /// <summary>Throws, naming the set and index, when any gradient is NaN or infinite.</summary>
    public static void EnsureFiniteGradients<T>(IEnumerable<ParameterSet<T>> sets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var s in sets) EnsureFiniteGradients(s);
    }

    /// <summary>As <see cref="EnsureFiniteGradients{T}(IEnumerable{ParameterSet{T}})"/> without allocating (the optimizers call it every step).</summary>
    public static void EnsureFiniteGradients<T>(ParameterSet<T>[] sets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var s in sets) EnsureFiniteGradients(s);
    }

    private static void EnsureFiniteGradients<T>(ParameterSet<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!s.HasNonFiniteGradients()) return;   // vectorised; the loop finds and names the offending gradient
        for (int i = 0; i < s.Gradients.Length; i++)
            if (!T.IsFinite(s.Gradients[i]))
                throw new InvalidOperationException($"Gradient {i} of '{s.Name}' is {s.Gradients[i]}; the update was skipped so the model stays finite.");
    }
}
