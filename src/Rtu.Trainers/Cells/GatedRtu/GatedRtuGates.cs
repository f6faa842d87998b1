using System.Numerics.Tensors;
using Rtu.Trainers.Cells.Rtu;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>
/// The transcendental part of one stream's gated-RTU step for all n units at once, in float64: a = σ(z_a), i = σ(z_i),
/// m = c·a·ν, ψ = c·a·θ, ρ = e^{−m}, sin ψ, cos ψ. The exponentials are vectorised TensorPrimitives.Exp
/// passes and sin/cos the RTU's vectorised <see cref="RtuCoefficients{T}.SinCos"/>, whose bits do not depend on the JIT
/// tier; this replaced five scalar <see cref="Math"/> calls per unit that dominated a small-d step.
/// </summary>
internal sealed class GatedRtuGates
{
    private readonly double[] _t;

    public GatedRtuGates(int units)
    {
        ZA = new double[units]; ZI = new double[units]; ZP = new double[units]; AP = new double[units]; LogEnergy = new double[units];
        A = new double[units]; I = new double[units]; M = new double[units]; Psi = new double[units];
        Rho = new double[units]; Sin = new double[units]; Cos = new double[units];
        _t = new double[units];
    }

    /// <summary>Gate pre-activations, filled by the caller before <see cref="Compute"/>.</summary>
    public double[] ZA { get; }
    /// <inheritdoc cref="ZA"/>
    public double[] ZI { get; }
    /// <summary>The phase gate's pre-activation x·Wa + b_a (z_a without the state feedback; version 3 only).</summary>
    public double[] ZP { get; }
    /// <summary>The phase gate σ(<see cref="ZP"/>) (version 3; version 2 uses <see cref="A"/>).</summary>
    public double[] AP { get; }
    /// <summary>log(1 + |h_{t−1}|²) per unit, written by the caller with the pre-activations and read back in its unit loop.</summary>
    public double[] LogEnergy { get; }
    /// <summary>Outputs of <see cref="Compute"/>.</summary>
    public double[] A { get; }
    /// <inheritdoc cref="A"/>
    public double[] I { get; }
    /// <inheritdoc cref="A"/>
    public double[] M { get; }
    /// <inheritdoc cref="A"/>
    public double[] Psi { get; }
    /// <inheritdoc cref="A"/>
    public double[] Rho { get; }
    /// <inheritdoc cref="A"/>
    public double[] Sin { get; }
    /// <inheritdoc cref="A"/>
    public double[] Cos { get; }

    /// <summary>
    /// Fills the outputs from <see cref="ZA"/>, <see cref="ZI"/> (and <see cref="ZP"/> unless
    /// <paramref name="phaseReadsState"/>): ψ = c·a·θ in version 2, c·σ(z_p)·θ in version 3.
    /// </summary>
    public void Compute(ReadOnlySpan<double> nu, ReadOnlySpan<double> theta, double c, bool phaseReadsState)
    {
        int n = A.Length;
        double[] t = _t, a = A, i = I, m = M, psi = Psi, za = ZA, zi = ZI;
        double[] ap = a;
        if (!phaseReadsState)
        {
            ap = AP;
            for (int k = 0; k < n; k++) t[k] = -ZP[k];
            TensorPrimitives.Exp(t, ap);
            for (int k = 0; k < n; k++) ap[k] = 1 / (1 + ap[k]);
        }
        // σ(z) = 1 / (1 + e^{−z}): e^{−z} = ∞ gives exactly 0, e^{−z} = 0 exactly 1, never NaN.
        for (int k = 0; k < n; k++) t[k] = -za[k];
        TensorPrimitives.Exp(t, a);
        for (int k = 0; k < n; k++) { a[k] = 1 / (1 + a[k]); t[k] = -zi[k]; }
        TensorPrimitives.Exp(t, i);
        for (int k = 0; k < n; k++)
        {
            i[k] = 1 / (1 + i[k]);
            m[k] = c * a[k] * nu[k];
            psi[k] = c * ap[k] * theta[k];
            t[k] = -m[k];
        }
        TensorPrimitives.Exp(t, Rho);
        RtuCoefficients<double>.SinCos(psi, Sin, Cos);
    }
}
