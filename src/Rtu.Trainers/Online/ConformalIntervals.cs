namespace Rtu.Trainers.Online;

/// <summary>
/// Prediction intervals per horizon, calibrated online (adaptive conformal inference): the h-step interval is
/// ŷ ± c_{h,ℓ}·s_h, s_h the running mean absolute h-step error and c_{h,ℓ} a width factor that each scored forecast
/// nudges: c ← c + γ·(miss − (1 − ℓ)), miss = 1 when the value fell outside the interval given with that forecast.
/// O(1) per horizon and step.
/// </summary>
/// <remarks>
/// <para>Why this form: the update drives the long-run miss rate to 1 − ℓ whatever the error distribution (Gibbs &amp;
/// Candès 2021, adaptive conformal inference), and measuring the width in units of s_h lets one γ serve every
/// series' scale. Levels are 80 % and 95 % (<see cref="Levels"/>). Before a horizon has <see cref="MinimumScored"/>
/// scored forecasts its interval is NaN (unknown).</para>
/// <para>Short series (layout 2, after short quarterly series under-covered: JohnsonJohnson 54/67 %, UKgas 71/86 % at
/// 80/95 %): s_h averages the most recent quarter of the scored errors, between <see cref="ShortestWindow"/> and
/// <see cref="LongestWindow"/> (it was always the last 100, which on a series whose errors grow with its level, as a
/// multiplicative season does, lags far behind); c starts at the quantiles of a Laplace error, ln 5 and ln 20 times the
/// mean absolute error (the normal's 1.25·(1.28, 1.96) before: forecast errors have heavier tails, and a Laplace law is
/// the one that the mean absolute error alone determines); γ is 0.1 (0.05 before), so the factor finds its level in
/// a few dozen forecasts; and a miss is judged against the interval given with the forecast, not today's.
/// On the development bench (17 series, one and six steps) pooled coverage stays at 80/95 % and the geometric-mean
/// MSIS improves (see the forecasting sample's NOTEBOOK.md for the figures and the variants tried).</para>
/// </remarks>
public sealed class ConformalIntervals
{
    /// <summary>The interval levels: 0.8 and 0.95.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.8, 0.95];

    /// <summary>Step γ of the width factor.</summary>
    public const double Step = 0.1;

    /// <summary>Scored forecasts of a horizon before its intervals are given.</summary>
    public const int MinimumScored = 5;

    /// <summary>The fewest recent errors the error scale s_h averages (once it has seen them).</summary>
    public const int ShortestWindow = 10;

    /// <summary>The most recent errors the error scale s_h averages.</summary>
    public const int LongestWindow = 100;

    // The window is this fraction of the scored errors (within the bounds above).
    private const double WindowFraction = 0.25;

    // Starting width factors: the 80 % and 95 % quantiles of |e| for a Laplace error, in units of its mean |e|.
    private static readonly double[] LaplaceFactors = [Math.Log(5), Math.Log(20)];

    // Saved-layout marker: layout 2 starts with −2 (layout 1 started with the horizon, ≥ 1) and adds the issued widths.
    private const int LayoutVersion = 2;

    private readonly int _h;
    private readonly double[] _scale, _factor;   // s_h; c_{h,ℓ}
    private readonly long[] _count;
    private readonly float[] _pending;            // [row mod H][h] final forecasts made at the last H rows
    private readonly float[] _issued;             // [row mod H][h][ℓ] the half-widths given with them (NaN: none)
    private long _rows;

    /// <summary>Intervals for horizons 1..<paramref name="horizon"/>.</summary>
    public ConformalIntervals(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        _scale = new double[horizon];
        _factor = new double[horizon * Levels.Count];
        _count = new long[horizon];
        _pending = new float[horizon * horizon];
        _issued = new float[horizon * horizon * Levels.Count];
        Reset();
        for (int k = 0; k < horizon; k++)
            for (int l = 0; l < Levels.Count; l++) _factor[k * Levels.Count + l] = LaplaceFactors[l];
    }

    /// <summary>Row t's value (NaN: missing): scores the forecasts made of it (when <paramref name="learn"/>).</summary>
    public void Observe(double value, bool learn)
    {
        long t = _rows++;
        if (!learn || !double.IsFinite(value)) return;
        for (int h = 1; h <= _h && t - h >= 0; h++)
        {
            int slot = (int)((t - h) % _h) * _h + h - 1;
            double f = _pending[slot];
            if (!double.IsFinite(f)) continue;
            double error = Math.Abs(value - f);
            int k = h - 1;
            for (int l = 0; l < Levels.Count; l++)
            {
                double issued = _issued[slot * Levels.Count + l];
                if (!double.IsFinite(issued)) continue;   // no interval was given with that forecast
                double miss = error > issued ? 1 : 0;
                _factor[k * Levels.Count + l] = Math.Max(0, _factor[k * Levels.Count + l] + Step * (miss - (1 - Levels[l])));
            }
            long n = ++_count[k];
            double window = Math.Clamp(WindowFraction * n, ShortestWindow, LongestWindow);
            _scale[k] += Math.Max(1.0 / n, 1.0 / window) * (error - _scale[k]);
        }
    }

    /// <summary>Remembers the final forecasts made at this row (after <see cref="Observe"/>), to score them later.</summary>
    public void Remember(ReadOnlySpan<float> forecast)
    {
        if (forecast.Length != _h) throw new ArgumentException($"forecast must hold {_h} values.", nameof(forecast));
        if (_rows == 0) return;
        int row = (int)((_rows - 1) % _h);
        forecast.CopyTo(_pending.AsSpan(row * _h, _h));
        for (int k = 0; k < _h; k++)
            for (int l = 0; l < Levels.Count; l++)
                _issued[(row * _h + k) * Levels.Count + l] = (float)Half(k, l);
    }

    // c_{h,ℓ}·s_h of horizon k + 1, NaN while it has too few scored forecasts.
    private double Half(int k, int level) => _count[k] >= MinimumScored ? _factor[k * Levels.Count + level] * _scale[k] : double.NaN;

    /// <summary>
    /// The interval of level <see cref="Levels"/>[<paramref name="level"/>] around <paramref name="forecast"/>:
    /// lower and upper bounds per horizon (NaN while a horizon has too few scored forecasts).
    /// </summary>
    public void Write(ReadOnlySpan<float> forecast, int level, Span<float> lower, Span<float> upper)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        if (forecast.Length != _h || lower.Length != _h || upper.Length != _h) throw new ArgumentException($"forecast, lower and upper must hold {_h} values.", nameof(forecast));
        for (int k = 0; k < _h; k++)
        {
            double half = Half(k, level);
            lower[k] = (float)RunningNormalizer.Saturate(forecast[k] - half);
            upper[k] = (float)RunningNormalizer.Saturate(forecast[k] + half);
            if (double.IsNaN(half)) { lower[k] = float.NaN; upper[k] = float.NaN; }
        }
    }

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _h;

    /// <summary>Scored forecasts of horizon <paramref name="horizon"/> (1..H) so far.</summary>
    public long Scored(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return _count[horizon - 1];
    }

    /// <summary>
    /// The half-width c_{h,ℓ}·s_h that <see cref="Write"/> subtracts from and adds to the h-step forecast
    /// (<paramref name="horizon"/> 1..H) at level <see cref="Levels"/>[<paramref name="level"/>]; NaN while the horizon
    /// has fewer than <see cref="MinimumScored"/> scored forecasts.
    /// </summary>
    public double HalfWidth(int horizon, int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return Half(horizon - 1, level);
    }

    /// <summary>
    /// The intervals as they are now, one per level, for a frozen model (an ONNX graph): what <see cref="Write"/> gives
    /// while nothing more is learned (<see cref="Observe"/> with learn = false leaves them unchanged).
    /// </summary>
    public IReadOnlyList<FrozenInterval> Freeze() =>
        Levels.Select((level, l) => new FrozenInterval(level,
            Enumerable.Range(1, _h).Select(h => (float)HalfWidth(h, l)).ToArray())).ToArray();

    /// <summary>Forgets pending forecasts (a new series); the calibration is kept.</summary>
    public void Reset()
    {
        Array.Fill(_pending, float.NaN);
        Array.Fill(_issued, float.NaN);
        _rows = 0;
    }

    /// <summary>
    /// Forgets pending forecasts and the error scales s_h (the series' scale changed); the width factors, which are in
    /// units of s_h, are kept. The intervals return once each horizon has <see cref="MinimumScored"/> new errors.
    /// </summary>
    public void RestartScale()
    {
        Reset();
        Array.Clear(_scale); Array.Clear(_count);
    }

    /// <summary>
    /// Expresses the error scales s_h and the pending forecasts and widths in units <paramref name="factor"/> times the
    /// old ones (a frozen model's series changed units); the width factors, in units of s_h, are kept.
    /// </summary>
    public void Rescale(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be positive and finite.");
        for (int k = 0; k < _h; k++) _scale[k] = Math.Min(_scale[k] * factor, double.MaxValue);
        for (int i = 0; i < _pending.Length; i++) _pending[i] = (float)RunningNormalizer.Saturate(_pending[i] * factor);   // NaN stays NaN
        for (int i = 0; i < _issued.Length; i++) _issued[i] = (float)Math.Min(_issued[i] * factor, float.MaxValue);
    }

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(-LayoutVersion); w.Write(_h); w.Write(_rows);
        foreach (double v in _scale) w.Write(v);
        foreach (double v in _factor) w.Write(v);
        foreach (long c in _count) w.Write(c);
        foreach (float v in _pending) w.Write(v);
        foreach (float v in _issued) w.Write(v);
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote, for the same horizon, also layout 1 (before the issued widths were kept: the
    /// forecasts pending then are scored without a miss, and the calibration continues).
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int first = r.ReadInt32();
        int version = first < 0 ? -first : 1;
        if (version > LayoutVersion) throw new InvalidDataException($"Stored intervals have layout version {version}, newer than this library reads ({LayoutVersion}).");
        int h = version == 1 ? first : r.ReadInt32();
        if (h != _h) throw new InvalidDataException($"Stored intervals have horizon {h}, expected {_h}.");
        _rows = r.ReadInt64();
        for (int i = 0; i < _scale.Length; i++) _scale[i] = r.ReadDouble();
        for (int i = 0; i < _factor.Length; i++) _factor[i] = r.ReadDouble();
        for (int i = 0; i < _count.Length; i++) _count[i] = r.ReadInt64();
        for (int i = 0; i < _pending.Length; i++) _pending[i] = r.ReadSingle();
        if (version >= 2) for (int i = 0; i < _issued.Length; i++) _issued[i] = r.ReadSingle();
        else Array.Fill(_issued, float.NaN);
        if (_issued.Any(v => !float.IsNaN(v) && !(v >= 0)))
            throw new InvalidDataException("Stored issued interval widths are invalid.");
        if (_rows < 0 || _scale.Any(v => !(v >= 0) || !double.IsFinite(v)) || _factor.Any(v => !(v >= 0) || !double.IsFinite(v)) || _count.Any(c => c < 0))
            throw new InvalidDataException("Stored interval statistics are invalid.");
    }
}
