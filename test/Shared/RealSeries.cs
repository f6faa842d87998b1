using System.Globalization;

namespace Rtu.Tests.Shared;

/// <summary>
/// Real series the forecasting tests share (compiled into both test projects): written once, so every test reads the
/// same values.
/// </summary>
internal static class RealSeries
{
    /// <summary>Monthly Mauna Loa CO2 1959–1997 (R datasets), shipped with the forecasting sample.</summary>
    public static double[] Co2() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "Rtu.Forecasting", "data", "co2.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// UK petrol price (real, monthly, 1969–1984; R datasets: Seatbelts[, "PetrolPrice"]), kept with the sample's second
    /// held-out set: a price with steps, the largest the 1973 oil shock (rows 59–61, +30 % in three months).
    /// </summary>
    public static double[] PetrolPrice() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "Rtu.Forecasting", "heldout2", "data", "Seatbelts_PetrolPrice.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// Quarterly earnings per Johnson &amp; Johnson share, 1960–1980 (R datasets: JohnsonJohnson): a short series whose
    /// level and seasonal swing grow twenty-fold, so its forecast errors grow with it.
    /// </summary>
    public static readonly double[] JohnsonJohnson =
    [
        0.71, 0.63, 0.85, 0.44, 0.61, 0.69, 0.92, 0.55, 0.72, 0.77, 0.92, 0.6, 0.83, 0.8, 1, 0.77, 0.92, 1, 1.24, 1, 1.16, 1.3,
        1.45, 1.25, 1.26, 1.38, 1.86, 1.56, 1.53, 1.59, 1.83, 1.86, 1.53, 2.07, 2.34, 2.25, 2.16, 2.43, 2.7, 2.25, 2.79, 3.42,
        3.69, 3.6, 3.6, 4.32, 4.32, 4.05, 4.86, 5.04, 5.04, 4.41, 5.58, 5.85, 6.57, 5.31, 6.03, 6.39, 6.93, 5.85, 6.93, 7.74,
        7.83, 6.12, 7.74, 8.91, 8.28, 6.84, 9.54, 10.26, 9.54, 8.73, 11.88, 12.06, 12.15, 8.91, 14.04, 12.96, 14.85, 9.99,
        16.2, 14.67, 16.02, 11.61,
    ];

    /// <summary>
    /// Australian residents (thousands), quarterly 1971–1993 (R datasets: austres): a smooth trend of about 60 a quarter,
    /// whose range grows with every value while its changes stay small.
    /// </summary>
    public static readonly double[] Austres =
    [
        13067.3, 13130.5, 13198.4, 13254.2, 13303.7, 13353.9, 13409.3, 13459.2, 13504.5, 13552.6, 13614.3, 13669.5, 13722.6, 13772.1, 13832, 13862.6,
        13893, 13926.8, 13968.9, 14004.7, 14033.1, 14066, 14110.1, 14155.6, 14192.2, 14231.7, 14281.5, 14330.3, 14359.3, 14396.6, 14430.8, 14478.4,
        14515.7, 14554.9, 14602.5, 14646.4, 14695.4, 14746.6, 14807.4, 14874.4, 14923.3, 14988.7, 15054.1, 15121.7, 15184.2, 15239.3, 15288.9, 15346.2,
        15393.5, 15439, 15483.5, 15531.5, 15579.4, 15628.5, 15677.3, 15736.7, 15788.3, 15839.7, 15900.6, 15961.5, 16018.3, 16076.9, 16139, 16203,
        16263.3, 16327.9, 16398.9, 16478.3, 16538.2, 16621.6, 16697, 16777.2, 16833.1, 16891.6, 16956.8, 17026.3, 17085.4, 17106.9, 17169.4, 17239.4,
        17292, 17354.2, 17414.2, 17447.3, 17482.6, 17526, 17568.7, 17627.1, 17661.5,
    ];

    /// <summary>
    /// Argentina's consumer price index, quarterly 1970–1989 (R AER: ArgentinaCPI), kept with the sample's fourth held-out
    /// set: prices through hyperinflation, 1.01 to 6.6·10⁹, the quarterly growth from 5 % to 560 %.
    /// </summary>
    public static double[] ArgentinaCpi() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "Rtu.Forecasting", "heldout4", "data", "ArgentinaCPI.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The last 600 samples of a seismogram of the 1995 Kobe earthquake (R waveslim: kobe), kept with the sample's fifth
    /// held-out set: an oscillation whose autoregression's lags are nearly collinear (auto.arima: ARIMA(3,0,5)).
    /// </summary>
    public static double[] KobeSeismogram() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "Rtu.Forecasting", "heldout5", "data", "kobe_seismogram_last600.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The values of file <paramref name="file"/> of the forecasting sample's held-out set <paramref name="set"/> (heldout, heldout2, …).</summary>
    public static double[] HeldOut(string set, string file) =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "samples", "Rtu.Forecasting", set, "data", file)).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The folder holding Rtu.MLNet.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Rtu.MLNet.sln) not found above " + AppContext.BaseDirectory);
    }
}
