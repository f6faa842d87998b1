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

    /// <summary>
    /// The ν and θ gradients of <paramref name="streams"/> streams in one pass, without argument checks (callers whose
    /// buffers fit by construction): for each stream b in order, gradNu += δ1 ⊙ S1ν + δ2 ⊙ S2ν and
    /// gradTheta += δ1 ⊙ S1θ + δ2 ⊙ S2θ, rounded as two <see cref="AccumulateContraction{T}"/> calls per stream.
    /// </summary>
    /// <remarks><paramref name="deltas"/>: [δ1 | δ2] per stream (2n each); <paramref name="unitTraces"/>: [S1ν | S2ν | S1θ | S2θ] per stream (4n each).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateUnitContractionsUnchecked<T>(Span<T> gradNu, Span<T> gradTheta, ReadOnlySpan<T> deltas, ReadOnlySpan<T> unitTraces, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var op = new UnitContractionsOperator<T>(gradNu, gradTheta, deltas, unitTraces, default, default, gradNu.Length, scale: false);
        LaneDriver.Run<T, UnitContractionsOperator<T>>(ref op, streams, gradNu.Length);
    }

    /// <summary>
    /// <see cref="AccumulateUnitContractionsUnchecked{T}"/> with δ = <paramref name="outputGradients"/> ⊙ <paramref name="derivatives"/>
    /// formed in the same pass and stored into <paramref name="deltas"/> (B blocks of 2n, for the weight pass): rounded as
    /// TensorPrimitives.Multiply followed by the contractions. <paramref name="deltas"/> must not overlap the other spans.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateScaledUnitContractionsUnchecked<T>(Span<T> gradNu, Span<T> gradTheta, ReadOnlySpan<T> outputGradients,
        ReadOnlySpan<T> derivatives, Span<T> deltas, ReadOnlySpan<T> unitTraces, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var op = new UnitContractionsOperator<T>(gradNu, gradTheta, deltas, unitTraces, outputGradients, derivatives, gradNu.Length, scale: true);
        LaneDriver.Run<T, UnitContractionsOperator<T>>(ref op, streams, gradNu.Length);
    }

    private ref struct UnitContractionsOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _gNu, _gTh, _delta, _tr, _dy, _f;
        private readonly nuint _n;
        private readonly bool _scale; // δ = dy ⊙ F formed here and stored, else read from _delta
        private nuint _o2, _o4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public UnitContractionsOperator(Span<T> gradNu, Span<T> gradTheta, ReadOnlySpan<T> deltas, ReadOnlySpan<T> unitTraces,
            ReadOnlySpan<T> outputGradients, ReadOnlySpan<T> derivatives, int n, bool scale)
        {
            _gNu = ref MemoryMarshal.GetReference(gradNu); _gTh = ref MemoryMarshal.GetReference(gradTheta);
            _delta = ref MemoryMarshal.GetReference(deltas); _tr = ref MemoryMarshal.GetReference(unitTraces);
            _dy = ref MemoryMarshal.GetReference(outputGradients); _f = ref MemoryMarshal.GetReference(derivatives);
            _n = (nuint)n;
            _scale = scale;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) { _o2 = (nuint)row * 2 * _n; _o4 = (nuint)row * 4 * _n; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint n = _n, kd = _o2 + k, kt = _o4 + k;
            Vector<T> d1, d2;
            if (_scale)
            {
                d1 = Vector.LoadUnsafe(ref _dy, kd) * Vector.LoadUnsafe(ref _f, kd);
                d2 = Vector.LoadUnsafe(ref _dy, kd + n) * Vector.LoadUnsafe(ref _f, kd + n);
                d1.StoreUnsafe(ref _delta, kd); d2.StoreUnsafe(ref _delta, kd + n);
            }
            else
            {
                d1 = Vector.LoadUnsafe(ref _delta, kd); d2 = Vector.LoadUnsafe(ref _delta, kd + n);
            }
            Fma(d1, Vector.LoadUnsafe(ref _tr, kt), Fma(d2, Vector.LoadUnsafe(ref _tr, kt + n), Vector.LoadUnsafe(ref _gNu, k))).StoreUnsafe(ref _gNu, k);
            Fma(d1, Vector.LoadUnsafe(ref _tr, kt + 2 * n), Fma(d2, Vector.LoadUnsafe(ref _tr, kt + 3 * n), Vector.LoadUnsafe(ref _gTh, k))).StoreUnsafe(ref _gTh, k);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint n = _n, kd = _o2 + k, kt = _o4 + k;
            T d1, d2;
            if (_scale)
            {
                d1 = Unsafe.Add(ref _dy, kd) * Unsafe.Add(ref _f, kd); d2 = Unsafe.Add(ref _dy, kd + n) * Unsafe.Add(ref _f, kd + n);
                Unsafe.Add(ref _delta, kd) = d1; Unsafe.Add(ref _delta, kd + n) = d2;
            }
            else
            {
                d1 = Unsafe.Add(ref _delta, kd); d2 = Unsafe.Add(ref _delta, kd + n);
            }
            ref T gn = ref Unsafe.Add(ref _gNu, k); ref T gt = ref Unsafe.Add(ref _gTh, k);
            gn = Fma(d1, Unsafe.Add(ref _tr, kt), Fma(d2, Unsafe.Add(ref _tr, kt + n), gn));
            gt = Fma(d1, Unsafe.Add(ref _tr, kt + 2 * n), Fma(d2, Unsafe.Add(ref _tr, kt + 3 * n), gt));
        }
    }
}
