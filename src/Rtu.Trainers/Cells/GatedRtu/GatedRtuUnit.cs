using System.Runtime.CompilerServices;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// One gated-RTU unit at one step, in float64 (docs/GATED_RTU.md §2–3): from the gates (<see cref="GatedRtuGates"/>) it forms
/// λ_t = exp(c·a_t·(−ν + iθ)) = G + iΦ, the input scale η = √(1 − |λ_t|²) and the partial derivatives the RTRL traces
/// need. Used by the RTRL layer; the BPTT core derives its gradient separately (it shares only <see cref="Sigmoid"/>
/// and <see cref="EtaEpsilon"/>).
/// </summary>
internal readonly struct GatedRtuUnit
{
    /// <summary>Added to η as in the RTU, so η never reaches 0.</summary>
    public const double EtaEpsilon = RtuCoefficients<double>.EtaEpsilon;

    /// <summary>Decay gate a, input gate i, their sigmoid slopes a(1 − a), i(1 − i).</summary>
    public readonly double A, I, SlopeA, SlopeI;
    /// <summary>λ_t = G + iΦ, η = s + ε with s = √(1 − |λ_t|²), and ∂s/∂m = |λ_t|²/s where |λ_t| = e^{−m}.</summary>
    public readonly double G, Phi, Eta, DsDm;
    /// <summary>m = c·a·ν and ψ = c·a·θ: −ln|λ_t| and arg λ_t.</summary>
    public readonly double M, Psi;

    /// <summary>From the vectorised transcendental part (<see cref="GatedRtuGates"/>) of unit k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GatedRtuUnit(GatedRtuGates gates, int k)
    {
        A = gates.A[k]; I = gates.I[k];
        SlopeA = A * (1 - A); SlopeI = I * (1 - I);
        M = gates.M[k]; Psi = gates.Psi[k];
        double rho = gates.Rho[k];
        G = rho * gates.Cos[k]; Phi = rho * gates.Sin[k];
        double s = Math.Sqrt(RtuCoefficients<double>.OneMinusRSquared(M, rho));
        Eta = s + EtaEpsilon;
        DsDm = s > 0 ? rho * rho / s : 0.0;
    }

    /// <summary>
    /// The bounded gate-feedback weight p = p_max·tanh(p_raw) and its slope ∂p/∂p_raw = p_max·(1 − tanh² p_raw).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BoundedFeedback(double raw, double limit, out double slope)
    {
        double t = Math.Tanh(raw);
        slope = limit * (1 - t * t);
        return limit * t;
    }

    /// <summary>
    /// The share q = Qν / (Qν + θ) = σ(ln Q + ν_log − θ_log) of the decay gate's state feedback that the version-3 phase
    /// gate sees, and its slope q(1 − q) = ∂q/∂ν_log = −∂q/∂θ_log; Q = 0 gives q = 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PhaseFeedbackShare(double nuLog, double thetaLog, double ratio, out double slope)
    {
        double q = ratio > 0 ? Sigmoid(Math.Log(ratio) + nuLog - thetaLog) : 0.0;
        slope = q * (1 - q);
        return q;
    }

    /// <summary>σ(z), written so that neither branch overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double z)
    {
        if (z >= 0) return 1 / (1 + Math.Exp(-z));
        double e = Math.Exp(z);
        return e / (1 + e);
    }
}
