using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Simple exponential smoothing with drift, ŷ_{t+1} = ŷ_t + α·e_t + c (e the one-step error): the forecasts of an
/// ARIMA(0,1,1) with drift (θ = α − 1), and of the Theta method once its drift is fitted (Hyndman and Billah 2003). α is
/// chosen from a grid and, for each α, the drift c is the exact conditional least-squares one over the whole sample:
/// the one-step errors are linear in c, e_t = r_t − c·g_t (r the errors without drift, g their derivative), so three
/// running sums per α give c = Σrg / Σg² and the sum of squares Σr² − c·Σrg. A member of <see cref="ForecastPool"/>
/// (without a season); O(<see cref="GridSize"/>) per step, the α side by side in <see cref="Vector{T}"/> lanes
/// (<see cref="GridLanes"/>; each lane's arithmetic is the scalar recursion's, in its order, so the bits are those of a
/// loop over the α), no allocation.
/// </summary>
/// <remarks>
/// Grid: α ∈ {0.05, 0.1, 0.2, …, 0.9, 1} (α = 1: the random walk with drift, c the mean change). Start: the first value
/// (r's recursion a ← a + α·r, g ← (1 − α)·g + 1 from a = y_0, g = 1); forecasts from the third scored value on,
/// ŷ_{t+h} = a + c·(g + h − 1). A missing value adds one drift step (g + 1) and teaches nothing. Why: the yearly
/// and non-seasonal series are where the pool's lead was smallest (README, eighth pass), and a drift fitted on the
/// whole history is the M3/M4 yearly workhorse (Theta, auto.arima's usual (0,1,1) with drift) that the pool lacked:
/// its ARIMA(1,1,1) forgets (λ = 0.995) and fits by extended least squares.
/// </remarks>
public sealed class FittedDriftSmoothing
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    private static readonly double[] AlphaLanes = GridLanes.Constant(Alphas);
    private static readonly double[] KeepLanes = GridLanes.Constant([.. Alphas.Select(a => 1 - a)]);   // 1 − α, g's factor

    /// <summary>Scored values before the fit forecasts.</summary>
    public const int MinimumScored = 3;

    /// <summary>Smoothing constants run side by side.</summary>
    public static int GridSize => Alphas.Length;

    private readonly int _h;
    private readonly double[] _a = new double[AlphaLanes.Length], _g = new double[AlphaLanes.Length];   // forecast without drift, its derivative in c
    private readonly double[] _rr = new double[AlphaLanes.Length], _rg = new double[AlphaLanes.Length], _gg = new double[AlphaLanes.Length];
    private long _scored;            // values after the first, learned or not (Ready from MinimumScored)
    private bool _started;
    private int _best;               // the α with the lowest sum of squares at its drift

    /// <summary>A fit forecasting up to <paramref name="horizon"/> steps.</summary>
    public FittedDriftSmoothing(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        Reset();
    }

    /// <summary>Whether the fit forecasts.</summary>
    public bool Ready => _scored >= MinimumScored;

    /// <summary>The chosen α and its least-squares drift per step.</summary>
    public (double Alpha, double Drift) Constants => (Alphas[_best], Drift(_best));

    private double Drift(int i) => _gg[i] > 0 ? _rg[i] / _gg[i] : 0;

    /// <summary>Value <paramref name="value"/> (NaN: missing); with <paramref name="learn"/> false the errors are not counted (the fit stays).</summary>
    public void Update(double value, bool learn)
    {
        if (!double.IsFinite(value))
        {
            if (_started) TensorPrimitives.Add(_g, 1.0, _g);
            return;
        }
        if (!_started)
        {
            Array.Fill(_a, value); Array.Fill(_g, 1.0);
            _started = true;
            return;
        }
        _scored++;
        ref double a = ref MemoryMarshal.GetArrayDataReference(_a), g = ref MemoryMarshal.GetArrayDataReference(_g);
        ref double rr = ref MemoryMarshal.GetArrayDataReference(_rr), rg = ref MemoryMarshal.GetArrayDataReference(_rg);
        ref double gg = ref MemoryMarshal.GetArrayDataReference(_gg);
        ref double alphas = ref MemoryMarshal.GetArrayDataReference(AlphaLanes), keeps = ref MemoryMarshal.GetArrayDataReference(KeepLanes);
        var y = new Vector<double>(value); var one = Vector<double>.One;
        var lowest = LowestLane.Start();
        for (nuint i = 0, lanes = (nuint)AlphaLanes.Length; i < lanes; i += (nuint)Vector<double>.Count)
        {
            var forecast = Vector.LoadUnsafe(ref a, i);
            var r = y - forecast; var slope = Vector.LoadUnsafe(ref g, i);
            var sumRR = Vector.LoadUnsafe(ref rr, i); var sumRG = Vector.LoadUnsafe(ref rg, i); var sumGG = Vector.LoadUnsafe(ref gg, i);
            if (learn)
            {
                sumRR += r * r; sumRG += r * slope; sumGG += slope * slope;
                sumRR.StoreUnsafe(ref rr, i); sumRG.StoreUnsafe(ref rg, i); sumGG.StoreUnsafe(ref gg, i);
            }
            (forecast + Vector.LoadUnsafe(ref alphas, i) * r).StoreUnsafe(ref a, i);
            (Vector.LoadUnsafe(ref keeps, i) * slope + one).StoreUnsafe(ref g, i);
            var drift = Vector.ConditionalSelect(Vector.GreaterThan(sumGG, Vector<double>.Zero), sumRG / sumGG, Vector<double>.Zero);   // Drift(i)
            lowest.Offer(sumRR - drift * sumRG);
        }
        _best = lowest.Lowest(_best);
    }

    /// <summary>The forecasts of the next <paramref name="path"/>.Length ≤ horizon values (NaN until <see cref="Ready"/>).</summary>
    public void Forecast(Span<double> path)
    {
        if (path.Length > _h) throw new ArgumentException($"path must hold at most {_h} values.", nameof(path));
        if (!Ready) { path.Fill(double.NaN); return; }
        double c = Drift(_best);
        for (int k = 0; k < path.Length; k++) path[k] = _a[_best] + c * (_g[_best] + k);
    }

    /// <summary>The series' past moves by <paramref name="delta"/> (a level shift: no change is seen).</summary>
    public void Shift(double delta)
    {
        if (!_started) return;
        TensorPrimitives.Add(_a, delta, _a);
    }

    /// <summary>The series' past is expressed in units <paramref name="factor"/> times the old ones (the choice is kept).</summary>
    public void Rescale(double factor)
    {
        TensorPrimitives.Multiply(_a, factor, _a); TensorPrimitives.Multiply(_rr, factor * factor, _rr); TensorPrimitives.Multiply(_rg, factor, _rg);
    }

    /// <summary>Forgets the series and the fit.</summary>
    public void Reset()
    {
        foreach (var a in new[] { _a, _g, _rr, _rg, _gg }) Array.Clear(a);
        _scored = 0; _started = false; _best = 0;
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(Alphas.Length); w.Write(_started); w.Write(_scored); w.Write(_best);
        foreach (var a in new[] { _a, _g, _rr, _rg, _gg }) BinaryRuns.Write<double>(w, a.AsSpan(0, Alphas.Length));
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        int size = r.ReadInt32();
        if (size != Alphas.Length) throw new InvalidDataException($"Stored drift smoothing has {size} grid points, this one {Alphas.Length}.");
        _started = r.ReadBoolean(); _scored = r.ReadInt64(); _best = r.ReadInt32();
        foreach (var a in new[] { _a, _g, _rr, _rg, _gg })
        {
            BinaryRuns.Read<double>(r, a.AsSpan(0, Alphas.Length));
            GridLanes.CopyLastIntoPadding(a, Alphas.Length);
        }
        if (_scored < 0 || _best < 0 || _best >= Alphas.Length || !_a.All(double.IsFinite) || !_g.All(double.IsFinite)
            || !_rg.All(double.IsFinite) || _rr.Any(v => !(v >= 0)) || _gg.Any(v => !(v >= 0)))
            throw new InvalidDataException("Stored drift smoothing is invalid.");
    }
}
