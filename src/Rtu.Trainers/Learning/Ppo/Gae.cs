namespace Rtu.Trainers.Learning.Ppo;

/// <summary>Generalised advantage estimation over a time-major rollout of N streams (spec §3b).</summary>
public static class Gae
{
    /// <summary>
    /// Backwards over t = T−1 … 0, per stream:
    /// <code>
    /// δ_t = r_{t+1} + γ V_{t+1} (1 − done_{t+1}) − V_t
    /// A_t = δ_t + γ λ (1 − done_{t+1}) A_{t+1}
    /// </code>
    /// where done_t means o_t starts a new episode, and V_T, done_T are <paramref name="nextValues"/> and
    /// <paramref name="nextDones"/>. Writes A into <paramref name="advantages"/> and A + V into <paramref name="returns"/>.
    /// </summary>
    /// <param name="streams">N, the number of parallel streams.</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="lambda">GAE λ.</param>
    /// <param name="rewards">[T × N] r_{t+1}, the reward received after acting on o_t.</param>
    /// <param name="values">[T × N] V(o_t).</param>
    /// <param name="dones">[T × N] done_t.</param>
    /// <param name="nextValues">[N] V(o_T) from the carry after the rollout.</param>
    /// <param name="nextDones">[N] done_T.</param>
    /// <param name="advantages">[T × N] output A_t.</param>
    /// <param name="returns">[T × N] output A_t + V_t.</param>
    public static void Compute(int streams, double gamma, double lambda,
        ReadOnlySpan<double> rewards, ReadOnlySpan<double> values, ReadOnlySpan<bool> dones,
        ReadOnlySpan<double> nextValues, ReadOnlySpan<bool> nextDones,
        Span<double> advantages, Span<double> returns)
    {
        if (streams <= 0) throw new ArgumentOutOfRangeException(nameof(streams), streams, "streams must be positive.");
        int steps = rewards.Length / streams;
        if (steps * streams != rewards.Length) throw new ArgumentException($"rewards length {rewards.Length} is not a multiple of {streams} streams.", nameof(rewards));
        if (values.Length != rewards.Length || dones.Length != rewards.Length || advantages.Length != rewards.Length || returns.Length != rewards.Length)
            throw new ArgumentException("rewards, values, dones, advantages and returns must have the same length.", nameof(values));
        if (nextValues.Length != streams || nextDones.Length != streams)
            throw new ArgumentException($"nextValues and nextDones must have {streams} entries.", nameof(nextValues));
        for (int e = 0; e < streams; e++)
        {
            double lastGae = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * streams + e;
                double nextNonTerminal, nextValue;
                if (t == steps - 1) { nextNonTerminal = nextDones[e] ? 0 : 1; nextValue = nextValues[e]; }
                else { nextNonTerminal = dones[i + streams] ? 0 : 1; nextValue = values[i + streams]; }
                double delta = rewards[i] + gamma * nextValue * nextNonTerminal - values[i];
                lastGae = delta + gamma * lambda * nextNonTerminal * lastGae;
                advantages[i] = lastGae;
                returns[i] = lastGae + values[i];
            }
        }
    }
}
