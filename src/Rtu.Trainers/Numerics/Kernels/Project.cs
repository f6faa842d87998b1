using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rtu.Trainers.Numerics;

internal static partial class TraceKernels
{
    /// <summary>
    /// u1 = x·W1 and u2 = x·W2 for B streams (row-vector convention, W row-major d×n), register-blocked: a block of
    /// columns of u1 and u2 stays in registers while every row of W is added, so u is written once instead of being
    /// loaded and stored once per row.
    /// </summary>
    /// <remarks>
    /// <paramref name="x"/>: B×d. <paramref name="w1"/>, <paramref name="w2"/>: d×n. <paramref name="u"/>: B blocks
    /// [u1 | u2] of 2n. Per element the rows are added in order i = 0, 1, …, skipping x_i = 0, each as (w·x_i) + u with
    /// two roundings: bit for bit what one TensorPrimitives.MultiplyAdd call per row computes. Column blocks outer,
    /// streams inner: the block's d rows of W (a few KiB) stay in cache while every stream uses them, so W is read from
    /// memory once per call.
    /// </remarks>
    public static void Project<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d <= 0) throw new ArgumentOutOfRangeException(nameof(d), d, $"{nameof(d)} must be positive, got {d}.");
        if (x.Length % d != 0) throw new ArgumentException($"{nameof(x)} must hold whole rows of {d}, got length {x.Length}.", nameof(x));
        int batch = x.Length / d;
        if (batch == 0 || u.Length % (2 * batch) != 0)
            throw new ArgumentException($"{nameof(u)} must hold {batch} blocks [u1 | u2], got length {u.Length}.", nameof(u));
        int n = u.Length / (2 * batch);
        KernelGuard.Length(w1, d * n, nameof(w1)); KernelGuard.Length(w2, d * n, nameof(w2));
        KernelGuard.Disjoint<T>(u, nameof(u), x, nameof(x)); KernelGuard.Disjoint<T>(u, nameof(u), w1, nameof(w1));
        KernelGuard.Disjoint<T>(u, nameof(u), w2, nameof(w2));

        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rw1 = ref MemoryMarshal.GetReference(w1); ref T rw2 = ref MemoryMarshal.GetReference(w2);
        ref T ru = ref MemoryMarshal.GetReference(u);
        nuint nn = (nuint)n, w = (nuint)Vector<T>.Count, k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + 4 * w <= nn; k += 4 * w)
                for (int b = 0; b < batch; b++)
                    ProjectFourVectors(ref Unsafe.Add(ref rx, b * d), d, ref Unsafe.Add(ref rw1, k), ref Unsafe.Add(ref rw2, k), nn,
                        ref Unsafe.Add(ref ru, (nuint)b * 2 * nn + k), nn);
            for (; k + w <= nn; k += w)
                for (int b = 0; b < batch; b++)
                    ProjectOneVector(ref Unsafe.Add(ref rx, b * d), d, ref Unsafe.Add(ref rw1, k), ref Unsafe.Add(ref rw2, k), nn,
                        ref Unsafe.Add(ref ru, (nuint)b * 2 * nn + k), nn);
        }
        for (; k < nn; k++)
            for (int b = 0; b < batch; b++)
            {
                T a1 = T.Zero, a2 = T.Zero;
                for (int i = 0; i < d; i++)
                {
                    T xi = Unsafe.Add(ref rx, b * d + i);
                    if (xi == T.Zero) continue;
                    a1 = Unsafe.Add(ref rw1, (nuint)i * nn + k) * xi + a1;
                    a2 = Unsafe.Add(ref rw2, (nuint)i * nn + k) * xi + a2;
                }
                Unsafe.Add(ref ru, (nuint)b * 2 * nn + k) = a1;
                Unsafe.Add(ref ru, (nuint)b * 2 * nn + nn + k) = a2;
            }
    }

    /// <summary>Columns [k, k + 4W) of u1 and u2 of one stream, in 8 vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ProjectFourVectors<T>(ref T x, int d, ref T w1, ref T w2, nuint stride, ref T u, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint w = (nuint)Vector<T>.Count;
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        nuint o = 0;
        for (int i = 0; i < d; i++, o += stride)
        {
            T xi = Unsafe.Add(ref x, i);
            if (xi == T.Zero) continue;
            var vx = new Vector<T>(xi);
            // (w·x) + u, not fused: the rounding of TensorPrimitives.MultiplyAdd.
            a0 = Vector.LoadUnsafe(ref w1, o) * vx + a0; a1 = Vector.LoadUnsafe(ref w1, o + w) * vx + a1;
            a2 = Vector.LoadUnsafe(ref w1, o + 2 * w) * vx + a2; a3 = Vector.LoadUnsafe(ref w1, o + 3 * w) * vx + a3;
            b0 = Vector.LoadUnsafe(ref w2, o) * vx + b0; b1 = Vector.LoadUnsafe(ref w2, o + w) * vx + b1;
            b2 = Vector.LoadUnsafe(ref w2, o + 2 * w) * vx + b2; b3 = Vector.LoadUnsafe(ref w2, o + 3 * w) * vx + b3;
        }
        a0.StoreUnsafe(ref u, 0); a1.StoreUnsafe(ref u, w); a2.StoreUnsafe(ref u, 2 * w); a3.StoreUnsafe(ref u, 3 * w);
        b0.StoreUnsafe(ref u, n); b1.StoreUnsafe(ref u, n + w); b2.StoreUnsafe(ref u, n + 2 * w); b3.StoreUnsafe(ref u, n + 3 * w);
    }

    /// <summary>Columns [k, k + W) of u1 and u2 of one stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ProjectOneVector<T>(ref T x, int d, ref T w1, ref T w2, nuint stride, ref T u, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> a = default, b = default;
        nuint o = 0;
        for (int i = 0; i < d; i++, o += stride)
        {
            T xi = Unsafe.Add(ref x, i);
            if (xi == T.Zero) continue;
            var vx = new Vector<T>(xi);
            a = Vector.LoadUnsafe(ref w1, o) * vx + a;
            b = Vector.LoadUnsafe(ref w2, o) * vx + b;
        }
        a.StoreUnsafe(ref u, 0); b.StoreUnsafe(ref u, n);
    }
}
