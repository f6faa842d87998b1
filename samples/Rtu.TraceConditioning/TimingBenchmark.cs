using System.Diagnostics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments.Conditioning;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Numerics;

namespace Rtu.TraceConditioningSample;

/// <summary>Wall time of one online step (stream, prediction, gradient, TD(λ) update) of one configuration.</summary>
public sealed record TimingResult(string Label, int Truncation, int Units, long RecurrentParameters, long FlopsPerStep, double MicrosecondsPerStep);

/// <summary>
/// Times every architecture at the largest parameter budget on one thread, one after another, after a warm-up (JIT
/// tiering), keeping the fastest of several repeats: the sweep's own timings run two at a time and are noisier.
/// </summary>
public static class TimingBenchmark
{
    /// <summary>Times the configurations of the plan's largest parameter budget.</summary>
    public static IReadOnlyList<TimingResult> Run(ExperimentPlan plan, TraceConditioningOptions stream, double lambda,
        int warmUpSteps = 3_000, int measuredSteps = 3_000, int repeats = 3)
    {
        var atBudget = plan.Configurations.Where(c => c.BudgetKind == BudgetKind.Parameters).ToList();
        if (atBudget.Count == 0) return [];
        long budget = atBudget.Max(c => c.Budget);
        var results = new List<TimingResult>();
        foreach (var config in atBudget.Where(c => c.Budget == budget).OrderBy(c => c.Layer.Label, StringComparer.Ordinal))
        {
            var env = new TraceConditioning(stream, 1);
            var layer = RecurrentLayerFactory.Create<float>(env.ObservationSize, config.Layer, 1, new Rng(1));
            var learner = new TdLambdaLearner<float>(layer, new TdLambdaOptions { Gamma = env.Gamma, Lambda = lambda, LearningRate = 1e-3 });
            var observation = new float[env.ObservationSize];
            var c = new double[1];
            var v = new double[1];
            void Steps(int n)
            {
                for (int t = 0; t < n; t++) { env.Next(observation, out c[0]); learner.Observe(observation, c, v); }
            }
            Steps(warmUpSteps);
            double best = double.PositiveInfinity;
            for (int r = 0; r < repeats; r++)
            {
                var watch = Stopwatch.StartNew();
                Steps(measuredSteps);
                best = Math.Min(best, watch.Elapsed.TotalMicroseconds / measuredSteps);
            }
            int truncation = config.Layer.LearningRule == LearningRule.Tbptt && config.Layer.Architecture != RecurrentArchitecture.Memoryless ? config.Layer.Truncation : 0;
            results.Add(new TimingResult(config.Layer.Label, truncation, config.Layer.Units, config.RecurrentParameters, config.FlopsPerStep, best));
        }
        return results;
    }
}
