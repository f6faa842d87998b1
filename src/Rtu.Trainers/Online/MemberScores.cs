namespace Rtu.Trainers.Online;

/// <summary>
/// What the forecast pool remembers of its members' scored forecasts, per horizon and member (entry
/// j = (h − 1)·members + member): the recent mean squared and absolute errors its combination weights are made of, the
/// long-run squared error the naive gate compares, and the long-run loss gap to the naive forecast the naive test weighs
/// (<see cref="ForecastPool"/>: <see cref="ForecastPool.Window"/>, <see cref="ForecastPool.LongWindow"/>,
/// <see cref="ForecastPool.NaiveTest"/>). The pool's saved layout reads and writes the arrays.
/// </summary>
internal sealed class MemberScores
{
    /// <summary>Recent mean squared error (window <see cref="ForecastPool.WindowAt"/> of the entry's horizon).</summary>
    public readonly double[] Mse;

    /// <summary>The same window's mean absolute error: half the weights (layout 15).</summary>
    public readonly double[] RecentAbsError;

    /// <summary>Scored forecasts.</summary>
    public readonly long[] Scored;

    /// <summary>Long-run mean squared error (window <see cref="ForecastPool.LongWindow"/>), for the naive gate.</summary>
    public readonly double[] LongMse;

    /// <summary>Long-run mean of (the entry's − the naive forecast's squared error), for the naive test.</summary>
    public readonly double[] LossGap;

    /// <summary>Long-run mean of its square.</summary>
    public readonly double[] LossGapSquare;

    /// <summary>Weights MSE^−4 (a pool read from a layout 1–14 file, as it was) instead of MAE^−4·MSE^−2.</summary>
    public bool SquaredWeights;

    public MemberScores(int entries)
    {
        Mse = new double[entries];
        RecentAbsError = new double[entries];
        Scored = new long[entries];
        LongMse = new double[entries];
        LossGap = new double[entries];
        LossGapSquare = new double[entries];
    }

    /// <summary>
    /// One more scored forecast of entry <paramref name="j"/>: its error <paramref name="e"/>, and the naive forecast's
    /// error at the same target and horizon (NaN: none, the loss gap is left as it is); the recent errors forget over
    /// <paramref name="window"/> scores (<see cref="ForecastPool.WindowAt"/>; default: one step ahead's).
    /// </summary>
    public void Add(int j, double e, double naiveError, double window = ForecastPool.Window)
    {
        long k = ++Scored[j];
        double recent = Math.Max(1.0 / k, 1.0 / window);
        Mse[j] += recent * (e * e - Mse[j]);
        RecentAbsError[j] += recent * (Math.Abs(e) - RecentAbsError[j]);
        double a = Math.Max(1.0 / k, 1.0 / ForecastPool.LongWindow);
        LongMse[j] += a * (e * e - LongMse[j]);
        if (!double.IsFinite(naiveError)) return;
        double gap = e * e - naiveError * naiveError;
        LossGap[j] += a * (gap - LossGap[j]);
        LossGapSquare[j] += a * (gap * gap - LossGapSquare[j]);
    }

    // An entry's combination weight before normalising: MAE^−4·MSE^−2 (layout 15: as sharp as MSE^−4, half of it from the
    // absolute errors MASE counts, see ForecastPool's remarks); a pool read from a layout 1–14 file keeps MSE^−4, computed
    // as it was. Taken in the unit 2^reference of the error measure (ReferenceExponent), so that weights, which go as the
    // series' units to the power −8, stay in range: in units near 10^−37 they summed past the largest double and every
    // forecast was 0. Scaling by a power of 2 is exact, so every combination is what it was, bit for bit, wherever the
    // weights were in range. An entry whose every recent error was exactly 0 has an infinite weight, and Combine leaves it
    // out, as before: on a series constant so far every member is exact and the combination falls back to the seasonal
    // naive or naive forecast, the same value; and given all the weight, a member exact at every row but a few that the
    // spike rewind then holds out of its scores (an exact trend whose seasonal adjustment jumps once a season) keeps
    // them from ever counting (EngineAllocationTests' keyed trend: a spike held every twelfth row).
    public double Weight(int j, int reference)
    {
        double measure = Measure(j);
        if (measure == 0) return double.PositiveInfinity;
        double s = Math.ScaleB(measure, -reference);
        return SquaredWeights ? 1 / (s * s * s * s) : 1 / (s * s);
    }

    // The error measure an entry's weight is the inverse square of: MAE²·MSE (with the MSE^−4 of layouts 1–14, the MSE,
    // whose fourth power is taken as it was).
    private double Measure(int j) => SquaredWeights ? Mse[j] : RecentAbsError[j] * RecentAbsError[j] * Mse[j];

    /// <summary>
    /// The binary exponent of the smallest positive error measure among entries <paramref name="first"/> to
    /// <paramref name="first"/> + <paramref name="count"/> − 1 that have been scored (0 when none has one): the unit
    /// <see cref="Weight"/> takes one horizon's weights in, so the best member's is about 1 and no other's is above it.
    /// </summary>
    public int ReferenceExponent(int first, int count)
    {
        double smallest = double.PositiveInfinity;
        for (int j = first; j < first + count; j++)
        {
            double m = Measure(j);
            if (Scored[j] > 0 && m > 0 && m < smallest) smallest = m;
        }
        return double.IsFinite(smallest) ? Math.ILogB(smallest) : 0;
    }

    // The naive test (ForecastPool.NaiveTest): the long-run loss gap to the naive forecast is more than NaiveTest standard
    // errors above 0 (the exponentially weighted mean over at most 2·LongWindow − 1 effective scores).
    public bool WorseThanNaive(int j)
    {
        long n = Scored[j];
        if (n < ForecastPool.TestScores) return false;
        double gap = LossGap[j];
        double effective = Math.Min(n, 2.0 * ForecastPool.LongWindow - 1);
        return gap > ForecastPool.NaiveTest * Math.Sqrt(Math.Max(LossGapSquare[j] - gap * gap, 0) / (effective - 1));
    }

    /// <summary>Forgets every score (a change of scale: the errors are in the old units); the current weights from now on.</summary>
    public void Clear()
    {
        Array.Clear(Mse); Array.Clear(RecentAbsError); Array.Clear(LongMse); Array.Clear(LossGap); Array.Clear(LossGapSquare); Array.Clear(Scored);
        SquaredWeights = false;
    }

    /// <summary>
    /// The scores in new units, y multiplied by <paramref name="factor"/>: errors by it, squared errors and loss gaps by
    /// its square, the gaps' squares by its fourth power (a frozen pool's change of scale).
    /// </summary>
    public void Rescale(double factor)
    {
        double square = factor * factor;
        foreach (var a in new[] { Mse, LongMse, LossGap }) ForecastPool.Scale(a, square);
        ForecastPool.Scale(RecentAbsError, factor);
        ForecastPool.Scale(LossGapSquare, square * square);
    }

    /// <summary>Whether the long-run statistics are in range (read from a file).</summary>
    public bool LongRunValid() => LongMse.All(v => v >= 0) && LossGap.All(double.IsFinite) && LossGapSquare.All(v => v >= 0);

    /// <summary>Whether the counts and recent errors are in range (read from a file).</summary>
    public bool RecentValid() => Scored.All(c => c >= 0) && Mse.All(v => v >= 0) && RecentAbsError.All(v => v >= 0);
}
