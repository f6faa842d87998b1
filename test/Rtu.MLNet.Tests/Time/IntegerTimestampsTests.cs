using System.Globalization;
using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Int64 timestamps are plain numbers; dates written as integers and Unix times are named in a Fit warning with the
/// conversion that gives them a calendar (<see cref="IntegerTimestamps"/>).
/// </summary>
[TestClass]
public sealed class IntegerTimestampsTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static string? KindOf(IEnumerable<long> values)
    {
        var t = new IntegerTimestamps();
        foreach (long v in values) t.Add(v);
        return t.Kind;
    }

    private static long YearMonthDay(DateTime d) => long.Parse(d.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    [TestMethod]
    public void DatesWrittenAsIntegersAndUnixTimesAreRecognisedAndNumbersAreNot()
    {
        var days = Enumerable.Range(0, 90).Select(i => new DateTime(2015, 1, 1).AddDays(i)).ToArray();
        Assert.AreEqual("yyyyMMdd dates", KindOf(days.Select(YearMonthDay)));
        Assert.AreEqual("yyyyMM months", KindOf(Enumerable.Range(0, 36).Select(i => long.Parse(new DateTime(2015, 1, 1).AddMonths(i).ToString("yyyyMM", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))));
        long start = 1_420_070_400;   // 2015-01-01T00:00:00Z
        Assert.AreEqual("Unix seconds", KindOf(Enumerable.Range(0, 72).Select(i => start + 3600L * i)));
        Assert.AreEqual("Unix milliseconds", KindOf(Enumerable.Range(0, 72).Select(i => (start + 3600L * i) * 1000)));
        Assert.IsNull(KindOf(Enumerable.Range(0, 500).Select(i => (long)i)), "a row index");
        Assert.IsNull(KindOf(Enumerable.Range(1990, 30).Select(i => (long)i)), "years: yearly steps of 1 are right as numbers");
        Assert.IsNull(KindOf([20150101]), "one value tells nothing");
        Assert.IsNull(KindOf([.. days.Select(YearMonthDay), 20150132]), "a day 32 is no date");
        Assert.IsNull(KindOf([.. days.Select(YearMonthDay), 20150229]), "nor is 29 February 2015");
    }

    [TestMethod]
    public void FitWarnsOfYearMonthDayIntegersAndNamesTheConversion()
    {
        // As numbers, 20150131 → 20150201 is 70 steps: Fit fills 69 missing values at every month's end.
        var rows = TestData.Series(90, withMissing: false)
            .Select((p, i) => new TickPoint { Tick = YearMonthDay(new DateTime(2015, 1, 1).AddDays(i)), Value = p.Value, Temperature = p.Temperature }).ToArray();
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Tick";
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(rows));
        Assert.AreEqual(70, fitted.TimeStep!.StepsBetween(20150131, 20150201), "what the warning is about");
        var warning = fitted.FitWarnings.SingleOrDefault(w => w.Contains("'Tick'"));
        Assert.IsNotNull(warning, string.Join("\n", fitted.FitWarnings));
        StringAssert.Contains(warning, "yyyyMMdd dates (from 20150101)");
        StringAssert.Contains(warning, "DateTime.ParseExact");
        StringAssert.Contains(warning, "SeasonLength");

        // A plain index gives none.
        var index = rows.Select((r, i) => new TickPoint { Tick = 1000 + i, Value = r.Value, Temperature = r.Temperature }).ToArray();
        var plain = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(index));
        Assert.IsFalse(plain.FitWarnings.Any(w => w.Contains("'Tick'")), string.Join("\n", plain.FitWarnings));
    }

    [TestMethod]
    public void FitWarnsOfUnixSecondsAndNamesTheConversion()
    {
        long start = 1_420_070_400;
        var rows = TestData.Series(72, withMissing: false)
            .Select((p, i) => new TickPoint { Tick = start + 3600L * i, Value = p.Value, Temperature = p.Temperature }).ToArray();
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Tick";
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(rows));
        var warning = fitted.FitWarnings.Single(w => w.Contains("'Tick'"));
        StringAssert.Contains(warning, "Unix seconds");
        StringAssert.Contains(warning, "step by 3600");
        StringAssert.Contains(warning, "DateTime.UnixEpoch.AddSeconds(t)");
    }
}
