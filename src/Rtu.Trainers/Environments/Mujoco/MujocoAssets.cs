namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Locates the MuJoCo model files shipped with the assembly (copied to
/// <c>Environments/Mujoco/Assets/</c> next to <c>Rtu.Trainers.dll</c>; Gymnasium's models, MIT licence, see the
/// README there).
/// </summary>
public static class MujocoAssets
{
    /// <summary>The folder, relative to the assembly, that holds the model files.</summary>
    public const string RelativeFolder = "Environments/Mujoco/Assets";

    /// <summary>The absolute folder holding the model files.</summary>
    public static string Folder
    {
        get
        {
            string? assemblyDir = Path.GetDirectoryName(typeof(MujocoAssets).Assembly.Location);
            string primary = Path.Combine(string.IsNullOrEmpty(assemblyDir) ? AppContext.BaseDirectory : assemblyDir, RelativeFolder);
            if (Directory.Exists(primary)) return primary;
            return Path.Combine(AppContext.BaseDirectory, RelativeFolder);
        }
    }

    /// <summary>The absolute path of model <paramref name="fileName"/> (e.g. <c>hopper.xml</c>).</summary>
    /// <exception cref="FileNotFoundException">The file was not shipped next to the assembly.</exception>
    public static string PathOf(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        string path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"MuJoCo model '{fileName}' was not found at {path}; it ships as content of Rtu.Trainers " +
                $"(CopyToOutputDirectory) under {RelativeFolder}.", path);
        return path;
    }
}
