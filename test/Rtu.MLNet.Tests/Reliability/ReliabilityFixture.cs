using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;

namespace Rtu.MLNet.Tests.Reliability;

/// <summary>Small fitted models and byte-level helpers for the reliability tests (hostile files, crafted fields).</summary>
internal static class ReliabilityFixture
{
    public static readonly MLContext Ml = new(seed: 1);

    /// <summary>A distinctive learning rate: its 8 bytes locate the first stream's settings inside a checkpoint.</summary>
    public const double MarkerLearningRate = 0.0123456789;

    /// <summary>
    /// The reliability forecaster's options. The season decides the pool's members (layout 15): 12 the default, 1 adds
    /// the fitted drift, 4 the damped trend on classically adjusted values, so each season's saved state gets fuzzed.
    /// </summary>
    public static RtuForecastingOptions ForecastOptions(int season = 12) => new()
    {
        InputColumnName = "Value", OutputColumnName = "Forecast", Horizon = 3, SeasonLength = season, Units = 6, Lags = 3,
        ExogenousColumnNames = ["Temperature"], LearningRate = MarkerLearningRate,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<RtuForecastingTransformer>> Forecasters = new();

    /// <summary>The forecaster of <paramref name="season"/>, fitted once per season.</summary>
    public static RtuForecastingTransformer ForecasterOf(int season) => Forecasters.GetOrAdd(season, s => new(() =>
        Ml.Forecasting.ForecastByRtu(ForecastOptions(s)).Fit(Ml.Data.LoadFromEnumerable(TestData.Series(80))))).Value;

    public static RtuForecastingTransformer Forecaster => ForecasterOf(12);

    public static RtuForecastEngine EngineWithStreams(int count, int steps = 5, int season = 12)
    {
        var engine = ForecasterOf(season).CreateStreamingEngine();
        var rows = TestData.Series(steps + 1);
        for (int k = 0; k < count; k++)
            for (int t = 0; t < steps; t++) engine.Observe($"s{k:D5}", rows[t].Value + k, [rows[t].Temperature]);
        return engine;
    }

    public static byte[] Checkpoint(RtuForecastEngine engine)
    {
        using var ms = new MemoryStream();
        engine.Checkpoint(ms);
        return ms.ToArray();
    }

    // Outer layout: length-prefixed magic, int32 version, int64 payload length, payload, SHA-256 of the payload.
    public static int PayloadOffset => 1 + "Rtu.MLNet.Checkpoint".Length + 4 + 8;

    public static int LengthFieldOffset => 1 + "Rtu.MLNet.Checkpoint".Length + 4;

    /// <summary>Recomputes the checkpoint's SHA-256 after an edit of its payload: a crafted, hash-valid file.</summary>
    public static void Rehash(byte[] checkpoint)
    {
        long length = BitConverter.ToInt64(checkpoint, LengthFieldOffset);
        var hash = SHA256.HashData(checkpoint.AsSpan(PayloadOffset, (int)length));
        hash.CopyTo(checkpoint, PayloadOffset + (int)length);
    }

    /// <summary>Offset of the first stream's learner settings (the first occurrence of the marker learning rate) minus the rate's own offset.</summary>
    public static int FirstLearnerSettings(byte[] checkpoint)
    {
        var marker = BitConverter.GetBytes(MarkerLearningRate);
        int at = checkpoint.AsSpan().IndexOf(marker);
        Assert.IsGreaterThan(0, at, "marker learning rate not found in the checkpoint");
        return at - LearningRateOffset;
    }

    // RtuLearnerSettings.Write: Architecture, LearningRule, Units, Activation, Truncation (int32 ×5), RMax, RMin (double ×2),
    // SkipConnection (bool), Gamma, Lambda, LearningRate, Beta1, Beta2, Epsilon, ErrorClip (double ×7), Horizon (int32), Seed.
    public const int UnitsOffset = 8;
    public const int LearningRateOffset = 4 * 5 + 8 * 2 + 1 + 8 * 2;
    public const int HorizonOffset = 4 * 5 + 8 * 2 + 1 + 8 * 7;

    /// <summary>Allocated bytes of this thread while <paramref name="action"/> runs.</summary>
    public static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // ---- model containers ----

    public static byte[] SaveModel(ITransformer model, Microsoft.ML.DataViewSchema schema)
    {
        using var ms = new MemoryStream();
        RtuModel.Save(Ml, model, schema, ms);
        return ms.ToArray();
    }

    public static Dictionary<string, byte[]> Entries(byte[] container)
    {
        using var zip = new ZipArchive(new MemoryStream(container), ZipArchiveMode.Read);
        var d = new Dictionary<string, byte[]>();
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            d[e.FullName] = ms.ToArray();
        }
        return d;
    }

    public static byte[] Pack(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return ms.ToArray();
    }

    public static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public static string Text(byte[] b) => Encoding.UTF8.GetString(b);
}

internal static class ContainerEdits
{
    public const string ManifestEntry = "rtu-model.json";
    public const string ManifestHashEntry = "rtu-model.json.sha256";

    /// <summary>Rewrites the manifest with <paramref name="edit"/> and keeps the container hash-valid (a crafted file).</summary>
    public static byte[] WithManifest(byte[] container, Func<string, string> edit)
    {
        var entries = ReliabilityFixture.Entries(container);
        var manifest = Encoding.UTF8.GetBytes(edit(ReliabilityFixture.Text(entries[ManifestEntry])));
        var list = new List<KeyValuePair<string, byte[]>>();
        foreach (var (name, bytes) in entries)
        {
            if (name == ManifestEntry) list.Add(new(name, manifest));
            else if (name == ManifestHashEntry) list.Add(new(name, Encoding.ASCII.GetBytes(ReliabilityFixture.Sha(manifest))));
            else list.Add(new(name, bytes));
        }
        return ReliabilityFixture.Pack(list);
    }

    /// <summary>
    /// <paramref name="entries"/> as format 8 and older wrote them: without ML.NET's entries for its own Model.Load and
    /// the manifest's list of them (format 9). The manifest's checksum entry is left as it was.
    /// </summary>
    public static Dictionary<string, byte[]> WithoutMlNetPointer(Dictionary<string, byte[]> entries)
    {
        var root = JsonNode.Parse(entries[ManifestEntry])!.AsObject();
        foreach (var p in root["mlnetLoadPointer"]!.AsArray()) Assert.IsTrue(entries.Remove(p!["entry"]!.GetValue<string>()));
        root.Remove("mlnetLoadPointer");
        entries[ManifestEntry] = Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return entries;
    }

    /// <summary>Replaces entry <paramref name="name"/> and updates its SHA-256 in the manifest (a crafted, hash-valid file).</summary>
    public static byte[] WithEntry(byte[] container, string name, byte[] content)
    {
        var entries = ReliabilityFixture.Entries(container);
        string oldSha = ReliabilityFixture.Sha(entries[name]);
        entries[name] = content;
        byte[] repacked = ReliabilityFixture.Pack(entries);
        return WithManifest(repacked, m => m.Replace(oldSha, ReliabilityFixture.Sha(content), StringComparison.OrdinalIgnoreCase));
    }
}
