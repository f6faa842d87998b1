using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// An autoregression on the levels with a mean, with its order chosen online: AR(1) … AR(P) are all fitted by
/// recursive least squares on the same rows, and the forecasts are those of the order with the lowest AICc of its fit
/// (as auto.arima chooses). A member of <see cref="ForecastPool"/>; O(P³) per step (Σ (1 + p)² over the orders), no
/// allocation.
/// </summary>
/// <remarks>
/// <para>Model: u_t = (y_t − c)/s, c and s the mean and standard deviation of the first P values, frozen when the fits
/// start (after P values, when every order has its lags); u_{t+1} = b + Σ_{i≤p} a_i u_{t+1−i}. Order p's AICc is
/// n·ln(J_p/n) + 2k + 2k(k + 1)/(n − k − 1), k = p + 2, with J_p its least-squares cost (the forgetting sum of each
/// update's a-priori times a-posteriori residual, exact for recursive least squares) and n the forgetting count of its
/// rows. h-step forecasts iterate the chosen fit on its own forecasts, each step bounded to ±<see cref="Bound"/> running
/// standard deviations around the running mean of y (forgetting at most 200 values back).</para>
/// <para>Why: cyclic series (animal populations, sunspots, tree rings) are what auto.arima fits with an AR(2)–AR(p) or
/// an ARMA(2, 2) on the levels with a mean, and the right order differs from series to series; the pool's AR on levels
/// has 3 fixed lags. The scale is frozen because least squares needs every row on one scale: standardised by a running
/// mean and deviation, as before (layouts 6–7), each row's inputs and target were on the scale of their own time, and on
/// a trending series the fit mixed them (offline, the member's one-step error halved on WWWusage and eggs with the
/// scale frozen). Eighth pass of samples/Rtu.Forecasting/NOTEBOOK.md: development bench 0.5203 → 0.5184 (lynx
/// 0.825 → 0.792), held-out 0.4768 → 0.4765, second held-out 0.4223 → 0.4225.</para>
/// <para>A model of the earlier kind (<c>wholeSample: false</c>, read from layout-6 and -7 pool files) keeps its
/// method so that it continues exactly: standardisation by the running mean and deviation, and the order with the
/// lowest recent one-step error, each order scored on values it had not seen (window 100).</para>
/// </remarks>
public sealed class SelectedAutoregression
{
    /// <summary>A forecast step is bounded to this many standard deviations of y around its mean.</summary>
    public const double Bound = 10;

    /// <summary>Scored forecasts before an order can be chosen by its recent error (the earlier kind; the lowest order is used before any has them).</summary>
    public const int MinimumScored = 5;

    private const double ScoreWindow = 100, MeanWindow = 200;

    private readonly int _orders, _h;
    private readonly bool _wholeSample;
    private readonly double _forgetting;
    private readonly RecursiveLeastSquares[] _fits;   // AR(1) … AR(P)
    private readonly double[] _score;                 // their recent squared one-step errors (in standard deviations)
    private readonly long[] _scored;
    private readonly double[] _cost, _rows;           // whole sample: each order's least-squares cost J_p and forgetting row count n
    private readonly double[] _z;                     // ring of the last P values (newest at _head)
    private readonly double[] _x, _walk;              // scratch
    private int _head;
    private int _order;                               // the chosen order, 0: to be chosen again (Order)
    private long _count;                              // values seen
    private double _mean, _square;                    // running mean and variance of y
    private double _center = double.NaN, _spread;    // whole sample: the frozen standardisation (NaN: the fits have not started)

    /// <summary>
    /// Orders 1 … <paramref name="maxOrder"/>, forecasting up to <paramref name="horizon"/> steps, each fit with
    /// forgetting factor λ and prior variance of each weight; <paramref name="wholeSample"/> false: the earlier kind
    /// (running standardisation, order by recent error).
    /// </summary>
    public SelectedAutoregression(int maxOrder, int horizon, double forgetting, double prior, bool wholeSample = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrder, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOrder, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _orders = maxOrder; _h = horizon; _wholeSample = wholeSample; _forgetting = forgetting;
        _fits = new RecursiveLeastSquares[maxOrder];
        for (int p = 1; p <= maxOrder; p++) _fits[p - 1] = new RecursiveLeastSquares(1 + p, forgetting, prior);
        _score = new double[maxOrder]; _scored = new long[maxOrder];
        _cost = new double[maxOrder]; _rows = new double[maxOrder];
        _z = new double[maxOrder];
        _x = new double[1 + maxOrder];
        _walk = new double[maxOrder + horizon];
        Reset();
    }

    /// <summary>The fits of orders 1 … P.</summary>
    internal IReadOnlyList<RecursiveLeastSquares> Fits => _fits;

    /// <summary>The highest order fitted.</summary>
    public int MaxOrder => _orders;

    /// <summary>Whether the order is chosen by AICc on one frozen scale (true) or by recent error on a running scale (the earlier kind).</summary>
    public bool WholeSample => _wholeSample;

    /// <summary>Values seen.</summary>
    public long Count => _count;

    /// <summary>Whether the model forecasts (the fits have started; the earlier kind: two values seen).</summary>
    public bool Ready => _wholeSample ? !double.IsNaN(_center) : _count >= 2;

    /// <summary>Order <paramref name="p"/>'s recent mean squared one-step error, in standard deviations of y squared.</summary>
    public double Score(int p) => _score[p - 1];

    /// <summary>Order <paramref name="p"/>'s AICc (+∞ until it has more rows than k + 1; only for <see cref="WholeSample"/> models).</summary>
    public double Criterion(int p)
    {
        double n = _rows[p - 1], k = p + 2;
        if (!(n > k + 1)) return double.PositiveInfinity;
        return n * Math.Log(Math.Max(_cost[p - 1] / n, 1e-300)) + 2 * k + 2 * k * (k + 1) / (n - k - 1);
    }

    /// <summary>Order <paramref name="p"/>'s regression weights [b, a_1 … a_p] on the standardised y (read them only).</summary>
    public ReadOnlySpan<double> Weights(int p) => _fits[p - 1].Weights;

    /// <summary>
    /// The order the forecasts use now: the lowest AICc (the earlier kind: the best recent error among the orders scored
    /// <see cref="MinimumScored"/> times); 1 before any qualifies.
    /// </summary>
    public int Order
    {
        get
        {
            if (_order == 0) _order = ChooseOrder();
            return _order;
        }
    }

    // The order with the lowest criterion; what it reads changes only in Learn (then it is chosen again).
    private int ChooseOrder()
    {
        int best = 1;
        double low = double.PositiveInfinity;
        for (int p = 1; p <= _orders; p++)
        {
            double v = _wholeSample ? Criterion(p) : _scored[p - 1] >= MinimumScored ? _score[p - 1] : double.PositiveInfinity;
            if (v < low) { best = p; low = v; }
        }
        return best;
    }

    private double Sigma => SeriesScale.OrOne(Math.Sqrt(_square), _mean);

    // The standardisation the fits use: frozen (whole sample) or the running one.
    private double Center => _wholeSample ? _center : _mean;

    private double Spread => _wholeSample ? _spread : Sigma;

    // z_{t−k} (k = 0: the newest).
    private double Z(int k) => _z[(_head - k + _orders) % _orders];

    /// <summary>
    /// Value <paramref name="value"/> (NaN: missing, then the chosen order's forecast takes its place): each order is
    /// scored on it and (when <paramref name="learn"/>) updated, then the running mean and scale and the history.
    /// </summary>
    public void Update(double value, bool learn)
    {
        double z;
        if (!double.IsFinite(value))
        {
            if (!Ready) return;
            Span<double> one = stackalloc double[1];
            ForecastZ(one);
            z = one[0];
        }
        else
        {
            z = value;
            if (!_wholeSample || Ready) Learn(z, learn);
            long n = ++_count;
            double a = Math.Max(1.0 / n, 1.0 / MeanWindow);
            _mean += a * (z - _mean);
            _square += a * ((z - _mean) * (z - _mean) - _square);
            // The fits start once every order has its lags, on the scale of the values seen so far, kept from then on.
            if (_wholeSample && !Ready && n >= _orders && SeriesScale.IsScale(Math.Sqrt(_square), _mean)) { _center = _mean; _spread = Sigma; }
        }
        _head = (_head + 1) % _orders;
        _z[_head] = z;
    }

    // Each order: its recent error on z, then (learn) the least-squares step and, whole sample, its cost J_p += ê·e.
    private void Learn(double z, bool learn)
    {
        double center = Center, spread = Spread, target = (z - center) / spread;
        // Order p's inputs are the first 1 + p of [1, u_t, u_{t−1}, …]: standardised once for every order.
        int orders = (int)Math.Min(_orders, _count);
        _x[0] = 1;
        for (int i = 0; i < orders; i++) _x[1 + i] = (Z(i) - center) / spread;
        _order = 0;
        for (int p = 1; p <= orders; p++)
        {
            var x = _x.AsSpan(0, 1 + p);
            var fit = _fits[p - 1];
            double predicted = fit.Predict(x);
            double e = target - (_wholeSample ? predicted : Math.Clamp(predicted, -Bound, Bound));
            long k = ++_scored[p - 1];
            _score[p - 1] += Math.Max(1.0 / k, 1.0 / ScoreWindow) * (Math.Min(e * e, Bound * Bound) - _score[p - 1]);
            if (!learn) continue;
            fit.Update(x, target);
            if (!_wholeSample) continue;
            // ê·e ≥ 0 for an exact step (e = ê·λ/(λ + xᵀPx)); a step that reset a broken fit adds nothing.
            _cost[p - 1] = _forgetting * _cost[p - 1] + Math.Max(0, (target - predicted) * (target - fit.Predict(x)));
            _rows[p - 1] = _forgetting * _rows[p - 1] + 1;
        }
    }

    // The chosen order's path.
    private void ForecastZ(Span<double> path)
    {
        int p = Order;
        double center = Center, spread = Spread, sigma = Sigma;
        // The last p standardised values, oldest first, then the walk's own forecasts.
        for (int i = 0; i < p; i++) _walk[i] = (Z(p - 1 - i) - center) / spread;
        var fit = _fits[p - 1];
        for (int k = 0; k < path.Length; k++)
        {
            _x[0] = 1;
            for (int i = 0; i < p; i++) _x[1 + i] = _walk[p - 1 + k - i];
            double u = fit.Predict(_x.AsSpan(0, 1 + p));
            if (_wholeSample)
            {
                // Bounded around the running mean in running deviations (the frozen scale may be far from today's).
                double y = Math.Clamp(center + spread * u, _mean - Bound * sigma, _mean + Bound * sigma);
                _walk[p + k] = (y - center) / spread;
                path[k] = y;
            }
            else
            {
                u = Math.Clamp(u, -Bound, Bound);
                _walk[p + k] = u;
                path[k] = _mean + sigma * u;
            }
        }
    }

    /// <summary>
    /// The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>).
    /// O(H·P), no allocation.
    /// </summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        ForecastZ(path);
    }

    /// <summary>
    /// Expresses the state in units <paramref name="factor"/> (&gt; 0) times the old ones, as if the series had always
    /// been in them (a frozen pool's series changed units, <see cref="ForecastPool.Clean"/>); the learned coefficients are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        // The fits, their scores and costs are on standardised values: scale-free.
        for (int i = 0; i < _orders; i++) _z[i] *= factor;
        _mean *= factor; _square *= factor * factor;
        _center *= factor; _spread *= factor;   // NaN (not started) stays NaN
    }

    /// <summary>Moves the series by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        if (_count == 0) return;
        for (int i = 0; i < _orders; i++) _z[i] += delta;
        _mean += delta;
        _center += delta;   // NaN (not started) stays NaN
    }

    /// <summary>Forgets the series and the fits.</summary>
    public void Reset()
    {
        foreach (var f in _fits) f.Reset();
        Array.Clear(_score); Array.Clear(_scored); Array.Clear(_z); Array.Clear(_cost); Array.Clear(_rows);
        _head = 0; _count = 0; _mean = _square = 0;
        _center = double.NaN; _spread = 0;
        _order = 0;
    }

    /// <summary>Writes the whole state (the earlier kind: as layouts 6–7 wrote it; whole sample: then the frozen scale and the costs).</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_orders);
        foreach (var f in _fits) f.Save(w);
        BinaryRuns.Write<double>(w, _score); BinaryRuns.Write<long>(w, _scored); BinaryRuns.Write<double>(w, _z);
        w.Write(_head); w.Write(_count); w.Write(_mean); w.Write(_square);
        if (!_wholeSample) return;
        w.Write(_center); w.Write(_spread);
        BinaryRuns.Write<double>(w, _cost); BinaryRuns.Write<double>(w, _rows);
    }

    /// <summary>Reads a state written by <see cref="Save"/> by a model of the same kind and highest order.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int orders = r.ReadInt32();
        if (orders != _orders)
            throw new InvalidDataException($"Stored autoregression (orders {orders}) does not match this one ({_orders}).");
        foreach (var f in _fits) f.Load(r);
        BinaryRuns.Read<double>(r, _score); BinaryRuns.Read<long>(r, _scored); BinaryRuns.Read<double>(r, _z);
        _head = r.ReadInt32(); _count = r.ReadInt64(); _mean = r.ReadDouble(); _square = r.ReadDouble();
        if (_wholeSample)
        {
            _center = r.ReadDouble(); _spread = r.ReadDouble();
            BinaryRuns.Read<double>(r, _cost); BinaryRuns.Read<double>(r, _rows);
        }
        else { _center = double.NaN; _spread = 0; Array.Clear(_cost); Array.Clear(_rows); }
        _order = 0;
        if (_head < 0 || _head >= _orders || _count < 0 || !double.IsFinite(_mean) || !(_square >= 0) || !_z.All(double.IsFinite)
            || _score.Any(v => !(v >= 0)) || _scored.Any(v => v < 0) || double.IsInfinity(_center) || !(_spread >= 0)
            || (!double.IsNaN(_center) && !(_spread > 0)) || _cost.Any(v => !(v >= 0)) || _rows.Any(v => !(v >= 0)))
            throw new InvalidDataException("Stored autoregression state is invalid.");
    }
}
