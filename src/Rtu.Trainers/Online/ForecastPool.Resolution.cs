namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>The series' resolution (pool layout 28): the smallest change between two values given so far. While at least
/// half of the changes are exactly 0 (<see cref="OnAGrid"/>: readings on a grid that mostly repeat), the clean's scale is
/// at least <see cref="ResolutionShare"/> of it, so its bound, <see cref="OutlierBound"/> scales, is at least one and a half
/// steps of the resolution: a reading that moves by one step is never an outlier.</para>
/// <para>Why: readings on a grid (whole counts of a slow signal, temperatures in 0.5 °C steps, as sensors report them)
/// mostly repeat, so the combination's recent one-step error, the clean's scale, falls far below one step, and every
/// change of one step was cleaned as a possible spike: the members saw it a row late or never, and an outside audit's
/// 0.5 °C readings every 10 seconds were forecast 38 % worse than the naive forecast (the unrounded signal: level with
/// it).</para>
/// <para>Only on a grid: on a series that moves every row (a meter rising 100 a step, a strong short cycle) the smallest
/// change is a move, far larger than the one-step error, and a floor of a quarter of it let spikes that the clean had
/// caught through (a review: the meter's error on the row after a spike of 40, 5.2 → 19.4). Where the values are
/// continuous the floor never binds. On the twelve sets' 323 series it binds on two, which move by 0.2 % at most. A pool
/// read from a layout 1–27 file continues without it.</para>
/// <para>Since layout 29 a series' first change is judged without the floor (<see cref="Clean"/>): the resolution it sets
/// is a quarter of itself, so a jump from a constant price of 9.99 to a typo of 9999 was never an outlier. (Judging every
/// value against the resolution before it, a review found, let a burst after zeros, 30 then 28, set a floor of 7.5 for its
/// second value, which was then taken where it had been cleaned.) A pool read from a layout-28 file judges as it did.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>The share of the series' resolution (<see cref="Resolution"/>) the clean's scale is at least.</summary>
    public const double ResolutionShare = 0.25;

    /// <summary>The smallest nonzero change between two consecutive values given so far (+∞ before one), learning only.</summary>
    public double Resolution => _resolution;

    /// <summary>Whether the values sit on a grid: at least half of the changes between them seen so far are exactly 0.</summary>
    public bool OnAGrid => _changes > 0 && 2 * _zeroChanges >= _changes;

    // The given value (raw, finite) of a learning row: the smallest change so far, and how many changes were 0.
    private void NoteResolution(double value)
    {
        if (double.IsFinite(_lastGiven))
        {
            double change = Math.Abs(value - _lastGiven);
            if (change > 0 && change < _resolution) _resolution = change;
            if (_changes < long.MaxValue) { _changes++; if (change == 0) _zeroChanges++; }
        }
        _lastGiven = value;
    }

    // The clean's absolute scale s, on a grid at least ResolutionShare of the resolution (not for a pool read from a
    // layout 1–27 file).
    private double FlooredMae => _resolutionFloor && !_floorWaits && OnAGrid && double.IsFinite(_resolution) ? Math.Max(_mae, ResolutionShare * _resolution) : _mae;

    // Set while Clean judges a series' first change (layout 29): the resolution that change sets is no floor for it. Not saved.
    private bool _floorWaits;

    private void WriteResolution(BinaryWriter w)
    {
        w.Write(_resolutionFloor); w.Write(_resolution); w.Write(_lastGiven); w.Write(_changes); w.Write(_zeroChanges);
    }

    private void ReadResolution(BinaryReader r, int version)
    {
        // Layouts 1–27 judged by the combination's errors alone: such a pool continues so.
        _resolutionFloor = version >= 28 && r.ReadBoolean();
        _resolution = double.PositiveInfinity; _lastGiven = double.NaN; _changes = _zeroChanges = 0;
        if (version < 28) return;
        _resolution = r.ReadDouble(); _lastGiven = r.ReadDouble(); _changes = r.ReadInt64(); _zeroChanges = r.ReadInt64();
        // A change between two values read as floats is at most about 6.8e38: a larger finite one is damage.
        if (!(_resolution > 0) || (double.IsFinite(_resolution) && _resolution > MaxResolution) || double.IsInfinity(_lastGiven)
            || _changes < 0 || _zeroChanges < 0 || _zeroChanges > _changes)
            throw new InvalidDataException("Stored forecast pool resolution is invalid.");
    }

    // Bytes of layout 28's first section: the flag, the resolution, the last value given and the two counts of changes.
    private const int ResolutionRecordLength = 1 + 8 + 8 + 8 + 8;

    // The largest resolution a stored pool may hold: twice a float's largest value.
    private const double MaxResolution = 2.0 * float.MaxValue;
}
