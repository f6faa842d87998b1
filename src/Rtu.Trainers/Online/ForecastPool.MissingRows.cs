namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Missing rows (layout 18): a missing row (NaN, a gap in the timestamps, a spike observed again as missing) is
/// filled with the combination's one-step forecast of it in the pool's own states (the fixed and learned smoothing,
/// Theta, the seasonal-ratio RTU) and in the history the autoregressions read, learning and scoring nothing; the members
/// that forecast past a missing row themselves (the ARIMA-type and fitted members) still do, and the seasonal naive
/// repeats observed values only. The value that ends the gap misses its forecast by e, and the filled history is moved
/// onto a straight line toward it (row j of g by e·j/(g + 1)). Up to L rows are filled (the history's length), after
/// which the members wait as they are. Before, a missing row was left out: the autoregressions had no forecast until
/// their lags were observed again and the smoothing states stood still, one step short after the gap. A lone missing
/// row at 11 places in 15 bench series, rest-of-series MAE mean |change| 2.67 → 2.22 % (over 5 % in 29 → 16 of 165);
/// three rows 4.91 → 4.61 %, six 10.06 → 9.05 %; the 104 series 0.4652 → 0.4649. A pool read from a layout 1–17 file
/// leaves missing rows out, as it did.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    // A frozen pool (serving: nothing is learned) keeps s where a learning one restarts it, but does not clean either
    // until as many values have followed as a restarted s needs (_maeCount counts up from −that, then stands at Window,
    // where the weight of a new error is 1/Window, should learning resume): the members, without recent values, forecast
    // the first values after a long gap worse than s says, and judged by it they were cleaned short of where the series
    // went and then taken as level shifts (an hourly sine without a season,
    // frozen, mean |error| of the 23 values after 60,000 missing hours 0.85 when kept and judged, 0.32 when cleaned
    // against the drifted forecast as before).
    private void Settle()
    {
        if (_maeCount >= 2 * Window / 5) _maeCount = -2 * Window / 5;
    }

    // Rows missing since the last observed value, counted back through the history (its length when all of it is
    // missing). After a gap the value is judged against a (g + 1)-step forecast: the bound widens as a random walk's
    // error does, by √(g + 1); after a gap longer than the history the forecast has extrapolated the members' drift
    // over the whole gap (the RTU's mean change times g: −116 after 60,000 hours of a sine fitted on 500) and nothing
    // recent is left to judge the value by, so it is taken as it is and the scale s starts again from the errors that
    // follow (as at the series' start, nothing is cleaned until it has some). Scoring the gap's error instead (an
    // inflated s) let the correction of the combination, bounded by 6·s, carry it (first error after 60,000 hours 27.9);
    // keeping s without it cleaned the next values, still unsettled, against the old one-step scale (mean error of the
    // 23 after 30,000 hours of an unseasonal sine 0.14, against 0.04 before).
    private int MissingBefore() => _missingRun;

    // y_{t−k} as the autoregressions read it (k = 0: the newest row; a filled row holds its bridged forecast; NaN: missing).
    internal double HistoryBack(int k) => E(_history.Length - 1 - k);

    // The same count read from the history's trailing NaNs (a pool read from a layout 1–17 file, which kept no count).
    private int MissingInHistory()
    {
        int l = _history.Length, missing = 0;
        while (missing < l && double.IsNaN(E(l - 1 - missing))) missing++;
        return missing;
    }

    // The value that ends a gap of g filled rows misses its forecast by e: the filled rows of the history the
    // autoregressions read are moved onto a straight line toward it (row j of g by e·j/(g + 1)), so that they do not
    // read a change at the gap's end that the series never made. The members' states took forecasts and are corrected
    // by this error as by any row's.
    private void BridgeGap(double error, int g)
    {
        int l = _history.Length;
        for (int j = 1; j <= g; j++)
        {
            int at = (_head + l - g - 1 + j) % l;
            _history[at] = Bridged(_history[at], error, j, g);
        }
    }

    /// <summary>
    /// Where row <paramref name="j"/> of a gap of <paramref name="g"/> missing rows, filled with
    /// <paramref name="filled"/>, most likely lay once the value after the gap missed its forecast by
    /// <paramref name="error"/>: on a straight line toward it, error·j/(g + 1) from the fill (for a lone missing row, half
    /// the miss: the smoothed value of a random walk).
    /// </summary>
    public static double Bridged(double filled, double error, int j, int g) => filled + error * j / (g + 1);

    /// <summary>
    /// The value a lone missing row most likely had, once the value after it, <paramref name="next"/>, missed the
    /// forecast made across the row, <paramref name="across"/>: the row's fill <paramref name="filled"/> (its one-step
    /// forecast) moved by half the miss (<see cref="Bridged"/>), in ratio while every value seen has been positive, and
    /// not below 0 while none has been negative nor beyond a bound the series has sat at (<see cref="Ceiling"/>,
    /// <see cref="Floor"/>), so that it stays where the series' values lie (a count's smoothed row at −3 would end its
    /// non-negativity; an availability's at 1.00003, observed as given, its ceiling at 1).
    /// </summary>
    public double SmoothedGap(double filled, double next, double across)
    {
        if (_positive && filled > 0 && next > 0 && across > 0) return ClipToSupport(filled * Math.Sqrt(next / across));
        return ClipToSupport(Bridged(filled, next - across, 1, 1));
    }

    /// <summary>
    /// Remembers <paramref name="given"/> as the value given for the last row observed (a lone spike observed again as the
    /// value it most likely was, <see cref="SmoothedGap"/>): the season-repeat rule compares the next season with what was
    /// given, as after <see cref="CleanAsMissing"/>. NaN (a gap) leaves the record as it is.
    /// </summary>
    public void RememberGiven(double given) => RememberGiven(_rows - 1, given);

    /// <summary>
    /// Remembers <paramref name="given"/> as the value given for row <paramref name="row"/> (0-based, counted as
    /// <see cref="Rows"/>), a spike among a new series' first rows observed as missing; rows older than a season are not
    /// kept, and NaN leaves the record as it is.
    /// </summary>
    public void RememberGiven(long row, double given)
    {
        if (!double.IsFinite(given) || row < 0 || row >= _rows || _rows - row > _m) return;
        _raw[(int)(row % _raw.Length)] = RunningNormalizer.Saturate(given);   // not the second season's: a spike is no reference there (layout 34)
    }

    /// <summary>
    /// Takes the forecasts <paramref name="other"/> made at its last rows (the members', the combination's and its
    /// correction's), to score the next value against: a pool that observed a smoothed gap (<see cref="Bridged"/>) goes on
    /// as the pool that forecast across it, since the smoothed value was known only from the value that scores them.
    /// </summary>
    public void KeepForecastsOf(ForecastPool other)
    {
        if (other._pending.Length != _pending.Length || other._rows != _rows) throw new ArgumentException("The pools differ in horizon or rows.", nameof(other));
        other._pending.CopyTo(_pending, 0);
        _oneStep = other._oneStep;
        _correction.KeepForecastsOf(other._correction);
    }
}
