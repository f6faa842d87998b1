using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// Both gradient blocks of the tied pair in one pass over the traces, every row i:
    /// gW1[i] += δ1 Re e[i] + δ2 Im e[i] and gW2[i] += −δ1 Im e[i] + δ2 Re e[i].
    /// </summary>
    /// <remarks><paramref name="gradW1"/>: rows × n, accumulated in place; <paramref name="gradW2"/>, <paramref name="re"/> and <paramref name="im"/> likewise. <paramref name="d1"/>: δ1 = ∂L/∂Re c, length n; <paramref name="d2"/> = ∂L/∂Im c likewise.</remarks>
    public static void AccumulateTiedContraction<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> re, ReadOnlySpan<T> im)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d1.Length, size = gradW1.Length, rows = RowsOf(size, n, nameof(gradW1));
        KernelGuard.Length(d2, n, nameof(d2));
        KernelGuard.Length<T>(gradW2, size, nameof(gradW2));
        KernelGuard.Length(re, size, nameof(re)); KernelGuard.Length(im, size, nameof(im));
        CheckGradientBlocks(gradW1, gradW2, d1, d2, re, im, default, default);
        AccumulateTiedContractionUnchecked(gradW1, gradW2, d1, d2, re, im);
    }

    /// <summary>
    /// <see cref="AccumulateTiedContraction{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateTiedContractionUnchecked<T>(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> re, ReadOnlySpan<T> im)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d1.Length;
        var op = new AccumulateTiedContractionOperator<T>(gradW1, gradW2, d1, d2, re, im, n);
        LaneDriver.Run<T, AccumulateTiedContractionOperator<T>>(ref op, gradW1.Length / n, n);
    }

    /// <summary>Rows of a rows × n block of <paramref name="size"/> elements; throws unless it holds whole rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowsOf(int size, int n, string name)
    {
        if (n == 0 ? size != 0 : size % n != 0)
            throw new ArgumentException($"{name} must hold whole rows of {n} (the length of the δ rows), got length {size}.", name);
        return n == 0 ? 0 : size / n;
    }

    /// <summary>Both gradient blocks disjoint from each other and from every input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckGradientBlocks<T>(ReadOnlySpan<T> gradW1, ReadOnlySpan<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> s1, ReadOnlySpan<T> s2, ReadOnlySpan<T> s3, ReadOnlySpan<T> s4)
    {
        KernelGuard.Disjoint(gradW1, nameof(gradW1), gradW2, nameof(gradW2));
        GradientDisjointFromInputs(gradW1, nameof(gradW1), d1, d2, s1, s2, s3, s4);
        GradientDisjointFromInputs(gradW2, nameof(gradW2), d1, d2, s1, s2, s3, s4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]

    private static void GradientDisjointFromInputs<T>(ReadOnlySpan<T> grad, string name, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
        ReadOnlySpan<T> s1, ReadOnlySpan<T> s2, ReadOnlySpan<T> s3, ReadOnlySpan<T> s4)
    {
        KernelGuard.Disjoint(grad, name, d1, "an input span"); KernelGuard.Disjoint(grad, name, d2, "an input span");
        KernelGuard.Disjoint(grad, name, s1, "an input span"); KernelGuard.Disjoint(grad, name, s2, "an input span");
        KernelGuard.Disjoint(grad, name, s3, "an input span"); KernelGuard.Disjoint(grad, name, s4, "an input span");
    }

    private ref struct AccumulateTiedContractionOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _g1, _g2, _d1, _d2, _re, _im;
        private readonly nuint _n;
        private nuint _row;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public AccumulateTiedContractionOperator(Span<T> gradW1, Span<T> gradW2, ReadOnlySpan<T> d1, ReadOnlySpan<T> d2,
            ReadOnlySpan<T> re, ReadOnlySpan<T> im, int n)
        {
            _g1 = ref MemoryMarshal.GetReference(gradW1); _g2 = ref MemoryMarshal.GetReference(gradW2);
            _d1 = ref MemoryMarshal.GetReference(d1); _d2 = ref MemoryMarshal.GetReference(d2);
            _re = ref MemoryMarshal.GetReference(re); _im = ref MemoryMarshal.GetReference(im);
            _n = (nuint)n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) => _row = (nuint)row * _n;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint o = _row + k;
            var vd1 = Vector.LoadUnsafe(ref _d1, k); var vd2 = Vector.LoadUnsafe(ref _d2, k);
            var vr = Vector.LoadUnsafe(ref _re, o); var vm = Vector.LoadUnsafe(ref _im, o);
            Fma(vd1, vr, Fma(vd2, vm, Vector.LoadUnsafe(ref _g1, o))).StoreUnsafe(ref _g1, o);
            Fma(-vd1, vm, Fma(vd2, vr, Vector.LoadUnsafe(ref _g2, o))).StoreUnsafe(ref _g2, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            T a = Unsafe.Add(ref _d1, k), b = Unsafe.Add(ref _d2, k), r = Unsafe.Add(ref _re, o), m = Unsafe.Add(ref _im, o);
            ref T g1 = ref Unsafe.Add(ref _g1, o); ref T g2 = ref Unsafe.Add(ref _g2, o);
            g1 = Fma(a, r, Fma(b, m, g1));
            g2 = Fma(-a, m, Fma(b, r, g2));
        }
    }
}
