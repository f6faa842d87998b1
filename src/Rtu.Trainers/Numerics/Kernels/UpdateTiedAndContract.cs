using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var op = new UpdateTiedAndContractOperator<T>(s11, s21, g, phi, eta, x, gradW1, gradW2, d1, d2, n);
        LaneDriver.Run<T, UpdateTiedAndContractOperator<T>>(ref op, x.Length, n);
    }

    private ref struct UpdateTiedAndContractOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _g, _phi, _eta, _x, _g1, _g2, _d1, _d2;
        private readonly nuint _n;
        private nuint _row;
        private Vector<T> _vx;
        private T _xi;

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
        public void BeginRow(int row) { _row = (nuint)row * _n; _xi = Unsafe.Add(ref _x, row); _vx = new Vector<T>(_xi); }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint o = _row + k;
            var vg = Vector.LoadUnsafe(ref _g, k); var vp = Vector.LoadUnsafe(ref _phi, k);
            var a11 = Vector.LoadUnsafe(ref _s11, o); var a21 = Vector.LoadUnsafe(ref _s21, o);
            var ex = Vector.LoadUnsafe(ref _eta, k) * _vx;
            var r = Fma(vg, a11, Fma(-vp, a21, ex));
            var m = Fma(vg, a21, vp * a11);
            r.StoreUnsafe(ref _s11, o); m.StoreUnsafe(ref _s21, o);
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            Fma(vd1, r, Fma(vd2, m, Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(-vd1, m, Fma(vd2, r, Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            T a11 = r11, a21 = r21, gk = Unsafe.Add(ref _g, k), pk = Unsafe.Add(ref _phi, k);
            T r = Fma(gk, a11, Fma(-pk, a21, Unsafe.Add(ref _eta, k) * _xi));
            T m = Fma(gk, a21, pk * a11);
            r11 = r; r21 = m;
            T a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k);
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, r, Fma(b, m, g1));
            g2 = Fma(-a, m, Fma(b, r, g2));
        }
    }
}
