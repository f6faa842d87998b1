using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Synthetic daily sales with promotions known a day ahead, and a fingerprint of a forecaster's outputs.</summary>
internal static class PromoData
{
    /// <summary>
    /// Daily sales: a weekly pattern on a wandering level, multiplicative noise, promotions on a share of the days that
    /// multiply that day's sales by <paramref name="lift"/>; row t holds whether day t + 1 has a promotion (known a day
    /// ahead), and a column of pure noise.
    /// </summary>
    public static (double[] Sales, float[] PromoNext, float[] Noise) Series(int n, int seed, double lift = 1.7, double share = 0.3)
    {
        var rng = new Random(seed);
        double[] week = [1.0, 0.9, 0.95, 1.0, 1.1, 1.3, 1.25];
        var promo = new bool[n + 1];
        for (int t = 0; t <= n; t++) promo[t] = rng.NextDouble() < share;
        var sales = new double[n];
        var next = new float[n];
        var noise = new float[n];
        double level = 100;
        for (int t = 0; t < n; t++)
        {
            level = Math.Max(20, level + 0.8 * Gaussian(rng));
            sales[t] = Math.Round(level * week[t % 7] * (promo[t] ? lift : 1) * Math.Exp(0.08 * Gaussian(rng)));
            next[t] = promo[t + 1] ? 1 : 0;
            noise[t] = (float)Gaussian(rng);
        }
        return (sales, next, noise);
    }

    public static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// FNV-1a over the bits of every forecast and interval bound a learning forecaster of season 7 and horizon
    /// <paramref name="horizon"/> gives over 300 rows of <see cref="Series"/> (with a spike, missing values and, with
    /// <paramref name="exogenous"/> 1, the promotion column); <paramref name="prepare"/> runs on the fresh forecaster.
    /// </summary>
    public static ulong Fingerprint(int exogenous, int horizon, Action<RtuForecaster>? prepare = null)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 7, ExogenousCount = exogenous, Learner = new RtuLearnerSettings { Horizon = horizon } });
        prepare?.Invoke(f);
        var (y, x, _) = Series(300, seed: 5);
        y[4] *= 6; y[120] *= 5; y[50] = double.NaN; y[51] = double.NaN; y[200] = double.NaN;
        float[] forecast = new float[horizon], lower = new float[horizon], upper = new float[horizon];
        ulong hash = 14695981039346656037UL;
        void Add(float v) { hash ^= (uint)BitConverter.SingleToInt32Bits(v); hash *= 1099511628211UL; }
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], exogenous == 1 ? [x[t]] : default, learn: t < 260, forecast, default);
            foreach (float v in forecast) Add(v);
            if (f.HoldsPossibleSpike) continue;   // the intervals span the held value since the sixty-third pass (WriteInterval)
            for (int level = 0; level < 2; level++)
            {
                f.WriteInterval(level, lower, upper);
                foreach (float v in lower) Add(v);
                foreach (float v in upper) Add(v);
            }
        }
        return hash;
    }
}
