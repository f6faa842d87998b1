using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var op = new UpdateFourAndContractOperator<T>(s11, s21, s12, s22, g, phi, eta, f1, f2, x, gradW1, gradW2, d1, d2, n);
        LaneDriver.Run<T, UpdateFourAndContractOperator<T>>(ref op, x.Length, n);
    }

    private ref struct UpdateFourAndContractOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, _x, _g1, _g2, _d1, _d2;
        private readonly nuint _n;
        private nuint _row;
        private Vector<T> _vx;
        private T _xi;

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
        public void BeginRow(int row) { _row = (nuint)row * _n; _xi = Unsafe.Add(ref _x, row); _vx = new Vector<T>(_xi); }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint o = _row + k;
            var b11 = Vector.LoadUnsafe(ref _s11, o); var b21 = Vector.LoadUnsafe(ref _s21, o);
            var b12 = Vector.LoadUnsafe(ref _s12, o); var b22 = Vector.LoadUnsafe(ref _s22, o);
            FourTraceStep(Vector.LoadUnsafe(ref _g, k), Vector.LoadUnsafe(ref _phi, k), Vector.LoadUnsafe(ref _eta, k) * _vx,
                Vector.LoadUnsafe(ref _f1, k), Vector.LoadUnsafe(ref _f2, k), ref b11, ref b21, ref b12, ref b22);
            b11.StoreUnsafe(ref _s11, o); b21.StoreUnsafe(ref _s21, o); b12.StoreUnsafe(ref _s12, o); b22.StoreUnsafe(ref _s22, o);
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            Fma(vd1, b11, Fma(vd2, b21, Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(vd1, b12, Fma(vd2, b22, Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            ref T r12 = ref Unsafe.Add(ref _s12, o); ref T r22 = ref Unsafe.Add(ref _s22, o);
            FourTraceStep(Unsafe.Add(ref _g, k), Unsafe.Add(ref _phi, k), Unsafe.Add(ref _eta, k) * _xi,
                Unsafe.Add(ref _f1, k), Unsafe.Add(ref _f2, k), ref r11, ref r21, ref r12, ref r22);
            T b11 = r11, b21 = r21, b12 = r12, b22 = r22;
            T a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k);
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, b11, Fma(b, b21, g1));
            g2 = Fma(a, b12, Fma(b, b22, g2));
        }
    }
}
