using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Seasonal indices of a classical decomposition, kept online: each position's mean ratio to (and mean difference from)
/// the centred moving average over the rows seen so far, the M4 benchmarks' seasonal adjustment. The ratios, normalised
/// to mean 1, apply while every value seen is positive; else the differences, normalised to mean 0; none (1 or 0) until
/// every position has one. Why: a trend model on the seasonally adjusted series (<see cref="FittedDampedTrend"/> in
/// <see cref="ForecastPool"/>) needs indices that a trend does not bend, and whole-sample averages are the stable
/// estimate of a fixed season on short quarterly series (replayed: the pool's Holt–Winters states, γ = 0.2, in their
/// place gained nothing; README, seventeenth pass).
/// </summary>
/// <remarks>
/// The centred moving average at row j is the 2×m average of y_{j−m/2} … y_{j+m/2} for even m (the two ends weighted ½),
/// the plain m-average for odd m, so row j's ratio is known ⌊m/2⌋ rows after it, once every value of the window is
/// present. O(m) per step (the window's sum, the normalisation), no allocation.
/// </remarks>
public sealed class ClassicalSeasonalIndices
{
    private readonly int _m;
    private readonly double[] _window;     // the last 2⌊m/2⌋ + 1 values (NaN: missing), ring
    private readonly double[] _differenceSums, _ratioSums, _indices;
    private readonly long[] _differenceCounts, _ratioCounts;
    private long _rows;
    private bool _positive;
    private bool _multiplicative;          // the current indices are ratios

    /// <summary>Indices for season length <paramref name="seasonLength"/> ≥ 2.</summary>
    public ClassicalSeasonalIndices(int seasonLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 2);
        _m = seasonLength;
        _window = new double[2 * (_m / 2) + 1];
        _differenceSums = new double[_m]; _ratioSums = new double[_m]; _indices = new double[_m];
        _differenceCounts = new long[_m]; _ratioCounts = new long[_m];
        Reset();
    }

    /// <summary>Whether the indices are ratios (the adjusted value is y / s), else differences (y − s).</summary>
    public bool Multiplicative => _multiplicative;

    /// <summary>The index of row <paramref name="row"/>'s position in the season (1 or 0 while there are none).</summary>
    public double IndexOf(long row) => _indices[(int)(row % _m)];

    /// <summary>Row <paramref name="row"/>'s value adjusted by the current indices.</summary>
    public double Adjust(double value, long row) => _multiplicative ? value / IndexOf(row) : value - IndexOf(row);

    /// <summary>An adjusted forecast of row <paramref name="row"/> given its season back.</summary>
    public double Reseasonalise(double adjusted, long row) => _multiplicative ? adjusted * IndexOf(row) : adjusted + IndexOf(row);

    /// <summary>The next row's value (NaN: missing); rows are counted from the first.</summary>
    public void Update(double value)
    {
        long t = _rows++;
        if (double.IsFinite(value) && value <= 0) _positive = false;
        int length = _window.Length, half = _m / 2;
        _window[(int)(t % length)] = value;
        if (t >= length - 1)
        {
            // The centred average at j = t − ⌊m/2⌋ over rows t − length + 1 … t (the oldest at t + 1 mod length).
            double sum = 0, ends = 0;
            bool complete = true;
            for (int k = 0; k < length && complete; k++)
            {
                double v = _window[(int)((t - k) % length)];
                if (!double.IsFinite(v)) complete = false;
                else if (_m % 2 == 0 && (k == 0 || k == length - 1)) ends += v;
                else sum += v;
            }
            if (complete)
            {
                double average = (sum + 0.5 * ends) / _m, y = _window[(int)((t - half) % length)];
                int at = (int)((t - half) % _m);
                _differenceSums[at] += y - average; _differenceCounts[at]++;
                if (average > 0) { _ratioSums[at] += y / average; _ratioCounts[at]++; }
            }
        }
        SetIndices();
    }

    private void SetIndices()
    {
        _multiplicative = _positive && EveryPosition(_ratioCounts);
        if (_multiplicative)
        {
            double mean = 0;
            for (int i = 0; i < _m; i++) mean += _ratioSums[i] / _ratioCounts[i];
            mean /= _m;
            for (int i = 0; i < _m; i++) _indices[i] = _ratioSums[i] / _ratioCounts[i] / mean;
        }
        else if (EveryPosition(_differenceCounts))
        {
            double mean = 0;
            for (int i = 0; i < _m; i++) mean += _differenceSums[i] / _differenceCounts[i];
            mean /= _m;
            for (int i = 0; i < _m; i++) _indices[i] = _differenceSums[i] / _differenceCounts[i] - mean;
        }
        else Array.Clear(_indices);
    }

    private static bool EveryPosition(long[] counts)
    {
        foreach (long c in counts) if (c == 0) return false;
        return true;
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift): the window moves; the indices are kept.</summary>
    public void Shift(double delta)
    {
        for (int i = 0; i < _window.Length; i++)
        {
            _window[i] += delta;   // NaN stays NaN
            if (_window[i] <= 0) _positive = false;
        }
        SetIndices();
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (ratios are kept).</summary>
    public void Rescale(double factor)
    {
        for (int i = 0; i < _window.Length; i++) _window[i] *= factor;
        for (int i = 0; i < _m; i++) _differenceSums[i] *= factor;
        if (factor <= 0) _positive = false;
        SetIndices();
    }

    /// <summary>Forgets the series.</summary>
    public void Reset()
    {
        Array.Fill(_window, double.NaN);
        Array.Clear(_differenceSums); Array.Clear(_ratioSums); Array.Clear(_differenceCounts); Array.Clear(_ratioCounts);
        _rows = 0; _positive = true;
        SetIndices();
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_m); w.Write(_rows); w.Write(_positive);
        BinaryRuns.Write<double>(w, _window);
        for (int i = 0; i < _m; i++) { w.Write(_differenceSums[i]); w.Write(_differenceCounts[i]); w.Write(_ratioSums[i]); w.Write(_ratioCounts[i]); }
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int m = r.ReadInt32();
        if (m != _m) throw new InvalidDataException($"Stored seasonal indices have season {m}, these {_m}.");
        _rows = r.ReadInt64(); _positive = r.ReadBoolean();
        BinaryRuns.Read<double>(r, _window);
        for (int i = 0; i < _m; i++)
        {
            _differenceSums[i] = r.ReadDouble(); _differenceCounts[i] = r.ReadInt64(); _ratioSums[i] = r.ReadDouble(); _ratioCounts[i] = r.ReadInt64();
        }
        // The sums must be finite (a ratio sum of +∞ made its index ∞/∞ = NaN). A ratio sum may be below 0 once a value ≤ 0
        // was seen: next to a positive centred average it gives a negative ratio (not used, as not every value is positive),
        // and a state saved after one must load; while every value is positive it may not.
        if (_rows < 0 || _window.Any(v => double.IsInfinity(v)) || !_differenceSums.All(double.IsFinite)
            || _ratioSums.Any(v => !double.IsFinite(v) || _positive && v < 0)
            || _differenceCounts.Any(c => c < 0) || _ratioCounts.Any(c => c < 0))
            throw new InvalidDataException("Stored seasonal indices are invalid.");
        SetIndices();
    }
}
