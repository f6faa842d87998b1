namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Bursts that alternate sides (pool layout 41): while learning, an outlier further than <see cref="GrossBound"/>
/// clean scales from its forecast, on the other side of an outlier just before it that was itself given beyond
/// <see cref="OutlierBound"/> scales of this forecast the other way, is a burst of garbage (a sensor flipping between
/// extremes), not a series. It is observed as its forecast, its error is not scored in the clean's scale, and neither it
/// nor a value it repeats counts as the season or the second season repeating. Its value is still remembered as given.</para>
/// <para>Why (an outside audit of keyed streams): 30 readings alternating +10⁶ and −10⁶ on a fitted monthly series of 10
/// never confirmed a shift (the sides alternate), but each was cleaned to the forecast ± the bound, so the clean's scale,
/// scoring the bound as an error, grew by a fifth a row (0.49 to 3.4 in eleven rows), and the cleaned values, alternating
/// sides around a forecast that followed them, swung ever wider (−178 to 121). At the burst's thirteenth row, +10⁶ lay
/// within the bound of the +10⁶ given a season earlier, so the season-repeat rule took it as it was: the scale jumped to
/// 4·10⁴, every later ±10⁶ repeated its own season, and the members learned them (500 clean rows later the additive
/// Holt–Winters still forecast 148, the damped trend 4·10⁴, the autoregression on levels 10⁶; the one-step MAE over clean
/// rows 101–500 7.29 where the clean run scores 0.14). Alternating 0 and 10³⁰ did the same through the 0s (16.4). Observed
/// as its forecast, such a burst leaves the members, the scale and the season as they were: 0.151 and 0.179.</para>
/// <para>What it leaves alone: the first outlier of a burst (held, cleaned to the bound, or rewound when the next value
/// returns, as before); runs on one side (a level shift, a glitch run); a lone spike, however large; an outlier after a
/// value that was itself near its forecast; values before the clean has a scale (a new series' first rows). Over the 323
/// series of the twelve sets the forecasts are the same bytes, and the spike, missing-value and level-shift screens the
/// same figures: no true value there is a gross outlier on the other side of the outlier before it. A rule that counted
/// the run's side alone, not the value before, moved one level-shift run over 5 % (PhillipsCurve_unemployment, a shift at
/// row 65: +5.6 %).</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>
    /// Whether a learning pool observes a gross outlier on the other side of the outlier just before it as its forecast
    /// (pool layout 41; false only for a pool read from a layout 1–40 file, until its series starts afresh).
    /// </summary>
    public bool KeepsAlternatingBurstsOut => _keepsBurstsOut;

    private bool _keepsBurstsOut;   // layout 41 (false: read from a layout 1–40 file)

    // Tests: alternating bursts (and sharp seasonal moves) as layouts 1–40 left them.
    internal void UseRulesOfLayout40() { _keepsBurstsOut = false; UseRulesOfLayout41(); }

    // Whether an outlier with this error, while learning, is a burst's reversal: beyond GrossBound clean scales, the run
    // before it on the other side, and the value given just before (no gap between) beyond OutlierBound scales of this
    // forecast the other way.
    private bool ReversesBurst(double error, bool learn)
    {
        if (!_keepsBurstsOut || !learn || _outliersInRow == 0 || Math.Sign(error) == _outlierSide || MissingBefore() != 0 || _rows == 0) return false;
        double scale = CleanScale(), before = _raw[(int)((_rows - 1) % _raw.Length)];
        return Math.Abs(error) > GrossBound * scale && -Math.Sign(error) * (before - _oneStep) > OutlierBound * scale;   // NaN: false
    }

    // Bytes of layout 41's section: the flag.
    internal const int Layout41Length = 1;

    private void ReadAlternatingBursts(BinaryReader r, int version)
    {
        _keepsBurstsOut = false;
        if (version < 41) return;   // layouts 1–40: alternating bursts cleaned to the bound and scored, as they were
        byte flag = r.ReadByte();
        if (flag > 1) throw new InvalidDataException("Stored forecast pool's layout-41 flag is not a bool.");
        _keepsBurstsOut = flag == 1;
    }
}
