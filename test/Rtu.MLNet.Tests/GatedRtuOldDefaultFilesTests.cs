using System.Security.Cryptography;
using Microsoft.ML;
using Rtu.MLNet.Tests.Control;
using Rtu.Trainers.Cells;
using static Rtu.MLNet.Tests.OlderLibraryFiles;

namespace Rtu.MLNet.Tests;

/// <summary>
/// Files that the library wrote when the gated RTU's defaults were share 0.25 and a₀ in [0.02, 0.5] (commit 3929ffa, model
/// format 11; Data/README.md) load with those settings, not today's defaults (0.5, [0.002, 0.1]), and predict, continue,
/// restore checkpoints, start new keys and export to ONNX exactly as that library did.
/// </summary>
[TestClass]
public sealed class GatedRtuOldDefaultFilesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void AGatedPipelineOfTheOldDefaultsLoadsAtShareQuarterAndPredictsAsWritten()
    {
        Assert.AreEqual(0.5, new RtuForecastingOptions().OpenUnitShare, "today's default is not what the file holds");
        var model = Ml.Model.LoadRtu(DataFile("gated-pipeline-format11.zip"), out _);
        var parts = ((IEnumerable<ITransformer>)model).ToList();
        var state = parts.OfType<RtuStateFeaturesTransformer>().Single();
        var forecaster = parts.OfType<RtuForecastingTransformer>().Single();
        foreach (var (share, min, max) in new[]
        {
            (state.Options.OpenUnitShare, state.Options.DecayGateInitMin, state.Options.DecayGateInitMax),
            (forecaster.Options.OpenUnitShare, forecaster.Options.DecayGateInitMin, forecaster.Options.DecayGateInitMax),
        })
        {
            Assert.AreEqual(0.25, share);
            Assert.AreEqual((0.02, 0.5), (min, max), "the a₀ range of then");
        }
        var rows = KeyedRows();
        var test = Ml.Data.LoadFromEnumerable(rows.Skip(100));
        const string expected = "gated-pipeline-format11-expected.csv";
        TestData.AssertSame(Expected(expected, "state"), TestData.Column(model.Transform(test), "State"));
        TestData.AssertSame(Expected(expected, "forecast"), TestData.Column(model.Transform(test), "Forecast"));

        // A streaming engine: fitted keys continue, a key never seen starts untrained from the stored settings (its a₀
        // draws are those of [0.02, 0.5]), and the engine's checkpoint written then restores and continues alike.
        var engine = forecaster.CreateStreamingEngine();
        var (seen, fresh) = (new List<float[]>(), new List<float[]>());
        for (int t = 100; t < 130; t++)
        {
            seen.Add(engine.Observe(rows[t].Key, rows[t].Value, [rows[t].Temperature]));
            fresh.Add(engine.Observe("fresh", rows[t].Value, [rows[t].Temperature]));
        }
        TestData.AssertSame(Expected(expected, "engine"), seen);
        TestData.AssertSame(Expected(expected, "fresh"), fresh);
        var restored = forecaster.CreateStreamingEngine();
        restored.Restore(DataFile("gated-forecast-engine-format11.ckpt"));
        var (seenAfter, freshAfter) = (new List<float[]>(), new List<float[]>());
        for (int t = 130; t < 150; t++)
        {
            seenAfter.Add(restored.Observe(rows[t].Key, rows[t].Value, [rows[t].Temperature]));
            freshAfter.Add(restored.Observe("fresh", rows[t].Value, [rows[t].Temperature]));
        }
        TestData.AssertSame(Expected(expected, "restored"), seenAfter);
        TestData.AssertSame(Expected(expected, "restored-fresh"), freshAfter);

        // The ONNX graph of one series is byte for byte the one that library exported (since 2026-12-07 the file also
        // carries the hash of its metadata and description, a last metadata entry, left out here).
        string onnx = Path.Combine(Path.GetTempPath(), $"gated-old-{Guid.NewGuid():N}.onnx");
        try
        {
            forecaster.ForKey("a").ExportToOnnx(onnx);
            string sha = File.ReadAllLines(DataFile(expected)).Single(l => l.StartsWith("onnx-sha256,", StringComparison.Ordinal))[12..];
            // Metadata (field 14) is written last: the entry is tag 0x72, its length 90, key (2 + 22 bytes) and value (2 + 64).
            byte[] bytes = File.ReadAllBytes(onnx);
            const int entry = 1 + 1 + 2 + 22 + 2 + 64;
            StringAssert.StartsWith(System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - entry + 4, 22), Rtu.Onnx.Runtime.OnnxIntegrity.DescriptionKey);
            // Since 2026-12-08 a forecaster's graph also carries its model's fingerprint (RtuForecastObservations.ModelFingerprintKey,
            // an entry of the same size among the metadata), left out here too.
            int key = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(RtuForecastObservations.ModelFingerprintKey));
            Assert.IsGreaterThanOrEqualTo(4, key, "the export writes the model's fingerprint");
            Assert.AreEqual((byte)0x72, bytes[key - 4], "a metadata entry's tag");
            byte[] before = [.. bytes.AsSpan(0, key - 4), .. bytes.AsSpan(key - 4 + entry, bytes.Length - entry - (key - 4 + entry))];
            Assert.AreEqual(sha, Convert.ToHexString(SHA256.HashData(before)));
        }
        finally { File.Delete(onnx); }
    }

    [TestMethod]
    public void ACheckpointOfAnOlderLayoutIsCheckedAsStrictlyAsACurrentOne()
    {
        // The checkpoint was written in forecast pool layout 7; this library writes layout 8, so it is checked against the
        // model file's own bytes (StoredPrototype). Hash-valid edits anywhere in its payload, and truncations, must give a
        // clean InvalidDataException that leaves the engine as it was, or a restore, never another error or a huge allocation.
        var forecaster = ((IEnumerable<ITransformer>)Ml.Model.LoadRtu(DataFile("gated-pipeline-format11.zip"), out _)).OfType<RtuForecastingTransformer>().Single();
        var good = File.ReadAllBytes(DataFile("gated-forecast-engine-format11.ckpt"));
        var rng = new Random(2026);
        int clean = 0;
        for (int i = 0; i < 120; i++)
        {
            var bytes = (byte[])good.Clone();
            if (i % 4 == 3) bytes = bytes.AsSpan(0, rng.Next(bytes.Length)).ToArray();
            else
            {
                int value = rng.Next(4) switch { 0 => int.MaxValue, 1 => -1, 2 => 0, _ => rng.Next() };
                BitConverter.GetBytes(value).CopyTo(bytes, rng.Next(Reliability.ReliabilityFixture.PayloadOffset, bytes.Length - 32 - 4));
                Reliability.ReliabilityFixture.Rehash(bytes);
            }
            var engine = forecaster.CreateStreamingEngine();
            engine.Observe("kept", 1f, [0f]);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { engine.Restore(new MemoryStream(bytes)); }
            catch (InvalidDataException e) when (e.GetType() == typeof(InvalidDataException))
            {
                clean++;
                CollectionAssert.AreEqual(new[] { "kept" }, engine.StreamIds.ToArray(), "a refused checkpoint changes nothing");
            }
            Assert.IsLessThan(64L << 20, GC.GetAllocatedBytesForCurrentThread() - before, $"case {i} allocated too much");
        }
        Assert.IsGreaterThan(0, clean);
        var engineOfThen = forecaster.CreateStreamingEngine();
        engineOfThen.Restore(new MemoryStream(good));
        CollectionAssert.AreEquivalent(new[] { "a", "b", "fresh" }, engineOfThen.StreamIds.ToArray(), "the unedited checkpoint restores");
    }

    [TestMethod]
    public void AGatedPolicyOfTheOldDefaultLoadsAtShareQuarterAndActsAsWritten()
    {
        var policy = Ml.Model.LoadRtu<RtuPolicyTransformer>(DataFile("gated-policy-format11.zip"), out _);
        Assert.AreEqual(RecurrentArchitecture.GatedRtu, policy.Options.Ppo.Recurrent.Architecture);
        Assert.AreEqual(0.25, policy.Options.Ppo.Recurrent.OpenUnitShare, "stored in the policy's JSON");
        Assert.AreEqual((0.02, 0.5), (policy.Options.Ppo.Recurrent.DecayGateInitMin, policy.Options.Ppo.Recurrent.DecayGateInitMax), "not stored: the range of then");
        var data = Ml.Data.LoadFromEnumerable(ControlTestKit.Log(60));
        var expected = File.ReadAllLines(DataFile("gated-policy-format11-expected.csv")).Select(Floats).ToList();
        // As written, but for the tanh of the policy's MLP layers, accurate near 0 since the fifty-third pass (TanhKernel:
        // TensorPrimitives' tanh was up to hundreds of ulp off there): the probabilities moved by at most 3.0e-8.
        var actual = TestData.Column(policy.Transform(data), "Probabilities");
        Assert.HasCount(expected.Count, actual);
        for (int i = 0; i < expected.Count; i++)
            for (int j = 0; j < expected[i].Length; j++)
                Assert.AreEqual(expected[i][j], actual[i][j], 1e-7f, $"row {i}, probability {j}");
    }
}
