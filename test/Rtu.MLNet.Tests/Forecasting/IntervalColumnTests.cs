using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class IntervalColumnTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Intervals = ["ForecastLower80", "ForecastUpper80", "ForecastLower95", "ForecastUpper95"];

    private static RtuForecastingOptions Options(bool intervals)
    {
        var o = TestData.SmallForecastOptions();
        o.IncludeIntervals = intervals;
        return o;
    }

    [TestMethod]
    public void TheSchemaHasTheIntervalColumnsOnlyWhenAskedFor()
    {
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(120));
        var off = Ml.Forecasting.ForecastByRtu(Options(false)).Fit(data).GetOutputSchema(data.Schema);
        var on = Ml.Forecasting.ForecastByRtu(Options(true)).Fit(data).GetOutputSchema(data.Schema);
        foreach (string name in Intervals)
        {
            Assert.IsNull(off.GetColumnOrNull(name), name);
            var column = on.GetColumnOrNull(name);
            Assert.IsNotNull(column, name);
            Assert.AreEqual(3, ((VectorDataViewType)column.Value.Type).Size, name);
        }
        Assert.AreEqual(data.Schema.Count + 1, off.Count);
        Assert.AreEqual(data.Schema.Count + 5, on.Count);
    }

    [TestMethod]
    public void TheColumnsAreTheForecastersIntervalsOfTheSameRowAndHoldTheForecast()
    {
        var rows = TestData.Series(260);
        var options = Options(true);
        options.StateColumnName = "State";   // the interval columns come after the state column too
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(Ml.Data.LoadFromEnumerable(rows.Take(200)));
        var output = transformer.Transform(Ml.Data.LoadFromEnumerable(rows.Skip(200)));
        var forecast = TestData.Column(output, "Forecast");
        var columns = Intervals.Select(n => TestData.Column(output, n)).ToArray();

        var core = new RtuForecaster(options.ToSettings(exogenousCount: 1));
        foreach (var r in rows.Take(200)) core.Observe(r.Value, [r.Temperature], learn: true, default, default);
        var expected = Intervals.Select(_ => new List<float[]>()).ToArray();
        foreach (var r in rows.Skip(200))
        {
            core.Observe(r.Value, [r.Temperature], learn: true, default, default);
            var b = Enumerable.Range(0, 4).Select(_ => new float[3]).ToArray();
            core.WriteInterval(0, b[0], b[1]);
            core.WriteInterval(1, b[2], b[3]);
            for (int i = 0; i < 4; i++) expected[i].Add(b[i]);
        }
        int finite = 0;
        for (int i = 0; i < 4; i++) TestData.AssertSame(expected[i], columns[i]);
        for (int t = 0; t < forecast.Count; t++)
            for (int k = 0; k < 3; k++)
            {
                if (float.IsNaN(columns[0][t][k])) continue;
                finite++;
                Assert.IsTrue(columns[2][t][k] <= columns[0][t][k] && columns[0][t][k] <= forecast[t][k] && forecast[t][k] <= columns[1][t][k] && columns[1][t][k] <= columns[3][t][k], $"row {t}, horizon {k}");
            }
        Assert.IsTrue(finite > 100, $"only {finite} finite intervals");
    }

    [TestMethod]
    public void KeyedRowsGetTheirOwnSeriesIntervalsAndSaveLoadKeepsThem()
    {
        var rows = new List<KeyedPoint>();
        var a = TestData.Series(150, seed: 3);
        var b = TestData.Series(150, seed: 4);
        for (int t = 0; t < 150; t++)
        {
            rows.Add(new KeyedPoint { Sensor = "a", Value = a[t].Value, Temperature = a[t].Temperature });
            rows.Add(new KeyedPoint { Sensor = "b", Value = b[t].Value * 10, Temperature = b[t].Temperature });
        }
        var options = Options(true);
        options.SeriesKeyColumnName = "Sensor";
        var train = Ml.Data.LoadFromEnumerable(rows.Take(200));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(200));
        var keyed = Ml.Forecasting.ForecastByRtu(options).Fit(train);
        var columns = Intervals.Select(n => TestData.Column(keyed.Transform(test), n)).ToArray();

        // Series "b" alone, through its own forecaster: its rows are every second row of the test part.
        var core = new RtuForecaster(options.ToSettings(exogenousCount: 1));
        foreach (var r in rows.Take(200).Where(r => r.Sensor == "b")) core.Observe(r.Value, [r.Temperature], learn: true, default, default);
        var testRows = rows.Skip(200).ToList();
        int checkedRows = 0;
        for (int t = 0; t < testRows.Count; t++)
        {
            if (testRows[t].Sensor != "b") continue;
            core.Observe(testRows[t].Value, [testRows[t].Temperature], learn: true, default, default);
            float[] lo = new float[3], hi = new float[3];
            core.WriteInterval(1, lo, hi);
            CollectionAssert.AreEqual(lo, columns[2][t]);
            CollectionAssert.AreEqual(hi, columns[3][t]);
            checkedRows++;
        }
        Assert.AreEqual(50, checkedRows);

        string path = Path.Combine(Path.GetTempPath(), $"rtu-intervals-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(keyed, train.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.IncludeIntervals);
            for (int i = 0; i < 4; i++) TestData.AssertSame(columns[i], TestData.Column(loaded.Transform(test), Intervals[i]));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AStateColumnNamedLikeAnIntervalColumnIsRefused()
    {
        var options = Options(true);
        options.StateColumnName = "ForecastUpper95";
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(options));
        StringAssert.Contains(e.Message, "interval");
    }
}
