namespace Rtu.Forecasting;

/// <summary>
/// The files a run will write, checked before it starts: a directory named as a file, or a folder that cannot be made,
/// was found only when the results were written, after the whole run (minutes on a long series), and then as "Access
/// denied" or "Could not find file".
/// </summary>
internal static class OutputPaths
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> when a file the run writes (<paramref name="outputs"/>) is the input file
    /// <paramref name="input"/>: before, `--output data.csv --input data.csv` replaced the user's data with the forecasts,
    /// without a word (an outside review).
    /// </summary>
    public static void CheckNotInput(string input, params string[] outputs)
    {
        string source = Path.GetFullPath(input);
        foreach (string path in outputs)
            if (string.Equals(Path.GetFullPath(path), source, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"The run would write '{path}', which is the input file: name another output (--output, --plot, --model, --paths or --dump-members).");
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when two outputs of the run are one file (<paramref name="outputs"/>: the
    /// option that names each and its path): before, `--output f.csv --model f.csv` wrote the forecasts and then the model
    /// over them, printing "Wrote f.csv" twice (an outside audit).
    /// </summary>
    public static void CheckDistinct(params (string Option, string Path)[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
            for (int j = 0; j < i; j++)
                if (string.Equals(System.IO.Path.GetFullPath(outputs[i].Path), System.IO.Path.GetFullPath(outputs[j].Path), StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"{outputs[j].Option} and {outputs[i].Option} would both write '{outputs[i].Path}': name another file for one of them.");
    }

    /// <summary>Throws <see cref="IOException"/> naming the first path that is a directory or whose folder cannot be made or written; makes the folders.</summary>
    public static void Check(params string[] paths)
    {
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new IOException($"Output '{path}' is a directory: name a file.");
            string folder = Path.GetDirectoryName(full)!;
            try { Directory.CreateDirectory(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new IOException($"Output '{path}': its folder '{folder}' cannot be made ({e.Message}).", e);
            }
            // A folder that exists but cannot be written (read-only, /proc) failed only after the run, as "Could not find file".
            try
            {
                using var probe = new FileStream(Path.Combine(folder, $".rtu-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Output '{path}': its folder '{folder}' cannot be written ({e.Message}).", e);
            }
        }
    }
}
