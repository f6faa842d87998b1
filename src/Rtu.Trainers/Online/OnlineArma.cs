using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// An ARIMA(p, 1, q) model with drift fitted online: an ARMA(p, q) on the changes d_t = y_t − y_{t−1} by pseudo-linear
/// (extended) recursive least squares, with the member's own past one-step residuals as the moving-average regressors.
/// A member of <see cref="ForecastPool"/>; O((1 + p + q)²) per step, no allocation.
/// </summary>
/// <remarks>
/// <para>Model: d_t = c + Σ_{i≤p} a_i d_{t−i} + Σ_{j≤q} b_j e_{t−j} + e_t. The residuals e are not observed, so the
/// regression uses the member's a-posteriori residuals (e_t = d_t − wᵀx_t with the weights just updated), the classical
/// extended least squares of online ARMAX identification (Ljung and Söderström, 1983); the weights are then the exact
/// forgetting least-squares fit given those residuals. Inputs and target are divided by the running mean absolute
/// change (scale-free; the stored changes and residuals are in the series' units and divided at use), each stored
/// residual is bounded to ±<see cref="Bound"/> scales, so that a non-invertible MA estimate cannot feed exploding
/// residuals back, and so is each forecast step.</para>
/// <para>Why: the pool's autoregressions are AR only; a moving-average term is what auto.arima picks on many series
/// (an ARIMA(1,1,1) such as WWWusage): an AR needs many lags to mimic one MA term, and RLS on few rows cannot fit them.</para>
/// </remarks>
public sealed class OnlineArma
{
    /// <summary>A forecast step and a stored residual are bounded to this many mean absolute changes.</summary>
    public const double Bound = 10;

    private readonly int _p, _q;
    private readonly RecursiveLeastSquares _rls;
    private readonly double[] _changes;     // d_{t}, d_{t−1}, … (ring, series units)
    private readonly double[] _residuals;   // e_t, e_{t−1}, … (ring, series units)
    private readonly double[] _x;           // scratch regressors
    private readonly double[] _walkChanges, _walkResiduals;   // scratch of Forecast
    private readonly int _h;
    private int _changeHead, _residualHead; // ring positions of the newest entries
    private double _last = double.NaN, _scale;
    private long _count;                    // changes seen

    /// <summary>
    /// An ARIMA(<paramref name="p"/>, 1, <paramref name="q"/>) forecasting up to <paramref name="horizon"/> steps, with
    /// forgetting factor λ and prior variance of each weight.
    /// </summary>
    public OnlineArma(int p, int q, int horizon, double forgetting, double prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _p = p; _q = q; _h = horizon;
        _walkChanges = new double[p + horizon]; _walkResiduals = new double[q + horizon];
        _rls = new RecursiveLeastSquares(1 + p + q, forgetting, prior);
        _changes = new double[Math.Max(p, 1)];
        _residuals = new double[Math.Max(q, 1)];
        _x = new double[1 + p + q];
        Reset();
    }

    /// <summary>Autoregressive order p.</summary>
    public int P => _p;

    /// <summary>Moving-average order q.</summary>
    public int Q => _q;

    /// <summary>Regression weights [c, a_1 … a_p, b_1 … b_q] in units of the change scale (read them only).</summary>
    public ReadOnlySpan<double> Weights => _rls.Weights;

    /// <summary>The least-squares fit (extended: its inputs hold the model's own past residuals).</summary>
    internal RecursiveLeastSquares Fit => _rls;

    /// <summary>Changes seen.</summary>
    public long Count => _count;

    /// <summary>Whether the model forecasts (p + q + 2 values seen).</summary>
    public bool Ready => _count > _p + _q && double.IsFinite(_last);

    private double Scale => SeriesScale.OrOne(_scale, double.IsFinite(_last) ? _last : 0);

    // d_{t−k} (k = 0: the newest), e likewise; 0 before it was seen.
    private double Change(int k) => _changes[(_changeHead - k + 2 * _changes.Length) % _changes.Length];

    private double Residual(int k) => _residuals[(_residualHead - k + 2 * _residuals.Length) % _residuals.Length];

    // Regressors for the next change, scaled: [1, d_t … d_{t+1−p}, e_t … e_{t+1−q}] / s.
    private void Regressors(double s)
    {
        _x[0] = 1;
        for (int i = 0; i < _p; i++) _x[1 + i] = Change(i) / s;
        for (int j = 0; j < _q; j++) _x[1 + _p + j] = Residual(j) / s;
    }

    /// <summary>
    /// Value <paramref name="value"/> (NaN: missing, then the model's own forecast takes its place with a zero
    /// residual): one extended-least-squares update of the weights (when <paramref name="learn"/>), then the states.
    /// </summary>
    public void Update(double value, bool learn)
    {
        if (double.IsNaN(_last))
        {
            if (double.IsFinite(value)) _last = value;
            return;
        }
        double s = Scale;
        Regressors(s);
        double predicted = Math.Clamp(_rls.Predict(_x), -Bound, Bound);
        double d, residual;
        if (!double.IsFinite(value)) { d = predicted * s; residual = 0; }
        else
        {
            d = value - _last;
            if (learn && _count >= _p + _q) _rls.Update(_x, d / s);
            // The a-posteriori residual (weights just updated): the stabler choice of extended least squares.
            residual = s * Math.Clamp(d / s - _rls.Predict(_x), -Bound, Bound);
            long k = ++_count;
            _scale += Math.Max(1.0 / k, 1.0 / 200) * (Math.Abs(d) - _scale);
        }
        _last += d;
        _changeHead = (_changeHead + 1) % _changes.Length; _changes[_changeHead] = _p > 0 ? d : 0;
        _residualHead = (_residualHead + 1) % _residuals.Length; _residuals[_residualHead] = _q > 0 ? residual : 0;
    }

    /// <summary>
    /// The forecasts of the next <paramref name="path"/>.Length ≤ horizon values, each step fed the previous steps'
    /// forecasts and zero future residuals (NaN until <see cref="Ready"/>). O(H·(p + q)), no allocation.
    /// </summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        double s = Scale, y = _last;
        // Changes and residuals, oldest first, then the walk's own: d_{t+1−p} … d_t, d̂_{t+1} …; e_{t+1−q} … e_t, 0 ….
        for (int i = 0; i < _p; i++) _walkChanges[i] = Change(_p - 1 - i);
        for (int j = 0; j < _q; j++) _walkResiduals[j] = Residual(_q - 1 - j);
        for (int k = 0; k < path.Length; k++)
        {
            _x[0] = 1;
            for (int i = 0; i < _p; i++) _x[1 + i] = _walkChanges[_p - 1 + k - i] / s;
            for (int j = 0; j < _q; j++) _x[1 + _p + j] = _walkResiduals[_q - 1 + k - j] / s;
            double d = s * Math.Clamp(_rls.Predict(_x), -Bound, Bound);
            _walkChanges[_p + k] = d;
            _walkResiduals[_q + k] = 0;   // future residuals: their mean
            y += d;
            path[k] = y;
        }
    }

    /// <summary>Moves the last value by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta) => _last += delta;

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        // The fit is on changes over their running scale: scale-free.
        for (int i = 0; i < _changes.Length; i++) _changes[i] *= factor;
        for (int i = 0; i < _residuals.Length; i++) _residuals[i] *= factor;
        _last *= factor; _scale *= factor;
    }

    /// <summary>Forgets the series and the weights.</summary>
    public void Reset()
    {
        _rls.Reset();
        Array.Clear(_changes); Array.Clear(_residuals);
        _changeHead = _residualHead = 0;
        _last = double.NaN; _scale = 0; _count = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_p); w.Write(_q);
        _rls.Save(w);
        foreach (var a in new[] { _changes, _residuals }) BinaryRuns.Write<double>(w, a);
        w.Write(_changeHead); w.Write(_residualHead); w.Write(_last); w.Write(_scale); w.Write(_count);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same orders.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int p = r.ReadInt32(), q = r.ReadInt32();
        if (p != _p || q != _q) throw new InvalidDataException($"Stored ARMA ({p}, {q}) does not match this one ({_p}, {_q}).");
        _rls.Load(r);
        foreach (var a in new[] { _changes, _residuals }) BinaryRuns.Read<double>(r, a);
        _changeHead = r.ReadInt32(); _residualHead = r.ReadInt32(); _last = r.ReadDouble(); _scale = r.ReadDouble(); _count = r.ReadInt64();
        if (_changeHead < 0 || _changeHead >= _changes.Length || _residualHead < 0 || _residualHead >= _residuals.Length || !(_scale >= 0) || _count < 0
            || !_changes.All(double.IsFinite) || !_residuals.All(double.IsFinite) || double.IsInfinity(_last))
            throw new InvalidDataException("Stored ARMA state is invalid.");
    }
}
