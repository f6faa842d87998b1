namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A departure from a constant history (pool layout 29): while every value given so far is the same (at least
/// <see cref="ConstantValues"/> of them, every change between them exactly 0), the first value that differs is a possible
/// spike (<see cref="MaySpike"/>), learning only; gross (<see cref="GrossSpike"/>) when it lies more than ten times a
/// nonzero constant's size from it. The forecaster holds it for one row (forecast past as if missing when
/// gross): when the next value returns toward the constant, the row is observed again as missing, or as the value the
/// next one shows it most likely was (<see cref="RtuForecaster"/>'s spike rewind); when the next value stays near it (a
/// new price, a level that moved, sales that started), it stays as it was given. A departure observed again as missing
/// leaves the history constant, and its size becomes the scale of the next: a later departure is judged only beyond
/// <see cref="GrossBound"/> times that size, and then as gross, so an item's first sale followed by a zero is lost, its
/// later sales are taken as they come, and a reading of 10⁹ after them is still held.</para>
/// <para>Why: on a constant history the combination's one-step errors are all 0, so the clean has no scale
/// (<see cref="OutlierScale"/> is 0) and judged nothing: a price of 9.99 for 150 days, then a typo of 9999, then 9.99
/// again, was taken as data, and the next forecasts were 4,298, 905, 626 and 13 (an outside audit: 250 days without
/// demand, one reading of 10⁹, then sales of 1–9 on a fifth of the days: 68 forecasts above 100, up to 97,559, the last
/// 117 days later, and a mean absolute error of 3,370 over the 249 days after it where forecasting 0 scores 0.64; now
/// 0.81). A constant history is what a stuck or idle sensor, a fixed price and an item not yet sold give. None of the
/// 347 series of the sets moves; forty synthetic items that start selling after 100–400 days without lose their first
/// sale when a zero follows it (the rest of each series' MAE +0.53 %, geometric mean). Frozen (serving, and the exported graph's host
/// side) nothing changes: there is no rewind, and a departure observed as missing would leave a frozen model at the old
/// constant for good. A pool read from a layout 1–28 file continues without it, as it was.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Values, all the same, before a value that differs is a possible spike (<see cref="DepartsFromConstant"/>).</summary>
    /// <remarks>As many as the clean's warm-up (2·<see cref="Window"/>/5 scored errors) and one: a shorter run of equal
    /// values is no history to judge by (a series' first rows have their own judgement, StartupSpikes).</remarks>
    public const int ConstantValues = 2 * Window / 5 + 1;

    /// <summary>
    /// Whether <paramref name="value"/>, given next to a learning <see cref="Clean"/>, departs from a constant history:
    /// every value given so far the same (at least <see cref="ConstantValues"/>), the row before not missing, and the value
    /// different from them; after a departure was observed again as missing, only a value more than
    /// <see cref="GrossBound"/> times that departure's size from the constant. Changes nothing.
    /// </summary>
    public bool DepartsFromConstant(double value)
    {
        if (!_judgesDepartures || !ConstantSoFar() || FirstSeason() || MissingBefore() != 0 || !double.IsFinite(value)) return false;
        double away = Math.Abs(RunningNormalizer.Saturate(value) - _lastGiven);
        return away > 0 && (_departureSize == 0 || away > GrossBound * _departureSize);
    }

    /// <summary>The size of the departure from a constant history last observed again as missing (0: none), which judges the next.</summary>
    public double DepartureSize => _departureSize;

    // Every value given so far (learning) the same, at least ConstantValues of them, and a forecast to judge by.
    private bool ConstantSoFar() => _changes >= ConstantValues - 1 && _zeroChanges == _changes && !double.IsNaN(_oneStep);

    // A departure more than RelativeErrorCap times a nonzero constant's size from it (a price of 9.99, then 9999), or one
    // judged by an earlier departure's size, is gross: forecast past as if missing until the next value decides. From 0
    // nothing tells a reading gone wrong from a first sale, and forecast past as missing, the first of two sales after
    // zeros (30, 28; 3, 2) cost the rest of the series 11–20 % (a review): it is forecast from as given, as is a small
    // departure (yearly emissions in whole units, 3 for twenty years, then 4).
    private bool GrossDeparture(double value) =>
        _departureSize > 0 || (_lastGiven != 0 && Math.Abs(value - _lastGiven) > RelativeErrorCap * Math.Abs(_lastGiven));

    /// <summary>
    /// The forecaster observed the held value <paramref name="given"/> again as missing (a spike that returned): when the
    /// history is still constant (the row was not smoothed into a change), its distance from the constant judges the next
    /// departure.
    /// </summary>
    internal void DepartureRewound(double given)
    {
        if (!_judgesDepartures || !double.IsFinite(given) || !ConstantSoFar()) return;
        double away = Math.Abs(RunningNormalizer.Saturate(given) - _lastGiven);
        if (away > 0 && double.IsFinite(away)) _departureSize = away;
    }

    private void WriteConstantDepartures(BinaryWriter w)
    {
        w.Write(_judgesDepartures); w.Write(_departureSize);
    }

    private void ReadConstantDepartures(BinaryReader r, int version)
    {
        // Layouts 1–28 took a departure from a constant history as it came: such a pool continues so.
        _judgesDepartures = version >= 29 && r.ReadBoolean();
        _departureSize = version >= 29 ? r.ReadDouble() : 0;
        if (!(_departureSize >= 0) || double.IsInfinity(_departureSize) || (!_judgesDepartures && _departureSize != 0))
            throw new InvalidDataException("Stored forecast pool constant-history departure is invalid.");
    }

    // Bytes of layout 29's section: the rule's flag and the size of the departure last observed again as missing.
    private const int ConstantDeparturesRecordLength = 1 + 8;
}
