namespace Rtu.Trainers.Online;

/// <summary>
/// The steps a forecaster's own rows made to its RTU's parameters while a run of values far from the series is kept
/// (<see cref="GlitchRun"/>): what an undone run takes back from weights that other series share and kept moving.
/// </summary>
/// <remarks>
/// Why: a glitch undone goes back to the forecaster as it was before the run, whose RTU weights are those of the run's
/// first row. Where one set of weights is shared among series (a global model), the other series' steps since then were
/// in the weights too, and were dropped with the run: with thousands of series each glitch threw away several rows of
/// every series' learning. Taking back only this series' own steps keeps theirs; the weights that learned from the
/// glitch's errors (a hundred scales and more) are still cleaned of them. The buffers live only while a run is kept. The
/// first row's step is known only against the run's snapshot, which the undo reads anyway: its parameters after the step
/// are kept, and the step is taken at the undo (no snapshot is read at a run's start).
/// </remarks>
internal sealed class OwnSteps
{
    private float[]? _sum, _before, _firstAfter;   // the kept rows' steps after the first; the parameters before the current row's; after the first row's

    /// <summary>Whether steps are being summed (a run is kept).</summary>
    public bool Open => _sum is not null;

    /// <summary>Starts with the run's first row, stepped: its parameters <paramref name="now"/> (its step is taken at <see cref="TakeBack"/>).</summary>
    public void Start(OnlineRtuLearner now)
    {
        _firstAfter = new float[Count(now)];
        _sum = new float[_firstAfter.Length];
        _before = new float[_firstAfter.Length];
        Copy(now, _firstAfter);
    }

    /// <summary>Notes the parameters before a kept row's step (they may have been moved by other series since the last).</summary>
    public void BeforeRow(OnlineRtuLearner learner)
    {
        if (_before is not null) Copy(learner, _before);
    }

    /// <summary>Adds the kept row's step.</summary>
    public void AfterRow(OnlineRtuLearner learner)
    {
        if (_sum is null || _before is null) return;
        int i = 0;
        foreach (var values in Sets(learner))
            for (int j = 0; j < values.Length; j++, i++) _sum[i] += values[j] - _before[i];
    }

    /// <summary>
    /// Writes into <paramref name="snapshot"/> (the learner as it was before the run's first row) the parameters of
    /// <paramref name="current"/> less this series' steps since then: the first row's (from the snapshot's parameters to
    /// those after it) and the kept rows' after it.
    /// </summary>
    public void TakeBack(OnlineRtuLearner current, OnlineRtuLearner snapshot)
    {
        if (_sum is null || _firstAfter is null) { snapshot.CopyParametersFrom(current); return; }
        int i = 0;
        using var now = Sets(current).GetEnumerator();
        foreach (var values in Sets(snapshot))
        {
            now.MoveNext();
            for (int j = 0; j < values.Length; j++, i++) values[j] = now.Current[j] - _sum[i] - (_firstAfter[i] - values[j]);
        }
    }

    /// <summary>Drops the sums (the run ended).</summary>
    public void Close() => _sum = _before = _firstAfter = null;

    private static int Count(OnlineRtuLearner l) => Sets(l).Sum(v => v.Length);

    private static void Copy(OnlineRtuLearner l, float[] to)
    {
        int i = 0;
        foreach (var values in Sets(l)) { values.CopyTo(to, i); i += values.Length; }
    }

    // The learned parameters, in the order a host that shares them copies them (SharedLearnerWeights).
    private static IEnumerable<float[]> Sets(OnlineRtuLearner l)
    {
        yield return l.Layer.Parameters.Values;
        yield return l.Head.Parameters.Values;
        if (l.HorizonHeads is { } heads) yield return heads.Values;
    }
}
