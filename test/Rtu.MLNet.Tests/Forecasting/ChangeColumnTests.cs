using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;
using Rtu.Trainers.Online;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The change column (<see cref="RtuForecastingOptions.IncludeChanges"/>): the change of the series each row confirmed,
/// as the forecaster reports it (<see cref="RtuForecaster.LastChange"/>), kept by save and load, and a streaming
/// engine's <see cref="RtuForecastEngine.LastChange"/>.
/// </summary>
[TestClass]
public sealed class ChangeColumnTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private const int ShiftAt = 240;

    // The tests' seasonal series (no missing values), 8 higher from row ShiftAt on: more than 20 of its noise's sizes.
    private static SeriesPoint[] Shifted(int n = 300) =>
        TestData.Series(n, withMissing: false).Select((p, t) => new SeriesPoint { Value = t >= ShiftAt ? p.Value + 8 : p.Value, Temperature = p.Temperature }).ToArray();

    private static RtuForecastingOptions Options(bool changes)
    {
        var o = TestData.SmallForecastOptions();
        o.IncludeChanges = changes;
        return o;
    }

    [TestMethod]
    public void TheSchemaHasTheChangeColumnOnlyWhenAskedFor()
    {
        var data = Ml.Data.LoadFromEnumerable(TestData.Series(120));
        var off = Ml.Forecasting.ForecastByRtu(Options(false)).Fit(data);
        var on = Ml.Forecasting.ForecastByRtu(Options(true)).Fit(data);
        Assert.IsNull(off.GetOutputSchema(data.Schema).GetColumnOrNull("ForecastChange"));
        var column = on.GetOutputSchema(data.Schema).GetColumnOrNull("ForecastChange");
        Assert.IsNotNull(column);
        Assert.AreEqual(RtuForecastingOptions.ChangeWidth, ((VectorDataViewType)column.Value.Type).Size);
        Assert.AreEqual(NumberDataViewType.Single, ((VectorDataViewType)column.Value.Type).ItemType);
        Assert.AreEqual(13, on.PartVersion, "the option is stored from part version 13");
        Assert.AreNotEqual(13, off.PartVersion, "without it, the part older libraries read");
    }

    [TestMethod]
    public void TheColumnIsTheForecastersChangeOfTheSameRowAndReportsTheShift()
    {
        var rows = Shifted();
        var options = Options(true);
        options.StateColumnName = "State";   // the change column comes last, after the state column too
        options.IncludeIntervals = true;
        var train = Ml.Data.LoadFromEnumerable(rows.Take(200));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(200));
        var transformer = Ml.Forecasting.ForecastByRtu(options).Fit(train);
        var column = TestData.Column(transformer.Transform(test), "ForecastChange");

        var core = new RtuForecaster(options.ToSettings(exogenousCount: 1));
        foreach (var r in rows.Take(200)) core.Observe(r.Value, [r.Temperature], learn: true, default, default);
        var expected = new List<float[]>();
        foreach (var r in rows.Skip(200))
        {
            core.Observe(r.Value, [r.Temperature], learn: true, default, default);
            var c = core.LastChange;
            expected.Add(c.Confirmed ? [(float)c.Kind, c.RowsAgo, (float)c.From, (float)c.To] : [0, 0, 0, 0]);
        }
        TestData.AssertSame(expected, column);

        var confirmed = Enumerable.Range(0, column.Count).Where(t => column[t][0] != 0).ToArray();
        Assert.HasCount(1, confirmed, string.Join(", ", confirmed));
        float[] shift = column[confirmed[0]];
        Assert.AreEqual((float)SeriesChangeKind.LevelShift, shift[0]);
        Assert.AreEqual(ShiftAt, 200 + confirmed[0] - (int)shift[1], "began at the shift");
        Assert.AreEqual(rows[ShiftAt].Value, shift[3], 1e-4, "the value that began it");
        Assert.AreEqual(8, shift[3] - shift[2], 2, "the move");

        // Saved and loaded, the option and the column stay.
        string path = Path.Combine(Path.GetTempPath(), $"rtu-changes-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveRtu(transformer, train.Schema, path);
            var loaded = Ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            Assert.IsTrue(loaded.Options.IncludeChanges);
            TestData.AssertSame(column, TestData.Column(loaded.Transform(test), "ForecastChange"));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AStreamingEngineSaysWhichChangeAStreamsLastValueConfirmed()
    {
        var rows = Shifted();
        var transformer = Ml.Forecasting.ForecastByRtu(Options(false)).Fit(Ml.Data.LoadFromEnumerable(rows.Take(200)));
        var engine = transformer.CreateStreamingEngine();
        Assert.IsFalse(engine.LastChange("plant").Confirmed, "a stream that observed nothing");
        var found = new List<(int Row, SeriesChange Change)>();
        for (int t = 200; t < rows.Length; t++)
        {
            engine.Observe("plant", rows[t].Value, [rows[t].Temperature]);
            if (engine.LastChange("plant") is { Confirmed: true } c) found.Add((t, c));
        }
        Assert.HasCount(1, found);
        Assert.AreEqual(ShiftAt, found[0].Row - found[0].Change.RowsAgo);
        Assert.AreEqual(SeriesChangeKind.LevelShift, found[0].Change.Kind);
    }

    [TestMethod]
    public void AStateColumnNamedLikeTheChangeColumnIsRefused()
    {
        var options = Options(true);
        options.StateColumnName = "ForecastChange";
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ml.Forecasting.ForecastByRtu(options));
        StringAssert.Contains(e.Message, "change column");
    }
}
