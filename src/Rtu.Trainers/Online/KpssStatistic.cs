using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The KPSS statistic of level stationarity (Kwiatkowski, Phillips, Schmidt and Shin 1992) of every value added so far,
/// kept online: O(<see cref="MaxLags"/>) per value and memory, no allocation. η = Σ_t S_t² / n² over the long-run
/// variance s²(l), S_t the partial sums of the deviations from the mean of all n values, s²(l) the Newey–West (Bartlett)
/// estimate with l = ⌊4 (n/100)^¼⌋ lags ("short", as R's <c>urca::ur.kpss</c> and <c>tseries::kpss.test</c> compute it,
/// the test <c>forecast::ndiffs</c> runs for auto.arima). Large values reject stationarity (<see cref="Critical5"/>).
/// </summary>
/// <remarks>
/// Σ_t S_t² = Σ C_t² − 2 x̄ Σ t·C_t + x̄² Σ t², C_t = Σ_{i≤t} x_i, so three running sums give it whatever the mean
/// becomes; the autocovariances need Σ x_i x_{i−k} (k ≤ L) and the sums of the first and of the last k values. Values
/// are taken relative to the first one (the statistic does not change, and the sums stay near the scale of the
/// deviations). A level shift of the whole past (<see cref="Shift"/>) and a change of units (<see cref="Rescale"/>) are
/// exact: the statistic is invariant to both.
/// </remarks>
public sealed class KpssStatistic
{
    /// <summary>The 5 % critical value of the level-stationarity test (Kwiatkowski et al. 1992, table 1): ndiffs' default level.</summary>
    public const double Critical5 = 0.463;

    /// <summary>Most lags of the long-run variance: ⌊4 (n/100)^¼⌋ reaches 13 only after 17,851 values, where 12 are used.</summary>
    public const int MaxLags = 12;

    private readonly double[] _cross = new double[MaxLags + 1];   // Σ_i x_i x_{i−k}
    private readonly double[] _first = new double[MaxLags];       // the first MaxLags values
    private readonly double[] _last = new double[MaxLags];        // the last MaxLags values, a ring (newest at _head)
    private int _head;
    private long _n;
    private double _origin = double.NaN;   // the first value: every x is relative to it
    private double _total, _sumC2, _sumTC;   // Σ x, Σ C_t², Σ t·C_t

    /// <summary>Values added.</summary>
    public long Count => _n;

    // x_{n−k} (k = 1: the newest), for k ≤ min(n, MaxLags).
    private double Last(int k) => _last[(_head - k + 1 + MaxLags) % MaxLags];

    /// <summary>Adds value <paramref name="value"/> (finite).</summary>
    public void Add(double value)
    {
        if (double.IsNaN(_origin)) _origin = value;
        double x = value - _origin;
        long n = ++_n;
        _total += x;
        _sumC2 += _total * _total;
        _sumTC += n * _total;
        _cross[0] += x * x;
        int lags = (int)Math.Min(MaxLags, n - 1);
        for (int k = 1; k <= lags; k++) _cross[k] += x * Last(k);
        if (n <= MaxLags) _first[n - 1] = x;
        _head = (_head + 1) % MaxLags;
        _last[_head] = x;
    }

    /// <summary>The statistic of the values added so far (NaN before 3 values, or when they are all equal).</summary>
    public double Statistic
    {
        get
        {
            long n = _n;
            if (n < 3) return double.NaN;
            double nd = n, mean = _total / nd;
            double sumT2 = nd * (nd + 1) * (2 * nd + 1) / 6;
            double eta = (_sumC2 - 2 * mean * _sumTC + mean * mean * sumT2) / (nd * nd);
            int lags = (int)Math.Min(Math.Min(Math.Floor(4 * Math.Pow(nd / 100, 0.25)), MaxLags), n - 1);
            double head = 0, tail = 0, variance = 0;
            for (int k = 0; k <= lags; k++)
            {
                if (k > 0) { head += _first[k - 1]; tail += Last(k); }
                // (1/n) Σ_{i>k} (x_i − x̄)(x_{i−k} − x̄): the first k values are missing from one factor's sum, the last k from the other's.
                double gamma = (_cross[k] - mean * ((_total - head) + (_total - tail)) + (nd - k) * mean * mean) / nd;
                variance += k == 0 ? gamma : 2 * (1 - k / (lags + 1.0)) * gamma;
            }
            return variance > 0 && eta >= 0 ? eta / variance : double.NaN;
        }
    }

    /// <summary>Every value added so far moves by <paramref name="delta"/> (a level shift of the past).</summary>
    public void Shift(double delta) => _origin += delta;   // x = value − origin is unchanged; NaN (nothing added) stays NaN

    /// <summary>Every value added so far is expressed in units <paramref name="factor"/> times the old ones.</summary>
    public void Rescale(double factor)
    {
        _origin *= factor; _total *= factor; _sumTC *= factor; _sumC2 *= factor * factor;
        for (int k = 0; k <= MaxLags; k++) _cross[k] *= factor * factor;
        for (int k = 0; k < MaxLags; k++) { _first[k] *= factor; _last[k] *= factor; }
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_cross); Array.Clear(_first); Array.Clear(_last);
        _head = 0; _n = 0; _origin = double.NaN; _total = _sumC2 = _sumTC = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_n); w.Write(_origin); w.Write(_total); w.Write(_sumC2); w.Write(_sumTC); w.Write(_head);
        BinaryRuns.Write<double>(w, _cross);
        BinaryRuns.Write<double>(w, _first);
        BinaryRuns.Write<double>(w, _last);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged data.</exception>
    public void Load(BinaryReader r)
    {
        _n = r.ReadInt64(); _origin = r.ReadDouble(); _total = r.ReadDouble(); _sumC2 = r.ReadDouble(); _sumTC = r.ReadDouble(); _head = r.ReadInt32();
        BinaryRuns.Read<double>(r, _cross);
        BinaryRuns.Read<double>(r, _first);
        BinaryRuns.Read<double>(r, _last);
        if (_n < 0 || _head < 0 || _head >= MaxLags || (_n > 0) == double.IsNaN(_origin) || double.IsInfinity(_origin)
            || !double.IsFinite(_total) || !(_sumC2 >= 0) || !double.IsFinite(_sumTC) || !(_cross[0] >= 0)
            || !_cross.All(double.IsFinite) || !_first.All(double.IsFinite) || !_last.All(double.IsFinite))
            throw new InvalidDataException("Stored KPSS statistic is invalid.");
    }
}
