using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>The catalog entry points (<see cref="RtuExtensionsCatalog"/>): what the arguments and the options each decide.</summary>
[TestClass]
public sealed class ExtensionsCatalogTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void ForecastByRtuKeepsTheOptionsHorizonAndSeasonUnlessTheArgumentsGiveThem()
    {
        // Found by the outside-in audit: the column-name overload's horizon and seasonLength defaulted to 1 and always
        // overwrote the options, so ForecastByRtu("F", "Value", options: new() { Horizon = 3 }) silently forecast 1 step.
        var options = new RtuForecastingOptions { Horizon = 3, SeasonLength = 12, Units = 4 };
        var fromOptions = Ml.Forecasting.ForecastByRtu("F", "Value", options: options).Options;
        Assert.AreEqual((3, 12), (fromOptions.Horizon, fromOptions.SeasonLength));
        Assert.AreEqual(("F", "Value", 4), (fromOptions.OutputColumnName, fromOptions.InputColumnName, fromOptions.Units));
        // Given here, they win (as the column names do).
        var given = Ml.Forecasting.ForecastByRtu("F", "Value", horizon: 2, seasonLength: 4, options).Options;
        Assert.AreEqual((2, 4), (given.Horizon, given.SeasonLength));
        var plain = Ml.Forecasting.ForecastByRtu("F", "Value").Options;
        Assert.AreEqual((1, 1), (plain.Horizon, plain.SeasonLength));
    }
}
