namespace Rtu.Trainers.Online;

/// <summary>
/// How much of a learned correction to trust: w = E[c·v]/E[v²] clipped to [0, 1], the least-squares factor between
/// the proposal v made for a target and the target c itself (running means over every scored proposal).
/// The forecaster's RTU (<see cref="RtuForecaster"/>) and the seasonal-ratio member (<see cref="SeasonalRatioRtu"/>)
/// scale their learned part by it, and the pool's <see cref="ResidualCorrection"/> its correction: until (and unless)
/// a model has shown skill, its forecast stays at its baseline.
/// </summary>
internal sealed class SkillShrinkage
{
    private readonly double _floor;   // E[v²] at or below this: no skill shown yet (w = 0)
    private double _cv, _vv;   // running E[c·v], E[v²]
    private long _count;

    /// <summary>
    /// A factor that stays 0 while E[v²] ≤ <paramref name="floor"/>: 1e-12 for outputs in scaled units (the RTUs'), a
    /// floor near 0 for values in the series' own units, whatever their scale.
    /// </summary>
    public SkillShrinkage(double floor = 1e-12) => _floor = floor;

    /// <summary>The factor w ∈ [0, 1] (0 before any labelled row).</summary>
    public double Factor { get; private set; }

    /// <summary>One scored proposal: the target <paramref name="label"/> and the output <paramref name="output"/> proposed for it.</summary>
    public void Observe(double label, double output)
    {
        double a = 1.0 / ++_count;
        _cv += a * (label * output - _cv);
        _vv += a * (output * output - _vv);
        Factor = _vv > _floor ? Math.Clamp(_cv / _vv, 0, 1) : 0;
    }

    /// <summary>
    /// Multiplies both moments by <paramref name="squareFactor"/> (the square of a change of units): the factor is
    /// unchanged. The moments stay finite: beyond the doubles they are held at ±<see cref="double.MaxValue"/>, since a
    /// moment of ∞ is refused when read back (an outside review: a damaged file's moments of 1e300, then a change of units
    /// by 1e6, and the forecaster could not read its own save).
    /// </summary>
    public void Rescale(double squareFactor)
    {
        _cv = Math.Clamp(_cv * squareFactor, -double.MaxValue, double.MaxValue);
        _vv = Math.Min(_vv * squareFactor, double.MaxValue);
    }

    /// <summary>Writes the statistics and the factor (four values).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_cv); w.Write(_vv); w.Write(Factor); w.Write(_count);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The statistics are invalid (<paramref name="owner"/> names the model in the message).</exception>
    public void Load(BinaryReader r, string owner)
    {
        _cv = r.ReadDouble(); _vv = r.ReadDouble(); Factor = r.ReadDouble(); _count = r.ReadInt64();
        if (!double.IsFinite(_cv) || !(_vv >= 0) || !(Factor is >= 0 and <= 1) || _count < 0)
            throw new InvalidDataException($"Stored {owner}shrinkage statistics are invalid.");
    }
}
