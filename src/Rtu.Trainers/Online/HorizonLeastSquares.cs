using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Recursive least squares of the targets 2 … H rows after an origin s on that origin's inputs x_s: one weight vector w_h
/// per horizon h and one covariance P for all of them (P depends on the inputs alone), moved on once per origin
/// (<see cref="Begin"/>); the target of horizon h, known h rows later, updates w_h with the gain its origin's step computed
/// (<see cref="Learn"/>). Where every target arrives, each w_h is then exactly the forgetting least-squares fit of its own
/// targets that a separate <see cref="RecursiveLeastSquares"/> would be, at the cost of one P: O(n²) per origin and O(n)
/// per target.
/// </summary>
/// <remarks>
/// Why exact: a horizon's targets arrive in the order of their origins, so when the target of (s, h) arrives w_h holds
/// the fit of the origins before s, and the gain k_s = P_{s−1}x_s/(λ + x_sᵀP_{s−1}x_s) depends on the inputs alone. A
/// target that never arrives (a missing value) leaves w_h as it was while P moved on, as a multi-output fit does: then w_h
/// is no longer a separate fit's (whose P would skip that origin), though close (a review: 20 % of the values missing,
/// weights of about 20 differed by up to 1.4 at h = 24).
/// </remarks>
internal sealed class HorizonLeastSquares
{
    private readonly int _n, _horizon;
    private readonly double _forgetting;
    private readonly RecursiveLeastSquares _covariance;   // P (its own weights are never used)
    private readonly double[] _w;                         // [h − 2][n]
    private readonly double[] _x, _gain;                  // [slot][n]: the last H origins' inputs and gains, slot = origin mod H
    private readonly long[] _origin;                      // [slot]: the origin whose inputs the slot holds (−1: none)

    /// <summary>Fits of <paramref name="inputs"/> inputs for horizons 2 … <paramref name="horizon"/> (≥ 2).</summary>
    public HorizonLeastSquares(int inputs, int horizon, double forgetting, double prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 2);
        _n = inputs; _horizon = horizon; _forgetting = forgetting;
        _covariance = new RecursiveLeastSquares(inputs, forgetting, prior);
        _w = new double[(horizon - 1) * inputs];
        _x = new double[horizon * inputs];
        _gain = new double[horizon * inputs];
        _origin = new long[horizon];
        Array.Fill(_origin, -1);
    }

    /// <summary>Whether P is kept symmetric and its variances bounded (<see cref="RecursiveLeastSquares.Conditioned"/>).</summary>
    public bool Conditioned { get => _covariance.Conditioned; set => _covariance.Conditioned = value; }

    /// <summary>Inputs n.</summary>
    public int Inputs => _n;

    /// <summary>The last horizon H.</summary>
    public int Horizon => _horizon;

    /// <summary>w_h (2 ≤ <paramref name="h"/> ≤ H).</summary>
    public ReadOnlySpan<double> Weights(int h) => _w.AsSpan((h - 2) * _n, _n);

    /// <summary>w_hᵀ<paramref name="x"/>.</summary>
    public double Predict(int h, ReadOnlySpan<double> x)
    {
        var w = Weights(h);
        double s = 0;
        for (int i = 0; i < _n; i++) s += w[i] * x[i];
        return s;
    }

    private int Slot(long origin) => (int)(origin % _horizon);

    /// <summary>The largest origin (2⁶²: a row a second for 10¹¹ years), so that a count of them never wraps.</summary>
    public const long MaxOrigin = 1L << 62;

    /// <summary>
    /// Origin <paramref name="origin"/> (≥ 0, increasing) has the inputs <paramref name="x"/> (finite): P moves on, and
    /// the targets of this origin can be learned for the next H − 1 origins. Should P stop being valid it goes back to the
    /// prior with every weight (as a <see cref="RecursiveLeastSquares"/> does), and the origins held are dropped.
    /// </summary>
    public void Begin(long origin, ReadOnlySpan<double> x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(origin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(origin, MaxOrigin);
        int slot = Slot(origin);
        x[.._n].CopyTo(_x.AsSpan(slot * _n, _n));
        if (_covariance.AdvanceCovariance(x, _gain.AsSpan(slot * _n, _n))) { _origin[slot] = origin; return; }
        Array.Clear(_w);
        Array.Fill(_origin, -1);
    }

    /// <summary>
    /// The target <paramref name="y"/> (finite) of horizon <paramref name="h"/> from origin <paramref name="origin"/>: false
    /// where that origin's inputs are not held (not begun, or H origins ago or more); otherwise <paramref name="proposal"/>
    /// is w_hᵀx_s before the target was seen, and w_h moves on (within the float range).
    /// </summary>
    public bool Learn(int h, long origin, double y, out double proposal)
    {
        proposal = double.NaN;
        if (origin < 0 || origin > MaxOrigin || _origin[Slot(origin)] != origin) return false;
        int slot = Slot(origin);
        ReadOnlySpan<double> x = _x.AsSpan(slot * _n, _n), k = _gain.AsSpan(slot * _n, _n);
        proposal = Predict(h, x);
        double error = y - proposal;
        var w = _w.AsSpan((h - 2) * _n, _n);
        for (int i = 0; i < _n; i++)
        {
            double next = w[i] + k[i] * error;
            if (!double.IsNaN(next)) w[i] = Math.Clamp(next, -float.MaxValue, float.MaxValue);   // ∞ − ∞ (an error beyond every bound): the weight stays
        }
        return true;
    }

    /// <summary>Multiplies the weights by <paramref name="factor"/>: the fits of targets in units that many times the old ones.</summary>
    public void Rescale(double factor)
    {
        for (int i = 0; i < _w.Length; i++) _w[i] = Math.Clamp(RunningNormalizer.Saturate(_w[i] * factor), -float.MaxValue, float.MaxValue);
    }

    /// <summary>Drops the origins held (a series forgotten): the weights and P are kept.</summary>
    public void Forget()
    {
        Array.Fill(_origin, -1);
        Array.Clear(_x); Array.Clear(_gain);
    }

    /// <summary>Back to the prior: zero weights, P = prior·I, no origin held.</summary>
    public void Reset()
    {
        _covariance.Reset();
        Array.Clear(_w);
        Forget();
    }

    /// <summary>Writes P, the weights and the origins held (their inputs and gains).</summary>
    public void Save(BinaryWriter w)
    {
        _covariance.Save(w);
        BinaryRuns.Write<double>(w, _w);
        BinaryRuns.Write<double>(w, _x);
        BinaryRuns.Write<double>(w, _gain);
        BinaryRuns.Write<long>(w, _origin);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, the inputs bounded by ±<paramref name="inputBound"/> (the regressors' clip).</summary>
    /// <exception cref="InvalidDataException">A value not finite, an input beyond the bound, a gain beyond what P can give, a weight beyond the
    /// float range, P invalid, or an origin in the wrong slot or beyond <see cref="MaxOrigin"/>.</exception>
    public void Load(BinaryReader r, double inputBound = double.MaxValue)
    {
        _covariance.Load(r);
        if (!_covariance.CovarianceIsValid()) throw new InvalidDataException("Stored h-step least-squares covariance is invalid (not positive on its diagonal, or its trace beyond 1e12).");
        BinaryRuns.Read<double>(r, _w);
        BinaryRuns.Read<double>(r, _x);
        BinaryRuns.Read<double>(r, _gain);
        BinaryRuns.Read<long>(r, _origin);
        foreach (double b in _w)
            if (!(Math.Abs(b) <= float.MaxValue)) throw new InvalidDataException($"Stored h-step least-squares weight {b} is not finite or beyond the float range.");
        double bound = (float)Math.Min(inputBound, float.MaxValue);   // stored as floats were, the bound rounded too
        foreach (double x in _x)
            if (!(Math.Abs(x) <= bound)) throw new InvalidDataException($"Stored h-step least-squares input {x} is not finite or beyond ±{bound}.");
        // |k| = |P x|/(λ + xᵀP x) ≤ ‖P‖·‖x‖/λ ≤ trace(P)·√n·bound/λ, with trace(P) ≤ 1e12 (a valid P).
        double gainBound = 1e12 * Math.Sqrt(_n) * bound / _forgetting;
        foreach (double k in _gain)
            if (!(Math.Abs(k) <= gainBound)) throw new InvalidDataException($"Stored h-step least-squares gain {k} is not finite or beyond what a valid covariance gives.");
        for (int slot = 0; slot < _horizon; slot++)
            if (_origin[slot] != -1 && (_origin[slot] < 0 || _origin[slot] > MaxOrigin || Slot(_origin[slot]) != slot))
                throw new InvalidDataException($"Stored h-step least-squares origin {_origin[slot]} is not one slot {slot} holds.");
    }
}
