using Rtu.Trainers.Environments.Conditioning;

namespace Rtu.TraceConditioningSample;

/// <summary>
/// A reference MSRE no learner can beat on average: the predictor that knows the time since the trial's CS onset and,
/// once the US has come, the trial's ISI, and predicts the mean return of that situation. What remains is the
/// irreducible error of the random ISI and ITI; the distractors carry no information about the return.
/// </summary>
public static class OracleFloor
{
    /// <summary>The oracle's MSRE over the last half of a <paramref name="steps"/>-step stream (tail dropped as for the learners).</summary>
    public static double Compute(TraceConditioningOptions options, int steps, ulong seed)
    {
        var env = new TraceConditioning(options, seed);
        var observation = new float[env.ObservationSize];
        var cumulants = new double[steps];
        var keys = new long[steps];
        long usOnset = -1;
        float previousUs = 0;
        for (int t = 0; t < steps; t++)
        {
            env.Next(observation, out cumulants[t]);
            if (observation[0] > 0 && previousUs == 0) usOnset = env.TimeStep;
            previousUs = observation[0];
            long sinceCs = env.TimeStep - env.CurrentTrialStart;
            long isi = usOnset >= env.CurrentTrialStart ? usOnset - env.CurrentTrialStart : -1;
            keys[t] = sinceCs * 1_000_000 + isi + 1;
        }

        // The conditional mean of the return per situation, estimated over the whole stream (thousands of trials).
        double[] returns = ReturnError.Returns(cumulants, env.Gamma);
        int kept = returns.Length - Math.Min(ReturnError.TailLength(env.Gamma), steps / 10);
        var sums = new Dictionary<long, (double Sum, int Count)>();
        for (int t = 0; t < kept; t++)
        {
            sums.TryGetValue(keys[t], out var s);
            sums[keys[t]] = (s.Sum + returns[t], s.Count + 1);
        }
        var predictions = new double[steps];
        for (int t = 0; t < steps; t++) predictions[t] = sums.TryGetValue(keys[t], out var s) ? s.Sum / s.Count : 0;
        return ReturnError.MsreLastFraction(predictions, cumulants, env.Gamma, PredictionRun.ReportedFraction, steps - 1 - kept);
    }
}
