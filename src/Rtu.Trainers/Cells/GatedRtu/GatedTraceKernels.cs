using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells.GatedRtu;

/// <summary>SIMD kernels of the gated RTU's weight traces: the per-row reference <see cref="UpdatePair{T}"/> and the fused all-row forms the layer runs.</summary>
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

    /// <summary>
    /// The four weight-trace pairs of one stream, all d rows in one call, without argument checks (the layer's buffers
    /// fit by construction): for row i and weight W1, W2, Wa, Wi the <see cref="UpdatePair{T}"/> update with direct terms
    /// (η·i, 0)·x_i, (0, η·i)·x_i, (∂h1/∂z_a, ∂h2/∂z_a)·x_i, (∂h1/∂z_i, ∂h2/∂z_i)·x_i. Each element gets exactly the
    /// operations of <see cref="UpdatePair{T}"/> in the same order (the zero direct term as 0·x_i, whose sign matters);
    /// the 2×2 Jacobian and the coefficients are loaded once per vector for all four pairs instead of four times.
    /// </summary>
    /// <param name="traces">8·d·n: [W1 S1 | W1 S2 | W2 S1 | W2 S2 | Wa S1 | Wa S2 | Wi S1 | Wi S2], each d×n row-major.</param>
    /// <param name="x">The stream's d inputs.</param>
    /// <param name="jacobian">4n: [J11 | J12 | J21 | J22].</param>
    /// <param name="coef">5n: [η·i | ∂h1/∂z_a | ∂h2/∂z_a | ∂h1/∂z_i | ∂h2/∂z_i].</param>
    /// <param name="n">Units n.</param>
    /// <param name="open">Open units (the first ones): their Wa and Wi traces stay 0 (gate slopes 0) and are not touched.</param>
    internal static void UpdateWeightTracesUnchecked<T>(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> jacobian, ReadOnlySpan<T> coef, int n, int open = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length, gated = n - open;
        nuint dn = (nuint)d * (nuint)n, un = (nuint)n, uo = (nuint)open;
        ref T s = ref MemoryMarshal.GetReference(traces);
        ref T j = ref MemoryMarshal.GetReference(jacobian);
        ref T c = ref MemoryMarshal.GetReference(coef);
        bool simd = Vector.IsHardwareAccelerated && gated >= Vector<T>.Count;
        int w = Vector<T>.Count;
        for (int i = 0; i < d; i++)
        {
            T xi = x[i], zx = T.Zero * xi; // UpdatePair's zero direct term, c·x with c = 0
            nuint o = (nuint)i * un;
            if (open > 0)
            {
                // The open units' W1 and W2 pairs; then the four pairs of the gated units from column `open` on.
                ref T w1 = ref Unsafe.Add(ref s, o); ref T w2 = ref Unsafe.Add(ref w1, 2 * dn);
                Row(ref w1, ref Unsafe.Add(ref w1, dn), ref j, un, ref c, false, ref c, true, xi, zx, open);
                Row(ref w2, ref Unsafe.Add(ref w2, dn), ref j, un, ref c, true, ref c, false, xi, zx, open);
            }
            ref T s0 = ref Unsafe.Add(ref s, o); ref T s1 = ref Unsafe.Add(ref s0, dn);
            ref T s2 = ref Unsafe.Add(ref s1, dn); ref T s3 = ref Unsafe.Add(ref s2, dn);
            ref T s4 = ref Unsafe.Add(ref s3, dn); ref T s5 = ref Unsafe.Add(ref s4, dn);
            ref T s6 = ref Unsafe.Add(ref s5, dn); ref T s7 = ref Unsafe.Add(ref s6, dn);
            int k = 0;
            if (simd)
            {
                var vx = new Vector<T>(xi); var vzx = new Vector<T>(zx);
                for (; k <= gated - w; k += w)
                {
                    nuint q = (nuint)k + uo;
                    var j11 = Vector.LoadUnsafe(ref j, q); var j12 = Vector.LoadUnsafe(ref j, q + un);
                    var j21 = Vector.LoadUnsafe(ref j, q + 2 * un); var j22 = Vector.LoadUnsafe(ref j, q + 3 * un);
                    // All eight loads before the first store: the eight trace blocks lie d·n apart, often a multiple of
                    // 4 KiB, and a load behind a store to the same address bits modulo 4 KiB waits for it (4K aliasing).
                    var a0 = Vector.LoadUnsafe(ref s0, q); var b0 = Vector.LoadUnsafe(ref s1, q);
                    var a1 = Vector.LoadUnsafe(ref s2, q); var b1 = Vector.LoadUnsafe(ref s3, q);
                    var a2 = Vector.LoadUnsafe(ref s4, q); var b2 = Vector.LoadUnsafe(ref s5, q);
                    var a3 = Vector.LoadUnsafe(ref s6, q); var b3 = Vector.LoadUnsafe(ref s7, q);
                    var egx = Vector.LoadUnsafe(ref c, q) * vx;
                    TraceKernels.Fma(j11, a0, TraceKernels.Fma(j12, b0, egx)).StoreUnsafe(ref s0, q);
                    TraceKernels.Fma(j21, a0, TraceKernels.Fma(j22, b0, vzx)).StoreUnsafe(ref s1, q);
                    TraceKernels.Fma(j11, a1, TraceKernels.Fma(j12, b1, vzx)).StoreUnsafe(ref s2, q);
                    TraceKernels.Fma(j21, a1, TraceKernels.Fma(j22, b1, egx)).StoreUnsafe(ref s3, q);
                    TraceKernels.Fma(j11, a2, TraceKernels.Fma(j12, b2, Vector.LoadUnsafe(ref c, q + un) * vx)).StoreUnsafe(ref s4, q);
                    TraceKernels.Fma(j21, a2, TraceKernels.Fma(j22, b2, Vector.LoadUnsafe(ref c, q + 2 * un) * vx)).StoreUnsafe(ref s5, q);
                    TraceKernels.Fma(j11, a3, TraceKernels.Fma(j12, b3, Vector.LoadUnsafe(ref c, q + 3 * un) * vx)).StoreUnsafe(ref s6, q);
                    TraceKernels.Fma(j21, a3, TraceKernels.Fma(j22, b3, Vector.LoadUnsafe(ref c, q + 4 * un) * vx)).StoreUnsafe(ref s7, q);
                }
            }
            for (; k < gated; k++)
            {
                nuint q = (nuint)k + uo;
                T j11 = Unsafe.Add(ref j, q), j12 = Unsafe.Add(ref j, q + un), j21 = Unsafe.Add(ref j, q + 2 * un), j22 = Unsafe.Add(ref j, q + 3 * un);
                T egx = Unsafe.Add(ref c, q) * xi;
                Pair(ref Unsafe.Add(ref s0, q), ref Unsafe.Add(ref s1, q), egx, zx);
                Pair(ref Unsafe.Add(ref s2, q), ref Unsafe.Add(ref s3, q), zx, egx);
                Pair(ref Unsafe.Add(ref s4, q), ref Unsafe.Add(ref s5, q), Unsafe.Add(ref c, q + un) * xi, Unsafe.Add(ref c, q + 2 * un) * xi);
                Pair(ref Unsafe.Add(ref s6, q), ref Unsafe.Add(ref s7, q), Unsafe.Add(ref c, q + 3 * un) * xi, Unsafe.Add(ref c, q + 4 * un) * xi);

                void Pair(ref T r1, ref T r2, T c1x, T c2x)
                {
                    T a = r1, b = r2;
                    r1 = TraceKernels.Fma(j11, a, TraceKernels.Fma(j12, b, c1x));
                    r2 = TraceKernels.Fma(j21, a, TraceKernels.Fma(j22, b, c2x));
                }
            }
        }
    }

    /// <summary>
    /// The four weight gradients of one stream, all d rows in one call, without argument checks: for each weight m and
    /// row i, g_m[i,·] = fma(δ1, S1, fma(δ2, S2, g_m[i,·])), exactly as one
    /// <see cref="TraceKernels.AccumulateContraction{T}"/> call per weight and row; δ is loaded once for the four weights.
    /// </summary>
    /// <param name="g1">The d×n gradient of W1.</param>
    /// <param name="g2">The d×n gradient of W2.</param>
    /// <param name="g3">The d×n gradient of Wa.</param>
    /// <param name="g4">The d×n gradient of Wi.</param>
    /// <param name="delta">2n: [δ1 | δ2].</param>
    /// <param name="traces">As in <see cref="UpdateWeightTracesUnchecked{T}"/>.</param>
    /// <param name="d">Input rows d.</param>
    /// <param name="n">Units n.</param>
    /// <param name="open">Open units (the first ones): their Wa and Wi gradients (traces 0) are not touched.</param>
    internal static void ContractWeightTracesUnchecked<T>(Span<T> g1, Span<T> g2, Span<T> g3, Span<T> g4, ReadOnlySpan<T> delta, ReadOnlySpan<T> traces, int d, int n, int open = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint dn = (nuint)d * (nuint)n, un = (nuint)n, uo = (nuint)open;
        int gated = n - open;
        ref T s = ref MemoryMarshal.GetReference(traces);
        ref T dl = ref MemoryMarshal.GetReference(delta);
        bool simd = Vector.IsHardwareAccelerated && gated >= Vector<T>.Count;
        int w = Vector<T>.Count;
        for (int i = 0; i < d; i++)
        {
            nuint o = (nuint)i * un;
            if (open > 0)
            {
                // The open units' W1 and W2 gradients; then the four weights of the gated units from column `open` on.
                ref T t = ref Unsafe.Add(ref s, o);
                ContractRow(ref Unsafe.Add(ref MemoryMarshal.GetReference(g1), o), ref t, ref Unsafe.Add(ref t, dn), ref dl, un, open);
                ContractRow(ref Unsafe.Add(ref MemoryMarshal.GetReference(g2), o), ref Unsafe.Add(ref t, 2 * dn), ref Unsafe.Add(ref t, 3 * dn), ref dl, un, open);
            }
            ref T r1 = ref Unsafe.Add(ref MemoryMarshal.GetReference(g1), o); ref T r2 = ref Unsafe.Add(ref MemoryMarshal.GetReference(g2), o);
            ref T r3 = ref Unsafe.Add(ref MemoryMarshal.GetReference(g3), o); ref T r4 = ref Unsafe.Add(ref MemoryMarshal.GetReference(g4), o);
            ref T s0 = ref Unsafe.Add(ref s, o); ref T s1 = ref Unsafe.Add(ref s0, dn);
            ref T s2 = ref Unsafe.Add(ref s1, dn); ref T s3 = ref Unsafe.Add(ref s2, dn);
            ref T s4 = ref Unsafe.Add(ref s3, dn); ref T s5 = ref Unsafe.Add(ref s4, dn);
            ref T s6 = ref Unsafe.Add(ref s5, dn); ref T s7 = ref Unsafe.Add(ref s6, dn);
            int k = 0;
            if (simd)
            {
                for (; k <= gated - w; k += w)
                {
                    nuint q = (nuint)k + uo;
                    var d1 = Vector.LoadUnsafe(ref dl, q); var d2 = Vector.LoadUnsafe(ref dl, q + un);
                    // Loads before stores, as in UpdateWeightTracesUnchecked (4K aliasing between the d×n blocks).
                    var t0 = Vector.LoadUnsafe(ref s0, q); var t1 = Vector.LoadUnsafe(ref s1, q);
                    var t2 = Vector.LoadUnsafe(ref s2, q); var t3 = Vector.LoadUnsafe(ref s3, q);
                    var t4 = Vector.LoadUnsafe(ref s4, q); var t5 = Vector.LoadUnsafe(ref s5, q);
                    var t6 = Vector.LoadUnsafe(ref s6, q); var t7 = Vector.LoadUnsafe(ref s7, q);
                    var v1 = Vector.LoadUnsafe(ref r1, q); var v2 = Vector.LoadUnsafe(ref r2, q);
                    var v3 = Vector.LoadUnsafe(ref r3, q); var v4 = Vector.LoadUnsafe(ref r4, q);
                    TraceKernels.Fma(d1, t0, TraceKernels.Fma(d2, t1, v1)).StoreUnsafe(ref r1, q);
                    TraceKernels.Fma(d1, t2, TraceKernels.Fma(d2, t3, v2)).StoreUnsafe(ref r2, q);
                    TraceKernels.Fma(d1, t4, TraceKernels.Fma(d2, t5, v3)).StoreUnsafe(ref r3, q);
                    TraceKernels.Fma(d1, t6, TraceKernels.Fma(d2, t7, v4)).StoreUnsafe(ref r4, q);
                }
            }
            for (; k < gated; k++)
            {
                nuint q = (nuint)k + uo;
                T d1 = Unsafe.Add(ref dl, q), d2 = Unsafe.Add(ref dl, q + un);
                ref T a1 = ref Unsafe.Add(ref r1, q); a1 = TraceKernels.Fma(d1, Unsafe.Add(ref s0, q), TraceKernels.Fma(d2, Unsafe.Add(ref s1, q), a1));
                ref T a2 = ref Unsafe.Add(ref r2, q); a2 = TraceKernels.Fma(d1, Unsafe.Add(ref s2, q), TraceKernels.Fma(d2, Unsafe.Add(ref s3, q), a2));
                ref T a3 = ref Unsafe.Add(ref r3, q); a3 = TraceKernels.Fma(d1, Unsafe.Add(ref s4, q), TraceKernels.Fma(d2, Unsafe.Add(ref s5, q), a3));
                ref T a4 = ref Unsafe.Add(ref r4, q); a4 = TraceKernels.Fma(d1, Unsafe.Add(ref s6, q), TraceKernels.Fma(d2, Unsafe.Add(ref s7, q), a4));
            }
        }
    }

    /// <summary>g = fma(δ1, S1, fma(δ2, S2, g)) over the first <paramref name="count"/> columns of one row (δ2 at <paramref name="un"/> after δ1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ContractRow<T>(ref T g, ref T sa, ref T sb, ref T dl, nuint un, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint q = (nuint)k;
                TraceKernels.Fma(Vector.LoadUnsafe(ref dl, q), Vector.LoadUnsafe(ref sa, q),
                    TraceKernels.Fma(Vector.LoadUnsafe(ref dl, q + un), Vector.LoadUnsafe(ref sb, q), Vector.LoadUnsafe(ref g, q))).StoreUnsafe(ref g, q);
            }
        }
        for (; k < count; k++)
        {
            nuint q = (nuint)k;
            ref T a = ref Unsafe.Add(ref g, q);
            a = TraceKernels.Fma(Unsafe.Add(ref dl, q), Unsafe.Add(ref sa, q), TraceKernels.Fma(Unsafe.Add(ref dl, q + un), Unsafe.Add(ref sb, q), a));
        }
    }

    /// <summary>
    /// As <see cref="UpdateWeightTracesUnchecked{T}"/>, bit for bit, but pair by pair within a row (row i, then W1, W2, Wa,
    /// Wi, then k: the order of the per-row <see cref="UpdatePair{T}"/> calls), without their per-call slicing. Two trace
    /// streams at a time instead of eight; measured faster from n = 64 on (<see cref="UpdateWeightTraces{T}"/>).
    /// </summary>
    internal static void UpdateWeightTracesRowwiseUnchecked<T>(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> jacobian, ReadOnlySpan<T> coef, int n, int open = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Length;
        nuint dn = (nuint)d * (nuint)n, un = (nuint)n;
        ref T s = ref MemoryMarshal.GetReference(traces);
        ref T j = ref MemoryMarshal.GetReference(jacobian);
        ref T c = ref MemoryMarshal.GetReference(coef);
        for (int i = 0; i < d; i++)
        {
            T xi = x[i], zx = T.Zero * xi;
            nuint o = (nuint)i * un;
            for (int m = 0; m < 4; m++)
            {
                // Wa and Wi (m = 2, 3) skip the open units' columns, whose traces stay 0.
                nuint from = m < 2 ? 0 : (nuint)open;
                ref T r1 = ref Unsafe.Add(ref s, o + 2 * (nuint)m * dn + from); ref T r2 = ref Unsafe.Add(ref r1, dn);
                // c1, c2 offsets into coef (n-blocks); -1 = the zero direct term.
                int c1 = m switch { 0 => 0, 1 => -1, 2 => 1, _ => 3 }, c2 = m switch { 0 => -1, 1 => 0, 2 => 2, _ => 4 };
                Row(ref r1, ref r2, ref Unsafe.Add(ref j, from), un, ref Unsafe.Add(ref c, (nuint)Math.Max(c1, 0) * un + from), c1 < 0,
                    ref Unsafe.Add(ref c, (nuint)Math.Max(c2, 0) * un + from), c2 < 0, xi, zx, n - (int)from);
            }
        }
    }

    /// <summary>One row of one pair, as <see cref="UpdatePair{T}"/>; a zero direct term (z1, z2) is 0·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<T>(ref T r1, ref T r2, ref T j, nuint un, ref T rc1, bool z1, ref T rc2, bool z2, T x, T zx, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var vx = new Vector<T>(x); var vzx = new Vector<T>(zx);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint o = (nuint)k;
                var a = Vector.LoadUnsafe(ref r1, o); var b = Vector.LoadUnsafe(ref r2, o);
                var d1 = z1 ? vzx : Vector.LoadUnsafe(ref rc1, o) * vx;
                var d2 = z2 ? vzx : Vector.LoadUnsafe(ref rc2, o) * vx;
                TraceKernels.Fma(Vector.LoadUnsafe(ref j, o), a, TraceKernels.Fma(Vector.LoadUnsafe(ref j, o + un), b, d1)).StoreUnsafe(ref r1, o);
                TraceKernels.Fma(Vector.LoadUnsafe(ref j, o + 2 * un), a, TraceKernels.Fma(Vector.LoadUnsafe(ref j, o + 3 * un), b, d2)).StoreUnsafe(ref r2, o);
            }
        }
        for (; k < n; k++)
        {
            nuint o = (nuint)k;
            T a = Unsafe.Add(ref r1, o), b = Unsafe.Add(ref r2, o);
            T d1 = z1 ? zx : Unsafe.Add(ref rc1, o) * x, d2 = z2 ? zx : Unsafe.Add(ref rc2, o) * x;
            Unsafe.Add(ref r1, o) = TraceKernels.Fma(Unsafe.Add(ref j, o), a, TraceKernels.Fma(Unsafe.Add(ref j, o + un), b, d1));
            Unsafe.Add(ref r2, o) = TraceKernels.Fma(Unsafe.Add(ref j, o + 2 * un), a, TraceKernels.Fma(Unsafe.Add(ref j, o + 3 * un), b, d2));
        }
    }

    /// <summary>
    /// The four weight-trace pairs of one stream, unchecked, bit-identical to four <see cref="UpdatePair{T}"/> calls per
    /// row: all four pairs per vector (<see cref="UpdateWeightTracesUnchecked{T}"/>) for short rows, pair by pair
    /// (<see cref="UpdateWeightTracesRowwiseUnchecked{T}"/>) from n = 64 on, where that measured faster.
    /// </summary>
    internal static void UpdateWeightTraces<T>(Span<T> traces, ReadOnlySpan<T> x, ReadOnlySpan<T> jacobian, ReadOnlySpan<T> coef, int n, int open = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n < RowwiseFrom) UpdateWeightTracesUnchecked(traces, x, jacobian, coef, n, open);
        else UpdateWeightTracesRowwiseUnchecked(traces, x, jacobian, coef, n, open);
    }

    /// <summary>Units from which <see cref="UpdateWeightTraces{T}"/> goes pair by pair.</summary>
    internal const int RowwiseFrom = 64;
}
