using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The ES-RNN-style member's layout (<see cref="SeasonalRatioFeatures"/>) and the member in the pool.</summary>
[TestClass]
public sealed class SeasonalRatioFeaturesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void MultiplicativeRatiosAreTheValuesOverTheLevelAndTheirSeason()
    {
        // y, the seasonal state it was forecast with, the level after its update.
        double[] y = [110, 80, 130, 95, 120], s = [1.1, 0.8, 1.25, 0.9, 1.12], l = [100, 100.5, 102, 103, 104];
        var f = new SeasonalRatioFeatures();
        for (int t = 0; t < y.Length; t++)
        {
            Assert.IsTrue(f.Record(y[t], s[t], l[t], multiplicative: true, out double ratio));
            // r_t = log(y_t / (ℓ_{t−1}·s_t)); none for the first value.
            if (t == 0) Assert.IsTrue(double.IsNaN(ratio));
            else Assert.AreEqual(Math.Log(y[t] / (l[t - 1] * s[t])), ratio, 1e-12, $"t={t}");
        }
        Assert.IsTrue(f.Multiplicative);
        Assert.AreEqual(Math.Log(104), f.Level, 1e-12);
        // The window: log(y_{t−k} / (ℓ_t·s_{t−k})), k = 0..3, normalised by the level of the last row.
        for (int k = 0; k < SeasonalRatioFeatures.Lags; k++)
            Assert.AreEqual(Math.Log(y[4 - k] / (l[4] * s[4 - k])), f.Deviation(k), 1e-12, $"k={k}");
        // The inputs are those deviations standardised (a fresh normaliser: mean 0, scale 1).
        var inputs = new float[SeasonalRatioFeatures.InputSize];
        f.WriteInputs(new RunningNormalizer(SeasonalRatioFeatures.NormalizerSize, 0, 5), inputs);
        for (int k = 0; k < inputs.Length; k++) Assert.AreEqual((float)f.Deviation(k), inputs[k], $"input {k}");
        // Forecast: a ratio applied to the level and the target's seasonal state.
        Assert.AreEqual(104 * 0.95 * Math.Exp(0.02), f.Forecast(0.02, 0.95), 1e-9);
        // h > 1: the ratio refers to the level the smoothing expects h − 1 steps on.
        Assert.AreEqual(107 * 0.95 * Math.Exp(0.02), f.Forecast(0.02, 0.95, level: 107), 1e-9);
    }

    [TestMethod]
    public void AdditiveRatiosAreDifferencesAndAChangeOfTransformRestarts()
    {
        var f = new SeasonalRatioFeatures();
        Assert.IsTrue(f.Record(-3, 2, -4.5, multiplicative: false, out double first));
        Assert.IsTrue(double.IsNaN(first));
        Assert.IsTrue(f.Record(1, -1.5, -4, multiplicative: false, out double ratio));
        Assert.AreEqual(1 - (-1.5) - (-4.5), ratio, 1e-12, "y − s − ℓ_{t−1}");
        Assert.AreEqual(1 - (-1.5) - (-4), f.Deviation(0), 1e-12);
        Assert.AreEqual(-3 - 2 - (-4), f.Deviation(1), 1e-12);
        Assert.IsTrue(double.IsNaN(f.Deviation(2)), "not seen yet");
        Assert.AreEqual(-4 + 0.5 + 1, f.Forecast(0.5, 1), 1e-12);
        Assert.AreEqual(-3 + 0.5 + 1, f.Forecast(0.5, 1, level: -3), 1e-12);
        // Multiplicative from here: the window restarts; a value g cannot take is not recorded.
        Assert.IsFalse(f.Record(-1, 1, 5, multiplicative: true, out _));
        Assert.AreEqual(0, f.Count);
        Assert.IsTrue(f.Record(6, 1.2, 5, multiplicative: true, out double restarted));
        Assert.IsTrue(double.IsNaN(restarted));
        Assert.AreEqual(1, f.Count);
    }

    [TestMethod]
    public void ALevelShiftMovesTheWindowAndTheLevel()
    {
        var f = new SeasonalRatioFeatures();
        f.Record(100, 1, 100, true, out _);
        f.Record(110, 1.1, 101, true, out _);
        double before = f.Deviation(1);
        f.Shift(Math.Log(2));
        Assert.AreEqual(before, f.Deviation(1), 1e-12, "deviations from the level are unchanged");
        Assert.AreEqual(Math.Log(202), f.Level, 1e-12);
        f.Shift(double.NaN);
        Assert.AreEqual(0, f.Count, "an undefined shift restarts the window");
    }

    [TestMethod]
    public void TheMemberIsWeightedOnARealSeasonalSeriesAndAPoolCopyContinuesBitForBit()
    {
        // Monthly CO2, horizon 3: the member forecasts every horizon once the season is initialised, the pool gives it
        // weight, and a saved-and-loaded forecaster (pool layout 6, the member's learner and window included) continues
        // bit for bit.
        var y = RealSeries.Co2();
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, SeasonalRatioMember = true, Learner = new RtuLearnerSettings { Horizon = 3 } });
        int ratio = ForecastPool.MemberNames.ToList().IndexOf("seasonal-ratio RTU");
        Assert.AreEqual(ForecastPool.MemberNames.Count - 1, ForecastPool.MemberNames.ToList().IndexOf("RTU"), "the RTU stays last");
        Assert.IsGreaterThanOrEqualTo(0, ratio);
        var a = new float[3]; var b = new float[3];
        double weight = 0;
        for (int t = 0; t < 300; t++)
        {
            f.Observe(y[t], default, true, a, default);
            if (t >= 100) weight += f.Pool.Weight(1, ratio) / 200;
        }
        TestContext.WriteLine($"co2: the seasonal-ratio RTU's mean one-step weight over rows 100-299 {weight:F3}; recent MSE h=1..3 {f.Pool.RecentSquaredError(1, ratio):F4} {f.Pool.RecentSquaredError(2, ratio):F4} {f.Pool.RecentSquaredError(3, ratio):F4}");
        for (int h = 1; h <= 3; h++) Assert.IsGreaterThan(0.0, f.Pool.RecentSquaredError(h, ratio), $"scored at h={h}");
        Assert.IsGreaterThan(0.01, weight);
        var copy = f.Clone();
        for (int t = 300; t < 360; t++)
        {
            f.Observe(y[t], default, true, a, default);
            copy.Observe(y[t], default, true, b, default);
            CollectionAssert.AreEqual(a, b, $"t={t}");
        }
    }
}
