using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A timed engine's value without a timestamp takes the stream's next regular timestamp; at the end of the calendar
/// (after DateTime.MaxValue, or long.MaxValue for Int64 timestamps) there is none: a clear InvalidOperationException
/// that changes nothing (it was an ArgumentOutOfRangeException from the calendar, or a clock past every date that
/// broke the next dated observation's message; an Int64 clock wrapped to a negative timestamp).
/// </summary>
[TestClass]
public sealed class SeriesClockEndOfTimeTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static RtuForecastEngine Engine(Func<int, DateTime> time)
    {
        var rows = Enumerable.Range(0, 60).Select(t => new TimedPoint { Sensor = "a", Time = time(t), Value = 10 + t % 12, Temperature = 0 });
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time"; o.SeriesKeyColumnName = "Sensor"; o.SeasonLength = 0;
        return Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(rows)).CreateStreamingEngine();
    }

    [TestMethod]
    [DataRow("hourly")]
    [DataRow("monthly")]
    public void AValueWithoutATimestampAfterTheLastDateIsRefusedAndChangesNothing(string step)
    {
        var start = new DateTime(2020, 1, 1);
        var engine = Engine(step == "hourly" ? t => start.AddHours(t) : t => start.AddMonths(t));
        Assert.AreEqual(step, engine.TimeStep!.Name);
        var end = step == "hourly" ? DateTime.MaxValue.AddMinutes(-30) : DateTime.MaxValue.AddDays(-3);
        engine.Observe("z", end, 1f, [0f]);
        float[] before = engine.Forecast("z");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("z", 2f, [0f]));
        StringAssert.Contains(e.Message, "'z'");
        StringAssert.Contains(e.Message, "beyond the last date");
        CollectionAssert.AreEqual(before, engine.Forecast("z"), "the refused value changed nothing");
        // The clock did not move either: a later dated value is refused as out of order, with its own message.
        var later = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("z", DateTime.MaxValue.AddDays(-4), 3f, [0f]));
        StringAssert.Contains(later.Message, "out of order");
    }

    [TestMethod]
    public void AnInt64ClockDoesNotWrapPastLongMaxValue()
    {
        var rows = Enumerable.Range(0, 60).Select(t => new TickPoint { Tick = 10L * t, Value = 10 + t % 12 });
        var o = new RtuForecastingOptions { InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, Units = 4, TimestampColumnName = "Tick", ResetStateOnTransform = true };
        var engine = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(rows)).CreateStreamingEngine();
        engine.Observe("z", long.MaxValue - 5, 1f);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("z", 2f));
        StringAssert.Contains(e.Message, "beyond the last Int64 value");
    }
}
