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

    // A season of an hour on minutes, strong enough that a forecast half a season off the phase misses by its amplitude;
    // periodic, so that what follows a gap depends on where it ends in the season, not on its length (a review: with a
    // noise term the errors after equally valid fills differed by a factor of 3).
    private static float Signal(long minute) => (float)(20 + 8 * Math.Sin(2 * Math.PI * minute / Season) + 2 * Math.Sin(4 * Math.PI * minute / Season));

    private static RtuForecastingTransformer Fit(IEnumerable<long> minutes) =>
        Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions
        {
            InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, Units = 4, Lags = 2,
            TimestampColumnName = "Time", SeasonLength = Season, SecondSeasonLength = 0,
        }).Fit(Ml.Data.LoadFromEnumerable(minutes.Select(t => new MinuteRow { Time = Start.AddMinutes(t), Value = Signal(t) })));

    private static RtuForecastingTransformer Fitted() => Fit(Enumerable.Range(0, 8 * Season).Select(t => (long)t));

    private static long Shortened(long missing) =>
        new SeriesClock(new SeriesTimeStep { Name = "every 1 minute", SeasonLength = Season, FixedTicks = TimeSpan.TicksPerMinute }, true, null, period: Season).ToFill(missing);

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
        var after = Enumerable.Range(0, Season + 1).Select(k => resume + k).ToArray();   // the season after it, where the phase tells

        double engineError = 0;
        foreach (long minute in after)
        {
            float[] forecast = engine.Forecast("s");
            if (minute > resume) engineError += Math.Abs(forecast[0] - Signal(minute));
            engine.Observe("s", Start.AddMinutes(minute), Signal(minute));
        }

        // The same forecaster given every missing value (what a gap within the limit gets), one given a period fewer, and
        // one given a gap half a season off: the shortened gap must forecast as the first two do (on a periodic series
        // the length beyond the memory does not matter), and better than the third.
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
        double full = Replay(resume - fitEnd - 1), offPhase = Replay(Shortened(resume - fitEnd - 1) + Season / 2);
        double periodShorter = Replay(Shortened(resume - fitEnd - 1) - Season);
        Assert.IsTrue(double.IsFinite(engineError) && engineError > 0);
        Assert.AreEqual(full, engineError, 0.01 * full, "the shortened gap forecasts as every step filled");
        Assert.AreEqual(periodShorter, engineError, 0.01 * full, "and as a gap a period shorter still");
        Assert.IsGreaterThan(1.5 * engineError, offPhase, $"half a season off the phase {offPhase:F3} vs shortened {engineError:F3}");
    }

    [TestMethod]
    public void FitTransformAndARestoredEngineShortenALongGapAsTheEngineDoes()
    {
        long fitEnd = 8 * Season - 1, missing = 150_016, shortened = Shortened(missing);
        // Fit across a long gap: the same model as Fit across the shortened one (the same rows after it).
        var longFit = Fit(Enumerable.Range(0, 8 * Season).Select(t => (long)t).Concat(Enumerable.Range(1, 2 * Season).Select(k => fitEnd + missing + k)));
        var shortFit = Fit(Enumerable.Range(0, 8 * Season).Select(t => (long)t).Concat(Enumerable.Range(1, 2 * Season).Select(k => fitEnd + shortened + k)));
        CollectionAssert.AreEqual(shortFit.CreateStreamingEngine().Forecast("s"), longFit.CreateStreamingEngine().Forecast("s"), "Fit fills a long gap shortened");

        // Transform, a fresh engine and an engine restored from a checkpoint, each across the long gap: one forecast.
        var fitted = Fitted();
        var rows = Enumerable.Range(1, Season).Select(k => fitEnd + missing + k).ToArray();
        var transformed = TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(rows.Select(m => new MinuteRow { Time = Start.AddMinutes(m), Value = Signal(m) }))), "Forecast");
        var engine = fitted.CreateStreamingEngine(learn: fitted.Options.LearnDuringTransform);
        var restored = fitted.CreateStreamingEngine(learn: fitted.Options.LearnDuringTransform);
        engine.Observe("s", Start.AddMinutes(fitEnd + 1), Signal(fitEnd + 1));
        using (var checkpoint = new MemoryStream())
        {
            engine.Checkpoint(checkpoint);
            checkpoint.Position = 0;
            restored.Restore(checkpoint);
        }
        var unkeyedTransform = new List<float[]>();
        for (int i = 0; i < rows.Length; i++)
        {
            // The engine's stream has one more row (fitEnd + 1) than Transform's series: compared with the restored engine.
            float[] a = engine.Observe("s", Start.AddMinutes(rows[i]), Signal(rows[i])), b = restored.Observe("s", Start.AddMinutes(rows[i]), Signal(rows[i]));
            CollectionAssert.AreEqual(a, b, $"row {i}: the restored engine shortens the gap as the engine does");
        }
        var fresh = fitted.CreateStreamingEngine(learn: fitted.Options.LearnDuringTransform);
        for (int i = 0; i < rows.Length; i++)
            CollectionAssert.AreEqual(transformed[i], fresh.Observe("s", Start.AddMinutes(rows[i]), Signal(rows[i])), $"row {i}: Transform shortens the gap as an engine does");
        Assert.IsTrue(transformed.SelectMany(f => f).All(float.IsFinite));
    }

    [TestMethod]
    public void MoreThanTenYearsIsStillRefusedWithAdviceThatWorks()
    {
        var fitted = Fitted();
        long fitEnd = 8 * Season - 1;
        var engine = fitted.CreateStreamingEngine();
        engine.Observe("s", Start.AddMinutes(fitEnd + 1), 1f);
        var decade = Start.AddMinutes(fitEnd).AddDays(SeriesClock.MaxIdleDays + 1);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("s", decade, 1f));
        StringAssert.Contains(e.Message, "more than 10 years");
        // A stream of the fitted series starts at Fit's end again after RemoveStream: the message says so (it named
        // RemoveStream, which was refused again).
        StringAssert.Contains(e.Message, "also after RemoveStream");
        StringAssert.Contains(e.Message, "ResetStateOnTransform");
        engine.RemoveStream("s");
        Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("s", decade, 1f));
        var late = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Column(fitted.Transform(Ml.Data.LoadFromEnumerable(new[] { new MinuteRow { Time = decade, Value = 1f } })), "Forecast"));
        StringAssert.Contains(late.Message, "more than 10 years");
    }
}
