using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet.Tests;

/// <summary><see cref="EstimatorHarness{TRow, TOut, TTransformer}"/> for <see cref="RtuForecastingEstimator"/> (forecast and state columns, an exogenous column).</summary>
[TestClass]
public sealed class ForecastingEstimatorContractTests : EstimatorHarness<SeriesPoint, ForecastingEstimatorContractTests.Out, RtuForecastingTransformer>
{
    public sealed class Out
    {
        [VectorType(3)] public float[] Forecast { get; set; } = [];
        [VectorType(12)] public float[] State { get; set; } = [];
    }

    public sealed class DoubleSeries { public double Value { get; set; } public float Temperature { get; set; } }

    public sealed class WideExogenous { public float Value { get; set; } [VectorType(2)] public float[] Temperature { get; set; } = [0, 0]; }

    protected override IEstimator<RtuForecastingTransformer> Create(object options) => Ml.Forecasting.ForecastByRtu((RtuForecastingOptions)options);

    protected override object Options()
    {
        var o = TestData.SmallForecastOptions();
        o.StateColumnName = "State";
        return o;
    }

    protected override (object Options, string Column) OptionsWithMissingColumn()
    {
        var o = (RtuForecastingOptions)Options();
        o.ExogenousColumnNames = ["Humidity"];
        return (o, "Humidity");
    }

    protected override void Mutate(object options)
    {
        var o = (RtuForecastingOptions)options;
        o.OutputColumnName = "Changed"; o.StateColumnName = "ChangedState"; o.InputColumnName = "Temperature";
        if (o.ExogenousColumnNames.Length > 0) o.ExogenousColumnNames[0] = "Value";   // in place: the array must not be shared
        o.Horizon = 5; o.Units = 2; o.LearnDuringTransform = !o.LearnDuringTransform; o.ResetStateOnTransform = !o.ResetStateOnTransform;
        o.LearningRate = 0.5; o.Seed = 99;
    }

    protected override object OptionsOf(IEstimator<RtuForecastingTransformer> estimator) => ((RtuForecastingEstimator)estimator).Options;

    protected override object OptionsOf(RtuForecastingTransformer transformer) => transformer.Options;

    protected override SeriesPoint[] Rows(int count) => TestData.Series(count);

    protected override (IDataView Data, string Expected) WrongType() =>
        (Ml.Data.LoadFromEnumerable(new[] { new DoubleSeries { Value = 1 }, new DoubleSeries { Value = 2 } }), "Double");

    [TestMethod]
    public void TheSeriesColumnIsNamedAsTheScalarItMustBe()
    {
        // An outside audit: the series column's type errors said "Single or a vector of Single", and a vector was then
        // refused as not a scalar.
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Create(Options()).Fit(WrongType().Data));
        StringAssert.Contains(e.Message, "column 'Value' (series) must be a Single scalar, but it is Double");
    }

    protected override IDataView WrongSize() => Ml.Data.LoadFromEnumerable(new[] { new WideExogenous { Value = 1 } });

    protected override string[] OutputColumns => ["Forecast", "State"];

    protected override float[][] Values(Out output) => [output.Forecast, output.State];

    protected override Func<SeriesPoint, float[]?[]> StreamingEngine(RtuForecastingTransformer transformer)
    {
        var engine = transformer.CreateStreamingEngine();
        return r => [engine.Observe("series-1", r.Value, [r.Temperature]), null];   // the engine outputs no state column
    }
}
