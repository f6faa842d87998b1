using System.Numerics;
using Rtu.Trainers.Parameters;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>
/// λ = exp(−e^{ν_log} + i e^{θ_log}), γ = e^{γ_log} and the factors of their derivatives, per unit, computed once per
/// step in float64 and stored in T. The one definition used by the Online LRU layer, the T-BPTT core and the exported
/// graph (whose constants are these float32 values).
/// </summary>
internal sealed class LruCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LruCoefficients(int n)
    {
        LambdaRe = new T[n]; LambdaIm = new T[n]; Gamma = new T[n]; Nu = new T[n]; Theta = new T[n];
    }

    public T[] LambdaRe { get; }
    public T[] LambdaIm { get; }
    public T[] Gamma { get; }
    /// <summary>ν = e^{ν_log}: dλ/dν_log = −ν λ.</summary>
    public T[] Nu { get; }
    /// <summary>θ = e^{θ_log}: dλ/dθ_log = i θ λ.</summary>
    public T[] Theta { get; }

    public void Update(ParameterSet<T> p) =>
        Update(p.Value(LruParameters.NuLog), p.Value(LruParameters.ThetaLog), p.Value(LruParameters.GammaLog));

    public void Update(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thLog, ReadOnlySpan<T> gLog)
    {
        for (int k = 0; k < LambdaRe.Length; k++)
        {
            double nu = Math.Exp(double.CreateTruncating(nuLog[k])), th = Math.Exp(double.CreateTruncating(thLog[k]));
            double r = Math.Exp(-nu);
            LambdaRe[k] = T.CreateTruncating(r * Math.Cos(th));
            LambdaIm[k] = T.CreateTruncating(r * Math.Sin(th));
            Gamma[k] = T.CreateTruncating(Math.Exp(double.CreateTruncating(gLog[k])));
            Nu[k] = T.CreateTruncating(nu);
            Theta[k] = T.CreateTruncating(th);
        }
    }
}
