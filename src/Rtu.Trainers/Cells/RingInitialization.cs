using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>
/// The LRU/RTU eigenvalue initialisation: |λ| uniform in area on the ring [r_min, r_max] and phase θ ~ U(0, max_phase),
/// stored as ν_log = ln(−ln|λ|) and θ_log = ln θ (spec §1).
/// </summary>
internal static class RingInitialization
{
    public static void Sample<T>(Rng rng, double rMin, double rMax, double maxPhase, Span<T> nuLog, Span<T> thetaLog)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < nuLog.Length; k++)
        {
            // u in (0,1]: u = 0 would give r = r_min = 0 → ν = ∞.
            double u = 1.0 - rng.NextDouble();
            double nu = -0.5 * Math.Log(u * (rMax * rMax - rMin * rMin) + rMin * rMin);
            // r_max = 1 and u = 1 give ν = 0: keep |λ| strictly inside the unit circle.
            nu = Math.Max(nu, 1e-7);
            nuLog[k] = T.CreateTruncating(Math.Log(nu));
            double theta = maxPhase * (1.0 - rng.NextDouble());
            thetaLog[k] = T.CreateTruncating(Math.Log(theta));
        }
    }

    /// <summary>Flax lecun_normal: truncated normal with variance 1/fan_in.</summary>
    public static void LecunNormal<T>(Rng rng, int fanIn, Span<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(rng.TruncatedNormal(1.0 / fanIn));
    }

    /// <summary>Plain normal with the given standard deviation.</summary>
    public static void Normal<T>(Rng rng, double std, Span<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = T.CreateTruncating(rng.NextGaussian() * std);
    }
}
