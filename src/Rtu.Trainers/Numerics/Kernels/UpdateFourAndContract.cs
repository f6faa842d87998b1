using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// <see cref="UpdateFour{T}"/> fused with <see cref="AccumulateFourContraction{T}"/>: the four traces of every row i
    /// updated, then gW1[i] += δ1 S11 + δ2 S21 and gW2[i] += δ1 S12 + δ2 S22 with the updated traces, in one pass.
    /// Rounded exactly as the two separate calls.
    /// </summary>
    /// <remarks>
    /// The trace blocks and <paramref name="gradW1"/>, <paramref name="gradW2"/>: rows × n with rows = <paramref name="x"/>.Length,
    /// updated in place; the coefficient, F and δ spans: length n.
    /// </remarks>
    public static void UpdateFourAndContract<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x,
        Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, size = x.Length * n;
        KernelGuard.Length(phi, n, nameof(phi)); KernelGuard.Length(eta, n, nameof(eta));
        KernelGuard.Length(f1, n, nameof(f1)); KernelGuard.Length(f2, n, nameof(f2));
        KernelGuard.Length(d1, n, nameof(d1)); KernelGuard.Length(d2, n, nameof(d2));
        KernelGuard.Length<T>(s11, size, nameof(s11)); KernelGuard.Length<T>(s21, size, nameof(s21));
        KernelGuard.Length<T>(s12, size, nameof(s12)); KernelGuard.Length<T>(s22, size, nameof(s22));
        KernelGuard.Length<T>(gradW1, size, nameof(gradW1)); KernelGuard.Length<T>(gradW2, size, nameof(gradW2));
        CheckWrittenBlocks<T>(s11, s21, s12, s22, g, phi, eta, f1, f2, x);
        CheckGradientBlocks<T>(gradW1, gradW2, d1, d2, s11, s21, s12, s22);
        GradientDisjointFromInputs<T>(gradW1, nameof(gradW1), g, phi, eta, f1, f2, x);
        GradientDisjointFromInputs<T>(gradW2, nameof(gradW2), g, phi, eta, f1, f2, x);
        KernelGuard.Disjoint<T>(s11, nameof(s11), d1, nameof(d1)); KernelGuard.Disjoint<T>(s11, nameof(s11), d2, nameof(d2));
        KernelGuard.Disjoint<T>(s21, nameof(s21), d1, nameof(d1)); KernelGuard.Disjoint<T>(s21, nameof(s21), d2, nameof(d2));
        KernelGuard.Disjoint<T>(s12, nameof(s12), d1, nameof(d1)); KernelGuard.Disjoint<T>(s12, nameof(s12), d2, nameof(d2));
        KernelGuard.Disjoint<T>(s22, nameof(s22), d1, nameof(d1)); KernelGuard.Disjoint<T>(s22, nameof(s22), d2, nameof(d2));
        UpdateFourAndContractUnchecked(s11, s21, s12, s22, g, phi, eta, f1, f2, x, gradW1, gradW2, d1, d2);
    }

    /// <summary>
    /// <see cref="UpdateFourAndContract{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    /// <remarks><c>rowPairs</c>, <c>wide</c>: as in <see cref="UpdateTiedAndContractUnchecked{T}"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UpdateFourAndContractUnchecked<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x,
        Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, bool rowPairs = false, bool wide = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, rows = x.Length, pairs = 0;
        if (rowPairs && rows >= 2)
        {
            ref T r11 = ref MemoryMarshal.GetReference(s11), r21 = ref MemoryMarshal.GetReference(s21);
            ref T r12 = ref MemoryMarshal.GetReference(s12), r22 = ref MemoryMarshal.GetReference(s22);
            ref T rg = ref MemoryMarshal.GetReference(g), rp = ref MemoryMarshal.GetReference(phi), re = ref MemoryMarshal.GetReference(eta);
            ref T rf1 = ref MemoryMarshal.GetReference(f1), rf2 = ref MemoryMarshal.GetReference(f2), rx = ref MemoryMarshal.GetReference(x);
            ref T rg1 = ref MemoryMarshal.GetReference(gradW1), rg2 = ref MemoryMarshal.GetReference(gradW2);
            ref T rd1 = ref MemoryMarshal.GetReference(d1), rd2 = ref MemoryMarshal.GetReference(d2);
            if (wide && LaneDriver.Wide && n % Vector512<T>.Count == 0)
            {
                pairs = rows / 2;
                FourPairsWide(ref r11, ref r21, ref r12, ref r22, ref rg, ref rp, ref re, ref rf1, ref rf2, ref rx, ref rg1, ref rg2, ref rd1, ref rd2, n, pairs);
            }
            else if (Vector.IsHardwareAccelerated && n % Vector<T>.Count == 0)
            {
                pairs = rows / 2;
                FourPairsVector(ref r11, ref r21, ref r12, ref r22, ref rg, ref rp, ref re, ref rf1, ref rf2, ref rx, ref rg1, ref rg2, ref rd1, ref rd2, n, pairs);
            }
        }
        int done = 2 * pairs, o = done * n;
        if (done == rows) return;
        var op = new UpdateFourAndContractOperator<T>(s11[o..], s21[o..], s12[o..], s22[o..], g, phi, eta, f1, f2, x[done..],
            gradW1[o..], gradW2[o..], d1, d2, n);
        LaneDriver.RunWide<T, UpdateFourAndContractOperator<T>>(ref op, rows - done, n, wide);
    }

    /// <summary><see cref="FourPairsWide{T}"/> on <see cref="Vector{T}"/> (n a whole number of them).</summary>
    private static void FourPairsVector<T>(ref T s11, ref T s21, ref T s12, ref T s22, ref T g, ref T phi, ref T eta, ref T f1, ref T f2,
        ref T x, ref T g1, ref T g2, ref T d1, ref T d2, int n, int pairs)
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
                var vf1 = Vector.LoadUnsafe(ref f1, k); var vf2 = Vector.LoadUnsafe(ref f2, k);
                var vd1 = Vector.LoadUnsafe(ref d1, k); var vd2 = Vector.LoadUnsafe(ref d2, k);
                FourRow(vg, vp, ve * xa, vf1, vf2, vd1, vd2, ref s11, ref s21, ref s12, ref s22, ref g1, ref g2, oa + k);
                FourRow(vg, vp, ve * xb, vf1, vf2, vd1, vd2, ref s11, ref s21, ref s12, ref s22, ref g1, ref g2, ob + k);
            }
        }
    }

    /// <summary>The <see cref="Vector{T}"/> form of the 512-bit <see cref="FourRow{T}(Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, Vector512{T}, ref T, ref T, ref T, ref T, ref T, ref T, nuint)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRow<T>(Vector<T> vg, Vector<T> vp, Vector<T> ex, Vector<T> vf1, Vector<T> vf2, Vector<T> vd1,
        Vector<T> vd2, ref T s11, ref T s21, ref T s12, ref T s22, ref T g1, ref T g2, nuint o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b11 = Vector.LoadUnsafe(ref s11, o); var b21 = Vector.LoadUnsafe(ref s21, o);
        var b12 = Vector.LoadUnsafe(ref s12, o); var b22 = Vector.LoadUnsafe(ref s22, o);
        FourTraceStep(vg, vp, ex, vf1, vf2, ref b11, ref b21, ref b12, ref b22);
        b11.StoreUnsafe(ref s11, o); b21.StoreUnsafe(ref s21, o); b12.StoreUnsafe(ref s12, o); b22.StoreUnsafe(ref s22, o);
        Fma(vd1, b11, Fma(vd2, b21, Vector.LoadUnsafe(ref g1, o))).StoreUnsafe(ref g1, o);
        Fma(vd1, b12, Fma(vd2, b22, Vector.LoadUnsafe(ref g2, o))).StoreUnsafe(ref g2, o);
    }

    /// <summary>
    /// The row pairs of <see cref="UpdateFourAndContractUnchecked{T}"/> on 512-bit vectors when n is a whole number of
    /// them, as a plain loop (see <see cref="TiedPairsWide{T}"/> for why). Same operations per lane (FourRow).
    /// </summary>
    private static void FourPairsWide<T>(ref T s11, ref T s21, ref T s12, ref T s22, ref T g, ref T phi, ref T eta, ref T f1, ref T f2,
        ref T x, ref T g1, ref T g2, ref T d1, ref T d2, int n, int pairs)
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
                var vf1 = Vector512.LoadUnsafe(ref f1, k); var vf2 = Vector512.LoadUnsafe(ref f2, k);
                var vd1 = Vector512.LoadUnsafe(ref d1, k); var vd2 = Vector512.LoadUnsafe(ref d2, k);
                FourRow(vg, vp, ve * xa, vf1, vf2, vd1, vd2, ref s11, ref s21, ref s12, ref s22, ref g1, ref g2, oa + k);
                FourRow(vg, vp, ve * xb, vf1, vf2, vd1, vd2, ref s11, ref s21, ref s12, ref s22, ref g1, ref g2, ob + k);
            }
        }
    }

    /// <summary>One row's lanes at <paramref name="o"/>: the four traces (FourTraceStep), then the two gradient rows (as the operator's Row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRow<T>(Vector512<T> vg, Vector512<T> vp, Vector512<T> ex, Vector512<T> vf1, Vector512<T> vf2, Vector512<T> vd1,
        Vector512<T> vd2, ref T s11, ref T s21, ref T s12, ref T s22, ref T g1, ref T g2, nuint o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b11 = Vector512.LoadUnsafe(ref s11, o); var b21 = Vector512.LoadUnsafe(ref s21, o);
        var b12 = Vector512.LoadUnsafe(ref s12, o); var b22 = Vector512.LoadUnsafe(ref s22, o);
        FourTraceStep(vg, vp, ex, vf1, vf2, ref b11, ref b21, ref b12, ref b22);
        b11.StoreUnsafe(ref s11, o); b21.StoreUnsafe(ref s21, o); b12.StoreUnsafe(ref s12, o); b22.StoreUnsafe(ref s22, o);
        Fma(vd1, b11, Fma(vd2, b21, Vector512.LoadUnsafe(ref g1, o))).StoreUnsafe(ref g1, o);
        Fma(vd1, b12, Fma(vd2, b22, Vector512.LoadUnsafe(ref g2, o))).StoreUnsafe(ref g2, o);
    }

    /// <summary>One row per driver row (the row pairs run as plain loops: see the Unchecked entry).</summary>
    private ref struct UpdateFourAndContractOperator<T> : IWideLaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, _x, _g1, _g2, _d1, _d2;
        private readonly nuint _n;
        private nuint _row;
        private T _xa;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public UpdateFourAndContractOperator(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22, ReadOnlySpan<T> g, ReadOnlySpan<T> phi,
            ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x, Span<T> gradW1, Span<T> gradW2,
            ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, int n)
        {
            _s11 = ref MemoryMarshal.GetReference(s11); _s21 = ref MemoryMarshal.GetReference(s21);
            _s12 = ref MemoryMarshal.GetReference(s12); _s22 = ref MemoryMarshal.GetReference(s22);
            _g = ref MemoryMarshal.GetReference(g); _phi = ref MemoryMarshal.GetReference(phi);
            _eta = ref MemoryMarshal.GetReference(eta);
            _f1 = ref MemoryMarshal.GetReference(f1); _f2 = ref MemoryMarshal.GetReference(f2);
            _x = ref MemoryMarshal.GetReference(x);
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
            var vf1 = Vector512.LoadUnsafe(ref _f1, k); var vf2 = Vector512.LoadUnsafe(ref _f2, k);
            var vd1 = Vector512.LoadUnsafe(ref _d1, k); var vd2 = Vector512.LoadUnsafe(ref _d2, k);
            nuint o = _row + k;
            Row(vg, vp, ve * Vector512.Create(_xa), vf1, vf2, vd1, vd2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            var vg = Vector.LoadUnsafe(ref _g, k); var vp = Vector.LoadUnsafe(ref _phi, k); var ve = Vector.LoadUnsafe(ref _eta, k);
            var vf1 = Vector.LoadUnsafe(ref _f1, k); var vf2 = Vector.LoadUnsafe(ref _f2, k);
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            nuint o = _row + k;
            Row(vg, vp, ve * new Vector<T>(_xa), vf1, vf2, vd1, vd2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            T gk = Unsafe.Add(ref _g, k), pk = Unsafe.Add(ref _phi, k), ek = Unsafe.Add(ref _eta, k);
            T f1 = Unsafe.Add(ref _f1, k), f2 = Unsafe.Add(ref _f2, k), a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k);
            nuint o = _row + k;
            Row(gk, pk, ek * _xa, f1, f2, a, b, o);
        }

        // The four traces of one row updated (FourTraceStep), then gW1 += δ1 S11 + δ2 S21, gW2 += δ1 S12 + δ2 S22 at o.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(Vector512<T> vg, Vector512<T> vp, Vector512<T> ex, Vector512<T> vf1, Vector512<T> vf2,
            Vector512<T> vd1, Vector512<T> vd2, nuint o)
        {
            var b11 = Vector512.LoadUnsafe(ref _s11, o); var b21 = Vector512.LoadUnsafe(ref _s21, o);
            var b12 = Vector512.LoadUnsafe(ref _s12, o); var b22 = Vector512.LoadUnsafe(ref _s22, o);
            FourTraceStep(vg, vp, ex, vf1, vf2, ref b11, ref b21, ref b12, ref b22);
            b11.StoreUnsafe(ref _s11, o); b21.StoreUnsafe(ref _s21, o); b12.StoreUnsafe(ref _s12, o); b22.StoreUnsafe(ref _s22, o);
            Fma(vd1, b11, Fma(vd2, b21, Vector512.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(vd1, b12, Fma(vd2, b22, Vector512.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(Vector<T> vg, Vector<T> vp, Vector<T> ex, Vector<T> vf1, Vector<T> vf2, Vector<T> vd1, Vector<T> vd2, nuint o)
        {
            var b11 = Vector.LoadUnsafe(ref _s11, o); var b21 = Vector.LoadUnsafe(ref _s21, o);
            var b12 = Vector.LoadUnsafe(ref _s12, o); var b22 = Vector.LoadUnsafe(ref _s22, o);
            FourTraceStep(vg, vp, ex, vf1, vf2, ref b11, ref b21, ref b12, ref b22);
            b11.StoreUnsafe(ref _s11, o); b21.StoreUnsafe(ref _s21, o); b12.StoreUnsafe(ref _s12, o); b22.StoreUnsafe(ref _s22, o);
            Fma(vd1, b11, Fma(vd2, b21, Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(vd1, b12, Fma(vd2, b22, Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Row(T gk, T pk, T ex, T f1, T f2, T a, T b, nuint o)
        {
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            ref T r12 = ref Unsafe.Add(ref _s12, o); ref T r22 = ref Unsafe.Add(ref _s22, o);
            FourTraceStep(gk, pk, ex, f1, f2, ref r11, ref r21, ref r12, ref r22);
            T b11 = r11, b21 = r21, b12 = r12, b22 = r22;
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, b11, Fma(b, b21, g1));
            g2 = Fma(a, b12, Fma(b, b22, g2));
        }
    }
}
