using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class SinglePrecisionWarningTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private sealed class Reading
    {
        public string Meter { get; set; } = "";
        public float Value { get; set; }
    }

    // A meter that grows by 0.5–1.5 a step from `offset`.
    private static IEnumerable<Reading> Meter(string name, double offset, int n = 200)
    {
        var rng = new Random(3);
        double level = offset;
        for (int t = 0; t < n; t++) { level += 0.5 + rng.NextDouble(); yield return new Reading { Meter = name, Value = (float)level }; }
    }

    private static RtuForecastingOptions Options(string? key = null) => new()
    {
        InputColumnName = "Value", OutputColumnName = "Forecast", SeasonLength = 1, Units = 6, Lags = 3, SeriesKeyColumnName = key,
    };

    [TestMethod]
    public void AMeterReadingBeyondFloatPrecisionIsReported()
    {
        // Near 1e8 a float's step is 8, so a change of about 1 is lost (ML.NET reads numbers as floats; a Double column must be
        // converted to Single first).
        var fitted = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Meter("a", 1e8)));
        var warning = fitted.FitWarnings.SingleOrDefault(w => w.Contains("single precision"));
        Assert.IsNotNull(warning, string.Join("\n", fitted.FitWarnings));
        StringAssert.Contains(warning, "the series");
        StringAssert.Contains(warning, "subtract a reference level");
        // The same readings less their offset: nothing to report.
        Assert.IsEmpty(Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(Meter("a", 0))).FitWarnings);
    }

    [TestMethod]
    public void EachKeyedSeriesIsJudgedOnItsOwn()
    {
        var rows = Meter("big", 1e8).Concat(Meter("small", 1e3)).ToArray();
        var fitted = Ml.Forecasting.ForecastByRtu(Options("Meter")).Fit(Ml.Data.LoadFromEnumerable(rows));
        var warnings = fitted.FitWarnings.Where(w => w.Contains("single precision")).ToArray();
        Assert.HasCount(1, warnings, string.Join("\n", fitted.FitWarnings));
        StringAssert.Contains(warnings[0], "series 'big'");
    }
}
