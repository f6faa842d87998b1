using System.Numerics;
using Rtu.Trainers.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>
/// LRU parameter layout: ν_log [n], θ_log [n], γ_log [n], B_re [d×n], B_im [d×n], C_re [n×m], C_im [n×m].
/// λ = exp(−e^{ν_log} + i e^{θ_log}), γ = e^{γ_log}; h ← λ h + γ ⊙ (x·B); y = f(Re(h·C)) = f(h_re·C_re − h_im·C_im).
/// </summary>
public static class LruParameters
{
    /// <summary>Segment names.</summary>
    public const string NuLog = "nu_log", ThetaLog = "theta_log", GammaLog = "gamma_log", BRe = "b_re", BIm = "b_im", CRe = "c_re", CIm = "c_im";

    /// <summary>A zero set with the LRU layout.</summary>
    public static ParameterSet<T> Create<T>(int units, int inputSize, int outputSize) where T : unmanaged, IFloatingPointIeee754<T> =>
        new("lru", (NuLog, [units]), (ThetaLog, [units]), (GammaLog, [units]),
            (BRe, [inputSize, units]), (BIm, [inputSize, units]), (CRe, [units, outputSize]), (CIm, [units, outputSize]));

    /// <summary>LRU initialisation: ring eigenvalues, γ = √(1 − |λ|²), B ~ N(0, 1/(2d)), C ~ N(0, 1/n).</summary>
    public static void Initialize<T>(ParameterSet<T> p, LruOptions options, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = options.Units, d = p.Segment(BRe).Shape[0];
        var nuLog = p.Value(NuLog);
        RingInitialization.Sample(rng, options.RMin, options.RMax, options.MaxPhase, nuLog, p.Value(ThetaLog));
        var gammaLog = p.Value(GammaLog);
        for (int k = 0; k < n; k++)
        {
            double nu = Math.Exp(double.CreateTruncating(nuLog[k]));
            gammaLog[k] = T.CreateTruncating(0.5 * Math.Log(-double.ExpM1(-2 * nu)));
        }
        RingInitialization.Normal(rng, 1 / Math.Sqrt(2.0 * d), p.Value(BRe));
        RingInitialization.Normal(rng, 1 / Math.Sqrt(2.0 * d), p.Value(BIm));
        RingInitialization.Normal(rng, 1 / Math.Sqrt(n), p.Value(CRe));
        RingInitialization.Normal(rng, 1 / Math.Sqrt(n), p.Value(CIm));
    }
}
