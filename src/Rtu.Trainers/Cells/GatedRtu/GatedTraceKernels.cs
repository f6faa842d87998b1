using System.Numerics;
using System.Runtime.InteropServices;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>SIMD kernel of the gated RTU's weight traces: one row i of one d×n parameter, both state components.</summary>
internal static class GatedTraceKernels
{
    /// <summary>
    /// S1 ← J11 S1 + J12 S2 + c1 x, S2 ← J21 S1 + J22 S2 + c2 x: the trace of h_t with respect to W[i,·] under the
    /// per-unit 2×2 Jacobian J = ∂h_t/∂h_{t−1}, with direct term (c1, c2)·x_i.
    /// </summary>
    public static void UpdatePair<T>(Span<T> s1, Span<T> s2, ReadOnlySpan<T> j11, ReadOnlySpan<T> j12, ReadOnlySpan<T> j21,
        ReadOnlySpan<T> j22, ReadOnlySpan<T> c1, ReadOnlySpan<T> c2, T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = s1.Length, k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            ref T r1 = ref MemoryMarshal.GetReference(s1); ref T r2 = ref MemoryMarshal.GetReference(s2);
            ref T ra = ref MemoryMarshal.GetReference(j11); ref T rb = ref MemoryMarshal.GetReference(j12);
            ref T rc = ref MemoryMarshal.GetReference(j21); ref T rd = ref MemoryMarshal.GetReference(j22);
            ref T rc1 = ref MemoryMarshal.GetReference(c1); ref T rc2 = ref MemoryMarshal.GetReference(c2);
            var vx = new Vector<T>(x);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var a = Vector.LoadUnsafe(ref r1, o); var b = Vector.LoadUnsafe(ref r2, o);
                TraceKernels.Fma(Vector.LoadUnsafe(ref ra, o), a, TraceKernels.Fma(Vector.LoadUnsafe(ref rb, o), b, Vector.LoadUnsafe(ref rc1, o) * vx)).StoreUnsafe(ref r1, o);
                TraceKernels.Fma(Vector.LoadUnsafe(ref rc, o), a, TraceKernels.Fma(Vector.LoadUnsafe(ref rd, o), b, Vector.LoadUnsafe(ref rc2, o) * vx)).StoreUnsafe(ref r2, o);
            }
        }
        for (; k < n; k++)
        {
            T a = s1[k], b = s2[k];
            s1[k] = TraceKernels.Fma(j11[k], a, TraceKernels.Fma(j12[k], b, c1[k] * x));
            s2[k] = TraceKernels.Fma(j21[k], a, TraceKernels.Fma(j22[k], b, c2[k] * x));
        }
    }
}
