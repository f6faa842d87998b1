using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// The 2×2 rotation–scaling recurrence of n units: a1 = g h1 − φ h2 + η u1, a2 = g h2 + φ h1 + η u2.
    /// </summary>
    /// <remarks>Every span has length n; a1 and a2 must not overlap any other span.</remarks>
    public static void Recurrence<T>(ReadOnlySpan<T> h1, ReadOnlySpan<T> h2, ReadOnlySpan<T> u1, ReadOnlySpan<T> u2,
        ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, Span<T> a1, Span<T> a2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        KernelGuard.Length(h1, n, nameof(h1)); KernelGuard.Length(h2, n, nameof(h2));
        KernelGuard.Length(u1, n, nameof(u1)); KernelGuard.Length(u2, n, nameof(u2));
        KernelGuard.Length(phi, n, nameof(phi)); KernelGuard.Length(eta, n, nameof(eta));
        KernelGuard.Length<T>(a1, n, nameof(a1)); KernelGuard.Length<T>(a2, n, nameof(a2));
        KernelGuard.Disjoint<T>(a1, nameof(a1), a2, nameof(a2));
        RecurrenceOutputDisjoint(a1, nameof(a1), h1, h2, u1, u2, g, phi, eta);
        RecurrenceOutputDisjoint(a2, nameof(a2), h1, h2, u1, u2, g, phi, eta);
        var op = new RecurrenceOperator<T>(h1, h2, u1, u2, g, phi, eta, a1, a2, 0);
        LaneDriver.Run<T, RecurrenceOperator<T>>(ref op, 1, n);
    }

    /// <summary>
    /// <see cref="Recurrence{T}"/> of <paramref name="streams"/> streams in one pass, without argument checks (callers
    /// whose buffers fit by construction): <paramref name="state"/>, <paramref name="u"/> and <paramref name="a"/> hold
    /// one [.. | ..] block of 2n per stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RecurrenceUnchecked<T>(ReadOnlySpan<T> state, ReadOnlySpan<T> u, ReadOnlySpan<T> g, ReadOnlySpan<T> phi,
        ReadOnlySpan<T> eta, Span<T> a, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        var op = new RecurrenceOperator<T>(state, state[n..], u, u[n..], g, phi, eta, a, a[n..], 2 * n);
        LaneDriver.Run<T, RecurrenceOperator<T>>(ref op, streams, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]

    private static void RecurrenceOutputDisjoint<T>(ReadOnlySpan<T> output, string name, ReadOnlySpan<T> h1, ReadOnlySpan<T> h2,
        ReadOnlySpan<T> u1, ReadOnlySpan<T> u2, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta)
    {
        KernelGuard.Disjoint(output, name, h1, nameof(h1)); KernelGuard.Disjoint(output, name, h2, nameof(h2));
        KernelGuard.Disjoint(output, name, u1, nameof(u1)); KernelGuard.Disjoint(output, name, u2, nameof(u2));
        KernelGuard.Disjoint(output, name, g, nameof(g)); KernelGuard.Disjoint(output, name, phi, nameof(phi));
        KernelGuard.Disjoint(output, name, eta, nameof(eta));
    }

    /// <summary>Row r: h, u and a at r·<c>rowStride</c> from their starts; the coefficients are shared.</summary>
    private ref struct RecurrenceOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _h1, _h2, _u1, _u2, _g, _phi, _eta, _a1, _a2;
        private readonly nuint _rowStride;
        private nuint _o;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public RecurrenceOperator(ReadOnlySpan<T> h1, ReadOnlySpan<T> h2, ReadOnlySpan<T> u1, ReadOnlySpan<T> u2,
            ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, Span<T> a1, Span<T> a2, int rowStride)
        {
            _rowStride = (nuint)rowStride;
            _h1 = ref MemoryMarshal.GetReference(h1); _h2 = ref MemoryMarshal.GetReference(h2);
            _u1 = ref MemoryMarshal.GetReference(u1); _u2 = ref MemoryMarshal.GetReference(u2);
            _g = ref MemoryMarshal.GetReference(g); _phi = ref MemoryMarshal.GetReference(phi);
            _eta = ref MemoryMarshal.GetReference(eta);
            _a1 = ref MemoryMarshal.GetReference(a1); _a2 = ref MemoryMarshal.GetReference(a2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) => _o = (nuint)row * _rowStride;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint kc)
        {
            nuint k = _o + kc;
            var vg = Vector.LoadUnsafe(ref _g, kc); var vp = Vector.LoadUnsafe(ref _phi, kc); var ve = Vector.LoadUnsafe(ref _eta, kc);
            var x1 = Vector.LoadUnsafe(ref _h1, k); var x2 = Vector.LoadUnsafe(ref _h2, k);
            Fma(vg, x1, Fma(-vp, x2, ve * Vector.LoadUnsafe(ref _u1, k))).StoreUnsafe(ref _a1, k);
            Fma(vg, x2, Fma(vp, x1, ve * Vector.LoadUnsafe(ref _u2, k))).StoreUnsafe(ref _a2, k);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint kc)
        {
            nuint k = _o + kc;
            T x1 = Unsafe.Add(ref _h1, k), x2 = Unsafe.Add(ref _h2, k);
            T gk = Unsafe.Add(ref _g, kc), pk = Unsafe.Add(ref _phi, kc), ek = Unsafe.Add(ref _eta, kc);
            Unsafe.Add(ref _a1, k) = Fma(gk, x1, Fma(-pk, x2, ek * Unsafe.Add(ref _u1, k)));
            Unsafe.Add(ref _a2, k) = Fma(gk, x2, Fma(pk, x1, ek * Unsafe.Add(ref _u2, k)));
        }
    }
}
