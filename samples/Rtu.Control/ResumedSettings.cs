using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.Control;

/// <summary>
/// A resumed run continues with its checkpoint's settings. A setting given on the command line that differs from the
/// checkpoint's is refused rather than silently ignored (repeating the original command with --resume stays valid).
/// </summary>
internal static class ResumedSettings
{
    /// <summary>
    /// The first given flag whose value (as the command line would set it) differs from the checkpoint's, as a message
    /// naming both values; null when every given flag agrees.
    /// </summary>
    public static string? Contradiction(IEnumerable<(Option Flag, bool Given, object? Requested, object? Saved)> settings)
    {
        foreach (var (flag, given, requested, saved) in settings)
            if (given && !Equals(requested, saved))
                return $"{flag.Name} gives {Describe(requested)} but the checkpoint was trained with {Describe(saved)}; a resumed run " +
                    $"continues with the checkpoint's settings (leave {flag.Name} out, or start a new run without --resume).";
        return null;
    }

    /// <summary>
    /// The --trunk-units of the run that wrote <paramref name="checkpointPath"/>, read from its name
    /// ("ENV-ARCH-nUNITS-sSEED.ckpt", <see cref="Architectures.RunLabel"/>) when it matches the checkpoint's trunk, else 0:
    /// the resumed run then keeps writing that run's CSV and checkpoint rather than starting ones under another name.
    /// </summary>
    public static int NamedTrunkUnits(string checkpointPath, PpoOptions saved) =>
        Path.GetFileNameWithoutExtension(checkpointPath).EndsWith($"-n{saved.Recurrent.Units}-s{saved.Seed}", StringComparison.Ordinal)
            ? saved.Recurrent.Units : 0;

    /// <summary>The settings --paper sets, named, to compare and show.</summary>
    public static string PaperSizes(PpoOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"--envs {o.EnvironmentCount}, --rollout {o.RolloutSteps}, --minibatches {o.MinibatchCount}, --lr {o.LearningRate}, {o.Recurrent.Units} units");

    private static string Describe(object? value) => value switch
    {
        bool b => b ? "on" : "off",
        ITuple t => "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(i => Describe(t[i]))) + ")",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "none",
    };
}
