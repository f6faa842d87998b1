using Google.Protobuf;
using Rtu.Onnx.Protos;
using Rtu.Onnx.Runtime;

namespace Rtu.Onnx.Tests;

/// <summary>Issue 12, defect 7: unbounded stream counts and ONNX files without an integrity check.</summary>
[TestClass]
public sealed class RunnerReliabilityTests
{
    private static string RtuFile() => TestFiles.Export(Arch.LinearRtuRelu, Head.Prediction, false);

    [TestMethod]
    public void AStreamCountBeyondTheLimitIsRefusedWithoutOverflowOrAllocation()
    {
        // 1 << 28 streams overflowed the buffer size; 1 << 26 allocated 3.5 GiB before failing.
        foreach (int count in new[] { 1 << 28, OnnxRecurrentRunner.MaxStreamCount + 1, int.MaxValue })
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OnnxRecurrentRunner(RtuFile(), count));
            Assert.AreEqual("streamCount", e.ParamName);
            StringAssert.Contains(e.Message, "MaxStreamCount");
        }
        using var atLimit = new OnnxRecurrentRunner(RtuFile(), 4);
        Assert.AreEqual(4, atLimit.StreamCount);
    }

    [TestMethod]
    public void ExportedFilesCarryTheirGraphHashAndAFlippedWeightIsRefused()
    {
        string path = RtuFile();
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.IsTrue(model.MetadataProps.Any(kv => kv.Key == OnnxIntegrity.MetadataKey), "the export writes the hash");
        using (var ok = new OnnxRecurrentRunner(path, 1)) Assert.AreEqual(model.MetadataProps.Single(kv => kv.Key == OnnxIntegrity.MetadataKey).Value, ok.Metadata[OnnxIntegrity.MetadataKey]);

        // One bit of one weight flipped (the file stays a valid ONNX model that ONNX Runtime would run).
        var weights = model.Graph.Initializer.First(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.RawData.Length >= 4);
        var raw = weights.RawData.ToByteArray();
        raw[2] ^= 0x40;
        weights.RawData = ByteString.CopyFrom(raw);
        string flipped = TestFiles.PathFor("flipped-weight.onnx");
        File.WriteAllBytes(flipped, model.ToByteArray());
        var e = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(flipped, 1));
        StringAssert.Contains(e.Message, "integrity");
        StringAssert.Contains(e.Message, "flipped-weight.onnx");

        // A byte flipped in the file itself: refused (integrity or parse), never run.
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(raw.AsSpan(0, 4).ToArray().Select((b, i) => i == 2 ? (byte)(b ^ 0x40) : b).ToArray());
        Assert.IsGreaterThan(0, at);
        bytes[at + 2] ^= 0x40;
        string flippedFile = TestFiles.PathFor("flipped-byte.onnx");
        File.WriteAllBytes(flippedFile, bytes);
        Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(flippedFile, 1));
    }

    [TestMethod]
    public void AChangedMetadataValueOrDocStringIsRefused()
    {
        // An outside audit: a metadata value changed by a bit (rtu_mlnet.change_mean 0.0916 → 1.0916) loaded, and the
        // runner's Metadata gave the changed value; the doc string too. The description's hash covers them now.
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(RtuFile()));
        Assert.IsTrue(model.MetadataProps.Any(kv => kv.Key == OnnxIntegrity.DescriptionKey), "the export writes the description's hash");
        var edits = new (string Name, Action<ModelProto> Edit)[]
        {
            ("metadata value", m => { var kv = m.MetadataProps.First(p => p.Key == "state_sizes"); kv.Value = kv.Value + "0"; }),
            ("metadata added", m => m.MetadataProps.Add(new StringStringEntryProto { Key = "obs_must_be_finite", Value = "false" })),
            ("doc string", m => m.DocString += " "),
        };
        foreach (var (name, edit) in edits)
        {
            var copy = model.Clone();
            edit(copy);
            string path = TestFiles.PathFor($"edited-{name.Replace(' ', '-')}.onnx");
            File.WriteAllBytes(path, copy.ToByteArray());
            var e = Assert.ThrowsExactly<OnnxModelValidationException>(() => new OnnxRecurrentRunner(path, 1), name);
            StringAssert.Contains(e.Message, OnnxIntegrity.DescriptionKey, name);
        }
        // Without the description's hash (a file exported before it), the graph's alone is checked, as before.
        var older = model.Clone();
        for (int i = older.MetadataProps.Count - 1; i >= 0; i--)
            if (older.MetadataProps[i].Key == OnnxIntegrity.DescriptionKey) older.MetadataProps.RemoveAt(i);
        older.DocString += " ";
        string olderPath = TestFiles.PathFor("graph-hash-only.onnx");
        File.WriteAllBytes(olderPath, older.ToByteArray());
        using var runner = new OnnxRecurrentRunner(olderPath, 1);
        runner.Step(new float[runner.ObservationSize]);
    }

    [TestMethod]
    public void FilesWithoutTheHashStillRun()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(RtuFile()));
        for (int i = model.MetadataProps.Count - 1; i >= 0; i--)
            if (model.MetadataProps[i].Key is OnnxIntegrity.MetadataKey or OnnxIntegrity.DescriptionKey) model.MetadataProps.RemoveAt(i);
        string path = TestFiles.PathFor("unsealed.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        using var runner = new OnnxRecurrentRunner(path, 2);
        runner.Step(new float[2 * runner.ObservationSize]);
        Assert.AreEqual(1, runner.StepCount);
    }
}
