using System.Numerics;

namespace Rtu.Trainers.Online;

/// <summary>
/// The lanes the grid-fitted members (<see cref="FittedLinearTrend"/>, <see cref="FittedDampedTrend"/>,
/// <see cref="FittedDriftSmoothing"/>) run their grid points in: one array per constant and per state, a whole number
/// of <see cref="Vector{T}"/> long, so every point is updated by the same vector code and no scalar tail repeats the
/// recursion. The padding lanes are copies of the last grid point: they compute exactly its values, so with the lowest
/// index winning a tie (<see cref="LowestLane"/>) they are never chosen, and nothing outside the first
/// <c>count</c> lanes is saved.
/// </summary>
internal static class GridLanes
{
    /// <summary><paramref name="count"/> rounded up to a whole number of vectors.</summary>
    public static int Padded(int count) => (count + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;

    /// <summary>The grid's values of one constant, padded by copies of the last.</summary>
    public static double[] Constant(IReadOnlyList<double> values)
    {
        var lanes = new double[Padded(values.Count)];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = values[Math.Min(i, values.Count - 1)];
        return lanes;
    }

    /// <summary>Makes the padding lanes of <paramref name="lanes"/> copies of lane <paramref name="count"/> − 1 again (after a load).</summary>
    public static void CopyLastIntoPadding(double[] lanes, int count) => lanes.AsSpan(count).Fill(lanes[count - 1]);
}
