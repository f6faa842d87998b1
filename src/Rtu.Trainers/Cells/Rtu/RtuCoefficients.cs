using System.Numerics;
using System.Numerics.Tensors;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// The per-unit quantities of the RTU recurrence derived from (ν_log, θ_log), and their derivatives:
/// ν = e^{ν_log}, r = e^{−ν}, θ = e^{θ_log}, g = r cos θ, φ = r sin θ, η = √(1 − r²) + 1e-8.
/// Computed in float64 and stored in T, once per step, shared by the RTRL layers and the BPTT core.
/// </summary>
/// <remarks>
/// The transcendental functions run as vectorised float64 <see cref="TensorPrimitives"/> passes (exp, exp, expm1,
/// cos, sin) over scratch arrays allocated once, then one scalar pass assembles the eight outputs. That replaced a
/// per-unit loop of scalar <see cref="Math"/> calls that cost about half of a d = 16 step.
/// </remarks>
internal sealed class RtuCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Added to η as in the reference code, so η never reaches 0.</summary>
    public const double EtaEpsilon = 1e-8;

    private readonly double[] _nu, _r, _theta, _cos, _sin, _expm1;

    public RtuCoefficients(int units)
    {
        G = new T[units]; Phi = new T[units]; Eta = new T[units];
        DgDnu = new T[units]; DphiDnu = new T[units]; DetaDnu = new T[units];
        DgDtheta = new T[units]; DphiDtheta = new T[units];
        _nu = new double[units]; _r = new double[units]; _theta = new double[units];
        _cos = new double[units]; _sin = new double[units]; _expm1 = new double[units];
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
        int n = G.Length;
        Span<double> nu = _nu.AsSpan(0, n), r = _r.AsSpan(0, n), theta = _theta.AsSpan(0, n);
        Span<double> cos = _cos.AsSpan(0, n), sin = _sin.AsSpan(0, n), em1 = _expm1.AsSpan(0, n);
        for (int k = 0; k < n; k++)
        {
            nu[k] = double.CreateTruncating(nuLog[k]);
            theta[k] = double.CreateTruncating(thetaLog[k]);
        }
        TensorPrimitives.Exp(nu, nu);                 // ν
        TensorPrimitives.Exp(theta, theta);           // θ
        TensorPrimitives.Multiply(nu, -1.0, r);
        TensorPrimitives.Exp(r, r);                   // r = e^{−ν}
        TensorPrimitives.Multiply(nu, -2.0, em1);
        TensorPrimitives.ExpM1(em1, em1);             // expm1(−2ν) = −(1 − r²)
        TensorPrimitives.Cos(theta, cos);
        TensorPrimitives.Sin(theta, sin);
        for (int k = 0; k < n; k++)
        {
            double nuk = nu[k], rk = r[k];
            double g = rk * cos[k], phi = rk * sin[k];
            double s = Math.Sqrt(-em1[k]);
            double thetaFactor = referenceThetaGradient ? 1.0 : theta[k];
            G[k] = T.CreateTruncating(g);
            Phi[k] = T.CreateTruncating(phi);
            Eta[k] = T.CreateTruncating(s + EtaEpsilon);
            DgDnu[k] = T.CreateTruncating(-nuk * g);
            DphiDnu[k] = T.CreateTruncating(-nuk * phi);
            DetaDnu[k] = T.CreateTruncating(s > 0 ? nuk * rk * rk / s : 0.0);
            DgDtheta[k] = T.CreateTruncating(-phi * thetaFactor);
            DphiDtheta[k] = T.CreateTruncating(g * thetaFactor);
        }
    }
}
