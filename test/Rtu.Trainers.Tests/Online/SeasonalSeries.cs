namespace Rtu.Trainers.Tests.Online;

/// <summary>Synthetic seasonal series for the pool's quarterly members (layout 15).</summary>
internal static class SeasonalSeries
{
    /// <summary>The seasonal factors of <see cref="Quarterly"/> (mean 1).</summary>
    public static readonly double[] QuarterFactors = [0.8, 1.1, 1.25, 0.85];

    /// <summary>
    /// A quarterly series with a multiplicative season (<see cref="QuarterFactors"/>) on a trending level whose slope
    /// slowly dies out (a damped trend), plus 1 % noise: the shape of quarterly economic aggregates.
    /// </summary>
    public static double[] Quarterly(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 200, slope = 4;
        for (int t = 0; t < n; t++)
        {
            slope = 0.98 * slope + 0.1 * Gaussian(rng);
            level += slope;
            y[t] = level * QuarterFactors[t % 4] * (1 + 0.01 * Gaussian(rng));
        }
        return y;
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
