using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The seasonal "airline" model ARIMA(0,1,1)(0,1,1)_m whose moving-average coefficients θ and Θ are learned online:
/// after each value, one gradient step on the one-step squared error, with the exact derivative of the forecast through
/// the moving-average recursion. A member of <see cref="ForecastPool"/> for seasonal series.
/// </summary>
/// <remarks>
/// <para>Model: (1 − B)(1 − B^m) y_t = (1 + θB)(1 + ΘB^m) e_t, so the one-step forecast is
/// ŷ_{t+1} = y_t + y_{t+1−m} − y_{t−m} + θe_t + Θe_{t+1−m} + θΘe_{t−m} and e_{t+1} = y_{t+1} − ŷ_{t+1}. The residuals
/// depend on θ, Θ through the recursion; their sensitivities ∂e/∂θ, ∂e/∂Θ are carried in rings next to the residuals
/// (m + 1 each) and updated with them: O(1) per step for any season length. h-step forecasts iterate the recursion
/// with zero future residuals (O(H)).</para>
/// <para>θ = tanh(u), Θ = tanh(U) keep the model invertible (|θ|, |Θ| &lt; 1, so the residual recursion cannot
/// explode); u and U start at the given coefficients and move by RMSprop-scaled steps as <see cref="LearnedHoltWinters"/>'s
/// constants do. Why: the airline model is what Box and Jenkins fitted to seasonal sales and what auto.arima often
/// picks for monthly and quarterly data; it differs from additive Holt–Winters in differencing the season (the season
/// moves with the data) and its two coefficients are learned from few rows.</para>
/// <para>Logarithmic (for positive series): the model runs on log y and forecasts exp of its log forecasts, so the
/// season and the noise scale with the level (Box and Jenkins' own airline fit); its residuals, derivatives and
/// <see cref="OneStep"/> are then in log units. A value ≤ 0 switches such a model off (no forecasts) until
/// <see cref="Reset"/>.</para>
/// </remarks>
public sealed class LearnedAirline
{
    /// <summary>Step size of the coefficients' pre-images (per value, RMSprop-scaled).</summary>
    public const double LearningRate = 0.03;

    private const double MaxPreimage = 3;   // |θ| ≤ tanh 3 ≈ 0.995

    private readonly int _m, _h, _ring;
    private readonly bool _logarithmic;
    private bool _off;        // a logarithmic model met a value ≤ 0
    private readonly double[] _values, _residuals, _dTheta, _dSeasonal;   // rings of the last m + 1: y, e, ∂e/∂θ, ∂e/∂Θ
    private readonly double[] _walk;                                      // scratch of Forecast: the path
    private readonly double _initialU, _initialSeasonalU;
    private double _u, _seasonalU, _theta, _seasonalTheta;
    private readonly double[] _meanSquare = new double[2];
    private int _head;        // ring position of the newest value
    private long _count, _steps;

    /// <summary>
    /// A learner for season length <paramref name="seasonLength"/> ≥ 2 forecasting up to <paramref name="horizon"/>
    /// steps, starting at coefficients <paramref name="theta"/> and <paramref name="seasonalTheta"/> in (−1, 1).
    /// </summary>
    public LearnedAirline(int seasonLength, int horizon, double theta, double seasonalTheta) : this(seasonLength, horizon, theta, seasonalTheta, logarithmic: false)
    {
    }

    /// <summary>
    /// A learner as above that, when <paramref name="logarithmic"/>, models log y (positive series; see the remarks).
    /// </summary>
    public LearnedAirline(int seasonLength, int horizon, double theta, double seasonalTheta, bool logarithmic)
    {
        _logarithmic = logarithmic;
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (!(Math.Abs(theta) < 1)) throw new ArgumentOutOfRangeException(nameof(theta), theta, "theta must lie in (-1, 1).");
        if (!(Math.Abs(seasonalTheta) < 1)) throw new ArgumentOutOfRangeException(nameof(seasonalTheta), seasonalTheta, "seasonalTheta must lie in (-1, 1).");
        _m = seasonLength; _h = horizon; _ring = seasonLength + 1;
        _values = new double[_ring]; _residuals = new double[_ring]; _dTheta = new double[_ring]; _dSeasonal = new double[_ring];
        _walk = new double[horizon];
        _initialU = Math.Clamp(Math.Atanh(theta), -MaxPreimage, MaxPreimage);
        _initialSeasonalU = Math.Clamp(Math.Atanh(seasonalTheta), -MaxPreimage, MaxPreimage);
        Reset();
    }

    /// <summary>Current θ (the non-seasonal moving-average coefficient).</summary>
    public double Theta => _theta;

    /// <summary>Current Θ (the seasonal moving-average coefficient).</summary>
    public double SeasonalTheta => _seasonalTheta;

    /// <summary>Values seen.</summary>
    public long Count => _count;

    /// <summary>Whether the model forecasts (m + 1 values seen, and for a logarithmic one none ≤ 0).</summary>
    public bool Ready => _count >= _ring && !_off;

    /// <summary>Whether the model runs on log y.</summary>
    public bool Logarithmic => _logarithmic;

    // Ring entry k steps before the newest (k = 0: y_t).
    private int At(int k) => (_head - k + _ring) % _ring;

    /// <summary>The one-step forecast ŷ_{t+1} (NaN until <see cref="Ready"/>).</summary>
    public double OneStep()
    {
        if (!Ready) return double.NaN;
        return _values[At(0)] + _values[At(_m - 1)] - _values[At(_m)]
            + _theta * _residuals[At(0)] + _seasonalTheta * _residuals[At(_m - 1)] + _theta * _seasonalTheta * _residuals[At(_m)];
    }

    /// <summary>
    /// The exact derivatives of the one-step forecast with respect to θ and Θ through the whole residual recursion
    /// (the coefficients taken as constant since the first forecast).
    /// </summary>
    public (double Theta, double SeasonalTheta) OneStepGradient()
    {
        if (!Ready) return (0, 0);
        int a = At(0), b = At(_m - 1), c = At(_m);
        double th = _theta, sth = _seasonalTheta;
        double dTheta = _residuals[a] + sth * _residuals[c] + th * _dTheta[a] + sth * _dTheta[b] + th * sth * _dTheta[c];
        double dSeasonal = _residuals[b] + th * _residuals[c] + th * _dSeasonal[a] + sth * _dSeasonal[b] + th * sth * _dSeasonal[c];
        return (dTheta, dSeasonal);
    }

    /// <summary>
    /// Value <paramref name="value"/> (NaN: missing, then the one-step forecast takes its place with a zero residual):
    /// a gradient step on θ and Θ (when <paramref name="learn"/>), then the states.
    /// </summary>
    public void Update(double value, bool learn)
    {
        if (_off) return;
        if (_logarithmic && double.IsFinite(value))
        {
            if (value <= 0) { _off = true; return; }
            value = Math.Log(value);
        }
        double residual = 0, dTheta = 0, dSeasonal = 0;
        if (Ready)
        {
            double forecast = OneStep();
            var (gTheta, gSeasonal) = OneStepGradient();
            if (double.IsFinite(value))
            {
                residual = value - forecast;
                dTheta = -gTheta; dSeasonal = -gSeasonal;   // e = y − ŷ
                // The step reads an error or a derivative of rounding size as the 0 it stands for (RmsPropStep.RoundingShare).
                double size = Math.Abs(value) + Math.Abs(forecast);
                if (learn) Learn(RmsPropStep.WithoutRounding(residual, size), RmsPropStep.WithoutRounding(gTheta, size), RmsPropStep.WithoutRounding(gSeasonal, size));
            }
            else value = forecast;
            if (!double.IsFinite(residual + dTheta + dSeasonal)) { residual = 0; dTheta = dSeasonal = 0; ClearSensitivities(); }
        }
        else if (!double.IsFinite(value))
        {
            if (_count == 0) return;
            value = _values[_head];   // before the first forecast a missing value repeats the last
        }
        _head = (_head + 1) % _ring;
        _values[_head] = value; _residuals[_head] = residual; _dTheta[_head] = dTheta; _dSeasonal[_head] = dSeasonal;
        _count++;
    }

    // ∂(½e²)/∂u = −e ∂ŷ/∂θ (1 − θ²): RMSprop-scaled descent on u and U.
    private void Learn(double residual, double gTheta, double gSeasonal)
    {
        Span<double> g = [residual * gTheta * (1 - _theta * _theta), residual * gSeasonal * (1 - _seasonalTheta * _seasonalTheta)];
        if (!double.IsFinite(g[0]) || !double.IsFinite(g[1])) return;
        _steps++;
        RmsPropStep.Apply(ref _u, ref _meanSquare[0], g[0], _steps == 1, LearningRate, MaxPreimage);
        RmsPropStep.Apply(ref _seasonalU, ref _meanSquare[1], g[1], _steps == 1, LearningRate, MaxPreimage);
        SetTheta();
    }

    private void ClearSensitivities()
    {
        Array.Clear(_dTheta); Array.Clear(_dSeasonal);
    }

    /// <summary>
    /// The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>), the
    /// recursion iterated with zero future residuals. O(H) for any season length, no allocation.
    /// </summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        for (int k = 0; k < path.Length; k++)
        {
            // ŷ_{t+k+1} reads the values and residuals 1, m and m + 1 steps back: the ring, or the path already walked.
            double f = Value(k, 1) + Value(k, _m) - Value(k, _m + 1)
                + _theta * Residual(k, 1) + _seasonalTheta * Residual(k, _m) + _theta * _seasonalTheta * Residual(k, _m + 1);
            _walk[k] = f;
            path[k] = _logarithmic ? Math.Exp(f) : f;
        }
    }

    // y_{t+k+1−back}: observed (in the ring) when back > k, else the walk's forecast; residuals of the walk are 0.
    private double Value(int k, int back) => back > k ? _values[At(back - k - 1)] : _walk[k - back];

    private double Residual(int k, int back) => back > k ? _residuals[At(back - k - 1)] : 0;

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        if (_off || _count == 0) return;
        if (_logarithmic)
        {
            // On log y a change of units is a shift of every value; residuals and sensitivities are unchanged.
            double shift = Math.Log(factor);
            for (int i = 0; i < _ring; i++) _values[i] += shift;
            return;
        }
        foreach (var a in new[] { _values, _residuals, _dTheta, _dSeasonal }) for (int i = 0; i < a.Length; i++) a[i] *= factor;
        for (int i = 0; i < _meanSquare.Length; i++) _meanSquare[i] *= factor * factor * factor * factor;
    }

    /// <summary>Moves the past values by <paramref name="delta"/> (a level shift: the differences are unchanged).</summary>
    public void Shift(double delta)
    {
        if (!_logarithmic) { for (int i = 0; i < _ring; i++) _values[i] += delta; return; }
        if (_off || _count == 0) return;
        if (!Ready) { Reset(); return; }   // within its first season: it starts again
        for (int i = 0; i < _ring; i++)
        {
            double v = Math.Exp(_values[i]) + delta;
            if (!(v > 0)) { _off = true; return; }
            _values[i] = Math.Log(v);
        }
    }

    private void SetTheta()
    {
        _theta = Math.Tanh(_u); _seasonalTheta = Math.Tanh(_seasonalU);
    }

    /// <summary>Forgets the series and the learned coefficients.</summary>
    public void Reset()
    {
        _u = _initialU; _seasonalU = _initialSeasonalU; SetTheta();
        Array.Clear(_values); Array.Clear(_residuals); ClearSensitivities(); Array.Clear(_meanSquare);
        _head = 0; _count = _steps = 0; _off = false;
    }

    /// <summary>Writes the whole state (the learned coefficients included).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_m); w.Write(_logarithmic); w.Write(_off);
        foreach (var a in new[] { _values, _residuals, _dTheta, _dSeasonal, _meanSquare }) BinaryRuns.Write<double>(w, a);
        w.Write(_u); w.Write(_seasonalU); w.Write(_head); w.Write(_count); w.Write(_steps);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same season.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int m = r.ReadInt32();
        bool logarithmic = r.ReadBoolean();
        if (m != _m || logarithmic != _logarithmic) throw new InvalidDataException($"Stored airline model (season {m}, logarithmic {logarithmic}) does not match this one ({_m}, {_logarithmic}).");
        _off = r.ReadBoolean();
        foreach (var a in new[] { _values, _residuals, _dTheta, _dSeasonal, _meanSquare }) BinaryRuns.Read<double>(r, a);
        _u = r.ReadDouble(); _seasonalU = r.ReadDouble(); _head = r.ReadInt32(); _count = r.ReadInt64(); _steps = r.ReadInt64();
        if (!(Math.Abs(_u) <= MaxPreimage) || !(Math.Abs(_seasonalU) <= MaxPreimage) || _head < 0 || _head >= _ring || _count < 0 || _steps < 0
            || !_meanSquare.All(v => v >= 0) || !_values.All(double.IsFinite) || !_residuals.All(double.IsFinite))
            throw new InvalidDataException("Stored airline model state is invalid.");
        SetTheta();
    }
}
