using Microsoft.ML;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's Fit of the model it saves (samples/Rtu.Forecasting/ModelFit.cs).</summary>
[TestClass]
public sealed class ModelFitTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void ADivergingLearningRateIsAOneLineErrorOfTheApp()
    {
        // Found by an outside audit: `--learning-rate 10` printed the prequential results, then crashed with a stack
        // trace in the final Fit, whose InvalidOperationException the app's error handler did not take. The app now fits
        // first and turns Fit's refusal into the InvalidDataException it prints as "error: …" (exit code 1).
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(120));
        var o = TestData.SmallForecastOptions();
        o.LearningRate = 10;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ModelFit.Fit(Ml.Forecasting.ForecastByRtu(o), data));
        StringAssert.Contains(e.Message, "LearningRate = 10 makes the parameters non-finite");
        Assert.IsInstanceOfType<InvalidOperationException>(e.InnerException);
        // The library's refusal itself is unchanged, and a sound learning rate fits.
        Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(o).Fit(data));
        o.LearningRate = new RtuForecastingOptions().LearningRate;
        Assert.IsFalse(ModelFit.Fit(Ml.Forecasting.ForecastByRtu(o), data).IsKeyed);
    }
}
