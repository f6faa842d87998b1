using System.Globalization;

namespace Rtu.SeasonScreen;

/// <summary>A seasonal series of the screen: its true season, how many seasons it spans, its shape and noise.</summary>
internal sealed record SeasonalSeries(int Season, int SeasonsLong, string Shape, double Noise, bool Trend, int Seed, double[] Values)
{
    public string Name => $"season={Season} long={SeasonsLong} shape={Shape} noise={Noise} trend={(Trend ? "yes" : "no")} seed={Seed}";
}

/// <summary>A series without a season: its kind (white noise, walk, AR, trend), length and seed.</summary>
internal sealed record NonSeasonalSeries(string Kind, int Length, int Seed, double[] Values)
{
    public string Name => $"{Kind} n={Length} seed={Seed}";
}

/// <summary>A damped AR(2) cycle: y_t = 2ρ·cos(2π/p)·y_{t−1} − ρ²·y_{t−2} + e_t, period p, damping ρ.</summary>
internal sealed record Ar2Series(double Period, double Damping, int Length, int Seed, double[] Values)
{
    public string Name => $"period={Period} damping={Damping} n={Length} seed={Seed}";
}

/// <summary>
/// The synthetic series of the screen, with fixed seeds: the generators of the scratch screen of the fix in commit
/// c548a86 ("a clean season that repeats at its multiples"), value for value, so that its figures are reproduced.
/// </summary>
internal static class SyntheticSeries
{
    public static readonly int[] Seasons = [4, 5, 7, 12, 24, 52];
    public static readonly int[] SeasonsLong = [3, 5, 8, 10, 20];
    public static readonly string[] Shapes = ["sine", "spike", "twoharm"];
    public static readonly double[] Noises = [0.1, 0.3, 0.6, 1.0];
    public static readonly bool[] Trends = [false, true];
    public const int SeasonalSeeds = 3;

    public static readonly string[] Kinds =
        ["white", "rw", "rwdrift", "ar1_0.5", "ar1_0.9", "ar2_p9.6_r0.9", "ar2_p10.5_r0.85", "ar2_p6.3_r0.9", "ar2_p20_r0.95", "lintrend", "quadtrend", "arma_trend"];
    public static readonly int[] NonSeasonalLengths = [50, 96, 150, 300, 1000];
    public const int NonSeasonalSeeds = 10;

    public static readonly double[] Ar2Periods = [5.5, 6.3, 7.5, 9.6, 10.5, 12.4, 20];
    public static readonly double[] Ar2Dampings = [0.8, 0.9, 0.95];
    public static readonly int[] Ar2Lengths = [40, 50, 60, 72, 96, 120, 150, 200, 300];
    public const int Ar2Seeds = 40;

    public static int SeasonalCount => Seasons.Length * SeasonsLong.Length * Shapes.Length * Noises.Length * Trends.Length * SeasonalSeeds;
    public static int NonSeasonalCount => Kinds.Length * NonSeasonalLengths.Length * NonSeasonalSeeds;
    public static int Ar2Count => Ar2Periods.Length * Ar2Dampings.Length * Ar2Lengths.Length * Ar2Seeds;

    /// <summary>
    /// 2,160 series around 100: a season of amplitude 10 (a sine; a spike of 25 once a season, the rest −25/(m−1); two
    /// harmonics) at a random phase, Gaussian noise of sd 10·noise, and optionally a trend of 3.6 per season.
    /// </summary>
    public static IEnumerable<SeasonalSeries> Seasonal()
    {
        foreach (int m in Seasons) foreach (int seasonsLong in SeasonsLong) foreach (string shape in Shapes)
        foreach (double noise in Noises) foreach (bool trend in Trends) for (int seed = 0; seed < SeasonalSeeds; seed++)
        {
            var rng = new Random(1000 * m + 100 * seasonsLong + 10 * seed + (trend ? 7 : 0)
                + Array.IndexOf(Shapes, shape) * 100000 + (int)(noise * 10) * 1000000);
            int n = m * seasonsLong;
            double phase = rng.NextDouble() * m;
            var y = new double[n];
            for (int t = 0; t < n; t++)
            {
                double u = 2 * Math.PI * (t + phase) / m;
                double s = shape switch
                {
                    "sine" => Math.Sin(u),
                    "spike" => (int)(t + phase) % m == 0 ? 2.5 : -2.5 / (m - 1),
                    _ => 0.7 * Math.Sin(u) + 0.5 * Math.Sin(2 * u + 1),
                };
                y[t] = 100 + 10 * s + (trend ? 0.3 * t * 12.0 / m : 0) + 10 * noise * Gauss(rng);
            }
            yield return new SeasonalSeries(m, seasonsLong, shape, noise, trend, seed, y);
        }
    }

    /// <summary>
    /// 600 series without a season (unit Gaussian innovations): white noise, random walks with and without drift,
    /// AR(1) with φ 0.5 and 0.9, AR(2) cycles (ar2_pPERIOD_rDAMPING), linear, quadratic and AR(1)-around-trend series.
    /// </summary>
    public static IEnumerable<NonSeasonalSeries> NonSeasonal()
    {
        foreach (string kind in Kinds) foreach (int n in NonSeasonalLengths) for (int seed = 0; seed < NonSeasonalSeeds; seed++)
        {
            var rng = new Random(seed * 7919 + n * 31 + Array.IndexOf(Kinds, kind) * 100003);
            var e = new double[n];
            for (int t = 0; t < n; t++) e[t] = Gauss(rng);
            double phi1 = 0, phi2 = 0;
            if (kind.StartsWith("ar2", StringComparison.Ordinal))
            {
                var parts = kind.Split('_');
                double p = double.Parse(parts[1][1..], CultureInfo.InvariantCulture), r = double.Parse(parts[2][1..], CultureInfo.InvariantCulture);
                phi1 = 2 * r * Math.Cos(2 * Math.PI / p);
                phi2 = -r * r;
            }
            var y = new double[n];
            for (int t = 0; t < n; t++)
            {
                double prev = t > 0 ? y[t - 1] : 0, prev2 = t > 1 ? y[t - 2] : 0;
                y[t] = kind switch
                {
                    "white" => e[t],
                    "rw" => prev + e[t],
                    "rwdrift" => prev + 0.3 + e[t],
                    "ar1_0.5" => 0.5 * prev + e[t],
                    "ar1_0.9" => 0.9 * prev + e[t],
                    "lintrend" => 0.1 * t + e[t],
                    "quadtrend" => 0.001 * t * t + e[t],
                    "arma_trend" => 0.05 * t + (t > 0 ? 0.7 * (prev - 0.05 * (t - 1)) : 0) + e[t],
                    _ => phi1 * prev + phi2 * prev2 + e[t],
                };
            }
            yield return new NonSeasonalSeries(kind, n, seed, y);
        }
    }

    /// <summary>7,560 damped AR(2) cycles: 7 periods × 3 dampings × 9 lengths × 40 seeds, unit Gaussian innovations.</summary>
    public static IEnumerable<Ar2Series> Ar2()
    {
        foreach (double period in Ar2Periods) foreach (double damping in Ar2Dampings) foreach (int n in Ar2Lengths)
        for (int seed = 1; seed <= Ar2Seeds; seed++)
        {
            double phi1 = 2 * damping * Math.Cos(2 * Math.PI / period), phi2 = -damping * damping;
            var rng = new Random(seed * 1009 + n);
            var y = new double[n];
            for (int t = 0; t < n; t++) y[t] = (t > 0 ? phi1 * y[t - 1] : 0) + (t > 1 ? phi2 * y[t - 2] : 0) + Gauss(rng);
            yield return new Ar2Series(period, damping, n, seed, y);
        }
    }

    // Box–Muller, one value per pair of uniforms (as the scratch screen drew them).
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
