using System.Numerics;
using System.Runtime.CompilerServices;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// f'(a) from the activation's output y = f(a), one lane or one vector of lanes: the single definition used by
/// <see cref="ActivationFunctions.DerivativeFromOutput{T}"/> and by the fused RTU unit step, so both round alike.
/// </summary>
internal interface IActivationDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>f'(a) of every lane of <paramref name="y"/>.</summary>
    static abstract Vector<T> Of(Vector<T> y);

    /// <summary>f'(a) of one lane, rounded as <see cref="Of(Vector{T})"/>.</summary>
    static abstract T Of(T y);
}

/// <summary>identity' = 1.</summary>
internal readonly struct IdentityDerivative<T> : IActivationDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Of(Vector<T> y) => Vector<T>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T y) => T.One;
}

/// <summary>relu' = 1[y &gt; 0] (0 at 0), branch-free (a branch per element mispredicts on ReLU outputs).</summary>
internal readonly struct ReluDerivative<T> : IActivationDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Of(Vector<T> y) => Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T y) => y > T.Zero ? T.One : T.Zero;
}

/// <summary>tanh' = 1 − y².</summary>
internal readonly struct TanhDerivative<T> : IActivationDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Of(Vector<T> y) => Vector<T>.One - y * y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T y) => T.One - y * y;
}

/// <summary>sigmoid' = y(1 − y).</summary>
internal readonly struct SigmoidDerivative<T> : IActivationDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Of(Vector<T> y) => y * (Vector<T>.One - y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T y) => y * (T.One - y);
}
