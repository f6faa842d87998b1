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
/// Shared by the linear RTU, the non-linear RTU and the Online LRU: with g = Re λ, φ = Im λ and η the input scale,
/// the tied pair (S11, S21) is the real and imaginary part of the complex trace e ← λ e + η x_i.
/// </remarks>
internal static class TraceKernels
{
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
                var vg = Vector.LoadUnsafe(ref rg, o); var vp = Vector.LoadUnsafe(ref rp, o);
                var ex = Vector.LoadUnsafe(ref re, o) * vx;
                var vf1 = Vector.LoadUnsafe(ref rf1, o); var vf2 = Vector.LoadUnsafe(ref rf2, o);
                var a11 = Vector.LoadUnsafe(ref r11, o); var a21 = Vector.LoadUnsafe(ref r21, o);
                var a12 = Vector.LoadUnsafe(ref r12, o); var a22 = Vector.LoadUnsafe(ref r22, o);
                (vf1 * (vg * a11 - vp * a21 + ex)).StoreUnsafe(ref r11, o);
                (vf2 * (vg * a21 + vp * a11)).StoreUnsafe(ref r21, o);
                (vf1 * (vg * a12 - vp * a22)).StoreUnsafe(ref r12, o);
                (vf2 * (vg * a22 + vp * a12 + ex)).StoreUnsafe(ref r22, o);
            }
        }
        for (; k < n; k++)
        {
            T ex = eta[k] * x, a11 = s11[k], a21 = s21[k], a12 = s12[k], a22 = s22[k];
            s11[k] = f1[k] * (g[k] * a11 - phi[k] * a21 + ex);
            s21[k] = f2[k] * (g[k] * a21 + phi[k] * a11);
            s12[k] = f1[k] * (g[k] * a12 - phi[k] * a22);
            s22[k] = f2[k] * (g[k] * a22 + phi[k] * a12 + ex);
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
                (vg * a11 - vp * a21 + Vector.LoadUnsafe(ref re, o) * vx).StoreUnsafe(ref r11, o);
                (vg * a21 + vp * a11).StoreUnsafe(ref r21, o);
            }
        }
        for (; k < n; k++)
        {
            T a11 = s11[k], a21 = s21[k];
            s11[k] = g[k] * a11 - phi[k] * a21 + eta[k] * x;
            s21[k] = g[k] * a21 + phi[k] * a11;
        }
    }

    /// <summary>grad += d1 ⊙ sa + d2 ⊙ sb (one row of a trace contraction).</summary>
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
                (Vector.LoadUnsafe(ref rgr, o) + Vector.LoadUnsafe(ref rd1, o) * Vector.LoadUnsafe(ref rsa, o)
                    + Vector.LoadUnsafe(ref rd2, o) * Vector.LoadUnsafe(ref rsb, o)).StoreUnsafe(ref rgr, o);
            }
        }
        for (; k < n; k++) grad[k] += d1[k] * sa[k] + d2[k] * sb[k];
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
