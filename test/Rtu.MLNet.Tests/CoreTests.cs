using Rtu.MLNet.Core;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class CoreTests
{
    [TestMethod]
    public void AnUntrainedForecasterIsTheNaiveForecastWithDrift()
    {
        // y = 2t + 5: every change is 2, so the drift forecast ŷ(t+h) = y(t) + 2h is exact and nothing needs learning.
        var f = new RtuForecaster(new RtuForecasterSettings { Learner = new RtuLearnerSettings { Units = 4, Horizon = 3 }, SeasonLength = 4 });
        var forecast = new float[3];
        for (int t = 0; t < 50; t++)
        {
            f.Observe(2 * t + 5, default, learn: true, forecast, default);
            if (t == 0) continue;
            for (int h = 1; h <= 3; h++) Assert.AreEqual(2 * t + 5 + 2 * h, forecast[h - 1], 1e-3, $"t={t} h={h}");
        }
    }

    [TestMethod]
    public void OutliersAndMissingValuesNeverMakeTheModelNaN()
    {
        var f = new RtuForecaster(new RtuForecasterSettings { Learner = new RtuLearnerSettings { Units = 4, Horizon = 2, LearningRate = 0.05 }, SeasonLength = 7 });
        var forecast = new float[2];
        var rng = new Random(5);
        for (int t = 0; t < 2000; t++)
        {
            double y = Math.Sin(t * 0.2) + (t % 97 == 0 ? 1e30 : 0) + (t % 89 == 0 ? -1e25 : 0);
            if (t % 13 == 0) y = double.NaN;
            if (t % 211 == 0) y = double.PositiveInfinity;  // treated as missing
            f.Observe(y, default, learn: true, forecast, default);
            if (t > 0) Assert.IsTrue(forecast.All(float.IsFinite), $"t={t}");
        }
        Assert.IsFalse(f.Learner.Layer.Parameters.HasNonFiniteValues());
        Assert.IsFalse(f.Learner.Head.HasNonFiniteValues());
        Assert.IsFalse(f.Learner.HorizonHeads!.HasNonFiniteValues());
    }

    [TestMethod]
    public void RunningNormalizerMatchesExactStatisticsAndImputesMissing()
    {
        var n = new RunningNormalizer(1, 0, 100);
        double[] xs = [1, 2, double.NaN, 4, 8];
        foreach (double x in xs) n.Update(0, x);
        double mean = 15 / 4.0, variance = new[] { 1.0, 2, 4, 8 }.Sum(x => (x - mean) * (x - mean)) / 4;
        Assert.AreEqual(mean, n.Mean(0), 1e-12);
        Assert.AreEqual(Math.Sqrt(variance), n.Scale(0), 1e-12);
        Assert.AreEqual(4, n.Counts[0]);
        Assert.AreEqual(0f, n.Normalize(0, double.NaN));
        Assert.AreEqual((float)((8 - mean) / Math.Sqrt(variance)), n.Normalize(0, 8), 1e-6f);
    }

    [TestMethod]
    public void LearnerCloneContinuesBitForBitAndBadSettingsNameTheOption()
    {
        var a = new OnlineRtuLearner(3, new RtuLearnerSettings { Units = 3, Horizon = 2, Gamma = 0.7 });
        var rng = new Random(2);
        float[] x = new float[3], oa = new float[2], ob = new float[2];
        for (int t = 0; t < 40; t++) { for (int i = 0; i < 3; i++) x[i] = (float)rng.NextDouble(); a.Step(x, rng.NextDouble(), true, default, oa); }
        var b = a.Clone();
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < 3; i++) x[i] = (float)rng.NextDouble();
            double c = t % 7 == 0 ? double.NaN : rng.NextDouble();
            a.Step(x, c, true, default, oa);
            b.Step(x, c, true, default, ob);
            CollectionAssert.AreEqual(oa, ob, $"t={t}");
        }
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnlineRtuLearner(3, new RtuLearnerSettings { Gamma = 1 }));
        Assert.AreEqual("Gamma", e.ParamName);
    }
}
