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
/// <para>Recurring deviations (<see cref="WidensForRecurringDeviations"/>; the state-feature model's statistics since
/// format 14): the bound is max(OutlierBound·σ, T), where T, per feature, grows by a quarter whenever a deviation passes
/// the bound (never beyond that deviation), unless it lies more than <see cref="TailReach"/> (16) bounds out, and shrinks by
/// a quarter of a thousandth on every other row, so that it settles where about one row in a thousand passes it. Why: a fixed 4σ bound treats every deviation rarer than about 1 in 16 as
/// an outlier, and on sparse values (a cumulant that is 1 on one row in a hundred, 0 otherwise: failures, alarms) the
/// winsorised statistics collapse: mean 0.0002 and σ 0.002 where the values have 0.01 and 0.1, so the discounted-sum
/// verb predicted 0.0007 where the mean return was 0.10. With T those statistics are within a few percent. One value
/// near the bound still moves T by a quarter and σ no more than before. A sentinel far out (1e30, or −9999 in values of
/// 0–1) never widens it, however often it comes: without that reach a review's 1e30 once in 200 rows took T after it,
/// and σ to 1.2·10¹⁷ (the 4σ rule: 0.30). The cost: a sparse signal that starts while the scale is far below its size
/// (more than 64σ out) is winsorised as before until the bound has grown within reach.</para>
/// </remarks>
public sealed class RunningNormalizer
{
    private readonly long[] _count;
    private readonly double[] _mean, _variance;
    private readonly double[]? _tail;   // T per feature (see the remarks); null: the bound is OutlierBound·σ alone

    /// <summary>Creates statistics for <paramref name="size"/> features.</summary>
    public RunningNormalizer(int size, int window, double clip) : this(size, window, clip, widensForRecurringDeviations: false) { }

    /// <summary>
    /// Creates statistics for <paramref name="size"/> features; with <paramref name="widensForRecurringDeviations"/> the
    /// winsorising bound widens for deviations that recur (see the remarks).
    /// </summary>
    public RunningNormalizer(int size, int window, double clip, bool widensForRecurringDeviations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be positive.");
        Size = size; Window = window; Clip = clip;
        _count = new long[size]; _mean = new double[size]; _variance = new double[size];
        if (widensForRecurringDeviations) _tail = new double[size];
    }

    /// <summary>The longest forgetting window in rows: even without a window, older rows weigh at least 1/MaxWindow.</summary>
    public const int MaxWindow = 10_000;

    /// <summary>Deviations beyond ±OutlierBound·σ enter the statistics as ±OutlierBound·σ (winsorised update).</summary>
    public const double OutlierBound = 4;

    /// <summary>Values seen before deviations are winsorised (the scale is not yet known).</summary>
    public const int WarmUp = 8;

    /// <summary>With <see cref="WidensForRecurringDeviations"/>: the factor 1 + TailGrowth by which a deviation beyond the bound widens it.</summary>
    public const double TailGrowth = 0.25;

    /// <summary>With <see cref="WidensForRecurringDeviations"/>: the share of rows whose deviations the bound settles to let through.</summary>
    public const double RecurringRate = 1.0 / 1000;

    /// <summary>
    /// With <see cref="WidensForRecurringDeviations"/>: a deviation further than this many bounds never widens the bound (a
    /// sentinel such as −9999 or 1e30 that recurs is no sparse signal).
    /// </summary>
    public const double TailReach = 16;

    // Written before the header by a normaliser that widens for recurring deviations (a size is never negative).
    private const int WideningMarker = -1;

    /// <summary>Whether the winsorising bound widens for deviations that recur (see the remarks).</summary>
    public bool WidensForRecurringDeviations => _tail is not null;

    /// <summary>Bytes <see cref="Save"/> writes before the first feature's statistics.</summary>
    public int HeaderLength => _tail is null ? 16 : 20;

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

    /// <summary>
    /// The size beyond which deviations of feature <paramref name="i"/> from its mean are winsorised, in its units:
    /// OutlierBound·σ, or max(OutlierBound·σ, T) with <see cref="WidensForRecurringDeviations"/>; 0 while none are
    /// (fewer than <see cref="WarmUp"/> values, or a zero variance).
    /// </summary>
    public double Bound(int i)
    {
        return _count[i] <= WarmUp || !(_variance[i] > 0) ? 0 : WinsorisingBound(i);
    }

    // OutlierBound·σ, or the larger of it and T (a positive variance).
    private double WinsorisingBound(int i)
    {
        double bound = OutlierBound * Math.Sqrt(_variance[i]);
        return _tail is null ? bound : Math.Max(bound, _tail[i]);
    }

    // Bytes Save writes per feature: count, mean and variance, and T where the bound widens.
    private static int FeatureLength(bool widens) => widens ? 32 : 24;

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
            double bound = WinsorisingBound(i);
            if (_tail is not null)
            {
                double size = Math.Abs(delta);
                _tail[i] = size > bound && size <= TailReach * bound ? Math.Min(size, bound * (1 + TailGrowth)) : _tail[i] * (1 - TailGrowth * RecurringRate);
            }
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
        if (_tail is not null) _tail[i] = 0;
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
        if (_tail is not null) _tail[i] = Math.Min(_tail[i] * factor, double.MaxValue);
    }

    /// <summary>x clamped to ±<see cref="float.MaxValue"/>: the largest magnitude any input of this library can carry.</summary>
    public static double Saturate(double x) => Math.Clamp(x, -float.MaxValue, float.MaxValue);

    /// <summary>A copy with the same statistics (e.g. frozen for an exported model while the original keeps learning).</summary>
    public RunningNormalizer Clone()
    {
        var c = new RunningNormalizer(Size, Window, Clip, WidensForRecurringDeviations);
        _count.CopyTo(c._count, 0); _mean.CopyTo(c._mean, 0); _variance.CopyTo(c._variance, 0);
        _tail?.CopyTo(c._tail!, 0);
        return c;
    }

    /// <summary>Writes the statistics (a normaliser that widens for recurring deviations: a marker first, and T per feature).</summary>
    public void Save(BinaryWriter writer)
    {
        if (_tail is not null) writer.Write(WideningMarker);
        writer.Write(Size); writer.Write(Window); writer.Write(Clip);
        for (int i = 0; i < Size; i++)
        {
            writer.Write(_count[i]); writer.Write(_mean[i]); writer.Write(_variance[i]);
            if (_tail is not null) writer.Write(_tail[i]);
        }
    }

    /// <summary>Reads a normaliser written by <see cref="Save"/>.</summary>
    public static RunningNormalizer Read(BinaryReader reader)
    {
        var (widens, size, window, clip) = ReadHeader(reader);
        if (size > 10_000_000 || window < 0 || !(clip > 0)) throw new InvalidDataException($"Stored normaliser header is invalid (size {size}, window {window}, clip {clip}).");
        // Nothing is allocated for features the bytes cannot hold (a review: a 20-byte header claiming 10⁷ features took 320 MB).
        var stream = reader.BaseStream;
        if (stream.CanSeek && stream.Length - stream.Position < (long)size * FeatureLength(widens))
            throw new InvalidDataException($"Stored normaliser is truncated: {size} features need {(long)size * FeatureLength(widens)} bytes, {stream.Length - stream.Position} remain.");
        var n = new RunningNormalizer(size, window, clip, widens);
        n.LoadValues(reader);
        return n;
    }

    /// <summary>Reads statistics written by <see cref="Save"/> into a normaliser of the same size and kind.</summary>
    public void Load(BinaryReader reader)
    {
        var (widens, size, window, clip) = ReadHeader(reader);
        if (size != Size || window != Window || clip != Clip || widens != WidensForRecurringDeviations)
            throw new InvalidDataException($"Stored normaliser ({size} features, window {window}, clip {clip}{(widens ? ", widening" : "")}) does not match this one ({Size}, {Window}, {Clip}{(WidensForRecurringDeviations ? ", widening" : "")}).");
        LoadValues(reader);
    }

    private static (bool Widens, int Size, int Window, double Clip) ReadHeader(BinaryReader reader)
    {
        int first = reader.ReadInt32();
        bool widens = first == WideningMarker;
        int size = widens ? reader.ReadInt32() : first;
        if (size < 0) throw new InvalidDataException($"Stored normaliser header is invalid (size {size}).");
        return (widens, size, reader.ReadInt32(), reader.ReadDouble());
    }

    private void LoadValues(BinaryReader reader)
    {
        for (int i = 0; i < Size; i++)
        {
            long n = reader.ReadInt64(); double m = reader.ReadDouble(); double v = reader.ReadDouble();
            double t = _tail is null ? 0 : reader.ReadDouble();
            if (n < 0 || !double.IsFinite(m) || !(v >= 0) || !double.IsFinite(v) || !(t >= 0) || !double.IsFinite(t))
                throw new InvalidDataException($"Stored normaliser statistics of feature {i} are invalid (n={n}, mean={m}, variance={v}{(_tail is null ? "" : $", bound {t}")}).");
            _count[i] = n; _mean[i] = m; _variance[i] = v;
            if (_tail is not null) _tail[i] = t;
        }
    }
}
