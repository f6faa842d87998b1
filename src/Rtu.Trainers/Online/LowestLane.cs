using System.Numerics;

namespace Rtu.Trainers.Online;

/// <summary>
/// The lane with the lowest value over vectors offered in lane order: <c>if (v &lt; low) { low = v; best = i; }</c> run
/// over all lanes, done per vector lane and then across lanes (the lowest index among equal lowest values), so the
/// choice is the scalar loop's exactly, NaN never chosen and the previous choice kept when no value is below +∞.
/// </summary>
internal struct LowestLane
{
    private Vector<double> _low;
    private Vector<long> _at, _index;

    /// <summary>Before the first vector (lanes 0 … <see cref="Vector{T}.Count"/> − 1).</summary>
    public static LowestLane Start() =>
        new() { _low = new Vector<double>(double.PositiveInfinity), _at = new Vector<long>(-1), _index = Vector<long>.Indices };

    /// <summary>The values of the next <see cref="Vector{T}.Count"/> lanes.</summary>
    public void Offer(Vector<double> values)
    {
        var lower = Vector.LessThan(values, _low);
        _low = Vector.ConditionalSelect(lower, values, _low);
        _at = Vector.ConditionalSelect(lower, _index, _at);
        _index += new Vector<long>(Vector<long>.Count);
    }

    /// <summary>The lane with the lowest value; <paramref name="unchanged"/> when none was below +∞.</summary>
    public readonly int Lowest(int unchanged)
    {
        double low = double.PositiveInfinity;
        long at = -1;
        for (int k = 0; k < Vector<double>.Count; k++)
        {
            if (_at[k] < 0) continue;
            if (_low[k] < low || (_low[k] == low && _at[k] < at)) { low = _low[k]; at = _at[k]; }
        }
        return at < 0 ? unchanged : (int)at;
    }
}
