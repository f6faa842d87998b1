using System.Runtime.InteropServices;

namespace Rtu.StepTable;

/// <summary>
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other work it leaves out the time
/// the thread is not scheduled, so the minimum over many short rounds estimates the uncontended time (cache pollution
/// by the other processes still counts).
/// </summary>
internal static partial class CpuClock
{
    private const int ThreadCpuTime = 3;

    /// <summary>Seconds of CPU time this thread has used.</summary>
    public static double Seconds()
    {
        if (ClockGetTime(ThreadCpuTime, out var ts) != 0) return System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }

    /// <summary>Minimum and median µs per call of <paramref name="action"/> over <paramref name="rounds"/> rounds of about <paramref name="roundSeconds"/> each.</summary>
    public static (double Min, double Median) Measure(Action action, double warmupSeconds, int rounds, double roundSeconds)
    {
        double w0 = Seconds();
        while (Seconds() - w0 < warmupSeconds) action();
        int calls = 0;
        double t0 = Seconds();
        while (Seconds() - t0 < roundSeconds) { action(); calls++; }
        calls = Math.Max(1, calls);
        var per = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            double s = Seconds();
            for (int i = 0; i < calls; i++) action();
            per[r] = (Seconds() - s) / calls * 1e6;
        }
        Array.Sort(per);
        return (per[0], per[rounds / 2]);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec ts);
}
