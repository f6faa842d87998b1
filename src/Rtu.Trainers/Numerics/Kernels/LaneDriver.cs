using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Rtu.Trainers.Numerics;

/// <summary>
/// One element-wise kernel operation over rows of lanes: what to do with one vector of lanes and with one lane of the
/// current row. Implemented by small <c>ref struct</c>s that hold unchecked references into spans whose lengths their
/// entry point has checked (<see cref="KernelGuard"/>).
/// </summary>
internal interface ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Positions the operator on row <paramref name="row"/> (its offset, its per-row scalars).</summary>
    void BeginRow(int row);

    /// <summary>Processes lanes [k, k + <see cref="Vector{T}.Count"/>) of the current row.</summary>
    void InvokeVector(nuint k);

    /// <summary>Processes lane k of the current row, rounded exactly as <see cref="InvokeVector(nuint)"/> rounds it.</summary>
    void InvokeScalar(nuint k);
}

/// <summary>
/// An operator that also has a <see cref="Vector512{T}"/> body, for hardware where 512-bit vectors are accelerated but
/// <see cref="Vector{T}"/> stays 256 bits wide (.NET's default on AVX-512 machines). It rounds every lane exactly as
/// <see cref="ILaneOperator{T}.InvokeVector(nuint)"/> does (the same IEEE operations per lane), so results do not depend
/// on the width.
/// </summary>
internal interface IWideLaneOperator<T> : ILaneOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Processes lanes [k, k + <see cref="Vector512{T}.Count"/>) of the current row.</summary>
    void InvokeWide(nuint k);
}

/// <summary>The one loop skeleton of every trace kernel: rows outer, then the vector body and the scalar tail.</summary>
internal static class LaneDriver
{
    /// <summary>Runs <paramref name="op"/> over <paramref name="rows"/> rows of <paramref name="length"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TOp>(ref TOp op, int rows, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, ILaneOperator<T>, allows ref struct
    {
        nuint n = (nuint)length, w = (nuint)Vector<T>.Count;
        // The vector body only when a whole vector fits, so short rows run the scalar path alone.
        nuint body = Vector.IsHardwareAccelerated && n >= w ? n - n % w : 0;
        for (int r = 0; r < rows; r++)
        {
            op.BeginRow(r);
            nuint k = 0;
            for (; k < body; k += w) op.InvokeVector(k);
            for (; k < n; k++) op.InvokeScalar(k);
        }
    }

    /// <summary>
    /// True when <see cref="RunWide{T, TOp}"/> uses 512-bit vectors: <see cref="Vector512.IsHardwareAccelerated"/>, wider
    /// than <see cref="Vector{T}"/>, and not switched off with the AppContext switch
    /// <c>Rtu.DisableVector512</c> (set before the first step; used to measure the 256-bit path on the same machine).
    /// </summary>
    public static readonly bool Wide = Vector512.IsHardwareAccelerated && Vector512<float>.Count > Vector<float>.Count
        && !(AppContext.TryGetSwitch("Rtu.DisableVector512", out bool off) && off);

    /// <summary>
    /// <see cref="Run{T, TOp}"/> with a 512-bit body first where <see cref="Wide"/> and the caller asks for it
    /// (<paramref name="wide"/>: measured per size, see RtuLayer): per row, whole 512-bit vectors, then at
    /// most one <see cref="Vector{T}"/>, then the scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunWide<T, TOp>(ref TOp op, int rows, int length, bool wide)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IWideLaneOperator<T>, allows ref struct
    {
        if (!(wide && Wide)) { Run<T, TOp>(ref op, rows, length); return; }
        nuint n = (nuint)length, w = (nuint)Vector<T>.Count, ww = (nuint)Vector512<T>.Count;
        nuint wideBody = n - n % ww, body = n - n % w;
        for (int r = 0; r < rows; r++)
        {
            op.BeginRow(r);
            nuint k = 0;
            for (; k < wideBody; k += ww) op.InvokeWide(k);
            for (; k < body; k += w) op.InvokeVector(k);
            for (; k < n; k++) op.InvokeScalar(k);
        }
    }
}
