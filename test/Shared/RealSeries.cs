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

    /// <summary>The folder holding Rtu.MLNet.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Rtu.MLNet.sln) not found above " + AppContext.BaseDirectory);
    }
}
