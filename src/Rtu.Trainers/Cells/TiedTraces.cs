using System.Numerics;
using System.Numerics.Tensors;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Cells;

/// <summary>
/// The complex (holomorphic) input-weight trace pair shared by the linear RTU and the Online LRU:
/// for a recurrence c_t = λ ⊙ c_{t-1} + η ⊙ (x·(W1 + i W2)), the sensitivity e[i,k] = ∂c_k/∂W1[i,k] obeys
/// e ← λ e + η x_i, and ∂c_k/∂W2[i,k] = i·e. Two real d×n blocks (Re e, Im e) hold everything.
/// </summary>
internal static class TiedTraces
{
    /// <summary>e ← λ e + η x for every row (traces = [Re e | Im e], each d×n).</summary>
    public static void Update<T>(Span<T> traces, int d, int n, ReadOnlySpan<T> x, ReadOnlySpan<T> lambdaRe, ReadOnlySpan<T> lambdaIm, ReadOnlySpan<T> eta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n;
        Span<T> re = traces[..dn], im = traces.Slice(dn, dn);
        for (int i = 0; i < d; i++)
            TraceKernels.UpdateTied(re.Slice(i * n, n), im.Slice(i * n, n), lambdaRe, lambdaIm, eta, x[i]);
    }

    /// <summary>
    /// gW1 += δ1 Re e + δ2 Im e and gW2 += −δ1 Im e + δ2 Re e, with δ1 = ∂L/∂Re c, δ2 = ∂L/∂Im c.
    /// <paramref name="scratch"/> (length n) receives −δ1.
    /// </summary>
    public static void AccumulateGradients<T>(ReadOnlySpan<T> traces, int d, int n, ReadOnlySpan<T> delta1, ReadOnlySpan<T> delta2,
        Span<T> gradW1, Span<T> gradW2, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dn = d * n;
        ReadOnlySpan<T> re = traces[..dn], im = traces.Slice(dn, dn);
        TensorPrimitives.Negate(delta1, scratch);
        for (int i = 0; i < d; i++)
        {
            var r = re.Slice(i * n, n); var m = im.Slice(i * n, n);
            TraceKernels.AccumulateContraction(gradW1.Slice(i * n, n), delta1, r, delta2, m);
            TraceKernels.AccumulateContraction(gradW2.Slice(i * n, n), scratch, m, delta2, r);
        }
    }

    /// <summary>dx[i] = W1[i,:]·c1 + W2[i,:]·c2 — the immediate input gradient of a layer x·W1, x·W2.</summary>
    public static void InputGradient<T>(ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, ReadOnlySpan<T> c1, ReadOnlySpan<T> c2, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = c1.Length;
        for (int i = 0; i < dx.Length; i++)
            dx[i] = TensorPrimitives.Dot(w1.Slice(i * n, n), c1) + TensorPrimitives.Dot(w2.Slice(i * n, n), c2);
    }

    /// <summary>u1 = x·W1, u2 = x·W2 (row-vector convention, W row-major d×n).</summary>
    public static void Project<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w1, ReadOnlySpan<T> w2, Span<T> u1, Span<T> u2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = u1.Length;
        u1.Clear(); u2.Clear();
        for (int i = 0; i < x.Length; i++)
        {
            T xi = x[i];
            if (xi == T.Zero) continue;
            TensorPrimitives.MultiplyAdd(w1.Slice(i * n, n), xi, u1, u1);
            TensorPrimitives.MultiplyAdd(w2.Slice(i * n, n), xi, u2, u2);
        }
    }
}
