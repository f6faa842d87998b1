using System.Numerics;
using System.Runtime.InteropServices;
using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Online linear least squares with exponential forgetting (recursive least squares): after every (x, y) the weights
/// are the exact minimiser of Σ_k λ^{t−k}(y_k − wᵀx_k)² + a weak ridge prior. O(p²) per update, no allocation.
/// </summary>
/// <remarks>
/// <para>Why here: an RTU learns by small gradient steps and needs hundreds of rows; a short series (quarterly, monthly) has
/// fewer. RLS fits an autoregression exactly from the first rows on, which is what ARIMA-like members of
/// <see cref="ForecastPool"/> need. Gain k = P x/(λ + xᵀP x), w ← w + k(y − wᵀx), P ← (P − k xᵀP)/λ; P is kept
/// reset to the prior if it stops being finite or positive on its diagonal, or its trace grows beyond 1e12.</para>
/// <para>Robust (<see cref="Robust"/>, the pool's fits since its layout 20): each row's squared error is weighted as
/// Huber's loss weighs it, ω = min(1, c·σ/|e|) with e the a-priori error, c = <see cref="HuberBound"/> and σ the running
/// mean absolute a-priori error (each counted at most c·σ), so the gain is P x/(λ/ω + xᵀP x). A value the pool took as
/// data though it lies far from the fit (a count's burst, a spike among a series' first rows, the first values after a
/// level shift, a swing the clean let through) moves the weights as an error of c·σ would, not by its full size.
/// Errors within c·σ leave the update exactly the plain one.</para>
/// <para>Conditioned (<see cref="Conditioned"/>; the pool's fits since its layout 39, and the exogenous effect's with
/// them), with forgetting: after each update P is averaged with its transpose and each weight's
/// variance is held at <see cref="MaxVarianceFactor"/> times the prior. Why: round-off leaves P − Pᵀ ≠ 0, the update never
/// shrinks that part and the division by λ grows it by 1/λ a row, so after about ln(10¹⁶)/(1 − λ) rows (7,000 at
/// λ = 0.995) P was no covariance, a diagonal fell to 0 or below and every weight went back to the prior: an outside
/// review found the pool's autoregressions restarting every 5,000–10,000 rows of every long stream and the exogenous
/// effect's every 15,000–20,000, a promotion's one-step MAE +4.0 % over 50,000 daily rows. And a direction no input
/// excites (an exogenous column that stays at its mean) had its variance grown by 1/λ a row until the trace bound reset
/// every weight, the informative columns' too (every 12,650 rows of a daily series with a constant second column).</para>
/// </remarks>
public sealed class RecursiveLeastSquares
{
    private readonly int _p;
    private readonly double _forgetting, _prior;
    private readonly double[] _w, _pMatrix, _px;
    private double _errorScale;   // robust: the running mean absolute a-priori error, each counted at most HuberBound times it
    private long _errors;         // robust: a-priori errors counted

    /// <summary>
    /// A robust fit weighs an a-priori error beyond this many running mean absolute errors by its share of the bound
    /// (Huber's loss). In the forecast pool's fits (screened with the AR(3) on levels robust too), bounds 1.5 / 2 / 2.5 / 3
    /// / 4 / 6 gave the one-step geometric-mean MASE over all 139 series of the development sets 0.4680 / 0.4677 / 0.4679 /
    /// 0.4680 / 0.4682 / 0.4687 (plain 0.4688).
    /// </summary>
    public const double HuberBound = 2;

    /// <summary>A-priori errors a robust fit counts before it weighs one (its error scale needs them).</summary>
    public const int HuberStart = 10;

    /// <summary>
    /// A conditioned fit (<see cref="Conditioned"/>) holds each weight's variance at most this many times the prior: a
    /// direction no input has excited for ln(10⁴)/(1 − λ) rows (1,840 at λ = 0.995, 4,600 at 0.998) is as unknown as can
    /// matter (the next input along it is fitted all but exactly either way), and the trace stays far below 1e12.
    /// </summary>
    public const double MaxVarianceFactor = 1e4;

    /// <summary>A model of <paramref name="size"/> inputs, forgetting factor λ, prior variance of each weight.</summary>
    public RecursiveLeastSquares(int size, double forgetting, double prior)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!(forgetting > 0 && forgetting <= 1)) throw new ArgumentOutOfRangeException(nameof(forgetting), forgetting, "forgetting must be in (0, 1].");
        if (!(prior > 0)) throw new ArgumentOutOfRangeException(nameof(prior), prior, "prior must be positive.");
        _p = size; _forgetting = forgetting; _prior = prior;
        _w = new double[size]; _pMatrix = new double[size * size]; _px = new double[size];
        Reset();
    }

    /// <summary>Inputs.</summary>
    public int Size => _p;

    /// <summary>Whether updates weigh errors as Huber's loss does (see the remarks); off: plain least squares.</summary>
    public bool Robust { get; set; }

    /// <summary>
    /// Whether each update with forgetting (λ &lt; 1) keeps P symmetric and each weight's variance at most
    /// <see cref="MaxVarianceFactor"/> times the prior (see the remarks); off: as before (a fit of an older file).
    /// Without forgetting P is left as the update makes it.
    /// </summary>
    public bool Conditioned { get; set; }

    /// <summary>A robust fit's running mean absolute a-priori error, each counted at most <see cref="HuberBound"/> times it (0 before any).</summary>
    public double ErrorScale => _errorScale;

    /// <summary>The weights (read them only).</summary>
    public ReadOnlySpan<double> Weights => _w;

    /// <summary>P, row by row (tests).</summary>
    internal ReadOnlySpan<double> Covariance => _pMatrix;

    /// <summary>wᵀx.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> w = _w;
        x = x[..w.Length];
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
        return s;
    }

    /// <summary>One exact update with input <paramref name="x"/> and target <paramref name="y"/> (both finite).</summary>
    public void Update(ReadOnlySpan<double> x, double y)
    {
        x = x[.._p];
        double denominator = MultiplyCovariance(x);
        double error = y - Predict(x);
        if (Robust) denominator = WeighedDenominator(denominator, error);
        if (!MoveOn(denominator, error, default)) Reset();
    }

    /// <summary>
    /// The covariance's part of an update with input <paramref name="x"/> (finite), the weights left as they are: writes
    /// the gain k = P x/(λ + xᵀP x) to <paramref name="gain"/> and moves P on as <see cref="Update"/> does (plain, not
    /// robust). For fits of several targets on the same inputs that share P (<see cref="HorizonLeastSquares"/>). False
    /// where P stopped being valid and went back to the prior (the gain is then not to be used).
    /// </summary>
    internal bool AdvanceCovariance(ReadOnlySpan<double> x, Span<double> gain)
    {
        x = x[.._p];
        if (MoveOn(MultiplyCovariance(x), 0, gain[.._p])) return true;
        Reset();
        return false;
    }

    // P x into _px; returns λ + xᵀP x.
    private double MultiplyCovariance(ReadOnlySpan<double> x)
    {
        int p = _p;
        Span<double> pMatrix = _pMatrix, px = _px.AsSpan(0, p);
        double denominator = _forgetting;
        for (int i = 0; i < p; i++)
        {
            var row = pMatrix.Slice(i * p, p);
            double s = 0;
            for (int j = 0; j < p; j++) s += row[j] * x[j];
            px[i] = s;
            denominator += x[i] * s;
        }
        return denominator;
    }

    // The gains k = P x/denominator: each weight moved by k·error (without `gain`) or the gains written to `gain`, and P
    // downdated row by row. Whether the weights (or gains) stayed finite and P valid: positive on its diagonal (round-off
    // over long runs can break that), its trace at most 1e12.
    private bool MoveOn(double denominator, double error, Span<double> gain)
    {
        int p = _p;
        bool weights = gain.IsEmpty;
        Span<double> pMatrix = _pMatrix, px = _px.AsSpan(0, p), w = _w.AsSpan(0, p);
        double trace = 0;
        bool finite = true;
        for (int i = 0; i < p; i++)
        {
            double k = px[i] / denominator;
            if (weights) { w[i] += k * error; finite &= double.IsFinite(w[i]); }
            else { gain[i] = k; finite &= double.IsFinite(k); }
            var row = pMatrix.Slice(i * p, p);
            Downdate(row, k, px, _forgetting);
            double diagonal = row[i];
            finite &= diagonal > 0;
            trace += diagonal;
        }
        if (Conditioned && _forgetting < 1 && finite) trace = Condition();
        return finite && double.IsFinite(trace) && trace <= 1e12;
    }

    // P averaged with its transpose, then each diagonal above MaxVarianceFactor·prior brought to it by D P D, D the identity
    // but √(bound/P_ii) at i (P stays positive definite, the other variances are kept); returns the trace.
    private double Condition()
    {
        int p = _p;
        Span<double> pMatrix = _pMatrix;
        for (int i = 0; i < p; i++)
            for (int j = i + 1; j < p; j++)
            {
                double a = 0.5 * (pMatrix[i * p + j] + pMatrix[j * p + i]);
                pMatrix[i * p + j] = a; pMatrix[j * p + i] = a;
            }
        double bound = MaxVarianceFactor * _prior, trace = 0;
        for (int i = 0; i < p; i++)
        {
            double diagonal = pMatrix[i * p + i];
            if (diagonal > bound)
            {
                double s = Math.Sqrt(bound / diagonal);
                for (int j = 0; j < p; j++) { pMatrix[i * p + j] *= s; pMatrix[j * p + i] *= s; }
                pMatrix[i * p + i] = bound;   // s² rounds to within an ulp of it
            }
            trace += pMatrix[i * p + i];
        }
        return trace;
    }

    // A row weighted by ω = min(1, c·σ/|e|) has the gain P x/(λ/ω + xᵀP x): the denominator grows by λ(1/ω − 1). σ then
    // counts |e| at most c·σ, so that an outlier neither moves the fit by its size nor widens what the next is judged by.
    private double WeighedDenominator(double denominator, double error)
    {
        double size = Math.Abs(error), bound = HuberBound * _errorScale;
        bool judged = _errors >= HuberStart && bound > 0;
        if (judged && size > bound) denominator += _forgetting * (size / bound - 1);
        double counted = judged ? Math.Min(size, bound) : size;
        _errors++;
        if (double.IsFinite(counted)) _errorScale += Math.Max(1.0 / _errors, 1 - _forgetting) * (counted - _errorScale);
        return denominator;
    }

    // row ← (row − k·px)/λ elementwise. The vector lanes round each operation as the scalar code does (no fused
    // multiply-add), and without forgetting (λ = 1, the order-selected ARs) the division, exact then, is left out: the same bits.
    private static void Downdate(Span<double> row, double k, ReadOnlySpan<double> px, double forgetting)
    {
        int j = 0, n = row.Length;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var kv = new Vector<double>(k);
            ref double r = ref MemoryMarshal.GetReference(row);
            ref double q = ref MemoryMarshal.GetReference(px);
            if (forgetting == 1)
                for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                    (Vector.LoadUnsafe(ref r, (nuint)j) - kv * Vector.LoadUnsafe(ref q, (nuint)j)).StoreUnsafe(ref r, (nuint)j);
            else
            {
                var lambda = new Vector<double>(forgetting);
                for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                    ((Vector.LoadUnsafe(ref r, (nuint)j) - kv * Vector.LoadUnsafe(ref q, (nuint)j)) / lambda).StoreUnsafe(ref r, (nuint)j);
            }
        }
        if (forgetting == 1) for (; j < n; j++) row[j] -= k * px[j];
        else for (; j < n; j++) row[j] = (row[j] - k * px[j]) / forgetting;
    }

    /// <summary>
    /// Multiplies the weights (and a robust fit's error scale) by <paramref name="factor"/>: the fit of the same inputs
    /// to targets in units <paramref name="factor"/> times the old ones (P, which depends on the inputs alone, is kept).
    /// </summary>
    public void Rescale(double factor)
    {
        for (int i = 0; i < _p; i++) _w[i] = RunningNormalizer.Saturate(_w[i] * factor);
        _errorScale *= factor;
    }

    /// <summary>Holds every weight within ±<paramref name="bound"/> (NaN stays NaN).</summary>
    internal void ClampWeights(double bound)
    {
        for (int i = 0; i < _p; i++) _w[i] = Math.Clamp(_w[i], -bound, bound);
    }

    /// <summary>Whether P is as an update keeps it: positive on its diagonal, its trace at most 1e12 (for readers of a stored fit).</summary>
    internal bool CovarianceIsValid()
    {
        double trace = 0;
        for (int i = 0; i < _p; i++)
        {
            double d = _pMatrix[i * _p + i];
            if (!(d > 0)) return false;
            trace += d;
        }
        return trace <= 1e12;
    }

    /// <summary>Back to the prior: zero weights, P = prior·I (and no error scale).</summary>
    public void Reset()
    {
        Array.Clear(_w); Array.Clear(_pMatrix);
        _errorScale = 0; _errors = 0;
        for (int i = 0; i < _p; i++) _pMatrix[i * _p + i] = _prior;
    }

    /// <summary>Writes the weights and P.</summary>
    public void Save(BinaryWriter w)
    {
        BinaryRuns.Write<double>(w, _w);
        BinaryRuns.Write<double>(w, _pMatrix);
    }

    /// <summary>Writes a robust fit's error scale and count (apart from <see cref="Save"/>, whose layout older pool files hold).</summary>
    public void SaveErrorScale(BinaryWriter w)
    {
        w.Write(_errorScale); w.Write(_errors);
    }

    /// <summary>Reads what <see cref="SaveErrorScale"/> wrote.</summary>
    /// <exception cref="InvalidDataException">A scale below 0 or not finite, or a count below 0.</exception>
    public void LoadErrorScale(BinaryReader r)
    {
        _errorScale = r.ReadDouble(); _errors = r.ReadInt64();
        if (!(_errorScale >= 0) || double.IsInfinity(_errorScale) || _errors < 0) throw new InvalidDataException("Stored least-squares error scale is invalid.");
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader r)
    {
        BinaryRuns.Read<double>(r, _w);
        BinaryRuns.Read<double>(r, _pMatrix);
        if (!_w.All(double.IsFinite) || !_pMatrix.All(double.IsFinite)) throw new InvalidDataException("Stored least-squares state is not finite.");
    }
}
