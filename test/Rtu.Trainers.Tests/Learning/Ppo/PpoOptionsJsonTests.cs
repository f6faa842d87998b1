using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rtu.Tests.Shared;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Trainers.Tests.Ppo;

/// <summary>
/// PPO options as checkpoints and policy models store them: a trunk stored without the gated RTU's share or a₀ range
/// reads with the values of the files that lacked them, not today's defaults; a checkpoint written with the old default
/// (share 0.25) resumes exactly as that library resumed it.
/// </summary>
[TestClass]
public sealed class PpoOptionsJsonTests
{
    private static PpoOptions Options(RecurrentArchitecture architecture) => PpoTestUtil.Tiny(architecture);

    // The JSON with the named trunk properties removed, as a library before them wrote it.
    private static string Without(PpoOptions options, params string[] names)
    {
        var json = JsonNode.Parse(options.ToJson())!;
        foreach (string name in names) Assert.IsTrue(json[nameof(PpoOptions.Recurrent)]!.AsObject().Remove(name), name);
        return json.ToJsonString();
    }

    [TestMethod]
    public void TodaysOptionsRoundTrip()
    {
        foreach (var options in new[] { Options(RecurrentArchitecture.GatedRtu), Options(RecurrentArchitecture.LinearRtu),
            Options(RecurrentArchitecture.GatedRtu) with { Recurrent = Options(RecurrentArchitecture.GatedRtu).Recurrent with { OpenUnitShare = 0.25, DecayGateInitMin = 0.3, DecayGateInitMax = 0.4 } } })
        {
            var read = PpoOptions.FromJson(options.ToJson());
            Assert.AreEqual(options.Recurrent, read.Recurrent);
            Assert.AreEqual(options.ToJson(), read.ToJson());
        }
        Assert.AreEqual(0.5, PpoOptions.FromJson(Options(RecurrentArchitecture.GatedRtu).ToJson()).Recurrent.OpenUnitShare);
    }

    [TestMethod]
    public void AGatedTrunkStoredWithoutTheShareOrRangeReadsWithTheOldDefaults()
    {
        var gated = Options(RecurrentArchitecture.GatedRtu);
        // Before the a₀ range was a layer option (the share stored):
        var noRange = PpoOptions.FromJson(Without(gated with { Recurrent = gated.Recurrent with { OpenUnitShare = 0.25 } }, "DecayGateInitMin", "DecayGateInitMax"));
        Assert.AreEqual(0.25, noRange.Recurrent.OpenUnitShare);
        Assert.AreEqual((0.02, 0.5), (noRange.Recurrent.DecayGateInitMin, noRange.Recurrent.DecayGateInitMax));
        // Before the share was a layer option, too (every such gated trunk had 0.25 open units or none):
        var neither = PpoOptions.FromJson(Without(gated, "OpenUnitShare", "DecayGateInitMin", "DecayGateInitMax"));
        Assert.AreEqual(RecurrentLayerOptions.UnstoredOpenUnitShare, neither.Recurrent.OpenUnitShare);
        Assert.AreEqual((RecurrentLayerOptions.UnstoredDecayGateInitMin, RecurrentLayerOptions.UnstoredDecayGateInitMax),
            (neither.Recurrent.DecayGateInitMin, neither.Recurrent.DecayGateInitMax));
        // Other trunks ignore both: today's defaults.
        var linear = PpoOptions.FromJson(Without(Options(RecurrentArchitecture.LinearRtu), "OpenUnitShare", "DecayGateInitMin", "DecayGateInitMax"));
        Assert.AreEqual(Options(RecurrentArchitecture.LinearRtu).Recurrent, linear.Recurrent);
        Assert.ThrowsExactly<JsonException>(() => PpoOptions.FromJson("null"));
        Assert.ThrowsExactly<JsonException>(() => PpoOptions.FromJson("{ not json"));
    }

    [TestMethod]
    public void ACheckpointOfTheOldDefaultShareResumesAsThatLibraryResumedIt()
    {
        // Written at commit 3929ffa (gated default: share 0.25, a₀ in [0.02, 0.5]) after one update on RepeatPreviousEasy;
        // the expected file holds the parameters that library had after two more updates (Data/, and
        // test/Rtu.MLNet.Tests/Data/README.md for how both were made).
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Learning", "Ppo", "Data");
        using var stream = File.OpenRead(Path.Combine(dir, "gated-ppo-share25.ckpt"));
        using var trainer = PpoTrainer<float>.Load(stream, seed => EnvironmentRegistry.Create("RepeatPreviousEasy", seed));
        var expected = File.ReadAllLines(Path.Combine(dir, "gated-ppo-share25-expected.csv"));
        Assert.AreEqual(0.25, trainer.Options.Recurrent.OpenUnitShare);
        Assert.AreEqual(expected[1], trainer.Agent.Recurrent.Description, "one of four units open");
        trainer.Iterate(); trainer.Iterate();
        var parameters = expected[0].Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        // As that library's, but for the tanh of the MLP layers, accurate near 0 since the fifty-third pass (TanhKernel:
        // TensorPrimitives' tanh was up to hundreds of ulp off there): after two updates the 381 parameters moved by at
        // most 6.0e-8 (1.0e-6 relative).
        var actual = trainer.Agent.Parameters.SelectMany(p => p.Values).ToArray();
        Assert.HasCount(parameters.Length, actual);
        for (int i = 0; i < actual.Length; i++)
            Assert.AreEqual(parameters[i], actual[i], 1e-6f * Math.Max(1f, Math.Abs(parameters[i])), $"parameter {i}");
    }
}
