using System.Text.Json;

namespace Rtu.MLNet;

/// <summary>
/// The manifest <c>rtu-model.json</c> of a model container, validated against its schema: an object with exactly the
/// keys <c>format</c> (the format name), <c>formatVersion</c> (1 … the library's), <c>library</c> (string),
/// <c>schemaSha256</c> (64 hex digits), <c>single</c> (bool) and <c>parts</c>: an array whose element i is an object
/// with exactly <c>entry</c> = <c>parts/i.mlnet</c> (kind <c>mlnet</c>) or <c>parts/i.rtu</c> (kind
/// <c>rtu.forecasting</c>, <c>rtu.state-features</c> or <c>rtu.policy</c>), <c>kind</c> and <c>sha256</c> (64 hex digits); two ML.NET parts
/// never follow each other (the writer merges them). From format 9 also <c>mlnetLoadPointer</c>: an array (at most
/// <see cref="MlNetLoadPointer.MaxEntries"/>) of objects with exactly <c>entry</c> (a name that is none of the
/// container's own entries and not under <c>parts/</c>) and <c>sha256</c> — the ML.NET entries that make
/// <c>mlContext.Model.Load</c> point to <c>LoadRtu</c> (<see cref="MlNetLoadPointer"/>). Anything else is refused with an
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed record ContainerManifest(int FormatVersion, string SchemaSha256, bool Single, IReadOnlyList<ContainerManifest.PartEntry> Parts,
    IReadOnlyList<ContainerManifest.PointerEntry> MlNetPointer)
{
    /// <summary>One pipeline part: its zip entry, kind and SHA-256.</summary>
    internal sealed record PartEntry(string Entry, string Kind, string Sha256);

    /// <summary>One of ML.NET's entries for <c>mlContext.Model.Load</c> (read only to check its SHA-256).</summary>
    internal sealed record PointerEntry(string Entry, string Sha256);

    /// <summary>The format version that added <c>mlnetLoadPointer</c>.</summary>
    public const int MlNetPointerFrom = 9;

    private static readonly string[] RootKeys = ["format", "formatVersion", "library", "schemaSha256", "single", "parts"];
    private static readonly string[] RootKeysWithPointer = [.. RootKeys, "mlnetLoadPointer"];
    private static readonly string[] PartKeys = ["entry", "kind", "sha256"];
    private static readonly string[] PointerKeys = ["entry", "sha256"];
    private static readonly string[] Kinds = ["mlnet", "rtu.forecasting", "rtu.state-features", "rtu.policy"];
    private const int MaxParts = 10_000;

    /// <summary>Parses and validates <paramref name="bytes"/>; <paramref name="reserved"/> are the container's own entry names (manifest, its checksum, schema), which a pointer entry may not take.</summary>
    public static ContainerManifest Parse(byte[] bytes, string formatName, int newestVersion, IReadOnlyCollection<string> reserved)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw RtuFormatError.Create($"the manifest is not valid JSON: {e.Message}", inner: e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad($"it must be a JSON object, not {root.ValueKind}.");
            if (!root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != formatName)
                throw RtuFormatError.Create($"it is not an Rtu.MLNet model (format is not '{formatName}').");
            int version = root.TryGetProperty("formatVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int vi) ? vi : int.MinValue;
            if (version == int.MinValue) throw Bad("'formatVersion' must be an integer.");
            if (version > newestVersion)
                throw RtuFormatError.Create($"it was written with model format version {version}, newer than this library reads ({newestVersion}); upgrade Rtu.MLNet to load it.");
            if (version < 1) throw Bad($"its format version ({version}) is invalid.");
            Keys(root, version >= MlNetPointerFrom ? RootKeysWithPointer : RootKeys, "the manifest");
            if (root.TryGetProperty("library", out var lib) && lib.ValueKind != JsonValueKind.String) throw Bad("'library' must be a string.");
            string schemaSha = Sha(root, "schemaSha256", "the manifest");
            if (!root.TryGetProperty("single", out var single) || single.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Bad("'single' must be true or false.");
            if (!root.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array) throw Bad("'parts' must be an array.");
            if (parts.GetArrayLength() > MaxParts) throw Bad($"'parts' lists {parts.GetArrayLength()} parts, more than {MaxParts}.");

            var list = new List<PartEntry>();
            foreach (var p in parts.EnumerateArray())
            {
                int i = list.Count;
                string where = $"part {i}";
                if (p.ValueKind != JsonValueKind.Object) throw Bad($"{where} must be an object.");
                Keys(p, PartKeys, where);
                string kind = Str(p, "kind", where);
                if (!Kinds.Contains(kind)) throw Bad($"{where} has an unknown kind '{kind}'.");
                string entry = Str(p, "entry", where);
                string expected = $"parts/{i}.{(kind == "mlnet" ? "mlnet" : "rtu")}";
                if (entry != expected) throw Bad($"{where} names entry '{entry}'; part {i} of kind '{kind}' must be '{expected}' (parts are stored in pipeline order).");
                if (kind == "mlnet" && i > 0 && list[i - 1].Kind == "mlnet") throw Bad($"{where} follows another ML.NET part; the writer merges them.");
                list.Add(new PartEntry(entry, kind, Sha(p, "sha256", where)));
            }
            if (single.ValueKind == JsonValueKind.True && list.Count != 1) throw Bad($"'single' is true but the manifest lists {list.Count} parts.");
            var pointer = version >= MlNetPointerFrom ? Pointer(root.GetProperty("mlnetLoadPointer"), reserved) : [];
            return new ContainerManifest(version, schemaSha, single.ValueKind == JsonValueKind.True, list, pointer);
        }
    }

    private static List<PointerEntry> Pointer(JsonElement entries, IReadOnlyCollection<string> reserved)
    {
        if (entries.ValueKind != JsonValueKind.Array) throw Bad("'mlnetLoadPointer' must be an array.");
        if (entries.GetArrayLength() > MlNetLoadPointer.MaxEntries) throw Bad($"'mlnetLoadPointer' lists {entries.GetArrayLength()} entries, more than {MlNetLoadPointer.MaxEntries}.");
        var list = new List<PointerEntry>();
        foreach (var p in entries.EnumerateArray())
        {
            string where = $"ML.NET pointer entry {list.Count}";
            if (p.ValueKind != JsonValueKind.Object) throw Bad($"{where} must be an object.");
            Keys(p, PointerKeys, where);
            string entry = Str(p, "entry", where);
            if (entry.Length == 0 || reserved.Contains(entry) || entry.StartsWith("parts/", StringComparison.Ordinal))
                throw Bad($"{where} names entry '{entry}', which belongs to the container itself.");
            if (list.Any(x => x.Entry == entry)) throw Bad($"{where} names entry '{entry}' twice.");
            list.Add(new PointerEntry(entry, Sha(p, "sha256", where)));
        }
        return list;
    }

    private static InvalidDataException Bad(string problem) => RtuFormatError.Create($"the manifest does not follow the format: {problem}");

    private static void Keys(JsonElement o, string[] allowed, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            if (!allowed.Contains(p.Name)) throw Bad($"{where} has an unknown key '{p.Name}'.");
            if (!seen.Add(p.Name)) throw Bad($"{where} has key '{p.Name}' twice.");
        }
        foreach (var k in allowed)
            if (k != "library" && !seen.Contains(k)) throw Bad($"{where} lacks key '{k}'.");
    }

    private static string Str(JsonElement o, string key, string where) =>
        o.GetProperty(key) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : throw Bad($"'{key}' of {where} must be a string.");

    private static string Sha(JsonElement o, string key, string where)
    {
        string s = Str(o, key, where);
        if (s.Length != 64 || !s.All(Uri.IsHexDigit)) throw Bad($"'{key}' of {where} must be 64 hexadecimal digits.");
        return s;
    }
}
