using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// Fused SIMD kernels for the RTRL sensitivity traces of complex-diagonal recurrences written as 2×2 real
/// rotation–scaling blocks. One call updates one row i (one input feature) across all n units.
/// Fusing the four (or two) trace updates into one pass reads each trace element once per step, which is what
/// makes RTRL memory-bound rather than bound by several passes of <see cref="System.Numerics.Tensors.TensorPrimitives"/>.
/// </summary>
/// <remarks>
/// <para>Shared by the linear RTU, the non-linear RTU and the Online LRU: with g = Re λ, φ = Im λ and η the input scale,
/// the tied pair (S11, S21) is the real and imaginary part of the complex trace e ← λ e + η x_i.</para>
/// <para>Where the hardware has fused multiply-add (x86 FMA3, Arm AdvSimd) the kernels contract every a·b + c into one
/// FMA (RyuJIT does not do it on its own), in the vector body and in the scalar tail alike, so an element's result does
/// not depend on whether it falls in the body or the tail. Without FMA hardware they fall back to a·b + c.</para>
/// </remarks>
internal static class TraceKernels
{
    /// <summary>True when <see cref="Fma{T}(Vector{T}, Vector{T}, Vector{T})"/> is a hardware fused multiply-add.</summary>
    public static bool FmaAvailable { get; } = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>a·b + c, fused (one rounding) where the hardware has FMA, else multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FmaAvailable)
        {
            if (typeof(T) == typeof(float))
                return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }
        return a * b + c;
    }

    /// <summary>Scalar a·b + c, rounded as <see cref="Fma{T}(Vector{T}, Vector{T}, Vector{T})"/> rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fma<T>(T a, T b, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        FmaAvailable && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) ? T.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// Non-linear RTU, four traces of row i:
    /// S11 ← F1(g S11 − φ S21 + η x), S21 ← F2(g S21 + φ S11), S12 ← F1(g S12 − φ S22), S22 ← F2(g S22 + φ S12 + η x).
    /// </summary>
    public static void UpdateFour<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        ref T r11 = ref MemoryMarshal.GetReference(s11); ref T r21 = ref MemoryMarshal.GetReference(s21);
        ref T r12 = ref MemoryMarshal.GetReference(s12); ref T r22 = ref MemoryMarshal.GetReference(s22);
        ref T rg = ref MemoryMarshal.GetReference(g); ref T rp = ref MemoryMarshal.GetReference(phi);
        ref T re = ref MemoryMarshal.GetReference(eta);
        ref T rf1 = ref MemoryMarshal.GetReference(f1); ref T rf2 = ref MemoryMarshal.GetReference(f2);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var vx = new Vector<T>(x);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vg = Vector.LoadUnsafe(ref rg, o); var vp = Vector.LoadUnsafe(ref rp, o); var np = -vp;
                var ex = Vector.LoadUnsafe(ref re, o) * vx;
                var vf1 = Vector.LoadUnsafe(ref rf1, o); var vf2 = Vector.LoadUnsafe(ref rf2, o);
                var a11 = Vector.LoadUnsafe(ref r11, o); var a21 = Vector.LoadUnsafe(ref r21, o);
                var a12 = Vector.LoadUnsafe(ref r12, o); var a22 = Vector.LoadUnsafe(ref r22, o);
                (vf1 * Fma(vg, a11, Fma(np, a21, ex))).StoreUnsafe(ref r11, o);
                (vf2 * Fma(vg, a21, vp * a11)).StoreUnsafe(ref r21, o);
                (vf1 * Fma(vg, a12, np * a22)).StoreUnsafe(ref r12, o);
                (vf2 * Fma(vg, a22, Fma(vp, a12, ex))).StoreUnsafe(ref r22, o);
            }
        }
        for (; k < n; k++)
        {
            T ex = eta[k] * x, a11 = s11[k], a21 = s21[k], a12 = s12[k], a22 = s22[k], gk = g[k], pk = phi[k];
            s11[k] = f1[k] * Fma(gk, a11, Fma(-pk, a21, ex));
            s21[k] = f2[k] * Fma(gk, a21, pk * a11);
            s12[k] = f1[k] * Fma(gk, a12, -pk * a22);
            s22[k] = f2[k] * Fma(gk, a22, Fma(pk, a12, ex));
        }
    }

    /// <summary>
    /// Tied (holomorphic) pair of row i: S11 ← g S11 − φ S21 + η x, S21 ← g S21 + φ S11,
    /// i.e. the complex trace e ← λ e + η x.
    /// </summary>
    public static void UpdateTied<T>(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        ref T r11 = ref MemoryMarshal.GetReference(s11); ref T r21 = ref MemoryMarshal.GetReference(s21);
        ref T rg = ref MemoryMarshal.GetReference(g); ref T rp = ref MemoryMarshal.GetReference(phi);
        ref T re = ref MemoryMarshal.GetReference(eta);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var vx = new Vector<T>(x);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vg = Vector.LoadUnsafe(ref rg, o); var vp = Vector.LoadUnsafe(ref rp, o);
                var a11 = Vector.LoadUnsafe(ref r11, o); var a21 = Vector.LoadUnsafe(ref r21, o);
                var ex = Vector.LoadUnsafe(ref re, o) * vx;
                Fma(vg, a11, Fma(-vp, a21, ex)).StoreUnsafe(ref r11, o);
                Fma(vg, a21, vp * a11).StoreUnsafe(ref r21, o);
            }
        }
        for (; k < n; k++)
        {
            T a11 = s11[k], a21 = s21[k], gk = g[k], pk = phi[k];
            s11[k] = Fma(gk, a11, Fma(-pk, a21, eta[k] * x));
            s21[k] = Fma(gk, a21, pk * a11);
        }
    }

    /// <summary>grad += d1 ⊙ sa + d2 ⊙ sb (one row of a trace contraction), as grad = fma(d1, sa, fma(d2, sb, grad)).</summary>
    public static void AccumulateContraction<T>(Span<T> grad, ReadOnlySpan<T> d1, ReadOnlySpan<T> sa, ReadOnlySpan<T> d2, ReadOnlySpan<T> sb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = grad.Length;
        ref T rgr = ref MemoryMarshal.GetReference(grad);
        ref T rd1 = ref MemoryMarshal.GetReference(d1); ref T rsa = ref MemoryMarshal.GetReference(sa);
        ref T rd2 = ref MemoryMarshal.GetReference(d2); ref T rsb = ref MemoryMarshal.GetReference(sb);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                Fma(Vector.LoadUnsafe(ref rd1, o), Vector.LoadUnsafe(ref rsa, o),
                    Fma(Vector.LoadUnsafe(ref rd2, o), Vector.LoadUnsafe(ref rsb, o), Vector.LoadUnsafe(ref rgr, o))).StoreUnsafe(ref rgr, o);
            }
        }
        for (; k < n; k++) grad[k] = Fma(d1[k], sa[k], Fma(d2[k], sb[k], grad[k]));
    }

    /// <summary>
    /// Both gradient rows of the tied pair in one pass over the traces:
    /// gW1 += δ1 Re e + δ2 Im e and gW2 += −δ1 Im e + δ2 Re e.
    /// </summary>
    public static void AccumulateTiedContraction<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> re, ReadOnlySpan<T> im)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = gradW1.Length;
        ref T rg1 = ref MemoryMarshal.GetReference(gradW1); ref T rg2 = ref MemoryMarshal.GetReference(gradW2);
        ref T rd1 = ref MemoryMarshal.GetReference(d1); ref T rd2 = ref MemoryMarshal.GetReference(d2);
        ref T rre = ref MemoryMarshal.GetReference(re); ref T rim = ref MemoryMarshal.GetReference(im);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vd1 = Vector.LoadUnsafe(ref rd1, o); var vd2 = Vector.LoadUnsafe(ref rd2, o);
                var vr = Vector.LoadUnsafe(ref rre, o); var vm = Vector.LoadUnsafe(ref rim, o);
                Fma(vd1, vr, Fma(vd2, vm, Vector.LoadUnsafe(ref rg1, o))).StoreUnsafe(ref rg1, o);
                Fma(-vd1, vm, Fma(vd2, vr, Vector.LoadUnsafe(ref rg2, o))).StoreUnsafe(ref rg2, o);
            }
        }
        for (; k < n; k++)
        {
            T a = d1[k], b = d2[k], r = re[k], m = im[k];
            gradW1[k] = Fma(a, r, Fma(b, m, gradW1[k]));
            gradW2[k] = Fma(-a, m, Fma(b, r, gradW2[k]));
        }
    }

    /// <summary>
    /// Both gradient rows of the non-linear RTU in one pass: gW1 += δ1 S11 + δ2 S21 and gW2 += δ1 S12 + δ2 S22,
    /// rounded as two <see cref="AccumulateContraction{T}"/> calls.
    /// </summary>
    public static void AccumulateFourContraction<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> s11, ReadOnlySpan<T> s21, ReadOnlySpan<T> s12, ReadOnlySpan<T> s22)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = gradW1.Length;
        ref T rg1 = ref MemoryMarshal.GetReference(gradW1); ref T rg2 = ref MemoryMarshal.GetReference(gradW2);
        ref T rd1 = ref MemoryMarshal.GetReference(d1); ref T rd2 = ref MemoryMarshal.GetReference(d2);
        ref T r11 = ref MemoryMarshal.GetReference(s11); ref T r21 = ref MemoryMarshal.GetReference(s21);
        ref T r12 = ref MemoryMarshal.GetReference(s12); ref T r22 = ref MemoryMarshal.GetReference(s22);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vd1 = Vector.LoadUnsafe(ref rd1, o); var vd2 = Vector.LoadUnsafe(ref rd2, o);
                Fma(vd1, Vector.LoadUnsafe(ref r11, o), Fma(vd2, Vector.LoadUnsafe(ref r21, o), Vector.LoadUnsafe(ref rg1, o))).StoreUnsafe(ref rg1, o);
                Fma(vd1, Vector.LoadUnsafe(ref r12, o), Fma(vd2, Vector.LoadUnsafe(ref r22, o), Vector.LoadUnsafe(ref rg2, o))).StoreUnsafe(ref rg2, o);
            }
        }
        for (; k < n; k++)
        {
            gradW1[k] = Fma(d1[k], s11[k], Fma(d2[k], s21[k], gradW1[k]));
            gradW2[k] = Fma(d1[k], s12[k], Fma(d2[k], s22[k], gradW2[k]));
        }
    }

    /// <summary>
    /// The 2×2 rotation–scaling recurrence of n units: a1 = g h1 − φ h2 + η u1, a2 = g h2 + φ h1 + η u2.
    /// </summary>
    public static void Recurrence<T>(ReadOnlySpan<T> h1, ReadOnlySpan<T> h2, ReadOnlySpan<T> u1, ReadOnlySpan<T> u2,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, Span<T> a1, Span<T> a2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        ref T rh1 = ref MemoryMarshal.GetReference(h1); ref T rh2 = ref MemoryMarshal.GetReference(h2);
        ref T ru1 = ref MemoryMarshal.GetReference(u1); ref T ru2 = ref MemoryMarshal.GetReference(u2);
        ref T rg = ref MemoryMarshal.GetReference(g); ref T rp = ref MemoryMarshal.GetReference(phi);
        ref T re = ref MemoryMarshal.GetReference(eta);
        ref T ra1 = ref MemoryMarshal.GetReference(a1); ref T ra2 = ref MemoryMarshal.GetReference(a2);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vg = Vector.LoadUnsafe(ref rg, o); var vp = Vector.LoadUnsafe(ref rp, o); var ve = Vector.LoadUnsafe(ref re, o);
                var x1 = Vector.LoadUnsafe(ref rh1, o); var x2 = Vector.LoadUnsafe(ref rh2, o);
                Fma(vg, x1, Fma(-vp, x2, ve * Vector.LoadUnsafe(ref ru1, o))).StoreUnsafe(ref ra1, o);
                Fma(vg, x2, Fma(vp, x1, ve * Vector.LoadUnsafe(ref ru2, o))).StoreUnsafe(ref ra2, o);
            }
        }
        for (; k < n; k++)
        {
            T x1 = h1[k], x2 = h2[k];
            a1[k] = Fma(g[k], x1, Fma(-phi[k], x2, eta[k] * u1[k]));
            a2[k] = Fma(g[k], x2, Fma(phi[k], x1, eta[k] * u2[k]));
        }
    }

    /// <summary>
    /// The ν and θ traces of n units (spec §2), with (a, c) the previous (S1, S2) of each:
    /// S1ν ← F1(∂g/∂ν h1 − ∂φ/∂ν h2 + g a − φ c + ∂η/∂ν u1), S2ν ← F2(∂g/∂ν h2 + ∂φ/∂ν h1 + g c + φ a + ∂η/∂ν u2),
    /// S1θ ← F1(∂g/∂θ h1 − ∂φ/∂θ h2 + g a − φ c), S2θ ← F2(∂g/∂θ h2 + ∂φ/∂θ h1 + g c + φ a).
    /// </summary>
    public static void UpdateUnitTraces<T>(Span<T> s1nu, Span<T> s2nu, Span<T> s1th, Span<T> s2th,
        ReadOnlySpan<T> h1, ReadOnlySpan<T> h2, ReadOnlySpan<T> u1, ReadOnlySpan<T> u2, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> dgn, ReadOnlySpan<T> dpn, ReadOnlySpan<T> den,
        ReadOnlySpan<T> dgt, ReadOnlySpan<T> dpt)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            ref T r1n = ref MemoryMarshal.GetReference(s1nu); ref T r2n = ref MemoryMarshal.GetReference(s2nu);
            ref T r1t = ref MemoryMarshal.GetReference(s1th); ref T r2t = ref MemoryMarshal.GetReference(s2th);
            ref T rh1 = ref MemoryMarshal.GetReference(h1); ref T rh2 = ref MemoryMarshal.GetReference(h2);
            ref T ru1 = ref MemoryMarshal.GetReference(u1); ref T ru2 = ref MemoryMarshal.GetReference(u2);
            ref T rf1 = ref MemoryMarshal.GetReference(f1); ref T rf2 = ref MemoryMarshal.GetReference(f2);
            ref T rg = ref MemoryMarshal.GetReference(g); ref T rp = ref MemoryMarshal.GetReference(phi);
            ref T rgn = ref MemoryMarshal.GetReference(dgn); ref T rpn = ref MemoryMarshal.GetReference(dpn);
            ref T ren = ref MemoryMarshal.GetReference(den);
            ref T rgt = ref MemoryMarshal.GetReference(dgt); ref T rpt = ref MemoryMarshal.GetReference(dpt);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var vg = Vector.LoadUnsafe(ref rg, o); var vp = Vector.LoadUnsafe(ref rp, o); var np = -vp;
                var x1 = Vector.LoadUnsafe(ref rh1, o); var x2 = Vector.LoadUnsafe(ref rh2, o);
                var v1 = Vector.LoadUnsafe(ref rf1, o); var v2 = Vector.LoadUnsafe(ref rf2, o);
                var en = Vector.LoadUnsafe(ref ren, o);
                var gn = Vector.LoadUnsafe(ref rgn, o); var pn = Vector.LoadUnsafe(ref rpn, o);
                var a = Vector.LoadUnsafe(ref r1n, o); var c = Vector.LoadUnsafe(ref r2n, o);
                (v1 * Fma(gn, x1, Fma(-pn, x2, Fma(vg, a, Fma(np, c, en * Vector.LoadUnsafe(ref ru1, o)))))).StoreUnsafe(ref r1n, o);
                (v2 * Fma(gn, x2, Fma(pn, x1, Fma(vg, c, Fma(vp, a, en * Vector.LoadUnsafe(ref ru2, o)))))).StoreUnsafe(ref r2n, o);
                var gt = Vector.LoadUnsafe(ref rgt, o); var pt = Vector.LoadUnsafe(ref rpt, o);
                a = Vector.LoadUnsafe(ref r1t, o); c = Vector.LoadUnsafe(ref r2t, o);
                (v1 * Fma(gt, x1, Fma(-pt, x2, Fma(vg, a, np * c)))).StoreUnsafe(ref r1t, o);
                (v2 * Fma(gt, x2, Fma(pt, x1, Fma(vg, c, vp * a)))).StoreUnsafe(ref r2t, o);
            }
        }
        for (; k < n; k++)
        {
            T gk = g[k], pk = phi[k], x1 = h1[k], x2 = h2[k];
            T a = s1nu[k], c = s2nu[k];
            s1nu[k] = f1[k] * Fma(dgn[k], x1, Fma(-dpn[k], x2, Fma(gk, a, Fma(-pk, c, den[k] * u1[k]))));
            s2nu[k] = f2[k] * Fma(dgn[k], x2, Fma(dpn[k], x1, Fma(gk, c, Fma(pk, a, den[k] * u2[k]))));
            a = s1th[k]; c = s2th[k];
            s1th[k] = f1[k] * Fma(dgt[k], x1, Fma(-dpt[k], x2, Fma(gk, a, -pk * c)));
            s2th[k] = f2[k] * Fma(dgt[k], x2, Fma(dpt[k], x1, Fma(gk, c, pk * a)));
        }
    }

    /// <summary>Scalar reference of <see cref="UpdateFour"/> (benchmarks measure the SIMD speed-up against it).</summary>
    [MethodImpl(MethodImplOptions.NoOptimization)]
    public static void UpdateFourScalar<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < g.Length; k++)
        {
            T ex = eta[k] * x, a11 = s11[k], a21 = s21[k], a12 = s12[k], a22 = s22[k];
            s11[k] = f1[k] * (g[k] * a11 - phi[k] * a21 + ex);
            s21[k] = f2[k] * (g[k] * a21 + phi[k] * a11);
            s12[k] = f1[k] * (g[k] * a12 - phi[k] * a22);
            s22[k] = f2[k] * (g[k] * a22 + phi[k] * a12 + ex);
        }
    }
}
