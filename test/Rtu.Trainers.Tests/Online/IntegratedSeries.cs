namespace Rtu.Trainers.Tests.Online;

/// <summary>Synthetic series with a known differencing order, for the pool's KPSS differencing gate (layout 14).</summary>
internal static class IntegratedSeries
{
    /// <summary>
    /// An I(2) series: a local linear trend whose slope is a random walk (y_t = y_{t−1} + b_t + ε_t, b_t = b_{t−1} + η_t),
    /// smooth like an employment count or a population (auto.arima fits such series with d = 2, e.g. ARIMA(0,2,2)).
    /// </summary>
    public static double[] Twice(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 500, slope = 1;
        for (int t = 0; t < n; t++)
        {
            slope += 0.2 * Gaussian(rng);
            level += slope + 0.5 * Gaussian(rng);
            y[t] = level;
        }
        return y;
    }

    /// <summary>An I(1) series: a random walk with unit steps around 100.</summary>
    public static double[] Once(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++) { level += Gaussian(rng); y[t] = level; }
        return y;
    }

    /// <summary>An I(1) series with drift: a random walk with unit steps and mean step <paramref name="drift"/> around 100.</summary>
    public static double[] Drifting(int n, int seed, double drift)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++) { level += drift + Gaussian(rng); y[t] = level; }
        return y;
    }

    /// <summary>A stationary AR(1) series (coefficient 0.5) around 50.</summary>
    public static double[] Stationary(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double u = 0;
        for (int t = 0; t < n; t++) { u = 0.5 * u + Gaussian(rng); y[t] = 50 + u; }
        return y;
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
