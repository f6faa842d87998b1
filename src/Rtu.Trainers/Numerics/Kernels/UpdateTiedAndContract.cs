using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// <see cref="UpdateTied{T}"/> fused with <see cref="AccumulateTiedContraction{T}"/>: every row i's complex trace
    /// e ← λ e + η x_i, then gW1[i] += δ1 Re e + δ2 Im e and gW2[i] += −δ1 Im e + δ2 Re e with the updated e, in one pass
    /// (each trace element read and written once instead of written by the update and read again by the contraction).
    /// Rounded exactly as the two separate calls.
    /// </summary>
    /// <remarks>
    /// <paramref name="s11"/>, <paramref name="s21"/>, <paramref name="gradW1"/>, <paramref name="gradW2"/>: rows × n with
    /// rows = <paramref name="x"/>.Length, updated in place. <paramref name="g"/>, <paramref name="phi"/>,
    /// <paramref name="eta"/>, <paramref name="d1"/>, <paramref name="d2"/>: length n.
    /// </remarks>
    public static void UpdateTiedAndContract<T>(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta,
        ReadOnlySpan<T> x, Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, size = x.Length * n;
        KernelGuard.Length(phi, n, nameof(phi)); KernelGuard.Length(eta, n, nameof(eta));
        KernelGuard.Length(d1, n, nameof(d1)); KernelGuard.Length(d2, n, nameof(d2));
        KernelGuard.Length<T>(s11, size, nameof(s11)); KernelGuard.Length<T>(s21, size, nameof(s21));
        KernelGuard.Length<T>(gradW1, size, nameof(gradW1)); KernelGuard.Length<T>(gradW2, size, nameof(gradW2));
        KernelGuard.Disjoint<T>(s11, nameof(s11), s21, nameof(s21));
        DisjointFromInputs<T>(s11, nameof(s11), g, phi, eta, default, default, x);
        DisjointFromInputs<T>(s21, nameof(s21), g, phi, eta, default, default, x);
        KernelGuard.Disjoint<T>(s11, nameof(s11), d1, nameof(d1)); KernelGuard.Disjoint<T>(s11, nameof(s11), d2, nameof(d2));
        KernelGuard.Disjoint<T>(s21, nameof(s21), d1, nameof(d1)); KernelGuard.Disjoint<T>(s21, nameof(s21), d2, nameof(d2));
        CheckGradientBlocks<T>(gradW1, gradW2, d1, d2, s11, s21, default, default);
        GradientDisjointFromInputs<T>(gradW1, nameof(gradW1), g, phi, eta, x, default, default);
        GradientDisjointFromInputs<T>(gradW2, nameof(gradW2), g, phi, eta, x, default, default);
        UpdateTiedAndContractUnchecked(s11, s21, g, phi, eta, x, gradW1, gradW2, d1, d2);
    }

    /// <summary>
    /// <see cref="UpdateTiedAndContract{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    /// <remarks>
    /// <c>rowPairs</c>: two rows per pass over the lanes (g, φ, η, δ loaded once for both), when n is a whole number of
    /// vectors: 1.3–1.5× faster (n = 256, d = 64: 4.8 µs against 7.1 µs per call), except when a row is a multiple of
    /// 4 KiB (see TiedTraces.RowPairs). <c>wide</c>: 512-bit vectors where <see cref="LaneDriver.Wide"/> (the caller
    /// chooses by size, see RtuLayer). Same operations per lane in every form (same bits).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UpdateTiedAndContractUnchecked<T>(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta,
        ReadOnlySpan<T> x, Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, bool rowPairs = false, bool wide = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, rows = x.Length, pairs = 0;
        ref T r11 = ref MemoryMarshal.GetReference(s11), r21 = ref MemoryMarshal.GetReference(s21);
        ref T rg = ref MemoryMarshal.GetReference(g), rp = ref MemoryMarshal.GetReference(phi), re = ref MemoryMarshal.GetReference(eta);
        ref T rx = ref MemoryMarshal.GetReference(x), rg1 = ref MemoryMarshal.GetReference(gradW1), rg2 = ref MemoryMarshal.GetReference(gradW2);
        ref T rd1 = ref MemoryMarshal.GetReference(d1), rd2 = ref MemoryMarshal.GetReference(d2);
        bool wholeWide = wide && LaneDriver.Wide && n % Vector512<T>.Count == 0;
        if (rowPairs && rows >= 2)
        {
            if (wholeWide)
            {
                pairs = rows / 2;
                TiedPairsWide(ref r11, ref r21, ref rg, ref rp, ref re, ref rx, ref rg1, ref rg2, ref rd1, ref rd2, n, pairs);
            }
            else if (Vector.IsHardwareAccelerated && n % Vector<T>.Count == 0)
            {
                pairs = rows / 2;
                TiedPairsVector(ref r11, ref r21, ref rg, ref rp, ref re, ref rx, ref rg1, ref rg2, ref rd1, ref rd2, n, pairs);
            }
        }
        int done = 2 * pairs, o = done * n;
        if (done < rows && wholeWide)
        {
            // One row per pass as a plain loop (rows of 4 KiB, where pairs alias, and an odd last row): the operator form
            // below reloads its base references per vector (measured 1.2–1.4× slower at n = 256 and 1024).
            TiedRowsWide(ref r11, ref r21, ref rg, ref rp, ref re, ref rx, ref rg1, ref rg2, ref rd1, ref rd2, n, done, rows);
            return;
        }
        if (done == rows) return;
        var op = new UpdateTiedAndContractOperator<T>(s11[o..], s21[o..], g, phi, eta, x[done..], gradW1[o..], gradW2[o..], d1, d2, n);
        LaneDriver.RunWide<T, UpdateTiedAndContractOperator<T>>(ref op, rows - done, n, wide);
    }

    /// <summary>Rows [<paramref name="from"/>, <paramref name="to"/>) one per pass on 512-bit vectors (n a whole number of them); the same operations per lane (TiedRow).</summary>
    private static void TiedRowsWide<T>(ref T s11, ref T s21, ref T g, ref T phi, ref T eta, ref T x, ref T g1, ref T g2,
        ref T d1, ref T d2, int n, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint nn = (nuint)n, w = (nuint)Vector512<T>.Count;
        for (int i = from; i < to; i++)
        {
            nuint oa = (nuint)i * nn;
            var xa = Vector512.Create(Unsafe.Add(ref x, i));
            for (nuint k = 0; k < nn; k += w)
            {
                var vg = Vector512.LoadUnsafe(ref g, k); var vp = Vector512.LoadUnsafe(ref phi, k); var ve = Vector512.LoadUnsafe(ref eta, k);
                var vd1 = Vector512.LoadUnsafe(ref d1, k); var vd2 = Vector512.LoadUnsafe(ref d2, k);
                TiedRow(vg, vp, -vp, ve * xa, vd1, -vd1, vd2, ref s11, ref s21, ref g1, ref g2, oa + k);
            }
        }
    }

    /// <summary><see cref="TiedPairsWide{T}"/> on <see cref="Vector{T}"/> (n a whole number of them).</summary>
    private static void TiedPairsVector<T>(ref T s11, ref T s21, ref T g, ref T phi, ref T eta, ref T x, ref T g1, ref T g2,
        ref T d1, ref T d2, int n, int pairs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint nn = (nuint)n, w = (nuint)Vector<T>.Count;
        for (int p = 0; p < pairs; p++)
        {
            nuint oa = (nuint)(2 * p) * nn, ob = oa + nn;
            var xa = new Vector<T>(Unsafe.Add(ref x, 2 * p)); var xb = new Vector<T>(Unsafe.Add(ref x, 2 * p + 1));
            for (nuint k = 0; k < nn; k += w)
            {
                var vg = Vector.LoadUnsafe(ref g, k); var vp = Vector.LoadUnsafe(ref phi, k); var ve = Vector.LoadUnsafe(ref eta, k);
                var vd1 = Vector.LoadUnsafe(ref d1, k); var vd2 = Vector.LoadUnsafe(ref d2, k);
                var np = -vp; var nd1 = -vd1;
                TiedRow(vg, vp, np, ve * xa, vd1, nd1, vd2, ref s11, ref s21, ref g1, ref g2, oa + k);
                TiedRow(vg, vp, np, ve * xb, vd1, nd1, vd2, ref s11, ref s21, ref g1, ref g2, ob + k);
            }
        }
    }

    /// <summary>The <see cref="Vector{T}"/> form of <see cref="TiedRow{T}(Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, ref T, ref T, ref T, ref T, nuint)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TiedRow<T>(Vector<T> vg, Vector<T> vp, Vector<T> np, Vector<T> ex, Vector<T> vd1, Vector<T> nd1,
        Vector<T> vd2, ref T s11, ref T s21, ref T g1, ref T g2, nuint o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a11 = Vector.LoadUnsafe(ref s11, o); var a21 = Vector.LoadUnsafe(ref s21, o);
        var r = Fma(vg, a11, Fma(np, a21, ex));
        var m = Fma(vg, a21, vp * a11);
        r.StoreUnsafe(ref s11, o); m.StoreUnsafe(ref s21, o);
        Fma(vd1, r, Fma(vd2, m, Vector.LoadUnsafe(ref g1, o))).StoreUnsafe(ref g1, o);
        Fma(nd1, m, Fma(vd2, r, Vector.LoadUnsafe(ref g2, o))).StoreUnsafe(ref g2, o);
    }

    /// <summary>
    /// The row pairs of <see cref="UpdateTiedAndContractUnchecked{T}"/> on 512-bit vectors when n is a whole number of them,
    /// as a plain loop: the operator form of the same pass kept the ten base references of two rows in stack slots and
    /// reloaded five of them per vector (load ports are what this pass is short of), and measured no faster than one row
    /// per pass; this form is 1.3–1.5× faster than one row. Same operations per lane (TiedRow).
    /// </summary>
    private static void TiedPairsWide<T>(ref T s11, ref T s21, ref T g, ref T phi, ref T eta, ref T x, ref T g1, ref T g2,
        ref T d1, ref T d2, int n, int pairs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint nn = (nuint)n, w = (nuint)Vector512<T>.Count;
        for (int p = 0; p < pairs; p++)
        {
            nuint oa = (nuint)(2 * p) * nn, ob = oa + nn;
            var xa = Vector512.Create(Unsafe.Add(ref x, 2 * p)); var xb = Vector512.Create(Unsafe.Add(ref x, 2 * p + 1));
            for (nuint k = 0; k < nn; k += w)
            {
                var vg = Vector512.LoadUnsafe(ref g, k); var vp = Vector512.LoadUnsafe(ref phi, k); var ve = Vector512.LoadUnsafe(ref eta, k);
                var vd1 = Vector512.LoadUnsafe(ref d1, k); var vd2 = Vector512.LoadUnsafe(ref d2, k);
                var np = -vp; var nd1 = -vd1;
                TiedRow(vg, vp, np, ve * xa, vd1, nd1, vd2, ref s11, ref s21, ref g1, ref g2, oa + k);
                TiedRow(vg, vp, np, ve * xb, vd1, nd1, vd2, ref s11, ref s21, ref g1, ref g2, ob + k);
            }
        }
    }

    /// <summary>One row's lanes at <paramref name="o"/>: e ← λ e + η x_i, gW1 += δ1 Re e + δ2 Im e, gW2 += −δ1 Im e + δ2 Re e (as the operator's Row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TiedRow<T>(Vector512<T> vg, Vector512<T> vp, Vector512<T> np, Vector512<T> ex, Vector512<T> vd1, Vector512<T> nd1,
        Vector512<T> vd2, ref T s11, ref T s21, ref T g1, ref T g2, nuint o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a11 = Vector512.LoadUnsafe(ref s11, o); var a21 = Vector512.LoadUnsafe(ref s21, o);
        var r = Fma(vg, a11, Fma(np, a21, ex));
        var m = Fma(vg, a21, vp * a11);
        r.StoreUnsafe(ref s11, o); m.StoreUnsafe(ref s21, o);
        Fma(vd1, r, Fma(vd2, m, Vector512.LoadUnsafe(ref g1, o))).StoreUnsafe(ref g1, o);
        Fma(nd1, m, Fma(vd2, r, Vector512.LoadUnsafe(ref g2, o))).StoreUnsafe(ref g2, o);
    }

    /// <summary>One row per driver row (the row pairs run as plain loops: see the Unchecked entry).</summary>
    private ref struct UpdateTiedAndContractOperator<T> : IWideLaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _g, _phi, _eta, _x, _g1, _g2, _d1, _d2;
        private readonly nuint _n;
        private nuint _row;
        private T _xa;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public UpdateTiedAndContractOperator(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta,
            ReadOnlySpan<T> x, Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, int n)
        {
            _s11 = ref MemoryMarshal.GetReference(s11); _s21 = ref MemoryMarshal.GetReference(s21);
            _g = ref MemoryMarshal.GetReference(g); _phi = ref MemoryMarshal.GetReference(phi);
            _eta = ref MemoryMarshal.GetReference(eta); _x = ref MemoryMarshal.GetReference(x);
            _g1 = ref MemoryMarshal.GetReference(gradW1); _g2 = ref MemoryMarshal.GetReference(gradW2);
            _d1 = ref MemoryMarshal.GetReference(d1); _d2 = ref MemoryMarshal.GetReference(d2);
            _n = (nuint)n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row)
        {
            _row = (nuint)row * _n;
            _xa = Unsafe.Add(ref _x, row);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeWide(nuint k)
        {
            var vg = Vector512.LoadUnsafe(ref _g, k); var vp = Vector512.LoadUnsafe(ref _phi, k); var ve = Vector512.LoadUnsafe(ref _eta, k);
            var vd1 = Vector512.LoadUnsafe(ref _d1, k); var vd2 = Vector512.LoadUnsafe(ref _d2, k);
            nuint o = _row + k;
            Row(vg, vp, ve * Vector512.Create(_xa), vd1, vd2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            var vg = Vector.LoadUnsafe(ref _g, k); var vp = Vector.LoadUnsafe(ref _phi, k); var ve = Vector.LoadUnsafe(ref _eta, k);
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            nuint o = _row + k;
            Row(vg, vp, ve * new Vector<T>(_xa), vd1, vd2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            T gk = Unsafe.Add(ref _g, k), pk = Unsafe.Add(ref _phi, k), ek = Unsafe.Add(ref _eta, k);
            T a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k);
            nuint o = _row + k;
            Row(gk, pk, ek * _xa, a, b, o);
        }

        // e ← λ e + η x_i, then gW1 += δ1 Re e + δ2 Im e, gW2 += −δ1 Im e + δ2 Re e at o: the one definition, three widths.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(Vector512<T> vg, Vector512<T> vp, Vector512<T> ex, Vector512<T> vd1, Vector512<T> vd2, nuint o)
        {
            var a11 = Vector512.LoadUnsafe(ref _s11, o); var a21 = Vector512.LoadUnsafe(ref _s21, o);
            var r = Fma(vg, a11, Fma(-vp, a21, ex));
            var m = Fma(vg, a21, vp * a11);
            r.StoreUnsafe(ref _s11, o); m.StoreUnsafe(ref _s21, o);
            Fma(vd1, r, Fma(vd2, m, Vector512.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(-vd1, m, Fma(vd2, r, Vector512.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(Vector<T> vg, Vector<T> vp, Vector<T> ex, Vector<T> vd1, Vector<T> vd2, nuint o)
        {
            var a11 = Vector.LoadUnsafe(ref _s11, o); var a21 = Vector.LoadUnsafe(ref _s21, o);
            var r = Fma(vg, a11, Fma(-vp, a21, ex));
            var m = Fma(vg, a21, vp * a11);
            r.StoreUnsafe(ref _s11, o); m.StoreUnsafe(ref _s21, o);
            Fma(vd1, r, Fma(vd2, m, Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(-vd1, m, Fma(vd2, r, Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(T gk, T pk, T ex, T a, T b, nuint o)
        {
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            T a11 = r11, a21 = r21;
            T r = Fma(gk, a11, Fma(-pk, a21, ex));
            T m = Fma(gk, a21, pk * a11);
            r11 = r; r21 = m;
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, r, Fma(b, m, g1));
            g2 = Fma(-a, m, Fma(b, r, g2));
        }
    }
}
