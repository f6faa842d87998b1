namespace Rtu.Trainers.Online;

/// <summary>
/// An autoregression on the levels around a running mean, with its order chosen
/// online: AR(1) … AR(P) are all fitted by recursive least squares, each is scored by its own recent one-step
/// (a-priori) squared error, and the forecasts are those of the best-scoring order. A member of
/// <see cref="ForecastPool"/>; O(P³) per step (Σ (1 + p)² over the orders), no allocation.
/// </summary>
/// <remarks>
/// <para>Model: u_t = (y_t − μ_t)/σ_t with μ, σ the running mean and standard deviation of y (forgetting at most 200
/// values back, as the pool's AR on levels); u_{t+1} = c + Σ_{i≤p} a_i u_{t+1−i}. h-step forecasts iterate the chosen
/// fit on its own forecasts, each step bounded to ±<see cref="Bound"/> σ.</para>
/// <para>Why: cyclic series (animal populations, sunspots, tree rings) are what auto.arima fits with an AR(2)–AR(p) or
/// an ARMA(2, 2) on the levels with a mean, and the right order differs from series to series; the pool's AR on levels
/// has 3 fixed lags. Scoring each order by the errors it made before it saw the value (prequential, as the pool scores
/// its members) penalises an order that overfits without a penalty constant to tune. (On log levels it was no better on
/// the development bench, lynx included: samples/Rtu.Forecasting/README.md, fifth pass.)</para>
/// </remarks>
public sealed class SelectedAutoregression
{
    /// <summary>A forecast step is bounded to this many standard deviations of y around its mean.</summary>
    public const double Bound = 10;

    /// <summary>Scored forecasts before an order can be chosen (the lowest order is used before any has them).</summary>
    public const int MinimumScored = 5;

    private const double ScoreWindow = 100, MeanWindow = 200;

    private readonly int _orders, _h;
    private readonly RecursiveLeastSquares[] _fits;   // AR(1) … AR(P)
    private readonly double[] _score;                 // their recent squared one-step errors (in σ units)
    private readonly long[] _scored;
    private readonly double[] _z;                     // ring of the last P values (newest at _head)
    private readonly double[] _x, _walk;              // scratch
    private int _head;
    private long _count;                              // values seen
    private double _mean, _square;

    /// <summary>
    /// Orders 1 … <paramref name="maxOrder"/>, forecasting up to <paramref name="horizon"/> steps, each fit with
    /// forgetting factor λ and prior variance of each weight.
    /// </summary>
    public SelectedAutoregression(int maxOrder, int horizon, double forgetting, double prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrder, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOrder, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _orders = maxOrder; _h = horizon;
        _fits = new RecursiveLeastSquares[maxOrder];
        for (int p = 1; p <= maxOrder; p++) _fits[p - 1] = new RecursiveLeastSquares(1 + p, forgetting, prior);
        _score = new double[maxOrder]; _scored = new long[maxOrder];
        _z = new double[maxOrder];
        _x = new double[1 + maxOrder];
        _walk = new double[maxOrder + horizon];
        Reset();
    }

    /// <summary>The highest order fitted.</summary>
    public int MaxOrder => _orders;

    /// <summary>Values seen.</summary>
    public long Count => _count;

    /// <summary>Whether the model forecasts (two values seen).</summary>
    public bool Ready => _count >= 2;

    /// <summary>Order <paramref name="p"/>'s recent mean squared one-step error, in standard deviations of y squared.</summary>
    public double Score(int p) => _score[p - 1];

    /// <summary>Order <paramref name="p"/>'s regression weights [c, a_1 … a_p] on the standardised y (read them only).</summary>
    public ReadOnlySpan<double> Weights(int p) => _fits[p - 1].Weights;

    /// <summary>The order the forecasts use now: the best-scoring one scored <see cref="MinimumScored"/> times, else 1.</summary>
    public int Order
    {
        get
        {
            int best = 1;
            double bestScore = double.PositiveInfinity;
            for (int p = 1; p <= _orders; p++)
                if (_scored[p - 1] >= MinimumScored && _score[p - 1] < bestScore) { best = p; bestScore = _score[p - 1]; }
            return best;
        }
    }

    private double Sigma => _square > 1e-24 ? Math.Sqrt(_square) : 1;

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
            if (_count < 2) return;
            Span<double> one = stackalloc double[1];
            ForecastZ(one);
            z = one[0];
        }
        else
        {
            z = value;
            double sigma = Sigma, target = (z - _mean) / sigma;
            for (int p = 1; p <= _orders && p <= _count; p++)
            {
                var x = _x.AsSpan(0, 1 + p);
                x[0] = 1;
                for (int i = 0; i < p; i++) x[1 + i] = (Z(i) - _mean) / sigma;
                double e = target - Math.Clamp(_fits[p - 1].Predict(x), -Bound, Bound);
                long k = ++_scored[p - 1];
                _score[p - 1] += Math.Max(1.0 / k, 1.0 / ScoreWindow) * (Math.Min(e * e, Bound * Bound) - _score[p - 1]);
                if (learn) _fits[p - 1].Update(x, target);
            }
            long n = ++_count;
            double a = Math.Max(1.0 / n, 1.0 / MeanWindow);
            _mean += a * (z - _mean);
            _square += a * ((z - _mean) * (z - _mean) - _square);
        }
        _head = (_head + 1) % _orders;
        _z[_head] = z;
    }

    // The chosen order's path.
    private void ForecastZ(Span<double> path)
    {
        int p = Order;
        double sigma = Sigma;
        // The last p standardised values, oldest first, then the walk's own forecasts.
        for (int i = 0; i < p; i++) _walk[i] = (Z(p - 1 - i) - _mean) / sigma;
        var fit = _fits[p - 1];
        for (int k = 0; k < path.Length; k++)
        {
            _x[0] = 1;
            for (int i = 0; i < p; i++) _x[1 + i] = _walk[p - 1 + k - i];
            double u = Math.Clamp(fit.Predict(_x.AsSpan(0, 1 + p)), -Bound, Bound);
            _walk[p + k] = u;
            path[k] = _mean + sigma * u;
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

    /// <summary>Moves the series by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        if (_count == 0) return;
        for (int i = 0; i < _orders; i++) _z[i] += delta;
        _mean += delta;
    }

    /// <summary>Forgets the series and the fits.</summary>
    public void Reset()
    {
        foreach (var f in _fits) f.Reset();
        Array.Clear(_score); Array.Clear(_scored); Array.Clear(_z);
        _head = 0; _count = 0; _mean = _square = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_orders);
        foreach (var f in _fits) f.Save(w);
        foreach (double v in _score) w.Write(v);
        foreach (long v in _scored) w.Write(v);
        foreach (double v in _z) w.Write(v);
        w.Write(_head); w.Write(_count); w.Write(_mean); w.Write(_square);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same highest order.</summary>
    /// <exception cref="InvalidDataException">Mismatched or damaged data.</exception>
    public void Load(BinaryReader r)
    {
        int orders = r.ReadInt32();
        if (orders != _orders)
            throw new InvalidDataException($"Stored autoregression (orders {orders}) does not match this one ({_orders}).");
        foreach (var f in _fits) f.Load(r);
        for (int i = 0; i < _orders; i++) _score[i] = r.ReadDouble();
        for (int i = 0; i < _orders; i++) _scored[i] = r.ReadInt64();
        for (int i = 0; i < _orders; i++) _z[i] = r.ReadDouble();
        _head = r.ReadInt32(); _count = r.ReadInt64(); _mean = r.ReadDouble(); _square = r.ReadDouble();
        if (_head < 0 || _head >= _orders || _count < 0 || !double.IsFinite(_mean) || !(_square >= 0) || !_z.All(double.IsFinite)
            || _score.Any(v => !(v >= 0)) || _scored.Any(v => v < 0))
            throw new InvalidDataException("Stored autoregression state is invalid.");
    }
}
