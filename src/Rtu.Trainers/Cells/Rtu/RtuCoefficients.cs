using System.Numerics;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// The per-unit quantities of the RTU recurrence derived from (ν_log, θ_log), and their derivatives:
/// ν = e^{ν_log}, r = e^{−ν}, θ = e^{θ_log}, g = r cos θ, φ = r sin θ, η = √(1 − r²) + 1e-8.
/// Computed in float64 and stored in T, once per step, shared by the RTRL layers and the BPTT core.
/// </summary>
internal sealed class RtuCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Added to η as in the reference code, so η never reaches 0.</summary>
    public const double EtaEpsilon = 1e-8;

    public RtuCoefficients(int units)
    {
        G = new T[units]; Phi = new T[units]; Eta = new T[units];
        DgDnu = new T[units]; DphiDnu = new T[units]; DetaDnu = new T[units];
        DgDtheta = new T[units]; DphiDtheta = new T[units];
    }

    public T[] G { get; }
    public T[] Phi { get; }
    public T[] Eta { get; }
    public T[] DgDnu { get; }
    public T[] DphiDnu { get; }
    public T[] DetaDnu { get; }
    public T[] DgDtheta { get; }
    public T[] DphiDtheta { get; }

    /// <param name="nuLog">ν_log per unit.</param>
    /// <param name="thetaLog">θ_log per unit.</param>
    /// <param name="referenceThetaGradient">
    /// Reproduce the reference code's θ derivative, which omits the chain factor θ = e^{θ_log} (spec §2). Off by default.
    /// </param>
    public void Update(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thetaLog, bool referenceThetaGradient)
    {
        for (int k = 0; k < G.Length; k++)
        {
            double nu = Math.Exp(double.CreateTruncating(nuLog[k]));
            double r = Math.Exp(-nu);
            double theta = Math.Exp(double.CreateTruncating(thetaLog[k]));
            double g = r * Math.Cos(theta), phi = r * Math.Sin(theta);
            // 1 − r² = −expm1(−2ν) keeps precision when r → 1.
            double oneMinusR2 = -double.ExpM1(-2 * nu);
            double s = Math.Sqrt(oneMinusR2);
            double thetaFactor = referenceThetaGradient ? 1.0 : theta;
            G[k] = T.CreateTruncating(g);
            Phi[k] = T.CreateTruncating(phi);
            Eta[k] = T.CreateTruncating(s + EtaEpsilon);
            DgDnu[k] = T.CreateTruncating(-nu * g);
            DphiDnu[k] = T.CreateTruncating(-nu * phi);
            DetaDnu[k] = T.CreateTruncating(s > 0 ? nu * r * r / s : 0.0);
            DgDtheta[k] = T.CreateTruncating(-phi * thetaFactor);
            DphiDtheta[k] = T.CreateTruncating(g * thetaFactor);
        }
    }
}
