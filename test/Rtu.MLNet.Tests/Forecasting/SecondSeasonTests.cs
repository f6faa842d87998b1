using Microsoft.ML;
using Rtu.MLNet;
using Rtu.Onnx.Runtime;

namespace Rtu.MLNet.Tests;

/// <summary>
/// <see cref="RtuForecastingOptions.SecondSeasonLength"/>: null follows the season (also one inferred from the
/// timestamps), 0 turns the second season off, M sets it; it is validated with the season, saved, and shown in the ONNX
/// metadata.
/// </summary>
[TestClass]
public sealed class SecondSeasonTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static TimedPoint[] Hourly(int n) =>
        TestData.Series(n, seed: 5, withMissing: false)
            .Select((p, t) => new TimedPoint { Sensor = "a", Time = new DateTime(2024, 3, 1).AddHours(t), Value = p.Value, Temperature = p.Temperature })
            .ToArray();

    private static RtuForecastingOptions Timed(int? second)
    {
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Time";
        o.SeasonLength = 0;
        o.SecondSeasonLength = second;
        o.ResetStateOnTransform = true;   // Transform replays the fitted rows
        return o;
    }

    [TestMethod]
    public void NullFollowsTheSeasonInferredFromTheTimestampsAndZeroOrMOverrideIt()
    {
        var data = Ml.Data.LoadFromEnumerable(Hourly(400));   // more than a week: the weekly members forecast
        var auto = Ml.Forecasting.ForecastByRtu(Timed(null)).Fit(data);
        Assert.AreEqual(24, auto.Options.SeasonLength);
        Assert.IsNull(auto.Options.SecondSeasonLength);
        Assert.AreEqual(168, auto.GetModel().Pool.SecondSeason, "hourly: a day and a week");
        Assert.AreEqual(0, Ml.Forecasting.ForecastByRtu(Timed(0)).Fit(data).GetModel().Pool.SecondSeason);
        var year = Ml.Forecasting.ForecastByRtu(Timed(8766)).Fit(data);
        Assert.AreEqual(8766, year.GetModel().Pool.SecondSeason);
        Assert.AreEqual(8766, year.Options.SecondSeasonLength);
        // The choice changes the forecasts (the pool's second-season members), so it is not ignored.
        var a = TestData.Column(auto.Transform(data), "Forecast");
        var none = TestData.Column(Ml.Forecasting.ForecastByRtu(Timed(0)).Fit(data).Transform(data), "Forecast");
        Assert.IsTrue(a.Zip(none).Any(p => !p.First.SequenceEqual(p.Second)));
    }

    [TestMethod]
    public void AStepThatDividesADayGivesADailySeasonAndTheWeek()
    {
        // Found in the thirty-second pass: 3-hourly stamps were read as daily (season 7, second season 365, a step of a
        // day, so a missing row was no gap), 15-minute stamps had no season at all.
        TimedPoint[] Every(TimeSpan step, int n) => Hourly(n).Select((p, t) => new TimedPoint { Sensor = p.Sensor, Time = new DateTime(2024, 3, 1) + t * step, Value = p.Value, Temperature = p.Temperature }).ToArray();
        var quarterHours = Ml.Forecasting.ForecastByRtu(Timed(null)).Fit(Ml.Data.LoadFromEnumerable(Every(TimeSpan.FromMinutes(15), 300)));
        Assert.AreEqual((96, 672), (quarterHours.Options.SeasonLength, quarterHours.Options.SecondSeasonLength));
        Assert.AreEqual(672, quarterHours.GetModel().Pool.SecondSeason);
        var threeHours = Ml.Forecasting.ForecastByRtu(Timed(null)).Fit(Ml.Data.LoadFromEnumerable(Every(TimeSpan.FromHours(3), 120)));
        Assert.AreEqual((8, 56), (threeHours.Options.SeasonLength, threeHours.Options.SecondSeasonLength));
        // An explicit second season (0: none) wins over the week.
        var none = Ml.Forecasting.ForecastByRtu(Timed(0)).Fit(Ml.Data.LoadFromEnumerable(Every(TimeSpan.FromHours(3), 120)));
        Assert.AreEqual((8, 0), (none.Options.SeasonLength, none.GetModel().Pool.SecondSeason));
    }

    [TestMethod]
    public void ASecondSeasonNotLongerThanTheSeasonIsRefusedWithAClearMessage()
    {
        var o = TestData.SmallForecastOptions();   // season 12
        foreach (int bad in new[] { 12, 5, -1, 100_001 })
        {
            o.SecondSeasonLength = bad;
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(o));
            Assert.AreEqual(nameof(RtuForecastingOptions.SecondSeasonLength), e.ParamName);
            StringAssert.Contains(e.Message, "SecondSeasonLength");
        }
        // With the season to infer, an explicit one is checked against the inferred season at Fit.
        var fit = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(Timed(20)).Fit(Ml.Data.LoadFromEnumerable(Hourly(60))));
        StringAssert.Contains(fit.Message, "inferred from the timestamps");
        StringAssert.Contains(fit.Message, "24");
    }

    [TestMethod]
    public void TheSecondSeasonIsSavedAndShownInTheOnnxMetadata()
    {
        var o = TestData.SmallForecastOptions();
        o.SecondSeasonLength = 52;
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(150));
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(data);
        var expected = TestData.Column(fitted.Transform(data), "Forecast");
        using var ms = new MemoryStream();
        RtuModel.Save(Ml, fitted, data.Schema, ms);
        ms.Position = 0;
        var loaded = (RtuForecastingTransformer)RtuModel.Load(Ml, ms, out _);
        Assert.AreEqual(52, loaded.Options.SecondSeasonLength);
        Assert.AreEqual(52, loaded.GetModel().Pool.SecondSeason);
        TestData.AssertSame(expected, TestData.Column(loaded.Transform(data), "Forecast"));

        string path = Path.Combine(Path.GetTempPath(), $"rtu-mlnet-second-season-{Guid.NewGuid():N}.onnx");
        try
        {
            fitted.ExportToOnnx(path);
            using var runner = new OnnxRecurrentRunner(path, 1, new OnnxRunnerOptions { PreferCuda = false });
            Assert.AreEqual("12", runner.Metadata["rtu_mlnet.season_length"]);
            Assert.AreEqual("52", runner.Metadata["rtu_mlnet.second_season_length"]);
        }
        finally { File.Delete(path); }
    }
}
