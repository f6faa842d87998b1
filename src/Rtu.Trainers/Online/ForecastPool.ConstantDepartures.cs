namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A departure from a constant history (pool layout 29): while every value given so far is the same (at least
/// <see cref="ConstantValues"/> of them, every change between them exactly 0), the first value that differs is a gross
/// possible spike (<see cref="MaySpike"/>, <see cref="GrossSpike"/>), learning only. The forecaster forecasts past it as if
/// it were missing and holds it for one row: when the next value returns toward the constant, the row is observed again
/// as missing (<see cref="RtuForecaster"/>'s spike rewind); when the next value stays near it (a new price, a level that
/// moved, sales that started), it is taken as it is. Once one departure has been observed again as missing
/// (<see cref="DepartureRewound"/>), the next is taken as it comes, so a series of zeros whose first sale is followed by
/// a zero loses that one sale only.</para>
/// <para>Why: on a constant history the combination's one-step errors are all 0, so the clean has no scale
/// (<see cref="OutlierScale"/> is 0) and judged nothing: a price of 9.99 for 150 days, then a typo of 9999, then 9.99
/// again, was taken as data, and the next forecasts were 4,298, 905, 626 and 13 (an outside audit: 250 days without
/// demand, one reading of 10⁹, then sales of 1–9 on a fifth of the days: 68 forecasts above 100, up to 97,559, the last
/// 117 days later, and a mean absolute error of 3,370 over the 249 days after it where forecasting 0 scores 0.64; now
/// 0.81). A constant history is what a stuck or idle sensor, a fixed price and an item not yet sold give. The first sale
/// of sixteen synthetic items after 100–400 days without is lost (the rest of each series' MAE −0.01 %, geometric mean);
/// one series of the sets' 347 moves (carbon_emissions, 3 for twenty years, then 4: MASE 0.7212 → 0.7212). Frozen (serving, and the exported graph's host
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
    /// the first value that differs from the last <see cref="ConstantValues"/> or more values given, all the same, none
    /// missing since, before any departure was observed again as missing. Changes nothing.
    /// </summary>
    public bool DepartsFromConstant(double value) =>
        _judgesDepartures && !_departureRewound && ConstantSoFar() && !FirstSeason() && MissingBefore() == 0
        && double.IsFinite(value) && RunningNormalizer.Saturate(value) != _lastGiven;

    // A departure more than RelativeErrorCap times the constant's size from it (any departure from 0) is gross: forecast past
    // as if missing until the next value decides. A smaller one (yearly emissions rounded to whole units, 3 for twenty
    // years, then 4 for good) is forecast from as it was given, as before: forecast past as missing, carbon_emissions'
    // next forecast was 3 for a value of 4, where taken it was 3.69.
    private bool GrossDeparture(double value) => Math.Abs(value - _lastGiven) > RelativeErrorCap * Math.Abs(_lastGiven);

    /// <summary>Whether one departure from a constant history has been observed again as missing (the next is taken as it comes).</summary>
    public bool DepartureWasRewound => _departureRewound;

    // Every value given so far (learning) the same, at least ConstantValues of them, and a forecast to judge by.
    private bool ConstantSoFar() => _changes >= ConstantValues - 1 && _zeroChanges == _changes && !double.IsNaN(_oneStep);

    /// <summary>
    /// The forecaster observed the held value <paramref name="given"/> again as missing (a spike that returned): when it
    /// departed from a constant history, later departures are taken as they come.
    /// </summary>
    internal void DepartureRewound(double given)
    {
        if (_judgesDepartures && double.IsFinite(given) && _changes >= ConstantValues - 1 && _zeroChanges == _changes
            && RunningNormalizer.Saturate(given) != _lastGiven)
            _departureRewound = true;
    }

    private void WriteConstantDepartures(BinaryWriter w)
    {
        w.Write(_judgesDepartures); w.Write(_departureRewound);
    }

    private void ReadConstantDepartures(BinaryReader r, int version)
    {
        // Layouts 1–28 took a departure from a constant history as it came: such a pool continues so.
        _judgesDepartures = version >= 29 && r.ReadBoolean();
        _departureRewound = version >= 29 && r.ReadBoolean();
    }

    // Bytes of layout 29's section: the rule's flag and whether a departure was observed again as missing.
    private const int ConstantDeparturesRecordLength = 2;
}
