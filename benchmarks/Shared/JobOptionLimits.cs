using System.Globalization;

namespace Rtu.Benchmarks.Shared;

/// <summary>
/// The ranges of BenchmarkDotNet's job count options (<c>--iterationCount</c> and the like), in one place.
/// BenchmarkDotNet takes any whole number there, negative or in the billions (an absurd count runs for days), and a
/// value that is not a whole number gets its help text; Program refuses both with one line on stderr and exit 2, before
/// anything runs. Linked into the three benchmark projects, like <see cref="ProjectLocation"/>.
/// </summary>
internal static class JobOptionLimits
{
    /// <summary><c>--launchCount</c>: processes per benchmark (BenchmarkDotNet's default 1; the default jobs run in process).</summary>
    public const int MaxLaunches = 100;

    /// <summary><c>--warmupCount</c>, <c>--minWarmupCount</c>, <c>--maxWarmupCount</c> (Rtu.Benchmarks' BenchConfig: 5; BenchmarkDotNet picks 6–50).</summary>
    public const int MaxWarmups = 1_000;

    /// <summary>
    /// <c>--iterationCount</c>, <c>--minIterationCount</c>, <c>--maxIterationCount</c> (BenchConfig: 40; BenchmarkDotNet
    /// picks 15–100): 1,000 iterations of BenchConfig's 25 ms are 25 s per case, about 15 minutes for the 36 RTRL cases.
    /// </summary>
    public const int MaxIterations = 1_000;

    /// <summary><c>--iterationTime</c> in milliseconds (BenchConfig: 25; BenchmarkDotNet's default 500).</summary>
    public const int MaxIterationTimeMs = 10_000;

    /// <summary>
    /// <c>--invocationCount</c>: calls per iteration. BenchmarkDotNet's pilot stage picks about iteration time ÷ call time,
    /// ~2.5 million for the fastest kernels here (~10 ns) in 25 ms; 10 million is 0.1 s per iteration for them (and still
    /// hours for a 1 ms learning step: the bound stops absurd counts, not every slow combination).
    /// </summary>
    public const long MaxInvocations = 10_000_000;

    /// <summary><c>--unrollFactor</c>: calls per turn of the generated loop (BenchmarkDotNet's default 16).</summary>
    public const int MaxUnrollFactor = 1_024;

    private static readonly (string Option, long Least, long Most)[] Options =
    [
        ("--launchCount", 1, MaxLaunches),
        ("--warmupCount", 0, MaxWarmups),
        ("--minWarmupCount", 0, MaxWarmups),
        ("--maxWarmupCount", 1, MaxWarmups),
        ("--iterationCount", 1, MaxIterations),
        ("--minIterationCount", 1, MaxIterations),
        ("--maxIterationCount", 1, MaxIterations),
        ("--iterationTime", 1, MaxIterationTimeMs),
        ("--invocationCount", 1, MaxInvocations),
        ("--unrollFactor", 1, MaxUnrollFactor),
    ];

    /// <summary>
    /// Null when every job count option in <paramref name="args"/> (<c>--name value</c> or <c>--name=value</c>, the name
    /// in any case, as BenchmarkDotNet reads them) is a whole number in its range; else one line naming the first that is
    /// not, its value and the range.
    /// </summary>
    public static string? Problem(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            foreach (var (option, least, most) in Options)
            {
                string? text = args[i].Equals(option, StringComparison.OrdinalIgnoreCase) ? (i + 1 < args.Length ? args[i + 1] : "")
                    : args[i].StartsWith(option + "=", StringComparison.OrdinalIgnoreCase) ? args[i][(option.Length + 1)..]
                    : null;
                if (text is null) continue;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= least && n <= most) break;
                return $"{option} must be a whole number from {least} to {most}, got '{text}' (BenchmarkDotNet job option; ranges: benchmarks/Shared/JobOptionLimits.cs).";
            }
        }
        return null;
    }
}
