namespace Rtu.Trainers.Environments.Mujoco;

/// <summary>
/// Factory of the MuJoCo locomotion environments by name: the fully observed <c>Ant</c>, <c>HalfCheetah</c>,
/// <c>Hopper</c>, <c>Walker2d</c> (Gymnasium v4 rules) and their "-P" (positions only) and "-V" (velocities only)
/// variants <c>AntP</c>, <c>AntV</c>, …, <c>Walker2dV</c>.
/// </summary>
public static class MujocoEnvironments
{
    private static readonly string[] Tasks = ["Ant", "HalfCheetah", "Hopper", "Walker2d"];

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Tasks.SelectMany(t => new[] { t + "P", t + "V" }), .. Tasks];

    /// <summary>The partially observable names only ("AntP", "AntV", …).</summary>
    public static IReadOnlyList<string> PartiallyObservableNames { get; } = [.. Names.Where(n => n.EndsWith('P') || n.EndsWith('V'))];

    /// <summary>True when <paramref name="name"/> is one of <see cref="Names"/> (case-sensitive).</summary>
    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>True when libmujoco 2.2.2 is installed and loadable; otherwise <paramref name="reason"/> says why.</summary>
    public static bool IsAvailable(out string? reason) => MujocoNative.TryEnsureLoaded(out reason);

    /// <summary>Creates environment <paramref name="name"/> seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    /// <exception cref="DllNotFoundException">libmujoco 2.2.2 is not installed (the message gives the apt-get command).</exception>
    public static IEnvironment Create(string name, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsKnown(name))
            throw new ArgumentException($"Unknown MuJoCo environment '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
        (string task, ObservationKind kind) = Parse(name);
        MujocoEnvironment inner = CreateTask(task, seed, kind == ObservationKind.Full ? name : task);
        return kind == ObservationKind.Full ? inner : PartialObservation.Create(inner, kind, name);
    }

    /// <summary>Creates the fully observed task <paramref name="task"/> ("Ant", "HalfCheetah", "Hopper", "Walker2d").</summary>
    public static MujocoEnvironment CreateTask(string task, ulong seed, string? name = null) => task switch
    {
        "Ant" => new Ant(seed, name ?? task),
        "HalfCheetah" => new HalfCheetah(seed, name ?? task),
        "Hopper" => new Hopper(seed, name ?? task),
        "Walker2d" => new Walker2d(seed, name ?? task),
        _ => throw new ArgumentException($"Unknown MuJoCo task '{task}'. Known: {string.Join(", ", Tasks)}.", nameof(task)),
    };

    private static (string Task, ObservationKind Kind) Parse(string name)
    {
        if (Tasks.Contains(name)) return (name, ObservationKind.Full);
        string task = name[..^1];
        return (task, name[^1] == 'P' ? ObservationKind.Positions : ObservationKind.Velocities);
    }
}
