namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>The series' resolution (pool layout 28): the smallest change between two values given so far. The clean's scale
/// is at least <see cref="ResolutionShare"/> of it, so its bound, <see cref="OutlierBound"/> scales, is at least one and a
/// half steps of the resolution: a reading that moves by one step is never an outlier.</para>
/// <para>Why: readings on a grid (whole counts of a slow signal, temperatures in 0.5 °C steps, as sensors report them)
/// mostly repeat, so the combination's recent one-step error, the clean's scale, falls far below one step, and every
/// change of one step was cleaned as a possible spike: the members saw it a row late or never, and an outside audit's
/// 0.5 °C readings every 10 seconds were forecast 38 % worse than the naive forecast (the unrounded signal: level with
/// it).</para>
/// <para>Where the values are continuous the smallest change is tiny and the floor never binds; on the twelve sets' 323
/// series it binds on none (every forecast the same). A pool read from a layout 1–27 file continues without it.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>The share of the series' resolution (<see cref="Resolution"/>) the clean's scale is at least.</summary>
    public const double ResolutionShare = 0.25;

    /// <summary>The smallest nonzero change between two consecutive values given so far (+∞ before one), learning only.</summary>
    public double Resolution => _resolution;

    // The given value (raw, finite) of a learning row: the smallest change so far.
    private void NoteResolution(double value)
    {
        if (double.IsFinite(_lastGiven))
        {
            double change = Math.Abs(value - _lastGiven);
            if (change > 0 && change < _resolution) _resolution = change;
        }
        _lastGiven = value;
    }

    // The clean's absolute scale s, at least ResolutionShare of the resolution (not for a pool read from a layout 1–27 file).
    private double FlooredMae => _resolutionFloor && double.IsFinite(_resolution) ? Math.Max(_mae, ResolutionShare * _resolution) : _mae;

    private void WriteResolution(BinaryWriter w)
    {
        w.Write(_resolutionFloor); w.Write(_resolution); w.Write(_lastGiven);
    }

    private void ReadResolution(BinaryReader r, int version)
    {
        // Layouts 1–27 judged by the combination's errors alone: such a pool continues so.
        _resolutionFloor = version >= 28 && r.ReadBoolean();
        _resolution = double.PositiveInfinity; _lastGiven = double.NaN;
        if (version < 28) return;
        _resolution = r.ReadDouble(); _lastGiven = r.ReadDouble();
        if (!(_resolution > 0) || double.IsInfinity(_lastGiven))
            throw new InvalidDataException("Stored forecast pool resolution is invalid.");
    }

    // Bytes of layout 28's first section: the flag, the resolution and the last value given.
    private const int ResolutionRecordLength = 1 + 8 + 8;
}
