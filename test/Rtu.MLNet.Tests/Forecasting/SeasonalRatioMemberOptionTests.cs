using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// <see cref="RtuForecastingOptions.SeasonalRatioMember"/>: off by default, reaches the forecaster's settings (and so the
/// pool) when on, changes the forecasts of a seasonal series, and survives a save → load (it is kept in the model's settings).
/// </summary>
[TestClass]
public sealed class SeasonalRatioMemberOptionTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static RtuForecastingOptions Options(bool on)
    {
        var o = TestData.SmallForecastOptions();   // season 12
        o.SeasonalRatioMember = on;
        o.ResetStateOnTransform = true;   // Transform replays the fitted rows
        return o;
    }

    [TestMethod]
    public void TheOptionIsOffByDefaultAndReachesTheModel()
    {
        Assert.IsFalse(new RtuForecastingOptions().SeasonalRatioMember);
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(200));
        var off = Ml.Forecasting.ForecastByRtu(Options(false)).Fit(data);
        var on = Ml.Forecasting.ForecastByRtu(Options(true)).Fit(data);
        Assert.IsFalse(off.GetModel().Settings.SeasonalRatioMember);
        Assert.IsTrue(on.GetModel().Settings.SeasonalRatioMember);
        Assert.IsTrue(on.Options.SeasonalRatioMember);
        // The member joins the pool's combination, so the forecasts of a seasonal series differ.
        var a = TestData.Column(off.Transform(data), "Forecast");
        var b = TestData.Column(on.Transform(data), "Forecast");
        Assert.IsTrue(a.Zip(b).Any(p => !p.First.SequenceEqual(p.Second)));
    }

    [TestMethod]
    public void ASavedAndLoadedModelKeepsTheOptionAndItsForecasts()
    {
        foreach (bool flag in new[] { true, false })
        {
            var data = Ml.Data.LoadFromEnumerable(TestData.Series(150));
            var fitted = Ml.Forecasting.ForecastByRtu(Options(flag)).Fit(data);
            var expected = TestData.Column(fitted.Transform(data), "Forecast");
            using var ms = new MemoryStream();
            RtuModel.Save(Ml, fitted, data.Schema, ms);
            ms.Position = 0;
            var loaded = (RtuForecastingTransformer)RtuModel.Load(Ml, ms, out _);
            Assert.AreEqual(flag, loaded.Options.SeasonalRatioMember);
            Assert.AreEqual(flag, loaded.GetModel().Settings.SeasonalRatioMember);
            TestData.AssertSame(expected, TestData.Column(loaded.Transform(data), "Forecast"));
        }
    }
}
