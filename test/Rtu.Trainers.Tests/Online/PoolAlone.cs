using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>A forecast pool run alone (no RTU) over a series: what the clean tests look at.</summary>
internal static class PoolAlone
{
    /// <summary>
    /// Runs a pool of season <paramref name="season"/> and horizon 1 over <paramref name="y"/>, learning: the rows whose
    /// value the clean changed, the one-step forecasts made before each row (NaN before the first) and the pool.
    /// </summary>
    public static (List<int> Cleaned, double[] Forecasts, ForecastPool Pool) Run(double[] y, int season)
    {
        var pool = new ForecastPool(season, 1);
        var (cleaned, forecasts, _) = Steps(pool, y, learnUntil: int.MaxValue);
        return (cleaned, forecasts, pool);
    }

    /// <summary>
    /// Runs <paramref name="pool"/> (horizon 1) over <paramref name="y"/>, learning before row
    /// <paramref name="learnUntil"/> and frozen from it: the one-step forecasts made before each row (NaN before the
    /// first), and whether any row confirmed a change of scale (<see cref="ForecastPool.ScaleChanged"/>).
    /// </summary>
    public static (double[] Forecasts, bool ScaleChanged) Run(ForecastPool pool, double[] y, int learnUntil)
    {
        var (_, forecasts, scaleChanged) = Steps(pool, y, learnUntil);
        return (forecasts, scaleChanged);
    }

    private static (List<int> Cleaned, double[] Forecasts, bool ScaleChanged) Steps(ForecastPool pool, double[] y, int learnUntil)
    {
        var model = new float[] { float.NaN };
        var made = new float[1];
        var forecasts = new double[y.Length];
        var cleaned = new List<int>();
        bool scaleChanged = false;
        double next = double.NaN;
        for (int t = 0; t < y.Length; t++)
        {
            bool learn = t < learnUntil;
            forecasts[t] = next;
            double value = pool.Clean(y[t], learn);
            scaleChanged |= pool.ScaleChanged;
            if (value != y[t]) cleaned.Add(t);
            pool.Observe(value, learn);
            pool.Combine(model, made);
            next = made[0];
        }
        return (cleaned, forecasts, scaleChanged);
    }
}
