using System.Numerics;
using System.Runtime.CompilerServices;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// f(a) of one vector of lanes, for the activations whose value does not depend on how a span is split into vectors
/// (identity, ReLU): the fused RTU unit step applies them in-lane, bit-identical to <see cref="ActivationFunctions.Apply{T}"/>
/// over the whole span. (TensorPrimitives' tanh and sigmoid are not reproduced per lane; they keep their own pass.)
/// </summary>
internal interface ILaneActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>f of every lane of <paramref name="a"/>.</summary>
    static abstract Vector<T> Of(Vector<T> a);

    /// <summary>f of one lane, rounded as <see cref="Of(Vector{T})"/>.</summary>
    static abstract T Of(T a);
}

/// <summary>identity(a) = a.</summary>
internal readonly struct IdentityActivation<T> : ILaneActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Of(Vector<T> a) => a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T a) => a;
}

/// <summary>
/// relu(a) as TensorPrimitives.Max(a, 0) (IEEE 754:2019 maximum): a when a &gt; 0 or a is NaN (propagated), else +0
/// (so −0 → +0).
/// </summary>
internal readonly struct ReluActivation<T> : ILaneActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Of(Vector<T> a) =>
        Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<T>.Zero) | ~Vector.Equals(a, a), a, Vector<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Of(T a) => a > T.Zero || T.IsNaN(a) ? a : T.Zero;
}
