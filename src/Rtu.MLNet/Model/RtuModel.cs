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
/// ML.NET transformers saved by <c>mlContext.Model.Save</c>, RTU transformers saved by this library. From format 9 the
/// zip's root also holds the entries <c>mlContext.Model.Save</c> writes for a one-transformer model (<c>Schema</c>,
/// <c>TransformerChain/…</c>, listed in the manifest), so that ML.NET's own <c>mlContext.Model.Load</c> fails with a
/// message that names <c>LoadRtu</c> (see <see cref="MlNetLoadPointer"/>).
/// </summary>
/// <remarks>
/// Saving writes a temporary file next to the target and renames it over the target only when complete, so a failed
/// save never destroys the previous model. Loading a file that is not such a model, is truncated or corrupt
/// (checksum mismatch) or was written by a newer format version fails with an <see cref="InvalidDataException"/> that
/// says which.
/// </remarks>
public static class RtuModel
{
    /// <summary>
    /// The container format version this library writes; it reads this version and older ones (forecasters from
    /// version 5: older forecasters lack the forecast pool). Version 3 added <c>rtu-model.json.sha256</c>, the manifest's
    /// own SHA-256; version 4 series key columns (both transformers), timestamps and shared weights (forecasters); version 5
    /// the forecaster's forecast pool (older forecaster parts are refused with a clear message: fit and save again);
    /// version 6 the forecaster's interval columns option (a version 5 forecaster loads with it off) and the state
    /// features' SharedWeights; version 7 the forecast pool's second-season members (a version 5 or 6 forecaster loads,
    /// its pool continuing with them new) and the state features' timestamp column and SortByTimestamp; version 8 the
    /// forecaster's SortByTimestamp; version 9 the ML.NET entries that make <c>mlContext.Model.Load</c> point to
    /// <c>LoadRtu</c> (the manifest's <c>mlnetLoadPointer</c>); version 10 the forecaster's SecondSeasonLength (in its
    /// options and its settings; older forecasters load with null, the rule they were built with); version 11 the gated
    /// RTU's open-unit share in the learner settings of forecasters and state features (stored only when it is not 0.25,
    /// the share of every older file); version 12 the gated RTU's a₀ range there (stored only when it is not [0.02, 0.5],
    /// the range of every older file; the default gated RTU, share 0.5 and a₀ in [0.002, 0.1], stores both); version 13
    /// the forecaster's IncludeChanges option (stored only when on); version 14 the state features' statistics that widen
    /// their winsorising bound for recurring deviations (every state-feature model fitted since; older ones load with the
    /// statistics they were built with). Parts carry the oldest version that holds what they store: forecasters 13 with
    /// the change column, 12 with a stored a₀ range, 11 with only a stored share, else 10; state features 14 when fitted by
    /// this library, else 12 / 11 likewise, 7 with a timestamp column, 6 with SharedWeights, 4 with a key column, else 3.
    /// </summary>
    public const int FormatVersion = 14;

    private const string FormatName = "Rtu.MLNet.Model";
    private const string ManifestEntry = "rtu-model.json";
    private const string SchemaEntry = "input-schema.mlnet";
    private const string ManifestHashEntry = "rtu-model.json.sha256";
    private const int ManifestHashFrom = 3;             // format 3 added the manifest's own checksum
    private const long MaxManifestBytes = 1 << 20;
    private const long MaxEntryBytes = 0x7FFFFFC7;      // an entry read whole (the schema, ML.NET parts): a byte array's limit (Array.MaxLength); RTU parts are streamed
    private const int InitialReadBytes = 1 << 20;        // an entry's first buffer: larger ones grow as their bytes arrive

    // What an RTU transformer's ICanSaveModel.Save throws. ML.NET's Model.Save(…, path) creates the file before it asks
    // the parts to save, so by then a model already at that path is gone (an audit: a SaveRtu file was left as a
    // 193-byte zip): the message says so, since nothing here can undo it.
    internal static NotSupportedException ModelSaveRefused(string what) =>
        new($"mlContext.Model.Save cannot store {what}; save the model with mlContext.Model.SaveRtu (RtuModel.Save) instead. " +
            "If Model.Save was given a file path, ML.NET has already replaced that file with an incomplete one: a model saved there before is lost, save it again with SaveRtu.");

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
        // The entries are written as they are made, the manifest (which holds their checksums) after them: an RTU part
        // is written into its entry as it goes and hashed incrementally, never held whole (before, it was built in one
        // array, so a keyed model's part above 2 GiB could not be saved). Readers find entries by name, not by order.
        byte[] schemaBytes = SaveMlNet(context, new TransformerChain<ITransformer>(), inputSchema);
        Write(zip, SchemaEntry, schemaBytes);

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
            Write(zip, name, bytes);
            parts.Add(new() { ["entry"] = name, ["kind"] = "mlnet", ["sha256"] = Hash(bytes) });
            run.Clear();
        }
        foreach (var t in transformers)
        {
            if (t is RtuForecastingTransformer or RtuStateFeaturesTransformer or RtuPolicyTransformer)
            {
                FlushRun();
                string kind = t switch { RtuForecastingTransformer => "rtu.forecasting", RtuPolicyTransformer => PolicyKind, _ => "rtu.state-features" };
                string name = $"parts/{parts.Count}.rtu";
                string sha256 = WriteRtuPart(zip, name, t, kind);
                parts.Add(new() { ["entry"] = name, ["kind"] = kind, ["sha256"] = sha256 });
            }
            else
            {
                if (run.Count == 0) runSchema = schema;
                run.Add(t);
            }
            schema = t.GetOutputSchema(schema);
        }
        FlushRun();

        var pointer = MlNetLoadPointer.Entries;
        var manifest = new Dictionary<string, object>
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["library"] = typeof(RtuModel).Assembly.GetName().Version?.ToString() ?? "",
            ["schemaSha256"] = Hash(schemaBytes),
            ["single"] = model is not TransformerChain<ITransformer> && transformers.Count == 1,
            ["mlnetLoadPointer"] = pointer.Select(p => new Dictionary<string, string> { ["entry"] = p.Name, ["sha256"] = Hash(p.Bytes) }).ToList(),
            ["parts"] = parts,
        };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true });
        Write(zip, ManifestEntry, manifestBytes);
        Write(zip, ManifestHashEntry, Encoding.ASCII.GetBytes(Hash(manifestBytes)));
        foreach (var (name, bytes) in pointer) Write(zip, name, bytes);
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Anything wrong with the file (see <see cref="Load(MLContext, Stream, out DataViewSchema)"/>); the message names the file and the part.</exception>
    public static ITransformer Load(MLContext context, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a directory, not a model file." : $"Model file '{path}' does not exist.", path);
        using var fs = File.OpenRead(path);
        try { return Load(context, fs, out inputSchema); }
        catch (InvalidDataException e) when (RtuFormatError.IsOurs(e)) { throw RtuFormatError.With(e, file: path); }
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/> as <typeparamref name="TTransformer"/>.</summary>
    /// <exception cref="InvalidCastException">The file holds another kind of model (the message names it).</exception>
    public static TTransformer Load<TTransformer>(MLContext context, string path, out DataViewSchema inputSchema) where TTransformer : class, ITransformer
    {
        var model = Load(context, path, out inputSchema);
        return model as TTransformer ?? throw new InvalidCastException(
            $"Model file '{path}' holds a {Describe(model)}, not a {typeof(TTransformer).Name}; load it as ITransformer or as that type.");
    }

    private static string Describe(ITransformer model) => model is TransformerChain<ITransformer> chain
        ? $"TransformerChain<ITransformer> ({string.Join(" → ", chain.Select(t => t.GetType().Name))})"
        : model.GetType().Name;

    /// <summary>
    /// Whether <paramref name="path"/> is an Rtu.MLNet model container (a zip whose manifest names the format). ML.NET's
    /// own <c>mlContext.Model.Load</c> cannot read these files: it fails with an <see cref="InvalidOperationException"/>
    /// whose inner exception names <c>LoadRtu</c> (files of format 9 and later; older ones give ML.NET's "Could not load
    /// legacy format model"). A caller that receives files of both kinds can check first, or catch that error and ask this.
    /// </summary>
    public static bool IsRtuModel(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) return false;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifest = Read(zip, ManifestEntry, MaxManifestBytes);
            return manifest is not null && Encoding.UTF8.GetString(manifest).Contains($"\"{FormatName}\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Loads a model from a stream written by <see cref="Save(MLContext, ITransformer, DataViewSchema, Stream)"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The only exception for a bad container (see <see cref="RtuFormatError"/>): not an Rtu.MLNet model, truncated,
    /// corrupt (checksum mismatch), a manifest that does not follow the format (wrong types, missing or unknown keys,
    /// parts out of order, misnamed, duplicated or pointing at another entry, entries not listed), sizes beyond
    /// <see cref="RtuLimits"/>, a newer or invalid format version, or an ML.NET part that ML.NET cannot read (its
    /// exception is the inner one). The message names the part.
    /// </exception>
    public static ITransformer Load(MLContext context, Stream source, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(source);
        string? part = null;
        try { return LoadContainer(context, source, out inputSchema, ref part); }
        catch (InvalidDataException e) when (RtuFormatError.IsOurs(e)) { throw part is null ? e : RtuFormatError.With(e, part: part); }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // ML.NET reports a damaged part with FormatException, TargetInvocationException, FileLoadException,
            // EndOfStreamException, InvalidOperationException…; the zip and the RTU readers with their own. One type out.
            string problem = part is null ? "it is not an Rtu.MLNet model (not a zip container, or the file is truncated)" : "it is corrupt";
            throw RtuFormatError.Create($"{problem}: {e.GetType().Name}: {e.Message}", part: part, inner: e);
        }
    }

    private static ITransformer LoadContainer(MLContext context, Stream source, out DataViewSchema inputSchema, ref string? part)
    {
        using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in zip.Entries)
            if (!names.Add(e.FullName)) throw RtuFormatError.Create($"the container holds entry '{e.FullName}' twice.");

        part = ManifestEntry;
        var manifestBytes = Read(zip, ManifestEntry, MaxManifestBytes) ?? throw RtuFormatError.Create($"it is not an Rtu.MLNet model (no {ManifestEntry}).");
        // The checksum first: an edited manifest is reported as corrupt, whatever the edit.
        var hash = Read(zip, ManifestHashEntry, 256);
        if (hash is not null) Verify(ManifestEntry, manifestBytes, Encoding.ASCII.GetString(hash));
        var manifest = ContainerManifest.Parse(manifestBytes, FormatName, FormatVersion, [ManifestEntry, ManifestHashEntry, SchemaEntry]);
        if (manifest.FormatVersion >= ManifestHashFrom && hash is null)
            throw RtuFormatError.Create($"the manifest's checksum entry {ManifestHashEntry} is missing.");
        part = null;
        var expected = new HashSet<string>(StringComparer.Ordinal) { ManifestEntry, SchemaEntry };
        if (hash is not null) expected.Add(ManifestHashEntry);
        foreach (var p in manifest.Parts) expected.Add(p.Entry);
        foreach (var p in manifest.MlNetPointer) expected.Add(p.Entry);
        var extra = names.Except(expected).ToArray();
        if (extra.Length > 0) throw RtuFormatError.Create($"the container holds entries its manifest does not list: {string.Join(", ", extra.Select(x => $"'{x}'"))}.");
        // ML.NET's entries for its own Model.Load are not used here, but are bounded and checked like every other entry.
        foreach (var p in manifest.MlNetPointer)
        {
            part = p.Entry;
            var bytes = Read(zip, p.Entry, MlNetLoadPointer.MaxEntryBytes) ?? throw RtuFormatError.Create("the entry is missing.");
            Verify(p.Entry, bytes, p.Sha256);
        }

        part = SchemaEntry;
        var schemaBytes = Read(zip, SchemaEntry, MaxEntryBytes) ?? throw RtuFormatError.Create("the input schema entry is missing.");
        Verify(SchemaEntry, schemaBytes, manifest.SchemaSha256);
        using (var ms = new MemoryStream(schemaBytes)) context.Model.Load(ms, out inputSchema);

        var transformers = new List<ITransformer>();
        var schema = inputSchema;
        foreach (var p in manifest.Parts)
        {
            part = p.Entry;
            int first = transformers.Count;
            if (p.Kind == "mlnet")
            {
                var bytes = Read(zip, p.Entry, MaxEntryBytes) ?? throw RtuFormatError.Create("the part is missing.");
                Verify(p.Entry, bytes, p.Sha256);
                using var ms = new MemoryStream(bytes);
                ITransformer t;
                try { t = context.Model.Load(ms, out _); }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                {
                    // The part's checksum holds, so the file is intact: ML.NET cannot build a transformer it names (a
                    // CustomMapping whose factory is not registered, an assembly not loaded). It was reported as a
                    // corrupt file, the cause five exceptions down.
                    var root = e;
                    while (root.InnerException is { } inner) root = inner;
                    throw RtuFormatError.Create($"ML.NET cannot load this part, whose checksum holds (it is as it was written: a CustomMapping factory not registered, or an assembly not loaded?): {root.GetType().Name}: {root.Message}", inner: e);
                }
                transformers.AddRange(Flatten(t));
            }
            else
            {
                // Checked in a first pass over the entry, then read as it goes in a second: never held whole.
                var entry = zip.GetEntry(p.Entry) ?? throw RtuFormatError.Create("the part is missing.");
                VerifyStreamed(entry, p.Sha256, source.CanSeek ? source.Length : long.MaxValue);
                using var partBytes = new ZipEntryReader(entry.Open, entry.Length);
                transformers.Add(LoadRtuPart(context, partBytes, p.Kind, manifest.FormatVersion));
            }
            // The saved pipeline accepted the saved schema: a part that does not (e.g. an edited column name) would
            // only fail at Transform.
            try { foreach (var t in transformers.Skip(first)) schema = t.GetOutputSchema(schema); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw RtuFormatError.Create($"the part does not accept the schema the model was saved with: {e.Message}", inner: e);
            }
        }
        part = null;
        if (manifest.Single && transformers.Count != 1) throw RtuFormatError.Create($"the manifest says the model is a single transformer, but its parts hold {transformers.Count}.", part: ManifestEntry);
        return manifest.Single ? transformers[0] : new TransformerChain<ITransformer>(transformers.ToArray());
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
    private const string PolicyKind = "rtu.policy";
    private const string PartEnd = "end";

    // Writes the part into its entry as it goes (in chunks, one series at a time) and returns its SHA-256.
    private static string WriteRtuPart(ZipArchive zip, string name, ITransformer t, string kind)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        using var hashed = new HashedWriter(entry);
        using (var w = new BinaryWriter(hashed, Encoding.UTF8, leaveOpen: true))
        {
            // A part carries the oldest version that holds what it stores, so unkeyed parts stay readable by older libraries.
            int partVersion = t switch
            {
                RtuForecastingTransformer ft => ft.PartVersion,
                RtuStateFeaturesTransformer st => st.PartVersion,
                _ => FormatVersion,
            };
            w.Write(PartMagic); w.Write(partVersion); w.Write(kind);
            if (t is RtuForecastingTransformer f) f.Write(w);
            else if (t is RtuPolicyTransformer p) p.Write(w);
            else ((RtuStateFeaturesTransformer)t).Write(w);
            w.Write(PartEnd);
        }
        return Convert.ToHexString(hashed.Finish());
    }

    // bytes: the part's checked bytes, seekable (read as they are needed: a keyed model's part may exceed 2 GiB).
    private static ITransformer LoadRtuPart(MLContext context, Stream bytes, string kind, int containerVersion)
    {
        using var r = new BinaryReader(bytes, Encoding.UTF8, leaveOpen: true);
        if (bytes.Length < 1 + PartMagic.Length || bytes.ReadByte() != PartMagic.Length) throw RtuFormatError.Create("it is not an RTU part.");
        bytes.Position = 0;
        if (r.ReadString() != PartMagic) throw RtuFormatError.Create("it is not an RTU part.");
        int version = r.ReadInt32();
        if (version > FormatVersion) throw RtuFormatError.Create($"the part has format version {version}, newer than this library reads ({FormatVersion}); upgrade Rtu.MLNet.");
        if (version < 1 || version > containerVersion) throw RtuFormatError.Create($"the part's format version ({version}) is invalid (the container's is {containerVersion}).");
        long kindAt = bytes.Position;
        int kindLength = bytes.ReadByte();   // -1 at the end
        bytes.Position = kindAt;
        if (kindLength is <= 0 or > 64) throw RtuFormatError.Create("the part's kind is corrupt.");
        string stored = r.ReadString();
        if (stored != kind) throw RtuFormatError.Create($"the part holds '{stored}', the manifest says '{kind}'.");
        // Format 5 added the forecaster's forecast pool (and robust clean) to its state: older forecasters lack it.
        if (kind == "rtu.forecasting" && version < 5)
            throw RtuFormatError.Create($"the part is a forecaster of format version {version}, written before the forecast pool (format 5) that this library needs; fit and save it again.");
        // Check every declared size against RtuLimits and the bytes that remain before the model allocates anything.
        long at = r.BaseStream.Position;
        if (kind != PolicyKind) RtuPartSizes.Check(r, kind); // a policy checks its sizes as it reads them (PolicyModel.Read)
        r.BaseStream.Position = at;
        ITransformer t = kind switch
        {
            "rtu.forecasting" => RtuForecastingTransformer.Read(r, version),
            "rtu.state-features" => RtuStateFeaturesTransformer.Read(r, version),
            PolicyKind => RtuPolicyTransformer.Read(context, r),
            _ => throw RtuFormatError.Create($"the part has an unknown kind '{kind}'."),
        };
        if (r.BaseStream.Length - r.BaseStream.Position != 1 + PartEnd.Length || r.ReadString() != PartEnd) throw RtuFormatError.Create("the part has trailing garbage or is misaligned.");
        return t;
    }

    private static void Verify(string entry, byte[] bytes, string expected)
    {
        if (!string.Equals(Hash(bytes), expected.Trim(), StringComparison.OrdinalIgnoreCase))
            throw RtuFormatError.Create($"entry '{entry}' is corrupt (SHA-256 mismatch).");
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    // Deflate writes at least one bit per 258 bytes (a ratio below 1,032:1): an entry that declares more than its
    // compressed bytes can hold is refused before it is read. (Stored entries hold as many bytes as they declare.)
    private const long MaxDeflateRatio = 1032;

    // An RTU part's first pass: its size and SHA-256, read in chunks (never held: a keyed model's part may exceed 2 GiB,
    // the limit of the array it was read into before). A declared size bounds the read and is never allocated.
    private static void VerifyStreamed(ZipArchiveEntry e, string expected, long containerLength)
    {
        long compressed = Math.Min(e.CompressedLength, containerLength);
        if (e.Length < 0 || (e.Length - (1 << 16)) / MaxDeflateRatio > compressed)
            throw RtuFormatError.Create($"entry '{e.FullName}' declares {e.Length:N0} bytes, more than its {compressed:N0} compressed bytes can hold (corrupt).");
        try
        {
            using var s = e.Open();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var chunk = new byte[(int)Math.Min(e.Length + 1, HashedWriter.ChunkSize)];
            long count = 0;
            for (int read; count <= e.Length && (read = s.Read(chunk)) > 0; count += read) hash.AppendData(chunk, 0, read);
            if (count != e.Length) throw RtuFormatError.Create($"entry '{e.FullName}' does not have the size it declares (corrupt).");
            if (!string.Equals(Convert.ToHexString(hash.GetHashAndReset()), expected.Trim(), StringComparison.OrdinalIgnoreCase))
                throw RtuFormatError.Create($"entry '{e.FullName}' is corrupt (SHA-256 mismatch).");
        }
        catch (InvalidDataException ex) when (!RtuFormatError.IsOurs(ex)) { throw RtuFormatError.Create($"entry '{e.FullName}' is corrupt: {ex.Message}", inner: ex); }
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        var e = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var s = e.Open();
        s.Write(bytes);
    }

    // Decompresses at most maxBytes (and no more than the entry declares): a zip bomb or a lying size costs nothing.
    // The buffer grows with the bytes that really arrive: a declared size (a flipped bit in the central directory can
    // make it 1 GB) is an upper bound, never an allocation.
    private static byte[]? Read(ZipArchive zip, string name, long maxBytes)
    {
        var e = zip.GetEntry(name);
        if (e is null) return null;
        if (e.Length > maxBytes) throw RtuFormatError.Create($"entry '{name}' declares {e.Length:N0} bytes, more than the {maxBytes:N0} an entry may hold.");
        try
        {
            using var s = e.Open();
            using var bytes = new MemoryStream((int)Math.Min(e.Length, InitialReadBytes));
            var chunk = new byte[(int)Math.Min(e.Length + 1, InitialReadBytes)];
            for (int read; bytes.Length <= e.Length && (read = s.Read(chunk)) > 0;) bytes.Write(chunk, 0, read);
            if (bytes.Length != e.Length) throw RtuFormatError.Create($"entry '{name}' does not have the size it declares (corrupt).");
            return bytes.Length == bytes.Capacity ? bytes.GetBuffer() : bytes.ToArray();
        }
        catch (InvalidDataException ex) when (!RtuFormatError.IsOurs(ex)) { throw RtuFormatError.Create($"entry '{name}' is corrupt: {ex.Message}", inner: ex); }
    }
}
