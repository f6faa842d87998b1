namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A storm that has passed (pool layout 42): while learning, once <see cref="CalmWindow"/> nonzero steps in a row
/// have each been, with the value itself, under a <see cref="StormFactor"/>-th of the clean's scale s, while s stood
/// StormFactor times above its typical size over the series' life (the running geometric mean of s over about
/// <see cref="LongWindow"/> rows), the pool starts its series afresh, as at a change of units (reported as one, <see
/// cref="SeriesChangeKind.ScaleChange"/>, beginning where the calm run began).</para>
/// <para>Why (an outside audit of keyed streams): a burst of garbage that the clean could not judge (a new key's first
/// rows, before the clean has a scale; 10⁶ every third row, which the season-repeat rule then took as a season) enters
/// every member and every score. The weights are exponentially weighted errors over <see cref="Window"/> rows: errors of
/// 10⁶ take about 350 rows to forget, and until then the members that happened to miss the burst least, not those that
/// forecast the series now, hold the weight. A new key given 10 values near 10, then 30 readings alternating ±10⁶, then
/// 500 clean values, was forecast −2,900 at the first clean row and still −60 two hundred rows later (one-step MAE over
/// rows 101–500 95.3, where the clean run scores 0.14; the members carrying the burst: the autoregression on levels still
/// 1.6·10⁶ at row 500); a fitted key given 10⁶ every third row for 30 rows 1.06 there; a new key whose 11th–13th values
/// were 10³⁰ 1.92 (its first dozen forecasts after them 17). Started afresh once the values had been calm for 25 rows:
/// 0.155, 0.140 and 0.140, the clean run's errors.</para>
/// <para>Why both conditions: the calm alone is also a sensor gone dead near 0 with a little noise (its steps and values a
/// ten-thousandth of s); started afresh there, the pool lost its season, and the forecasts after the sensor came back
/// were 28–40 % worse on three of five bench series. Such a death leaves s a few times its typical size; a storm leaves
/// it thousands of times. A storm before the clean's first errors (a new series' first rows) leaves no typical size to
/// compare with: the first rows' own judgement is for those (<see cref="StartupSpikes"/>). Over the 347 series of the
/// thirteen sets the forecasts are the same bytes, and so are the spike (100, 10⁴ and 10⁶ standard deviations),
/// missing-value and level-shift screens.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>
    /// A calm step (and value) lies under this fraction's inverse of the clean's scale, which lies this many times above its
    /// typical size: 100, the square of <see cref="ScaleChangeFactor"/>.
    /// </summary>
    public const double StormFactor = ScaleChangeFactor * ScaleChangeFactor;

    /// <summary>
    /// Whether a learning pool starts afresh once a storm has passed (pool layout 42; false only for a pool read from a
    /// layout 1–41 file, until its series starts afresh).
    /// </summary>
    public bool RestartsAfterStorms => _restartsAfterStorms;

    private bool _restartsAfterStorms;   // layout 42 (false: read from a layout 1–41 file)
    private int _calmRows;               // nonzero calm steps in a row (StormPassed)
    private double _typicalLogScale = double.NaN;   // ln of s's running geometric mean (NaN before s is positive)

    /// <summary>Nonzero calm steps that show a storm has passed: <see cref="Window"/>, or a season when that is longer.</summary>
    public int CalmWindow => Math.Max(Window, _m);

    // Tests: storms (and sharp seasonal moves) as layouts 1–41 left them (their scores forgotten over hundreds of rows).
    internal void UseRulesOfLayout41() { _restartsAfterStorms = false; _calmRows = 0; _typicalLogScale = double.NaN; UseRulesOfLayout42(); }

    // Learning, before the value is judged: whether it ends a calm run of CalmWindow nonzero steps after a storm. A step of
    // 0 neither counts nor breaks the run (a value repeated); a missing value before it leaves a step over the gap.
    private bool StormPassed(double value)
    {
        if (!_restartsAfterStorms || !Cleans() || !(_mae > StormFactor * Math.Exp(_typicalLogScale))) { _calmRows = 0; return false; }   // NaN: no typical size yet
        double step = Math.Abs(value - _lastGiven);
        if (!(Math.Max(step, Math.Abs(value)) * StormFactor < _mae)) { _calmRows = 0; return false; }   // NaN (no value before): not calm
        if (step > 0) _calmRows++;
        return _calmRows >= CalmWindow;
    }

    // Clean's value ended a storm's calm run (StormPassed): the series starts afresh with it, as at a change of units.
    private double RestartAfterStorm(double value)
    {
        LastChange = new(SeriesChangeKind.ScaleChange, _calmRows - 1, _oneStep, value);
        RestartOnScaleChange();   // Reset forgets the calm run and s's typical size
        ScaleFactor = 1;   // nothing is converted: the pool keeps nothing of the old scale
        NoteResolution(value);
        return value;
    }

    // s was scored (learning): its typical size follows, as a geometric mean over about LongWindow rows from its first
    // positive value (not 1/k at first: a storm among a new series' first rows would become its typical size).
    private void NoteTypicalScale()
    {
        if (!_restartsAfterStorms || !(_mae > 0) || double.IsInfinity(_mae)) return;
        double log = Math.Log(_mae);
        _typicalLogScale = double.IsNaN(_typicalLogScale) ? log : _typicalLogScale + (log - _typicalLogScale) / LongWindow;
    }

    // The largest |ln s| a double's s can have (ln of the largest double is 709.8, of the smallest 744.4 below 0).
    private const double MaxLogScale = 745;

    // Bytes of layout 42's section: the flag, the calm run's count and s's typical size.
    internal const int Layout42Length = 1 + 4 + 8;

    private void WriteStorms(BinaryWriter w)
    {
        w.Write(_restartsAfterStorms); w.Write(_calmRows); w.Write(_typicalLogScale);
    }

    private void ReadStorms(BinaryReader r, int version)
    {
        _restartsAfterStorms = false; _calmRows = 0; _typicalLogScale = double.NaN;
        if (version < 42) return;   // layouts 1–41: a storm's scores forgotten over hundreds of rows, as they were
        byte flag = r.ReadByte();
        int calm = r.ReadInt32();
        double typical = r.ReadDouble();
        if (flag > 1) throw new InvalidDataException("Stored forecast pool's layout-42 flag is not a bool.");
        if (calm < 0 || calm > CalmWindow || Math.Abs(typical) > MaxLogScale || (flag == 0 && (calm != 0 || !double.IsNaN(typical))))
            throw new InvalidDataException("Stored forecast pool's calm run after a storm is invalid.");
        _restartsAfterStorms = flag == 1; _calmRows = calm; _typicalLogScale = typical;
    }
}
