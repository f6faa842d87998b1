using BenchmarkDotNet.Reports;

namespace Rtu.Benchmarks.Shared;

/// <summary>
/// The exit code of a BenchmarkSwitcher run, which itself exits 0 whatever happened: 2 when no benchmark was selected
/// (a filter that matches nothing, an unknown BenchmarkDotNet option), 1 when a selected benchmark failed to build or
/// run, else 0. Linked into each benchmark project, like <see cref="ProjectLocation"/>.
/// </summary>
internal static class SwitcherExit
{
    private static readonly string[] InformationalOptions = ["--list", "--help", "-h", "-?", "--info", "--version"];

    /// <summary>True for --list, --help, --info and --version: BenchmarkDotNet prints and builds or measures nothing (exit 0).</summary>
    public static bool Informational(string[] args) => args.Any(a => InformationalOptions.Contains(a.Split('=')[0]));

    /// <summary>The exit code after a run that was not <see cref="Informational"/>; what is wrong goes to stderr in one line.</summary>
    public static int Code(string[] args, IReadOnlyList<Summary> summaries)
    {
        if (summaries.Count == 0 || summaries.All(s => s.BenchmarksCases.Length == 0))
        {
            string given = args.Length == 0 ? "no arguments" : $"arguments: {string.Join(' ', args)}";
            Console.Error.WriteLine($"No benchmark ran ({given}; see BenchmarkDotNet's message above; e.g. --filter '*').");
            return 2;
        }
        int cases = summaries.Sum(s => s.BenchmarksCases.Length);
        int succeeded = summaries.Sum(s => s.Reports.Count(r => r.Success));
        if (succeeded < cases || summaries.Any(s => s.HasCriticalValidationErrors))
        {
            Console.Error.WriteLine("BenchmarkDotNet could not build or run every selected benchmark (see its log above).");
            return 1;
        }
        return 0;
    }
}
