using System.Diagnostics;
using Rtu.Trainers.Cells;
using Rtu.Trainers.Environments.Conditioning;
using Rtu.Trainers.Learning;
using Rtu.Trainers.Numerics;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// One online run: a TD(λ) learner predicts the discounted future US of a trace-conditioning stream, one step at a
/// time, and the MSRE is computed afterwards against the true returns (spec §3a and §5).
/// </summary>
public static class PredictionRun
{
    /// <summary>Fraction of the run (its end) over which the reported MSRE is measured.</summary>
    public const double ReportedFraction = 0.5;

    /// <summary>Runs <paramref name="spec"/> for <paramref name="steps"/> steps on the stream described by <paramref name="stream"/>.</summary>
    public static RunResult Execute(RunSpec spec, TraceConditioningOptions stream, int steps, double lambda)
    {
        // The stream depends on the seed only, so every architecture sees the same stimuli (common random numbers).
        var env = new TraceConditioning(stream, (ulong)spec.Seed * 7919 + 1);
        var layer = RecurrentLayerFactory.Create<float>(env.ObservationSize, spec.Layer, 1, new Rng((ulong)spec.Seed * 104729 + 17));
        var learner = new TdLambdaLearner<float>(layer, new TdLambdaOptions { Gamma = env.Gamma, Lambda = lambda, LearningRate = spec.StepSize });

        var observation = new float[env.ObservationSize];
        var cumulants = new double[steps];
        var predictions = new double[steps];
        Span<double> c = stackalloc double[1], v = stackalloc double[1];
        bool diverged = false;
        var watch = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++)
        {
            env.Next(observation, out cumulants[t]);
            c[0] = cumulants[t];
            learner.Observe(observation, c, v);
            if (learner.SkippedUpdates > 0)
            {
                // A non-finite update (the learner skips it): the step size was too large for this architecture.
                // Score the run as diverged and keep the sweep going.
                diverged = true;
                break;
            }
            predictions[t] = v[0];
        }
        watch.Stop();

        long recurrentParameters = layer.Parameters.Count;
        if (diverged) return new RunResult(spec, spec.Layer.Units, recurrentParameters, learner.FlopsPerStep, double.NaN, double.NaN, double.NaN, true);

        int tail = Math.Min(ReturnError.TailLength(env.Gamma), steps / 10);
        double msre = ReturnError.MsreLastFraction(predictions, cumulants, env.Gamma, ReportedFraction, tail);
        // The first 10% of the run: how bad the learner was before it learned (shows that learning happened).
        int window = Math.Max(1, steps / 10);
        double msreStart = ReturnError.MsreWindow(predictions, cumulants, env.Gamma, 0, window);
        return new RunResult(spec, spec.Layer.Units, recurrentParameters, learner.FlopsPerStep, msre, msreStart,
            watch.Elapsed.TotalMicroseconds / steps, false);
    }
}
