using Microsoft.ML;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>
/// Invalid options and timestamps are refused with messages that state what is accepted.
/// </summary>
/// <remarks>
/// Found by an outside audit: Horizon 0 was refused as outside [1, 10000] (the learner's range; the library's limit is
/// 1000), SeasonLength −1 as outside [1, 100000] although 0 (decided at Fit) is valid, a huge gap in a stream's timestamps
/// read "a timestamp 1,844,674,407,370,954,752 every 5 steps after", and ExogenousColumnNames ["X", "X"] was accepted.
/// </remarks>
[TestClass]
public sealed class OptionMessageTests
{
    private static MLContext Ml => ReliabilityFixture.Ml;

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    [DataRow(1001)]
    public void AHorizonOutOfRangeNamesTheLibrarysRange(int horizon)
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.Horizon = horizon;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(options));
        Assert.AreEqual("Horizon", e.ParamName);
        StringAssert.Contains(e.Message, $"Horizon must be in [1, {RtuLimits.MaxHorizon}]");
        Assert.IsFalse(e.Message.Contains("10000"), e.Message);

        var state = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Horizon = horizon }));
        Assert.AreEqual("Horizon", state.ParamName);
        StringAssert.Contains(state.Message, $"Horizon must be in [1, {RtuLimits.MaxHorizon}]");
    }

    /// <summary>
    /// An output column named as the key or timestamp column hid it (an audit): EvaluateForecasts by series and time, and
    /// a second Transform, then failed on a "key column of type Vector&lt;Single, 3&gt;". Refused where the options are made.
    /// </summary>
    [TestMethod]
    [DataRow("Sensor", null, false, "OutputColumnName")]
    [DataRow("Time", null, false, "OutputColumnName")]
    [DataRow("Forecast", "Sensor", false, "StateColumnName")]
    [DataRow("Time", null, true, "OutputColumnName")]
    public void AnOutputNamedAsTheKeyOrTimestampColumnIsRefused(string output, string? state, bool intervalNamedAsTime, string param)
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.SeriesKeyColumnName = "Sensor";
        options.TimestampColumnName = intervalNamedAsTime ? "TimeLower80" : "Time";
        options.OutputColumnName = output;
        options.StateColumnName = state;
        options.IncludeIntervals = intervalNamedAsTime;
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(options));
        Assert.AreEqual(param, e.ParamName);
        StringAssert.Contains(e.Message, "would replace the");
        // Other names stay valid, the input's own included (an in-place output, as ML.NET's transforms allow).
        options.OutputColumnName = "Value"; options.StateColumnName = null; options.TimestampColumnName = "Time";
        Ml.Forecasting.ForecastByRtu(options);
    }

    [TestMethod]
    public void AStateFeatureOutputNamedAsTheKeyOrTimestampColumnIsRefused()
    {
        // As the forecaster's: an output (the state or the prediction) named as the key or timestamp column would hide it.
        var keyed = new RtuStateFeaturesOptions { Units = 3, SeriesKeyColumnName = "Sensor", TimestampColumnName = "Time" };
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Transforms.RtuStateFeatures("Sensor", "Features", keyed));
        Assert.AreEqual("OutputColumnName", e.ParamName);
        StringAssert.Contains(e.Message, "would replace the series key column");
        var predicting = new RtuStateFeaturesOptions { Units = 3, LabelColumnName = "Label", PredictionColumnName = "Time", TimestampColumnName = "Time" };
        e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Transforms.RtuStateFeatures("State", "Features", predicting));
        Assert.AreEqual("PredictionColumnName", e.ParamName);
        StringAssert.Contains(e.Message, "would replace the timestamp column");
        Ml.Transforms.RtuStateFeatures("State", "Features", keyed);   // other names stay valid
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(100_001)]
    public void ASeasonLengthOutOfRangeNamesZeroAsValid(int season)
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.SeasonLength = season;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(options));
        Assert.AreEqual("SeasonLength", e.ParamName);
        StringAssert.Contains(e.Message, "SeasonLength must be in [0, 100000] (0: decided at Fit");
        // The bounds themselves are accepted.
        foreach (int valid in new[] { 0, 100_000 })
        {
            options.SeasonLength = valid;
            Ml.Forecasting.ForecastByRtu(options);
        }
    }

    [TestMethod]
    public void ARepeatedExogenousColumnIsRefused()
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.ExogenousColumnNames = ["Temperature", "Humidity", "Temperature"];
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(options));
        Assert.AreEqual("ExogenousColumnNames", e.ParamName);
        StringAssert.Contains(e.Message, "'Temperature' appears 2 times");
        // Names differing in case are different ML.NET columns.
        options.ExogenousColumnNames = ["Temperature", "temperature"];
        Ml.Forecasting.ForecastByRtu(options);
        // A model fitted before the check (its options stored with the repeat) still loads.
        options.ExogenousColumnNames = ["Temperature", "Temperature"];
        options.Validate(stored: true);
    }

    // Int64 timestamps every 5 ticks from `start`.
    private static RtuForecastEngine TickEngine(long start, long step)
    {
        var rows = TestData.Series(60, withMissing: false).Select((p, t) => new TickPoint { Tick = start + step * t, Value = p.Value, Temperature = p.Temperature });
        var o = TestData.SmallForecastOptions();
        o.TimestampColumnName = "Tick";
        var fitted = Ml.Forecasting.ForecastByRtu(o).Fit(Ml.Data.LoadFromEnumerable(rows));
        Assert.AreEqual(step, fitted.TimeStep!.FixedTicks);
        return fitted.CreateStreamingEngine();
    }

    [TestMethod]
    public void AHugeGapSaysHowFarTheTimestampIs()
    {
        var engine = TickEngine(1000, 5);   // Fit's last timestamp 1295
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("s", 1295 + 5 * 200_000L, 1f, [0f]));
        StringAssert.Contains(e.Message, $"Stream 's' got timestamp 1001295, {200_000:N0} steps of the series' time step (every 5) after its previous observation's 1295");
        StringAssert.Contains(e.Message, $"more than the {100_000:N0} filled as missing values");
    }

    [TestMethod]
    public void AGapBeyondTheRangeOfALongIsRefusedWithoutOverflow()
    {
        // From a timestamp far below zero to one far above it: to − from overflowed a long and the gap came out negative,
        // so the observation was taken as the next step without a word.
        var engine = TickEngine(long.MinValue / 2, 5);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => engine.Observe("s", long.MaxValue, 1f, [0f]));
        StringAssert.Matches(e.Message, new System.Text.RegularExpressions.Regex(
            @"got timestamp 9223372036854775807, [0-9,.\s]+ steps of the series' time step \(every 5\) after its previous observation's -4611686018427387609"));
        // A step of one tick: more steps than a long holds.
        var ticks = TickEngine(long.MinValue / 2, 1);
        var t = Assert.ThrowsExactly<InvalidOperationException>(() => ticks.Observe("s", long.MaxValue, 1f, [0f]));
        StringAssert.Contains(t.Message, $"more than {long.MaxValue:N0} steps of the series' time step (every 1)");
    }
}
