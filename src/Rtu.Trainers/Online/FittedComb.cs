namespace Rtu.Trainers.Online;

/// <summary>
/// The M4 competition's "Comb" benchmark as one forecaster: the equal mean of simple exponential smoothing, Holt's linear
/// trend and the damped trend, each with its constants chosen from a grid by the lowest one-step squared error over the
/// whole sample (<see cref="FittedDampedTrend"/> over <see cref="TrendGrid.Level"/>, <see cref="TrendGrid.Linear"/> and
/// <see cref="TrendGrid.Damped"/>). A member of <see cref="ForecastPool"/> with a season, on y itself (pool layout 24).
/// </summary>
/// <remarks>
/// <para>Why on y and with a season: many series with a season by their timestamps (monthly prices, rates, quarterly
/// macro series) have none in their values, and there the seasonal members' noise costs what a plain trend method would
/// not; the equal mean of three trend fits is the M3/M4 combination that is hard to beat on such series. Screened with the
/// member priors fitted again for it (scripts/candidate_prior_screen.py, each of the twelve sets held out of the fit in
/// turn; NOTEBOOK, forty-eighth pass): 0.4890 → 0.4885 over the 323 series, with a season 0.4000 → 0.3994, eight sets
/// better and four worse; its prior is about +0.4 with a season. Seasonally adjusted, as M4 had it, it is the fitted
/// damped trend the pool already holds (ClassicalSeasonalIndices).</para>
/// <para>O(GridSize) per step for the three grids (8 + 29 + 230 points), no allocation; NaN forecasts until every fit
/// has <see cref="FittedDampedTrend.MinimumScored"/> scored values (they start together).</para>
/// </remarks>
public sealed class FittedComb
{
    private readonly FittedDampedTrend _level, _linear, _damped;
    private readonly double[] _path;

    /// <summary>A combination forecasting up to <paramref name="horizon"/> steps.</summary>
    public FittedComb(int horizon)
    {
        _level = new FittedDampedTrend(horizon, TrendGrid.Level);
        _linear = new FittedDampedTrend(horizon, TrendGrid.Linear);
        _damped = new FittedDampedTrend(horizon, TrendGrid.Damped);
        _path = new double[horizon];
    }

    /// <summary>Whether every fit forecasts.</summary>
    public bool Ready => _level.Ready && _linear.Ready && _damped.Ready;

    /// <summary>The chosen smoothing constant α of the simple exponential smoothing.</summary>
    public double LevelAlpha => _level.Constants.Alpha;

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the choices stay).</summary>
    public void Update(double value, bool learn)
    {
        _level.Update(value, learn); _linear.Update(value, learn); _damped.Update(value, learn);
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values: the mean of the three fits' (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _path.Length) throw new ArgumentException($"path must hold at most {_path.Length} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        var part = _path.AsSpan(0, path.Length);
        _level.Forecast(path);
        _linear.Forecast(part);
        for (int k = 0; k < path.Length; k++) path[k] += part[k];
        _damped.Forecast(part);
        for (int k = 0; k < path.Length; k++) path[k] = (path[k] + part[k]) / 3;
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        _level.Shift(delta); _linear.Shift(delta); _damped.Shift(delta);
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choices are kept).</summary>
    public void Rescale(double factor)
    {
        _level.Rescale(factor); _linear.Rescale(factor); _damped.Rescale(factor);
    }

    /// <summary>Forgets the series and the fits.</summary>
    public void Reset()
    {
        _level.Reset(); _linear.Reset(); _damped.Reset();
    }

    /// <summary>Bytes <see cref="Save"/> writes.</summary>
    internal int SavedLength => _level.SavedLength + _linear.SavedLength + _damped.SavedLength;

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        _level.Save(w); _linear.Save(w); _damped.Save(w);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        _level.Load(r); _linear.Load(r); _damped.Load(r);
    }
}
