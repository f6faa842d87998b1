using Microsoft.ML;
using Rtu.Trainers.Environments;
using Rtu.Trainers.Learning.Ppo;

namespace Rtu.MLNet;

/// <summary>Progress of <see cref="RtuControlCatalog.TrainPpo"/> after one PPO update.</summary>
/// <param name="Iteration">Updates done (1-based).</param>
/// <param name="Iterations">Updates asked for.</param>
/// <param name="EnvironmentSteps">Environment steps so far (all copies).</param>
/// <param name="MeanEpisodeReturn">Mean raw return of the episodes finished in this update's rollout (the last known one when none finished; NaN before the first).</param>
/// <param name="EpisodesFinished">Episodes finished in this rollout.</param>
/// <param name="Stats">Everything the PPO update reported (losses, KL, clip fraction, gradient norm, steps/s).</param>
public readonly record struct RtuPolicyProgress(int Iteration, int Iterations, long EnvironmentSteps, double MeanEpisodeReturn, int EpisodesFinished, PpoUpdateStats Stats)
{
    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"update {Iteration}/{Iterations}  steps {EnvironmentSteps:N0}  return {MeanEpisodeReturn:F3} ({EpisodesFinished} episodes)  kl {Stats.Loss.ApproxKl:E2}  {Stats.StepsPerSecond:F0} steps/s");
}

/// <summary>
/// Control with recurrent policies: <c>mlContext.Control().TrainPpo(environmentFactory, options)</c> trains a PPO agent
/// with an RTU trunk (exact RTRL, <c>Learning/Ppo</c>) on your <see cref="IEnvironment"/> and returns it as an ML.NET
/// transformer (<see cref="RtuPolicyTransformer"/>).
/// </summary>
public sealed class RtuControlCatalog
{
    internal RtuControlCatalog(MLContext context) { Context = context; }

    internal MLContext Context { get; }

    /// <summary>
    /// Trains a policy: <see cref="RtuPolicyOptions.Iterations"/> PPO updates on
    /// <see cref="PpoOptions.EnvironmentCount"/> copies made by <paramref name="environmentFactory"/> (seed → environment),
    /// stepped in parallel by a <see cref="VectorEnvironment"/> and (by default) validated by
    /// <see cref="ValidatingEnvironment"/>. Reports progress after every update; cancellation is checked between updates.
    /// </summary>
    /// <returns>The policy, with the observation statistics frozen as they were at the end of training.</returns>
    /// <exception cref="ArgumentException">Invalid options (the message names the option).</exception>
    /// <exception cref="EnvironmentValidationException">The environment returned a NaN/∞ reward or observation, a reward beyond ±1e100, or misused its buffers.</exception>
    /// <exception cref="PpoDivergenceException">An update's loss or gradient became non-finite: the message names <c>Ppo.LearningRate</c> and the largest reward.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public RtuPolicyTransformer TrainPpo(Func<ulong, IEnvironment> environmentFactory, RtuPolicyOptions? options = null,
        IProgress<RtuPolicyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environmentFactory);
        var o = (options ?? new RtuPolicyOptions()).Clone();
        o.Validate();
        var factory = o.ValidateEnvironment ? ValidatingEnvironment.Wrap(environmentFactory) : environmentFactory;
        cancellationToken.ThrowIfCancellationRequested();
        // No checkpoint is written here, so the environments' actions are not kept for one (they grew with every step).
        using var trainer = new PpoTrainer<float>(factory, o.Ppo with { RecordActionsForResume = false });
        for (int i = 1; i <= o.Iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stats = trainer.Iterate();
            progress?.Report(new RtuPolicyProgress(i, o.Iterations, stats.GlobalStep, stats.MeanEpisodeReturn, stats.EpisodesFinished, stats));
        }
        return FromTrainer(Context, trainer, o);
    }

    /// <summary>Wraps an existing trainer's current policy (e.g. one trained or restored with <see cref="PpoTrainer{T}"/> directly).</summary>
    /// <exception cref="ArgumentException">The trainer appends the previous action and reward to its observations (not supported).</exception>
    public RtuPolicyTransformer FromTrainer(PpoTrainer<float> trainer, RtuPolicyOptions? columns = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var o = (columns ?? new RtuPolicyOptions()).Clone();
        o.Ppo = trainer.Options;
        o.Validate();
        return FromTrainer(Context, trainer, o);
    }

    private static RtuPolicyTransformer FromTrainer(MLContext context, PpoTrainer<float> trainer, RtuPolicyOptions o)
    {
        var description = PpoPolicy.Describe(trainer);
        var rewards = trainer.RewardNormalizer.Statistics;
        var model = new PolicyModel(o, trainer.Agent.ActionSpace, trainer.EnvironmentObservationSize, trainer.Agent, description.InputMean, description.InputStd,
            (rewards.Count, rewards.Mean[0], rewards.Variance[0]));
        return new RtuPolicyTransformer(context, model);
    }
}
