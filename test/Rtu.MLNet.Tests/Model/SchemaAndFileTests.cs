using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class SchemaAndFileTests
{
    private static readonly MLContext Ml = new(seed: 1);

    public sealed class DoubleSeries { public double Value { get; set; } public float Temperature { get; set; } }

    public sealed class WideRow { [VectorType(4)] public float[] Features { get; set; } = [0, 0, 0, 0]; public float Label { get; set; } }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void BadSchemasFailWithClearMessages()
    {
        var series = Ml.Data.LoadFromEnumerable(TestData.Series(30));
        var options = TestData.SmallForecastOptions();
        // Missing column, at Fit and in the estimator's schema propagation.
        var missing = Ml.Forecasting.ForecastByRtu("Forecast", "Sales");
        var e1 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => missing.Fit(series));
        StringAssert.Contains(e1.Message, "'Sales'");
        StringAssert.Contains(e1.Message, "not found");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => missing.GetOutputSchema(RtuSchema.ShapeOf(series.Schema)));

        // Wrong type.
        var doubles = Ml.Data.LoadFromEnumerable(new[] { new DoubleSeries { Value = 1 } });
        var e2 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu(options).Fit(doubles));
        StringAssert.Contains(e2.Message, "Double");
        StringAssert.Contains(e2.Message, "ConvertType");

        // Wrong vector size at transform time (fitted on 3 features).
        var features = Ml.Data.LoadFromEnumerable(TestData.Features(20));
        var transformer = Ml.Transforms.RtuStateFeatures("State", "Features").Fit(features);
        var wide = Ml.Data.LoadFromEnumerable(new[] { new WideRow() });
        var e3 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(wide));
        StringAssert.Contains(e3.Message, "3 Single");
        StringAssert.Contains(e3.Message, "has 4");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.GetOutputSchema(wide.Schema));

        // Bad options name the option.
        var e4 = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Forecasting.ForecastByRtu("F", "Value", horizon: 0));
        Assert.AreEqual("Horizon", e4.ParamName);

        // The estimator's output schema has the forecast vector.
        var shape = Ml.Forecasting.ForecastByRtu(options).GetOutputSchema(RtuSchema.ShapeOf(series.Schema));
        var col = shape.Single(c => c.Name == "Forecast");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, col.Kind);
        Assert.AreEqual(NumberDataViewType.Single, col.ItemType);
    }

    [TestMethod]
    public void SaveLoadTransformGivesIdenticalOutputs()
    {
        var rows = TestData.Series(150);
        var view = Ml.Data.LoadFromEnumerable(rows);
        // A chain mixing ML.NET transformers and both RTU transformers.
        var pipeline = Ml.Transforms.CopyColumns("Copy", "Value")
            .Append(Ml.Transforms.Concatenate("Features", "Value", "Temperature"))
            .Append(Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 }))
            .Append(Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()))
            .Append(Ml.Transforms.Concatenate("All", "State", "Forecast"));
        var model = pipeline.Fit(Ml.Data.TakeRows(view, 100));
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        var before = TestData.Column(model.Transform(test), "All");

        string path = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), $"model-{Guid.NewGuid():N}.zip");
        Ml.Model.SaveRtu(model, view.Schema, path);
        var loaded = Ml.Model.LoadRtu(path, out var schema);
        Assert.AreEqual(view.Schema.Count, schema.Count);
        TestData.AssertSame(before, TestData.Column(loaded.Transform(test), "All"));

        // A single transformer round-trips as itself.
        var single = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(view);
        Ml.Model.SaveRtu(single, view.Schema, path);
        var back = Ml.Model.LoadRtu(path, out _);
        Assert.IsInstanceOfType<RtuForecastingTransformer>(back);
        TestData.AssertSame(TestData.Column(single.Transform(test), "Forecast"), TestData.Column(back.Transform(test), "Forecast"));
        File.Delete(path);
    }

    [TestMethod]
    public void CorruptTruncatedAndNewerFilesFailClearly()
    {
        var view = Ml.Data.LoadFromEnumerable(TestData.Series(50));
        var model = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(view);
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-files-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string good = Path.Combine(dir, "good.zip");
            Ml.Model.SaveRtu(model, view.Schema, good);
            byte[] bytes = File.ReadAllBytes(good);

            string garbage = Path.Combine(dir, "garbage.zip");
            File.WriteAllText(garbage, "this is not a model");
            var e1 = Assert.ThrowsExactly<InvalidDataException>(() => Ml.Model.LoadRtu(garbage, out _));
            StringAssert.Contains(e1.Message, "not an Rtu.MLNet model");

            string truncated = Path.Combine(dir, "truncated.zip");
            File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());
            var e2 = Assert.ThrowsExactly<InvalidDataException>(() => Ml.Model.LoadRtu(truncated, out _));
            StringAssert.Contains(e2.Message, "truncated");

            // A valid zip whose RTU part was altered: the checksum catches it.
            string corrupt = Path.Combine(dir, "corrupt.zip");
            File.Copy(good, corrupt);
            using (var zip = ZipFile.Open(corrupt, ZipArchiveMode.Update))
            {
                var entry = zip.Entries.First(e => e.FullName.EndsWith(".rtu", StringComparison.Ordinal));
                byte[] part;
                using (var s = entry.Open()) { using var ms = new MemoryStream(); s.CopyTo(ms); part = ms.ToArray(); }
                part[part.Length / 2] ^= 0x40;
                string name = entry.FullName;
                entry.Delete();
                using var w = zip.CreateEntry(name).Open();
                w.Write(part);
            }
            var e3 = Assert.ThrowsExactly<InvalidDataException>(() => Ml.Model.LoadRtu(corrupt, out _));
            StringAssert.Contains(e3.Message, "corrupt");

            string newer = Path.Combine(dir, "future.zip");
            File.Copy(good, newer);
            using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("rtu-model.json")!;
                string json;
                using (var r = new StreamReader(entry.Open())) json = r.ReadToEnd();
                entry.Delete();
                json = json.Replace($"\"formatVersion\": {RtuModel.FormatVersion}", $"\"formatVersion\": {RtuModel.FormatVersion + 1}");
                using (var w = new StreamWriter(zip.CreateEntry("rtu-model.json").Open(), new UTF8Encoding(false))) w.Write(json);
                // A future library writes a valid checksum of its manifest (format 3 on).
                zip.GetEntry("rtu-model.json.sha256")!.Delete();
                using var h = new StreamWriter(zip.CreateEntry("rtu-model.json.sha256").Open(), Encoding.ASCII);
                h.Write(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json))));
            }
            var e4 = Assert.ThrowsExactly<InvalidDataException>(() => Ml.Model.LoadRtu(newer, out _));
            StringAssert.Contains(e4.Message, "newer");

            Assert.ThrowsExactly<FileNotFoundException>(() => Ml.Model.LoadRtu(Path.Combine(dir, "none.zip"), out _));
            StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => Ml.Model.LoadRtu(dir, out _)).Message, "is a directory");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void AFailedSaveKeepsThePreviousModel()
    {
        var view = Ml.Data.LoadFromEnumerable(TestData.Series(50));
        var model = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(view);
        string dir = Path.Combine(Path.GetTempPath(), $"rtu-save-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "model.zip");
            Ml.Model.SaveRtu(model, view.Schema, path);
            byte[] before = File.ReadAllBytes(path);
            // A schema the model cannot accept makes the save fail part-way.
            var wrong = Ml.Data.LoadFromEnumerable(TestData.Features(3)).Schema;
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Model.SaveRtu(model, wrong, path));
            CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
            Assert.HasCount(1, Directory.GetFiles(dir), "no temporary file is left behind");
            Assert.IsInstanceOfType<RtuForecastingTransformer>(Ml.Model.LoadRtu(path, out _));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void MlNetModelSaveExplainsWhatToUseInstead()
    {
        var view = Ml.Data.LoadFromEnumerable(TestData.Series(20));
        var model = Ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(view);
        using var ms = new MemoryStream();
        var e = Assert.Throws<Exception>(() => Ml.Model.Save(model, view.Schema, ms));
        StringAssert.Contains(e.ToString(), "RtuModel.Save");
    }
}
