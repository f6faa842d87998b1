using System.Runtime.CompilerServices;
using System.Numerics;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// The per-unit coefficients one RTU step reads (each of length n): g = Re λ, φ = Im λ, the input scale η, and their
/// derivatives with respect to ν_log and θ_log (∂η/∂θ = 0).
/// </summary>
internal readonly ref struct UnitCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public UnitCoefficients(ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> dgDnu, ReadOnlySpan<T> dphiDnu,
        ReadOnlySpan<T> detaDnu, ReadOnlySpan<T> dgDtheta, ReadOnlySpan<T> dphiDtheta)
    {
        int n = g.Length;
        KernelGuard.Length(phi, n, nameof(phi)); KernelGuard.Length(eta, n, nameof(eta));
        KernelGuard.Length(dgDnu, n, nameof(dgDnu)); KernelGuard.Length(dphiDnu, n, nameof(dphiDnu));
        KernelGuard.Length(detaDnu, n, nameof(detaDnu)); KernelGuard.Length(dgDtheta, n, nameof(dgDtheta));
        KernelGuard.Length(dphiDtheta, n, nameof(dphiDtheta));
        G = g; Phi = phi; Eta = eta; DgDnu = dgDnu; DphiDnu = dphiDnu; DetaDnu = detaDnu; DgDtheta = dgDtheta; DphiDtheta = dphiDtheta;
    }

    public ReadOnlySpan<T> G { get; }
    public ReadOnlySpan<T> Phi { get; }
    public ReadOnlySpan<T> Eta { get; }
    public ReadOnlySpan<T> DgDnu { get; }
    public ReadOnlySpan<T> DphiDnu { get; }
    public ReadOnlySpan<T> DetaDnu { get; }
    public ReadOnlySpan<T> DgDtheta { get; }
    public ReadOnlySpan<T> DphiDtheta { get; }

    /// <summary>Units n.</summary>
    public int Length => G.Length;

    /// <summary>Throws unless <paramref name="written"/> is disjoint from every coefficient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckDisjoint(ReadOnlySpan<T> written, string name)
    {
        KernelGuard.Disjoint(written, name, G, nameof(G)); KernelGuard.Disjoint(written, name, Phi, nameof(Phi));
        KernelGuard.Disjoint(written, name, Eta, nameof(Eta)); KernelGuard.Disjoint(written, name, DgDnu, nameof(DgDnu));
        KernelGuard.Disjoint(written, name, DphiDnu, nameof(DphiDnu)); KernelGuard.Disjoint(written, name, DetaDnu, nameof(DetaDnu));
        KernelGuard.Disjoint(written, name, DgDtheta, nameof(DgDtheta)); KernelGuard.Disjoint(written, name, DphiDtheta, nameof(DphiDtheta));
    }
}
