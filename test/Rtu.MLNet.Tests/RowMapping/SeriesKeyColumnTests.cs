using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Series key columns of every kind ML.NET makes: key types of each unsigned raw type are read by their index (an
/// audit: Byte, UInt16 and UInt64 keys passed the schema check, then failed in the cursor with ML.NET's "Invalid TValue
/// in GetGetter"), and key 0 from a MapValueToKey that never saw the value is named as such.
/// </summary>
[TestClass]
public sealed class SeriesKeyColumnTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public sealed class Row<T>
    {
        public T Sensor { get; set; } = default!;
        public float Value { get; set; }
    }

    private static RtuForecastingOptions Options() => new()
    {
        InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, SeasonLength = 1, Units = 4, Lags = 2, SeriesKeyColumnName = "Sensor",
    };

    // Three interleaved series under keys 1 to 3 of raw type T (as a SchemaDefinition or a loader with a key count makes them).
    private static IDataView Keyed<T>(Func<int, T> key)
    {
        var rows = Enumerable.Range(0, 90).Select(i => new Row<T> { Sensor = key(i % 3 + 1), Value = (float)(i % 3 + Math.Sin(i / 3.0)) });
        var definition = SchemaDefinition.Create(typeof(Row<T>));
        definition["Sensor"].ColumnType = new KeyDataViewType(typeof(T), 10);
        return Ml.Data.LoadFromEnumerable(rows, definition);
    }

    [TestMethod]
    public void KeysOfEveryRawTypeGiveWhatUInt32KeysGive()
    {
        var reference = Ml.Forecasting.ForecastByRtu(Options()).Fit(Keyed(k => (uint)k));
        var expected = TestData.Column(reference.Transform(Keyed(k => (uint)k)), "Forecast");
        Assert.HasCount(3, reference.SeriesKeys);
        // (ML.NET's LoadFromEnumerable cannot make UInt16 keys; the reader takes them as it takes these.)
        foreach (var data in new[] { Keyed(k => (byte)k), Keyed(k => (ulong)k) })
        {
            var model = Ml.Forecasting.ForecastByRtu(Options()).Fit(data);
            CollectionAssert.AreEqual(reference.SeriesKeys.ToArray(), model.SeriesKeys.ToArray(), data.Schema["Sensor"].Type.ToString());
            TestData.AssertSame(expected, TestData.Column(model.Transform(data), "Forecast"));
        }
    }

    [TestMethod]
    public void AValueMapValueToKeyNeverSawIsNamedAsTheCauseOfKeyZero()
    {
        var train = Enumerable.Range(0, 60).Select(i => new Row<string> { Sensor = i % 2 == 0 ? "a" : "b", Value = (float)Math.Sin(i) }).ToArray();
        var chain = Ml.Transforms.Conversion.MapValueToKey("Sensor")
            .Append(Ml.Forecasting.ForecastByRtu(Options()))
            .Fit(Ml.Data.LoadFromEnumerable(train));
        var later = Ml.Data.LoadFromEnumerable(new[] { new Row<string> { Sensor = "a", Value = 1 }, new Row<string> { Sensor = "new", Value = 2 } });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Column(chain.Transform(later), "Forecast"));
        StringAssert.Contains(e.Message, "Row 1 has a missing series key");
        StringAssert.Contains(e.Message, "MapValueToKey");
    }
}
