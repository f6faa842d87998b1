using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>derivative = f'(a) from output = f(a), element-wise (<see cref="IActivationDerivative{T}"/>); the spans may be the same span.</summary>
    public static void DerivativeFromOutput<T, TDerivative>(ReadOnlySpan<T> output, Span<T> derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
    {
        int n = output.Length;
        KernelGuard.Length<T>(derivative, n, nameof(derivative));
        // In place is fine (each lane reads its own y first); a shifted overlap is not.
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(output), ref MemoryMarshal.GetReference(derivative)))
            KernelGuard.Disjoint<T>(derivative, nameof(derivative), output, nameof(output));
        var op = new DerivativeOperator<T, TDerivative>(output, derivative);
        LaneDriver.Run<T, DerivativeOperator<T, TDerivative>>(ref op, 1, n);
    }

    private readonly ref struct DerivativeOperator<T, TDerivative> : ILaneOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
    {
        private readonly ref T _y, _f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public DerivativeOperator(ReadOnlySpan<T> output, Span<T> derivative)
        {
            _y = ref MemoryMarshal.GetReference(output); _f = ref MemoryMarshal.GetReference(derivative);
        }

        public void BeginRow(int row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void InvokeVector(nuint k) => TDerivative.Of(Vector.LoadUnsafe(ref _y, k)).StoreUnsafe(ref _f, k);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void InvokeScalar(nuint k) => Unsafe.Add(ref _f, k) = TDerivative.Of(Unsafe.Add(ref _y, k));
    }
}
