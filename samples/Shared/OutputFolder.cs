namespace Rtu.Samples;

/// <summary>
/// A sample's results folder, checked before the run (Thermostat, RepeatFirst, TraceConditioning): one that could not be
/// made or written was found only when the first file was written, as a stack trace after the work.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Makes <paramref name="folder"/> and writes (and deletes) a file in it; returns null, or one line naming the folder and what is wrong.</summary>
    public static string? Problem(string folder)
    {
        string full = Path.GetFullPath(folder);
        try { Directory.CreateDirectory(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"Cannot use the output folder {full}: it cannot be made ({e.Message})";
        }
        try
        {
            using (File.Create(Path.Combine(full, $".write-check-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"Cannot use the output folder {full}: a file cannot be written in it ({e.Message})";
        }
    }
}
