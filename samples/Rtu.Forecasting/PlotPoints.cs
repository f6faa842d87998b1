namespace Rtu.Forecasting;

/// <summary>
/// Fewer points for a plot's lines and band when a series has far more rows than the plot has pixels. A million hourly
/// rows drew for over six minutes (the anti-aliased stroke of every segment, and the band's polygon), after the run had
/// printed its results; the plot of a series up to <see cref="MaxPoints"/> rows is drawn from every point, as before.
/// </summary>
internal static class PlotPoints
{
    /// <summary>Lines and bands up to this many points are drawn whole.</summary>
    public const int MaxPoints = 20_000;

    /// <summary>Runs of consecutive points a longer line or band is reduced to (the plot is 1,400 pixels wide).</summary>
    public const int Buckets = 2_000;

    /// <summary>
    /// The line itself up to <see cref="MaxPoints"/> points; a longer one as the lowest and the highest point of each of
    /// <see cref="Buckets"/> runs of consecutive points, in their order: the envelope the eye sees, spikes included.
    /// </summary>
    public static (double[] X, double[] Y) Thin((double[] X, double[] Y) line) => Thin(line, Buckets, MaxPoints);

    // The line reduced to the envelope of `buckets` runs where it has more than `whole` points (a segment of a longer line: ThinSegments).
    private static (double[] X, double[] Y) Thin((double[] X, double[] Y) line, int buckets, int whole = 0)
    {
        var (x, y) = line;
        int n = x.Length;
        if (n <= Math.Max(whole, 2 * buckets)) return line;
        var tx = new List<double>(2 * buckets);
        var ty = new List<double>(2 * buckets);
        for (int b = 0; b < buckets; b++)
        {
            int from = (int)((long)n * b / buckets), to = (int)((long)n * (b + 1) / buckets);
            int lo = from, hi = from;
            for (int i = from + 1; i < to; i++)
            {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            int first = Math.Min(lo, hi), second = Math.Max(lo, hi);
            tx.Add(x[first]); ty.Add(y[first]);
            if (second != first) { tx.Add(x[second]); ty.Add(y[second]); }
        }
        return (tx.ToArray(), ty.ToArray());
    }

    /// <summary>
    /// The runs of consecutive finite values at their rows' time coordinates: a missing value breaks the line (ScottPlot's
    /// ScatterLine joins every point it is given, so a gap of twenty months was drawn as a straight "actual" line; an audit).
    /// </summary>
    public static List<(double[] X, double[] Y)> Segments(double[] time, double[] values)
    {
        var segments = new List<(double[] X, double[] Y)>();
        var x = new List<double>(); var y = new List<double>();
        for (int t = 0; t <= values.Length; t++)
        {
            if (t < values.Length && double.IsFinite(values[t])) { x.Add(time[t]); y.Add(values[t]); continue; }
            if (x.Count > 0) { segments.Add((x.ToArray(), y.ToArray())); x.Clear(); y.Clear(); }
        }
        return segments;
    }

    /// <summary>
    /// A line drawn as its runs of consecutive points (a missing value breaks it), thinned as <see cref="Thin"/> thins one
    /// line where they hold more than <see cref="MaxPoints"/> points together, each run sharing the <see cref="Buckets"/>
    /// in proportion to its points (at least one). Beyond <see cref="Buckets"/> runs, one line through every point.
    /// </summary>
    public static List<(double[] X, double[] Y)> ThinSegments(List<(double[] X, double[] Y)> segments)
    {
        long total = segments.Sum(s => (long)s.X.Length);
        // More runs than the plot has room for (values missing every few rows over years): one line through every point,
        // as before, since a plottable per run drew as slowly as a point per segment.
        if (segments.Count > Buckets)
            return [Thin((segments.SelectMany(s => s.X).ToArray(), segments.SelectMany(s => s.Y).ToArray()))];
        if (total <= MaxPoints) return segments;
        return segments.Select(s => Thin(s, (int)Math.Max(1, Buckets * s.X.Length / total))).ToList();
    }

    /// <summary>
    /// The band itself up to <see cref="MaxPoints"/> points; a longer one as one point per run of <see cref="Buckets"/>
    /// runs of consecutive points: at the run's middle, its lowest lower and highest upper bound.
    /// </summary>
    public static (double[] X, double[] Lower, double[] Upper) ThinBand(double[] x, double[] lower, double[] upper)
    {
        int n = x.Length;
        if (n <= MaxPoints) return (x, lower, upper);
        var (tx, tl, tu) = (new double[Buckets], new double[Buckets], new double[Buckets]);
        for (int b = 0; b < Buckets; b++)
        {
            int from = (int)((long)n * b / Buckets), to = (int)((long)n * (b + 1) / Buckets);
            tx[b] = x[(from + to - 1) / 2];
            tl[b] = double.PositiveInfinity; tu[b] = double.NegativeInfinity;
            for (int i = from; i < to; i++) { tl[b] = Math.Min(tl[b], lower[i]); tu[b] = Math.Max(tu[b], upper[i]); }
        }
        return (tx, tl, tu);
    }
}
