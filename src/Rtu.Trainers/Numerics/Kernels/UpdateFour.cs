using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// Non-linear RTU, the four input-weight traces of every row i (one input feature) across the n units:
    /// S11 ← F1(g S11 − φ S21 + η x_i), S21 ← F2(g S21 + φ S11), S12 ← F1(g S12 − φ S22), S22 ← F2(g S22 + φ S12 + η x_i).
    /// </summary>
    /// <remarks><paramref name="s11"/>: Trace block, rows × n with rows = <paramref name="x"/>.Length (updated in place); likewise s21, s12, s22. <paramref name="g"/>: Re λ, length n; <paramref name="phi"/> (Im λ), <paramref name="eta"/>, <paramref name="f1"/>, <paramref name="f2"/> likewise. <paramref name="x"/>: The input, one value per row.</remarks>
    public static void UpdateFour<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, size = x.Length * n;
        KernelGuard.Length<T>(phi, n, nameof(phi)); KernelGuard.Length<T>(eta, n, nameof(eta));
        KernelGuard.Length<T>(f1, n, nameof(f1)); KernelGuard.Length<T>(f2, n, nameof(f2));
        KernelGuard.Length<T>(s11, size, nameof(s11)); KernelGuard.Length<T>(s21, size, nameof(s21));
        KernelGuard.Length<T>(s12, size, nameof(s12)); KernelGuard.Length<T>(s22, size, nameof(s22));
        CheckWrittenBlocks(s11, s21, s12, s22, g, phi, eta, f1, f2, x);
        UpdateFourUnchecked(s11, s21, s12, s22, g, phi, eta, f1, f2, x);
    }

    /// <summary>
    /// <see cref="UpdateFour{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UpdateFourUnchecked<T>(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        var op = new UpdateFourOperator<T>(s11, s21, s12, s22, g, phi, eta, f1, f2, x, n);
        LaneDriver.Run<T, UpdateFourOperator<T>>(ref op, x.Length, n);
    }

    /// <summary>Every written block disjoint from the other blocks and from every input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckWrittenBlocks<T>(ReadOnlySpan<T> s11, ReadOnlySpan<T> s21, ReadOnlySpan<T> s12, ReadOnlySpan<T> s22,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x)
    {
        KernelGuard.Disjoint(s11, nameof(s11), s21, nameof(s21)); KernelGuard.Disjoint(s11, nameof(s11), s12, nameof(s12));
        KernelGuard.Disjoint(s11, nameof(s11), s22, nameof(s22)); KernelGuard.Disjoint(s21, nameof(s21), s12, nameof(s12));
        KernelGuard.Disjoint(s21, nameof(s21), s22, nameof(s22)); KernelGuard.Disjoint(s12, nameof(s12), s22, nameof(s22));
        DisjointFromInputs(s11, nameof(s11), g, phi, eta, f1, f2, x);
        DisjointFromInputs(s21, nameof(s21), g, phi, eta, f1, f2, x);
        DisjointFromInputs(s12, nameof(s12), g, phi, eta, f1, f2, x);
        DisjointFromInputs(s22, nameof(s22), g, phi, eta, f1, f2, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]

    private static void DisjointFromInputs<T>(ReadOnlySpan<T> output, string name, ReadOnlySpan<T> g, ReadOnlySpan<T> phi,
        ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x)
    {
        KernelGuard.Disjoint(output, name, g, nameof(g)); KernelGuard.Disjoint(output, name, phi, nameof(phi));
        KernelGuard.Disjoint(output, name, eta, nameof(eta)); KernelGuard.Disjoint(output, name, f1, nameof(f1));
        KernelGuard.Disjoint(output, name, f2, nameof(f2)); KernelGuard.Disjoint(output, name, x, nameof(x));
    }

    /// <summary>
    /// The four-trace recursion of <see cref="UpdateFour{T}"/> for one group of lanes: the one definition that
    /// <see cref="UpdateFour{T}"/> and <see cref="UpdateFourAndContract{T}"/> (and their scalar tails) share.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourTraceStep<T>(Vector<T> g, Vector<T> phi, Vector<T> ex, Vector<T> f1, Vector<T> f2,
        ref Vector<T> s11, ref Vector<T> s21, ref Vector<T> s12, ref Vector<T> s22) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var np = -phi;
        Vector<T> a11 = s11, a21 = s21, a12 = s12, a22 = s22;
        s11 = f1 * Fma(g, a11, Fma(np, a21, ex));
        s21 = f2 * Fma(g, a21, phi * a11);
        s12 = f1 * Fma(g, a12, np * a22);
        s22 = f2 * Fma(g, a22, Fma(phi, a12, ex));
    }

    /// <summary>The 512-bit form of the four-trace recursion: the same operations per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourTraceStep<T>(Vector512<T> g, Vector512<T> phi, Vector512<T> ex, Vector512<T> f1, Vector512<T> f2,
        ref Vector512<T> s11, ref Vector512<T> s21, ref Vector512<T> s12, ref Vector512<T> s22) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var np = -phi;
        Vector512<T> a11 = s11, a21 = s21, a12 = s12, a22 = s22;
        s11 = f1 * Fma(g, a11, Fma(np, a21, ex));
        s21 = f2 * Fma(g, a21, phi * a11);
        s12 = f1 * Fma(g, a12, np * a22);
        s22 = f2 * Fma(g, a22, Fma(phi, a12, ex));
    }

    /// <summary>The scalar form of <see cref="FourTraceStep{T}(Vector{T}, Vector{T}, Vector{T}, Vector{T}, Vector{T}, ref Vector{T}, ref Vector{T}, ref Vector{T}, ref Vector{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourTraceStep<T>(T g, T phi, T ex, T f1, T f2, ref T s11, ref T s21, ref T s12, ref T s22)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a11 = s11, a21 = s21, a12 = s12, a22 = s22;
        s11 = f1 * Fma(g, a11, Fma(-phi, a21, ex));
        s21 = f2 * Fma(g, a21, phi * a11);
        s12 = f1 * Fma(g, a12, -phi * a22);
        s22 = f2 * Fma(g, a22, Fma(phi, a12, ex));
    }

    private ref struct UpdateFourOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _s12, _s22, _g, _phi, _eta, _f1, _f2, _x;
        private readonly nuint _n;
        private nuint _row;
        private Vector<T> _vx;
        private T _xi;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public UpdateFourOperator(Span<T> s11, Span<T> s21, Span<T> s12, Span<T> s22, ReadOnlySpan<T> g, ReadOnlySpan<T> phi,
            ReadOnlySpan<T> eta, ReadOnlySpan<T> f1, ReadOnlySpan<T> f2, ReadOnlySpan<T> x, int n)
        {
            _s11 = ref MemoryMarshal.GetReference(s11); _s21 = ref MemoryMarshal.GetReference(s21);
            _s12 = ref MemoryMarshal.GetReference(s12); _s22 = ref MemoryMarshal.GetReference(s22);
            _g = ref MemoryMarshal.GetReference(g); _phi = ref MemoryMarshal.GetReference(phi);
            _eta = ref MemoryMarshal.GetReference(eta);
            _f1 = ref MemoryMarshal.GetReference(f1); _f2 = ref MemoryMarshal.GetReference(f2);
            _x = ref MemoryMarshal.GetReference(x);
            _n = (nuint)n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) { _row = (nuint)row * _n; _xi = Unsafe.Add(ref _x, row); _vx = new Vector<T>(_xi); }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint k)
        {
            nuint o = _row + k;
            var a11 = Vector.LoadUnsafe(ref _s11, o); var a21 = Vector.LoadUnsafe(ref _s21, o);
            var a12 = Vector.LoadUnsafe(ref _s12, o); var a22 = Vector.LoadUnsafe(ref _s22, o);
            FourTraceStep(Vector.LoadUnsafe(ref _g, k), Vector.LoadUnsafe(ref _phi, k), Vector.LoadUnsafe(ref _eta, k) * _vx,
                Vector.LoadUnsafe(ref _f1, k), Vector.LoadUnsafe(ref _f2, k), ref a11, ref a21, ref a12, ref a22);
            a11.StoreUnsafe(ref _s11, o); a21.StoreUnsafe(ref _s21, o); a12.StoreUnsafe(ref _s12, o); a22.StoreUnsafe(ref _s22, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            ref T r12 = ref Unsafe.Add(ref _s12, o); ref T r22 = ref Unsafe.Add(ref _s22, o);
            FourTraceStep(Unsafe.Add(ref _g, k), Unsafe.Add(ref _phi, k), Unsafe.Add(ref _eta, k) * _xi,
                Unsafe.Add(ref _f1, k), Unsafe.Add(ref _f2, k), ref r11, ref r21, ref r12, ref r22);
        }
    }
}
