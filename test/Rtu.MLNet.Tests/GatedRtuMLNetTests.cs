using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet.Tests.Control;
using Rtu.MLNet.Tests.Reliability;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The gated RTU selected through the ML.NET options: it fits, and save → load reproduces its outputs; the open-unit
/// share (<see cref="RecurrentLayerOptions.OpenUnitShare"/>) of a policy, a forecaster and state features (and so of
/// PredictDiscountedSum) reaches the cell and is kept by the model file.
/// </summary>
[TestClass]
public sealed class GatedRtuMLNetTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void GatedRtuForecasterAndStateFeaturesSaveAndLoadIdentically()
    {
        var rows = TestData.Series(150);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        ITransformer Fit(bool oldDefaults)
        {
            var forecastOptions = TestData.SmallForecastOptions();
            forecastOptions.Architecture = RecurrentArchitecture.GatedRtu;
            var stateOptions = new RtuStateFeaturesOptions { Units = 3, Architecture = RecurrentArchitecture.GatedRtu };
            if (oldDefaults)
            {
                (forecastOptions.OpenUnitShare, forecastOptions.DecayGateInitMin, forecastOptions.DecayGateInitMax) = (0.25, 0.02, 0.5);
                (stateOptions.OpenUnitShare, stateOptions.DecayGateInitMin, stateOptions.DecayGateInitMax) = (0.25, 0.02, 0.5);
            }
            return Ml.Transforms.Concatenate("Features", "Value", "Temperature")
                .Append(Ml.Transforms.RtuStateFeatures("State", "Features", stateOptions))
                .Append(Ml.Forecasting.ForecastByRtu(forecastOptions))
                .Append(Ml.Transforms.Concatenate("All", "State", "Forecast"))
                .Fit(Ml.Data.TakeRows(view, 100));
        }
        foreach (bool oldDefaults in new[] { false, true })
        {
            var model = Fit(oldDefaults);
            var before = TestData.Column(model.Transform(test), "All");
            Assert.AreEqual(6 + 3, before[0].Length, "state width 2n = 6 plus a 3-step forecast");
            Assert.IsTrue(before.All(r => r.All(float.IsFinite)));

            string path = Path.Combine(Path.GetTempPath(), $"gated-model-{Guid.NewGuid():N}.zip");
            try
            {
                Ml.Model.SaveRtu(model, view.Schema, path);
                var loaded = Ml.Model.LoadRtu(path, out _);
                TestData.AssertSame(before, TestData.Column(loaded.Transform(test), "All"));
                var (state, forecaster) = Parts(loaded);
                Assert.AreEqual(oldDefaults ? 0.25 : 0.5, state.Options.OpenUnitShare);
                Assert.AreEqual(oldDefaults ? 0.02 : 0.002, forecaster.Options.DecayGateInitMin);
                if (!oldDefaults) continue;
                // With the old defaults (share 0.25, a₀ in [0.02, 0.5]) the forecaster's part is what the library wrote before
                // format 11 (learner-settings layout 1, part version 10). The state features' statistics are of format 14 (they
                // widen for recurring deviations): a container labelled older is refused, naming the part's version.
                Assert.AreEqual((14, 10), (state.PartVersion, forecaster.PartVersion));
                var format13 = ContainerEdits.WithManifest(File.ReadAllBytes(path),
                    m => m.Replace($"\"formatVersion\": {RtuModel.FormatVersion}", "\"formatVersion\": 13"));
                var refused = Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(Ml, new MemoryStream(format13), out _));
                StringAssert.Contains(refused.Message, "format version (14)");
            }
            finally { File.Delete(path); }
        }
    }

    [TestMethod]
    public void PolicyKeepsItsOpenUnitShareThroughSaveAndLoad()
    {
        RtuPolicyTransformer Train(double share)
        {
            var o = ControlTestKit.Tiny();
            o.Ppo = o.Ppo with { Recurrent = o.Ppo.Recurrent with { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = share } };
            return new MLContext(1).Control().TrainPpo(seed => new Chase(seed), o);
        }
        var half = Train(0.5);
        var data = Ml.Data.LoadFromEnumerable(ControlTestKit.Log(60));
        var before = TestData.Column(half.Transform(data), "Probabilities");
        var quarter = TestData.Column(Train(0.25).Transform(data), "Probabilities");
        Assert.IsTrue(before.Zip(quarter).Any(p => !p.First.SequenceEqual(p.Second)), "the share changes the policy");

        string path = Path.Combine(Path.GetTempPath(), $"gated-policy-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(half, data.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuPolicyTransformer>(path, out _);
            Assert.AreEqual(0.5, loaded.Options.Ppo.Recurrent.OpenUnitShare);
            Assert.AreEqual((0.002, 0.1), (loaded.Options.Ppo.Recurrent.DecayGateInitMin, loaded.Options.Ppo.Recurrent.DecayGateInitMax));
            TestData.AssertSame(before, TestData.Column(loaded.Transform(data), "Probabilities"));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void BadOpenUnitShareOfAPolicyIsNamed()
    {
        var o = ControlTestKit.Tiny();
        o.Ppo = o.Ppo with { Recurrent = o.Ppo.Recurrent with { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = 1 } };
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Control().TrainPpo(seed => new Chase(seed), o));
        Assert.AreEqual(nameof(RecurrentLayerOptions.OpenUnitShare), e.ParamName);
    }

    [TestMethod]
    public void ForecasterAndStateFeaturesKeepTheirOpenUnitShareThroughSaveAndLoad()
    {
        var rows = TestData.Series(150);
        var view = Ml.Data.LoadFromEnumerable(rows);
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        ITransformer Fit(double share, double a0Min = 0.002, double a0Max = 0.1)
        {
            var forecastOptions = TestData.SmallForecastOptions();
            forecastOptions.Architecture = RecurrentArchitecture.GatedRtu;
            (forecastOptions.OpenUnitShare, forecastOptions.DecayGateInitMin, forecastOptions.DecayGateInitMax) = (share, a0Min, a0Max);
            var stateOptions = new RtuStateFeaturesOptions
            {
                Units = 4, Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = share, DecayGateInitMin = a0Min, DecayGateInitMax = a0Max,
            };
            return Ml.Transforms.Concatenate("Features", "Value", "Temperature")
                .Append(Ml.Transforms.RtuStateFeatures("State", "Features", stateOptions))
                .Append(Ml.Forecasting.ForecastByRtu(forecastOptions))
                .Fit(Ml.Data.TakeRows(view, 100));
        }
        List<float[]> State(ITransformer m) => TestData.Column(m.Transform(test), "State");
        List<float[]> Forecast(ITransformer m) => TestData.Column(m.Transform(test), "Forecast");
        var half = Fit(0.5);
        var quarter = Fit(0.25);
        Assert.IsTrue(State(half).Zip(State(quarter)).Any(p => !p.First.SequenceEqual(p.Second)), "the share changes the state features");
        Assert.IsTrue(Forecast(half).Zip(Forecast(quarter)).Any(p => !p.First.SequenceEqual(p.Second)), "the share changes the forecasts");
        var (state, forecaster) = Parts(half);
        // State features fitted now are of part version 14 (their statistics widen for recurring deviations) whatever the cell.
        Assert.AreEqual((14, 12), (state.PartVersion, forecaster.PartVersion), "the default gated cell stores its a₀ range: part version 12");
        var (oldState, oldForecaster) = Parts(Fit(0.5, 0.02, 0.5));
        Assert.AreEqual((14, 11), (oldState.PartVersion, oldForecaster.PartVersion), "a stored share with the old a₀ range: part version 11");
        var (quarterState, quarterForecaster) = Parts(Fit(0.25, 0.02, 0.5));
        Assert.AreEqual((14, 10), (quarterState.PartVersion, quarterForecaster.PartVersion), "the old defaults write the forecaster's part older libraries read");
        var fixedRange = Fit(0.5, 0.3, 0.3);
        Assert.IsTrue(State(half).Zip(State(fixedRange)).Any(p => !p.First.SequenceEqual(p.Second)), "the a₀ range changes the state features");

        string path = Path.Combine(Path.GetTempPath(), $"gated-share-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(half, view.Schema, path);
            var loaded = Ml.Model.LoadRtu(path, out _);
            var (loadedState, loadedForecaster) = Parts(loaded);
            Assert.AreEqual(0.5, loadedState.Options.OpenUnitShare);
            Assert.AreEqual(0.5, loadedForecaster.Options.OpenUnitShare);
            Assert.AreEqual((0.002, 0.1), (loadedState.Options.DecayGateInitMin, loadedState.Options.DecayGateInitMax));
            Assert.AreEqual((0.002, 0.1), (loadedForecaster.Options.DecayGateInitMin, loadedForecaster.Options.DecayGateInitMax));
            TestData.AssertSame(State(half), State(loaded));
            TestData.AssertSame(Forecast(half), Forecast(loaded));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void PredictDiscountedSumPassesItsOpenUnitShareToTheCell()
    {
        var data = Ml.Data.LoadFromEnumerable(TestData.Features(120));
        RtuStateFeaturesTransformer Fit(double share) => Ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions
        {
            SignalColumnName = "Label", Units = 4, Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = share,
        }).Fit(data);
        var half = Fit(0.5);
        Assert.AreEqual(0.5, half.Options.OpenUnitShare);
        var a = TestData.Column(half.Transform(data), "DiscountedSum");
        var b = TestData.Column(Fit(0.25).Transform(data), "DiscountedSum");
        Assert.IsTrue(a.Zip(b).Any(p => !p.First.SequenceEqual(p.Second)), "the share changes the prediction");
    }

    [TestMethod]
    public void BadOpenUnitShareOfTheOtherVerbsIsNamed()
    {
        foreach (double bad in new[] { -0.5, 1, double.NaN })
        {
            var forecast = TestData.SmallForecastOptions();
            forecast.Architecture = RecurrentArchitecture.GatedRtu;
            forecast.OpenUnitShare = bad;
            var errors = new[]
            {
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(forecast)),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Transforms.RtuStateFeatures("S", "Features",
                    new RtuStateFeaturesOptions { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = bad })),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions
                    { Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = bad })),
            };
            foreach (var e in errors) Assert.AreEqual(nameof(RtuForecastingOptions.OpenUnitShare), e.ParamName, $"share {bad}");
        }
    }

    [TestMethod]
    public void BadDecayGateInitRangeOfEveryVerbIsNamed()
    {
        foreach (var (min, max) in new[] { (0.0, 0.1), (0.2, 0.1), (0.01, 1.0), (double.NaN, 0.1) })
        {
            var forecast = TestData.SmallForecastOptions();
            (forecast.Architecture, forecast.DecayGateInitMin, forecast.DecayGateInitMax) = (RecurrentArchitecture.GatedRtu, min, max);
            var policy = ControlTestKit.Tiny();
            policy.Ppo = policy.Ppo with { Recurrent = policy.Ppo.Recurrent with { Architecture = RecurrentArchitecture.GatedRtu, DecayGateInitMin = min, DecayGateInitMax = max } };
            var errors = new[]
            {
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(forecast)),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Transforms.RtuStateFeatures("S", "Features",
                    new RtuStateFeaturesOptions { Architecture = RecurrentArchitecture.GatedRtu, DecayGateInitMin = min, DecayGateInitMax = max })),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Transforms.PredictDiscountedSum(new RtuDiscountedSumOptions
                    { Architecture = RecurrentArchitecture.GatedRtu, DecayGateInitMin = min, DecayGateInitMax = max })),
                Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Control().TrainPpo(seed => new Chase(seed), policy)),
            };
            foreach (var e in errors) Assert.AreEqual(nameof(RtuForecastingOptions.DecayGateInitMin), e.ParamName, $"range [{min}, {max}]");
        }
    }

    [TestMethod]
    public void EnginesOfANonDefaultShareRestoreTheirCheckpointsBitForBit()
    {
        var rows = TestData.Series(160);
        var forecastOptions = TestData.SmallForecastOptions();
        forecastOptions.Architecture = RecurrentArchitecture.GatedRtu;
        forecastOptions.OpenUnitShare = 0.5;
        var forecaster = Ml.Forecasting.ForecastByRtu(forecastOptions).Fit(Ml.Data.LoadFromEnumerable(rows.Take(80)));
        var features = TestData.Features(160);
        var state = Ml.Transforms.RtuStateFeatures(new RtuStateFeaturesOptions
        {
            Units = 4, Architecture = RecurrentArchitecture.GatedRtu, OpenUnitShare = 0.5, LabelColumnName = "Label", PredictionColumnName = "P",
        }).Fit(Ml.Data.LoadFromEnumerable(features.Take(80)));

        var fe = forecaster.CreateStreamingEngine();
        var se = state.CreateStreamingEngine(learn: true);
        for (int t = 80; t < 120; t++)
            foreach (string id in new[] { "a", "b" }) { fe.Observe(id, rows[t].Value, [rows[t].Temperature]); se.Observe(id, features[t].Features, features[t].Label); }
        using var fc = new MemoryStream();
        using var sc = new MemoryStream();
        fe.Checkpoint(fc); se.Checkpoint(sc);
        var fr = forecaster.CreateStreamingEngine();
        var sr = state.CreateStreamingEngine(learn: true);
        fc.Position = 0; sc.Position = 0;
        fr.Restore(fc); sr.Restore(sc);
        for (int t = 120; t < 160; t++)
            foreach (string id in new[] { "a", "b" })
            {
                CollectionAssert.AreEqual(fe.Observe(id, rows[t].Value, [rows[t].Temperature]), fr.Observe(id, rows[t].Value, [rows[t].Temperature]), $"forecast {id} t={t}");
                var (x, y) = (se.Observe(id, features[t].Features, features[t].Label), sr.Observe(id, features[t].Features, features[t].Label));
                CollectionAssert.AreEqual(x.State, y.State, $"state {id} t={t}");
                CollectionAssert.AreEqual(x.Predictions, y.Predictions, $"prediction {id} t={t}");
            }
    }

    private static (RtuStateFeaturesTransformer State, RtuForecastingTransformer Forecaster) Parts(ITransformer chain)
    {
        var parts = ((IEnumerable<ITransformer>)chain).ToList();
        return (parts.OfType<RtuStateFeaturesTransformer>().Single(), parts.OfType<RtuForecastingTransformer>().Single());
    }
}
