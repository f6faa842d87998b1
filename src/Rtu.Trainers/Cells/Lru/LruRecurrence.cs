using System.Numerics;
using System.Numerics.Tensors;

namespace Rtu.Trainers.Cells.Lru;

/// <summary>
/// The LRU step shared by <see cref="OnlineLruLayer{T}"/> (RTRL) and <see cref="LruCore{T}"/> (T-BPTT): the diagonal
/// complex recurrence, the read-out z = Re(h·C) and its back-propagation into C and h.
/// State and its gradient are laid out [re | im], n each.
/// </summary>
internal static class LruRecurrence
{
    /// <summary>
    /// h' = λ h + γ u (complex, per unit). <paramref name="next"/> may be <paramref name="previous"/> (in place): unit k is
    /// read before it is written.
    /// </summary>
    public static void Step<T>(ReadOnlySpan<T> previous, ReadOnlySpan<T> uRe, ReadOnlySpan<T> uIm,
        ReadOnlySpan<T> lambdaRe, ReadOnlySpan<T> lambdaIm, ReadOnlySpan<T> gamma, Span<T> next)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = lambdaRe.Length;
        for (int k = 0; k < n; k++)
        {
            T hr = previous[k], hi = previous[n + k];
            next[k] = lambdaRe[k] * hr - lambdaIm[k] * hi + gamma[k] * uRe[k];
            next[n + k] = lambdaRe[k] * hi + lambdaIm[k] * hr + gamma[k] * uIm[k];
        }
    }

    /// <summary>z = h_re·C_re − h_im·C_im (C are [n, m]).</summary>
    public static void ProjectOut<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> cRe, ReadOnlySpan<T> cIm, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = h.Length / 2, m = z.Length;
        z.Clear();
        for (int k = 0; k < n; k++)
        {
            TensorPrimitives.MultiplyAdd(cRe.Slice(k * m, m), h[k], z, z);
            TensorPrimitives.MultiplyAdd(cIm.Slice(k * m, m), -h[n + k], z, z);
        }
    }

    /// <summary>
    /// Back-propagates dL/dz through z = h_re·C_re − h_im·C_im: accumulates dL/dC into <paramref name="gCRe"/>,
    /// <paramref name="gCIm"/> and writes dL/dh into <paramref name="dh"/> ([re | im]).
    /// </summary>
    public static void BackpropOut<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> h, ReadOnlySpan<T> cRe, ReadOnlySpan<T> cIm,
        Span<T> gCRe, Span<T> gCIm, Span<T> dh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = h.Length / 2, m = dz.Length;
        for (int k = 0; k < n; k++)
        {
            TensorPrimitives.MultiplyAdd(dz, h[k], gCRe.Slice(k * m, m), gCRe.Slice(k * m, m));
            TensorPrimitives.MultiplyAdd(dz, -h[n + k], gCIm.Slice(k * m, m), gCIm.Slice(k * m, m));
            dh[k] = TensorPrimitives.Dot(cRe.Slice(k * m, m), dz);
            dh[n + k] = -TensorPrimitives.Dot(cIm.Slice(k * m, m), dz);
        }
    }
}
