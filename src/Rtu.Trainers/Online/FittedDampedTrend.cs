using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// The damped trend, ETS(A,Ad,N): ℓ ← ℓ + φb + α·e, b ← φb + β·e (e the one-step error, ETS's parametrisation), with α,
/// β and φ chosen from a grid by the lowest one-step squared error over the whole sample: every grid point runs as its
/// own O(1) recursion (as <see cref="FittedLinearTrend"/>, which is its φ = 1 case). The M3 and M4 competitions' robust
/// trend for yearly and quarterly data (Gardner and McKenzie; the damped member of the M4 "Comb" benchmark). A member
/// of <see cref="ForecastPool"/> with a quarterly season, on the series adjusted by
/// <see cref="ClassicalSeasonalIndices"/>; O(<see cref="GridSize"/>) per step, the grid points side by side in
/// <see cref="Vector{T}"/> lanes (<see cref="GridLanes"/>; each lane's arithmetic is the scalar recursion's, in its
/// order, so the bits are those of a loop over the points), no allocation.
/// </summary>
/// <remarks>
/// Grid: α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99}, β ∈ {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5} with β ≤ α, φ ∈
/// {0.8, 0.85, 0.9, 0.95, 0.98}. Start: ℓ the first value, b the first change; forecasts from the third scored value on,
/// ŷ_{t+h} = ℓ + (φ + … + φ^h)·b. A missing value moves ℓ by φb, damps b, and teaches nothing.
/// </remarks>
public sealed class FittedDampedTrend
{
    private readonly TrendGrid _grid;

    /// <summary>Scored values before the fit forecasts.</summary>
    public const int MinimumScored = 3;

    /// <summary>Grid points (α, β, φ) run side by side.</summary>
    public static int GridSize => TrendGrid.Damped.Points.Length;

    private readonly int _h;
    private readonly double[] _level, _trend, _squares;
    private readonly double[] _dampedSums;   // φ + … + φ^k for each φ (rows) and k = 1 … horizon: the forecast's factors, once
    private long _scored;            // values after the first, learned or not (the first starts the trend; Ready from MinimumScored)
    private double _previous;        // the last value (the first change starts the trend)
    private bool _started;
    private int _best;               // the grid point with the lowest sum of squares

    /// <summary>A fit forecasting up to <paramref name="horizon"/> steps.</summary>
    public FittedDampedTrend(int horizon) : this(horizon, TrendGrid.Damped) { }

    /// <summary>A fit over <paramref name="grid"/> (<see cref="FittedLinearTrend"/>: the φ = 1 grid).</summary>
    internal FittedDampedTrend(int horizon, TrendGrid grid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        _grid = grid;
        int lanes = grid.PhiLanes.Length;
        _level = new double[lanes]; _trend = new double[lanes]; _squares = new double[lanes];
        var phis = grid.Phis;
        _dampedSums = new double[phis.Length * horizon];
        for (int j = 0; j < phis.Length; j++)
        {
            double damped = 0, power = 1;
            for (int k = 0; k < horizon; k++) { power *= phis[j]; damped += power; _dampedSums[j * horizon + k] = damped; }
        }
        Reset();
    }

    /// <summary>Whether the fit forecasts.</summary>
    public bool Ready => _scored >= MinimumScored;

    /// <summary>The chosen (α, β, φ).</summary>
    public (double Alpha, double Beta, double Phi) Constants => _grid.Points[_best];

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the choice stays).</summary>
    public void Update(double value, bool learn)
    {
        ref double level = ref MemoryMarshal.GetArrayDataReference(_level), trend = ref MemoryMarshal.GetArrayDataReference(_trend);
        ref double phis = ref MemoryMarshal.GetArrayDataReference(_grid.PhiLanes);
        nuint lanes = (nuint)_grid.PhiLanes.Length, width = (nuint)Vector<double>.Count;
        if (!double.IsFinite(value))
        {
            if (!_started) return;
            for (nuint i = 0; i < lanes; i += width)
            {
                var phi = Vector.LoadUnsafe(ref phis, i); var b = Vector.LoadUnsafe(ref trend, i);
                (Vector.LoadUnsafe(ref level, i) + phi * b).StoreUnsafe(ref level, i);
                (b * phi).StoreUnsafe(ref trend, i);
            }
            return;
        }
        if (!_started)
        {
            Array.Fill(_level, value); Array.Clear(_trend);
            _started = true; _previous = value;
            return;
        }
        bool first = ++_scored == 1 && _grid.Trended;   // the first change starts every trend (none in the level grid)
        ref double squares = ref MemoryMarshal.GetArrayDataReference(_squares);
        ref double alphas = ref MemoryMarshal.GetArrayDataReference(_grid.AlphaLanes), betas = ref MemoryMarshal.GetArrayDataReference(_grid.BetaLanes);
        var y = new Vector<double>(value); var change = new Vector<double>(value - _previous);
        var lowest = LowestLane.Start();
        for (nuint i = 0; i < lanes; i += width)
        {
            var damped = Vector.LoadUnsafe(ref phis, i) * Vector.LoadUnsafe(ref trend, i);
            var predicted = Vector.LoadUnsafe(ref level, i) + damped;
            var e = y - predicted;
            var sum = Vector.LoadUnsafe(ref squares, i);
            if (learn) { sum += e * e; sum.StoreUnsafe(ref squares, i); }
            (predicted + Vector.LoadUnsafe(ref alphas, i) * e).StoreUnsafe(ref level, i);
            (first ? change : damped + Vector.LoadUnsafe(ref betas, i) * e).StoreUnsafe(ref trend, i);
            lowest.Offer(sum);
        }
        _best = lowest.Lowest(_best);
        _previous = value;
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        var sums = _dampedSums.AsSpan(_best % _grid.Phis.Length * _h, path.Length);
        for (int k = 0; k < path.Length; k++) path[k] = _level[_best] + sums[k] * _trend[_best];
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        if (!_started) return;
        TensorPrimitives.Add(_level, delta, _level);
        _previous += delta;
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choice is kept).</summary>
    public void Rescale(double factor)
    {
        TensorPrimitives.Multiply(_level, factor, _level); TensorPrimitives.Multiply(_trend, factor, _trend);
        TensorPrimitives.Multiply(_squares, factor * factor, _squares);
        _previous *= factor;
    }

    /// <summary>Forgets the series and the fit.</summary>
    public void Reset()
    {
        Array.Clear(_level); Array.Clear(_trend); Array.Clear(_squares);
        _scored = 0; _previous = 0; _started = false; _best = 0;
    }

    /// <summary>Bytes <see cref="Save"/> writes.</summary>
    internal int SavedLength => 4 + 1 + 8 + 8 + 4 + 3 * 8 * _grid.Points.Length;

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        int size = _grid.Points.Length;
        w.Write(size); w.Write(_started); w.Write(_scored); w.Write(_previous); w.Write(_best);
        foreach (var a in new[] { _level, _trend, _squares }) BinaryRuns.Write<double>(w, a.AsSpan(0, size));
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int size = r.ReadInt32(), points = _grid.Points.Length;
        if (size != points) throw new InvalidDataException($"Stored {_grid.Name} fit has {size} grid points, this one {points}.");
        _started = r.ReadBoolean(); _scored = r.ReadInt64(); _previous = r.ReadDouble(); _best = r.ReadInt32();
        foreach (var a in new[] { _level, _trend, _squares })
        {
            BinaryRuns.Read<double>(r, a.AsSpan(0, points));
            GridLanes.CopyLastIntoPadding(a, points);
        }
        if (_scored < 0 || _best < 0 || _best >= points || !double.IsFinite(_previous) || !_level.All(double.IsFinite)
            || !_trend.All(double.IsFinite) || _squares.Any(v => !(v >= 0)))
            throw new InvalidDataException($"Stored {_grid.Name} fit is invalid.");
    }
}
