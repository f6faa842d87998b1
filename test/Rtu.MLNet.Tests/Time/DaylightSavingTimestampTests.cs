using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Local clock times repeat an hour when daylight saving ends: an observation or row at that hour is refused as out of
/// order (as any repeat is), and the message says what it may be and what to give instead (an outside audit of energy
/// load: a streaming engine fed a meter's local times refused the last Sunday of October with no word of daylight
/// saving, and Fit with SortByTimestamp set was told to set it).
/// </summary>
[TestClass]
public sealed class DaylightSavingTimestampTests
{
    private static readonly MLContext Ml = new(seed: 1);

    // Hourly local readings of a meter through the end of daylight saving in Berlin (2020-10-25: 02:00 written twice).
    private static TimedPoint[] LocalHours()
    {
        var start = new DateTime(2020, 10, 20);
        var rows = Enumerable.Range(0, 24 * 8).Select(t => start.AddHours(t)).ToList();
        rows.Insert(rows.IndexOf(new DateTime(2020, 10, 25, 3, 0, 0)), new DateTime(2020, 10, 25, 2, 0, 0));
        return rows.Select((time, t) => new TimedPoint { Sensor = "meter", Time = time, Value = 10 + (float)Math.Sin(t / 3.0), Temperature = 0 }).ToArray();
    }

    private static RtuForecastingOptions Options()
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time"; o.SeriesKeyColumnName = "Sensor"; o.SeasonLength = 24;
        return o;
    }

    [TestMethod]
    public void AStreamAtTheRepeatedHourIsToldOfDaylightSaving()
    {
        var rows = LocalHours();
        int repeat = Array.FindIndex(rows, r => r.Time == new DateTime(2020, 10, 25, 2, 0, 0)) + 1;
        var engine = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(100))).CreateStreamingEngine();
        var forecast = new float[engine.Horizon];
        for (int i = 100; i < repeat; i++) engine.Observe("meter", rows[i].Time, rows[i].Value, [0f], forecast, true);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("meter", rows[repeat].Time, rows[repeat].Value, [0f], forecast, true));
        StringAssert.Contains(e.Message, "out of order");
        StringAssert.Contains(e.Message, "daylight saving");
        StringAssert.Contains(e.Message, "DateTimeOffset");
    }

    [TestMethod]
    public void ARepeatGivenWithItsOffsetSaysNothingOfDaylightSaving()
    {
        // A DateTimeOffset carries its offset: a repeat at 02:00 UTC is no local clock's repeated hour (an outside audit
        // of the API was told of daylight saving for an exact duplicate at 00:00 UTC).
        var rows = LocalHours();
        var engine = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows.Take(100))).CreateStreamingEngine();
        var at = new DateTimeOffset(2020, 10, 25, 2, 0, 0, TimeSpan.Zero);
        var forecast = new float[engine.Horizon];
        engine.Observe("other", at, 1f, [0f], forecast, true);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("other", at, 1f, [0f], forecast, true));
        StringAssert.Contains(e.Message, "out of order");
        Assert.IsFalse(e.Message.Contains("daylight saving"), e.Message);
        // The same as a DateTime (no offset): the hint stays.
        engine.Observe("plain", at.DateTime, 1f, [0f], forecast, true);
        var plain = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("plain", at.DateTime, 1f, [0f], forecast, true));
        StringAssert.Contains(plain.Message, "daylight saving");
    }

    [TestMethod]
    public void FitWithSortByTimestampIsToldOfDaylightSaving()
    {
        var o = Options();
        o.SortByTimestamp = true;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(LocalHours())));
        StringAssert.Contains(e.Message, "daylight saving");
        Assert.IsFalse(e.Message.Contains("set SortByTimestamp"), "sorting cannot help there: " + e.Message);
    }

    [TestMethod]
    public void ARepeatAtNoonSaysNothingOfDaylightSaving()
    {
        var rows = LocalHours().Where(r => r.Time != new DateTime(2020, 10, 25, 2, 0, 0) || r.Value > 1000).ToList();
        rows.Insert(130, rows[129]);   // the same reading twice, at an hour no clock change falls on
        Assert.IsGreaterThan(3, rows[130].Time.Hour);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "out of order");
        Assert.IsFalse(e.Message.Contains("daylight saving"), e.Message);
    }
}
