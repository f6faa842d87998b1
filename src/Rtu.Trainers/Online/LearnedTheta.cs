namespace Rtu.Trainers.Online;

/// <summary>
/// The Theta method online, with its smoothing constant learned: simple exponential smoothing of the (seasonally
/// adjusted) series plus half the slope of a least-squares line on time, as Hyndman and Billah (2003) showed the M3
/// winner to be. A member of <see cref="ForecastPool"/>, which seasonally adjusts the values it gives and reseasonalises
/// the forecasts.
/// </summary>
/// <remarks>
/// <para>Forecast of the value h steps after the last (n values seen): ℓ_n + (b/2)·(h − 1 + (1 − (1−α)^(n−1))/α),
/// where ℓ ← αy + (1−α)ℓ is simple exponential smoothing started at the first value and b the ordinary least-squares slope of y on the time index over
/// every value seen (running means and co-moments: O(1) per step).</para>
/// <para>α = lo + (hi − lo)·σ(u) is learned like <see cref="LearnedHoltWinters"/>'s constants: one RMSprop-scaled
/// gradient step per value on the one-step squared error, with the exact derivative ∂ℓ/∂α carried through the
/// recursion. Why: the Theta method's α is fitted per series (offline, by likelihood); the gradient finds it online
/// without look-ahead.</para>
/// </remarks>
public sealed class LearnedTheta
{
    /// <summary>Step size of α's logit (per value, RMSprop-scaled).</summary>
    public const double LearningRate = 0.03;

    // α ∈ (0.02, 1): the drift term b/(2α) stays bounded.
    private const double Low = 0.02, High = 1;

    private readonly double _initialLogit;
    private double _logit, _alpha, _meanSquare;
    private double _level, _dLevel;            // ℓ and ∂ℓ/∂α
    private double _meanTime, _meanValue, _timeSquares, _crossProducts;   // the running line fit
    private long _count, _steps;
    private double _decayed = 1;               // (1−α)^(n−1), kept with α and n (derived: not saved)

    /// <summary>A learner starting at smoothing constant <paramref name="alpha"/> ∈ (0.02, 1).</summary>
    public LearnedTheta(double alpha)
    {
        if (!(alpha > Low && alpha < High)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must lie in ({Low}, {High}).");
        double unit = (alpha - Low) / (High - Low);
        _initialLogit = Math.Log(unit / (1 - unit));
        Reset();
    }

    /// <summary>Current α.</summary>
    public double Alpha => _alpha;

    /// <summary>The least-squares slope per time step (0 before two values).</summary>
    public double Slope => _timeSquares > 0 ? _crossProducts / _timeSquares : 0;

    /// <summary>Values seen.</summary>
    public long Count => _count;

    /// <summary>Forecast of the value h ≥ 1 steps after the last (NaN before the first value).</summary>
    public double Forecast(int h) =>
        _count == 0 ? double.NaN : _level + 0.5 * Slope * (h - 1 + (1 - Decayed) / _alpha);

    // (1−α)^(n−1): the weight simple exponential smoothing still gives its first value (ℓ starts at it).
    private double Decayed => _decayed;

    private void SetDecayed() => _decayed = Math.Pow(1 - _alpha, Math.Max(0, _count - 1));

    /// <summary>
    /// The exact derivative of the one-step forecast with respect to α through the whole smoothing recursion (α taken
    /// as constant since the first value); 0 before the first value.
    /// </summary>
    public double OneStepGradient()
    {
        if (_count == 0) return 0;
        long n1 = _count - 1;
        double decayed = Decayed, dDecayed = n1 > 0 ? -n1 * Math.Pow(1 - _alpha, n1 - 1) : 0;
        // d/dα [(1 − D)/α] = (−D′α − (1 − D))/α².
        return _dLevel + 0.5 * Slope * (-dDecayed * _alpha - (1 - decayed)) / (_alpha * _alpha);
    }

    /// <summary>Moves the level and the past values by <paramref name="delta"/> (a level shift; the slope is unchanged).</summary>
    public void Shift(double delta)
    {
        _level += delta; _meanValue += delta;
    }

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        // The level, its sensitivity and the line fit's value moments carry the units; the squared gradients factor⁴.
        _level *= factor; _dLevel *= factor; _meanValue *= factor; _crossProducts *= factor;
        _meanSquare *= factor * factor * factor * factor;
    }

    /// <summary>Value <paramref name="value"/> at time index <paramref name="time"/>: a gradient step on α (when <paramref name="learn"/>), then the states.</summary>
    public void Update(double value, long time, bool learn)
    {
        if (_count == 0)
        {
            _level = value; _dLevel = 0;
        }
        else
        {
            if (learn)
            {
                // An error or a derivative of rounding size is read as the 0 it stands for (RmsPropStep.RoundingShare).
                double forecast = Forecast(1), size = Math.Abs(value) + Math.Abs(forecast);
                double error = RmsPropStep.WithoutRounding(value - forecast, size), dForecast = RmsPropStep.WithoutRounding(OneStepGradient(), size);
                double g = error * dForecast * (_alpha - Low) * (High - _alpha) / (High - Low);
                if (double.IsFinite(g))
                {
                    _steps++;
                    RmsPropStep.Apply(ref _logit, ref _meanSquare, g, _steps == 1, LearningRate, 8);
                }
            }
            double alpha = _alpha;
            _dLevel = value - _level + (1 - alpha) * _dLevel;
            _level = alpha * value + (1 - alpha) * _level;
            if (!double.IsFinite(_dLevel)) _dLevel = 0;
            SetAlpha();
        }
        // Welford's running means and co-moments of (time, value): the slope without sums that grow with the series.
        long n = ++_count;
        double dt = time - _meanTime;
        _meanTime += dt / n;
        double dy = value - _meanValue;
        _meanValue += dy / n;
        _timeSquares += dt * (time - _meanTime);
        _crossProducts += dt * (value - _meanValue);
        SetDecayed();
    }

    private void SetAlpha() => _alpha = Low + (High - Low) / (1 + Math.Exp(-_logit));

    /// <summary>Forgets the series and the learned α.</summary>
    public void Reset()
    {
        _logit = _initialLogit; SetAlpha();
        _meanSquare = 0; _level = _dLevel = 0;
        _meanTime = _meanValue = _timeSquares = _crossProducts = 0;
        _count = _steps = 0;
        SetDecayed();
    }

    /// <summary>Writes the whole state (the learned α included).</summary>
    public void Save(BinaryWriter w)
    {
        foreach (double v in new[] { _logit, _meanSquare, _level, _dLevel, _meanTime, _meanValue, _timeSquares, _crossProducts }) w.Write(v);
        w.Write(_count); w.Write(_steps);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public void Load(BinaryReader r)
    {
        _logit = r.ReadDouble(); _meanSquare = r.ReadDouble(); _level = r.ReadDouble(); _dLevel = r.ReadDouble();
        _meanTime = r.ReadDouble(); _meanValue = r.ReadDouble(); _timeSquares = r.ReadDouble(); _crossProducts = r.ReadDouble();
        _count = r.ReadInt64(); _steps = r.ReadInt64();
        if (!double.IsFinite(_logit) || !(_meanSquare >= 0) || !(_timeSquares >= 0) || _count < 0 || _steps < 0)
            throw new InvalidDataException("Stored Theta state is invalid.");
        SetAlpha(); SetDecayed();
    }
}
