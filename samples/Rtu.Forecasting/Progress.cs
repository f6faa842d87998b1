using ShellProgressBar;

namespace Rtu.Forecasting;

/// <summary>
/// A progress bar on an interactive terminal, plain lines otherwise (redirected output, CI, narrow terminals). A
/// rendering failure of the bar never stops the run: it falls back to plain lines.
/// </summary>
internal sealed class Progress : IDisposable
{
    private ProgressBar? _bar;
    private readonly int _total, _every;
    private int _count;

    public Progress(int total, bool quiet, string label = "streaming")
    {
        _total = total;
        _every = Math.Max(1, total / 40);   // redraw about 40 times: a redraw costs far more than a model step
        if (quiet || Console.IsOutputRedirected) return;
        try
        {
            if (Console.WindowWidth < 60) return;
            _bar = new ProgressBar(total, label, new ProgressBarOptions { ProgressCharacter = '─', CollapseWhenFinished = false, DisplayTimeInRealTime = false });
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException) { _bar = null; }
    }

    public void Tick(Func<string> message)
    {
        if (_count == _total) return;   // a second pass over the rows (a Fit that reads them again) adds nothing
        _count++;
        if (_bar is not null && (_count % _every == 0 || _count == _total)) Safe(() => _bar?.Tick(_count, message()));
    }

    /// <summary>
    /// <paramref name="rows"/> as they are read, each ticking the bar (the model's Fit reads the rows as the pass will:
    /// on a million rows it was half a minute without a sign).
    /// </summary>
    public IEnumerable<T> Ticking<T>(IEnumerable<T> rows, string what)
    {
        foreach (var row in rows)
        {
            Tick(() => $"{what}: row {_count}/{_total}");
            yield return row;
        }
    }

    /// <summary>A running-error line: printed when there is no bar (the bar's own message shows it otherwise).</summary>
    public void WriteLine(string line)
    {
        if (_bar is null) Console.WriteLine(line);
    }

    public void Dispose()
    {
        Safe(() => _bar?.Dispose());
        _bar = null;
    }

    private bool Safe(Action action)
    {
        try { action(); return true; }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            _bar = null;
            return false;
        }
    }
}
