using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The estimators' GetOutputSchema(SchemaShape), what a pipeline checks before it reads a row: a timestamp column of a
/// wrong type passed it and was first refused at Fit (an audit); a key column of a wrong type is named with its type.
/// </summary>
[TestClass]
public sealed class ColumnShapeTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public sealed class Row
    {
        public double Time { get; set; }
        public double Sensor { get; set; }
        public float Value { get; set; }
    }

    // ML.NET makes a SchemaShape from a schema internally (SchemaShape.Create); an estimator chain does it for its first estimator.
    private static SchemaShape ShapeOf(IDataView data) => (SchemaShape)typeof(SchemaShape)
        .GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!
        .Invoke(null, [data.Schema])!;

    [TestMethod]
    public void AWrongTimestampOrKeyTypeFailsInGetOutputSchemaNamingColumnAndType()
    {
        var shape = ShapeOf(Ml.Data.LoadFromEnumerable(new[] { new Row() }));
        var timed = Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions { TimestampColumnName = "Time" });
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => timed.GetOutputSchema(shape));
        StringAssert.Contains(e.Message, "timestamp column 'Time' must be DateTime, DateTimeOffset or Int64, but it is Double");
        var state = Ml.Transforms.RtuStateFeatures("State", "Value", new RtuStateFeaturesOptions { TimestampColumnName = "Time" });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => state.GetOutputSchema(shape)).Message, "timestamp column 'Time'");
        var keyed = Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions { SeriesKeyColumnName = "Sensor" });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => keyed.GetOutputSchema(shape)).Message, "but it is Double");
    }

    public sealed class TwoVectors
    {
        public float Value { get; set; }
        [VectorType(2)] public float[] X { get; set; } = [];
        [VectorType(3)] public float[] Z { get; set; } = [];
    }

    [TestMethod]
    public void AVectorOfTheWrongLengthIsNamedWithItsColumnAndRow()
    {
        // An outside audit: the message named the first input column (the series'), which cannot hold a vector.
        var options = TestData.SmallForecastOptions();
        options.SeasonLength = 1;
        options.ExogenousColumnNames = ["X", "Z"];
        var good = Enumerable.Range(0, 40).Select(i => new TwoVectors { Value = i % 5, X = [1, 2], Z = [1, 2, 3] }).ToArray();
        var bad = good.Take(3).Append(new TwoVectors { Value = 1, X = [1, 2], Z = [1, 2] }).ToArray();
        var model = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(good));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Column(model.Transform(Ml.Data.LoadFromEnumerable(bad)), "Forecast"));
        StringAssert.Contains(e.Message, "Column 'Z' delivered a vector of 2 values at row 3, expected 3");
        e = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(good.Concat(bad))));
        StringAssert.Contains(e.Message, "Column 'Z' delivered a vector of 2 values at row 43");
    }
}
