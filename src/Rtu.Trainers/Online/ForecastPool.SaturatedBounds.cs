namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Saturated bounds (layout 36): a series that has sat at its highest value so far, the same value exactly for
/// <see cref="SaturationRunLength"/> rows or more in a row, in <see cref="SaturationRuns"/> separate runs, is taken to be
/// bounded there (CPU or disk use at 100 %, a reservoir full, a battery charged, a sensor at the top of its scale): the
/// forecasts and prediction intervals given out are clipped to it (<see cref="ClipToSupport(Span{float})"/>), as they are
/// at 0 while the series has never gone below 0. The lowest value, sat at alike, is a floor. One value given beyond a
/// bound ends it: a bound the series can pass is no bound, and a capacity expansion is followed as before. (A lone
/// spike that the next value shows to be one is observed as missing and ends nothing; a new highest value becomes a
/// bound only when it is sat at in two runs of its own.) A change of units starts the bounds afresh.</para>
/// <para>Why: an outside audit's CPU use, saturated at 100 % for 152 of its 7,776 five-minute rows, was forecast above
/// 100 % 37 times one step ahead (up to 102.5) and 43 times twelve steps ahead (up to 108.7), its 95 % intervals reaching
/// 255 %; an audit of bounded series found the same on 14 of its 16 series that reach a cap (a battery's charge forecast
/// at 120 %, a reservoir 108.6 % full). A target within the bounds is never further from a forecast clipped to them, and
/// an interval bound beyond them covers nothing more. Measured on that audit's 52 runs (19 series and 7 mirrored at 0,
/// one and several steps ahead): none worse, the battery 12 steps ahead 1.738 → 1.440, the reservoir a week ahead 1.109 →
/// 0.965, occupancy shares −4 to −6 %, −1.3 % in geometric mean.</para>
/// <para>Only what is given out: the pool's own one-step forecast, by which the clean judges outliers and a missing row
/// is filled, stays the combination's (clipped at 0 alone). Clipped too, an availability at exactly 1 with short
/// incidents lost 1.8 % one step ahead (its incidents judged against 1); given out only, it gains 0.3 %. A lone missing
/// value or spike observed again as the value it most likely was (<see cref="SmoothedGap"/>, the first rows' and first
/// seasons' replays) is an estimate, taken as missing here (<see cref="ObservesEstimateNext"/>), and kept within the
/// bounds where they exist: observed as given at 1.00003, it had ended the availability's ceiling.</para>
/// <para>Why runs, and two of them: a growing count reaches the same highest value now and then without any bound (a
/// quarterly series at 100, 92, 101, 100, …), and a ceiling taken there clipped its forecasts as it grew on: the highest
/// value seen three times took a ceiling in 35 of the twelve sets' 323 series that later passed it (one step ahead 0.4855
/// → 0.4857, a quarterly series +5 %). Runs of three, twice, take no ceiling in them, and floors in 16: 15 count series
/// at 0, where the clip at 0 acts already, and an hourly temperature normal at 3.7 °C that later went to 3.1 (0.4481 →
/// 0.4480; the 323 series otherwise unchanged). A bound reached on single rows (a hotel full on Fridays and Saturdays)
/// is not taken. The values counted are those given (before the clean), as for the seasonal zeros; a missing value ends
/// a run. With exogenous columns the pool sees the series less their effect (<see cref="ExogenousEffect"/>): its bounds
/// are that series' (seldom sat at exactly), its forecasts of it are clipped to them before the effect is added back,
/// and the final forecasts are clipped at 0 alone (<see cref="RtuForecasterSettings.MaximumValue"/> states a bound of the
/// series itself). A pool read from a layout 1–35 file continues without the rule, as it was, also for a series started
/// afresh.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Rows in a row a series must sit at its highest (lowest) value for one run at a bound (<see cref="Ceiling"/>).</summary>
    public const int SaturationRunLength = 3;

    /// <summary>Separate runs at the highest (lowest) value that make it a bound (<see cref="Ceiling"/>, <see cref="Floor"/>).</summary>
    public const int SaturationRuns = 2;

    private bool _saturates = true;   // false: a pool read from a layout 1–35 file, which clips at 0 only, as it did
    private double _top = double.NaN, _bottom = double.NaN;   // the highest and lowest finite values given (NaN: none yet)
    private int _topRun, _bottomRun;                         // rows in a row at them now, up to SaturationRunLength
    private int _topRuns, _bottomRuns;                       // runs of SaturationRunLength rows at them, up to SaturationRuns

    /// <summary>
    /// The value the series has sat at, as its highest so far, in <see cref="SaturationRuns"/> runs of at least
    /// <see cref="SaturationRunLength"/> rows: the forecasts and intervals are clipped to it; +∞ while there is none.
    /// </summary>
    public double Ceiling => _saturates && _topRuns >= SaturationRuns ? _top : double.PositiveInfinity;

    /// <summary>The same at the lowest value (−∞ while there is none); the clip at 0 of a series never below 0 holds as well.</summary>
    public double Floor => _saturates && _bottomRuns >= SaturationRuns ? _bottom : double.NegativeInfinity;

    // The support the forecasts and intervals are clipped to: the saturated bounds, and 0 from below while no value has
    // been below it.
    private (double Low, double High) Support() => (_nonNegative ? Math.Max(0, Floor) : Floor, Ceiling);

    private long _estimatedRow = -1;   // a row observed as an estimate (not saved: set just before it is observed)

    /// <summary>
    /// The next row observed is an estimate, not a value given (a lone missing value or spike observed again as the value
    /// it most likely was: <see cref="SmoothedGap"/>, the first rows' and the first seasons' replays): the saturated
    /// bounds take it as missing. Why: before a bound exists nothing clips the estimate, and one of a row inside a run at a
    /// cap lands a little above it (a review: 100.007 to 100.73), where it became the highest value the series never gave
    /// again, and no bound formed (401–464 forecasts or bounds above 100 later in 9 of 12 runs).
    /// </summary>
    public void ObservesEstimateNext() => _estimatedRow = _rows;

    // A value as given (NaN: missing, which ends the runs without moving a bound; an estimate likewise).
    private void NoteSaturation(long t, double given)
    {
        if (!_saturates) return;
        if (t == _estimatedRow) given = double.NaN;
        if (!double.IsFinite(given)) { _topRun = _bottomRun = 0; return; }
        if (given == 0) given = 0;   // −0 as 0: a bound of −0 would write clipped forecasts as −0
        Note(given, ref _top, ref _topRun, ref _topRuns, +1);
        Note(given, ref _bottom, ref _bottomRun, ref _bottomRuns, -1);

        // `side` +1: the highest value; −1: the lowest.
        static void Note(double value, ref double bound, ref int run, ref int runs, int side)
        {
            if (double.IsNaN(bound) || side * (value - bound) > 0) { bound = value; run = 1; runs = 0; }
            else if (value != bound) run = 0;
            else if (run < SaturationRunLength && ++run == SaturationRunLength && runs < SaturationRuns) runs++;
        }
    }

    private void ResetSaturation()
    {
        _top = _bottom = double.NaN;
        _topRun = _bottomRun = _topRuns = _bottomRuns = 0;
    }

    internal const int SaturationRecordLength = 1 + 8 + 8 + 4 * 4;

    private void WriteSaturation(BinaryWriter w)
    {
        w.Write(_saturates); w.Write(_top); w.Write(_bottom);
        w.Write(_topRun); w.Write(_bottomRun); w.Write(_topRuns); w.Write(_bottomRuns);
    }

    private void ReadSaturation(BinaryReader r, int version)
    {
        ResetSaturation();
        _saturates = false;
        if (version < 36) return;   // layouts 1–35: clipped at 0 only, as they were
        _saturates = r.ReadBoolean(); _top = r.ReadDouble(); _bottom = r.ReadDouble();
        _topRun = r.ReadInt32(); _bottomRun = r.ReadInt32(); _topRuns = r.ReadInt32(); _bottomRuns = r.ReadInt32();
        if (!Valid(_top, _topRun, _topRuns) || !Valid(_bottom, _bottomRun, _bottomRuns) || _bottom > _top || double.IsNaN(_top) != double.IsNaN(_bottom))
            throw new InvalidDataException("Stored forecast pool's saturated bounds are invalid.");

        static bool Valid(double bound, int run, int runs) =>
            (double.IsNaN(bound) ? run == 0 && runs == 0 : double.IsFinite(bound))
            && run is >= 0 and <= SaturationRunLength && runs is >= 0 and <= SaturationRuns;
    }
}
