using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>Issue 12, defect 5: the manifest, the parts and ML.NET's own parts, every load error one exception type.</summary>
[TestClass]
public sealed class ModelFileReliabilityTests
{
    private static readonly MLContext Ml = ReliabilityFixture.Ml;

    public sealed class Row { public float Value { get; set; } public float Temperature { get; set; } public float Extra { get; set; } }

    /// <summary>An ML.NET part (a column copy and a normaliser) followed by a forecaster of <paramref name="season"/>.</summary>
    internal static (ITransformer Model, IDataView Data) Pipeline(int season = 1)
    {
        var rows = TestData.Series(70).Select((p, i) => new Row { Value = p.Value, Temperature = p.Temperature, Extra = i % 7 }).ToArray();
        var data = Ml.Data.LoadFromEnumerable(rows);
        var pipeline = Ml.Transforms.NormalizeMinMax("Extra")
            .Append(Ml.Transforms.CopyColumns("Temperature2", "Temperature"))
            .Append(Ml.Forecasting.ForecastByRtu(new RtuForecastingOptions
            {
                InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 2, SeasonLength = season, Units = 4, Lags = 2,
                ExogenousColumnNames = ["Temperature2"], LearningRate = ReliabilityFixture.MarkerLearningRate,
            }));
        return (pipeline.Fit(data), data);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<(byte[] Bytes, IDataView Data, float[][] Expected)>> SavedBySeason = new();

    /// <summary>The saved container of <see cref="Pipeline"/> with <paramref name="season"/>, its data and its forecasts (fitted once per season).</summary>
    internal static (byte[] Bytes, IDataView Data, float[][] Expected) SavedOf(int season) => SavedBySeason.GetOrAdd(season, s => new(() =>
    {
        var (model, data) = Pipeline(s);
        var bytes = ReliabilityFixture.SaveModel(model, data.Schema);
        return (bytes, data, TestData.Column(model.Transform(data), "Forecast").ToArray());
    })).Value;

    internal static byte[] Container => SavedOf(1).Bytes;

    internal static IDataView Data => SavedOf(1).Data;

    internal static float[][] Expected => SavedOf(1).Expected;

    private static InvalidDataException LoadFails(byte[] bytes)
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RtuModel.Load(Ml, new MemoryStream(bytes), out _));
        Assert.IsNotNull(RtuFormatError.PartOf(e) ?? (e.Message.Contains("manifest") ? "" : null), $"the error names no part: {e.Message}");
        return e;
    }

    [TestMethod]
    public void TheSavedPipelineLoadsAndPredictsIdentically()
    {
        var loaded = RtuModel.Load(Ml, new MemoryStream(Container), out _);
        TestData.AssertSame(Expected, TestData.Column(loaded.Transform(Data), "Forecast"));
    }

    [TestMethod]
    public void MlNetPointerEntriesAreListedBoundedAndChecked()
    {
        // Format 9: ML.NET's entries for its own Model.Load (a Schema and a TransformerChain at the zip's root) are listed
        // in the manifest and read like every other entry: hash-checked and size-bounded, though not used.
        var entries = ReliabilityFixture.Entries(Container);
        string[] pointer = [.. entries.Keys.Where(k => k is not (ContainerEdits.ManifestEntry or ContainerEdits.ManifestHashEntry or "input-schema.mlnet") && !k.StartsWith("parts/", StringComparison.Ordinal))];
        CollectionAssert.Contains(pointer, "Schema");
        Assert.IsTrue(pointer.Any(p => p.StartsWith("TransformerChain", StringComparison.Ordinal)), string.Join(", ", pointer));

        var changed = ReliabilityFixture.Entries(Container);
        changed["Schema"] = [.. changed["Schema"], 0];
        var e = LoadFails(ReliabilityFixture.Pack(changed));
        Assert.AreEqual("Schema", RtuFormatError.PartOf(e));
        StringAssert.Contains(e.Message, "SHA-256 mismatch");

        e = LoadFails(ContainerEdits.WithEntry(Container, "Schema", new byte[MlNetLoadPointer.MaxEntryBytes + 1]));
        StringAssert.Contains(e.Message, "more than the");

        var absent = ReliabilityFixture.Entries(Container);
        absent.Remove("Schema");
        e = LoadFails(ReliabilityFixture.Pack(absent));
        Assert.AreEqual("Schema", RtuFormatError.PartOf(e));
        StringAssert.Contains(e.Message, "missing");

        var unlisted = ReliabilityFixture.Entries(Container);
        unlisted["TransformerChain/Extra.bin"] = [1, 2, 3];
        StringAssert.Contains(LoadFails(ReliabilityFixture.Pack(unlisted)).Message, "does not list");

        StringAssert.Contains(LoadFails(ContainerEdits.WithManifest(Container, m => System.Text.RegularExpressions.Regex.Replace(m, "\"mlnetLoadPointer\":\\s*\\[[^\\]]*\\],", ""))).Message,
            "lacks key 'mlnetLoadPointer'");
        StringAssert.Contains(LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace($"\"formatVersion\": {RtuModel.FormatVersion}", "\"formatVersion\": 8"))).Message,
            "unknown key 'mlnetLoadPointer'");
        foreach (string own in new[] { "parts/0.mlnet", "input-schema.mlnet", ContainerEdits.ManifestEntry, ContainerEdits.ManifestHashEntry })
            StringAssert.Contains(LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"entry\": \"Schema\"", $"\"entry\": \"{own}\""))).Message,
                "belongs to the container");
        string other = pointer.First(p => p != "Schema");
        StringAssert.Contains(LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"entry\": \"Schema\"", $"\"entry\": \"{other}\""))).Message, "twice");
        StringAssert.Contains(LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"mlnetLoadPointer\": [", "\"mlnetLoadPointer\": 5, \"x\": ["))).Message, "manifest");
    }

    [TestMethod]
    public void EmptyPartsListIsRefused()
    {
        var e = LoadFails(ContainerEdits.WithManifest(Container, m => System.Text.RegularExpressions.Regex.Replace(m, "\"parts\":\\s*\\[[\\s\\S]*\\]", "\"parts\": []")));
        StringAssert.Contains(e.Message, "part");
    }

    [TestMethod]
    public void WrongJsonTypesAndMissingKeysAreRefusedCleanly()
    {
        LoadFails(ContainerEdits.WithManifest(Container, m => System.Text.RegularExpressions.Regex.Replace(m, "\"parts\":\\s*\\[[\\s\\S]*\\]", "\"parts\": 5")));
        LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"schemaSha256\"", "\"schemaSha\"")));
        LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"single\": false", "\"single\": \"no\"")));
        LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"kind\": \"mlnet\"", "\"kind\": 3")));
        LoadFails(ContainerEdits.WithManifest(Container, m => m.Replace("\"entry\": \"parts/0.mlnet\"", "\"entry\": null")));
        LoadFails(ContainerEdits.WithManifest(Container, m => "[" + m + "]"));
    }

    [TestMethod]
    public void ReorderedPartsAndAPartPointingAtTheSchemaAreRefused()
    {
        // Swapping the two parts' entries loads a different pipeline that fails only at Transform.
        var swapped = ContainerEdits.WithManifest(Container, m => m.Replace("parts/0.mlnet", "TMP").Replace("parts/1.rtu", "parts/0.mlnet").Replace("TMP", "parts/1.rtu")
            .Replace("\"kind\": \"mlnet\"", "\"kind\": \"TMPK\"").Replace("\"kind\": \"rtu.forecasting\"", "\"kind\": \"mlnet\"").Replace("\"kind\": \"TMPK\"", "\"kind\": \"rtu.forecasting\""));
        LoadFails(swapped);
        var entries = ReliabilityFixture.Entries(Container);
        string schemaSha = ReliabilityFixture.Sha(entries["input-schema.mlnet"]);
        string partSha = ReliabilityFixture.Sha(entries["parts/0.mlnet"]);
        var pointing = ContainerEdits.WithManifest(Container, m => m.Replace("\"entry\": \"parts/0.mlnet\"", "\"entry\": \"input-schema.mlnet\"").Replace(partSha, schemaSha));
        var e = LoadFails(pointing);
        StringAssert.Contains(e.Message, "input-schema.mlnet");
    }

    [TestMethod]
    public void CorruptMlNetPartsNeverEscapeAsForeignExceptions()
    {
        // ML.NET's FormatException, TargetInvocationException, FileLoadException, EndOfStreamException escaped unwrapped.
        var part = ReliabilityFixture.Entries(Container)["parts/0.mlnet"];
        var rng = new Random(12);
        var foreign = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            var bad = (byte[])part.Clone();
            if (i % 3 == 0) bad = bad.AsSpan(0, rng.Next(bad.Length)).ToArray();
            else for (int k = 0; k < 1 + i % 4; k++) bad[rng.Next(bad.Length)] ^= (byte)(1 << rng.Next(8));
            var crafted = ContainerEdits.WithEntry(Container, "parts/0.mlnet", bad);
            try { RtuModel.Load(Ml, new MemoryStream(crafted), out _); }
            catch (InvalidDataException e) when (RtuFormatError.PartOf(e) == "parts/0.mlnet") { }
            catch (Exception e) { foreign.Add($"{i}: {e.GetType().Name}: {e.Message}"); }
        }
        Assert.IsEmpty(foreign, string.Join("\n", foreign));
    }

    [TestMethod]
    public void AStateFeaturesPartOfVersionZeroOrNegativeIsRefused()
    {
        var view = Ml.Data.LoadFromEnumerable(TestData.Features(30));
        var t = Ml.Transforms.RtuStateFeatures("State", "Features", new RtuStateFeaturesOptions { Units = 3 }).Fit(view);
        var container = ReliabilityFixture.SaveModel(t, view.Schema);
        var part = ReliabilityFixture.Entries(container)["parts/0.rtu"];
        int versionAt = 1 + "Rtu.MLNet.Part".Length;
        foreach (int v in new[] { 0, -1 })
        {
            var bad = (byte[])part.Clone();
            BitConverter.GetBytes(v).CopyTo(bad, versionAt);
            var e = LoadFails(ContainerEdits.WithEntry(container, "parts/0.rtu", bad));
            StringAssert.Contains(e.Message, "version");
        }
    }

    [TestMethod]
    public void AFormatVersion2ContainerIsReadAndItsOldForecasterRefusedClearly()
    {
        // Version 2 had no manifest checksum entry; its parts carried version 2. Rebuild one from a current file: the
        // container is read (no checksum entry needed) and its forecaster part, older than the forecast pool
        // (format 4), is refused with a message that says what to do (it used to load before the pool).
        var entries = ContainerEdits.WithoutMlNetPointer(ReliabilityFixture.Entries(Container));
        entries.Remove(ContainerEdits.ManifestHashEntry);
        var rtu = (byte[])entries["parts/1.rtu"].Clone();
        BitConverter.GetBytes(2).CopyTo(rtu, 1 + "Rtu.MLNet.Part".Length);
        string manifest = ReliabilityFixture.Text(entries[ContainerEdits.ManifestEntry])
            .Replace($"\"formatVersion\": {RtuModel.FormatVersion}", "\"formatVersion\": 2")
            .Replace(ReliabilityFixture.Sha(entries["parts/1.rtu"]), ReliabilityFixture.Sha(rtu));
        entries["parts/1.rtu"] = rtu;
        entries[ContainerEdits.ManifestEntry] = System.Text.Encoding.UTF8.GetBytes(manifest);
        var v2 = ReliabilityFixture.Pack(entries);
        StringAssert.Contains(LoadFails(v2).Message, "fit and save it again");

        // In version 3 the checksum entry is required, and an edited manifest is caught by it.
        var noHash = ReliabilityFixture.Entries(Container);
        noHash.Remove(ContainerEdits.ManifestHashEntry);
        StringAssert.Contains(LoadFails(ReliabilityFixture.Pack(noHash)).Message, ContainerEdits.ManifestHashEntry);
        var edited = ReliabilityFixture.Entries(Container);
        edited[ContainerEdits.ManifestEntry] = System.Text.Encoding.UTF8.GetBytes(ReliabilityFixture.Text(edited[ContainerEdits.ManifestEntry]).Replace("\"single\": false", "\"single\": true"));
        StringAssert.Contains(LoadFails(ReliabilityFixture.Pack(edited)).Message, "SHA-256 mismatch");
    }

    [TestMethod]
    public void AFormatVersion5ForecasterLoadsWithoutIntervalColumns()
    {
        // Version 6 appended the IncludeIntervals flag, version 8 the SortByTimestamp flag and version 10 the
        // SecondSeasonLength (int32, −1: null) just before the part's end marker ("end"); a version 5 file is a current
        // one without those six bytes, and loads with both options off and the second season from the rule, predicting
        // identically. (The forecaster's own settings read their older layout themselves: RtuForecasterSettingsTests.)
        var entries = ContainerEdits.WithoutMlNetPointer(ReliabilityFixture.Entries(Container));
        var current = entries["parts/1.rtu"];
        int flagAt = current.Length - (1 + "end".Length) - 2 - 4;
        Assert.AreEqual(0, current[flagAt], "the fixture saves IncludeIntervals off");
        Assert.AreEqual(0, current[flagAt + 1], "the fixture saves SortByTimestamp off");
        Assert.AreEqual(-1, BitConverter.ToInt32(current, flagAt + 2), "the fixture leaves SecondSeasonLength null");
        var rtu = current.Take(flagAt).Concat(current.Skip(flagAt + 6)).ToArray();
        BitConverter.GetBytes(5).CopyTo(rtu, 1 + "Rtu.MLNet.Part".Length);
        string manifest = ReliabilityFixture.Text(entries[ContainerEdits.ManifestEntry])
            .Replace($"\"formatVersion\": {RtuModel.FormatVersion}", "\"formatVersion\": 5")
            .Replace(ReliabilityFixture.Sha(current), ReliabilityFixture.Sha(rtu));
        entries["parts/1.rtu"] = rtu;
        entries[ContainerEdits.ManifestEntry] = System.Text.Encoding.UTF8.GetBytes(manifest);
        entries[ContainerEdits.ManifestHashEntry] = System.Text.Encoding.ASCII.GetBytes(ReliabilityFixture.Sha(entries[ContainerEdits.ManifestEntry]));
        var loaded = RtuModel.Load(Ml, new MemoryStream(ReliabilityFixture.Pack(entries)), out _);
        var output = loaded.Transform(Data);
        TestData.AssertSame(Expected, TestData.Column(output, "Forecast"));
        Assert.IsNull(output.Schema.GetColumnOrNull("ForecastLower80"));
    }

    [TestMethod]
    public void ACraftedPartWithAbsurdSizesIsRefusedBeforeAllocating()
    {
        // Defect 6 for model files: a hash-valid part whose options and settings claim a 3,000-step horizon made the
        // forecaster allocate its H² buffers (~180 MB) before the load failed.
        var part = (byte[])ReliabilityFixture.Entries(Container)["parts/1.rtu"].Clone();
        var marker = BitConverter.GetBytes(ReliabilityFixture.MarkerLearningRate);
        var found = new List<int>();
        for (int i = part.AsSpan().IndexOf(marker); i >= 0; i = part.AsSpan(found[^1] + 1).IndexOf(marker) is int j and >= 0 ? found[^1] + 1 + j : -1) found.Add(i);
        Assert.HasCount(3, found, "the rate is stored in the options, the forecaster's settings and the learner's");
        // Options: … Horizon, SeasonLength, Lags, IncludeLevel, Units, Architecture, LearningRate.
        BitConverter.GetBytes(3000).CopyTo(part, found[0] - 8 - 4 - 1 - 4 - 4 - 4);
        foreach (int at in found.Skip(1)) BitConverter.GetBytes(3000).CopyTo(part, at - ReliabilityFixture.LearningRateOffset + ReliabilityFixture.HorizonOffset);
        var crafted = ContainerEdits.WithEntry(Container, "parts/1.rtu", part);
        InvalidDataException? e = null;
        long allocated = ReliabilityFixture.AllocatedBy(() => e = LoadFails(crafted));
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
        Assert.AreEqual("parts/1.rtu", RtuFormatError.PartOf(e!));
    }

    [TestMethod]
    public void AnEntryDeclaringMoreBytesThanItHoldsIsRefusedWithoutAllocatingThem()
    {
        // Found by ModelContainersFuzz (season 4, RTU_FUZZ_CASES=20000): a bit flip in the central directory's
        // uncompressed size made the load allocate the declared 1 GB before finding the entry short.
        var bytes = (byte[])Container.Clone();
        BitConverter.GetBytes(1 << 30).CopyTo(bytes, CentralDirectoryHeader(bytes, "parts/0.mlnet") + 24);
        InvalidDataException? e = null;
        long allocated = ReliabilityFixture.AllocatedBy(() => e = LoadFails(bytes));
        Assert.IsLessThan(32L << 20, allocated, $"allocated {allocated:N0} bytes");
        StringAssert.Contains(e!.Message, "does not have the size it declares");
    }

    // The offset of the zip central directory's header of entry name (signature PK\x01\x02; name length at 28, name at 46).
    private static int CentralDirectoryHeader(byte[] zip, string name)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (int at = 0; at + 46 + nameBytes.Length <= zip.Length; at++)
            if (BitConverter.ToUInt32(zip, at) == 0x02014b50 && BitConverter.ToUInt16(zip, at + 28) == nameBytes.Length
                && zip.AsSpan(at + 46, nameBytes.Length).SequenceEqual(nameBytes))
                return at;
        throw new AssertFailedException($"no central directory header for {name}");
    }
}
