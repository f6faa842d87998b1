using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>grad += d1 ⊙ sa + d2 ⊙ sb (the contraction of one pair of unit traces), as grad = fma(d1, sa, fma(d2, sb, grad)).</summary>
    public static void AccumulateContraction<T>(Span<T> grad, ReadOnlySpan<T> d1, ReadOnlySpan<T> sa, ReadOnlySpan<T> d2, ReadOnlySpan<T> sb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = grad.Length;
        KernelGuard.Length(d1, n, nameof(d1)); KernelGuard.Length(sa, n, nameof(sa));
        KernelGuard.Length(d2, n, nameof(d2)); KernelGuard.Length(sb, n, nameof(sb));
        KernelGuard.Disjoint<T>(grad, nameof(grad), d1, nameof(d1)); KernelGuard.Disjoint<T>(grad, nameof(grad), sa, nameof(sa));
        KernelGuard.Disjoint<T>(grad, nameof(grad), d2, nameof(d2)); KernelGuard.Disjoint<T>(grad, nameof(grad), sb, nameof(sb));
        var op = new AccumulateContractionOperator<T>(grad, d1, sa, d2, sb);
        LaneDriver.Run<T, AccumulateContractionOperator<T>>(ref op, 1, n);
    }

    private readonly ref struct AccumulateContractionOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _grad, _d1, _sa, _d2, _sb;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public AccumulateContractionOperator(Span<T> grad, ReadOnlySpan<T> d1, ReadOnlySpan<T> sa, ReadOnlySpan<T> d2, ReadOnlySpan<T> sb)
        {
            _grad = ref MemoryMarshal.GetReference(grad);
            _d1 = ref MemoryMarshal.GetReference(d1); _sa = ref MemoryMarshal.GetReference(sa);
            _d2 = ref MemoryMarshal.GetReference(d2); _sb = ref MemoryMarshal.GetReference(sb);
        }

        public void BeginRow(int row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void InvokeVector(nuint k) =>
            Fma(Vector.LoadUnsafe(ref _d1, k), Vector.LoadUnsafe(ref _sa, k),
                Fma(Vector.LoadUnsafe(ref _d2, k), Vector.LoadUnsafe(ref _sb, k), Vector.LoadUnsafe(ref _grad, k)))
            .StoreUnsafe(ref _grad, k);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void InvokeScalar(nuint k)
        {
            ref T gr = ref Unsafe.Add(ref _grad, k);
            gr = Fma(Unsafe.Add(ref _d1, k), Unsafe.Add(ref _sa, k), Fma(Unsafe.Add(ref _d2, k), Unsafe.Add(ref _sb, k), gr));
        }
    }
}
