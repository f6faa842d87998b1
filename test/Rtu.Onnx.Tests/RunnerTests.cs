using Google.Protobuf;
using Rtu.Onnx.Export;
using Rtu.Onnx.Graph;
using Rtu.Onnx.Protos;
using Rtu.Onnx.Runtime;
using Rtu.Tests.Shared;

namespace Rtu.Onnx.Tests;

[TestClass]
public sealed class RunnerTests
{
    private static string RtuFile() => TestFiles.Export(Arch.LinearRtuRelu, Head.Discrete, false);

    private static string Write(string name, OnnxGraphBuilder b)
    {
        string path = TestFiles.PathFor(name);
        File.WriteAllBytes(path, b.Build().ToByteArray());
        return path;
    }

    [TestMethod]
    public void RunnerReportsCpuProviderAndWhyCudaWasNotUsed()
    {
        using var runner = new OnnxRecurrentRunner(RtuFile(), 2);
        Assert.AreEqual(OnnxRecurrentRunner.CpuProvider, runner.ExecutionProvider);
        Assert.IsFalse(runner.UsesCuda);
        Assert.IsNotNull(runner.CudaFallbackReason);
        StringAssert.Contains(runner.CudaFallbackReason, "CUDA");
        Assert.Contains(OnnxRecurrentRunner.CpuProvider, OnnxRecurrentRunner.AvailableProviders());

        using var cpuOnly = new OnnxRecurrentRunner(RtuFile(), 2, new OnnxRunnerOptions { PreferCuda = false });
        Assert.AreEqual(OnnxRecurrentRunner.CpuProvider, cpuOnly.ExecutionProvider);
        Assert.IsNull(cpuOnly.CudaFallbackReason);
    }

    [TestMethod]
    public void SignatureAndMetadataAreExposed()
    {
        using var runner = new OnnxRecurrentRunner(RtuFile(), 3);
        Assert.AreEqual(ModelFactory.ObsSize, runner.ObservationSize);
        CollectionAssert.AreEqual(new[] { "state_h1", "state_h2" }, runner.States.Select(s => s.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "logits", "value" }, runner.Outputs.Select(s => s.Name).ToArray());
        Assert.AreEqual(4, runner.Outputs[0].Width);
        Assert.AreEqual(1, runner.Outputs[1].Width);

        var md = runner.Metadata;
        Assert.AreEqual("linear_rtu", md["architecture"]);
        Assert.AreEqual("actor_critic_discrete", md["head"]);
        Assert.AreEqual("relu", md["activation"]);
        Assert.AreEqual("4", md["units"]);
        Assert.AreEqual("5", md["obs_size"]);
        Assert.AreEqual("8", md["cell_output_size"]);
        Assert.AreEqual("state_h1,state_h2", md["state_names"]);
        Assert.AreEqual(OnnxGraphBuilder.LibraryVersion, md["library_version"]);
        foreach (var key in new[] { "input.obs", "input.state_h1", "input.state_h2", "output.logits", "output.value", "output.next_state_h1", "output.next_state_h2" })
            Assert.IsTrue(md.ContainsKey(key), $"metadata '{key}' missing");
        StringAssert.StartsWith(md["input.obs"], "[N,5] float32");
    }

    [TestMethod]
    public void ModelProtoHeaderNamesAndDocStrings()
    {
        var model = OnnxExporter.BuildModel(ModelFactory.Create(Arch.NonLinearRtuTanh, Head.Continuous, true, 7));
        var parsed = ModelProto.Parser.ParseFrom(model.ToByteArray());
        Assert.AreEqual(8L, parsed.IrVersion);
        Assert.AreEqual("Rtu.MLNet", parsed.ProducerName);
        Assert.HasCount(1, parsed.OpsetImport);
        Assert.AreEqual(17L, parsed.OpsetImport[0].Version);
        Assert.AreEqual("", parsed.OpsetImport[0].Domain);
        CollectionAssert.AreEqual(new[] { "obs", "state_h1", "state_h2" }, parsed.Graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "mean", "log_std", "value", "next_state_h1", "next_state_h2" }, parsed.Graph.Output.Select(i => i.Name).ToArray());
        foreach (var vi in parsed.Graph.Input.Concat(parsed.Graph.Output))
        {
            Assert.IsFalse(string.IsNullOrEmpty(vi.DocString), $"{vi.Name} has no doc_string");
            Assert.AreEqual("N", vi.Type.TensorType.Shape.Dim[0].DimParam);
        }
        // The 2x2 rotation-scaling is readable: named nodes and constants.
        var nodes = parsed.Graph.Node.Select(n => n.Name).ToHashSet();
        foreach (var n in new[] { "rtu/g_h1", "rtu/phi_h2", "rtu/rot1", "rtu/g_h2", "rtu/phi_h1", "rtu/rot2", "rtu/in1", "rtu/in2", "rtu/a1", "rtu/a2" })
            Assert.Contains(n, nodes);
        var inits = parsed.Graph.Initializer.Select(i => i.Name).ToHashSet();
        foreach (var n in new[] { "rtu/g", "rtu/phi", "rtu/eta", "rtu/W1", "rtu/W2", "actor/log_std" })
            Assert.Contains(n, inits);
    }

    [TestMethod]
    public void ExportIsAtomicAndOverwrites()
    {
        string dir = Path.Combine(TestFiles.Dir, "atomic");
        string path = Path.Combine(dir, "m.onnx");
        OnnxExporter.Export(ModelFactory.Create(Arch.Gru, Head.Prediction, false, 1), path);
        long first = new FileInfo(path).Length;
        OnnxExporter.Export(ModelFactory.Create(Arch.Gru, Head.Discrete, true, 2), path);
        Assert.AreNotEqual(first, new FileInfo(path).Length);
        CollectionAssert.AreEqual(new[] { "m.onnx" }, Directory.GetFiles(dir).Select(Path.GetFileName).ToArray());
        using var runner = new OnnxRecurrentRunner(path, 1);
        Assert.AreEqual("gru", runner.Metadata["architecture"]);
    }

    [TestMethod]
    public void ExporterRejectsInconsistentSizes()
    {
        var good = ModelFactory.Create(Arch.LinearRtuTanh, Head.Prediction, false, 3);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.BuildModel(good with { ObservationSize = 6 }));
        StringAssert.Contains(ex.Message, "does not match");
        var rtu = (RtuWeights)good.Cell;
        ex = Assert.ThrowsExactly<ArgumentException>(() => OnnxExporter.BuildModel(good with { Cell = rtu with { W1 = new float[3] } }));
        StringAssert.Contains(ex.Message, "RTU.W1");
    }

    [TestMethod]
    public void NotAnOnnxFileGivesAClearError()
    {
        string path = TestFiles.PathFor("garbage.onnx");
        File.WriteAllText(path, "this is not a protobuf model at all");
        var ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(path, 1));
        StringAssert.Contains(ex.Message, "not a valid ONNX model");
        StringAssert.Contains(ex.Message, path);
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => new OnnxRecurrentRunner(TestFiles.PathFor("nope.onnx"), 1)).Message, "does not exist");
        // A folder exists, but is no model (an outside audit was told it did not exist).
        StringAssert.Contains(Assert.ThrowsExactly<FileNotFoundException>(() => new OnnxRecurrentRunner(Path.GetTempPath(), 1)).Message, "is a folder");
    }

    [TestMethod]
    public void MissingObsInputIsNamed()
    {
        var b = new OnnxGraphBuilder("g").AddInput("observation", new long?[] { null, 3 });
        b.Op("Relu", "y", "observation");
        b.AddOutput("y", new long?[] { null, 3 });
        var ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(Write("no_obs.onnx", b), 1));
        StringAssert.Contains(ex.Message, "no input 'obs'");
        StringAssert.Contains(ex.Message, "observation [N,3]");
    }

    [TestMethod]
    public void WrongObsWidthIsReportedWithShapes()
    {
        var ex = Assert.ThrowsExactly<OnnxModelValidationException>(
            () => new OnnxRecurrentRunner(RtuFile(), 2, new OnnxRunnerOptions { ObservationSize = 6 }));
        StringAssert.Contains(ex.Message, "'obs'");
        StringAssert.Contains(ex.Message, "[N,5]");
        StringAssert.Contains(ex.Message, "[N,6]");
    }

    [TestMethod]
    public void WrongOrMissingStateShapeIsReported()
    {
        var ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(RtuFile(), 2,
            new OnnxRunnerOptions { StateSizes = new Dictionary<string, int> { ["state_h1"] = 5, ["state_h2"] = 4 } }));
        StringAssert.Contains(ex.Message, "'state_h1'");
        StringAssert.Contains(ex.Message, "[N,4]");
        StringAssert.Contains(ex.Message, "[N,5]");

        ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(RtuFile(), 2,
            new OnnxRunnerOptions { StateSizes = new Dictionary<string, int> { ["state_h"] = 4 } }));
        StringAssert.Contains(ex.Message, "missing state input 'state_h' [N,4]");

        ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(RtuFile(), 2,
            new OnnxRunnerOptions { RequiredOutputs = new[] { "prediction" } }));
        StringAssert.Contains(ex.Message, "missing output 'prediction'");
    }

    [TestMethod]
    public void StateAndNextStateShapesMustAgree()
    {
        var b = new OnnxGraphBuilder("g")
            .AddInput("obs", new long?[] { null, 3 })
            .AddInput("state_h", new long?[] { null, 4 });
        b.Op("Relu", "next_state_h", "obs");
        b.Op("Relu", "y", "state_h");
        b.AddOutput("y", new long?[] { null, 4 }).AddOutput("next_state_h", new long?[] { null, 3 });
        var ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(Write("mismatch.onnx", b), 1));
        StringAssert.Contains(ex.Message, "'state_h'");
        StringAssert.Contains(ex.Message, "[N,4]");
        StringAssert.Contains(ex.Message, "'next_state_h' has shape [N,3]");

        var c = new OnnxGraphBuilder("g").AddInput("obs", new long?[] { null, 3 });
        c.Op("Relu", "next_state_h", "obs");
        c.Op("Tanh", "y", "obs");
        c.AddOutput("y", new long?[] { null, 3 }).AddOutput("next_state_h", new long?[] { null, 3 });
        ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(Write("orphan.onnx", c), 1));
        StringAssert.Contains(ex.Message, "no input 'state_h'");

        var d = new OnnxGraphBuilder("g").AddInput("obs", new long?[] { null, 3, 2 });
        d.Op("Relu", "y", "obs");
        d.AddOutput("y", new long?[] { null, 3, 2 });
        ex = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(Write("rank3.onnx", d), 1));
        StringAssert.Contains(ex.Message, "'obs'");
        StringAssert.Contains(ex.Message, "[N,3,2]");
    }

    [TestMethod]
    public void StepRejectsWrongObsLengthAndUnknownNames()
    {
        using var runner = new OnnxRecurrentRunner(RtuFile(), 3);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => runner.Step(new float[10]));
        StringAssert.Contains(ex.Message, "'obs' must be [3,5]");
        Assert.ThrowsExactly<ArgumentException>(() => runner.Output("prediction"));
        Assert.ThrowsExactly<ArgumentException>(() => runner.State("state_h"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => runner.Reset(3));
    }

    [TestMethod]
    public void StepAllocatesNoManagedMemoryAndResetZeroesOneStream()
    {
        using var runner = new OnnxRecurrentRunner(RtuFile(), 3);
        var obs = new float[15];
        for (int i = 0; i < obs.Length; i++) obs[i] = 0.1f * (i + 1);
        for (int i = 0; i < 10; i++) runner.Step(obs);
        long allocated = SteadyAllocation.FewestBytes(() => { for (int i = 0; i < 200; i++) runner.Step(obs); });
        Assert.AreEqual(0L, allocated, "Step allocated managed memory");

        runner.Reset(1);
        var h1 = runner.State("state_h1").ToArray();
        Assert.IsTrue(h1.AsSpan(4, 4).ToArray().All(v => v == 0));
        Assert.IsTrue(h1.AsSpan(0, 4).ToArray().Any(v => v != 0));
        runner.ResetAll();
        Assert.IsTrue(runner.State("state_h2").ToArray().All(v => v == 0));
    }

    [TestMethod]
    public void ConcurrentStepsAreSerialized()
    {
        using var runner = new OnnxRecurrentRunner(RtuFile(), 2);
        Parallel.For(0, 4, _ =>
        {
            var obs = new float[10];
            var dest = new[] { new float[8], new float[2] };
            for (int i = 0; i < 50; i++)
            {
                runner.Step(obs, dest);
                Assert.IsTrue(dest.All(d => d.All(float.IsFinite)));
            }
        });
        Assert.AreEqual(200L, runner.StepCount);
        var copy = new float[8];
        runner.CopyOutput("logits", copy);
        runner.CopyState("state_h1", copy);
    }

    [TestMethod]
    public void MemorylessModelRunsWithoutState()
    {
        string path = TestFiles.Export(Arch.Memoryless, Head.Prediction, false);
        using var runner = new OnnxRecurrentRunner(path, 2, new OnnxRunnerOptions { StateSizes = new Dictionary<string, int>() });
        Assert.HasCount(0, runner.States);
        runner.Step(new float[10]);
        Assert.AreEqual(6, runner.Output("prediction").Length);
        runner.Reset(0);
    }
}
