using System.IO.Compression;
using Microsoft.ML;

namespace Rtu.MLNet;

/// <summary>
/// The entries that make ML.NET's own <c>mlContext.Model.Load</c> on an Rtu container fail with a message that points
/// to <c>LoadRtu</c>. ML.NET's loader registration is internal, so a container cannot hold a part that ML.NET reads;
/// but <c>Model.Load</c> reads the zip's root as an ML.NET model when it finds ML.NET's entries there (<c>Schema</c>,
/// <c>TransformerChain/…</c>), so the container also holds what <c>Model.Save</c> writes for a CustomMapping transformer
/// whose contract name is the pointer. No factory is registered under that name, and ML.NET's load fails with
/// "Unable to locate an extension for the contract '<see cref="ContractName"/>'" (an inner exception of its
/// "Error during class instantiation").
/// </summary>
internal static class MlNetLoadPointer
{
    /// <summary>The contract name, which ML.NET repeats in its error message.</summary>
    public const string ContractName = "Rtu.MLNet model file: mlContext.Model.Load cannot read it; load it with mlContext.Model.LoadRtu(path, out schema)";

    /// <summary>Bounds on what a loader accepts as pointer entries (ML.NET writes 4, each under 1 KB).</summary>
    public const int MaxEntries = 16;
    public const long MaxEntryBytes = 1 << 16;

    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Saved = new(Create);

    /// <summary>ML.NET's saved entries (name, bytes), the same for every container.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Entries => Saved.Value;

    private static IReadOnlyList<(string Name, byte[] Bytes)> Create()
    {
        var ml = new MLContext(seed: 0);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<PointerInput>());
        var pointer = ml.Transforms.CustomMapping(MappingDeclaredInCoreLib(), ContractName).Fit(empty);
        using var ms = new MemoryStream();
        ml.Model.Save(pointer, empty.Schema, ms);
        ms.Position = 0;
        using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            entries.Add((e.FullName, copy.ToArray()));
        }
        return entries;
    }

    // ML.NET saves the full name of the assembly that declares the mapping and loads it before it looks up the
    // contract; a failure there escapes as a TargetInvocationException naming that assembly instead of the pointer.
    // A method of Rtu.MLNet would fail for a reader without it or with an older assembly version (.NET binds no lower
    // version than the one named; measured), so the mapping is a CoreLib method (Hashtable.Add, closed over an
    // instance), present wherever the reader's runtime is not older than the writer's. It never runs: the transformer
    // is only saved.
    private static Action<PointerInput, PointerOutput> MappingDeclaredInCoreLib() =>
        (Action<PointerInput, PointerOutput>)Delegate.CreateDelegate(typeof(Action<PointerInput, PointerOutput>), new System.Collections.Hashtable(),
            typeof(System.Collections.Hashtable).GetMethod(nameof(System.Collections.Hashtable.Add), [typeof(object), typeof(object)])!);

    private sealed class PointerInput { public float Value { get; set; } }

    private sealed class PointerOutput { public float Unused { get; set; } }
}
