// Issue 12, defects 3 (a diverging LearningRate gave a NaN model) and 4 (one extreme observation wrecked a stream;
// -float.MaxValue gave -inf). Public API only. They failed before the divergence guard and the robust normaliser.
using Microsoft.ML;

namespace Rtu.MLNet.Tests.Reliability;

[TestClass]
public sealed class CoreDefectTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public sealed class Level { public float Value { get; set; } }

    // A series around 40 with noise and a daily-like cycle.
    private static float[] Around40(int n, int seed = 11)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(t => (float)(40 + 2 * Math.Sin(2 * Math.PI * t / 24) + 0.5 * (rng.NextDouble() - 0.5))).ToArray();
    }

    private static RtuForecastingOptions Options(double learningRate = 3e-3, int normalizerWindow = 0) => new()
    {
        InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 3, SeasonLength = 24, Units = 8, Lags = 3,
        LearningRate = learningRate, NormalizerWindow = normalizerWindow,
    };

    // ---- Defect 3: LearningRate = 1e30 gave a NaN model (Transform then threw; SaveRtu wrote an unloadable file) ----

    [TestMethod]
    public void ADivergingLearningRateNeverYieldsANaNModelAndTheErrorNamesTheOption()
    {
        var data = Ml.Data.LoadFromEnumerable(Around40(200).Select(v => new Level { Value = v }));
        // Intended fix: a step whose update makes any parameter, optimizer moment or trace non-finite is rolled back
        // (the model keeps its last finite values); Fit then fails with an error that names the option and its value.
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(Options(learningRate: 1e30)).Fit(data));
        StringAssert.Contains(e.Message, "LearningRate");
        StringAssert.Contains(e.Message, "1E+30");
    }

    [TestMethod]
    public void ADivergingLearningRateInStateFeaturesIsRefusedTheSameWay()
    {
        var data = Ml.Data.LoadFromEnumerable(TestData.Features(200));
        var estimator = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 4, LearningRate = 1e30, LabelColumnName = "Label" });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => estimator.Fit(data));
        StringAssert.Contains(e.Message, "LearningRate");
    }

    // ---- Defect 4: one 1e30 observation wrecked the stream for good (the normaliser weighed every value 1/n) ----

    [TestMethod]
    public void OneHugeObservationDoesNotWreckTheStream()
    {
        var series = Around40(3000);
        var model = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(series.Take(500).Select(v => new Level { Value = v })));
        var clean = model.CreateStreamingEngine();
        var spiked = model.CreateStreamingEngine();
        for (int t = 500; t < 1000; t++) { clean.Observe("s", series[t]); spiked.Observe("s", series[t]); }
        clean.Observe("s", series[1000]);
        spiked.Observe("s", 1e30f);   // one absurd value (a sensor glitch)
        float[] f = [];
        for (int t = 1001; t < 1021; t++) { clean.Observe("s", series[t]); f = spiked.Observe("s", series[t]); }
        // Intended fix: a robust, bounded normaliser (standardised inputs clipped to ±k; Huber/winsorised updates of the
        // running mean and variance, so one value moves them by a bounded amount; bounded exponential forgetting).
        foreach (float v in f) Assert.IsTrue(float.IsFinite(v) && Math.Abs(v - 40) < 40, $"forecast {v} twenty steps after the spike (was -4.9e27)");

        double errClean = 0, errSpiked = 0;
        for (int t = 1021; t < 3000; t++)
        {
            if (t >= 2500)
            {
                errClean += Math.Abs(clean.Forecast("s")[0] - series[t]);
                errSpiked += Math.Abs(spiked.Forecast("s")[0] - series[t]);
            }
            clean.Observe("s", series[t]); spiked.Observe("s", series[t]);
        }
        Assert.IsLessThan(2 * errClean + 1, errSpiked, $"error 1,500 steps after the spike: {errSpiked:G4} vs {errClean:G4} without it (was ×10,000 after 60,000 steps)");
    }

    [TestMethod]
    public void ExtremeFiniteValuesGiveFiniteForecastsAndStates()
    {
        var series = Around40(300);
        var problems = new List<string>();
        var model = Ml.Forecasting.ForecastByRtu(Options()).Fit(Ml.Data.LoadFromEnumerable(series.Take(200).Select(v => new Level { Value = v })));
        foreach (float extreme in new[] { float.MaxValue, -float.MaxValue })
        {
            var engine = model.CreateStreamingEngine();
            var f = engine.Observe("s", extreme);
            if (!f.All(float.IsFinite)) problems.Add($"engine, {extreme}: [{string.Join(", ", f)}]");
            for (int t = 0; t < 5; t++)
                if (engine.Observe("s", series[200 + t]) is var g && !g.All(float.IsFinite)) problems.Add($"engine, {t + 1} steps after {extreme}: [{string.Join(", ", g)}]");

            var rows = series.Skip(200).Select(v => new Level { Value = v }).ToArray();
            rows[10].Value = extreme;
            int i = 0;
            foreach (var row in TestData.Column(model.Transform(Ml.Data.LoadFromEnumerable(rows)), "Forecast"))
                if (!row.All(float.IsFinite) && problems.Count < 20) problems.Add($"Transform row {i++}, {extreme} at row 10: [{string.Join(", ", row)}]");
                else i++;
        }

        // ±float.MaxValue in a Transform row of state features.
        var feats = TestData.Features(60);
        var t2 = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 4, LabelColumnName = "Label", PredictionColumnName = "Next" }).Fit(Ml.Data.LoadFromEnumerable(feats));
        feats[30].Features[0] = -float.MaxValue;
        feats[31].Features[1] = float.MaxValue;
        feats[32].Label = -float.MaxValue;
        var out2 = t2.Transform(Ml.Data.LoadFromEnumerable(feats));
        foreach (var col in new[] { "State", "Next" })
            foreach (var (v, k) in TestData.Column(out2, col).Select((v, k) => (v, k)))
                if (!v.All(float.IsFinite)) problems.Add($"state features '{col}' row {k}: [{string.Join(", ", v)}]");
        Assert.IsEmpty(problems, string.Join("\n", problems));
    }
}
