namespace Rtu.Trainers.Online;

/// <summary>
/// The damped trend, ETS(A,Ad,N): ℓ ← ℓ + φb + α·e, b ← φb + β·e (e the one-step error, ETS's parametrisation), with α,
/// β and φ chosen from a grid by the lowest one-step squared error over the whole sample: every grid point runs as its
/// own O(1) recursion (as <see cref="FittedLinearTrend"/>, which is its φ = 1 case). The M3 and M4 competitions' robust
/// trend for yearly and quarterly data (Gardner and McKenzie; the damped member of the M4 "Comb" benchmark). A member
/// of <see cref="ForecastPool"/> with a quarterly season, on the series adjusted by
/// <see cref="ClassicalSeasonalIndices"/>; O(<see cref="GridSize"/>) per step, no allocation.
/// </summary>
/// <remarks>
/// Grid: α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99}, β ∈ {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5} with β ≤ α, φ ∈
/// {0.8, 0.85, 0.9, 0.95, 0.98}. Start: ℓ the first value, b the first change; forecasts from the third scored value on,
/// ŷ_{t+h} = ℓ + (φ + … + φ^h)·b. A missing value moves ℓ by φb, damps b, and teaches nothing.
/// </remarks>
public sealed class FittedDampedTrend
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
    private static readonly double[] Phis = [0.8, 0.85, 0.9, 0.95, 0.98];
    private static readonly (double Alpha, double Beta, double Phi)[] Grid =
        [.. Alphas.SelectMany(a => Betas.Where(b => b <= a).SelectMany(b => Phis.Select(f => (a, b, f))))];

    /// <summary>Scored values before the fit forecasts.</summary>
    public const int MinimumScored = 3;

    /// <summary>Grid points (α, β, φ) run side by side.</summary>
    public static int GridSize => Grid.Length;

    private readonly int _h;
    private readonly double[] _level = new double[Grid.Length], _trend = new double[Grid.Length], _squares = new double[Grid.Length];
    private long _scored;            // values after the first, learned or not (the first starts the trend; Ready from MinimumScored)
    private double _previous;        // the last value (the first change starts the trend)
    private bool _started;
    private int _best;               // the grid point with the lowest sum of squares

    /// <summary>A fit forecasting up to <paramref name="horizon"/> steps.</summary>
    public FittedDampedTrend(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        Reset();
    }

    /// <summary>Whether the fit forecasts.</summary>
    public bool Ready => _scored >= MinimumScored;

    /// <summary>The chosen (α, β, φ).</summary>
    public (double Alpha, double Beta, double Phi) Constants => Grid[_best];

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the choice stays).</summary>
    public void Update(double value, bool learn)
    {
        if (!double.IsFinite(value))
        {
            if (_started) for (int i = 0; i < Grid.Length; i++) { _level[i] += Grid[i].Phi * _trend[i]; _trend[i] *= Grid[i].Phi; }
            return;
        }
        if (!_started)
        {
            Array.Fill(_level, value); Array.Clear(_trend);
            _started = true; _previous = value;
            return;
        }
        long scored = ++_scored;
        double low = double.PositiveInfinity;
        for (int i = 0; i < Grid.Length; i++)
        {
            var (alpha, beta, phi) = Grid[i];
            double predicted = _level[i] + phi * _trend[i], e = value - predicted;
            if (learn) _squares[i] += e * e;
            _level[i] = predicted + alpha * e;
            _trend[i] = scored == 1 ? value - _previous : phi * _trend[i] + beta * e;
            if (_squares[i] < low) { low = _squares[i]; _best = i; }
        }
        _previous = value;
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        double phi = Grid[_best].Phi, damped = 0, power = 1;
        for (int k = 0; k < path.Length; k++)
        {
            power *= phi; damped += power;
            path[k] = _level[_best] + damped * _trend[_best];
        }
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        if (!_started) return;
        for (int i = 0; i < Grid.Length; i++) _level[i] += delta;
        _previous += delta;
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choice is kept).</summary>
    public void Rescale(double factor)
    {
        for (int i = 0; i < Grid.Length; i++) { _level[i] *= factor; _trend[i] *= factor; _squares[i] *= factor * factor; }
        _previous *= factor;
    }

    /// <summary>Forgets the series and the fit.</summary>
    public void Reset()
    {
        Array.Clear(_level); Array.Clear(_trend); Array.Clear(_squares);
        _scored = 0; _previous = 0; _started = false; _best = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Grid.Length); w.Write(_started); w.Write(_scored); w.Write(_previous); w.Write(_best);
        foreach (var a in new[] { _level, _trend, _squares }) foreach (double v in a) w.Write(v);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int size = r.ReadInt32();
        if (size != Grid.Length) throw new InvalidDataException($"Stored damped-trend fit has {size} grid points, this one {Grid.Length}.");
        _started = r.ReadBoolean(); _scored = r.ReadInt64(); _previous = r.ReadDouble(); _best = r.ReadInt32();
        foreach (var a in new[] { _level, _trend, _squares }) for (int i = 0; i < a.Length; i++) a[i] = r.ReadDouble();
        if (_scored < 0 || _best < 0 || _best >= Grid.Length || !double.IsFinite(_previous) || !_level.All(double.IsFinite)
            || !_trend.All(double.IsFinite) || _squares.Any(v => !(v >= 0)))
            throw new InvalidDataException("Stored damped-trend fit is invalid.");
    }
}
