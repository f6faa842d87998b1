using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rtu.MLNet;

/// <summary>
/// One-file model container for pipelines that hold RTU transformers (<c>mlContext.Model.Save</c> cannot store their
/// weights). The file is a zip: <c>rtu-model.json</c> (format name and version, the parts and their SHA-256),
/// <c>input-schema.mlnet</c> (the input schema, saved by ML.NET), and one entry per pipeline part — runs of ordinary
/// ML.NET transformers saved by <c>mlContext.Model.Save</c>, RTU transformers saved by this library.
/// </summary>
/// <remarks>
/// Saving writes a temporary file next to the target and renames it over the target only when complete, so a failed
/// save never destroys the previous model. Loading a file that is not such a model, is truncated or corrupt
/// (checksum mismatch) or was written by a newer format version fails with an <see cref="InvalidDataException"/> that
/// says which.
/// </remarks>
public static class RtuModel
{
    /// <summary>The container format version this library writes; it reads this version and older ones (forecasters from version 2: version 1 was a pre-release).</summary>
    public const int FormatVersion = 2;

    private const string FormatName = "Rtu.MLNet.Model";
    private const string ManifestEntry = "rtu-model.json";
    private const string SchemaEntry = "input-schema.mlnet";

    /// <summary>Saves <paramref name="model"/> (any transformer or chain, with or without RTU parts) to <paramref name="path"/>, atomically.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Rtu.Trainers.IO.AtomicFile.Write(path, stream => Save(context, model, inputSchema, stream));
    }

    /// <summary>Writes the container to <paramref name="destination"/>.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema inputSchema, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(destination);
        var transformers = Flatten(model).ToList();
        // Check that the pipeline accepts the schema before writing anything.
        var schema = inputSchema;
        foreach (var t in transformers) schema = t.GetOutputSchema(schema);

        var parts = new List<Dictionary<string, string>>();
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var entries = new List<(string Name, byte[] Bytes)>();
        entries.Add((SchemaEntry, SaveMlNet(context, new TransformerChain<ITransformer>(), inputSchema)));

        schema = inputSchema;
        var run = new List<ITransformer>();
        var runSchema = schema;
        void FlushRun()
        {
            if (run.Count == 0) return;
            string name = $"parts/{parts.Count}.mlnet";
            byte[] bytes;
            try { bytes = SaveMlNet(context, new TransformerChain<ITransformer>(run.ToArray()), runSchema); }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
            {
                throw new NotSupportedException($"Pipeline part {parts.Count} ({string.Join(", ", run.Select(r => r.GetType().Name))}) cannot be saved by ML.NET: {e.Message}", e);
            }
            entries.Add((name, bytes));
            parts.Add(new() { ["entry"] = name, ["kind"] = "mlnet", ["sha256"] = Hash(bytes) });
            run.Clear();
        }
        foreach (var t in transformers)
        {
            if (t is RtuForecastingTransformer or RtuStateFeaturesTransformer)
            {
                FlushRun();
                string kind = t is RtuForecastingTransformer ? "rtu.forecasting" : "rtu.state-features";
                string name = $"parts/{parts.Count}.rtu";
                byte[] bytes = SaveRtuPart(t, kind);
                entries.Add((name, bytes));
                parts.Add(new() { ["entry"] = name, ["kind"] = kind, ["sha256"] = Hash(bytes) });
            }
            else
            {
                if (run.Count == 0) runSchema = schema;
                run.Add(t);
            }
            schema = t.GetOutputSchema(schema);
        }
        FlushRun();

        var manifest = new Dictionary<string, object>
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["library"] = typeof(RtuModel).Assembly.GetName().Version?.ToString() ?? "",
            ["schemaSha256"] = Hash(entries[0].Bytes),
            ["single"] = model is not TransformerChain<ITransformer> && transformers.Count == 1,
            ["parts"] = parts,
        };
        Write(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
        foreach (var (name, bytes) in entries) Write(zip, name, bytes);
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an Rtu.MLNet model, truncated, corrupt or of a newer format version.</exception>
    public static ITransformer Load(MLContext context, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var fs = File.OpenRead(path);
        try { return Load(context, fs, out inputSchema); }
        catch (InvalidDataException e) { throw new InvalidDataException($"Cannot load model file '{path}': {e.Message}", e); }
    }

    /// <summary>Loads a model from a stream written by <see cref="Save(MLContext, ITransformer, DataViewSchema, Stream)"/>.</summary>
    public static ITransformer Load(MLContext context, Stream source, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(source);
        ZipArchive zip;
        try { zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"it is not an Rtu.MLNet model (not a zip container, or the file is truncated): {e.Message}", e); }
        using (zip)
        {
            var manifestBytes = Read(zip, ManifestEntry) ?? throw new InvalidDataException($"it is not an Rtu.MLNet model (no {ManifestEntry}).");
            JsonElement manifest;
            try { manifest = JsonDocument.Parse(manifestBytes).RootElement; }
            catch (JsonException e) { throw new InvalidDataException($"its manifest is corrupt: {e.Message}", e); }
            if (!manifest.TryGetProperty("format", out var f) || f.GetString() != FormatName)
                throw new InvalidDataException($"it is not an Rtu.MLNet model (format is not '{FormatName}').");
            int version = manifest.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out int vi) ? vi : -1;
            if (version > FormatVersion)
                throw new InvalidDataException($"it was written with model format version {version}, newer than this library reads ({FormatVersion}); upgrade Rtu.MLNet to load it.");
            if (version < 1) throw new InvalidDataException($"its format version ({version}) is invalid.");

            var schemaBytes = Read(zip, SchemaEntry) ?? throw new InvalidDataException($"the input schema entry {SchemaEntry} is missing.");
            Verify(SchemaEntry, schemaBytes, manifest.GetProperty("schemaSha256").GetString());
            using (var ms = new MemoryStream(schemaBytes)) context.Model.Load(ms, out inputSchema);

            var transformers = new List<ITransformer>();
            foreach (var part in manifest.GetProperty("parts").EnumerateArray())
            {
                string entry = part.GetProperty("entry").GetString() ?? "";
                string kind = part.GetProperty("kind").GetString() ?? "";
                var bytes = Read(zip, entry) ?? throw new InvalidDataException($"part '{entry}' is missing.");
                Verify(entry, bytes, part.GetProperty("sha256").GetString());
                if (kind == "mlnet")
                {
                    using var ms = new MemoryStream(bytes);
                    var t = context.Model.Load(ms, out _);
                    transformers.AddRange(Flatten(t));
                }
                else transformers.Add(LoadRtuPart(context, bytes, kind, entry));
            }
            bool single = manifest.TryGetProperty("single", out var s) && s.ValueKind == JsonValueKind.True;
            return single && transformers.Count == 1 ? transformers[0] : new TransformerChain<ITransformer>(transformers.ToArray());
        }
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t)
    {
        if (t is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain) foreach (var x in Flatten(inner)) yield return x;
        }
        else yield return t;
    }

    private static byte[] SaveMlNet(MLContext context, ITransformer t, DataViewSchema schema)
    {
        using var ms = new MemoryStream();
        context.Model.Save(t, schema, ms);
        return ms.ToArray();
    }

    private const string PartMagic = "Rtu.MLNet.Part";
    private const string PartEnd = "end";

    private static byte[] SaveRtuPart(ITransformer t, string kind)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(PartMagic); w.Write(FormatVersion); w.Write(kind);
            if (t is RtuForecastingTransformer f) f.Write(w); else ((RtuStateFeaturesTransformer)t).Write(w);
            w.Write(PartEnd);
        }
        return ms.ToArray();
    }

    private static ITransformer LoadRtuPart(MLContext context, byte[] bytes, string kind, string entry)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (r.ReadString() != PartMagic) throw new InvalidDataException($"part '{entry}' is not an RTU part.");
            int version = r.ReadInt32();
            if (version > FormatVersion) throw new InvalidDataException($"part '{entry}' has format version {version}, newer than this library reads ({FormatVersion}); upgrade Rtu.MLNet.");
            string stored = r.ReadString();
            if (stored != kind) throw new InvalidDataException($"part '{entry}' holds '{stored}', the manifest says '{kind}'.");
            // Format 2 added the forecaster's seasonal-naive combination; format-1 forecasters came from a pre-release.
            if (kind == "rtu.forecasting" && version < 2)
                throw new InvalidDataException($"part '{entry}' is a forecaster of format version {version}, written by a pre-release that this library no longer reads; fit and save it again.");
            ITransformer t = kind switch
            {
                "rtu.forecasting" => RtuForecastingTransformer.Read(r),
                "rtu.state-features" => RtuStateFeaturesTransformer.Read(r),
                _ => throw new InvalidDataException($"part '{entry}' has an unknown kind '{kind}'."),
            };
            if (r.ReadString() != PartEnd) throw new InvalidDataException($"part '{entry}' has trailing garbage or is misaligned.");
            return t;
        }
        catch (EndOfStreamException e) { throw new InvalidDataException($"part '{entry}' is truncated.", e); }
    }

    private static void Verify(string entry, byte[] bytes, string? expected)
    {
        if (expected is null || !string.Equals(Hash(bytes), expected, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"entry '{entry}' is corrupt (SHA-256 mismatch).");
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        var e = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var s = e.Open();
        s.Write(bytes);
    }

    private static byte[]? Read(ZipArchive zip, string name)
    {
        var e = zip.GetEntry(name);
        if (e is null) return null;
        try
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException ex) { throw new InvalidDataException($"entry '{name}' is corrupt: {ex.Message}", ex); }
    }
}
