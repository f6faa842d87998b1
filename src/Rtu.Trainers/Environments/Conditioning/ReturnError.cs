using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Environments.Conditioning;

/// <summary>
/// Offline mean squared return error (MSRE), as the reference <c>compute_return_error</c> with the spec's alignment.
/// Inputs are a run of T steps: <c>cumulants[t]</c> = C_t, the cumulant emitted with o_t, and
/// <c>predictions[t]</c> = v_t, made at o_t. The target of v_t is G_t = Σ_{k≥0} γ^k C_{t+1+k}; it is computed
/// backwards from c[t] = C_{t+1} (R[T−2] = C_{T−1}, R[t] = C_{t+1} + γ R[t+1]), so only steps 0 … T−2 have a target
/// and the last ones are truncated (see <see cref="TailLength"/> and the <c>dropTail</c> arguments).
/// </summary>
public static class ReturnError
{
    /// <summary>Steps whose truncated return is noticeably biased: ⌈<paramref name="horizons"/>/(1 − γ)⌉ (default 10 horizons).</summary>
    public static int TailLength(double gamma, double horizons = 10)
    {
        if (!(gamma >= 0 && gamma < 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1).");
        return (int)Math.Ceiling(horizons / (1 - gamma));
    }

    /// <summary>The (tail-truncated) returns G_0 … G_{T−2} of a run of T cumulants C_0 … C_{T−1}.</summary>
    public static double[] Returns(ReadOnlySpan<double> cumulants, double gamma)
    {
        if (cumulants.Length < 2) throw new ArgumentException($"At least 2 cumulants are needed, got {cumulants.Length}.", nameof(cumulants));
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        Guard.Finite(cumulants, nameof(cumulants));
        int n = cumulants.Length - 1;
        var returns = new double[n];
        returns[n - 1] = cumulants[n];
        for (int t = n - 2; t >= 0; t--) returns[t] = cumulants[t + 1] + gamma * returns[t + 1];
        return returns;
    }

    /// <summary>(v_t − G_t)² for t = 0 … T−2. <paramref name="predictions"/> has T (the last is unused) or T − 1 entries.</summary>
    public static double[] SquaredErrors(ReadOnlySpan<double> predictions, ReadOnlySpan<double> cumulants, double gamma)
    {
        double[] returns = Returns(cumulants, gamma);
        if (predictions.Length != cumulants.Length && predictions.Length != cumulants.Length - 1)
            throw new ArgumentException(
                $"predictions must have {cumulants.Length} or {cumulants.Length - 1} entries (one per step), got {predictions.Length}.",
                nameof(predictions));
        Guard.Finite(predictions, nameof(predictions));
        for (int t = 0; t < returns.Length; t++)
        {
            double e = predictions[t] - returns[t];
            returns[t] = e * e;
        }
        return returns;
    }

    /// <summary>MSRE over every step that has a target, optionally ignoring the last <paramref name="dropTail"/> of them.</summary>
    public static double Msre(ReadOnlySpan<double> predictions, ReadOnlySpan<double> cumulants, double gamma, int dropTail = 0)
    {
        double[] errors = SquaredErrors(predictions, cumulants, gamma);
        int n = CheckedKept(errors.Length, dropTail);
        return Mean(errors.AsSpan(0, n));
    }

    /// <summary>MSRE over steps [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
    public static double MsreWindow(ReadOnlySpan<double> predictions, ReadOnlySpan<double> cumulants, double gamma, int start, int length)
    {
        double[] errors = SquaredErrors(predictions, cumulants, gamma);
        Guard.Positive(length, nameof(length));
        if (start < 0 || start + length > errors.Length)
            throw new ArgumentOutOfRangeException(nameof(start), start,
                $"The window [{start}, {start + length}) must lie inside the {errors.Length} steps that have a target.");
        return Mean(errors.AsSpan(start, length));
    }

    /// <summary>MSRE over the last <paramref name="fraction"/> of the steps kept after dropping <paramref name="dropTail"/>.</summary>
    public static double MsreLastFraction(ReadOnlySpan<double> predictions, ReadOnlySpan<double> cumulants, double gamma,
        double fraction, int dropTail = 0)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1].");
        double[] errors = SquaredErrors(predictions, cumulants, gamma);
        int n = CheckedKept(errors.Length, dropTail);
        int count = Math.Max(1, (int)Math.Round(n * fraction));
        return Mean(errors.AsSpan(n - count, count));
    }

    /// <summary>
    /// A learning curve: the kept steps (after dropping <paramref name="dropTail"/>) split into consecutive bins of
    /// <paramref name="binSize"/> steps, each bin's MSRE (a last partial bin is dropped).
    /// </summary>
    public static double[] Binned(ReadOnlySpan<double> predictions, ReadOnlySpan<double> cumulants, double gamma,
        int binSize, int dropTail = 0)
    {
        Guard.Positive(binSize, nameof(binSize));
        double[] errors = SquaredErrors(predictions, cumulants, gamma);
        int n = CheckedKept(errors.Length, dropTail);
        var bins = new double[n / binSize];
        for (int b = 0; b < bins.Length; b++) bins[b] = Mean(errors.AsSpan(b * binSize, binSize));
        return bins;
    }

    private static int CheckedKept(int available, int dropTail)
    {
        if (dropTail < 0 || dropTail >= available)
            throw new ArgumentOutOfRangeException(nameof(dropTail), dropTail,
                $"dropTail must be in [0, {available}) (the steps that have a target).");
        return available - dropTail;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }
}
