using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// Fused SIMD kernels for the RTRL sensitivity traces of complex-diagonal recurrences written as 2×2 real
/// rotation–scaling blocks, one operation per file (<c>Numerics/Kernels/</c>), in the style of TensorPrimitives:
/// each operation is a small operator struct (what to do with one vector of lanes, and with one lane) run by the
/// shared <see cref="LaneDriver"/> (the loop skeleton: rows, vector body, scalar tail).
/// </summary>
/// <remarks>
/// <para>Shared by the linear RTU, the non-linear RTU and the Online LRU: with g = Re λ, φ = Im λ and η the input scale,
/// the tied pair (S11, S21) is the real and imaginary part of the complex trace e ← λ e + η x_i.</para>
/// <para>Fusing the four (or two) trace updates into one pass reads each trace element once per step, which is what
/// makes RTRL memory-bound rather than bound by several passes of <see cref="System.Numerics.Tensors.TensorPrimitives"/>.
/// The row-wise operations take all rows of a d×n trace block in one call, so the row loop runs inside the inlined
/// driver instead of one call per row.</para>
/// <para>Every entry checks its span lengths (once per call) and that no written span overlaps another span
/// (<see cref="KernelGuard"/>): the loops use unchecked references, so a short span would otherwise corrupt memory.</para>
/// <para>Where the hardware has fused multiply-add (x86 FMA3, Arm AdvSimd) the kernels contract every a·b + c into one
/// FMA (RyuJIT does not do it on its own), in the vector body and in the scalar tail alike, so an element's result does
/// not depend on whether it falls in the body or the tail, nor on the vector width. Without FMA hardware they fall back
/// to a·b + c.</para>
/// </remarks>
internal static partial class TraceKernels
{
    /// <summary>True when <see cref="Fma{T}(Vector{T}, Vector{T}, Vector{T})"/> is a hardware fused multiply-add.</summary>
    public static bool FmaAvailable { get; } = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>a·b + c, fused (one rounding) where the hardware has FMA, else multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FmaAvailable)
        {
            if (typeof(T) == typeof(float))
                return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }
        return a * b + c;
    }

    /// <summary>Scalar a·b + c, rounded as <see cref="Fma{T}(Vector{T}, Vector{T}, Vector{T})"/> rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fma<T>(T a, T b, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        FmaAvailable && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) ? T.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>a·b + c on 512-bit vectors, rounded as <see cref="Fma{T}(Vector{T}, Vector{T}, Vector{T})"/> rounds each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (FmaAvailable)
        {
            if (typeof(T) == typeof(float))
                return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }
        return a * b + c;
    }
}
