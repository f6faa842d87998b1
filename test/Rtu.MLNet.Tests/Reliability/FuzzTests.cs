using System.Text;
using System.Text.Json.Nodes;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of everything the library reads: engine checkpoints (bit flips, truncation, garbage, length and size
/// fields, with and without a recomputed checksum), model containers (flips, truncation, edited manifests, edited
/// parts, zip-level edits) and extreme values fed to the engines. Every outcome must be a success with identical
/// predictions (a recomputed checksum makes a valid, different file: then any success counts), or the one documented
/// exception, <see cref="InvalidDataException"/>; anything else fails the test. A few seconds in CI; set
/// <c>RTU_FUZZ_CASES</c> (e.g. 20000) for a longer run, which prints the counts, and <c>RTU_FUZZ_TRACE=1</c> for the stack
/// traces of the failures.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Cases per target: <paramref name="ci"/> in CI, or the share of RTU_FUZZ_CASES.</summary>
    private static int Cases(int ci, double share) =>
        int.TryParse(Environment.GetEnvironmentVariable("RTU_FUZZ_CASES"), out int total) && total > 0 ? Math.Max(1, (int)(total * share)) : ci;

    // Allocation allowed per case: far below what a trusted length field could ask for (GiB), far above a real load.
    private const long AllocationBound = 256L << 20;

    private sealed class Tally(string target)
    {
        public int Cases, Identical, CraftedSuccess, CleanErrors;
        public long MaxAllocated;
        public string MaxAllocatedBy = "";
        public readonly List<string> Other = [];
        public readonly Dictionary<string, int> CleanByMutation = [], SuccessByMutation = [];

        public void Report(TestContext context)
        {
            context.WriteLine($"fuzz {target}: {Cases} cases: {Identical} loaded with identical predictions, {CraftedSuccess} crafted (checksum recomputed) loaded, " +
                              $"{CleanErrors} clean InvalidDataException, {Other.Count} other; max allocation per case {MaxAllocated / 1e6:F1} MB ({MaxAllocatedBy})");
            context.WriteLine("  clean errors by mutation: " + string.Join(", ", CleanByMutation.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
            context.WriteLine("  loads by mutation: " + string.Join(", ", SuccessByMutation.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
            foreach (var o in Other.Take(20)) context.WriteLine("  OTHER: " + o);
        }

        public void AssertClean()
        {
            Assert.IsEmpty(Other, string.Join("\n", Other.Take(20)));
            Assert.IsLessThan(AllocationBound, MaxAllocated, $"{target}: a case allocated {MaxAllocated:N0} bytes");
        }
    }

    // Runs one case: the load must give identical predictions (or, crafted, any success) or an InvalidDataException.
    private static void Run(Tally tally, string mutation, bool crafted, Func<bool> loadAndCompare)
    {
        tally.Cases++;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            bool identical = loadAndCompare();
            tally.SuccessByMutation[mutation] = tally.SuccessByMutation.GetValueOrDefault(mutation) + 1;
            if (identical) tally.Identical++;
            else if (crafted) tally.CraftedSuccess++;
            else tally.Other.Add($"{mutation}: loaded with different predictions");
        }
        catch (InvalidDataException e) when (e.GetType() == typeof(InvalidDataException))
        {
            tally.CleanErrors++;
            tally.CleanByMutation[mutation] = tally.CleanByMutation.GetValueOrDefault(mutation) + 1;
        }
        catch (Exception e) { tally.Other.Add($"{mutation}: {e.GetType().Name}: {e.Message}" + (Environment.GetEnvironmentVariable("RTU_FUZZ_TRACE") == "1" ? e.StackTrace : "")); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > tally.MaxAllocated) { tally.MaxAllocated = allocated; tally.MaxAllocatedBy = mutation; }
    }

    // ---------------------------------------------------------------- engine checkpoints

    // Each season's pool has its own members (layout 15): 1 the fitted drift, 4 the damped trend on classically adjusted
    // values, 12 neither. Seasons 1 and 4 observe 30 values, so that those members are ready and their state is used.
    [TestMethod]
    [DataRow(12, 5, 1201)]
    [DataRow(1, 30, 1211)]
    [DataRow(4, 30, 1214)]
    public void ForecastEngineCheckpointsFuzz(int season, int steps, int seed)
    {
        var forecaster = ReliabilityFixture.ForecasterOf(season);
        var engine = ReliabilityFixture.EngineWithStreams(3, steps, season);
        engine.Observe("\uD800lone", 11f, [0f]);
        var good = ReliabilityFixture.Checkpoint(engine);
        var ids = engine.StreamIds.ToArray();
        var rng = new Random(seed);
        var tally = new Tally($"forecast checkpoints, season {season}");
        // The forecasts one value later, from the intact checkpoint: a load must also step to finite forecasts.
        var next = forecaster.CreateStreamingEngine();
        next.Restore(new MemoryStream(good));
        var expectedNext = ids.ToDictionary(id => id, id => next.Observe(id, NextValue, [0.5f]));
        int settings = ReliabilityFixture.FirstLearnerSettings(good);
        int countAt = ReliabilityFixture.PayloadOffset + 1 + "rtu.forecasting".Length + 32;
        int firstKeyAt = countAt + 4;

        bool Load(byte[] bytes)
        {
            var fresh = forecaster.CreateStreamingEngine();
            fresh.Restore(new MemoryStream(bytes));
            bool identical = fresh.StreamIds.Count == ids.Length && ids.All(id => fresh.Forecast(id).SequenceEqual(engine.Forecast(id)));
            foreach (var id in fresh.StreamIds.ToArray())
            {
                var after = fresh.Observe(id, NextValue, [0.5f]);
                if (expectedNext.TryGetValue(id, out var expected)) identical &= after.SequenceEqual(expected);
                if (expected is not null) AssertFiniteWhereExpected(expected, after, $"stream '{id}' one value after the load");
            }
            return identical;
        }

        int n = Cases(300, 0.3);
        for (int i = 0; i < n; i++)
        {
            var bytes = (byte[])good.Clone();
            bool crafted = false;
            string mutation;
            switch (rng.Next(8))
            {
                case 0:
                    mutation = "bit flips";
                    for (int k = rng.Next(1, 9); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    mutation = "truncation";
                    bytes = bytes.AsSpan(0, rng.Next(bytes.Length)).ToArray();
                    break;
                case 2:
                    mutation = "appended garbage";
                    bytes = [.. bytes, .. RandomBytes(rng, rng.Next(1, 64))];
                    break;
                case 3:
                    mutation = "int32 edit";
                    Extreme(rng).CopyTo(bytes, rng.Next(bytes.Length - 4));
                    break;
                case 4:
                    mutation = "outer length field";
                    BitConverter.GetBytes(rng.Next(3) switch { 0 => long.MaxValue, 1 => (long)int.MaxValue, _ => (long)rng.Next() }).CopyTo(bytes, ReliabilityFixture.LengthFieldOffset);
                    break;
                case 5:
                    mutation = "crafted size field";
                    crafted = true;
                    int at = rng.Next(5) switch
                    {
                        0 => countAt,
                        1 => firstKeyAt,
                        2 => settings + ReliabilityFixture.UnitsOffset,
                        3 => settings + ReliabilityFixture.HorizonOffset,
                        _ => firstKeyAt + 4 + 2 * BitConverter.ToInt32(good, firstKeyAt),   // the first stream's byte count
                    };
                    Extreme(rng).CopyTo(bytes, at);
                    ReliabilityFixture.Rehash(bytes);
                    break;
                case 6:
                    mutation = "crafted int32 edit";
                    crafted = true;
                    Extreme(rng).CopyTo(bytes, rng.Next(ReliabilityFixture.PayloadOffset, bytes.Length - 32 - 4));
                    ReliabilityFixture.Rehash(bytes);
                    break;
                default:
                    mutation = "crafted value edit";
                    crafted = true;
                    BitConverter.GetBytes(ExtremeDouble(rng)).CopyTo(bytes, rng.Next(ReliabilityFixture.PayloadOffset, bytes.Length - 32 - 8));
                    ReliabilityFixture.Rehash(bytes);
                    break;
            }
            Run(tally, mutation, crafted, () => Load(bytes));
        }
        tally.Report(TestContext);
        tally.AssertClean();
        Assert.IsGreaterThan(0, tally.CleanErrors);
    }

    [TestMethod]
    public void StateEngineCheckpointsFuzz()
    {
        var view = ReliabilityFixture.Ml.Data.LoadFromEnumerable(TestData.Features(40));
        var t = ReliabilityFixture.Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3, LabelColumnName = "Label" }).Fit(view);
        var engine = t.CreateStreamingEngine(learn: true);
        foreach (var (row, k) in TestData.Features(10).Select((r, k) => (r, k))) engine.Observe($"k{k % 3}", row.Features, row.Label);
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        var good = ms.ToArray();
        var probe = new float[] { 0.5f, -0.25f, 1f };
        var expected = engine.StreamIds.ToDictionary(id => id, id => Snapshot(engine, id));
        var rng = new Random(1202);
        var tally = new Tally("state checkpoints");

        // Compares by stepping a copy: restore the original again, then step both with the same row.
        float[] Snapshot(RtuStateEngine e, string id)
        {
            using var c = new MemoryStream();
            e.Checkpoint(c);
            var copy = t.CreateStreamingEngine(learn: false);
            c.Position = 0;
            copy.Restore(c);
            return copy.Observe(id, probe).Predictions.Concat(copy.Observe(id, probe).State).ToArray();
        }

        int n = Cases(120, 0.1);
        for (int i = 0; i < n; i++)
        {
            var bytes = (byte[])good.Clone();
            bool crafted = false;
            string mutation;
            switch (rng.Next(4))
            {
                case 0:
                    mutation = "bit flips";
                    for (int k = rng.Next(1, 9); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    mutation = "truncation";
                    bytes = bytes.AsSpan(0, rng.Next(bytes.Length)).ToArray();
                    break;
                case 2:
                    mutation = "crafted int32 edit";
                    crafted = true;
                    Extreme(rng).CopyTo(bytes, rng.Next(ReliabilityFixture.PayloadOffset, bytes.Length - 32 - 4));
                    ReliabilityFixture.Rehash(bytes);
                    break;
                default:
                    mutation = "crafted value edit";
                    crafted = true;
                    BitConverter.GetBytes(ExtremeDouble(rng)).CopyTo(bytes, rng.Next(ReliabilityFixture.PayloadOffset, bytes.Length - 32 - 8));
                    ReliabilityFixture.Rehash(bytes);
                    break;
            }
            Run(tally, mutation, crafted, () =>
            {
                var fresh = t.CreateStreamingEngine(learn: true);
                fresh.Restore(new MemoryStream(bytes));
                return fresh.StreamIds.Count == expected.Count && expected.All(kv => Snapshot(fresh, kv.Key).SequenceEqual(kv.Value));
            });
        }
        tally.Report(TestContext);
        tally.AssertClean();
    }

    // ---------------------------------------------------------------- model containers

    // Seasons as in ForecastEngineCheckpointsFuzz; 70 rows make every season's members ready.
    [TestMethod]
    [DataRow(1, 1203)]
    [DataRow(4, 1213)]
    [DataRow(12, 1223)]
    public void ModelContainersFuzz(int season, int seed)
    {
        var (good, data, expected) = ModelFileReliabilityTests.SavedOf(season);
        var entries = ReliabilityFixture.Entries(good);
        var rng = new Random(seed);
        var tally = new Tally($"model containers, season {season}");

        bool Load(byte[] bytes)
        {
            var model = RtuModel.Load(ReliabilityFixture.Ml, new MemoryStream(bytes), out _);
            var actual = TestData.Column(model.Transform(data), "Forecast");
            if (actual.Count != expected.Length) return false;
            for (int t = 0; t < expected.Length; t++) AssertFiniteWhereExpected(expected[t], actual[t], $"row {t}");
            return actual.Zip(expected).All(p => p.First.SequenceEqual(p.Second));
        }

        int n = Cases(150, 0.5);
        for (int i = 0; i < n; i++)
        {
            byte[] bytes;
            bool crafted = true;
            string mutation;
            switch (rng.Next(7))
            {
                case 0:
                    mutation = "bit flips";
                    crafted = false;
                    bytes = (byte[])good.Clone();
                    for (int k = rng.Next(1, 9); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    mutation = "truncation";
                    crafted = false;
                    bytes = good.AsSpan(0, rng.Next(good.Length)).ToArray();
                    break;
                case 2:
                case 3:
                    mutation = "edited manifest";
                    bytes = ContainerEdits.WithManifest(good, m => EditJson(m, rng));
                    break;
                case 4:
                {
                    string name = rng.Next(3) switch { 0 => "parts/0.mlnet", 1 => "parts/1.rtu", _ => "input-schema.mlnet" };
                    mutation = $"edited {name}";
                    var part = (byte[])entries[name].Clone();
                    if (rng.Next(3) == 0) part = part.AsSpan(0, rng.Next(part.Length)).ToArray();
                    else if (rng.Next(2) == 0) Extreme(rng).CopyTo(part, rng.Next(part.Length - 4));
                    else for (int k = rng.Next(1, 5); k > 0; k--) part[rng.Next(part.Length)] ^= (byte)(1 << rng.Next(8));
                    bytes = ContainerEdits.WithEntry(good, name, part);
                    break;
                }
                case 5:
                {
                    mutation = "zip entries";
                    var list = entries.ToList();
                    switch (rng.Next(3))
                    {
                        case 0: list.RemoveAt(rng.Next(list.Count)); break;
                        case 1: list.Add(list[rng.Next(list.Count)]); break;
                        default: list.Add(new($"parts/{rng.Next(5)}.{(rng.Next(2) == 0 ? "rtu" : "mlnet")}x", RandomBytes(rng, 10))); break;
                    }
                    bytes = ReliabilityFixture.Pack(list);
                    break;
                }
                default:
                {
                    mutation = "rtu part size field";
                    var part = (byte[])entries["parts/1.rtu"].Clone();
                    var marker = BitConverter.GetBytes(ReliabilityFixture.MarkerLearningRate);
                    // The rate appears in the options, then in the forecaster's and the learner's settings.
                    int inOptions = part.AsSpan().IndexOf(marker);
                    int second = part.AsSpan(inOptions + 8).IndexOf(marker) + inOptions + 8;
                    int third = part.AsSpan(second + 8).IndexOf(marker) + second + 8;
                    int settings = (rng.Next(2) == 0 ? second : third) - ReliabilityFixture.LearningRateOffset;
                    Extreme(rng).CopyTo(part, settings + (rng.Next(2) == 0 ? ReliabilityFixture.UnitsOffset : ReliabilityFixture.HorizonOffset));
                    bytes = ContainerEdits.WithEntry(good, "parts/1.rtu", part);
                    break;
                }
            }
            Run(tally, mutation, crafted, () => Load(bytes));
        }
        tally.Report(TestContext);
        tally.AssertClean();
        Assert.IsGreaterThan(0, tally.CleanErrors);
    }

    // A random edit of the manifest's JSON: a key removed, a value of another type or an extreme number, parts
    // swapped, duplicated or emptied, an unknown key.
    private static string EditJson(string manifest, Random rng)
    {
        var root = JsonNode.Parse(manifest)!.AsObject();
        var parts = root["parts"]!.AsArray();
        JsonNode?[] values = [null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(int.MaxValue), JsonValue.Create(2.5), JsonValue.Create("x"),
            JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create("parts/0.mlnet"), JsonValue.Create("input-schema.mlnet"), JsonValue.Create(new string('A', 64))];
        JsonNode? Value() => values[rng.Next(values.Length)]?.DeepClone();
        switch (rng.Next(7))
        {
            case 0: root.Remove(root.ElementAt(rng.Next(root.Count)).Key); break;
            case 1: root[root.ElementAt(rng.Next(root.Count)).Key] = Value(); break;
            case 2:
                if (parts.Count > 0 && parts[rng.Next(parts.Count)] is JsonObject p && p.Count > 0)
                {
                    string key = p.ElementAt(rng.Next(p.Count)).Key;
                    if (rng.Next(3) == 0) p.Remove(key); else p[key] = Value();
                }
                break;
            case 3:
                if (parts.Count > 1) { var a = parts[0]!.DeepClone(); parts[0] = parts[1]!.DeepClone(); parts[1] = a; }
                break;
            case 4: parts.Add(parts[rng.Next(parts.Count)]!.DeepClone()); break;
            case 5: root["parts"] = rng.Next(2) == 0 ? new JsonArray() : Value(); break;
            default: root["extra" + rng.Next(3)] = Value(); break;
        }
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    // ---------------------------------------------------------------- extreme values

    [TestMethod]
    public void ExtremeValuesAndKeysNeverBreakAnEngineOrItsCheckpoint()
    {
        var engine = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        var rng = new Random(1204);
        float[] extremes = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, 1e30f, -1e30f,
            float.Epsilon, -float.Epsilon, 0f, -0f, 1e-30f, 40f];
        string[] keys = ["a", "\uD800x", "\uDBFFx", "x\uDC00", "\uFFFF", "\u0000", new string('k', 300), "\uD83D\uDE00"];
        int n = Cases(2000, 0.1), nonFinite = 0;
        var other = new List<string>();
        for (int i = 0; i < n; i++)
        {
            string key = keys[rng.Next(keys.Length)];
            float v = rng.Next(4) == 0 ? extremes[rng.Next(extremes.Length)] : (float)(40 + rng.NextDouble());
            float x = rng.Next(8) == 0 ? extremes[rng.Next(extremes.Length)] : (float)rng.NextDouble();
            try
            {
                if (rng.Next(50) == 0) engine.RemoveStream(key);
                else if (engine.Observe(key, v, [x]).Any(f => !float.IsFinite(f))) nonFinite++;
            }
            catch (Exception e) { other.Add($"Observe('{key}', {v}, {x}): {e.GetType().Name}: {e.Message}"); }
        }
        var restored = ReliabilityFixture.Forecaster.CreateStreamingEngine();
        restored.Restore(new MemoryStream(ReliabilityFixture.Checkpoint(engine)));
        CollectionAssert.AreEquivalent(engine.StreamIds.ToArray(), restored.StreamIds.ToArray());
        foreach (var id in engine.StreamIds)
            for (int t = 0; t < 3; t++) CollectionAssert.AreEqual(engine.Observe(id, 40f, [0.5f]), restored.Observe(id, 40f, [0.5f]), $"stream '{id}' after restore");
        // Non-finite forecasts after ±float.MaxValue are defect 4 (pending the robust normaliser): counted, not failed.
        TestContext.WriteLine($"fuzz extreme values: {n} observations over {keys.Length} keys, {other.Count} exceptions, {nonFinite} non-finite forecasts (defect 4, pending)");
        Assert.IsEmpty(other, string.Join("\n", other.Take(20)));
    }

    private const float NextValue = 40.5f;

    /// <summary>A load that succeeds must not forecast NaN or ∞ where the intact file forecasts a finite value.</summary>
    private static void AssertFiniteWhereExpected(float[] expected, float[] actual, string where)
    {
        for (int j = 0; j < Math.Min(expected.Length, actual.Length); j++)
            if (float.IsFinite(expected[j]) && !float.IsFinite(actual[j]))
                throw new NonFiniteForecastException($"{where}: forecast {j} is {actual[j]} after a successful load (intact: {expected[j]})");
    }

    // Not an InvalidDataException: Run counts it among the failures.
    private sealed class NonFiniteForecastException(string message) : Exception(message);

    private static byte[] Extreme(Random rng) => BitConverter.GetBytes(rng.Next(9) switch
    {
        0 => int.MaxValue, 1 => int.MinValue, 2 => -1, 3 => 0, 4 => 1 << 20, 5 => 1 << 28, 6 => 3000, 7 => 4096, _ => rng.Next(),
    });

    private static double ExtremeDouble(Random rng) => rng.Next(7) switch
    {
        0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.MaxValue, 3 => -1e300, 4 => 1e30, 5 => 0, _ => rng.NextDouble(),
    };

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
