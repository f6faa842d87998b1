using System.Globalization;
using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// <see cref="SeasonDetector"/> on real series (monthly, quarterly, non-seasonal) and behind
/// <see cref="RtuForecastingOptions.SeasonLength"/> 0 without timestamps.
/// </summary>
[TestClass]
public sealed class SeasonDetectorTests
{
    private static readonly MLContext Ml = new(seed: 1);

    // Monthly Mauna Loa CO2 1959–1997 (R datasets), shipped with the forecasting sample.
    private static double[] Co2()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        Assert.IsNotNull(dir, "repository root not found");
        return File.ReadAllLines(Path.Combine(dir.FullName, "samples", "Rtu.Forecasting", "data", "co2.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
    }

    // Quarterly earnings per Johnson & Johnson share, 1960–1980 (R datasets: JohnsonJohnson).
    private static readonly double[] JohnsonJohnson =
    [
        0.71, 0.63, 0.85, 0.44, 0.61, 0.69, 0.92, 0.55, 0.72, 0.77, 0.92, 0.6, 0.83, 0.8, 1, 0.77, 0.92, 1, 1.24, 1, 1.16, 1.3,
        1.45, 1.25, 1.26, 1.38, 1.86, 1.56, 1.53, 1.59, 1.83, 1.86, 1.53, 2.07, 2.34, 2.25, 2.16, 2.43, 2.7, 2.25, 2.79, 3.42,
        3.69, 3.6, 3.6, 4.32, 4.32, 4.05, 4.86, 5.04, 5.04, 4.41, 5.58, 5.85, 6.57, 5.31, 6.03, 6.39, 6.93, 5.85, 6.93, 7.74,
        7.83, 6.12, 7.74, 8.91, 8.28, 6.84, 9.54, 10.26, 9.54, 8.73, 11.88, 12.06, 12.15, 8.91, 14.04, 12.96, 14.85, 9.99,
        16.2, 14.67, 16.02, 11.61,
    ];

    // Annual flow of the Nile at Aswan, 1871–1970 (R datasets: Nile): no season, a level shift.
    private static readonly double[] Nile =
    [
        1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958,
        1140, 1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020,
        1050, 969, 831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040,
        759, 781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890,
        744, 749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740
    ];

    // A random walk (deterministic): no season.
    private static double[] RandomWalk(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        for (int t = 1; t < n; t++) y[t] = y[t - 1] + rng.NextDouble() - 0.5;
        return y;
    }

    [TestMethod]
    public void RealSeriesGetTheirSeason()
    {
        Assert.AreEqual(12, SeasonDetector.Detect(Co2()), "monthly co2");
        Assert.AreEqual(4, SeasonDetector.Detect(JohnsonJohnson), "quarterly JohnsonJohnson");
        Assert.AreEqual(1, SeasonDetector.Detect(Nile), "annual Nile");
        for (int seed = 1; seed <= 5; seed++) Assert.AreEqual(1, SeasonDetector.Detect(RandomWalk(500, seed)), $"random walk {seed}");
    }

    [TestMethod]
    public void MissingValuesShortSeriesAndSeveralSeriesAreHandled()
    {
        var gappy = Co2().Select((v, t) => t % 17 == 5 ? double.NaN : v).ToArray();
        Assert.AreEqual(12, SeasonDetector.Detect(gappy));
        Assert.AreEqual(1, SeasonDetector.Detect([1.0, 2, 3]), "too short to see three seasons");
        Assert.AreEqual(1, SeasonDetector.Detect(Enumerable.Repeat(5.0, 50).ToArray()), "constant");
        Assert.AreEqual(1, SeasonDetector.Detect(Array.Empty<double>()));
        // Two halves of the quarterly series, pooled: still 4.
        Assert.AreEqual(4, SeasonDetector.Detect([JohnsonJohnson[..42], JohnsonJohnson[42..]]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SeasonDetector.Detect(Nile, longestSeason: 1));
    }

    [TestMethod]
    public void SeasonLengthZeroWithoutTimestampsIsDetectedAtFit()
    {
        var o = new RtuForecastingOptions { SeasonLength = 0, Units = 4 };
        var data = Ml.Data.LoadFromEnumerable(Co2().Select(v => new SeriesPoint { Value = (float)v, Temperature = 0 }).ToArray());
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(data);
        Assert.AreEqual(12, fitted.Options.SeasonLength);
        Assert.AreEqual(12, fitted.GetModel().Settings.SeasonLength);
        var nile = Ml.Data.LoadFromEnumerable(Nile.Select(v => new SeriesPoint { Value = (float)v }).ToArray());
        Assert.AreEqual(1, Ml.Forecasting.ForecastByRtu(o).Fit(nile).Options.SeasonLength);
    }
}
