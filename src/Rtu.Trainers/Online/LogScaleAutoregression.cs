namespace Rtu.Trainers.Online;

/// <summary>
/// The order-selected autoregression (<see cref="SelectedAutoregression"/>) fitted on ln y, its forecasts exp(·), while
/// every value seen is positive; a value ≤ 0 stops it for good (<see cref="Active"/> false) and the caller falls back to
/// the same model on y. A member of <see cref="ForecastPool"/> without a season; O(P³) per step, no allocation.
/// </summary>
/// <remarks>
/// <para>Why: a positive cyclic series (an animal population, a count, a flow) moves in proportions: its peaks are
/// sharper than its troughs, so a linear AR on the levels fits a symmetric cycle that is too shallow at the top and too
/// deep at the bottom. On ln y the cycle is near symmetric; that is the classical model of the Canadian lynx (an AR(2) on
/// log lynx, Moran 1953) and what auto.arima fits with lambda = 0, ETS with multiplicative errors. The forecast exp(ŷ) is
/// the median of a log-normal forecast, not its mean: the right point forecast for absolute errors (MASE).
/// Eleventh pass of samples/Rtu.Forecasting/NOTEBOOK.md: the order-selected AR on ln y in place of the one on y, development
/// bench 0.5177 → 0.5128 (lynx 0.776 → 0.658), held-out 0.4759 → 0.4757, second held-out 0.4207 → 0.4203 (within the
/// seed's noise there); six steps without a season 0.7614 → 0.7453, 0.8974 → 0.8980, 0.9015 → 0.8975.</para>
/// </remarks>
public sealed class LogScaleAutoregression
{
    private readonly SelectedAutoregression _fit;
    private bool _positive = true;

    /// <summary>Orders 1 … <paramref name="maxOrder"/> on ln y, up to <paramref name="horizon"/> steps, each fit with forgetting λ and prior variance.</summary>
    public LogScaleAutoregression(int maxOrder, int horizon, double forgetting, double prior)
    {
        _fit = new SelectedAutoregression(maxOrder, horizon, forgetting, prior);
    }

    /// <summary>Whether it forecasts: every value so far positive and the fits started.</summary>
    public bool Active => _positive && _fit.Ready;

    /// <summary>Whether every value seen (and every level it was shifted to) is positive.</summary>
    public bool Positive => _positive;

    /// <summary>The fit on ln y (read it only).</summary>
    public SelectedAutoregression Fit => _fit;

    /// <summary>Value <paramref name="value"/> (NaN: missing): the fit on its logarithm learns it; a value ≤ 0 stops the member.</summary>
    public void Update(double value, bool learn)
    {
        if (!_positive) return;
        if (value <= 0) { _positive = false; return; }
        _fit.Update(double.IsNaN(value) ? double.NaN : Math.Log(value), learn);
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN while not <see cref="Active"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (!Active) { path.Fill(double.NaN); return; }
        _fit.Forecast(path);
        for (int k = 0; k < path.Length; k++) path[k] = Math.Exp(path[k]);
    }

    /// <summary>
    /// The series moved from <paramref name="last"/> by <paramref name="delta"/> (a level shift): on the log scale that
    /// is a shift by ln((last + delta)/last); a shift to a level ≤ 0 stops the member.
    /// </summary>
    public void Shift(double last, double delta)
    {
        if (!_positive || _fit.Count == 0) return;
        if (!(last > 0 && last + delta > 0)) { _positive = false; return; }
        // ln of the ratio, or, where it is not a positive finite number (from a subnormal last it is ∞), the difference.
        double ratio = (last + delta) / last;
        _fit.Shift(double.IsFinite(ratio) && ratio > 0 ? Math.Log(ratio) : Math.Log(last + delta) - Math.Log(last));
    }

    /// <summary>
    /// The series' units changed by <paramref name="factor"/> (a frozen pool's change of scale): on the log scale that is
    /// a shift by ln(factor); a factor ≤ 0 stops the member.
    /// </summary>
    public void Rescale(double factor)
    {
        if (!_positive || _fit.Count == 0) return;
        if (!(factor > 0)) { _positive = false; return; }
        _fit.Shift(Math.Log(factor));
    }

    /// <summary>Forgets the series and the fits.</summary>
    public void Reset()
    {
        _fit.Reset();
        _positive = true;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_positive);
        _fit.Save(w);
    }

    /// <summary>Reads a state written by <see cref="Save"/> by a model of the same highest order.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        _positive = r.ReadBoolean();
        _fit.Load(r);
    }
}
