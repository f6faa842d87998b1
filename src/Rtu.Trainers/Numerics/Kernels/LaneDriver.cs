using System.Numerics;
using System.Runtime.CompilerServices;

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
}
