using Microsoft.ML;
using Rtu.Trainers.Cells;

namespace Rtu.MLNet.Tests;

/// <summary>The gated RTU selected through the ML.NET options: it fits, and save → load reproduces its outputs.</summary>
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
}
