using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// Tied (holomorphic) trace pair of every row i: S11 ← g S11 − φ S21 + η x_i, S21 ← g S21 + φ S11,
    /// i.e. the complex trace e ← λ e + η x_i.
    /// </summary>
    /// <remarks><paramref name="s11"/>: Re e, rows × n with rows = <paramref name="x"/>.Length (updated in place); <paramref name="s21"/> Im e likewise. <paramref name="g"/>: Re λ, length n; <paramref name="phi"/> (Im λ) and <paramref name="eta"/> likewise. <paramref name="x"/>: The input, one value per row.</remarks>
    public static void UpdateTied<T>(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length, size = x.Length * n;
        KernelGuard.Length<T>(phi, n, nameof(phi)); KernelGuard.Length<T>(eta, n, nameof(eta));
        KernelGuard.Length<T>(s11, size, nameof(s11)); KernelGuard.Length<T>(s21, size, nameof(s21));
        KernelGuard.Disjoint<T>(s11, nameof(s11), s21, nameof(s21));
        DisjointFromInputs<T>(s11, nameof(s11), g, phi, eta, default, default, x);
        DisjointFromInputs<T>(s21, nameof(s21), g, phi, eta, default, default, x);
        UpdateTiedUnchecked(s11, s21, g, phi, eta, x);
    }

    /// <summary>
    /// <see cref="UpdateTied{T}"/> without argument checks, for callers whose spans have the required lengths and do not
    /// overlap by construction (the RTU layers check their public arguments once per call, not once per kernel call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UpdateTiedUnchecked<T>(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.Length;
        var op = new UpdateTiedOperator<T>(s11, s21, g, phi, eta, x, n);
        LaneDriver.Run<T, UpdateTiedOperator<T>>(ref op, x.Length, n);
    }

    private ref struct UpdateTiedOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _s11, _s21, _g, _phi, _eta, _x;
        private readonly nuint _n;
        private nuint _row;
        private Vector<T> _vx;
        private T _xi;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public UpdateTiedOperator(Span<T> s11, Span<T> s21, ReadOnlySpan<T> g, ReadOnlySpan<T> phi, ReadOnlySpan<T> eta,
            ReadOnlySpan<T> x, int n)
        {
            _s11 = ref MemoryMarshal.GetReference(s11); _s21 = ref MemoryMarshal.GetReference(s21);
            _g = ref MemoryMarshal.GetReference(g); _phi = ref MemoryMarshal.GetReference(phi);
            _eta = ref MemoryMarshal.GetReference(eta); _x = ref MemoryMarshal.GetReference(x);
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
            Fma(vg, a11, Fma(-vp, a21, ex)).StoreUnsafe(ref _s11, o);
            Fma(vg, a21, vp * a11).StoreUnsafe(ref _s21, o);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint k)
        {
            nuint o = _row + k;
            ref T r11 = ref Unsafe.Add(ref _s11, o); ref T r21 = ref Unsafe.Add(ref _s21, o);
            T a11 = r11, a21 = r21, gk = Unsafe.Add(ref _g, k), pk = Unsafe.Add(ref _phi, k);
            r11 = Fma(gk, a11, Fma(-pk, a21, Unsafe.Add(ref _eta, k) * _xi));
            r21 = Fma(gk, a21, pk * a11);
        }
    }
}
