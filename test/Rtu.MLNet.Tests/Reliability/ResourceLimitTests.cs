namespace Rtu.MLNet.Tests.Reliability;

/// <summary>Issue 12, defect 8: sizes that validation accepted allocated gigabytes or ran for minutes.</summary>
[TestClass]
public sealed class ResourceLimitTests
{
    [TestMethod]
    public void AHorizonBeyondTheLimitIsRefusedAtConstruction()
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.Horizon = 10_000;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReliabilityFixture.Ml.Forecasting.ForecastByRtu(options));
        Assert.AreEqual("Horizon", e.ParamName);
    }

    [TestMethod]
    public void ASeasonOrLagsBeyondTheLimitIsRefusedAtConstruction()
    {
        var options = ReliabilityFixture.ForecastOptions();
        options.SeasonLength = 50_000_000;
        Assert.AreEqual("SeasonLength", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReliabilityFixture.Ml.Forecasting.ForecastByRtu(options)).ParamName);
        options = ReliabilityFixture.ForecastOptions();
        options.Lags = 50_000_000;
        Assert.AreEqual("Lags", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReliabilityFixture.Ml.Forecasting.ForecastByRtu(options)).ParamName);
    }
}

/// <summary>Rows of 100,000 features (the 4,096 units × 100,000 features allocated 3.1 GiB and died).</summary>
public sealed class WideFeatureRow
{
    [Microsoft.ML.Data.VectorType(100_000)]
    public float[] Features { get; set; } = new float[100_000];
}

[TestClass]
public sealed class WidthLimitTests
{
    [TestMethod]
    public void UnitsTimesInputWidthBeyondTheLimitIsRefusedAtFitWithoutAllocatingTheModel()
    {
        var ml = ReliabilityFixture.Ml;
        var view = ml.Data.LoadFromEnumerable(new[] { new WideFeatureRow() });
        var estimator = ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 4096 });
        ArgumentOutOfRangeException? e = null;
        long allocated = ReliabilityFixture.AllocatedBy(() => e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.Fit(view)));
        Assert.AreEqual("Units", e!.ParamName);
        StringAssert.Contains(e.Message, "RtuLimits.MaxUnitsTimesInputWidth");
        Assert.IsLessThan(64L << 20, allocated, $"allocated {allocated:N0} bytes");
    }

    [TestMethod]
    public void ExogenousWidthCountsTowardsTheLimit()
    {
        var ml = ReliabilityFixture.Ml;
        var view = ml.Data.LoadFromEnumerable(new[] { new WideExogenousRow() });
        var options = new RtuForecastingOptions { InputColumnName = "Value", OutputColumnName = "F", Units = 64, ExogenousColumnNames = ["Features"] };
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Forecasting.ForecastByRtu(options).Initialize(view.Schema));
        Assert.AreEqual("Units", e.ParamName);
    }

    public sealed class WideExogenousRow
    {
        public float Value { get; set; }

        [Microsoft.ML.Data.VectorType(100_000)]
        public float[] Features { get; set; } = new float[100_000];
    }
}
