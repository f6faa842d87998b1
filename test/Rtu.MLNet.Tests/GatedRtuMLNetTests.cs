using Microsoft.ML;
using Rtu.MLNet.Tests.Control;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The gated RTU selected through the ML.NET options: it fits, and save → load reproduces its outputs; a policy's
/// open-unit share (<see cref="RecurrentLayerOptions.OpenUnitShare"/>) is kept by the model file.
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
        var forecastOptions = TestData.SmallForecastOptions();
        forecastOptions.Architecture = RecurrentArchitecture.GatedRtu;
        var pipeline = Ml.Transforms.Concatenate("Features", "Value", "Temperature")
            .Append(Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3, Architecture = RecurrentArchitecture.GatedRtu }))
            .Append(Ml.Forecasting.ForecastByRtu(forecastOptions))
            .Append(Ml.Transforms.Concatenate("All", "State", "Forecast"));
        var model = pipeline.Fit(Ml.Data.TakeRows(view, 100));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        var before = TestData.Column(model.Transform(test), "All");
        Assert.AreEqual(6 + 3, before[0].Length, "state width 2n = 6 plus a 3-step forecast");
        Assert.IsTrue(before.All(r => r.All(float.IsFinite)));

        string path = Path.Combine(Path.GetTempPath(), $"gated-model-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(model, view.Schema, path);
            var loaded = Ml.Model.LoadRtu(path, out _);
            TestData.AssertSame(before, TestData.Column(loaded.Transform(test), "All"));
        }
        finally { File.Delete(path); }
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
}
