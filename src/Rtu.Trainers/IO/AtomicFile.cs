namespace Rtu.Trainers.IO;

/// <summary>
/// Writes a file so that a failure never destroys the previous version: the content goes to a temporary file in the
/// same folder (same volume, so the final move is a rename), is flushed to disk, and only then replaces the target.
/// Every model, checkpoint and export file of the library is saved through it.
/// </summary>
/// <remarks>
/// A process killed during a save leaves its temporary file <c>.NAME.&lt;32 hex digits&gt;.tmp</c> behind (nothing can
/// run at a SIGKILL); the next save to the same path removes such files. A temporary file that another save (in this
/// or another process) is still writing is kept: the writer holds a file lock on it until it is renamed, and the
/// cleaner only removes files whose lock it can take.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; on any exception the old file is left untouched and the temporary file removed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveStaleTemporaryFiles(full);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // FileShare.Delete: on Unix a shared lock (flock) that a cleaner's exclusive open cannot take while this
            // save runs; on Windows it lets the rename below happen while the handle, and so the lock, is still held.
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.Delete);
            write(stream);
            stream.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The temporary files that saves to <paramref name="path"/> use (left behind only by a killed process).</summary>
    public static IReadOnlyList<string> TemporaryFiles(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        string prefix = $".{Path.GetFileName(full)}.";
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir, ".*.tmp")
            .Where(f => Path.GetFileName(f) is var n && n.Length == prefix.Length + 32 + 4 && n.StartsWith(prefix, StringComparison.Ordinal)
                        && n.AsSpan(prefix.Length, 32).ContainsAnyExcept("0123456789abcdef") == false)
            .ToArray();
    }

    // Removes the temporaries of earlier saves to this path whose writer is gone: their lock can be taken exclusively.
    private static void RemoveStaleTemporaryFiles(string full)
    {
        foreach (var file in TemporaryFiles(full))
        {
            try
            {
                using var s = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) { }                 // locked: a save in progress (or already renamed)
            catch (UnauthorizedAccessException) { } // not ours to remove
        }
    }
}
