using System.Numerics;
using Rtu.Trainers.Numerics;

namespace Rtu.Trainers.Learning.Ppo;

/// <summary>Diagnostics of one minibatch loss.</summary>
/// <param name="Total">pg + c_v·value − c_e·entropy.</param>
/// <param name="Policy">Clipped surrogate loss (mean).</param>
/// <param name="Value">Value loss including its ½ (mean).</param>
/// <param name="Entropy">Mean policy entropy.</param>
/// <param name="ApproxKl">Mean of (r − 1) − log r, the low-variance KL(old ‖ new) estimator.</param>
/// <param name="ClipFraction">Fraction of rows with |r − 1| &gt; ε.</param>
public readonly record struct PpoLossInfo(double Total, double Policy, double Value, double Entropy, double ApproxKl, double ClipFraction);

/// <summary>
/// The categorical and diagonal-Gaussian policies: sampling, log-probabilities and entropies, in float64.
/// Discrete output rows are logits; continuous output rows are means, with a shared log σ.
/// </summary>
public static class PolicyDistribution
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Samples an action for one row and returns its log-probability. Discrete actions are written as the index.</summary>
    public static double Sample<T>(bool discrete, ReadOnlySpan<T> output, ReadOnlySpan<T> logStd, Rng rng, Span<float> action)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (discrete)
        {
            double max = double.NegativeInfinity;
            foreach (T z in output) max = Math.Max(max, double.CreateTruncating(z));
            double sum = 0;
            foreach (T z in output) sum += Math.Exp(double.CreateTruncating(z) - max);
            double u = rng.NextDouble() * sum, acc = 0;
            int chosen = output.Length - 1;
            for (int k = 0; k < output.Length; k++)
            {
                acc += Math.Exp(double.CreateTruncating(output[k]) - max);
                if (u < acc) { chosen = k; break; }
            }
            action[0] = chosen;
            return double.CreateTruncating(output[chosen]) - max - Math.Log(sum);
        }
        for (int k = 0; k < output.Length; k++)
        {
            double mean = double.CreateTruncating(output[k]), std = Math.Exp(double.CreateTruncating(logStd[k]));
            action[k] = (float)(mean + std * rng.NextGaussian());
        }
        return LogProb(discrete, output, logStd, action);
    }

    /// <summary>log π(a) for one row.</summary>
    public static double LogProb<T>(bool discrete, ReadOnlySpan<T> output, ReadOnlySpan<T> logStd, ReadOnlySpan<float> action)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (discrete)
        {
            double lse = LogSumExp(output);
            return double.CreateTruncating(output[(int)action[0]]) - lse;
        }
        double logp = 0;
        for (int k = 0; k < output.Length; k++)
        {
            double s = double.CreateTruncating(logStd[k]), z = (action[k] - double.CreateTruncating(output[k])) / Math.Exp(s);
            logp += -0.5 * z * z - s - HalfLog2Pi;
        }
        return logp;
    }

    /// <summary>log Σ exp(z), stably.</summary>
    public static double LogSumExp<T>(ReadOnlySpan<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        foreach (T v in z) max = Math.Max(max, double.CreateTruncating(v));
        double sum = 0;
        foreach (T v in z) sum += Math.Exp(double.CreateTruncating(v) - max);
        return max + Math.Log(sum);
    }
}

/// <summary>
/// The PPO loss of spec §3b on one minibatch of M rows and its exact gradient with respect to the actor outputs, the
/// values and log σ:
/// <code>
/// r = exp(log π(a) − log π_old(a)),  Â = (A − mean A) / (std A + 1e-8)
/// L_pg = mean max(−Â r, −Â clip(r, 1 − ε, 1 + ε))
/// L_v  = ½ mean max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)
/// L    = L_pg + c_v L_v − c_e mean H[π]
/// </code>
/// </summary>
public static class PpoLoss
{
    /// <summary>
    /// Computes the loss and writes dL/d(output) [M × A], dL/dV [M] and adds dL/d log σ (continuous only; summed over
    /// the minibatch) into <paramref name="logStdGradient"/>.
    /// </summary>
    public static PpoLossInfo Compute<T>(PpoOptions options, bool discrete,
        ReadOnlySpan<T> output, ReadOnlySpan<T> logStd, ReadOnlySpan<T> values,
        ReadOnlySpan<float> actions, ReadOnlySpan<double> oldLogProbs, ReadOnlySpan<double> advantages,
        ReadOnlySpan<double> returns, ReadOnlySpan<double> oldValues,
        Span<T> outputGradient, Span<T> valueGradient, Span<T> logStdGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        int m = values.Length;
        if (m == 0) throw new ArgumentException("The minibatch is empty.", nameof(values));
        int a = output.Length / m, actionLength = actions.Length / m;
        if (a * m != output.Length) throw new ArgumentException($"output length {output.Length} is not a multiple of {m} rows.", nameof(output));
        Guard.Length(outputGradient, output.Length, nameof(outputGradient));
        Guard.Length(valueGradient, m, nameof(valueGradient));
        Guard.Length(oldLogProbs, m, nameof(oldLogProbs));
        Guard.Length(advantages, m, nameof(advantages));
        Guard.Length(returns, m, nameof(returns));
        Guard.Length(oldValues, m, nameof(oldValues));
        double eps = options.ClipCoefficient, invM = 1.0 / m;

        double advMean = 0, advStd = 1;
        if (options.NormalizeAdvantages)
        {
            foreach (double x in advantages) advMean += x;
            advMean /= m;
            double var = 0;
            foreach (double x in advantages) var += (x - advMean) * (x - advMean);
            advStd = Math.Sqrt(var / m) + 1e-8;
        }

        double pgLoss = 0, vLoss = 0, entropy = 0, kl = 0, clipped = 0;
        double[] probs = new double[discrete ? a : 0];
        for (int i = 0; i < m; i++)
        {
            var row = output.Slice(i * a, a);
            var act = actions.Slice(i * actionLength, actionLength);
            var dRow = outputGradient.Slice(i * a, a);
            double logp = PolicyDistribution.LogProb(discrete, row, logStd, act);
            double logRatio = logp - oldLogProbs[i], ratio = Math.Exp(logRatio);
            double adv = options.NormalizeAdvantages ? (advantages[i] - advMean) / advStd : advantages[i];
            double pg1 = -adv * ratio, pg2 = -adv * Math.Clamp(ratio, 1 - eps, 1 + eps);
            pgLoss += Math.Max(pg1, pg2);
            kl += ratio - 1 - logRatio;
            if (Math.Abs(ratio - 1) > eps) clipped++;
            // dL_pg/dlogπ: the unclipped branch is active when pg1 ≥ pg2; the clipped one is constant in θ.
            double dLogp = pg1 >= pg2 ? -adv * ratio * invM : 0.0;

            if (discrete)
            {
                double lse = PolicyDistribution.LogSumExp(row), h = 0;
                for (int k = 0; k < a; k++) probs[k] = Math.Exp(double.CreateTruncating(row[k]) - lse);
                for (int k = 0; k < a; k++) if (probs[k] > 0) h -= probs[k] * Math.Log(probs[k]);
                entropy += h;
                int chosen = (int)act[0];
                for (int k = 0; k < a; k++)
                {
                    double dlogpdz = (k == chosen ? 1 : 0) - probs[k];
                    double logpk = probs[k] > 0 ? Math.Log(probs[k]) : 0;
                    double dHdz = -probs[k] * (logpk + h);
                    dRow[k] = T.CreateTruncating(dLogp * dlogpdz - options.EntropyCoefficient * invM * dHdz);
                }
            }
            else
            {
                for (int k = 0; k < a; k++)
                {
                    double s = double.CreateTruncating(logStd[k]), std = Math.Exp(s), diff = act[k] - double.CreateTruncating(row[k]);
                    entropy += s + 0.5 + 0.5 * Math.Log(2 * Math.PI);
                    dRow[k] = T.CreateTruncating(dLogp * diff / (std * std));
                    double dLogStd = dLogp * (diff * diff / (std * std) - 1) - options.EntropyCoefficient * invM;
                    logStdGradient[k] += T.CreateTruncating(dLogStd);
                }
            }

            double v = double.CreateTruncating(values[i]), target = returns[i];
            double unclippedErr = v - target, dv;
            if (options.ClipValueLoss)
            {
                double vClipped = oldValues[i] + Math.Clamp(v - oldValues[i], -eps, eps), clippedErr = vClipped - target;
                double l1 = unclippedErr * unclippedErr, l2 = clippedErr * clippedErr;
                vLoss += 0.5 * Math.Max(l1, l2);
                bool insideClip = Math.Abs(v - oldValues[i]) < eps;
                dv = l1 >= l2 ? unclippedErr : insideClip ? clippedErr : 0.0;
            }
            else
            {
                vLoss += 0.5 * unclippedErr * unclippedErr;
                dv = unclippedErr;
            }
            valueGradient[i] = T.CreateTruncating(options.ValueCoefficient * dv * invM);
        }
        pgLoss *= invM; vLoss *= invM; entropy *= invM;
        return new PpoLossInfo(pgLoss + options.ValueCoefficient * vLoss - options.EntropyCoefficient * entropy,
            pgLoss, vLoss, entropy, kl * invM, clipped * invM);
    }
}
