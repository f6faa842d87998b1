using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>A forecast pool run alone (no RTU) over a series, learning: what the clean tests look at.</summary>
internal static class PoolAlone
{
    /// <summary>
    /// Runs a pool of season <paramref name="season"/> and horizon 1 over <paramref name="y"/>: the rows whose value the
    /// clean changed, the one-step forecasts made before each row (NaN before the first) and the pool.
    /// </summary>
    public static (List<int> Cleaned, double[] Forecasts, ForecastPool Pool) Run(double[] y, int season)
    {
        var pool = new ForecastPool(season, 1);
        var model = new float[] { float.NaN };
        var made = new float[1];
        var forecasts = new double[y.Length];
        var cleaned = new List<int>();
        double next = double.NaN;
        for (int t = 0; t < y.Length; t++)
        {
            forecasts[t] = next;
            double value = pool.Clean(y[t], learn: true);
            if (value != y[t]) cleaned.Add(t);
            pool.Observe(value, learn: true);
            pool.Combine(model, made);
            next = made[0];
        }
        return (cleaned, forecasts, pool);
    }
}
