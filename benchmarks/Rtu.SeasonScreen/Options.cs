namespace Rtu.SeasonScreen;

/// <summary>The command line: --section synthetic|nonseasonal|ar2|real|long|all, --list, --shared DIR, --help.</summary>
internal sealed record Options(string Section, bool List, string? Shared, bool Help)
{
    public static readonly string[] Sections = ["synthetic", "nonseasonal", "ar2", "real", "long", "all"];

    public const string Usage =
        "Usage (from the repository root): dotnet run -c Release --project benchmarks/Rtu.SeasonScreen -- "
        + "[--section synthetic|nonseasonal|ar2|real|long|all] [--list] [--shared DIR] [--help]";

    public bool Runs(string section) => Section == "all" || Section == section;

    /// <exception cref="ArgumentException">An unknown option, a missing value or an unknown section.</exception>
    public static Options Parse(string[] args)
    {
        string section = "all";
        bool list = false;
        string? shared = null;
        bool help = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--section":
                    section = Value(args, ref i);
                    if (!Sections.Contains(section)) throw new ArgumentException($"--section {section}: one of {string.Join(", ", Sections)}.\n{Usage}");
                    break;
                case "--list": list = true; break;
                case "-h" or "--help": help = true; break;
                case "--shared": shared = Value(args, ref i); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }
        return new Options(section, list, shared, help);
    }

    /// <summary>The repository root: the first folder at or above the current one that holds Rtu.MLNet.sln.</summary>
    public static string FindRoot()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rtu.MLNet.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Run it inside the repository (no Rtu.MLNet.sln above the current folder).");
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
        return args[++i];
    }
}
