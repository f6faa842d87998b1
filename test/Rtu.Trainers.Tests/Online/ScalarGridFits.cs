using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

// The grid-fitted members as they were before their grid points ran in vector lanes (main @171f067): one scalar loop
// over the points per row. Kept as the reference the vectorised members must match bit for bit
// (GridFitsMatchTheirScalarLoopsTests); Load and the documentation left out.
/// <summary>FittedDampedTrend as one scalar loop over its grid points (the reference); on <see cref="LinearGrid"/>
/// (φ = 1, the loop's products by φ exact) it is FittedLinearTrend's, Holt's linear trend as it was before.</summary>
internal sealed class ScalarFittedDampedTrend
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
    private static readonly double[] Phis = [0.8, 0.85, 0.9, 0.95, 0.98];
    private static readonly double[] LinearBetas = [0.01, 0.05, 0.1, 0.2];
    public static readonly (double Alpha, double Beta, double Phi)[] DampedGrid =
        [.. Alphas.SelectMany(a => Betas.Where(b => b <= a).SelectMany(b => Phis.Select(f => (a, b, f))))];
    public static readonly (double Alpha, double Beta, double Phi)[] LinearGrid =
        [.. Alphas.SelectMany(a => LinearBetas.Where(b => b <= a).Select(b => (a, b, 1.0)))];
    public const int MinimumScored = 3;

    private readonly (double Alpha, double Beta, double Phi)[] Grid;
    private readonly int _h;
    private readonly double[] _level, _trend, _squares;
    private long _scored;            // values after the first, learned or not (the first starts the trend; Ready from MinimumScored)
    private double _previous;        // the last value (the first change starts the trend)
    private bool _started;
    private int _best;               // the grid point with the lowest sum of squares
    public ScalarFittedDampedTrend(int horizon, (double Alpha, double Beta, double Phi)[]? grid = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        Grid = grid ?? DampedGrid;
        _level = new double[Grid.Length]; _trend = new double[Grid.Length]; _squares = new double[Grid.Length];
        Reset();
    }
    public bool Ready => _scored >= MinimumScored;
    public (double Alpha, double Beta, double Phi) Constants => Grid[_best];
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
    public void Shift(double delta)
    {
        if (!_started) return;
        for (int i = 0; i < Grid.Length; i++) _level[i] += delta;
        _previous += delta;
    }
    public void Rescale(double factor)
    {
        for (int i = 0; i < Grid.Length; i++) { _level[i] *= factor; _trend[i] *= factor; _squares[i] *= factor * factor; }
        _previous *= factor;
    }
    public void Reset()
    {
        Array.Clear(_level); Array.Clear(_trend); Array.Clear(_squares);
        _scored = 0; _previous = 0; _started = false; _best = 0;
    }
    public void Save(BinaryWriter w)
    {
        w.Write(Grid.Length); w.Write(_started); w.Write(_scored); w.Write(_previous); w.Write(_best);
        foreach (var a in new[] { _level, _trend, _squares }) foreach (double v in a) w.Write(v);
    }
}

/// <summary>FittedDriftSmoothing as one scalar loop over its grid points (the reference).</summary>
internal sealed class ScalarFittedDriftSmoothing
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    public const int MinimumScored = 3;
    public static int GridSize => Alphas.Length;

    private readonly int _h;
    private readonly double[] _a = new double[Alphas.Length], _g = new double[Alphas.Length];   // forecast without drift, its derivative in c
    private readonly double[] _rr = new double[Alphas.Length], _rg = new double[Alphas.Length], _gg = new double[Alphas.Length];
    private long _scored;            // values after the first, learned or not (Ready from MinimumScored)
    private bool _started;
    private int _best;               // the α with the lowest sum of squares at its drift
    public ScalarFittedDriftSmoothing(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        Reset();
    }
    public bool Ready => _scored >= MinimumScored;
    public (double Alpha, double Drift) Constants => (Alphas[_best], Drift(_best));

    private double Drift(int i) => _gg[i] > 0 ? _rg[i] / _gg[i] : 0;
    public void Update(double value, bool learn)
    {
        if (!double.IsFinite(value))
        {
            if (_started) for (int i = 0; i < Alphas.Length; i++) _g[i] += 1;
            return;
        }
        if (!_started)
        {
            Array.Fill(_a, value); Array.Fill(_g, 1.0);
            _started = true;
            return;
        }
        _scored++;
        double low = double.PositiveInfinity;
        for (int i = 0; i < Alphas.Length; i++)
        {
            double r = value - _a[i], g = _g[i];
            if (learn) { _rr[i] += r * r; _rg[i] += r * g; _gg[i] += g * g; }
            _a[i] += Alphas[i] * r;
            _g[i] = (1 - Alphas[i]) * g + 1;
            double squares = _rr[i] - Drift(i) * _rg[i];
            if (squares < low) { low = squares; _best = i; }
        }
    }
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        double c = Drift(_best);
        for (int k = 0; k < path.Length; k++) path[k] = _a[_best] + c * (_g[_best] + k);
    }
    public void Shift(double delta)
    {
        if (!_started) return;
        for (int i = 0; i < Alphas.Length; i++) _a[i] += delta;
    }
    public void Rescale(double factor)
    {
        for (int i = 0; i < Alphas.Length; i++) { _a[i] *= factor; _rr[i] *= factor * factor; _rg[i] *= factor; }
    }
    public void Reset()
    {
        foreach (var a in new[] { _a, _g, _rr, _rg, _gg }) Array.Clear(a);
        _scored = 0; _started = false; _best = 0;
    }
    public void Save(BinaryWriter w)
    {
        w.Write(Alphas.Length); w.Write(_started); w.Write(_scored); w.Write(_best);
        foreach (var a in new[] { _a, _g, _rr, _rg, _gg }) foreach (double v in a) w.Write(v);
    }
}
