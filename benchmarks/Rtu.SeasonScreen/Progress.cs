using System.Diagnostics;

namespace Rtu.SeasonScreen;

/// <summary>
/// Progress on stderr, so that stdout stays the same from run to run (two runs diff cleanly): nothing for the first
/// two seconds, then the count at most once a second (on one line on a terminal, a line every five seconds
/// otherwise), and the section's time when it ends.
/// </summary>
internal sealed class Progress(string what, int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _shownMs;
    private bool _shown;
    private int _count;

    public void Tick()
    {
        _count++;
        long ms = _clock.ElapsedMilliseconds;
        int every = Console.IsErrorRedirected ? 5000 : 1000;
        if (ms < 2000 || ms - _shownMs < every) return;
        _shownMs = ms;
        _shown = true;
        string line = $"  {what}: {_count:N0} / {total:N0} series, {ms / 1000.0:F0} s";
        if (Console.IsErrorRedirected) Console.Error.WriteLine(line);
        else Console.Error.Write("\r" + line);
    }

    public void Done()
    {
        if (_shown && !Console.IsErrorRedirected) Console.Error.WriteLine();
        Console.Error.WriteLine($"  {what}: {_count:N0} series in {_clock.Elapsed.TotalSeconds:F1} s");
    }
}
