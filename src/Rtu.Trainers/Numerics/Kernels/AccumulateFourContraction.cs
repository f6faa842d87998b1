using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// Both gradient blocks of the non-linear RTU in one pass, every row i: gW1[i] += δ1 S11[i] + δ2 S21[i] and
    /// gW2[i] += δ1 S12[i] + δ2 S22[i], rounded as two <see cref="AccumulateContraction{T}"/> calls.
    /// </summary>
    /// <remarks><paramref name="gradW1"/>: rows × n, accumulated in place; <paramref name="gradW2"/> and the four trace blocks likewise. <paramref name="d1"/>: δ1, length n; <paramref name="d2"/> likewise.</remarks>
    public static void AccumulateFourContraction<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> s11, ReadOnlySpan<T> s21, ReadOnlySpan<T> s12, ReadOnlySpan<T> s22)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d1.Length, size = gradW1.Length, rows = RowsOf(size, n, nameof(gradW1));
        KernelGuard.Length(d2, n, nameof(d2));
        KernelGuard.Length<T>(gradW2, size, nameof(gradW2));
        KernelGuard.Length(s11, size, nameof(s11)); KernelGuard.Length(s21, size, nameof(s21));
        KernelGuard.Length(s12, size, nameof(s12)); KernelGuard.Length(s22, size, nameof(s22));
        CheckGradientBlocks(gradW1, gradW2, d1, d2, s11, s21, s12, s22);
        AccumulateFourContractionUnchecked(gradW1, gradW2, d1, d2, s11, s21, s12, s22);
    }

    /// <summary>
    /// <see cref="AccumulateFourContraction{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateFourContractionUnchecked<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> s11, ReadOnlySpan<T> s21, ReadOnlySpan<T> s12, ReadOnlySpan<T> s22)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d1.Length;
        var op = new AccumulateFourContractionOperator<T>(gradW1, gradW2, d1, d2, s11, s21, s12, s22, n);
        LaneDriver.Run<T, AccumulateFourContractionOperator<T>>(ref op, gradW1.Length / n, n);
    }

    private ref struct AccumulateFourContractionOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _g1, _g2, _d1, _d2, _s11, _s21, _s12, _s22;
        private readonly nuint _n;
        private nuint _row;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public AccumulateFourContractionOperator(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
            ReadOnlySpan<T> s11, ReadOnlySpan<T> s21, ReadOnlySpan<T> s12, ReadOnlySpan<T> s22, int n)
        {
            _g1 = ref MemoryMarshal.GetReference(gradW1); _g2 = ref MemoryMarshal.GetReference(gradW2);
            _d1 = ref MemoryMarshal.GetReference(d1); _d2 = ref MemoryMarshal.GetReference(d2);
            _s11 = ref MemoryMarshal.GetReference(s11); _s21 = ref MemoryMarshal.GetReference(s21);
            _s12 = ref MemoryMarshal.GetReference(s12); _s22 = ref MemoryMarshal.GetReference(s22);
            _n = (nuint)n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) => _row = (nuint)row * _n;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint o = _row + k;
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            Fma(vd1, Vector.LoadUnsafe(ref _s11, o), Fma(vd2, Vector.LoadUnsafe(ref _s21, o), Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(vd1, Vector.LoadUnsafe(ref _s12, o), Fma(vd2, Vector.LoadUnsafe(ref _s22, o), Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            T a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k);
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, Unsafe.Add(ref _s11, o), Fma(b, Unsafe.Add(ref _s21, o), g1));
            g2 = Fma(a, Unsafe.Add(ref _s12, o), Fma(b, Unsafe.Add(ref _s22, o), g2));
        }
    }
}
