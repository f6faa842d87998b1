using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;

namespace Rtu.Benchmarks.Shared;

/// <summary>
/// BenchmarkDotNet builds each out-of-process run from the benchmark project's file, which it looks for below the first
/// folder above the current one that holds a solution (else a project file, else the current folder). Run from outside
/// the repository it does not find it, prints a stack trace into its log and exits 0; this finds out first, the same way.
/// Linked into each benchmark project (Rtu.Benchmarks, Rtu.Engine.Benchmarks, Rtu.Onnx.Benchmarks): the project is the
/// one this file is compiled into.
/// </summary>
internal static class ProjectLocation
{
    /// <summary>This project's name: BenchmarkDotNet looks for the project file named after the benchmarks' assembly.</summary>
    private static readonly string Project = typeof(ProjectLocation).Assembly.GetName().Name!;

    private static readonly string ProjectFile = Project + ".csproj";

    /// <summary>Null when BenchmarkDotNet will find exactly one project file, this build's; else one line saying what is wrong.</summary>
    public static string? Problem()
    {
        var current = new DirectoryInfo(Directory.GetCurrentDirectory());
        var root = Above(current, "*.sln", "*.slnx") ?? Above(current, "*.csproj", "*.fsproj", "*.vbproj") ?? current;
        string[] found;
        try
        {
            found = Directory.EnumerateFiles(root.FullName, ProjectFile,
                new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive }).Take(2).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            found = [];
        }
        string? repository = Repository();
        string hint = repository is not null ? $" (this build's repository: {repository})" : "";
        if (found.Length == 1)
        {
            // Found below the current folder, it can be another copy of the project than the one this build came from.
            string own = repository is null ? found[0] : Path.Combine(repository, "benchmarks", Project, ProjectFile);
            return Path.GetFullPath(found[0]) == Path.GetFullPath(own) ? null
                : $"BenchmarkDotNet would build {found[0]} (found under {root.FullName}), not this build's {own}: run from the repository{hint}.";
        }
        return found.Length == 0
            ? $"{ProjectFile} not found under {root.FullName}: BenchmarkDotNet builds the benchmarks from it, so run from the repository{hint}, e.g. dotnet run -c Release --project benchmarks/{Project} -- --filter '*'."
            : $"More than one {ProjectFile} under {root.FullName} ({found[0]}, {found[1]}): BenchmarkDotNet needs one; run from the repository{hint}.";
    }

    /// <summary>
    /// True when a benchmark that <paramref name="args"/> select would run out of process (BenchmarkDotNet then generates
    /// and builds a project from this project's file), as BenchmarkSwitcher.Run(args, config) selects them; false when
    /// every one runs in process (an in-process job needs no project file) or BenchmarkDotNet rejects the arguments itself.
    /// </summary>
    public static bool Needed(string[] args, IConfig config)
    {
        try
        {
            var (parsed, parsedConfig, _) = ConfigParser.Parse(args, NullLogger.Instance, config);
            if (!parsed || parsedConfig is null) return false;
            var (valid, types) = TypeFilter.GetTypesWithRunnableBenchmarks([], [typeof(ProjectLocation).Assembly], NullLogger.Instance);
            if (!valid) return false;
            return TypeFilter.Filter(ManualConfig.Union(config, parsedConfig), types)
                .SelectMany(run => run.BenchmarksCases)
                .Any(c => c.Job.Infrastructure.Toolchain is not { IsInProcess: true });
        }
        catch (Exception)
        {
            return true; // cannot tell: look for the project file
        }
    }

    private static DirectoryInfo? Above(DirectoryInfo start, params string[] patterns)
    {
        for (var d = start; d is not null; d = d.Parent)
        {
            try { if (patterns.Any(p => d.EnumerateFiles(p).Any())) return d; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    /// <summary>The repository this build came from (the folder above the executable holding Rtu.MLNet.sln), if any.</summary>
    private static string? Repository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rtu.MLNet.sln"))) return d.FullName;
        return null;
    }
}
