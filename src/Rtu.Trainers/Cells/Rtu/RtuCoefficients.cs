using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Cells.Rtu;

/// <summary>
/// The per-unit quantities of the RTU recurrence derived from (ν_log, θ_log), and their derivatives:
/// ν = e^{ν_log}, r = e^{−ν}, θ = e^{θ_log}, g = r cos θ, φ = r sin θ, η = √(1 − r²) + 1e-8.
/// Computed in float64 and stored in T, once per step, shared by the RTRL layers and the BPTT core.
/// </summary>
/// <remarks>
/// The three exponentials run as vectorised float64 <see cref="TensorPrimitives"/> passes over scratch arrays allocated
/// once, sin and cos by the vectorised <see cref="SinCos"/>, and the eight outputs are assembled with
/// float64 <see cref="Vector{T}"/> arithmetic. That replaced a per-unit loop of scalar <see cref="Math"/> calls that cost
/// about half of a d = 16 step. Results do not depend on the JIT tier (see the test
/// <c>CoefficientsAreTheSameBeforeAndAfterTierUp</c>), so runs with the same seed are bit-identical.
/// </remarks>
internal sealed class RtuCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Added to η as in the reference code, so η never reaches 0.</summary>
    public const double EtaEpsilon = 1e-8;

    private const int Block = 256;

    private readonly double[] _nu, _r, _theta, _cos, _sin;

    public RtuCoefficients(int units)
    {
        G = new T[units]; Phi = new T[units]; Eta = new T[units];
        DgDnu = new T[units]; DphiDnu = new T[units]; DetaDnu = new T[units];
        DgDtheta = new T[units]; DphiDtheta = new T[units];
        _nu = new double[units]; _r = new double[units]; _theta = new double[units];
        _cos = new double[units]; _sin = new double[units];
    }

    public T[] G { get; }
    public T[] Phi { get; }
    public T[] Eta { get; }
    public T[] DgDnu { get; }
    public T[] DphiDnu { get; }
    public T[] DetaDnu { get; }
    public T[] DgDtheta { get; }
    public T[] DphiDtheta { get; }

    /// <summary>
    /// 1 − r² = −expm1(−2ν) with r = e^{−ν}, accurate when r → 1: a series for 2ν &lt; 1e-4 (truncation error below
    /// (2ν)⁴/24, relative ~1e-17), else 1 − r·r (relative error ≲ 2.2e-16 / (1 − r²) ≤ 2.2e-12). <see cref="double.ExpM1"/>
    /// is computed as e^x − 1 and has the same cancellation, so it is not used.
    /// </summary>
    internal static double OneMinusRSquared(double nu, double r)
    {
        double x = 2 * nu;
        return x < 1e-4 ? x * (1 - x * (0.5 - x * (1.0 / 6 - x * (1.0 / 24)))) : 1 - r * r;
    }

    /// <summary>
    /// sin θ and cos θ on <see cref="Vector{T}"/> of float64: Cody–Waite reduction by π/2 (fdlibm's three-part constant,
    /// fused multiply-adds) and fdlibm's kernel polynomials on [−π/4, π/4], error below 1e-15 absolute. Only IEEE
    /// operations and <see cref="Vector.FusedMultiplyAdd(Vector{double}, Vector{double}, Vector{double})"/> (fused in
    /// its software fallback too), so the bits do not depend on the JIT tier. Vectors with an element outside
    /// [−1e5, 1e5] (or NaN), and the tail, use <see cref="Math.SinCos"/>.
    /// </summary>
    internal static void SinCos(ReadOnlySpan<double> theta, Span<double> sin, Span<double> cos)
    {
        int n = theta.Length, w = Vector<double>.Count, k = 0;
        if (Vector.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            ref double rt = ref MemoryMarshal.GetReference(theta);
            ref double rs = ref MemoryMarshal.GetReference(sin); ref double rc = ref MemoryMarshal.GetReference(cos);
            var limit = new Vector<double>(1e5);
            var magic = new Vector<double>(6755399441055744.0); // 1.5·2^52: adding it rounds to an integer in the low bits
            for (; k <= n - w; k += w)
            {
                var t = Vector.LoadUnsafe(ref rt, (nuint)k);
                if (!Vector.LessThanOrEqualAll(Vector.Abs(t), limit))
                {
                    for (int j = k; j < k + w; j++) (sin[j], cos[j]) = Math.SinCos(theta[j]);
                    continue;
                }
                var biased = t * new Vector<double>(2 / Math.PI) + magic;
                var q = Vector.AsVectorInt64(biased) & new Vector<long>(3);
                var jd = biased - magic;
                var x = Vector.FusedMultiplyAdd(-jd, new Vector<double>(1.57079632673412561417e+00), t);
                x = Vector.FusedMultiplyAdd(-jd, new Vector<double>(6.07710050630396597660e-11), x);
                x = Vector.FusedMultiplyAdd(-jd, new Vector<double>(2.02226624871116645580e-21), x);
                var z = x * x;
                // fdlibm __kernel_sin (y = 0): x + x z (S1 + z r).
                var rsin = Vector.FusedMultiplyAdd(z, new Vector<double>(1.58969099521155010221e-10), new Vector<double>(-2.50507602534068634195e-08));
                rsin = Vector.FusedMultiplyAdd(z, rsin, new Vector<double>(2.75573137070700676789e-06));
                rsin = Vector.FusedMultiplyAdd(z, rsin, new Vector<double>(-1.98412698298579493134e-04));
                rsin = Vector.FusedMultiplyAdd(z, rsin, new Vector<double>(8.33333333332248946124e-03));
                var s = Vector.FusedMultiplyAdd(z * x, Vector.FusedMultiplyAdd(z, rsin, new Vector<double>(-1.66666666666666324348e-01)), x);
                // fdlibm __kernel_cos (y = 0): w + (((1 − w) − hz) + z r), w = 1 − hz, hz = z/2.
                var rcos = Vector.FusedMultiplyAdd(z, new Vector<double>(-1.13596475577881948265e-11), new Vector<double>(2.08757232129817482790e-09));
                rcos = Vector.FusedMultiplyAdd(z, rcos, new Vector<double>(-2.75573143513906633035e-07));
                rcos = Vector.FusedMultiplyAdd(z, rcos, new Vector<double>(2.48015872894767294178e-05));
                rcos = Vector.FusedMultiplyAdd(z, rcos, new Vector<double>(-1.38888888888741095749e-03));
                rcos = Vector.FusedMultiplyAdd(z, rcos, new Vector<double>(4.16666666666666019037e-02));
                var hz = new Vector<double>(0.5) * z;
                var one = Vector<double>.One;
                var wv = one - hz;
                var c = wv + (((one - wv) - hz) + z * (z * rcos));
                // Quadrant q: sin θ = (s, c, −s, −c)[q], cos θ = (c, −s, −c, s)[q].
                var odd = Vector.Equals(q & Vector<long>.One, Vector<long>.One).As<long, double>();
                var sinNeg = Vector.Equals(q & new Vector<long>(2), new Vector<long>(2)).As<long, double>();
                var cosNeg = Vector.Equals((q + Vector<long>.One) & new Vector<long>(2), new Vector<long>(2)).As<long, double>();
                var sv = Vector.ConditionalSelect(odd, c, s);
                var cv = Vector.ConditionalSelect(odd, s, c);
                Vector.ConditionalSelect(sinNeg, -sv, sv).StoreUnsafe(ref rs, (nuint)k);
                Vector.ConditionalSelect(cosNeg, -cv, cv).StoreUnsafe(ref rc, (nuint)k);
            }
        }
        for (; k < n; k++) (sin[k], cos[k]) = Math.SinCos(theta[k]);
    }

    /// <summary>
    /// The assembly pass of <see cref="Update"/> on <see cref="Vector{T}"/> of float64 for float and double T: the same
    /// IEEE operations in the same order as the scalar loop (and a float64 → float32 narrowing that rounds as the scalar
    /// conversion does), so the results are identical. Returns the number of units done; the scalar loop does the rest.
    /// </summary>
    private int AssembleVectorised(int n, bool referenceThetaGradient)
    {
        int w = Vector<double>.Count, k = 0;
        if (!Vector.IsHardwareAccelerated || n < 2 * w) return 0;
        if (typeof(T) == typeof(float))
        {
            for (; k <= n - 2 * w; k += 2 * w)
            {
                var a = Assemble(k, referenceThetaGradient);
                var b = Assemble(k + w, referenceThetaGradient);
                Store(G, k, Vector.Narrow(a.G, b.G)); Store(Phi, k, Vector.Narrow(a.Phi, b.Phi));
                Store(Eta, k, Vector.Narrow(a.Eta, b.Eta));
                Store(DgDnu, k, Vector.Narrow(a.DgDnu, b.DgDnu)); Store(DphiDnu, k, Vector.Narrow(a.DphiDnu, b.DphiDnu));
                Store(DetaDnu, k, Vector.Narrow(a.DetaDnu, b.DetaDnu));
                Store(DgDtheta, k, Vector.Narrow(a.DgDtheta, b.DgDtheta)); Store(DphiDtheta, k, Vector.Narrow(a.DphiDtheta, b.DphiDtheta));
            }
        }
        else if (typeof(T) == typeof(double))
        {
            for (; k <= n - w; k += w)
            {
                var a = Assemble(k, referenceThetaGradient);
                Store(G, k, a.G); Store(Phi, k, a.Phi); Store(Eta, k, a.Eta);
                Store(DgDnu, k, a.DgDnu); Store(DphiDnu, k, a.DphiDnu); Store(DetaDnu, k, a.DetaDnu);
                Store(DgDtheta, k, a.DgDtheta); Store(DphiDtheta, k, a.DphiDtheta);
            }
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TV>(T[] destination, int k, Vector<TV> value) =>
        value.StoreUnsafe(ref Unsafe.As<T, TV>(ref MemoryMarshal.GetArrayDataReference(destination)), (nuint)k);

    private readonly record struct Outputs(Vector<double> G, Vector<double> Phi, Vector<double> Eta, Vector<double> DgDnu,
        Vector<double> DphiDnu, Vector<double> DetaDnu, Vector<double> DgDtheta, Vector<double> DphiDtheta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Outputs Assemble(int k, bool referenceThetaGradient)
    {
        nuint o = (nuint)k;
        var nu = Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_nu), o);
        var r = Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_r), o);
        var theta = Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_theta), o);
        var g = r * Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_cos), o);
        var phi = r * Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_sin), o);
        var one = Vector<double>.One;
        // OneMinusRSquared, both branches then a select.
        var x = new Vector<double>(2.0) * nu;
        var series = x * (one - x * (new Vector<double>(0.5) - x * (new Vector<double>(1.0 / 6) - x * new Vector<double>(1.0 / 24))));
        var oneMinusR2 = Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(1e-4)), series, one - r * r);
        var s = Vector.SquareRoot(oneMinusR2);
        var thetaFactor = referenceThetaGradient ? one : theta;
        var negNu = -nu;
        var detaDnu = Vector.ConditionalSelect(Vector.GreaterThan(s, Vector<double>.Zero), nu * r * r / s, Vector<double>.Zero);
        return new Outputs(g, phi, s + new Vector<double>(EtaEpsilon), negNu * g, negNu * phi, detaDnu, -phi * thetaFactor, g * thetaFactor);
    }

    /// <param name="nuLog">ν_log per unit.</param>
    /// <param name="thetaLog">θ_log per unit.</param>
    /// <param name="referenceThetaGradient">
    /// Reproduce the reference code's θ derivative, which omits the chain factor θ = e^{θ_log} (spec §2). Off by default.
    /// </param>
    /// <remarks>
    /// AggressiveOptimization: compiled fully optimised at once, outside tiering and dynamic PGO. With PGO the method
    /// (and the TensorPrimitives code inlined into it) was measured 2–3× slower in steady state than without
    /// (n = 256: 7.5 µs against 2.8 µs), slower than the scalar loop it replaced.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thetaLog, bool referenceThetaGradient)
    {
        int n = G.Length;
        // Blocks of ≤ 256 units: TensorPrimitives' float64 exp/cos/sin were measured 3–4× slower per element on
        // spans of 1024 than of 256 (its long-span path), so long rows are cut.
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int m = Math.Min(Block, n - k0);
            Span<double> nu = _nu.AsSpan(k0, m), r = _r.AsSpan(k0, m), theta = _theta.AsSpan(k0, m);
            Span<double> cos = _cos.AsSpan(k0, m), sin = _sin.AsSpan(k0, m);
            // cos and sin serve as scratch for the float64 inputs first, so that no pass runs in place (in-place passes
            // were measured slower here). Widening to float64 is exact, so the vectorised conversion gives the same values
            // as the scalar loop it replaced (which cost about a sixth of the update at n = 256).
            TensorPrimitives.ConvertTruncating<T, double>(nuLog.Slice(k0, m), cos);
            TensorPrimitives.ConvertTruncating<T, double>(thetaLog.Slice(k0, m), sin);
            TensorPrimitives.Exp(cos, nu);                // ν
            TensorPrimitives.Exp(sin, theta);             // θ
            TensorPrimitives.Negate(nu, cos);
            TensorPrimitives.Exp(cos, r);                 // r = e^{−ν}
            // Own sin/cos rather than TensorPrimitives.Sin/Cos (float64), which were measured to return results differing
            // in the last bit between their first calls and their tier-1 code (runs with the same seed would differ).
            // TensorPrimitives.Exp gave identical bits before and after tier-up (checked by a test).
            SinCos(theta, sin, cos);
        }
        double[] nuA = _nu, rA = _r, thetaA = _theta, cosA = _cos, sinA = _sin;
        int k0v = AssembleVectorised(n, referenceThetaGradient);
        for (int k = k0v; k < n; k++)
        {
            double nuk = nuA[k], rk = rA[k];
            double g = rk * cosA[k], phi = rk * sinA[k];
            double s = Math.Sqrt(OneMinusRSquared(nuk, rk));
            double thetaFactor = referenceThetaGradient ? 1.0 : thetaA[k];
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
