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
/// A long calendar season of the audit's (2026-12): its case, the season drawn, the seasons that count as right (a
/// daily pattern inside a weekly one: either), its noise level and seed.
/// </summary>
internal sealed record LongSeasonSeries(string Case, int Season, int[] Right, double Noise, int Seed, double[] Values)
{
    public string Name => $"{Case} noise={Noise} seed={Seed}";
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

    /// <summary>The cases of <see cref="LongSeasons"/>: label, season, the seasons that count as right, values.</summary>
    public static readonly (string Case, int Season, int[] Right, int Length)[] LongCases =
    [
        ("hourly, day 24, 30 days", 24, [24], 720),
        ("half-hourly, day 48, 30 days", 48, [48], 1440),
        ("15-min, day 96, 30 days", 96, [96], 2880),
        ("hourly, week 168, 12 weeks", 168, [168], 2016),
        ("half-hourly, day 48 in week 336, 30 days", 336, [48, 336], 1440),
        ("daily, year 365, 5 years", 365, [365], 1825),
        ("daily, year 365, 8 years", 365, [365], 2920),
        ("15-min, week 672, 8 weeks", 672, [672], 5376),
        ("hourly, year 8760, 5 years", 8760, [8760], 43800),
    ];

    // Noise sd in units of the cycle's largest change per step (2π/m of the amplitude), so that every season's changes
    // are as noisy: their autocorrelation at the season is about 1/(1 + 4·level²), 0.8, 0.5 and 0.3.
    public static readonly double[] LongNoises = [0.25, 0.5, 0.75];
    public const int LongSeeds = 10;
    public static int LongCount => LongCases.Length * LongNoises.Length * LongSeeds;

    /// <summary>
    /// The outside audit's long calendar seasons in undated data (2026-12): a daily sine of hourly, half-hourly and
    /// 15-minute values over 30 days, a weekly one of hourly and 15-minute values, a daily sine damped to 40 % on the
    /// two weekend days (a week of 336 half-hours), a yearly sine of daily values over 5 and 8 years and of hourly ones
    /// over 5, each with Gaussian noise at <see cref="LongNoises"/>. The detector gave neighbours (48 → 49, 96 → 95 or
    /// 97, 168 → 166, 24 → 23), the weekly pattern 97, 98 or 1, and no season of 365 or above.
    /// </summary>
    public static IEnumerable<LongSeasonSeries> LongSeasons()
    {
        foreach (var (label, season, right, n) in LongCases) foreach (double level in LongNoises) for (int seed = 0; seed < LongSeeds; seed++)
        {
            var rng = new Random(7 * season + 1000 * seed + (int)(level * 100) * 100000 + n);
            int day = right[0];   // the daily cycle inside a weekly pattern
            double phase = rng.NextDouble() * season, sd = level * 2 * Math.PI / (right.Length > 1 ? day : season);
            var y = new double[n];
            for (int t = 0; t < n; t++)
            {
                double s = right.Length > 1
                    ? Math.Sin(2 * Math.PI * t / day) * ((int)((t + phase) / day) % 7 < 5 ? 1 : 0.4)
                    : Math.Sin(2 * Math.PI * (t + phase) / season);
                y[t] = 100 + 10 * (s + sd * Gauss(rng));
            }
            yield return new LongSeasonSeries(label, season, right, level, seed, y);
        }
    }

    // Box–Muller, one value per pair of uniforms (as the scratch screen drew them).
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
