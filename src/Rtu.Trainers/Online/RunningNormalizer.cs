namespace Rtu.Trainers.Online;

/// <summary>
/// Online input scaling: a robust running mean and variance per feature, updated one row at a time.
/// </summary>
/// <remarks>
/// <para>Update: n ← n + 1, a = max(1/n, 1/W) with W = min(<see cref="Window"/>, <see cref="MaxWindow"/>)
/// (W = <see cref="MaxWindow"/> when the window is 0), δ = x − μ winsorised to ±<see cref="OutlierBound"/>·σ once
/// <see cref="WarmUp"/> values were seen, μ ← μ + a·δ, σ² ← (1 − a)(σ² + a·δ²). Up to MaxWindow rows these are the
/// population mean and variance of the (winsorised) rows seen; after that, or with a window, old rows are forgotten
/// exponentially (half-life ≈ 0.69·W rows), which follows a drifting scale.</para>
/// <para>Why robust and bounded (issue 12, defect 4): with a = 1/n forever, one absurd value (1e30 in a series around
/// 40) poisoned the statistics for good. Winsorising bounds what one value can move them (μ by a·4σ, σ² by a factor
/// 1 + 15a), and the bounded window bounds how long any influence lasts; a real level shift still gets through,
/// because each winsorised step moves μ toward it and widens σ until the new values are no longer outliers.
/// Values are saturated to ±<see cref="float.MaxValue"/> and computed in double, so differences never overflow.</para>
/// <para>A NaN or ±∞ value is missing: it leaves that feature's statistics unchanged and normalises to 0 (the running
/// mean), so a missing value is imputed by the mean and never reaches the model as NaN. Normalised values are
/// (x − μ)/σ clamped to ±<see cref="Clip"/>; σ = 1 until two values were seen or while the variance is zero.</para>
/// <para>A departure from a constant history (<see cref="Update(int, double, bool)"/> with restartsOnDeparture; a
/// forecaster's exogenous columns since its settings layout 23): the first value that differs from a feature whose every
/// value so far was the same (its variance exactly 0 after <see cref="WarmUp"/> values or more: a flag never set, a price
/// never changed) restarts that feature's count at WarmUp, the constant weighing as WarmUp values, so that the new spread
/// is learned within tens of rows and later values are still winsorised. Why: taken with weight 1/n (at most 1/W) after
/// a long constant stretch, the first change gave σ ≈ |δ|/100 at W = 10,000, and every later deviation was winsorised to
/// 4σ, so σ could grow only by about 0.16 % a row: two outside reviews found an exogenous column constant for months and
/// then varying standardised at the input clip for thousands of rows (its size lost; the next 2,500 rows' one-step MAE
/// +66 %, a price cut learned at about twice the error of the same column varying from the start).</para>
/// </remarks>
public sealed class RunningNormalizer
{
    private readonly long[] _count;
    private readonly double[] _mean, _variance;

    /// <summary>Creates statistics for <paramref name="size"/> features.</summary>
    public RunningNormalizer(int size, int window, double clip)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be positive.");
        Size = size; Window = window; Clip = clip;
        _count = new long[size]; _mean = new double[size]; _variance = new double[size];
    }

    /// <summary>The longest forgetting window in rows: even without a window, older rows weigh at least 1/MaxWindow.</summary>
    public const int MaxWindow = 10_000;

    /// <summary>Deviations beyond ±OutlierBound·σ enter the statistics as ±OutlierBound·σ (winsorised update).</summary>
    public const double OutlierBound = 4;

    /// <summary>Values seen before deviations are winsorised (the scale is not yet known).</summary>
    public const int WarmUp = 8;

    /// <summary>Number of features.</summary>
    public int Size { get; }

    /// <summary>Forgetting window in rows (0: exact statistics over every row).</summary>
    public int Window { get; }

    // The effective forgetting window: bounded even when Window is 0 (all rows).
    private double MinimumWeight => 1.0 / (Window > 0 ? Math.Min(Window, MaxWindow) : MaxWindow);

    /// <summary>Normalised values are clamped to ±Clip.</summary>
    public double Clip { get; }

    /// <summary>Finite values seen per feature (an exogenous column's count restarts at <see cref="WarmUp"/> at its first change after a constant history).</summary>
    public IReadOnlyList<long> Counts => _count;

    /// <summary>Running means (for exporters).</summary>
    public IReadOnlyList<double> Means => _mean;

    /// <summary>Running variances (for exporters).</summary>
    public IReadOnlyList<double> Variances => _variance;

    /// <summary>The scale σ used by <see cref="Normalize"/> for feature <paramref name="i"/>.</summary>
    public double Scale(int i)
    {
        double v = _variance[i];
        return _count[i] >= 2 ? SeriesScale.OrOne(Math.Sqrt(v), _mean[i]) : 1.0;
    }

    /// <summary>The running mean of feature <paramref name="i"/> (0 before any value).</summary>
    public double Mean(int i) => _mean[i];

    /// <summary>Adds one value of feature <paramref name="i"/> (winsorised, saturated to the float range); NaN/∞ is ignored.</summary>
    public void Update(int i, double x) => Update(i, x, restartsOnDeparture: false);

    /// <summary>
    /// <see cref="Update(int, double)"/>, where with <paramref name="restartsOnDeparture"/> the first value that differs
    /// from a feature whose every value so far was the same restarts its count (see the remarks).
    /// </summary>
    public void Update(int i, double x, bool restartsOnDeparture)
    {
        if (!double.IsFinite(x)) return;
        x = Saturate(x);
        // Constant for WarmUp values or more: the constant weighs as WarmUp values, this one as the next (σ ≈ 0.31·|δ|).
        if (restartsOnDeparture && _count[i] >= WarmUp && _variance[i] == 0 && x != _mean[i]) _count[i] = WarmUp;
        long n = ++_count[i];
        double a = Math.Max(1.0 / n, MinimumWeight);
        double delta = x - _mean[i];
        if (n > WarmUp && _variance[i] > 0)
        {
            double bound = OutlierBound * Math.Sqrt(_variance[i]);
            delta = Math.Clamp(delta, -bound, bound);
        }
        _mean[i] += a * delta;
        _variance[i] = (1 - a) * (_variance[i] + a * delta * delta);
    }

    /// <summary>(x − μ)/σ clamped to ±Clip; 0 for a missing (NaN/∞) value.</summary>
    public float Normalize(int i, double x)
    {
        if (!double.IsFinite(x)) return 0f;
        double z = (Saturate(x) - _mean[i]) / Scale(i);
        return (float)Math.Clamp(z, -Clip, Clip);
    }

    /// <summary>Forgets feature <paramref name="i"/>'s statistics (its scale changed): it starts again from its next value.</summary>
    public void Restart(int i)
    {
        _count[i] = 0; _mean[i] = 0; _variance[i] = 0;
    }

    /// <summary>
    /// Expresses feature <paramref name="i"/>'s statistics in units <paramref name="factor"/> times the old ones (a
    /// frozen model's series changed units): μ ← factor·μ, σ² ← factor²·σ²; the count is kept.
    /// </summary>
    public void Rescale(int i, double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be positive and finite.");
        _mean[i] = Saturate(_mean[i] * factor);
        _variance[i] = Math.Min(_variance[i] * factor * factor, double.MaxValue);
    }

    /// <summary>x clamped to ±<see cref="float.MaxValue"/>: the largest magnitude any input of this library can carry.</summary>
    public static double Saturate(double x) => Math.Clamp(x, -float.MaxValue, float.MaxValue);

    /// <summary>A copy with the same statistics (e.g. frozen for an exported model while the original keeps learning).</summary>
    public RunningNormalizer Clone()
    {
        var c = new RunningNormalizer(Size, Window, Clip);
        _count.CopyTo(c._count, 0); _mean.CopyTo(c._mean, 0); _variance.CopyTo(c._variance, 0);
        return c;
    }

    /// <summary>Writes the statistics.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Size); writer.Write(Window); writer.Write(Clip);
        for (int i = 0; i < Size; i++) { writer.Write(_count[i]); writer.Write(_mean[i]); writer.Write(_variance[i]); }
    }

    /// <summary>Reads a normaliser written by <see cref="Save"/>.</summary>
    public static RunningNormalizer Read(BinaryReader reader)
    {
        int size = reader.ReadInt32(); int window = reader.ReadInt32(); double clip = reader.ReadDouble();
        if (size < 0 || size > 10_000_000 || window < 0 || !(clip > 0)) throw new InvalidDataException($"Stored normaliser header is invalid (size {size}, window {window}, clip {clip}).");
        var n = new RunningNormalizer(size, window, clip);
        n.LoadValues(reader);
        return n;
    }

    /// <summary>Reads statistics written by <see cref="Save"/> into a normaliser of the same size.</summary>
    public void Load(BinaryReader reader)
    {
        int size = reader.ReadInt32(); int window = reader.ReadInt32(); double clip = reader.ReadDouble();
        if (size != Size || window != Window || clip != Clip)
            throw new InvalidDataException($"Stored normaliser ({size} features, window {window}, clip {clip}) does not match this one ({Size}, {Window}, {Clip}).");
        LoadValues(reader);
    }

    private void LoadValues(BinaryReader reader)
    {
        for (int i = 0; i < Size; i++)
        {
            long n = reader.ReadInt64(); double m = reader.ReadDouble(); double v = reader.ReadDouble();
            if (n < 0 || !double.IsFinite(m) || !(v >= 0) || !double.IsFinite(v))
                throw new InvalidDataException($"Stored normaliser statistics of feature {i} are invalid (n={n}, mean={m}, variance={v}).");
            _count[i] = n; _mean[i] = m; _variance[i] = v;
        }
    }
}
