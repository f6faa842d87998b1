using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class ForecastFeaturesTests
{
    private static RtuForecasterSettings Settings(int lags, int season, bool level, int exogenous, int horizon) => new()
    {
        Learner = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 2 }, Horizon = horizon },
        Lags = lags, SeasonLength = season, IncludeLevel = level, ExogenousCount = exogenous,
    };

    [TestMethod]
    [DataRow(4, 1, true, 0, 1)]
    [DataRow(3, 4, true, 2, 6)]
    [DataRow(0, 7, false, 1, 3)]
    [DataRow(2, 12, true, 0, 14)]
    public void TheRawObservationStandardisedIsTheLearnerInputAndTheSeasonalGuesses(int lags, int season, bool level, int exogenous, int horizon)
    {
        // The three users of the layout (forecaster, ONNX observation builder, exporter) must agree: the raw obs row,
        // standardised as the exported graph does it (ObservationStatistics, clamp, NaN → mean), is exactly the
        // learner's input x_t followed by the seasonal guesses e_h (fed as e_h / h).
        var s = Settings(lags, season, level, exogenous, horizon);
        var f = new ForecastFeatures(s);
        var norm = new RunningNormalizer(f.NormalizerSize, 0, 3);
        Assert.AreEqual(s.InputSize, f.InputSize);
        Assert.AreEqual(f.ObservationSize, f.ObservationNames().Count());
        var rng = new Random(lags * 31 + season);
        float[] exo = new float[exogenous], x = new float[f.InputSize], obs = new float[f.ObservationSize];
        float[] guesses = new float[Math.Max(0, horizon - 1)], mean = new float[f.ObservationSize], scale = new float[f.ObservationSize];
        for (int t = 0; t < 60; t++)
        {
            double y = t % 9 == 4 ? double.NaN : 10 * Math.Sin(t * 0.7) + 3 * rng.NextDouble();
            for (int e = 0; e < exogenous; e++) exo[e] = t % 5 == e ? float.NaN : (float)rng.NextDouble();
            double change = f.Record(y);
            norm.Update(ForecastFeatures.ChangeFeature, change);
            norm.Update(ForecastFeatures.LevelFeature, y);
            for (int e = 0; e < exogenous; e++) norm.Update(ForecastFeatures.ExogenousFeature + e, exo[e]);

            f.WriteInputs(norm, exo, x);
            f.WriteSeasonalGuesses(norm, guesses);
            f.WriteObservation(norm, exo, obs);
            f.ObservationStatistics(norm, mean, scale);
            for (int i = 0; i < obs.Length; i++)
            {
                bool guess = i >= f.InputSize;
                double raw = float.IsFinite(obs[i]) ? obs[i] : mean[i];
                double clip = norm.Clip;
                float graph = (float)Math.Clamp((raw - mean[i]) / scale[i], -clip, clip);
                float expected = guess ? guesses[i - f.InputSize] / (i - f.InputSize + 2) : x[i];
                Assert.AreEqual(expected, graph, 1e-5f * Math.Max(1, Math.Abs(expected)), $"t={t} column {i} ({f.ObservationNames().ElementAt(i)})");
            }
        }
    }

    [TestMethod]
    public void GapsSpreadTheChangeAndTheSeasonalNaiveLooksOneSeasonBack()
    {
        var f = new ForecastFeatures(Settings(2, 3, true, 0, 4));
        Assert.IsTrue(double.IsNaN(f.Record(1)));
        Assert.AreEqual(1.0, f.Record(2));
        Assert.IsTrue(double.IsNaN(f.Record(double.NaN)));
        Assert.AreEqual(1, f.Gap);
        Assert.AreEqual(3.0, f.Record(8), "a change of 6 over two rows is spread as 3 per row");
        Assert.AreEqual(0, f.Gap);
        Assert.AreEqual(8, f.LastValue);
        // Rows 0..3 hold 1, 2, NaN, 8 (m = 3): ŷ_{t+1} = y_{t+1−3} = y_1 = 2, ŷ_{t+2} = y_2 (missing), ŷ_{t+3} = y_3 = 8, ŷ_{t+4} = y_{t+1} again.
        Assert.AreEqual(2, f.SeasonalNaive(1));
        Assert.IsTrue(double.IsNaN(f.SeasonalNaive(2)));
        Assert.AreEqual(8, f.SeasonalNaive(3));
        Assert.AreEqual(2, f.SeasonalNaive(4));
        f.Reset();
        Assert.AreEqual(0, f.Rows);
        Assert.IsTrue(double.IsNaN(f.SeasonalNaive(1)));
    }

    [TestMethod]
    public void HistoryAndStatisticsConvertedToNewUnitsGiveTheSameInputs()
    {
        // A frozen forecaster meeting a change of units multiplies its history and its change and level statistics by
        // the factor: the standardised inputs of values in the new units are then those of the old values.
        const double factor = 1e-5;
        var s = Settings(3, 4, true, 1, 3);
        var old = new ForecastFeatures(s);
        var converted = new ForecastFeatures(s);
        var norm = new RunningNormalizer(old.NormalizerSize, 0, 5);
        for (int t = 0; t < 40; t++)
        {
            double y = t == 17 ? double.NaN : 1e6 + 1e5 * Math.Sin(t * 0.9) + 1e3 * t;
            double change = old.Record(y);
            converted.Record(y);
            norm.Update(ForecastFeatures.ChangeFeature, change);
            norm.Update(ForecastFeatures.LevelFeature, y);
            norm.Update(ForecastFeatures.ExogenousFeature, t % 3);
        }
        var newNorm = norm.Clone();
        converted.Rescale(factor);
        newNorm.Rescale(ForecastFeatures.ChangeFeature, factor);
        newNorm.Rescale(ForecastFeatures.LevelFeature, factor);
        Assert.AreEqual(old.LastValue * factor, converted.LastValue, 1e-12 * Math.Abs(old.LastValue));
        for (int h = 1; h <= 3; h++) Assert.AreEqual(old.SeasonalNaive(h) * factor, converted.SeasonalNaive(h), 1e-12 * Math.Abs(old.SeasonalNaive(h)));
        float[] x = new float[s.InputSize], xConverted = new float[s.InputSize], g = new float[2], gConverted = new float[2];
        old.Record(1.05e6); converted.Record(1.05e6 * factor);
        old.WriteInputs(norm, [1f], x); converted.WriteInputs(newNorm, [1f], xConverted);
        old.WriteSeasonalGuesses(norm, g); converted.WriteSeasonalGuesses(newNorm, gConverted);
        for (int i = 0; i < x.Length; i++) Assert.AreEqual(x[i], xConverted[i], 1e-5f, $"input {i}");
        for (int i = 0; i < g.Length; i++) Assert.AreEqual(g[i], gConverted[i], 1e-5f, $"guess {i + 2}");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => converted.Rescale(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => newNorm.Rescale(0, double.PositiveInfinity));
    }
}
