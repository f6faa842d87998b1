using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// A seasonal ARIMA(p, 0, q)(0, 1, 1)_m with drift fitted online: an ARMA on the seasonal changes
/// D_t = y_t − y_{t−m} with a seasonal moving-average term, by pseudo-linear (extended) recursive least squares with the
/// member's own past residuals as the moving-average regressors, as <see cref="OnlineArma"/>. A member of
/// <see cref="ForecastPool"/> for seasonal series; O((2 + p + q)²) per step for any season length, no allocation.
/// </summary>
/// <remarks>
/// <para>Model: D_t = c + Σ_{i≤p} a_i D_{t−i} + Σ_{j≤q} b_j e_{t−j} + B e_{t−m} + e_t. The seasonal MA term B e_{t−m}
/// lets the season drift as exponential smoothing lets it (B near −1: a stable season, near 0: last year's changes
/// repeat); the AR terms carry what is left of the short-run dynamics and c a steady trend. Residuals are the
/// a-posteriori ones of extended least squares; inputs and target are divided by the running mean |D| (window 200),
/// each stored residual and each forecast step is bounded to ±<see cref="Bound"/> such scales. The values, seasonal
/// changes and residuals are kept in rings of one season: O(1) per step whatever m.</para>
/// <para>Why: ARIMA(p,0,q)(0,1,1)_m with drift is what auto.arima fits most often to monthly and quarterly data; the
/// pool's seasonal autoregression (AR(3) on D) has no seasonal MA term and the airline member no AR term and no drift.</para>
/// </remarks>
public sealed class SeasonalArma
{
    /// <summary>A forecast step and a stored residual are bounded to this many mean absolute seasonal changes.</summary>
    public const double Bound = 10;

    private const double ScaleWindow = 200;

    private readonly int _m, _p, _q, _h;
    private readonly RecursiveLeastSquares _rls;
    private readonly double[] _values, _residuals;   // rings of the last m values (NaN: missing, not differenced) and residuals
    private readonly double[] _changes;              // ring of the last max(p, 1) seasonal changes
    private readonly double[] _x, _walk;             // scratch
    private int _head, _changeHead;                  // ring positions of the newest entries
    private long _rows, _count;                      // rows seen; seasonal changes seen
    private double _scale;

    /// <summary>
    /// A model for season length <paramref name="seasonLength"/> ≥ 2 with AR order <paramref name="p"/> and MA order
    /// <paramref name="q"/> (non-seasonal) forecasting up to <paramref name="horizon"/> steps, forgetting factor λ and
    /// prior variance of each weight.
    /// </summary>
    public SeasonalArma(int seasonLength, int p, int q, int horizon, double forgetting, double prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(q, seasonLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _m = seasonLength; _p = p; _q = q; _h = horizon;
        _rls = new RecursiveLeastSquares(2 + p + q, forgetting, prior);
        _values = new double[seasonLength]; _residuals = new double[seasonLength];
        _changes = new double[Math.Max(p, 1)];
        _x = new double[2 + p + q];
        _walk = new double[horizon];
        Reset();
    }

    /// <summary>Season length.</summary>
    public int SeasonLength => _m;

    /// <summary>Autoregressive order p.</summary>
    public int P => _p;

    /// <summary>Non-seasonal moving-average order q.</summary>
    public int Q => _q;

    /// <summary>Regression weights [c, a_1 … a_p, b_1 … b_q, B] in units of the seasonal-change scale (read them only).</summary>
    public ReadOnlySpan<double> Weights => _rls.Weights;

    /// <summary>The least-squares fit (extended: its inputs hold the model's own past residuals).</summary>
    internal RecursiveLeastSquares Fit => _rls;

    /// <summary>Seasonal changes seen.</summary>
    public long Count => _count;

    /// <summary>Whether the model forecasts (p + q + 2 seasonal changes seen; a path step whose value a season back is
    /// missing is NaN).</summary>
    public bool Ready => _count > _p + _q + 1;

    private double Scale => SeriesScale.OrOne(_scale, _rows > 0 && double.IsFinite(Value(0)) ? Value(0) : 0);

    // y_{t−k}, e_{t−k} (k < m), D_{t−k} (k < max(p, 1)); k = 0: the newest.
    private double Value(int k) => _values[(_head - k + _m) % _m];

    private double Residual(int k) => _residuals[(_head - k + _m) % _m];

    private double Change(int k) => _changes[(_changeHead - k + _changes.Length) % _changes.Length];

    // Regressors for D_{t+k} (k ≥ 1) given the walk's own seasonal changes D̂_{t+1} … D̂_{t+k−1} in _walk: lags before
    // t + 1 come from the rings, future residuals are 0 (their mean).
    private void Regressors(int k, double s)
    {
        _x[0] = 1;
        for (int i = 1; i <= _p; i++) _x[i] = (k - i <= 0 ? Change(i - k) : _walk[k - i - 1]) / s;
        for (int j = 1; j <= _q; j++) _x[_p + j] = (k - j <= 0 ? Residual(j - k) : 0) / s;
        _x[1 + _p + _q] = (k <= _m ? Residual(_m - k) : 0) / s;
    }

    /// <summary>
    /// Value <paramref name="value"/> (NaN: missing, then the model's own forecast takes its place with a zero
    /// residual): one extended-least-squares update of the weights (when <paramref name="learn"/>), then the states.
    /// </summary>
    public void Update(double value, bool learn)
    {
        double before = _rows >= _m ? Value(_m - 1) : double.NaN;   // y_{t+1−m}: the value the new one is differenced against
        _rows++;
        if (double.IsNaN(before))
        {
            // The first season, or a gap a season ago: nothing to difference; the value (NaN if missing) is kept.
            _head = (_head + 1) % _m;
            _values[_head] = double.IsFinite(value) ? value : double.NaN; _residuals[_head] = 0;
            return;
        }
        double s = Scale;
        Regressors(1, s);
        double predicted = Math.Clamp(_rls.Predict(_x), -Bound, Bound);
        double d, residual;
        if (!double.IsFinite(value)) { d = predicted * s; residual = 0; }
        else
        {
            d = value - before;
            if (learn && _count > _p + _q) _rls.Update(_x, d / s);
            residual = s * Math.Clamp(d / s - _rls.Predict(_x), -Bound, Bound);
            long k = ++_count;
            _scale += Math.Max(1.0 / k, 1.0 / ScaleWindow) * (Math.Abs(d) - _scale);
        }
        _head = (_head + 1) % _m;
        _values[_head] = before + d; _residuals[_head] = residual;
        _changeHead = (_changeHead + 1) % _changes.Length; _changes[_changeHead] = d;
    }

    /// <summary>
    /// The forecasts of the next <paramref name="path"/>.Length ≤ horizon values, each step fed the previous steps'
    /// forecasts and zero future residuals (NaN until <see cref="Ready"/>). O(H·(p + q)), no allocation.
    /// </summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        double s = Scale;
        for (int k = 1; k <= path.Length; k++)
        {
            Regressors(k, s);
            double d = s * Math.Clamp(_rls.Predict(_x), -Bound, Bound);
            _walk[k - 1] = d;
            path[k - 1] = (k <= _m ? Value(_m - k) : path[k - 1 - _m]) + d;
        }
    }

    /// <summary>Moves the series by <paramref name="delta"/> (a level shift: the seasonal changes are unchanged).</summary>
    public void Shift(double delta)
    {
        for (int i = 0; i < _m; i++) _values[i] += delta;
    }

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        // The fit is on seasonal changes over their running scale: scale-free. NaN (missing) stays NaN.
        foreach (var a in new[] { _values, _residuals, _changes }) for (int i = 0; i < a.Length; i++) a[i] *= factor;
        _scale *= factor;
    }

    /// <summary>Forgets the series and the weights.</summary>
    public void Reset()
    {
        _rls.Reset();
        Array.Clear(_values); Array.Clear(_residuals); Array.Clear(_changes);
        _head = _changeHead = 0; _rows = _count = 0; _scale = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_m); w.Write(_p); w.Write(_q);
        _rls.Save(w);
        foreach (var a in new[] { _values, _residuals, _changes }) BinaryRuns.Write<double>(w, a);
        w.Write(_head); w.Write(_changeHead); w.Write(_rows); w.Write(_count); w.Write(_scale);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same season and orders.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int m = r.ReadInt32(), p = r.ReadInt32(), q = r.ReadInt32();
        if (m != _m || p != _p || q != _q) throw new InvalidDataException($"Stored seasonal ARMA (m {m}, p {p}, q {q}) does not match this one ({_m}, {_p}, {_q}).");
        _rls.Load(r);
        foreach (var a in new[] { _values, _residuals, _changes }) BinaryRuns.Read<double>(r, a);
        _head = r.ReadInt32(); _changeHead = r.ReadInt32(); _rows = r.ReadInt64(); _count = r.ReadInt64(); _scale = r.ReadDouble();
        if (_head < 0 || _head >= _m || _changeHead < 0 || _changeHead >= _changes.Length || _rows < 0 || _count < 0 || !(_scale >= 0)
            || _values.Any(double.IsInfinity) || !_residuals.All(double.IsFinite) || !_changes.All(double.IsFinite))
            throw new InvalidDataException("Stored seasonal ARMA state is invalid.");
    }
}
