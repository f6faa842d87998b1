using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>
/// A dated series idle for more than <see cref="SeriesClock.MaxGap"/> steps (100,000: 69 days of minutes) resumes: the
/// gap is filled shortened by whole periods of the forecaster's seasons (<see cref="SeriesClock.ToFill"/>), so the next
/// value falls at its position in the seasons. An outside audit's model fitted on minutes refused every stream observed
/// 70 days after Fit. Beyond ten years, and for Int64 timestamps, such a gap is still refused as a likely wrong timestamp.
/// </summary>
[TestClass]
public sealed class LongIdleGapTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly DateTime Start = new(2025, 1, 6);
    private const int Season = 60;

    private sealed class MinuteRow
    {
        public DateTime Time { get; set; }
        public float Value { get; set; }
    }

    // A season of an hour on minutes, strong enough that a forecast one half-season off the phase misses by its amplitude.
    private static float Signal(long minute) => (float)(20 + 8 * Math.Sin(2 * Math.PI * minute / Season) + 0.2 * Math.Cos(minute * 1.7));

    private static RtuForecastingTransformer Fitted() =>
        Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions
        {
            InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, Units = 4, Lags = 2,
            TimestampColumnName = "Time", SeasonLength = Season, SecondSeasonLength = 0,
        }).Fit(Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8 * Season).Select(t => new MinuteRow { Time = Start.AddMinutes(t), Value = Signal(t) })));

    [TestMethod]
    public void ThePeriodIsTheSeasonsLeastCommonMultipleWhileAShortenedGapStaysBeyondIt()
    {
        Assert.AreEqual(168, SeriesClock.SeasonsPeriod(24, 168));
        Assert.AreEqual(10_080, SeriesClock.SeasonsPeriod(1440, 10_080));
        Assert.AreEqual(2_555, SeriesClock.SeasonsPeriod(7, 365));
        Assert.AreEqual(1, SeriesClock.SeasonsPeriod(1, 0));
        Assert.AreEqual(60, SeriesClock.SeasonsPeriod(60, 0));
        Assert.AreEqual(0, SeriesClock.SeasonsPeriod(5_760, 40_321), "an lcm in the billions: no shortening");
        Assert.AreEqual(0, SeriesClock.SeasonsPeriod(1, 50_000), "a period too long to stay beyond the memory once shortened");

        var step = new SeriesTimeStep { Name = "every 1 minute", SeasonLength = 1440, FixedTicks = TimeSpan.TicksPerMinute };
        var clock = new SeriesClock(step, areDates: true, last: null, period: 10_080);
        Assert.AreEqual(99_999, clock.ToFill(99_999), "up to the limit every missing value is filled");
        foreach (long missing in new long[] { 100_000, 100_799, 150_016, 1_000_000, 5_000_000 })
        {
            long fill = clock.ToFill(missing);
            Assert.AreEqual(missing % 10_080, fill % 10_080, $"{missing}: the same position of the seasons");
            Assert.IsTrue(fill < SeriesClock.MaxGap && fill > SeriesClock.MaxGap / 2, $"{missing} → {fill}");
        }
        Assert.AreEqual(123_456, new SeriesClock(step, true, null).ToFill(123_456), "no period: nothing shortened (such a gap is refused)");
    }

    [TestMethod]
    public void AStreamIdleForMonthsResumesAtItsPositionInTheSeason()
    {
        var fitted = Fitted();
        var engine = fitted.CreateStreamingEngine();
        long fitEnd = 8 * Season - 1;
        long resume = fitEnd + 150_017;   // 104 days of minutes later, at position 17 of the hour past where a whole number of hours would end
        var after = Enumerable.Range(0, 3 * Season).Select(k => resume + k).ToArray();

        double engineError = 0;
        foreach (long minute in after)
        {
            float[] forecast = engine.Forecast("s");
            if (minute > resume) engineError += Math.Abs(forecast[0] - Signal(minute));
            engine.Observe("s", Start.AddMinutes(minute), Signal(minute));
        }

        // The same forecaster given every missing value (what a gap within the limit gets), and one given a gap half a
        // season off: the shortened gap must forecast as the first does, and far better than the second.
        double Replay(long filled)
        {
            var f = fitted.Model.Clone();
            for (long g = 0; g < filled; g++) f.Observe(double.NaN, default, engine.Learn, default, default);
            double error = 0;
            var forecast = new float[f.Horizon];
            foreach (long minute in after)
            {
                if (minute > resume) error += Math.Abs(forecast[0] - Signal(minute));
                f.Observe(Signal(minute), default, engine.Learn, forecast, default);
            }
            return error;
        }
        double full = Replay(resume - fitEnd - 1), offPhase = Replay(new SeriesClock(fitted.TimeStep!, true, null, period: Season).ToFill(resume - fitEnd - 1) + Season / 2);
        Assert.IsTrue(double.IsFinite(engineError));
        Assert.IsLessThan(1.10 * full + 1e-3 * after.Length, engineError, $"shortened {engineError:F2} vs every step filled {full:F2}");
        Assert.IsGreaterThan(2 * engineError, offPhase, $"half a season off the phase {offPhase:F2} vs shortened {engineError:F2}");
    }

    [TestMethod]
    public void ATransformReadsARowMonthsAfterTheLastAndMoreThanTenYearsIsStillRefused()
    {
        var fitted = Fitted();
        long fitEnd = 8 * Season - 1;
        var rows = new[] { fitEnd + 200_000, fitEnd + 200_001 }.Select(m => new MinuteRow { Time = Start.AddMinutes(m), Value = Signal(m) });
        var forecasts = TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(rows)), "Forecast");
        Assert.AreEqual(2, forecasts.Count);
        Assert.IsTrue(forecasts.SelectMany(f => f).All(float.IsFinite));

        var engine = fitted.CreateStreamingEngine();
        var decade = Start.AddMinutes(fitEnd).AddDays(SeriesClock.MaxIdleDays + 1);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("s", decade, 1f));
        StringAssert.Contains(e.Message, "more than 10 years");
        StringAssert.Contains(e.Message, "ResetStateOnTransform", "a stream continuing from Fit's end is told how to start afresh");
        var late = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(new[] { new MinuteRow { Time = decade, Value = 1f } })), "Forecast"));
        StringAssert.Contains(late.Message, "more than 10 years");
    }
}
