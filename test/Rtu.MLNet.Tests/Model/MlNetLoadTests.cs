using Microsoft.ML;
using Rtu.MLNet.Tests.Reliability;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class MlNetLoadTests
{
    /// <summary>
    /// ML.NET's Model.Load cannot be taught to read an Rtu container (the loader registration it would need,
    /// LoadableClassAttribute, SignatureLoadModel, ModelLoadContext, is internal to ML.NET), but from format 9 the
    /// container also holds ML.NET's saved bytes of a CustomMapping transformer whose contract name points to LoadRtu,
    /// so ML.NET's load fails naming LoadRtu. RtuModel.IsRtuModel still tells the two kinds of file apart.
    /// </summary>
    /// <summary>
    /// ML.NET's Model.Save(…, path) creates the file before it asks the parts to save, so refusing an RTU part cannot
    /// keep a model that was at that path (an audit: a SaveRtu file became a 193-byte zip). The refusal says so (the
    /// forecaster inside a chain, the state features; the policy throws the same).
    /// </summary>
    [TestMethod]
    public void MlNetsSaveOfAnRtuPartIsRefusedSayingTheFileAtThePathIsLost()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(TestData.Series(60));
        var chain = ml.Transforms.CopyColumns("V2", "Value").Append(ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions())).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-mlnet-save-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveRtu(chain, data.Schema, path);
            var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(chain, data.Schema, path));
            StringAssert.Contains(e.Message, "mlContext.Model.SaveRtu");
            StringAssert.Contains(e.Message, "a model saved there before is lost");
            // What the message says: the file that was there is gone.
            Assert.IsFalse(RtuModel.IsRtuModel(path));
            var features = ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 2 })
                .Fit(ml.Data.LoadFromEnumerable(TestData.Features(20)));
            using var sink = new MemoryStream();
            StringAssert.Contains(Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(features, ml.Data.LoadFromEnumerable(TestData.Features(20)).Schema, sink)).Message,
                "a model saved there before is lost");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void MlNetsLoadOnAnRtuFileFailsPointingToLoadRtu()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(TestData.Series(60));
        var model = ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-mlnet-load-{Guid.NewGuid():N}.zip");
        string plain = path + ".mlnet.zip";
        try
        {
            ml.Model.SaveRtu(model, data.Schema, path);
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Model.Load(path, out _));
            var messages = new List<string>();
            for (Exception? x = e; x is not null; x = x.InnerException) messages.Add($"{x.GetType().Name}: {x.Message}");
            Console.WriteLine(string.Join("\n ---> ", messages));
            // ML.NET's outer message is its own ("Error during class instantiation"); an inner one, and so the
            // exception's ToString (what an unhandled exception prints), carries the pointer.
            Assert.IsTrue(messages.Any(m => m.Contains("Unable to locate an extension for the contract 'Rtu.MLNet model file: mlContext.Model.Load cannot read it; load it with mlContext.Model.LoadRtu(path, out schema)'", StringComparison.Ordinal)),
                string.Join("\n", messages));
            StringAssert.Contains(e.ToString(), "mlContext.Model.LoadRtu(path, out schema)");
            Assert.IsTrue(RtuModel.IsRtuModel(path));

            // LoadRtu reads the same file and predicts identically.
            var loaded = ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _);
            TestData.AssertSame(TestData.Column(model.Transform(data), "Forecast"), TestData.Column(loaded.Transform(data), "Forecast"));

            ml.Model.Save(ml.Transforms.CopyColumns("V2", "Value").Fit(data), data.Schema, plain);
            Assert.IsFalse(RtuModel.IsRtuModel(plain));
            Assert.IsFalse(RtuModel.IsRtuModel(path + ".absent"));

            // The documented pattern (README): load either kind.
            ITransformer Load(string p)
            {
                try { return ml.Model.Load(p, out _); }
                catch (InvalidOperationException) when (RtuModel.IsRtuModel(p)) { return ml.Model.LoadRtu(p, out _); }
            }
            Assert.IsInstanceOfType<RtuForecastingTransformer>(Load(path));
            Assert.IsNotInstanceOfType<RtuForecastingTransformer>(Load(plain));
        }
        finally { File.Delete(path); File.Delete(plain); }
    }

    [TestMethod]
    public void ThePointerNamesOnlyCoreLibAsTheMappingsAssembly()
    {
        // ML.NET loads the mapping's assembly by full name before it reads the contract: a reader without Rtu.MLNet, or
        // with an older version of it, would get a TargetInvocationException naming Rtu.MLNet instead of the pointer.
        var model = ReliabilityFixture.Entries(ReliabilityFixture.SaveModel(new Microsoft.ML.Data.TransformerChain<ITransformer>(), ReliabilityFixture.Ml.Data.LoadFromEnumerable(TestData.Series(3)).Schema))["TransformerChain/Model.key"];
        var text = System.Text.Encoding.Unicode.GetString(model.Length % 2 == 0 ? model : model[..^1]) + System.Text.Encoding.Unicode.GetString(model[1..]);
        StringAssert.Contains(text, typeof(object).Assembly.FullName!);
        Assert.DoesNotContain("Rtu.MLNet,", text);
        StringAssert.Contains(text, "load it with mlContext.Model.LoadRtu(path, out schema)");
    }

    [TestMethod]
    public void AFormat8FileWithoutThePointerStillLoadsAndMlNetSaysLegacyFormat()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(TestData.Series(60));
        var model = ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions()).Fit(data);
        using var ms = new MemoryStream();
        RtuModel.Save(ml, model, data.Schema, ms);
        var entries = ContainerEdits.WithoutMlNetPointer(ReliabilityFixture.Entries(ms.ToArray()));
        // A format 8 forecaster part is a current one without the SecondSeasonLength (int32 −1: null) before its end marker.
        var current = entries["parts/0.rtu"];
        int secondAt = current.Length - (1 + "end".Length) - 4;
        Assert.AreEqual(-1, BitConverter.ToInt32(current, secondAt));
        var part = current.Take(secondAt).Concat(current.Skip(secondAt + 4)).ToArray();
        BitConverter.GetBytes(8).CopyTo(part, 1 + "Rtu.MLNet.Part".Length);
        entries["parts/0.rtu"] = part;
        var manifest = ReliabilityFixture.Text(entries[ContainerEdits.ManifestEntry]).Replace($"\"formatVersion\": {RtuModel.FormatVersion}", "\"formatVersion\": 8")
            .Replace(ReliabilityFixture.Sha(current), ReliabilityFixture.Sha(part));
        entries[ContainerEdits.ManifestEntry] = System.Text.Encoding.UTF8.GetBytes(manifest);
        entries[ContainerEdits.ManifestHashEntry] = System.Text.Encoding.ASCII.GetBytes(ReliabilityFixture.Sha(entries[ContainerEdits.ManifestEntry]));
        var format8 = ReliabilityFixture.Pack(entries);

        var loaded = RtuModel.Load(ml, new MemoryStream(format8), out _);
        TestData.AssertSame(TestData.Column(model.Transform(data), "Forecast"), TestData.Column(loaded.Transform(data), "Forecast"));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Model.Load(new MemoryStream(format8), out _));
        StringAssert.Contains(e.Message, "legacy format");   // ML.NET's own words (5.0.1) for a file without the pointer
    }

    [TestMethod]
    public void LoadRtuOfTheWrongTypeNamesWhatTheFileHolds()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(TestData.Series(60));
        var chain = ml.Transforms.CopyColumns("V2", "Value").Append(ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions())).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-typed-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveRtu(chain, data.Schema, path);
            var e = Assert.ThrowsExactly<InvalidCastException>(() => ml.Model.LoadRtu<RtuForecastingTransformer>(path, out _));
            StringAssert.Contains(e.Message, "ColumnCopyingTransformer → RtuForecastingTransformer");
            Assert.IsNotNull(ml.Model.LoadRtu<Microsoft.ML.Data.TransformerChain<ITransformer>>(path, out _));
        }
        finally { File.Delete(path); }
    }

    public sealed class MappingIn { public float Temperature { get; set; } }

    public sealed class MappingOut { public float Warmth { get; set; } }

    [TestMethod]
    public void APartMlNetCannotBuildIsNotCalledCorrupt()
    {
        // An outside audit: a CustomMapping whose factory is not registered failed LoadRtu as "it is corrupt", the cause
        // (ML.NET's "Unable to locate an extension for the contract …") five exceptions down. The part's checksum holds.
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(TestData.Series(60));
        var chain = ml.Transforms.CustomMapping<MappingIn, MappingOut>((i, o) => o.Warmth = i.Temperature, "noSuchFactory")
            .Append(ml.Forecasting.ForecastByRtu(TestData.SmallForecastOptions())).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"rtu-factory-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveRtu(chain, data.Schema, path);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadRtu(path, out _));
            StringAssert.Contains(e.Message, "ML.NET cannot load this part, whose checksum holds (it is as it was written");
            StringAssert.Contains(e.Message, "noSuchFactory");
            Assert.DoesNotContain("corrupt", e.Message);
        }
        finally { File.Delete(path); }
    }
}
