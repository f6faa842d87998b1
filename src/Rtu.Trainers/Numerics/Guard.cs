using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

/// <summary>Argument checks that name the argument and the offending value, shared by every public entry point.</summary>
internal static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is strictly positive.</summary>
    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");
    }

    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
    public static void Length<T>(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{name} must have length {expected}, got {span.Length}.", name);
    }

    /// <summary>Throws unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
    public static void Length<T>(Span<T> span, int expected, string name) => Length((ReadOnlySpan<T>)span, expected, name);

    /// <summary>Throws unless every element is finite (no NaN, no ±∞).</summary>
    public static void Finite<T>(ReadOnlySpan<T> span, string name) where T : IFloatingPointIeee754<T>
    {
        // Vectorised fast path for float and double; the scalar loop below finds and reports the offending element.
        if (typeof(T) == typeof(float)
            && AllFinite(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(span)), span.Length))) return;
        if (typeof(T) == typeof(double)
            && AllFinite(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(span)), span.Length))) return;
        for (int i = 0; i < span.Length; i++)
        {
            if (!T.IsFinite(span[i]))
                throw new ArgumentException($"{name}[{i}] is {span[i]}: inputs must be finite (no NaN or ±∞).", name);
        }
    }

    /// <summary>
    /// A recurrent layer's inputs: every element finite and within ±√MaxValue of <typeparamref name="T"/> (about 1.8e19 for
    /// float, 1.3e154 for double). Why the bound: a finite input near MaxValue overflowed its first product with a
    /// weight, so the recurrent state became ±∞ and then NaN, and the learner predicted NaN from then on (each update
    /// refused as non-finite); below √MaxValue an input times a weight of the same size stays finite. The check runs
    /// before anything changes, so a refused step leaves the layer as it was.
    /// </summary>
    public static void LayerInputs<T>(ReadOnlySpan<T> span, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One vectorised pass when all is well: the largest magnitude is NaN or ∞ when any element is, and fails the test.
        if (span.IsEmpty || T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(span)) <= InputBound<T>.Value) return;
        Finite(span, name);   // names a NaN or ±∞
        int i = 0;
        while (T.Abs(span[i]) <= InputBound<T>.Value) i++;
        throw new ArgumentException(
            $"{name}[{i}] is {span[i]}: finite, but too large for a {typeof(T).Name} layer, whose inputs must lie within ±{InputBound<T>.Value:G3} "
            + $"(the square root of {typeof(T).Name}'s largest value: beyond it a product with a weight overflows). Scale or normalise the inputs.", name);
    }

    /// <summary>√MaxValue of <typeparamref name="T"/>, the bound of <see cref="LayerInputs{T}"/>.</summary>
    private static class InputBound<T> where T : IFloatingPointIeee754<T>
    {
        public static readonly T Value = typeof(T) == typeof(float) ? T.CreateTruncating(MathF.Sqrt(float.MaxValue)) : T.CreateTruncating(Math.Sqrt(double.MaxValue));
    }

    // x − x is 0 for finite x and NaN for NaN and ±∞, so the sum over all elements is 0 exactly when all are finite.
    private static bool AllFinite<T>(ReadOnlySpan<T> span) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = span.Length, i = 0;
        T tail = T.Zero;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            ref T r = ref MemoryMarshal.GetReference(span);
            var acc = Vector<T>.Zero;
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = Vector.LoadUnsafe(ref r, (nuint)i);
                acc += v - v;
            }
            if (!Vector.EqualsAll(acc, Vector<T>.Zero)) return false;
        }
        for (; i < n; i++) tail += span[i] - span[i];
        return tail == T.Zero;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{name} is {value}: it must be finite.", name);
    }

    /// <summary>Throws unless 0 ≤ <paramref name="index"/> &lt; <paramref name="count"/>.</summary>
    public static void Index(int index, int count, string name)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(name, index, $"{name} must be in [0, {count}), got {index}.");
    }
}
