namespace Rtu.Control;

/// <summary>Legend labels for learning-curve files: the file name, lengthened by folders only where names repeat.</summary>
internal static class CurveLabels
{
    /// <summary>
    /// Each file's name without its extension; files of the same name in different folders get the shortest trailing
    /// path that tells them apart (e.g. "results-gated-v7/X-rtu-gated-s1" and "results-gated-v8/X-rtu-gated-s1"),
    /// so two curves never share a legend entry unless they are the same file.
    /// </summary>
    public static string[] Of(IReadOnlyList<string> files)
    {
        var parts = files.Select(f => Path.GetFullPath(f).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)).ToArray();
        foreach (var p in parts) p[^1] = Path.GetFileNameWithoutExtension(p[^1]);
        var labels = new string[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            int k = 1;
            while (k < parts[i].Length && Enumerable.Range(0, files.Count).Any(j =>
                !parts[j].SequenceEqual(parts[i]) && Suffix(parts[j], k) == Suffix(parts[i], k))) k++;
            labels[i] = Suffix(parts[i], k);
        }
        return labels;
    }

    private static string Suffix(string[] parts, int k) => string.Join('/', parts[Math.Max(0, parts.Length - k)..]);
}
