using Rtu.Trainers.Online;
using Rtu.Tests.Shared;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class OnlineModelTests
{
    [TestMethod]
    public void AnUntrainedForecasterIsTheNaiveForecastWithDrift()
    {
        // y = 2t + 5: every change is 2, so the drift forecast ŷ(t+h) = y(t) + 2h is exact and nothing needs learning.
        // The RTU member is exactly that; the pool's final forecast gets there once its trend members have learned.
        var f = new RtuForecaster(new RtuForecasterSettings { Learner = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Horizon = 3 }, SeasonLength = 4 });
        var forecast = new float[3];
        var final = new float[3];
        for (int t = 0; t < 50; t++)
        {
            f.Observe(2 * t + 5, default, learn: true, final, default);
            f.WriteModelForecast(forecast);
            if (t == 0) continue;
            for (int h = 1; h <= 3; h++) Assert.AreEqual(2 * t + 5 + 2 * h, forecast[h - 1], 1e-3, $"t={t} h={h}");
            if (t >= 40) for (int h = 1; h <= 3; h++) Assert.AreEqual(2 * t + 5 + 2 * h, final[h - 1], 0.05, $"pool: t={t} h={h}");
        }
    }

    [TestMethod]
    public void SeasonalNaiveCombinationHelpsAStrongSeasonAndLeavesOtherSeriesAlone()
    {
        // A short series dominated by a fixed seasonal pattern (m = 12) plus noise: the RTU learns the season slowly
        // from scratch, the seasonal naive is nearly right from the second season on.
        var rng = new Random(3);
        double[] pattern = Enumerable.Range(0, 12).Select(_ => 10 * (rng.NextDouble() - 0.5)).ToArray();
        double[] y = Enumerable.Range(0, 120).Select(t => 50 + pattern[t % 12] + 0.3 * (rng.NextDouble() - 0.5)).ToArray();
        RtuForecasterSettings Settings(int m, bool combine) => new()
        {
            Learner = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Horizon = 3 }, SeasonLength = m, CombineWithSeasonalNaive = combine,
        };
        (double mae, RtuForecaster f, List<float[]> all) Run(double[] series, RtuForecasterSettings settings)
        {
            var f = new RtuForecaster(settings);
            var made = new List<float[]>();
            double err = 0; int count = 0;
            for (int t = 0; t < series.Length; t++)
            {
                if (t >= 60 && t > 3) { err += Math.Abs(series[t] - made[t - 3][2]); count++; }  // the 3-step forecast made at t − 3
                var forecast = new float[3];
                f.Observe(series[t], default, learn: true, default, default);
                f.WriteModelForecast(forecast);   // the RTU member, where the seasonal-naive combination acts
                made.Add(forecast);
            }
            return (err / count, f, made);
        }

        var (withMae, with, _) = Run(y, Settings(12, combine: true));
        var (withoutMae, without, _) = Run(y, Settings(12, combine: false));
        TestContext.WriteLine($"3-step MAE over the second half: {withMae:F3} with the combination, {withoutMae:F3} without; β = {string.Join(", ", with.SeasonalNaiveWeights.Select(b => b.ToString("F2")))}");
        Assert.IsTrue(with.SeasonalNaiveWeights.All(b => b is > 0.3 and <= 1), "the seasonal naive clearly helped, so every horizon leans on it");
        Assert.IsTrue(without.SeasonalNaiveWeights.All(b => b == 0), "off: no weight");
        Assert.IsLessThan(0.7 * withoutMae, withMae, "the combination cuts the 3-step error of a short strongly seasonal series");

        // A random walk has no season to borrow: β stays 0 and the forecasts are those without the combination.
        double level = 0;
        double[] walk = Enumerable.Range(0, 300).Select(_ => level += rng.NextDouble() - 0.5).ToArray();
        var (_, walkWith, walkForecasts) = Run(walk, Settings(12, combine: true));
        var (_, _, walkForecastsOff) = Run(walk, Settings(12, combine: false));
        double moved = Enumerable.Range(1, walk.Length - 1).Average(t => Math.Abs(walkForecasts[t][0] - walkForecastsOff[t][0]));
        TestContext.WriteLine($"random walk: β = {string.Join(", ", walkWith.SeasonalNaiveWeights.Select(b => b.ToString("F2")))}, mean |change| of the 1-step forecast {moved:E2}");
        Assert.IsTrue(walkWith.SeasonalNaiveWeights.All(b => b < 0.1), "no season: (almost) no weight");
        Assert.IsLessThan(0.02, moved, "a random walk's forecasts barely move (steps are ~0.29 apart)");
        // Without a season (m = 1) the setting changes nothing, bit for bit.
        var (_, _, plainOn) = Run(y, Settings(1, combine: true));
        var (_, _, plainOff) = Run(y, Settings(1, combine: false));
        for (int t = 0; t < y.Length; t++) CollectionAssert.AreEqual(plainOff[t], plainOn[t], $"t={t}");
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void OutliersAndMissingValuesNeverMakeTheModelNaN()
    {
        var f = new RtuForecaster(new RtuForecasterSettings { Learner = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Td = RtuLearnerSettings.DefaultTd with { LearningRate = 0.05 }, Horizon = 2 }, SeasonLength = 7 });
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
        Assert.IsFalse(f.Learner.Head.Parameters.HasNonFiniteValues());
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
        var a = new OnlineRtuLearner(3, new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 3 }, Td = RtuLearnerSettings.DefaultTd with { Gamma = 0.7 }, Horizon = 2 });
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
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnlineRtuLearner(3, new RtuLearnerSettings { Td = RtuLearnerSettings.DefaultTd with { Gamma = 1 } }));
        Assert.AreEqual("Gamma", e.ParamName);
    }

    [TestMethod]
    [DataRow(12)]
    [DataRow(4)]   // the quarterly pool's fitted damped trend and classical indices
    [DataRow(1)]   // the fitted drift of pools without a season
    public void ForecasterAndFeatureModelStepsAllocateNothing(int season)
    {
        // The online hot path (features, TD(λ) with RTRL, h-step heads, seasonal combination) runs without allocating.
        // The exception: a row whose value lies beyond the smallest outlier bound (a possible spike) or is missing (a lone
        // gap, smoothed once the next value is seen) writes a snapshot of the forecaster, and the row after it may read it
        // back (SpikeRewind); those rows allocate a few times the forecaster's saved size, every other row nothing.
        var forecaster = new RtuForecaster(new RtuForecasterSettings
        {
            Learner = new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Horizon = 3 },
            SeasonLength = season, ExogenousCount = 2,
        });
        var model = new RtuFeatureModel(3, new RtuLearnerSettings { Layer = RtuLearnerSettings.DefaultLayer with { Units = 4 }, Td = RtuLearnerSettings.DefaultTd with { Gamma = 0.6 }, Horizon = 2 });
        float[] exogenous = new float[2], forecast = new float[3], state = new float[8], features = new float[3], predictions = new float[2];
        long ordinary = 0, exceptional = 0;
        int exceptionalRows = 0;
        bool held = false;
        void Run(int from, int steps)
        {
            for (int t = from; t < from + steps; t++)
            {
                exogenous[0] = (float)Math.Cos(t); exogenous[1] = t % 5;
                double value = t % 17 == 3 ? double.NaN : Math.Sin(t * 0.5) + 0.01 * t;
                bool learn = t % 50 != 0;
                bool mayAllocate = held || (learn && (forecaster.Pool.MayBeOutlier(value) || double.IsNaN(value)));
                long before = GC.GetAllocatedBytesForCurrentThread();
                forecaster.Observe(value, exogenous, learn, forecast, state);
                long used = GC.GetAllocatedBytesForCurrentThread() - before;
                held = learn && (forecaster.Pool.MaySpike || double.IsNaN(value));
                if (mayAllocate) { exceptional += used; exceptionalRows++; } else ordinary += used;
                features[0] = (float)Math.Sin(t); features[1] = t % 3; features[2] = t % 11 == 0 ? float.NaN : 1;
                before = GC.GetAllocatedBytesForCurrentThread();
                model.Observe(features, t % 13 == 0 ? double.NaN : Math.Sin(t + 1), learn: true, state, predictions);
                ordinary += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        Run(0, 50);
        // As SteadyAllocation: the fewest bytes over up to three rounds, so that the runtime's one-off work cannot make it flaky.
        long fewest = long.MaxValue;
        for (int round = 0, from = 50; round < 3 && fewest != 0; round++, from += 300)
        {
            ordinary = 0;
            Run(from, 300);
            fewest = Math.Min(fewest, ordinary);
        }
        Assert.AreEqual(0L, fewest, $"{fewest} bytes over 300 ordinary steps");
        using var saved = new MemoryStream();
        using (var w = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) forecaster.Save(w);
        TestContext.WriteLine($"season {season}: {exceptionalRows} rows with a possible spike or after one, {exceptional:N0} bytes in all; the forecaster saves to {saved.Length:N0} bytes");
        if (exceptionalRows > 0) Assert.IsLessThan(8.0 * saved.Length, (double)exceptional / exceptionalRows, "bytes per exceptional row");
    }
}
