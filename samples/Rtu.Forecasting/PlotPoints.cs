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
    public static (double[] X, double[] Y) Thin((double[] X, double[] Y) line)
    {
        var (x, y) = line;
        int n = x.Length;
        if (n <= MaxPoints) return line;
        var tx = new List<double>(2 * Buckets);
        var ty = new List<double>(2 * Buckets);
        for (int b = 0; b < Buckets; b++)
        {
            int from = (int)((long)n * b / Buckets), to = (int)((long)n * (b + 1) / Buckets);
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
