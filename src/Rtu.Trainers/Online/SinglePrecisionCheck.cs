namespace Rtu.Trainers.Online;

/// <summary>
/// Whether a series' values are too large for their changes to survive single precision: ML.NET reads numeric columns
/// as floats, and the forecaster writes its forecasts (and the ONNX graph computes) in floats, so a value is rounded to
/// a step of about 6e-8 of its size. Add every value (missing ones as NaN), then ask <see cref="Warning"/>.
/// </summary>
/// <remarks>
/// Why: a meter reading near 1e7 that grows by about 1 a step is rounded to whole numbers. Measured with the forecaster's
/// defaults on 2,000 steps (a meter growing by 0.5–1.5 a step, and a cycle of amplitude 10 with noise, offset by a
/// constant), the one-step MAE over the run without the offset: offset 1e6, +0 %; 2.1e6 (a rounding step of 0.25),
/// +2 % and +1 %; 4.2e6 (0.5), +10 % and +3 %; 8.4e6 (1), +34 % and +47 %; 1e8 (8): worse than the naive forecast. The
/// warning is given from a rounding step of a tenth of the mean change on: forecast the changes, or subtract a
/// reference level (the first value, say) and add it back.
/// </remarks>
public sealed class SinglePrecisionCheck
{
    /// <summary>The warning is given when the rounding step at the largest value exceeds this share of the mean change.</summary>
    public const double StepShare = 0.1;

    private double _last = double.NaN, _sumChange, _largest;
    private long _changes;

    /// <summary>Adds the next value of the series (NaN or ±∞: missing; the change is then taken across the gap).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value)) return;
        _largest = Math.Max(_largest, Math.Abs(value));
        if (double.IsFinite(_last)) { _sumChange += Math.Abs(value - _last); _changes++; }
        _last = value;
    }

    /// <summary>The rounding step of a float at the largest value added (0 before any).</summary>
    public double RoundingStep
    {
        get
        {
            float largest = (float)Math.Min(_largest, float.MaxValue / 2);   // below float.MaxValue, so that a next float exists
            return _largest == 0 ? 0 : MathF.BitIncrement(largest) - largest;
        }
    }

    /// <summary>The mean absolute change from one observed value to the next (0 before two).</summary>
    public double MeanChange => _changes == 0 ? 0 : _sumChange / _changes;

    /// <summary>
    /// A sentence for a fit's warnings when single precision rounds the values by more than <see cref="StepShare"/> of
    /// their mean change, naming <paramref name="which"/> series; null otherwise (and for a constant series).
    /// </summary>
    public string? Warning(string which)
    {
        double change = MeanChange, step = RoundingStep;
        if (change == 0 || step <= StepShare * change) return null;
        return $"The values of {which} reach {_largest:G9} but change by {change:G3} a step on average: single precision, in which " +
               $"they are read, forecast and written, rounds them in steps of {step:G3} there, {step / change:P0} of a typical change, " +
               "so the forecasts lose accuracy. Forecast the changes instead, or subtract a reference level (e.g. the first value) and add it back.";
    }
}
