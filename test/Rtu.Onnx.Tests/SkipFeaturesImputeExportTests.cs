using Rtu.Onnx.Export;
using Rtu.Onnx.Runtime;

namespace Rtu.Onnx.Tests;

/// <summary>
/// The options used by Rtu.MLNet's export: heads that also read the cell input (skip connection), the cell output as a
/// <c>features</c> output, a pure feature map without heads, and mean imputation of non-finite observations.
/// </summary>
[TestClass]
public sealed class SkipFeaturesImputeExportTests
{
    private const int Streams = 2, Steps = 300;

    private static RecurrentModelWeights Create(Arch arch, bool heads, int seed)
    {
        var rng = new Random(seed);
        var baseModel = ModelFactory.Create(arch, Head.Prediction, inputMlp: false, seed);
        int f = baseModel.Cell.OutputSize + ModelFactory.ObsSize;
        var norm = new InputNormalizationWeights(ModelFactory.Uniform(rng, ModelFactory.ObsSize, 0.5),
            [.. Enumerable.Range(0, ModelFactory.ObsSize).Select(i => 0.5f + i)], 2f) { ImputeNonFinite = true };
        return baseModel with
        {
            Heads = heads ? new PredictionHeadWeights(new MlpWeights([ModelFactory.Dense(rng, f, 3, Activation.Identity)]), [2f, 0.5f, 1f], [1f, -3f, 0f]) : null,
            InputNormalization = norm,
            HeadSkipConnection = heads,
            OutputFeatures = true,
            Metadata = new Dictionary<string, string> { ["custom.key"] = "custom value" },
        };
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (var arch in new[] { Arch.LinearRtuRelu, Arch.NonLinearRtuTanh, Arch.OnlineLru, Arch.Gru, Arch.Memoryless })
        {
            yield return [arch, true];
            yield return [arch, false];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void OnnxRuntimeMatchesTheReferenceWithMissingObservations(Arch arch, bool heads)
    {
        var model = Create(arch, heads, 7 + (int)arch);
        string path = TestFiles.PathFor($"skip_{arch}_{heads}.onnx");
        OnnxExporter.Export(model, path);
        var reference = new ReferenceModel(model);
        using var runner = new OnnxRecurrentRunner(path, Streams, new OnnxRunnerOptions { PreferCuda = false });
        Assert.AreEqual("custom value", runner.Metadata["custom.key"]);
        CollectionAssert.AreEquivalent(heads ? new[] { "prediction", "features" } : new[] { "features" }, runner.Outputs.Select(o => o.Name).ToArray());

        var states = Enumerable.Range(0, Streams).Select(_ => reference.ZeroState()).ToArray();
        var rng = new Random(3);
        var obs = new float[Streams * ModelFactory.ObsSize];
        double worst = 0;
        for (int t = 0; t < Steps; t++)
        {
            for (int i = 0; i < obs.Length; i++)
            {
                double u = rng.NextDouble();
                obs[i] = u < 0.05 ? float.NaN : u < 0.07 ? float.PositiveInfinity : u < 0.09 ? float.NegativeInfinity : (float)(rng.NextDouble() * 8 - 4);
            }
            runner.Step(obs);
            for (int s = 0; s < Streams; s++)
            {
                var row = obs.AsSpan(s * ModelFactory.ObsSize, ModelFactory.ObsSize).ToArray().Select(v => (double)v).ToArray();
                foreach (var (name, values) in reference.Step(row, states[s]))
                {
                    var actual = runner.Output(name).Slice(s * values.Length, values.Length);
                    for (int j = 0; j < values.Length; j++)
                    {
                        Assert.IsTrue(float.IsFinite(actual[j]), $"{name}[{j}] at step {t} is {actual[j]}: a missing observation leaked");
                        worst = Math.Max(worst, Math.Abs(actual[j] - values[j]));
                    }
                }
            }
        }
        Assert.IsLessThanOrEqualTo(1e-5, worst, $"{arch} heads={heads}: worst |ONNX − reference| {worst:E2}");
    }

    [TestMethod]
    public void FilesWithTheNewOptionsPassTheOnnxChecker()
    {
        var paths = Cases().Select(c =>
        {
            var (arch, heads) = ((Arch)c[0], (bool)c[1]);
            string path = TestFiles.PathFor($"checker_skip_{arch}_{heads}.onnx");
            OnnxExporter.Export(Create(arch, heads, 11), path);
            return path;
        }).ToList();
        var (code, stdout, stderr) = OnnxCheckerTests.RunPython(paths);
        Assert.AreEqual(0, code, $"onnx.checker rejected a file:\n{stderr}\n{stdout}");
    }

    [TestMethod]
    public void AModelWithoutHeadsMustOutputItsFeatures()
    {
        var model = Create(Arch.Gru, heads: false, 1) with { OutputFeatures = false };
        var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ToBytes(model));
        StringAssert.Contains(e.Message, "no heads");
    }

    [TestMethod]
    public void AHeadSizedForTheCellOutputAloneIsRefusedWithASkipConnection()
    {
        var model = ModelFactory.Create(Arch.LinearRtuRelu, Head.Prediction, inputMlp: false, 1) with { HeadSkipConnection = true };
        var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ToBytes(model));
        StringAssert.Contains(e.Message, "HeadSkipConnection");
    }

    [TestMethod]
    public void MetadataMayNotReplaceTheExportersKeys()
    {
        var model = Create(Arch.Gru, heads: true, 1) with { Metadata = new Dictionary<string, string> { ["architecture"] = "mine" } };
        var e = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.ToBytes(model));
        StringAssert.Contains(e.Message, "'architecture'");
    }
}
