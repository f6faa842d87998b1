namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A lone value at or below 0 on a series positive so far (layout 37, <see cref="HoldsNonPositive"/>): a count of
/// hundreds reported as 0 one day, a negative correction after de-duplication, a meter read as 0 once. The clean judges
/// an outlier by its distance from the forecast, and on a series whose relative errors are wide (a daily count with a
/// weekday cycle) a 0 lies within the bound and was taken as it is. One such value ended the series' positivity for good:
/// the multiplicative members, the relative scales of the clean and the intervals and the moves in proportion were off
/// for the rest of the series. Now a value ≤ 0 more than <see cref="NonPositiveHoldScales"/> mean absolute errors below
/// a positive forecast is a possible spike (<see cref="MaySpike"/>) even within the bound, unless it repeats the value a
/// season or a second season back or the position's zeros (<c>SeasonalZeros</c>); <see cref="RtuForecaster"/> holds it
/// for a row, and when the next value is back above half the forecast it was judged against
/// (<see cref="HeldNonPositive"/>: a looser test than a spike's, which a weekday swing up fails), observes it again as a
/// missing value. After <see cref="NonPositiveHolds"/> such values observed as missing, the series is taken to reach 0
/// now and then, and later ones are taken as they come, as before.</para>
/// <para>Why: an outside audit of disease-surveillance counts (daily cases of about 500–1,900 with low weekends): one day
/// set to 0, or to −200, raised the one-day-ahead error of the next 686 days by 70 % (against the noiseless truth), the
/// same day left empty by nothing; with the rule 2 % (72.96 → 43.31, the day empty 42.44), and the lower 95 % bounds
/// below 0 after a negative correction 104 → 1. At <see cref="NonPositiveHoldScales"/> 3 a second negative correction of
/// the audit's file with artefacts, 1.86 errors below its forecast after a data dump had widened them, was taken, and the
/// series lost its positivity there: one step ahead 89.2 → 89.4, where with the four negatives left empty it is 73.5; at
/// 1.5, 73.8. Of the 347 series of the sets one moves (birdstrikes_weekly, weekly counts near 0: +0.2 % one step, +0.5 %
/// six steps), and none at 3. Costs (an outside review, synthetic counts): a series that turns mostly zero learns it a
/// row late (+1.1 % over three seeds, +4 % in one), and a shop newly closed on one weekday a week late (+1.7 %; its next
/// closure repeats the season and is taken).</para>
/// <para>A possible spike (an outlier, or a value ≤ 0 held as above) below the negative of its forecast on a series
/// positive so far is gross (layout 38, <see cref="JudgesGrossBelowZero"/>): it lies further below 0 than the level is
/// above it, which no move of a series that has stayed above 0 makes in a row (a fall in proportion ends above 0, a
/// season's trough of a positive series too), while a reading gone wrong does (a sentinel, a lost sign, a unit's
/// offset). Judged by its distance alone, such a value needed <see cref="GrossBound"/> recent errors, or <see
/// cref="RelativeErrorCap"/> times the forecast; short of that it was cleaned to the outlier bound and the forecast
/// made before the next value moved toward the cleaned value, where a gross one is forecast past as missing and may
/// begin a run of values far from the series that is undone (<c>GlitchRun</c>: German unemployment with two or three
/// rows at −1.5 times their values, a lost sign, cost the rest of the series' MAE 116–135 % beyond the rows missing,
/// now nothing). A run is undone only where its values lie beyond the clean's bound (cleaned, so the series stays
/// positive) and the series comes back to the level its first row was judged against: on daily counts with a weekly
/// season (an outside review) a run of values ≤ 0 within the bound ends the series' positivity at its first row, and
/// one on a weekend returns to weekdays that level does not match, so such runs are kept as before, and a gross jump
/// that stayed a row then counts in the gross spikes' persistence. A lone value ≤ 0 held within the bound was taken as
/// it came and forecast past from there; now the forecast made past it is the missing value's (daily counts, the
/// review's probe: 978.1 against 978.3 with the value missing, 798.6 before). Spike screen of the twelve sets at 10
/// standard deviations (alternately up and down): runs over 5 % of the rest's MAE 884 → 796 of 2,890 (mean +7.48 →
/// +6.90 %; the outliers alone 798); at 3 standard deviations 1,147 → 1,126 (1,137); at 100 standard deviations,
/// already gross, as before; the clean series byte for byte as before; level shifts of 10 standard deviations the first
/// season after them 12.76 → 12.86 times the clean run's MAE (a shift down below 0 is held a row as gross), from two
/// seasons on as before.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>A value ≤ 0 this many mean absolute one-step errors below a positive forecast may be a lone spike on a series positive so far.</summary>
    public const double NonPositiveHoldScales = 1.5;

    /// <summary>Values ≤ 0 observed again as missing (<see cref="NonPositiveRewound"/>) after which later ones are taken as they come.</summary>
    public const int NonPositiveHolds = 3;

    /// <summary>
    /// Rows (at least; a season where that is longer) after a value ≤ 0 observed again as missing within which the next
    /// value ≤ 0 is taken as it comes: a second so soon says the series now reaches 0.
    /// </summary>
    /// <remarks>
    /// Why: on counts of about 20 that turn mostly zero, each first 0 of a run was held, observed as missing and counted,
    /// three times over (an outside review: the 400 rows after the change +3.3 % one step ahead against the rule off).
    /// </remarks>
    public const int NonPositiveQuietRows = 10;

    private bool _holdsNonPositive = true;   // false only for a pool read from a layout 1–36 file: it continues as it was
    private bool _grossBelowZero = true;     // false only for a pool read from a layout 1–37 file: it continues as it was
    private int _nonPositiveMissing;         // values ≤ 0 observed again as missing, at most NonPositiveHolds
    private long _lastNonPositiveMissing = -1;   // the row of the last of them (−1: none)

    /// <summary>
    /// Whether a possible spike below the negative of its forecast on a series positive so far is gross (layout 38; false
    /// only for a pool read from an older file, which judges it by its distance alone, as it did).
    /// </summary>
    public bool JudgesGrossBelowZero => _grossBelowZero;

    // Tests: gross spikes judged as layouts 1–37 judged them, by their distance alone.
    internal void UseGrossJudgementOfLayout37() => _grossBelowZero = false;

    // Whether `value`, a possible spike judged against the one-step forecast, lies below the negative of that forecast on a
    // series positive so far (layout 38: gross).
    private bool GrossBelowZero(double value) => _grossBelowZero && _positive && _oneStep > 0 && value < -_oneStep;

    // Whether the last value ≤ 0 observed again as missing (if any) lies further back than NonPositiveQuietRows, or a season.
    private bool QuietOfNonPositive() => _lastNonPositiveMissing < 0 || _rows - _lastNonPositiveMissing > Math.Max(_m, NonPositiveQuietRows);

    /// <summary>
    /// Whether a lone value ≤ 0 on a series positive so far is held as a possible spike and, when the next value is back,
    /// observed again as missing (layout 37; false only for a pool read from an older file, which continues as it was).
    /// </summary>
    public bool HoldsNonPositive => _holdsNonPositive;

    /// <summary>
    /// True when the last <see cref="Clean"/> flagged a value ≤ 0 of a series positive until then as a possible spike
    /// (<see cref="MaySpike"/>, layout 37): it was a lone one when the next value is back above half the forecast it
    /// was judged against (<see cref="NonPositiveReturned"/>).
    /// </summary>
    public bool HeldNonPositive { get; private set; }

    /// <summary>
    /// Whether <paramref name="next"/>, the value after a held value ≤ 0 (<see cref="HeldNonPositive"/>) judged against
    /// <paramref name="judgedAgainst"/>, shows it was a lone one: back above half that forecast.
    /// </summary>
    public static bool NonPositiveReturned(double judgedAgainst, double next) =>
        judgedAgainst > 0 && double.IsFinite(next) && RunningNormalizer.Saturate(next) >= 0.5 * judgedAgainst;

    // Whether a value ≤ 0 that the clean's bound lets through is a possible spike nonetheless (the remarks above).
    private bool HoldsAsNonPositive(double value) =>
        _holdsNonPositive && _positive && value <= 0 && _nonPositiveMissing < NonPositiveHolds && QuietOfNonPositive() && Cleans()
        && _oneStep - value > NonPositiveHoldScales * FlooredMae
        && !RepeatsLastSeason(value, NonPositiveHoldScales * FlooredMae, out _) && !RepeatsSecondSeason(value, NonPositiveHoldScales * FlooredMae)
        && !(value == 0 && ZeroRuns(_rows));

    /// <summary>
    /// A held value (<paramref name="given"/>, as given) observed again as missing or as its likeliest value
    /// (<see cref="RtuForecaster"/>'s rewind, the pool as it was before the row): one ≤ 0 of a series positive until then
    /// counts toward <see cref="NonPositiveHolds"/>.
    /// </summary>
    internal void NonPositiveRewound(double given)
    {
        if (!_holdsNonPositive || !_positive || !(given <= 0)) return;
        _nonPositiveMissing = Math.Min(_nonPositiveMissing + 1, NonPositiveHolds);
        _lastNonPositiveMissing = _rows - 1;   // the held row, observed again
    }

    // A series started afresh (Reset): none observed as missing yet.
    private void ResetNonPositive()
    {
        _nonPositiveMissing = 0; _lastNonPositiveMissing = -1;
        HeldNonPositive = false;
    }

    internal const int NonPositiveRecordLength = 1 + 4 + 1 + 8;

    private void WriteNonPositive(BinaryWriter w)
    {
        w.Write(_holdsNonPositive); w.Write(_nonPositiveMissing); w.Write(HeldNonPositive); w.Write(_lastNonPositiveMissing);
    }

    // Layout 38's section: whether a possible spike below the negative of its forecast on a positive series is gross.
    internal const int Layout38Length = 1;

    private void WriteGrossBelowZero(BinaryWriter w) => w.Write(_grossBelowZero);

    // Layouts 1–37: such a spike judged by its distance alone, as it was.
    private void ReadGrossBelowZero(BinaryReader r, int version) => _grossBelowZero = version >= 38 && r.ReadBoolean();

    private void ReadNonPositive(BinaryReader r, int version)
    {
        ResetNonPositive();
        _holdsNonPositive = false;
        if (version < 37) return;   // layouts 1–36: a value ≤ 0 judged as any other, as it was
        _holdsNonPositive = r.ReadBoolean(); _nonPositiveMissing = r.ReadInt32(); HeldNonPositive = r.ReadBoolean(); _lastNonPositiveMissing = r.ReadInt64();
        if (_nonPositiveMissing is < 0 or > NonPositiveHolds || _lastNonPositiveMissing < -1 || _lastNonPositiveMissing >= _rows
            || (_nonPositiveMissing == 0) != (_lastNonPositiveMissing == -1) || !_holdsNonPositive && (_nonPositiveMissing != 0 || HeldNonPositive))
            throw new InvalidDataException("Stored forecast pool's count of values ≤ 0 observed as missing is invalid.");
    }
}
