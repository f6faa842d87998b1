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
/// <para>In the pool the Holt fit is shared (pool layout 25): the pool's d = 2 member (<see cref="FittedLinearTrend"/>) is
/// the same recursion on the same grid (<see cref="TrendGrid.Linear"/>) fed the same values, so the pool passes it in and
/// the Comb only reads its forecasts; its owner updates, moves, saves and restores it. Layout 24 ran a copy of its own
/// (29 more grid points a step, 944 more bytes a stream in memory and 721 in its saved form) with the same forecasts bit
/// for bit.</para>
/// </remarks>
public sealed class FittedComb
{
    private readonly FittedDampedTrend _level, _damped;
    private readonly FittedDampedTrend? _linear;        // its own Holt fit (null: the shared one)
    private readonly FittedLinearTrend? _sharedLinear;  // the Holt fit its owner runs (null: its own)
    private readonly double[] _path;

    /// <summary>A combination forecasting up to <paramref name="horizon"/> steps, with all three fits its own.</summary>
    public FittedComb(int horizon) : this(horizon, null) { }

    /// <summary>
    /// A combination forecasting up to <paramref name="horizon"/> steps whose Holt fit is <paramref name="linear"/>, run by
    /// its owner on the same values (the pool's d = 2 member): the Comb reads its forecasts and never updates, moves, resets,
    /// saves or loads it. Null: a Holt fit of its own.
    /// </summary>
    public FittedComb(int horizon, FittedLinearTrend? linear)
    {
        _level = new FittedDampedTrend(horizon, TrendGrid.Level);
        _damped = new FittedDampedTrend(horizon, TrendGrid.Damped);
        if (linear is null) _linear = new FittedDampedTrend(horizon, TrendGrid.Linear);
        else if (linear.Horizon < horizon) throw new ArgumentException($"The shared Holt fit forecasts {linear.Horizon} steps, fewer than {horizon}.", nameof(linear));
        _sharedLinear = linear;
        _path = new double[horizon];
    }

    /// <summary>Whether the Holt fit is its owner's (<see cref="FittedComb(int, FittedLinearTrend)"/>).</summary>
    public bool SharesLinearTrend => _sharedLinear is not null;

    /// <summary>Whether the Holt fit is <paramref name="linear"/>.</summary>
    internal bool Shares(FittedLinearTrend? linear) => linear is not null && ReferenceEquals(_sharedLinear, linear);

    /// <summary>Whether every fit forecasts.</summary>
    public bool Ready => _level.Ready && (_linear?.Ready ?? _sharedLinear!.Ready) && _damped.Ready;

    /// <summary>The chosen smoothing constant α of the simple exponential smoothing.</summary>
    public double LevelAlpha => _level.Constants.Alpha;

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the choices stay).</summary>
    public void Update(double value, bool learn)
    {
        _level.Update(value, learn); _linear?.Update(value, learn); _damped.Update(value, learn);
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values: the mean of the three fits' (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _path.Length) throw new ArgumentException($"path must hold at most {_path.Length} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        var part = _path.AsSpan(0, path.Length);
        _level.Forecast(path);
        if (_linear is not null) _linear.Forecast(part); else _sharedLinear!.Forecast(part);
        for (int k = 0; k < path.Length; k++) path[k] += part[k];
        _damped.Forecast(part);
        for (int k = 0; k < path.Length; k++) path[k] = (path[k] + part[k]) / 3;
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        _level.Shift(delta); _linear?.Shift(delta); _damped.Shift(delta);
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choices are kept).</summary>
    public void Rescale(double factor)
    {
        _level.Rescale(factor); _linear?.Rescale(factor); _damped.Rescale(factor);
    }

    /// <summary>Forgets the series and the fits.</summary>
    public void Reset()
    {
        _level.Reset(); _linear?.Reset(); _damped.Reset();
    }

    /// <summary>Bytes <see cref="Save"/> writes.</summary>
    internal int SavedLength => _level.SavedLength + (_linear?.SavedLength ?? 0) + _damped.SavedLength;

    /// <summary>Writes the whole state: the level fit, its own Holt fit (not a shared one), the damped fit.</summary>
    public void Save(BinaryWriter w)
    {
        _level.Save(w); _linear?.Save(w); _damped.Save(w);
    }

    /// <summary>Reads a state written by <see cref="Save"/> of a Comb that shares its Holt fit as this one does.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r) => Load(r, withOwnLinear: _linear is not null);

    /// <summary>
    /// Reads a state written with (<paramref name="withOwnLinear"/>) or without a Holt fit of its own: a Comb that shares
    /// its Holt fit reads such a copy (pool layout 24) and drops it, as its owner's fit is the same.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data, or a state without the Holt fit this Comb owns.</exception>
    internal void Load(BinaryReader r, bool withOwnLinear)
    {
        if (_linear is not null && !withOwnLinear) throw new InvalidDataException("Stored M4 Comb has no Holt fit of its own.");
        _level.Load(r);
        if (_linear is not null) _linear.Load(r);
        else if (withOwnLinear) new FittedDampedTrend(_path.Length, TrendGrid.Linear).Load(r);   // validated, then dropped
        _damped.Load(r);
    }
}
