namespace Rtu.Tests.Shared;

/// <summary>
/// What a steady-state loop allocates on the calling thread (compiled into every test project), measured so that the
/// runtime's one-off work cannot make an allocation test flaky.
/// </summary>
internal static class SteadyAllocation
{
    /// <summary>
    /// Runs <paramref name="round"/> up to <paramref name="rounds"/> times, stopping at the first round that allocates
    /// nothing, and returns the fewest bytes a round allocated on this thread. A one-off allocation of the runtime (a
    /// method tiering up to optimised code, a lazily created stub or static) shows in one round only; an allocation per
    /// step shows in every round, so the fewest bytes still catch it.
    /// </summary>
    public static long FewestBytes(Action round, int rounds = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        long fewest = long.MaxValue;
        for (int r = 0; r < rounds && fewest != 0; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
