namespace Rtu.MLNet;

/// <summary>Opens a checkpoint file for a restore and names the file in any format error.</summary>
internal static class StreamFiles
{
    public static void Restore(string path, Action<Stream> restore)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException(Directory.Exists(path) ? $"'{path}' is a directory, not a checkpoint file." : $"Checkpoint file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        try { restore(file); }
        catch (InvalidDataException e) when (RtuFormatError.IsOurs(e)) { throw RtuFormatError.With(e, file: path); }
    }
}
