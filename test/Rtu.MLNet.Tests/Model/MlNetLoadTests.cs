using Microsoft.ML;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class MlNetLoadTests
{
    /// <summary>
    /// ML.NET's Model.Load cannot be taught to read (or to explain) an Rtu container: the loader registration it would
    /// need (LoadableClassAttribute, SignatureLoadModel, ModelLoadContext, VersionInfo) is internal to ML.NET. What the
    /// library offers instead: RtuModel.IsRtuModel, to check first or to turn ML.NET's error into a pointer to LoadRtu.
    /// </summary>
    [TestMethod]
    public void MlNetsLoadOnAnRtuFileFailsAndIsRtuModelSaysWhy()
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
            StringAssert.Contains(e.Message, "legacy format");   // ML.NET's own words (5.0.1)
            Assert.IsTrue(RtuModel.IsRtuModel(path));

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
}
