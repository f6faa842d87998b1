namespace Rtu.MLNet.Tests;

/// <summary>
/// Keeps a C# example of README.md and the test code that compiles it in step: every non-blank, non-<c>using</c> line of
/// the section's first <c>```csharp</c> block must appear, trimmed and in order, between two marker comments of a test file.
/// </summary>
internal static class ReadmeSnippet
{
    /// <summary>The repository root (the first folder above the test binaries holding README.md).</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        Assert.IsNotNull(dir, "README.md above the test binaries");
        return dir.FullName;
    }

    /// <summary>The code lines of the first <c>```csharp</c> block after <paramref name="heading"/>.</summary>
    public static string[] Example(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        int section = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, section, $"README.md has the heading {heading}");
        int start = readme.IndexOf("```csharp", section, StringComparison.Ordinal) + "```csharp".Length;
        return Code(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)]);
    }

    /// <summary>Asserts that the example of <paramref name="heading"/> is, line by line, the code between the markers of <paramref name="testFile"/>.</summary>
    public static void AssertIsIn(string heading, string testFile, string beginMarker, string endMarker)
    {
        var source = Code(File.ReadAllText(Path.Combine(Root(), "test", "Rtu.MLNet.Tests", "Docs", testFile)));
        int begin = Array.IndexOf(source, beginMarker), end = Array.IndexOf(source, endMarker);
        Assert.IsTrue(begin >= 0 && end > begin, $"{testFile} holds {beginMarker} … {endMarker}");
        int at = begin;
        foreach (var line in Example(heading))
        {
            int found = Array.IndexOf(source, line, at, end - at);
            Assert.IsGreaterThanOrEqualTo(0, found, $"README line not in {testFile} (in order): {line}");
            at = found + 1;
        }
    }

    private static string[] Code(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
}
