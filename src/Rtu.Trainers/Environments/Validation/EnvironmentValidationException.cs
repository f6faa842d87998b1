namespace Rtu.Trainers.Environments;

/// <summary>
/// An environment broke the <see cref="IEnvironment"/> contract: it returned a NaN/∞ reward or observation, left
/// part of its observation unwritten, wrote past it, or declared an invalid observation size or action space.
/// Thrown by <see cref="ValidatingEnvironment"/>; the message names the environment, the episode and the step.
/// </summary>
public sealed class EnvironmentValidationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public EnvironmentValidationException(string environmentName, long episode, long step, string problem, Exception? inner = null)
        : base(Describe(environmentName, episode, step, problem), inner)
    {
        EnvironmentName = environmentName; Episode = episode; Step = step; Problem = problem;
    }

    /// <summary>The environment's <see cref="IEnvironment.Name"/>.</summary>
    public string EnvironmentName { get; }

    /// <summary>Episode number (1 = the first <see cref="IEnvironment.Reset"/>; 0 before it).</summary>
    public long Episode { get; }

    /// <summary>Step within the episode (0 = the Reset that started it).</summary>
    public long Step { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Problem { get; }

    private static string Describe(string name, long episode, long step, string problem) => episode == 0
        ? $"Environment '{name}': {problem}"
        : step == 0 ? $"Environment '{name}', episode {episode}, Reset: {problem}" : $"Environment '{name}', episode {episode}, step {step}: {problem}";
}
