using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Rtu.Trainers.Parameters;

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
        // On cache-line boundaries: the trace kernels load them as vectors next to the aligned traces (see AlignedArrays).
        G = AlignedArrays.Allocate<T>(units); Phi = AlignedArrays.Allocate<T>(units); Eta = AlignedArrays.Allocate<T>(units);
        DgDnu = AlignedArrays.Allocate<T>(units); DphiDnu = AlignedArrays.Allocate<T>(units); DetaDnu = AlignedArrays.Allocate<T>(units);
        DgDtheta = AlignedArrays.Allocate<T>(units); DphiDtheta = AlignedArrays.Allocate<T>(units);
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
            var limit = new Vector<double>(SinCosLimit);
            for (; k <= n - w; k += w)
            {
                var t = Vector.LoadUnsafe(ref rt, (nuint)k);
                if (!Vector.LessThanOrEqualAll(Vector.Abs(t), limit))
                {
                    for (int j = k; j < k + w; j++) (sin[j], cos[j]) = Math.SinCos(theta[j]);
                    continue;
                }
                var (sv, cv) = SinCosVector(t);
                sv.StoreUnsafe(ref rs, (nuint)k);
                cv.StoreUnsafe(ref rc, (nuint)k);
            }
        }
        for (; k < n; k++) (sin[k], cos[k]) = Math.SinCos(theta[k]);
    }

    /// <summary>|θ| up to which <see cref="SinCosVector"/> is used (its reduction by π/2 is accurate there).</summary>
    private const double SinCosLimit = 1e5;

    /// <summary>The vector body of <see cref="SinCos"/> (|θ| ≤ <see cref="SinCosLimit"/> in every lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> Sin, Vector<double> Cos) SinCosVector(Vector<double> t)
    {
        var magic = new Vector<double>(6755399441055744.0); // 1.5·2^52: adding it rounds to an integer in the low bits
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
        return (Vector.ConditionalSelect(sinNeg, -sv, sv), Vector.ConditionalSelect(cosNeg, -cv, cv));
    }

    /// <summary><see cref="SinCosVector"/> on eight lanes (the same operations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Sin, Vector512<double> Cos) SinCosVector512(Vector512<double> t)
    {
        var magic = Vector512.Create(6755399441055744.0); // 1.5·2^52: adding it rounds to an integer in the low bits
        var biased = t * Vector512.Create(2 / Math.PI) + magic;
        var q = biased.AsInt64() & Vector512.Create(3L);
        var jd = biased - magic;
        var x = Vector512.FusedMultiplyAdd(-jd, Vector512.Create(1.57079632673412561417e+00), t);
        x = Vector512.FusedMultiplyAdd(-jd, Vector512.Create(6.07710050630396597660e-11), x);
        x = Vector512.FusedMultiplyAdd(-jd, Vector512.Create(2.02226624871116645580e-21), x);
        var z = x * x;
        // fdlibm __kernel_sin (y = 0): x + x z (S1 + z r).
        var rsin = Vector512.FusedMultiplyAdd(z, Vector512.Create(1.58969099521155010221e-10), Vector512.Create(-2.50507602534068634195e-08));
        rsin = Vector512.FusedMultiplyAdd(z, rsin, Vector512.Create(2.75573137070700676789e-06));
        rsin = Vector512.FusedMultiplyAdd(z, rsin, Vector512.Create(-1.98412698298579493134e-04));
        rsin = Vector512.FusedMultiplyAdd(z, rsin, Vector512.Create(8.33333333332248946124e-03));
        var s = Vector512.FusedMultiplyAdd(z * x, Vector512.FusedMultiplyAdd(z, rsin, Vector512.Create(-1.66666666666666324348e-01)), x);
        // fdlibm __kernel_cos (y = 0): w + (((1 − w) − hz) + z r), w = 1 − hz, hz = z/2.
        var rcos = Vector512.FusedMultiplyAdd(z, Vector512.Create(-1.13596475577881948265e-11), Vector512.Create(2.08757232129817482790e-09));
        rcos = Vector512.FusedMultiplyAdd(z, rcos, Vector512.Create(-2.75573143513906633035e-07));
        rcos = Vector512.FusedMultiplyAdd(z, rcos, Vector512.Create(2.48015872894767294178e-05));
        rcos = Vector512.FusedMultiplyAdd(z, rcos, Vector512.Create(-1.38888888888741095749e-03));
        rcos = Vector512.FusedMultiplyAdd(z, rcos, Vector512.Create(4.16666666666666019037e-02));
        var hz = Vector512.Create(0.5) * z;
        var one = Vector512<double>.One;
        var wv = one - hz;
        var c = wv + (((one - wv) - hz) + z * (z * rcos));
        // Quadrant q: sin θ = (s, c, −s, −c)[q], cos θ = (c, −s, −c, s)[q].
        var odd = Vector512.Equals(q & Vector512<long>.One, Vector512<long>.One).AsDouble();
        var sinNeg = Vector512.Equals(q & Vector512.Create(2L), Vector512.Create(2L)).AsDouble();
        var cosNeg = Vector512.Equals((q + Vector512<long>.One) & Vector512.Create(2L), Vector512.Create(2L)).AsDouble();
        var sv = Vector512.ConditionalSelect(odd, c, s);
        var cv = Vector512.ConditionalSelect(odd, s, c);
        return (Vector512.ConditionalSelect(sinNeg, -sv, sv), Vector512.ConditionalSelect(cosNeg, -cv, cv));
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
        return Assemble(Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_nu), o), Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_r), o),
            Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_theta), o), Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_cos), o),
            Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_sin), o), referenceThetaGradient);
    }

    /// <summary>The eight outputs of the units of one vector from ν, r, θ, cos θ, sin θ (the scalar loop's operations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outputs Assemble(Vector<double> nu, Vector<double> r, Vector<double> theta, Vector<double> cos, Vector<double> sin, bool referenceThetaGradient)
    {
        var g = r * cos;
        var phi = r * sin;
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

    private readonly record struct Outputs512(Vector512<double> G, Vector512<double> Phi, Vector512<double> Eta, Vector512<double> DgDnu,
        Vector512<double> DphiDnu, Vector512<double> DetaDnu, Vector512<double> DgDtheta, Vector512<double> DphiDtheta);

    
    /// <summary><see cref="Assemble(Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, bool)"/> on eight units (the same operations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outputs512 Assemble(Vector512<double> nu, Vector512<double> r, Vector512<double> theta, Vector512<double> cos, Vector512<double> sin, bool referenceThetaGradient)
    {
        var g = r * cos;
        var phi = r * sin;
        var one = Vector512<double>.One;
        // OneMinusRSquared, both branches then a select.
        var x = Vector512.Create(2.0) * nu;
        var series = x * (one - x * (Vector512.Create(0.5) - x * (Vector512.Create(1.0 / 6) - x * Vector512.Create(1.0 / 24))));
        var oneMinusR2 = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(1e-4)), series, one - r * r);
        var s = Vector512.Sqrt(oneMinusR2);
        var thetaFactor = referenceThetaGradient ? one : theta;
        var negNu = -nu;
        var detaDnu = Vector512.ConditionalSelect(Vector512.GreaterThan(s, Vector512<double>.Zero), nu * r * r / s, Vector512<double>.Zero);
        return new Outputs512(g, phi, s + Vector512.Create(EtaEpsilon), negNu * g, negNu * phi, detaDnu, -phi * thetaFactor, g * thetaFactor);
    }

    /// <summary>
    /// Recomputes the coefficients from ν_log and θ_log (length n each).
    /// </summary>
    /// <param name="nuLog">ν_log per unit.</param>
    /// <param name="thetaLog">θ_log per unit.</param>
    /// <param name="referenceThetaGradient">
    /// Reproduce the reference code's θ derivative, which omits the chain factor θ = e^{θ_log} (spec §2). Off by default.
    /// </param>
    /// <remarks>
    /// <para>One fused pass over the units where the hardware has vectors and FMA: per vector of float64 lanes, the
    /// three exponentials (<see cref="ExpVector"/>, TensorPrimitives' own float64 algorithm, lane for lane), sin/cos and
    /// the assembly, straight from the float32 parameters to the float32 outputs, with no float64 scratch arrays and no
    /// per-call dispatch of seven TensorPrimitives passes (which cost 0.5 µs of a 1.2 µs step at n = 64, d = 16). The bits
    /// are those of <see cref="UpdateByPasses"/> (the unit test <c>FusedPassIsBitIdenticalToThePasses</c>), which runs
    /// elsewhere and for the units after the last whole vector.</para>
    /// <para>AggressiveOptimization: compiled fully optimised at once, outside tiering and dynamic PGO (with PGO the pass
    /// version was measured 2–3× slower in steady state).</para>
    /// <para>NoInlining: the tier-1 RtuLayer.Step inlined this method (AggressiveOptimization does not prevent it), and the
    /// JIT's inlining budget for that one large method then ran out, so ExpVector, StoreNarrow, the Outputs512 constructor
    /// and span constructors inside it became real calls with their 512-bit arguments passed through the stack (perf:
    /// the Step-inlined copy and the Outputs512 constructor took about half of a 64/16/1 learning step).</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public void Update(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thetaLog, bool referenceThetaGradient)
    {
        int n = G.Length, w = Vector512<double>.Count;
        // 512-bit vectors with FMA (AVX-512: the float32 ↔ float64 conversions), and the default 256-bit Vector<T> (SinCos's
        // vector groups, which the out-of-range fallback below reproduces). Elsewhere the passes, as before.
        if (!(Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Fma.IsSupported && Vector<double>.Count == Vector256<double>.Count
              && (typeof(T) == typeof(float) || typeof(T) == typeof(double))))
        {
            UpdateByPasses(nuLog, thetaLog, referenceThetaGradient);
            return;
        }
        if (nuLog.Length < n || thetaLog.Length < n) throw new ArgumentException($"ν_log and θ_log need {n} units.");
        int body = n - n % w, k = 0;
        // Two vectors per iteration, their steps interleaved: each is one long dependency chain (three exponentials, sin/cos,
        // a square root and a division), so a second independent chain in the same stretch of code keeps the FMA units busy.
        // No call on their path: ExpVector's and SinCosChecked's fallbacks (calls, which clobber every vector register) are
        // taken for whole vectors by UnitsWithFallbacks when any lane is out of their range, so the JIT keeps both chains in
        // registers (with the fallbacks inline it spilled them: ~180 stack accesses in the method). Same operations per lane.
        for (; k + 2 * w <= body; k += 2 * w)
        {
            var a = UnitsInRange(nuLog, thetaLog, k, out var outsideA);
            var b = UnitsInRange(nuLog, thetaLog, k + w, out var outsideB);
            if ((outsideA | outsideB) != Vector512<ulong>.Zero)
            {
                UnitsWithFallbacks(nuLog, thetaLog, k, referenceThetaGradient);
                UnitsWithFallbacks(nuLog, thetaLog, k + w, referenceThetaGradient);
                continue;
            }
            var (sinA, cosA) = SinCosVector512(a.Theta); var (sinB, cosB) = SinCosVector512(b.Theta);
            StoreUnits(k, Assemble(a.Nu, a.R, a.Theta, cosA, sinA, referenceThetaGradient));
            StoreUnits(k + w, Assemble(b.Nu, b.R, b.Theta, cosB, sinB, referenceThetaGradient));
        }
        if (k < body)
        {
            var a = UnitsInRange(nuLog, thetaLog, k, out var outside);
            if (outside != Vector512<ulong>.Zero) UnitsWithFallbacks(nuLog, thetaLog, k, referenceThetaGradient);
            else
            {
                var (sin, cos) = SinCosVector512(a.Theta);
                StoreUnits(k, Assemble(a.Nu, a.R, a.Theta, cos, sin, referenceThetaGradient));
            }
            k += w;
        }
        if (k == n) return;
        // The last units as the passes compute them: exp lane by lane (ExpScalar: the same operations as ExpVector; the
        // passes' TensorPrimitives.Exp fell back to Math.Exp for a block of one unit), SinCos (vectors from a multiple of
        // the vector width, as there), then the scalar assembly.
        bool single = n % Block == 1;
        for (int j = k; j < n; j++)
        {
            double nl = double.CreateTruncating(nuLog[j]), tl = double.CreateTruncating(thetaLog[j]);
            double nu = single ? Math.Exp(nl) : ExpScalar(nl);
            _nu[j] = nu;
            _theta[j] = single ? Math.Exp(tl) : ExpScalar(tl);
            _r[j] = single ? Math.Exp(-nu) : ExpScalar(-nu);
        }
        SinCos(_theta.AsSpan(k, n - k), _sin.AsSpan(k, n - k), _cos.AsSpan(k, n - k));
        AssembleScalar(k, referenceThetaGradient);
    }

    /// <summary>Units [k, k + 8) of a parameter as float64 (widening float32 is exact, as the passes' conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LoadWide(ReadOnlySpan<T> values, int k)
    {
        ref T v = ref MemoryMarshal.GetReference(values);
        return typeof(T) == typeof(float)
            ? Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref v), (nuint)k))
            : Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref v), (nuint)k);
    }

    /// <summary>
    /// ν = e^{ν_log}, θ = e^{θ_log} and r = e^{−ν} of units [k, k + 8) without the fallbacks; <paramref name="outside"/> is
    /// non-zero in a lane where a fallback applies (an exponential's argument beyond ±708.4, |θ| &gt; 1e5, NaN), and the
    /// caller then takes <see cref="UnitsWithFallbacks"/> for the vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Nu, Vector512<double> Theta, Vector512<double> R) UnitsInRange(ReadOnlySpan<T> nuLog,
        ReadOnlySpan<T> thetaLog, int k, out Vector512<ulong> outside)
    {
        var nl = LoadWide(nuLog, k); var tl = LoadWide(thetaLog, k);
        var nu = ExpInRange(nl); var theta = ExpInRange(tl);
        var negNu = -nu;
        var argMax = Vector512.Create(ExpArgMax);
        outside = Vector512.GreaterThan(Vector512.Abs(nl).AsUInt64(), argMax) | Vector512.GreaterThan(Vector512.Abs(tl).AsUInt64(), argMax)
            | Vector512.GreaterThan(Vector512.Abs(negNu).AsUInt64(), argMax)
            | ~Vector512.LessThanOrEqual(Vector512.Abs(theta), Vector512.Create(SinCosLimit)).AsUInt64();
        return (nu, theta, ExpInRange(negNu));
    }

    /// <summary>
    /// Units [k, k + 8) of <see cref="Update"/> with the out-of-range fallbacks (<see cref="ExpVector"/>,
    /// <see cref="SinCosChecked"/>): for a vector with a lane beyond the exponential's range or |θ| &gt; 1e5 (or NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnitsWithFallbacks(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thetaLog, int k, bool referenceThetaGradient)
    {
        var nu = ExpVector(LoadWide(nuLog, k)); var theta = ExpVector(LoadWide(thetaLog, k));
        var r = ExpVector(-nu);
        var (sin, cos) = SinCosChecked(theta);
        StoreUnits(k, Assemble(nu, r, theta, cos, sin, referenceThetaGradient));
    }

    /// <summary>
    /// sin θ, cos θ of eight units as <see cref="SinCos"/> computes them: <see cref="SinCosVector512"/> when every lane is in
    /// range, else each 256-bit half as SinCos treats it (Math.SinCos for a half with a lane out of range).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Sin, Vector512<double> Cos) SinCosChecked(Vector512<double> theta)
    {
        if (Vector512.LessThanOrEqualAll(Vector512.Abs(theta), Vector512.Create(SinCosLimit))) return SinCosVector512(theta);
        var (sl, cl) = SinCosHalf(theta.GetLower().AsVector());
        var (su, cu) = SinCosHalf(theta.GetUpper().AsVector());
        return (Vector512.Create(sl.AsVector256(), su.AsVector256()), Vector512.Create(cl.AsVector256(), cu.AsVector256()));
    }

    private static (Vector<double> Sin, Vector<double> Cos) SinCosHalf(Vector<double> theta) =>
        Vector.LessThanOrEqualAll(Vector.Abs(theta), new Vector<double>(SinCosLimit)) ? SinCosVector(theta) : SinCosLanes(theta);

    /// <summary>Stores the eight outputs of units [k, k + 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreUnits(int k, in Outputs512 o)
    {
        StoreNarrow(G, k, o.G); StoreNarrow(Phi, k, o.Phi); StoreNarrow(Eta, k, o.Eta);
        StoreNarrow(DgDnu, k, o.DgDnu); StoreNarrow(DphiDnu, k, o.DphiDnu); StoreNarrow(DetaDnu, k, o.DetaDnu);
        StoreNarrow(DgDtheta, k, o.DgDtheta); StoreNarrow(DphiDtheta, k, o.DphiDtheta);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Vector<double> Sin, Vector<double> Cos) SinCosLanes(Vector<double> theta)
    {
        Span<double> s = stackalloc double[Vector<double>.Count], c = stackalloc double[Vector<double>.Count];
        for (int j = 0; j < s.Length; j++) (s[j], c[j]) = Math.SinCos(theta[j]);
        return (new Vector<double>(s), new Vector<double>(c));
    }

    /// <summary>Stores eight float64 outputs into T (float32: rounded to nearest, as the scalar conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(T[] destination, int k, Vector512<double> value)
    {
        ref T d = ref MemoryMarshal.GetArrayDataReference(destination);
        if (typeof(T) == typeof(float)) Avx512F.ConvertToVector256Single(value).StoreUnsafe(ref Unsafe.As<T, float>(ref d), (nuint)k);
        else value.StoreUnsafe(ref Unsafe.As<T, double>(ref d), (nuint)k);
    }

    // TensorPrimitives' float64 exponential (System.Private.CoreLib VectorMath.ExpDouble, after AMD AOCL vrd2_exp):
    // x·(1/ln 2) rounded to n with the 1.5·2^52 trick, r = x − n ln 2 in two parts, a degree-12 polynomial, times 2^n.
    // MultiplyAddEstimate there is a fused multiply-add on FMA hardware, the only hardware this path runs on. A vector with
    // a lane beyond ±708.4 (ExpArgMax) takes Math.Exp in every lane there and here; TensorPrimitives groups lanes by its
    // own (widest) vectors, so only such out-of-range arguments (ν_log or θ_log above 6.56, or below −708) can round a
    // neighbouring in-range lane differently from the passes: never for ordinary parameters.
    private const ulong ExpArgMax = 0x40862000_00000000;
    private const double ExpHuge = 6755399441055744;
    private const double ExpInvLn2 = 1.4426950408889634, Ln2Head = +0.693359375, Ln2Tail = -0.00021219444005469057;
    private const double C03 = 0.5000000000000018, C04 = 0.1666666666666617, C05 = 0.04166666666649277, C06 = 0.008333333333559272;
    private const double C07 = 0.001388888895122404, C08 = 0.00019841269432677495, C09 = 2.4801486521374483E-05;
    private const double C10 = 2.7557622532543023E-06, C11 = 2.7632293298250954E-07, C12 = 2.499430431958571E-08;

    /// <summary>e^x per lane, bit for bit TensorPrimitives.Exp's float64 vector algorithm (with FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> ExpVector(Vector512<double> x)
    {
        var result = ExpInRange(x);
        return Vector512.GreaterThanAny(Vector512.Abs(x).As<double, ulong>(), Vector512.Create(ExpArgMax)) ? ExpLanes(x) : result;
    }

    /// <summary><see cref="ExpVector"/> for lanes within ±708.4 (others: not e^x; the caller checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpInRange(Vector512<double> x)
    {
        var dn = Vector512.FusedMultiplyAdd(x, Vector512.Create(ExpInvLn2), Vector512.Create(ExpHuge));
        var n = dn.As<double, ulong>();
        dn -= Vector512.Create(ExpHuge);
        var r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Head), x);
        r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Tail), r);
        var r2 = r * r; var r4 = r2 * r2; var r8 = r4 * r4;
        var poly = Vector512.FusedMultiplyAdd(
            Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C12), r, Vector512.Create(C11)), r2,
                Vector512.FusedMultiplyAdd(Vector512.Create(C10), r, Vector512.Create(C09))),
            r8,
            Vector512.FusedMultiplyAdd(
                Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C08), r, Vector512.Create(C07)), r2,
                    Vector512.FusedMultiplyAdd(Vector512.Create(C06), r, Vector512.Create(C05))),
                r4,
                Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C04), r, Vector512.Create(C03)), r2, r + Vector512<double>.One)));
        return poly * Vector512.ShiftLeft(n + Vector512.Create(1023UL), 52).As<ulong, double>();
    }

    /// <summary>Math.Exp per lane: TensorPrimitives' fallback for a vector with a lane beyond ±708.4 (NaN included).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> ExpLanes(Vector512<double> x)
    {
        Span<double> e = stackalloc double[Vector512<double>.Count];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(x[j]);
        return Vector512.Create((ReadOnlySpan<double>)e);
    }

    /// <summary><see cref="ExpVector"/> of one value (the same operations).</summary>
    internal static double ExpScalar(double x)
    {
        if (BitConverter.DoubleToUInt64Bits(Math.Abs(x)) > ExpArgMax) return Math.Exp(x);
        double dn = Math.FusedMultiplyAdd(x, ExpInvLn2, ExpHuge);
        ulong n = BitConverter.DoubleToUInt64Bits(dn);
        dn -= ExpHuge;
        double r = Math.FusedMultiplyAdd(dn, -Ln2Head, x);
        r = Math.FusedMultiplyAdd(dn, -Ln2Tail, r);
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double poly = Math.FusedMultiplyAdd(
            Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(C12, r, C11), r2, Math.FusedMultiplyAdd(C10, r, C09)),
            r8,
            Math.FusedMultiplyAdd(
                Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(C08, r, C07), r2, Math.FusedMultiplyAdd(C06, r, C05)),
                r4,
                Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(C04, r, C03), r2, r + 1.0)));
        return poly * BitConverter.UInt64BitsToDouble((n + 1023) << 52);
    }

    /// <summary>
    /// The passes <see cref="Update"/> replaced, kept where its fused pass cannot run (no vector hardware or no FMA: it
    /// relies on TensorPrimitives' float64 exponential computing with FMA) and as the reference its bits are tested
    /// against: float64 exp of whole blocks (TensorPrimitives), <see cref="SinCos"/>, then the assembly.
    /// </summary>
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
    internal void UpdateByPasses(ReadOnlySpan<T> nuLog, ReadOnlySpan<T> thetaLog, bool referenceThetaGradient)
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
        AssembleScalar(AssembleVectorised(n, referenceThetaGradient), referenceThetaGradient);
    }

    /// <summary>The assembly of units [<paramref name="from"/>, n) from the scratch arrays, one unit at a time.</summary>
    private void AssembleScalar(int from, bool referenceThetaGradient)
    {
        int n = G.Length;
        double[] nuA = _nu, rA = _r, thetaA = _theta, cosA = _cos, sinA = _sin;
        for (int k = from; k < n; k++)
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
