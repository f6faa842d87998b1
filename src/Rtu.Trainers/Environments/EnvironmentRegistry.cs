using Rtu.Trainers.Environments.PopGym;

namespace Rtu.Trainers.Environments;

/// <summary>
/// Creates environments by name with a seed. The POPGym tasks are registered as <c>{Task}{Easy|Medium|Hard}</c>,
/// e.g. <c>RepeatPreviousEasy</c> or <c>StatelessCartPoleHard</c>; other families (e.g. MuJoCo) add themselves with
/// <see cref="Register"/>. Names are case-sensitive. Thread-safe.
/// </summary>
public static class EnvironmentRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Func<ulong, IEnvironment>> Factories = new(StringComparer.Ordinal);

    static EnvironmentRegistry()
    {
        foreach (PopGymDifficulty d in Enum.GetValues<PopGymDifficulty>())
        {
            Add("RepeatFirst" + d, seed => new RepeatFirst(d, seed));
            Add("RepeatPrevious" + d, seed => new RepeatPrevious(d, seed));
            Add("Autoencode" + d, seed => new Autoencode(d, seed));
            Add("CountRecall" + d, seed => new CountRecall(d, seed));
            Add("HigherLower" + d, seed => new HigherLower(d, seed));
            Add("Concentration" + d, seed => new Concentration(d, seed));
            Add("StatelessCartPole" + d, seed => new StatelessCartPole(d, seed));
            Add("NoisyStatelessCartPole" + d, seed => new NoisyStatelessCartPole(d, seed));
        }
        // MuJoCo tasks are registered by name; the native library is loaded only when one is created.
        foreach (string name in Mujoco.MujocoEnvironments.Names)
            Add(name, seed => Mujoco.MujocoEnvironments.Create(name, seed));
    }

    private static void Add(string name, Func<ulong, IEnvironment> factory) => Factories.Add(name, factory);

    /// <summary>Every registered name, sorted.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate)
            {
                var names = Factories.Keys.ToList();
                names.Sort(StringComparer.Ordinal);
                return names;
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public static bool IsRegistered(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate) return Factories.ContainsKey(name);
    }

    /// <summary>
    /// Registers <paramref name="factory"/> (seed → new environment) under <paramref name="name"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public static void Register(string name, Func<ulong, IEnvironment> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        lock (Gate)
        {
            if (!Factories.TryAdd(name, factory))
                throw new ArgumentException($"An environment named '{name}' is already registered.", nameof(name));
        }
    }

    /// <summary>Creates a new <paramref name="name"/> environment seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the valid names.</exception>
    public static IEnvironment Create(string name, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        Func<ulong, IEnvironment>? factory;
        lock (Gate) Factories.TryGetValue(name, out factory);
        if (factory is null)
            throw new ArgumentException(
                $"Unknown environment '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));
        return factory(seed);
    }
}
