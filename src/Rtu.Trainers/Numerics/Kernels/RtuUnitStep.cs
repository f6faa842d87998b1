using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// The whole O(n) part of a linear-RTU step of one stream in one pass (spec §1–2): with (h1, h2) the previous state,
    /// a1 = g h1 − φ h2 + η u1, a2 = g h2 + φ h1 + η u2, the ν/θ traces (F = 1)
    /// S1ν ← ∂g/∂ν h1 − ∂φ/∂ν h2 + g S1ν − φ S2ν + ∂η/∂ν u1, S2ν ← ∂g/∂ν h2 + ∂φ/∂ν h1 + g S2ν + φ S1ν + ∂η/∂ν u2,
    /// S1θ ← ∂g/∂θ h1 − ∂φ/∂θ h2 + g S1θ − φ S2θ, S2θ ← ∂g/∂θ h2 + ∂φ/∂θ h1 + g S2θ + φ S1θ, and the new state h ← a.
    /// </summary>
    /// <remarks>
    /// <paramref name="state"/>: [h1 | h2], 2n, updated in place. <paramref name="u"/>: [u1 | u2] = x·[W1 | W2], 2n.
    /// <paramref name="unitTraces"/>: [S1ν | S2ν | S1θ | S2θ], 4n, updated in place. Rounded exactly as the separate
    /// recurrence and unit-trace passes it replaces (F = 1 multiplies exactly).
    /// </remarks>
    public static void LinearRtuUnitStep<T>(Span<T> state, ReadOnlySpan<T> u, Span<T> unitTraces, in UnitCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = c.Length;
        KernelGuard.Length<T>(state, 2 * n, nameof(state)); KernelGuard.Length(u, 2 * n, nameof(u));
        KernelGuard.Length<T>(unitTraces, 4 * n, nameof(unitTraces));
        KernelGuard.Disjoint<T>(state, nameof(state), u, nameof(u)); KernelGuard.Disjoint<T>(state, nameof(state), unitTraces, nameof(unitTraces));
        KernelGuard.Disjoint<T>(unitTraces, nameof(unitTraces), u, nameof(u));
        c.CheckDisjoint(state, nameof(state)); c.CheckDisjoint(unitTraces, nameof(unitTraces));
        LinearRtuUnitStepUnchecked(state, u, unitTraces, c, 1);
    }

    /// <summary>
    /// <see cref="LinearRtuUnitStep{T}"/> of <paramref name="streams"/> streams in one pass (stream b's state and u at b·2n,
    /// its unit traces at b·4n), without argument checks: for callers whose buffers have these lengths and do not overlap
    /// by construction (the RTU layer checks its public arguments once per call instead of once per kernel and stream).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LinearRtuUnitStepUnchecked<T>(Span<T> state, ReadOnlySpan<T> u, Span<T> unitTraces, in UnitCoefficients<T> c, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var op = new RtuUnitStepOperator<T, IdentityDerivative<T>, IdentityActivation<T>>(state, state, u, unitTraces, default, default, c,
            nonLinear: false, activate: false);
        LaneDriver.Run<T, RtuUnitStepOperator<T, IdentityDerivative<T>, IdentityActivation<T>>>(ref op, streams, c.Length);
    }

    /// <summary>
    /// <see cref="LinearRtuUnitStepUnchecked{T}"/> with the output activation in the same pass: y = f(h) into
    /// <paramref name="output"/> and F = f'(y) into <paramref name="derivative"/> (2n per stream), for an f exact per lane
    /// (<typeparamref name="TActivation"/>; <typeparamref name="TDerivative"/> its derivative from the output). Rounded as
    /// the unit step followed by <see cref="ActivationFunctions.Apply{T}"/> and <see cref="ActivationFunctions.DerivativeFromOutput{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LinearRtuUnitStepActivatedUnchecked<T, TDerivative, TActivation>(Span<T> state, ReadOnlySpan<T> u, Span<T> unitTraces,
        Span<T> derivative, Span<T> output, in UnitCoefficients<T> c, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
        where TActivation : ILaneActivation<T>
    {
        var op = new RtuUnitStepOperator<T, TDerivative, TActivation>(state, state, u, unitTraces, derivative, output, c, nonLinear: false, activate: true);
        LaneDriver.Run<T, RtuUnitStepOperator<T, TDerivative, TActivation>>(ref op, streams, c.Length);
    }

    /// <summary>
    /// The O(n) part of a non-linear-RTU step of one stream after the activation, in one pass: F = f'(a) from the
    /// activated a (<typeparamref name="TDerivative"/>), the ν/θ traces as in <see cref="LinearRtuUnitStep{T}"/> each
    /// multiplied by F1 or F2, the new state h ← f(a) and the output y ← f(a).
    /// </summary>
    /// <remarks>
    /// <paramref name="state"/>: the previous [h1 | h2] (2n), replaced by <paramref name="activated"/> = f(a) (2n).
    /// <paramref name="derivative"/> (2n) receives F; <paramref name="output"/> (2n) receives f(a).
    /// </remarks>
    public static void NonLinearRtuUnitStep<T, TDerivative>(Span<T> state, ReadOnlySpan<T> activated, ReadOnlySpan<T> u, Span<T> unitTraces,
        Span<T> derivative, Span<T> output, in UnitCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
    {
        int n = c.Length;
        KernelGuard.Length<T>(state, 2 * n, nameof(state)); KernelGuard.Length(activated, 2 * n, nameof(activated));
        KernelGuard.Length(u, 2 * n, nameof(u)); KernelGuard.Length<T>(unitTraces, 4 * n, nameof(unitTraces));
        KernelGuard.Length<T>(derivative, 2 * n, nameof(derivative)); KernelGuard.Length<T>(output, 2 * n, nameof(output));
        CheckWritten(state, nameof(state), activated, u, unitTraces, derivative, output, c);
        CheckWritten(unitTraces, nameof(unitTraces), activated, u, state, derivative, output, c);
        CheckWritten(derivative, nameof(derivative), activated, u, state, unitTraces, output, c);
        CheckWritten(output, nameof(output), activated, u, state, unitTraces, derivative, c);
        NonLinearRtuUnitStepUnchecked<T, TDerivative>(state, activated, u, unitTraces, derivative, output, c, 1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void CheckWritten(ReadOnlySpan<T> written, string name, ReadOnlySpan<T> s1, ReadOnlySpan<T> s2, ReadOnlySpan<T> s3,
            ReadOnlySpan<T> s4, ReadOnlySpan<T> s5, in UnitCoefficients<T> c)
        {
            KernelGuard.Disjoint(written, name, s1, "another argument"); KernelGuard.Disjoint(written, name, s2, "another argument");
            KernelGuard.Disjoint(written, name, s3, "another argument"); KernelGuard.Disjoint(written, name, s4, "another argument");
            KernelGuard.Disjoint(written, name, s5, "another argument");
            c.CheckDisjoint(written, name);
        }
    }

    /// <summary>
    /// <see cref="NonLinearRtuUnitStep{T, TDerivative}"/> of <paramref name="streams"/> streams in one pass (every 2n block
    /// at b·2n, the unit traces at b·4n), without argument checks (see <see cref="LinearRtuUnitStepUnchecked{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NonLinearRtuUnitStepUnchecked<T, TDerivative>(Span<T> state, ReadOnlySpan<T> activated, ReadOnlySpan<T> u,
        Span<T> unitTraces, Span<T> derivative, Span<T> output, in UnitCoefficients<T> c, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
    {
        var op = new RtuUnitStepOperator<T, TDerivative, IdentityActivation<T>>(state, activated, u, unitTraces, derivative, output, c,
            nonLinear: true, activate: false);
        LaneDriver.Run<T, RtuUnitStepOperator<T, TDerivative, IdentityActivation<T>>>(ref op, streams, c.Length);
    }

    /// <summary>
    /// The whole O(n) part of a non-linear-RTU step in one pass, for an activation exact per lane (<typeparamref name="TActivation"/>):
    /// the recurrence a = λh + ηu and f(a) in-lane, then as <see cref="NonLinearRtuUnitStepUnchecked{T, TDerivative}"/>. Rounded as
    /// <see cref="RecurrenceUnchecked{T}"/>, <see cref="ActivationFunctions.Apply{T}"/> and that step (no a buffer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NonLinearRtuUnitStepFusedUnchecked<T, TDerivative, TActivation>(Span<T> state, ReadOnlySpan<T> u,
        Span<T> unitTraces, Span<T> derivative, Span<T> output, in UnitCoefficients<T> c, int streams)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
        where TActivation : ILaneActivation<T>
    {
        var op = new RtuUnitStepOperator<T, TDerivative, TActivation>(state, state, u, unitTraces, derivative, output, c, nonLinear: true, activate: true);
        LaneDriver.Run<T, RtuUnitStepOperator<T, TDerivative, TActivation>>(ref op, streams, c.Length);
    }

    /// <summary>
    /// One lane (or vector of lanes) of the RTU unit step. Linear: a from the recurrence, F = 1 (not multiplied); with
    /// <c>activate</c>, also y = f(a) and F = f'(y) stored. Non-linear: a = f(a) given (or, with <c>activate</c>, computed and
    /// activated in-lane), F = f'(a) stored, h and y ← a. Row r is stream r: its 2n blocks at r·2n, its unit traces at r·4n;
    /// the coefficients are shared.
    /// </summary>
    private ref struct RtuUnitStepOperator<T, TDerivative, TActivation> : ILaneOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IActivationDerivative<T>
        where TActivation : ILaneActivation<T>
    {
        private readonly ref T _h, _act, _u, _tr, _f, _y, _g, _phi, _eta, _dgn, _dpn, _den, _dgt, _dpt;
        private readonly nuint _n;
        private readonly bool _nonLinear, _activate;
        private nuint _o2, _o4; // the current stream's offset in the 2n-blocks and in the unit traces

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public RtuUnitStepOperator(Span<T> state, ReadOnlySpan<T> activated, ReadOnlySpan<T> u, Span<T> unitTraces,
            Span<T> derivative, Span<T> output, in UnitCoefficients<T> c, bool nonLinear, bool activate)
        {
            _h = ref MemoryMarshal.GetReference(state); _act = ref MemoryMarshal.GetReference(activated);
            _u = ref MemoryMarshal.GetReference(u); _tr = ref MemoryMarshal.GetReference(unitTraces);
            _f = ref MemoryMarshal.GetReference(derivative); _y = ref MemoryMarshal.GetReference(output);
            _g = ref MemoryMarshal.GetReference(c.G); _phi = ref MemoryMarshal.GetReference(c.Phi);
            _eta = ref MemoryMarshal.GetReference(c.Eta);
            _dgn = ref MemoryMarshal.GetReference(c.DgDnu); _dpn = ref MemoryMarshal.GetReference(c.DphiDnu);
            _den = ref MemoryMarshal.GetReference(c.DetaDnu);
            _dgt = ref MemoryMarshal.GetReference(c.DgDtheta); _dpt = ref MemoryMarshal.GetReference(c.DphiDtheta);
            _n = (nuint)c.Length;
            _nonLinear = nonLinear;
            _activate = activate;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(int row) { _o2 = (nuint)row * 2 * _n; _o4 = (nuint)row * 4 * _n; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeVector(nuint kc)
        {
            // kc: the unit (coefficients); k, k2: its lanes in the stream's [.. | ..] blocks; kt: in its unit traces.
            nuint n = _n, k = _o2 + kc, k2 = k + n, kt = _o4 + kc;
            var vg = Vector.LoadUnsafe(ref _g, kc); var vp = Vector.LoadUnsafe(ref _phi, kc); var np = -vp;
            var x1 = Vector.LoadUnsafe(ref _h, k); var x2 = Vector.LoadUnsafe(ref _h, k2);
            var u1 = Vector.LoadUnsafe(ref _u, k); var u2 = Vector.LoadUnsafe(ref _u, k2);
            Vector<T> a1, a2;
            if (_nonLinear && !_activate)
            {
                a1 = Vector.LoadUnsafe(ref _act, k); a2 = Vector.LoadUnsafe(ref _act, k2);
            }
            else
            {
                var ve = Vector.LoadUnsafe(ref _eta, kc);
                a1 = Fma(vg, x1, Fma(np, x2, ve * u1));
                a2 = Fma(vg, x2, Fma(vp, x1, ve * u2));
                if (_nonLinear) { a1 = TActivation.Of(a1); a2 = TActivation.Of(a2); }
            }
            var en = Vector.LoadUnsafe(ref _den, kc);
            var gn = Vector.LoadUnsafe(ref _dgn, kc); var pn = Vector.LoadUnsafe(ref _dpn, kc);
            var gt = Vector.LoadUnsafe(ref _dgt, kc); var pt = Vector.LoadUnsafe(ref _dpt, kc);
            var a = Vector.LoadUnsafe(ref _tr, kt); var c = Vector.LoadUnsafe(ref _tr, n + kt);
            var at = Vector.LoadUnsafe(ref _tr, 2 * n + kt); var ct = Vector.LoadUnsafe(ref _tr, 3 * n + kt);
            var s1n = Fma(gn, x1, Fma(-pn, x2, Fma(vg, a, Fma(np, c, en * u1))));
            var s2n = Fma(gn, x2, Fma(pn, x1, Fma(vg, c, Fma(vp, a, en * u2))));
            var s1t = Fma(gt, x1, Fma(-pt, x2, Fma(vg, at, np * ct)));
            var s2t = Fma(gt, x2, Fma(pt, x1, Fma(vg, ct, vp * at)));
            if (_nonLinear)
            {
                var f1 = TDerivative.Of(a1); var f2 = TDerivative.Of(a2);
                s1n *= f1; s2n *= f2; s1t *= f1; s2t *= f2;
                f1.StoreUnsafe(ref _f, k); f2.StoreUnsafe(ref _f, k2);
                a1.StoreUnsafe(ref _y, k); a2.StoreUnsafe(ref _y, k2);
            }
            else if (_activate)
            {
                var y1 = TActivation.Of(a1); var y2 = TActivation.Of(a2);
                y1.StoreUnsafe(ref _y, k); y2.StoreUnsafe(ref _y, k2);
                TDerivative.Of(y1).StoreUnsafe(ref _f, k); TDerivative.Of(y2).StoreUnsafe(ref _f, k2);
            }
            s1n.StoreUnsafe(ref _tr, kt); s2n.StoreUnsafe(ref _tr, n + kt);
            s1t.StoreUnsafe(ref _tr, 2 * n + kt); s2t.StoreUnsafe(ref _tr, 3 * n + kt);
            a1.StoreUnsafe(ref _h, k); a2.StoreUnsafe(ref _h, k2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void InvokeScalar(nuint kc)
        {
            nuint n = _n, k = _o2 + kc, k2 = k + n, kt = _o4 + kc;
            T gk = Unsafe.Add(ref _g, kc), pk = Unsafe.Add(ref _phi, kc);
            T x1 = Unsafe.Add(ref _h, k), x2 = Unsafe.Add(ref _h, k2), u1 = Unsafe.Add(ref _u, k), u2 = Unsafe.Add(ref _u, k2);
            T a1, a2;
            if (_nonLinear && !_activate)
            {
                a1 = Unsafe.Add(ref _act, k); a2 = Unsafe.Add(ref _act, k2);
            }
            else
            {
                T ek = Unsafe.Add(ref _eta, kc);
                a1 = Fma(gk, x1, Fma(-pk, x2, ek * u1));
                a2 = Fma(gk, x2, Fma(pk, x1, ek * u2));
                if (_nonLinear) { a1 = TActivation.Of(a1); a2 = TActivation.Of(a2); }
            }
            T gn = Unsafe.Add(ref _dgn, kc), pn = Unsafe.Add(ref _dpn, kc), en = Unsafe.Add(ref _den, kc);
            T gt = Unsafe.Add(ref _dgt, kc), pt = Unsafe.Add(ref _dpt, kc);
            ref T r1n = ref Unsafe.Add(ref _tr, kt); ref T r2n = ref Unsafe.Add(ref _tr, n + kt);
            ref T r1t = ref Unsafe.Add(ref _tr, 2 * n + kt); ref T r2t = ref Unsafe.Add(ref _tr, 3 * n + kt);
            T a = r1n, c = r2n, at = r1t, ct = r2t;
            T s1n = Fma(gn, x1, Fma(-pn, x2, Fma(gk, a, Fma(-pk, c, en * u1))));
            T s2n = Fma(gn, x2, Fma(pn, x1, Fma(gk, c, Fma(pk, a, en * u2))));
            T s1t = Fma(gt, x1, Fma(-pt, x2, Fma(gk, at, -pk * ct)));
            T s2t = Fma(gt, x2, Fma(pt, x1, Fma(gk, ct, pk * at)));
            if (_nonLinear)
            {
                T f1 = TDerivative.Of(a1), f2 = TDerivative.Of(a2);
                s1n *= f1; s2n *= f2; s1t *= f1; s2t *= f2;
                Unsafe.Add(ref _f, k) = f1; Unsafe.Add(ref _f, k2) = f2;
                Unsafe.Add(ref _y, k) = a1; Unsafe.Add(ref _y, k2) = a2;
            }
            else if (_activate)
            {
                T y1 = TActivation.Of(a1), y2 = TActivation.Of(a2);
                Unsafe.Add(ref _y, k) = y1; Unsafe.Add(ref _y, k2) = y2;
                Unsafe.Add(ref _f, k) = TDerivative.Of(y1); Unsafe.Add(ref _f, k2) = TDerivative.Of(y2);
            }
            r1n = s1n; r2n = s2n; r1t = s1t; r2t = s2t;
            Unsafe.Add(ref _h, k) = a1; Unsafe.Add(ref _h, k2) = a2;
        }
    }
}
