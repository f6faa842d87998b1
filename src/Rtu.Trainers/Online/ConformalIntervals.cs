namespace Rtu.Trainers.Online;

/// <summary>
/// Prediction intervals per horizon, calibrated online (adaptive conformal inference): the h-step interval is
/// ŷ ± c_{h,ℓ}·s_h, s_h the running mean absolute h-step error and c_{h,ℓ} a width factor that each scored forecast
/// nudges: c ← c + γ·(miss − (1 − ℓ)), miss = 1 when the value fell outside. O(1) per horizon and step.
/// </summary>
/// <remarks>
/// Why this form: the update drives the long-run miss rate to 1 − ℓ whatever the error distribution (Gibbs &amp;
/// Candès 2021, adaptive conformal inference), and measuring the width in units of s_h lets one γ serve every
/// series' scale. Levels are 80 % and 95 % (<see cref="Levels"/>); c starts at the normal quantiles (1.28, 1.96)
/// times 1.25 (σ ≈ 1.25·mean absolute error). Before a horizon has <see cref="MinimumScored"/> scored forecasts its
/// interval is NaN (unknown).
/// </remarks>
public sealed class ConformalIntervals
{
    /// <summary>The interval levels: 0.8 and 0.95.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.8, 0.95];

    /// <summary>Step γ of the width factor.</summary>
    public const double Step = 0.05;

    /// <summary>Scored forecasts of a horizon before its intervals are given.</summary>
    public const int MinimumScored = 5;

    private const int Window = 100;   // forgetting window of the mean absolute error
    private readonly int _h;
    private readonly double[] _scale, _factor;   // s_h; c_{h,ℓ}
    private readonly long[] _count;
    private readonly float[] _pending;            // [row mod H][h] final forecasts made at the last H rows
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
        Reset();
        for (int h = 0; h < horizon; h++) { _factor[h * 2] = 1.25 * 1.2816; _factor[h * 2 + 1] = 1.25 * 1.96; }
    }

    /// <summary>Row t's value (NaN: missing): scores the forecasts made of it (when <paramref name="learn"/>).</summary>
    public void Observe(double value, bool learn)
    {
        long t = _rows++;
        if (!learn || !double.IsFinite(value)) return;
        for (int h = 1; h <= _h && t - h >= 0; h++)
        {
            double f = _pending[(int)((t - h) % _h) * _h + h - 1];
            if (!double.IsFinite(f)) continue;
            double error = Math.Abs(value - f);
            int k = h - 1;
            if (_count[k] >= MinimumScored && _scale[k] > 0)
                for (int l = 0; l < Levels.Count; l++)
                {
                    double miss = error > _factor[k * 2 + l] * _scale[k] ? 1 : 0;
                    _factor[k * 2 + l] = Math.Max(0, _factor[k * 2 + l] + Step * (miss - (1 - Levels[l])));
                }
            long n = ++_count[k];
            _scale[k] += Math.Max(1.0 / n, 1.0 / Window) * (error - _scale[k]);
        }
    }

    /// <summary>Remembers the final forecasts made at this row (after <see cref="Observe"/>), to score them later.</summary>
    public void Remember(ReadOnlySpan<float> forecast)
    {
        if (forecast.Length != _h) throw new ArgumentException($"forecast must hold {_h} values.", nameof(forecast));
        if (_rows > 0) forecast.CopyTo(_pending.AsSpan((int)((_rows - 1) % _h) * _h, _h));
    }

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
            double half = _count[k] >= MinimumScored ? _factor[k * 2 + level] * _scale[k] : double.NaN;
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
        int k = horizon - 1;
        return _count[k] >= MinimumScored ? _factor[k * 2 + level] * _scale[k] : double.NaN;
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
        _rows = 0;
    }

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(_h); w.Write(_rows);
        foreach (double v in _scale) w.Write(v);
        foreach (double v in _factor) w.Write(v);
        foreach (long c in _count) w.Write(c);
        foreach (float v in _pending) w.Write(v);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, for the same horizon.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int h = r.ReadInt32();
        if (h != _h) throw new InvalidDataException($"Stored intervals have horizon {h}, expected {_h}.");
        _rows = r.ReadInt64();
        for (int i = 0; i < _scale.Length; i++) _scale[i] = r.ReadDouble();
        for (int i = 0; i < _factor.Length; i++) _factor[i] = r.ReadDouble();
        for (int i = 0; i < _count.Length; i++) _count[i] = r.ReadInt64();
        for (int i = 0; i < _pending.Length; i++) _pending[i] = r.ReadSingle();
        if (_rows < 0 || _scale.Any(v => !(v >= 0) || !double.IsFinite(v)) || _factor.Any(v => !(v >= 0) || !double.IsFinite(v)) || _count.Any(c => c < 0))
            throw new InvalidDataException("Stored interval statistics are invalid.");
    }
}
