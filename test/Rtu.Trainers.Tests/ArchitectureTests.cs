using System.Text.RegularExpressions;

namespace Rtu.Trainers.Tests;

/// <summary>
/// The dependency rules of docs/ARCHITECTURE.md, checked on the sources: which Rtu.Trainers folders each folder may
/// name (through <c>using</c> or a qualified name), and that Rtu.Trainers names neither ML.NET nor the other assemblies.
/// </summary>
[TestClass]
public sealed partial class ArchitectureTests
{
    // Folder → the folders it may use (docs/ARCHITECTURE.md, "Rtu.Trainers, folder by folder").
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Numerics"] = [],
        ["Parameters"] = ["IO"],
        ["IO"] = [],
        ["Optimization"] = ["Parameters", "IO"],
        ["Cells"] = ["Numerics", "Parameters"],
        ["Layers"] = ["Numerics", "Parameters", "Cells"],
        ["Environments"] = ["Numerics"],
        ["Learning"] = ["Numerics", "Parameters", "IO", "Optimization", "Cells", "Layers", "Environments"],
        ["Online"] = ["Numerics", "Parameters", "IO", "Optimization", "Cells", "Layers", "Learning"],
    };

    [GeneratedRegex(@"\bRtu\.Trainers\.([A-Za-z]+)")]
    private static partial Regex TrainersReference();

    [GeneratedRegex(@"\b(Microsoft\.ML|Rtu\.Onnx|Rtu\.MLNet)\b")]
    private static partial Regex OuterReference();

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rtu.MLNet.sln"))) dir = dir.Parent;
        Assert.IsNotNull(dir, "the repository root (Rtu.MLNet.sln) is not above the test binaries");
        return Path.Combine(dir.FullName, "src", "Rtu.Trainers");
    }

    // Code lines only: comments may mention anything.
    private static IEnumerable<string> CodeLines(string file) =>
        File.ReadLines(file).Select(l => l.Trim()).Where(l => !l.StartsWith("//", StringComparison.Ordinal));

    [TestMethod]
    public void EveryFolderUsesOnlyTheFoldersBelowIt()
    {
        string root = SourceRoot();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToArray();
        CollectionAssert.AreEquivalent(Allowed.Keys.ToArray(), folders, "every folder has a row in docs/ARCHITECTURE.md and here");
        var violations = new List<string>();
        foreach (string folder in folders!)
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, folder!), "*.cs", SearchOption.AllDirectories))
                foreach (string line in CodeLines(file))
                {
                    foreach (Match m in TrainersReference().Matches(line))
                    {
                        string used = m.Groups[1].Value;
                        if (used != folder && !Allowed[folder!].Contains(used))
                            violations.Add($"{Path.GetRelativePath(root, file)} ({folder}) uses {used}: {line}");
                    }
                    if (OuterReference().Match(line) is { Success: true } outer)
                        violations.Add($"{Path.GetRelativePath(root, file)} names {outer.Value}: {line}");
                }
        Assert.IsEmpty(violations, string.Join(Environment.NewLine, violations));
    }
}
