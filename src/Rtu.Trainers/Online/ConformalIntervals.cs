using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// Prediction intervals per horizon, calibrated online (adaptive conformal inference): the h-step interval is
/// ŷ ± c_{h,ℓ}·s_h, s_h the running mean absolute h-step error and c_{h,ℓ} a width factor that each scored forecast
/// nudges: c ← c + γ_h·(miss − (1 − ℓ)), miss = 1 when the value fell outside the interval given with that forecast,
/// γ_h = γ/√h (<see cref="StepAt"/>: an h-step miss shows h rows late).
/// On a series positive throughout, a horizon whose errors have grown with the forecast is given ŷ ± c_{h,ℓ}·r_h·ŷ
/// instead, r_h the mean relative error (<see cref="IsRelative"/>), or ŷ ± c_{h,ℓ}·q_h·√ŷ, q_h the mean of |e|/√ŷ, where
/// they have grown with its square root (<see cref="ScalePower"/>). O(1) per horizon and step.
/// </summary>
/// <remarks>
/// <para>Why this form: the update drives the long-run miss rate to 1 − ℓ whatever the error distribution (Gibbs &amp;
/// Candès 2021, adaptive conformal inference), and measuring the width in units of s_h lets one γ serve every
/// series' scale. Levels are 80 % and 95 % (<see cref="Levels"/>). Before a horizon has <see cref="MinimumScored"/>
/// scored forecasts its interval is NaN (unknown).</para>
/// <para>Short series (layout 2, after short quarterly series under-covered: JohnsonJohnson 54/67 %, UKgas 71/86 % at
/// 80/95 %): s_h averages the most recent quarter of the scored errors, between <see cref="ShortestWindow"/> and
/// <see cref="LongestWindow"/> (it was always the last 100, which on a series whose errors grow with its level, as a
/// multiplicative season does, lags far behind); c starts at the quantiles of a Laplace error, ln 5 and ln 20 times the
/// mean absolute error (the normal's 1.25·(1.28, 1.96) before: forecast errors have heavier tails, and a Laplace law is
/// the one that the mean absolute error alone determines); γ is 0.1 (0.05 before), so the factor finds its level in
/// a few dozen forecasts; and a miss is judged against the interval given with the forecast, not today's.
/// On the development bench (17 series, one and six steps) pooled coverage stays at 80/95 % and the geometric-mean
/// MSIS improves (see the forecasting sample's NOTEBOOK.md for the figures and the variants tried).</para>
/// <para>Additive or multiplicative errors (layout 3): s_h in absolute units lags a series whose errors grow with its
/// level (JohnsonJohnson and UKgas still held 67 % and 74 % at 80 %; ArgentinaCPI's hyperinflation 40 %). While every value
/// seen is positive, each horizon also keeps r_h, the same window's mean of |y − ŷ|/ŷ, and the running mean (last
/// <see cref="LongestWindow"/>) of each scale's Laplace negative log-likelihood ln σ + |e|/σ of every new error, σ the
/// scale before it (s_h, or r_h·ŷ): once <see cref="MinimumCompared"/> errors are compared, the horizon uses the scale
/// that has described its errors better, as ETS chooses additive or multiplicative errors by likelihood. The width
/// factor c is shared: it calibrates whichever scale is used. Around a forecast ≤ 0 (clipped at 0 on a series ≥ 0) a
/// relative horizon gives the absolute scale's interval, ŷ ± c·s_h (<see cref="ReferenceLevel"/>; it had none before: one
/// lynx row of the bench, whose one-step MSIS moved 5.309 → 5.296 and the bench's six-step mean 4.115 → 4.114). Against the absolute scale alone (interval_bench.sh, bench / four held-out sets, geometric-mean MSIS): one step
/// 3.576 / 3.341 / 3.272 / 4.427 / 3.216 → 3.522 / 3.319 / 3.168 / 4.405 / 3.229, pooled coverage of the fourth set
/// 78.3 / 93.5 → 80.1 / 95.5 %; six steps 4.177 / 4.420 / 4.817 / 5.236 / 4.554 → 4.115 / 4.452 / 4.747 / 5.247 / 4.583,
/// the fourth set's coverage 78.1 / 93.0 → 80.1 / 95.1 %; at 80 %, one step: ArgentinaCPI 40 → 79 %, mexm 74 → 81 %,
/// tourism_US 73 → 79 %, JohnsonJohnson 67 → 72 %. The relative scale alone, on every positive series, widened the
/// intervals of series near 0 (disasters_all_deaths MSIS 7.4 → 31.0; sets 3.586 / 3.437 / 3.310 / 4.717 / 3.214); the
/// larger of the two scales widened them everywhere (3.633 / 3.406 / 3.301 / 4.774 / 3.181).</para>
/// <para>Gaps (layout 4): a forecast made g rows after the last observed value is h + g steps from it, so its h-step
/// interval is widened by <see cref="GapWidening"/> √((h + g)/h) (the law of a random walk's error, by which the forecast
/// pool's outlier bound widens after missing rows too), and its error, when scored, enters s_h and r_h divided by the
/// same factor, so that the scales stay those of forecasts made from an observed value; the width factor c is moved by
/// the miss against the widened interval. Before, the value after a gap was inside the 80 % / 95 % intervals 65 / 90 %
/// of the time after one missing row, 64 / 86 % after three and 51 / 76 % after six (15 bench series, 11 places each);
/// now 82 / 96, 86 / 96 and 88 / 92 %. Intervals read from a layout 1–3 file keep their width over gaps.</para>
/// <para>A third scale (layout 5): errors that grow with the level, but less than in proportion (counts, whose spread
/// grows as a Poisson count's does; seasonal totals), were described by neither scale, and the likelihood choice between
/// the two was fragile (UKgas moved to the relative scale on one large miss: MSIS 6.83 → 8.18). Each horizon also keeps
/// q_h, the same window's mean of |y − ŷ|/√ŷ, and its likelihood under σ = q_h·√ŷ; the horizon uses whichever of the
/// three scales, ŷ⁰, √ŷ and ŷ (<see cref="ScalePower"/> 0, ½, 1; the Box–Cox powers of the variance-stabilising
/// transforms), has described its errors best. Intervals read from a layout 1–4 file keep the two scales.</para>
/// <para>The step per horizon (layout 6): γ/√h h steps ahead instead of γ at every horizon (<see cref="StepAt"/> says
/// why). One step ahead nothing changes (the 323 series' one-step intervals are the same to the bit); over the 323 at
/// H = 6 the geometric-mean MSIS of horizons 1–6 went 4.826 → 4.806, lower on each of the twelve sets, pooled coverage
/// 79.9 / 95.1 → 79.9 / 95.2 %; the development bench at H = 24 4.908 → 4.843, at H = 168 5.712 → 5.003. Intervals read
/// from a layout 1–5 file keep γ.</para>
/// <para>Misses on the values given (layout 7, <see cref="JudgesGivenValues"/>): whether an interval held is judged on the
/// value given, not on the value the forecaster took, while the scales still learn from the latter. A demand the clean
/// cut, or a sale forgotten as a possible spike, was never a miss, so on sparse demand the 95 % interval covered 88–91 %;
/// judged on the values given, 90.6 → 92.5 % (demand on a fifth of the days), 88.4 → 90.8 % (a huge first order, then
/// sparse demand), with a lower interval score on each, and the 323 series' intervals as they were (80.0 / 95.2 %, MSIS
/// 3.761). The scales stay those of the values taken: learning from the values given, each error capped at 3 or 6
/// scales, cost the 323 series (95 % coverage 94.3–94.8 %, MSIS 3.773–3.799). A value not given (a gap, even where a
/// replay observes an estimate) is neither a miss nor a hit. Intervals read from a layout 1–6 file judge on the values
/// taken.</para>
/// <para>A fast absolute scale (layout 8, <see cref="FastWindow"/>): each horizon also keeps s′_h, the mean absolute error
/// over the last 15, and uses it in place of s_h while it has described the errors better (Laplace likelihood; taken once
/// better by <see cref="FastMargin"/>, left once no better), so that
/// the intervals follow a change of volatility within a few dozen rows. Intervals read from a layout 1–7 file keep s_h
/// alone.</para>
/// </remarks>
public sealed class ConformalIntervals
{
    /// <summary>The interval levels: 0.8 and 0.95.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.8, 0.95];

    /// <summary>Step γ of the width factor one step ahead; h steps ahead γ/√h (<see cref="StepAt"/>).</summary>
    public const double Step = 0.1;

    /// <summary>Scored forecasts of a horizon before its intervals are given.</summary>
    public const int MinimumScored = 5;

    /// <summary>The fewest recent errors the error scale s_h averages (once it has seen them).</summary>
    public const int ShortestWindow = 10;

    /// <summary>The most recent errors the error scale s_h averages, and over which the two scales' likelihoods are compared.</summary>
    public const int LongestWindow = 100;

    /// <summary>Errors compared under both scales before a horizon may use the relative one.</summary>
    public const int MinimumCompared = 10;

    /// <summary>Window (scored errors) of the fast absolute scale s′_h (layout 8).</summary>
    /// <remarks>
    /// Why a second absolute scale: s_h averages up to <see cref="LongestWindow"/> errors, so after the volatility of a
    /// series fell six-fold its intervals stayed too wide for 200 rows and more, and after it rose they covered 35–50 % for
    /// 20 rows (an outside audit of financial series; a GARCH(1,1) adapts in 25–40). s′_h forgets over the last 15, and a
    /// horizon on the absolute scale uses it while its Laplace likelihood (the running mean of ln σ + |e|/σ over the last
    /// <see cref="LongestWindow"/> errors, each taken before it) is better than s_h's (taken once better by
    /// <see cref="FastMargin"/>): on errors of one spread the slower
    /// mean is the better estimate and keeps the horizon, on clustered volatility the fast one wins. Windows 10 / 15 / 20 /
    /// 25 / 50 over the 323 series, MSIS one step (3.749 without) 3.735 / 3.740 / 3.745 / 3.746 / 3.754, six steps (4.812)
    /// 4.817 / 4.812 / 4.814 / 4.814 / 4.815; at 15, 38 financial series' 95 % interval score −1.0 % (geometric mean),
    /// volatility regimes −11.3 %, GARCH returns −3.8 %, a random walk unchanged.
    /// </remarks>
    public const int FastWindow = 15;

    /// <summary>
    /// The fast scale is taken once its mean Laplace negative log-likelihood is this much below the slow scale's, and
    /// left once it is no longer below it (layout 8).
    /// </summary>
    /// <remarks>
    /// Without the margin, on errors of one spread the two means crossed back and forth: the fast scale was taken on 2 %
    /// of the rows but 140–180 times in 20,000, its width often more than 20 % off the slow one's for a few rows (an
    /// outside review). Margins 0.02 / 0.05 / 0.1 over the 323 series, MSIS one step 3.742 / 3.746 / 3.746 (3.740
    /// without), six steps 4.810 / 4.812 / 4.810 (4.812).
    /// </remarks>
    public const double FastMargin = 0.02;

    // The window is this fraction of the scored errors (within the bounds above).
    private const double WindowFraction = 0.25;

    // Starting width factors: the 80 % and 95 % quantiles of |e| for a Laplace error, in units of its mean |e|.
    private static readonly double[] LaplaceFactors = [Math.Log(5), Math.Log(20)];

    // Saved-layout marker: layout 2 starts with −2 (layout 1 started with the horizon, ≥ 1) and adds the issued widths.
    // Layout 3 adds, at the end, whether the intervals use the absolute scale alone (true only for intervals read from a
    // layout 1–2 file, which continue as they were), whether every value seen is positive, then per horizon r_h, the two
    // likelihood means and their count.
    // Layout 4 adds, at the end, whether the intervals keep their width over gaps (true only for intervals read from a
    // layout 1–3 file, which continue as they were), then the gap each pending row's forecasts were made after.
    // Layout 5 adds, at the end, whether the intervals choose between the absolute and relative scales alone (true only
    // for intervals read from a layout 1–4 file), then per horizon q_h and its likelihood mean.
    // Layout 6 adds, at the end, whether the width factor's step is γ at every horizon (true only for intervals read from a
    // layout 1–5 file) instead of γ/√h.
    // Layout 7 adds, at the end, whether a miss is judged on the value the forecaster took (cleaned; true only for
    // intervals read from a layout 1–6 file) instead of the value given.
    // Layout 8 adds, at the end, whether the intervals lack the fast absolute scale (true only for intervals read from a
    // layout 1–7 file), then per horizon s′_h, the two absolute scales' likelihood means, their count and whether s′_h is in use.
    // Layout 9 adds, at the end, whether the first error above 0 after errors of exactly 0 (a constant start) is taken
    // as the scales' first (false only for intervals read from a layout 1–8 file, which continue as they were), then per
    // horizon the count the scales' means started from.
    private const int LayoutVersion = 9;

    private readonly int _h;
    private readonly double[] _scale, _factor;   // s_h; c_{h,ℓ}
    private readonly long[] _count;
    private readonly double[] _relative;          // r_h: the mean relative error, same window as s_h
    private readonly double[] _lossAbsolute, _lossRelative;   // running means of ln σ + |e|/σ under each scale
    private readonly double[] _root, _lossRoot;    // q_h: the mean of |e|/√ŷ, same window; the running mean of ln σ + |e|/σ under σ = q_h·√ŷ (layout 5)
    private readonly long[] _compared;             // errors compared under every scale
    private bool _positive = true;                 // every value seen (learning) is > 0
    private bool _absoluteOnly;                    // read from a layout 1–2 file: the absolute scale alone, as it was
    private readonly float[] _pending;            // [slot] final forecasts made at the last H rows until scored (PendingForecasts)
    private readonly float[] _issued;             // [slot][ℓ] the half-widths given with them (NaN: none)
    private readonly int[] _pendingGap;           // [row mod H] rows missing since the last observed value when they were made (layout 4)
    private bool _noGapWidening;                  // read from a layout 1–3 file: no widening over gaps, as it was
    private bool _noRootScale;                    // read from a layout 1–4 file: the absolute and relative scales alone, as it was
    private bool _constantStep;                   // read from a layout 1–5 file: the step γ at every horizon, as it was
    private bool _judgesCleaned;                  // read from a layout 1–6 file: misses judged on the cleaned value, as it was
    private readonly double[] _fast;              // s′_h: the mean absolute error over the last FastWindow (layout 8)
    private readonly double[] _lossSlow, _lossFast;   // running means of ln σ + |e|/σ under s_h and s′_h
    private readonly long[] _fastCompared;        // errors compared under both
    private readonly bool[] _fastInUse;           // the horizon uses s′_h: taken once it is better by FastMargin, left once it is no better
    private bool _noFastScale;                    // read from a layout 1–7 file: no fast scale, as it was
    private bool _forgetsConstantStart = true;    // false: read from a layout 1–8 file, a constant start's zeros kept in the scales, as it was
    private readonly long[] _startedAt;           // [k] the count when the scales started afresh after a constant start (0: from the first)
    private long _rows;

    /// <summary>Intervals for horizons 1..<paramref name="horizon"/>.</summary>
    public ConformalIntervals(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _h = horizon;
        _scale = new double[horizon];
        _factor = new double[horizon * Levels.Count];
        _count = new long[horizon];
        _relative = new double[horizon];
        _lossAbsolute = new double[horizon];
        _lossRelative = new double[horizon];
        _root = new double[horizon];
        _lossRoot = new double[horizon];
        _compared = new long[horizon];
        _fast = new double[horizon]; _lossSlow = new double[horizon]; _lossFast = new double[horizon]; _fastCompared = new long[horizon]; _fastInUse = new bool[horizon];
        _startedAt = new long[horizon];
        _pending = new float[PendingForecasts.Slots(horizon)];
        _issued = new float[PendingForecasts.Slots(horizon) * Levels.Count];
        _pendingGap = new int[horizon];
        Reset();
        for (int k = 0; k < horizon; k++)
            for (int l = 0; l < Levels.Count; l++) _factor[k * Levels.Count + l] = LaplaceFactors[l];
    }

    /// <summary>
    /// Whether a miss is judged on the value given rather than on the value the forecaster took (cleaned, or forgotten as
    /// missing): false only for intervals read from a layout 1–6 file, which continue as they were.
    /// </summary>
    public bool JudgesGivenValues => !_judgesCleaned;

    /// <summary>
    /// Whether the first error above 0 after errors of exactly 0 starts the error scales, their means' counts and the width
    /// factors afresh (layout 9; false only for intervals read from a layout 1–8 file).
    /// </summary>
    /// <remarks>
    /// Why: a series that starts constant (a stuck sensor, a fixed price, zeros before a first sale) gives forecasts that
    /// are exactly right, errors of 0 and intervals of width 0; the first departure's error was then averaged with them, and
    /// the intervals stayed far too narrow for a season (an outside audit: ten values of 100, then noise of standard
    /// deviation 5: the next six rows' 80 % intervals covered 17–30 %, 1.6–3.8 wide against 12–16 without the constant
    /// start). Now that error is the scales' first, their means count from it (after 400 constant rows the next errors
    /// weigh 1/2, 1/3, … as after 10; a review found them weighed 1/100 when only the first was taken afresh), and the
    /// factors start at their Laplace values; the count of scored errors, which gives an interval from the third, is
    /// kept. The 323 series of the sets, coverage unchanged: MSIS 3.740 → 3.739 one step ahead and 4.798 → 4.797 at H = 6
    /// when first measured (the first error alone taken afresh); with the counts and the sixty-fifth pass's lift toward
    /// held spikes, 3.740 and 4.798.
    /// </remarks>
    public bool ForgetsConstantStart => _forgetsConstantStart;

    /// <summary>Row t's value (NaN: missing): scores the forecasts made of it (when <paramref name="learn"/>).</summary>
    public void Observe(double value, bool learn) => Observe(value, value, learn);

    /// <summary>
    /// Row t's value as the forecaster took it, <paramref name="value"/> (cleaned, or a missing value's estimate; NaN:
    /// missing, or a spike forgotten as missing), and as it was given, <paramref name="given"/> (NaN: missing): scores the
    /// forecasts made of it (when <paramref name="learn"/>). Whether each interval held is judged on the value given
    /// (<see cref="JudgesGivenValues"/>; a missing value is no miss and no hit), the error scales learn from the value taken.
    /// </summary>
    public void Observe(double value, double given, bool learn)
    {
        long t = _rows++;
        double judged = _judgesCleaned ? value : given;
        bool judges = double.IsFinite(judged), scaled = double.IsFinite(value);
        if (!learn || !(judges || scaled)) return;
        if (scaled && value <= 0) _positive = false;
        for (int h = 1; h <= _h && t - h >= 0; h++)
        {
            int slot = PendingForecasts.Slot(t - h, h);
            double f = _pending[slot];
            if (!double.IsFinite(f)) continue;
            int k = h - 1;
            double widening = Widening(h, _pendingGap[(int)((t - h) % _h)]);
            double step = StepAt(h);
            double missed = Math.Abs(judged - f);
            for (int l = 0; l < Levels.Count && judges; l++)
            {
                double issued = _issued[slot * Levels.Count + l];
                if (!double.IsFinite(issued)) continue;   // no interval was given with that forecast
                double miss = missed > issued ? 1 : 0;   // the issued width was widened over a gap
                _factor[k * Levels.Count + l] = Math.Max(0, _factor[k * Levels.Count + l] + step * (miss - (1 - Levels[l])));
            }
            if (!scaled) continue;
            double error = Math.Abs(value - f) / widening;   // the scales are those of forecasts made from an observed value
            if (_positive && f > 0 && _scale[k] > 0 && _relative[k] > 0 && _count[k] >= MinimumScored) Compare(k, error, f);
            if (!_noFastScale && _scale[k] > 0 && _fast[k] > 0 && _count[k] >= MinimumScored) CompareFast(k, error);
            // Every error so far exactly 0 (a constant start: a stuck sensor, a fixed price, the zeros before a first sale):
            // they say nothing of the spread that follows, so the first error above 0 starts the scales and the width
            // factors afresh (layout 9; see ForgetsConstantStart).
            if (_forgetsConstantStart && _scale[k] == 0 && error > 0 && _count[k] > 0)
            {
                _startedAt[k] = _count[k];   // the scales' means count from here (the count itself keeps the rows scored)
                for (int l = 0; l < Levels.Count; l++) _factor[k * Levels.Count + l] = LaplaceFactors[l];
            }
            ++_count[k];
            long n = _count[k] - _startedAt[k];
            double window = Math.Clamp(WindowFraction * n, ShortestWindow, LongestWindow);
            double a = Math.Max(1.0 / n, 1.0 / window);
            _scale[k] += a * (error - _scale[k]);
            _fast[k] += Math.Max(1.0 / n, 1.0 / FastWindow) * (error - _fast[k]);
            if (f > 0)
            {
                _relative[k] += a * (Math.Min(error / f, double.MaxValue) - _relative[k]);
                _root[k] += a * (Math.Min(error / Math.Sqrt(f), double.MaxValue) - _root[k]);
            }
        }
    }

    /// <summary>
    /// The width factor's step <paramref name="h"/> (1..H) steps ahead: γ/√h (γ = <see cref="Step"/>; γ at every horizon
    /// for intervals read from a layout 1–5 file).
    /// </summary>
    /// <remarks>
    /// An h-step forecast is scored h rows after its interval was given, so by the time the first miss of a run shows,
    /// h more intervals have been given with the same width, and their misses all move the factor: with γ at every
    /// horizon a run carried it about h·γ·ℓ past its level and back. Hourly temperatures a week ahead (H = 168): the
    /// 168-step factor swung between 0 and 13 (it starts at 1.6), 838 of 8,405 intervals had width 0, and their MSIS was
    /// 9.03 against the seasonal-naive interval's 5.47; with γ/√h 3.43 (coverage 78.6 / 93.7 %). γ/h, the delay's whole
    /// correction, adapts too slowly on short series: over the 323 series at H = 6 the mean distance of each series' 80 %
    /// coverage from 80 grew 4.55 → 5.02 points (γ/√h 4.76), for an MSIS of 4.799 (γ/√h 4.806, γ 4.826).
    /// </remarks>
    public double StepAt(int h) => _constantStep ? Step : Step / Math.Sqrt(h);

    // One more error under every scale, each taken before it: the running mean of the Laplace negative log-likelihood.
    private void Compare(int k, double error, double forecast)
    {
        double absolute = _scale[k], relative = _relative[k] * forecast, root = _root[k] * Math.Sqrt(forecast);
        if (!(relative > 0) || double.IsInfinity(relative) || !(root > 0) || double.IsInfinity(root)) return;
        double byAbsolute = Math.Log(absolute) + error / absolute, byRelative = Math.Log(relative) + error / relative, byRoot = Math.Log(root) + error / root;
        if (!double.IsFinite(byAbsolute) || !double.IsFinite(byRelative) || !double.IsFinite(byRoot)) return;   // a scale near the smallest double
        double a = Math.Max(1.0 / ++_compared[k], 1.0 / LongestWindow);
        _lossAbsolute[k] += a * (byAbsolute - _lossAbsolute[k]);
        _lossRelative[k] += a * (byRelative - _lossRelative[k]);
        _lossRoot[k] += a * (byRoot - _lossRoot[k]);
    }

    // One more error under both absolute scales, each taken before it (layout 8).
    private void CompareFast(int k, double error)
    {
        // Not where an error over a scale near the smallest double is ∞ (1e-310, then 300): the losses stay finite.
        double slow = Math.Log(_scale[k]) + error / _scale[k], fast = Math.Log(_fast[k]) + error / _fast[k];
        if (!double.IsFinite(slow) || !double.IsFinite(fast)) return;
        double a = Math.Max(1.0 / ++_fastCompared[k], 1.0 / LongestWindow);
        _lossSlow[k] += a * (slow - _lossSlow[k]);
        _lossFast[k] += a * (fast - _lossFast[k]);
        if (_fastCompared[k] >= MinimumCompared)
            _fastInUse[k] = _fastInUse[k] ? _lossFast[k] < _lossSlow[k] : _lossFast[k] < _lossSlow[k] - FastMargin;
    }

    // Whether horizon k + 1 uses the fast absolute scale: its scale is the absolute one, and s′_h has described its errors
    // better than s_h (layout 8).
    private bool Fast(int k) => !_noFastScale && _fastInUse[k] && Power(k) == 0;

    /// <summary>
    /// True when the intervals of horizon <paramref name="horizon"/> (1..H) are relative: ŷ ± c·r_h·ŷ, their half-width
    /// (<see cref="HalfWidth(int, int)"/>) a fraction of the forecast; false for ŷ ± c·s_h (the series has not been
    /// positive throughout, or the absolute scale has described its errors at least as well).
    /// </summary>
    public bool IsRelative(int horizon) => ScalePower(horizon) == 1;

    /// <summary>
    /// The power p of the forecast that the half-width of horizon <paramref name="horizon"/> (1..H) grows with:
    /// ŷ ± <see cref="HalfWidth(int, int)"/>·ŷ^p. 0: the absolute scale, c·s_h; ½: c·q_h·√ŷ, errors that grow with the
    /// level's square root; 1: c·r_h·ŷ (<see cref="IsRelative"/>). Always 0 until the series has been positive throughout
    /// and <see cref="MinimumCompared"/> errors have been compared; then the scale whose Laplace likelihood has been best.
    /// </summary>
    public double ScalePower(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return Power(horizon - 1);
    }

    private double Power(int k)
    {
        if (_absoluteOnly || !_positive || _compared[k] < MinimumCompared) return 0;
        double power = _lossRelative[k] < _lossAbsolute[k] ? 1 : 0, best = Math.Min(_lossRelative[k], _lossAbsolute[k]);
        return !_noRootScale && _lossRoot[k] < best ? 0.5 : power;
    }

    /// <summary>
    /// Remembers the final forecasts made at this row (after <see cref="Observe(double, double, bool)"/>), to score them later;
    /// <paramref name="gap"/> rows have been missing since the last observed value (this row's included).
    /// </summary>
    public void Remember(ReadOnlySpan<float> forecast, int gap = 0)
    {
        if (forecast.Length != _h) throw new ArgumentException($"forecast must hold {_h} values.", nameof(forecast));
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (_rows == 0) return;
        int row = (int)((_rows - 1) % _h);
        _pendingGap[row] = gap;
        for (int k = 0; k < _h; k++)
        {
            int slot = PendingForecasts.Slot(_rows - 1, k + 1);
            _pending[slot] = forecast[k];
            for (int l = 0; l < Levels.Count; l++)
                _issued[slot * Levels.Count + l] = (float)(Half(k, l, forecast[k]) * Widening(k + 1, gap));
        }
    }

    /// <summary>
    /// How much wider an h-step interval is when the forecast is made <paramref name="gap"/> rows after the last observed
    /// value: √((h + g)/h), the ratio of a random walk's (h + g)-step and h-step error spreads (1 without a gap). The
    /// forecast pool's outlier bound widens by the same law after missing rows (<see cref="ForecastPool.Clean"/>).
    /// </summary>
    public static double GapWidening(int horizon, int gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        return gap == 0 ? 1 : Math.Sqrt((horizon + (double)gap) / horizon);
    }

    /// <summary>Whether the intervals widen over gaps (<see cref="GapWidening"/>; false for intervals read from a layout 1–3 file).</summary>
    public bool WidensOverGaps => !_noGapWidening;

    private double Widening(int horizon, int gap) => _noGapWidening ? 1 : GapWidening(horizon, gap);

    // c_{h,ℓ} times the scale of horizon k + 1 in use: s_h, q_h (a multiple of √ŷ) or r_h (a fraction of ŷ); NaN while it
    // has too few scored forecasts.
    private double Half(int k, int level)
    {
        if (_count[k] < MinimumScored) return double.NaN;
        double power = Power(k);
        // Nested intervals: a level's factor is at least every lower level's. Each factor learns on its own, and after a
        // streak of errors between the two widths the 80 % factor could pass the 95 % one (a random walk at horizon 12:
        // 249 of 360,000 forecasts over 20 seeds, the 95 % interval up to 12.5 % narrower; an outside audit).
        double factor = 0;
        for (int l = 0; l <= level; l++) factor = Math.Max(factor, _factor[k * Levels.Count + l]);
        return factor * (power == 1 ? _relative[k] : power == 0.5 ? _root[k] : Fast(k) ? _fast[k] : _scale[k]);
    }

    // The half-width around the forecast f of horizon k + 1. A relative or root horizon's multiple of a forecast ≤ 0 (one
    // clipped at 0 on a series ≥ 0) would give no interval: there it is taken of the reference level instead, which
    // gives c_{h,ℓ}·s_h, the absolute scale's half-width.
    private double Half(int k, int level, double f) => ScaledHalfWidth(Half(k, level), f, Reference(k), Power(k));

    /// <summary>
    /// A horizon's half-width in the series' units: <paramref name="fraction"/>·ŷ^p, p the <paramref name="power"/>
    /// (<see cref="ScalePower"/>: 0, ½ or 1) and ŷ the <paramref name="forecast"/>, or the <paramref name="referenceLevel"/>
    /// (<see cref="ReferenceLevel"/>) in its place where the forecast is ≤ 0 (then c_{h,ℓ}·s_h). The one rule for the C#
    /// forecaster and an exported graph's intervals.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="power"/> is not 0, ½ or 1.</exception>
    public static double ScaledHalfWidth(double fraction, double forecast, double referenceLevel, double power)
    {
        if (power == 0) return fraction;
        double level = forecast > 0 ? forecast : referenceLevel;
        return power switch
        {
            1 => fraction * level,
            0.5 => fraction * Math.Sqrt(level),
            _ => throw new ArgumentOutOfRangeException(nameof(power), power, "The scale power is 0, 0.5 or 1."),
        };
    }

    // The level at which the scale in use agrees with the absolute one: s_h / r_h for the relative scale, (s_h / q_h)² for
    // the root scale (0 while r_h or q_h is 0; s_h / r_h for the absolute scale, where it is not used).
    private double Reference(int k)
    {
        if (Power(k) == 0.5) return _root[k] > 0 ? Math.Min(Math.Pow(_scale[k] / _root[k], 2), double.MaxValue) : 0;
        return _relative[k] > 0 ? Math.Min(_scale[k] / _relative[k], double.MaxValue) : 0;
    }

    /// <summary>
    /// The interval of level <see cref="Levels"/>[<paramref name="level"/>] around <paramref name="forecast"/>:
    /// lower and upper bounds per horizon (NaN while a horizon has too few scored forecasts). The half-width is
    /// <see cref="HalfWidth(int, int)"/> times the forecast to the horizon's <see cref="ScalePower"/> (1 on the absolute
    /// scale), with <see cref="ReferenceLevel"/> in the forecast's place where it is ≤ 0 (<see cref="ScaledHalfWidth"/>). Made <paramref name="gap"/> rows after the last observed value, each horizon's half-width is
    /// widened by <see cref="GapWidening"/>.
    /// </summary>
    public void Write(ReadOnlySpan<float> forecast, int level, Span<float> lower, Span<float> upper, int gap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        if (forecast.Length != _h || lower.Length != _h || upper.Length != _h) throw new ArgumentException($"forecast, lower and upper must hold {_h} values.", nameof(forecast));
        for (int k = 0; k < _h; k++)
        {
            double half = Half(k, level, forecast[k]) * Widening(k + 1, gap);
            lower[k] = (float)RunningNormalizer.Saturate(forecast[k] - half);
            upper[k] = (float)RunningNormalizer.Saturate(forecast[k] + half);
            if (double.IsNaN(half)) { lower[k] = float.NaN; upper[k] = float.NaN; }
        }
    }

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => _h;

    /// <summary>Scored forecasts of horizon <paramref name="horizon"/> (1..H) so far.</summary>
    public long Scored(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return _count[horizon - 1];
    }

    /// <summary>
    /// The half-width c_{h,ℓ}·s_h that <see cref="Write"/> subtracts from and adds to the h-step forecast
    /// (<paramref name="horizon"/> 1..H) at level <see cref="Levels"/>[<paramref name="level"/>]; where the horizon
    /// <see cref="IsRelative"/>, c_{h,ℓ}·r_h, the fraction of the forecast that Write subtracts and adds; where its
    /// <see cref="ScalePower"/> is ½, c_{h,ℓ}·q_h, the multiple of the forecast's square root. NaN while the
    /// horizon has fewer than <see cref="MinimumScored"/> scored forecasts.
    /// </summary>
    public double HalfWidth(int horizon, int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return Half(horizon - 1, level);
    }

    // The width factor c_{h,ℓ} (diagnostic, for tests).
    internal double WidthFactor(int horizon, int level) => _factor[(horizon - 1) * Levels.Count + level];

    /// <summary>
    /// The level of horizon <paramref name="horizon"/> (1..H) at which the error scale it uses agrees with the absolute
    /// one: s_h / r_h for the relative scale (also given for the absolute scale, where it is not used), (s_h / q_h)² for
    /// the root scale (<see cref="ScalePower"/> ½); 0 while r_h or q_h is 0. Where the horizon's power is above 0 and its
    /// forecast is ≤ 0 (a forecast clipped at 0 on a series ≥ 0), <see cref="Write"/> takes this level in the forecast's
    /// place: the absolute scale's half-width c_{h,ℓ}·s_h.
    /// </summary>
    public double ReferenceLevel(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, _h);
        return Reference(horizon - 1);
    }

    /// <summary>
    /// The intervals as they are now, one per level, for a frozen model (an ONNX graph): what <see cref="Write"/> gives
    /// while nothing more is learned (<see cref="Observe(double, double, bool)"/> with learn = false leaves them unchanged).
    /// </summary>
    public IReadOnlyList<FrozenInterval> Freeze() =>
        Levels.Select((level, l) => new FrozenInterval(level,
            Enumerable.Range(1, _h).Select(h => (float)HalfWidth(h, l)).ToArray(),
            Enumerable.Range(1, _h).Select(h => (float)ScalePower(h)).ToArray(),
            Enumerable.Range(1, _h).Select(h => (float)Math.Min(ReferenceLevel(h), float.MaxValue)).ToArray())).ToArray();

    /// <summary>Forgets pending forecasts (a new series); the calibration is kept.</summary>
    public void Reset()
    {
        Array.Fill(_pending, float.NaN);
        Array.Fill(_issued, float.NaN);
        Array.Clear(_pendingGap);
        _rows = 0;
    }

    /// <summary>
    /// Forgets pending forecasts and the error scales s_h (the series' scale changed); the width factors, which are in
    /// units of s_h, are kept. The intervals return once each horizon has <see cref="MinimumScored"/> new errors.
    /// </summary>
    public void RestartScale()
    {
        Reset();
        Array.Clear(_scale); Array.Clear(_count); Array.Clear(_startedAt);
        Array.Clear(_fast); Array.Clear(_lossSlow); Array.Clear(_lossFast); Array.Clear(_fastCompared); Array.Clear(_fastInUse);
    }

    /// <summary>
    /// Expresses the error scales s_h and the pending forecasts and widths in units <paramref name="factor"/> times the
    /// old ones (a frozen model's series changed units); the width factors, in units of s_h, and the relative scales r_h
    /// are kept, the root scales q_h multiplied by √factor (the three scales' likelihoods all move by ln factor, so the
    /// choice between them is kept too).
    /// </summary>
    public void Rescale(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be positive and finite.");
        for (int k = 0; k < _h; k++) _scale[k] = Math.Min(_scale[k] * factor, double.MaxValue);
        for (int k = 0; k < _h; k++) { _fast[k] = Math.Min(_fast[k] * factor, double.MaxValue); _lossSlow[k] += Math.Log(factor); _lossFast[k] += Math.Log(factor); }
        for (int k = 0; k < _h; k++) { _lossAbsolute[k] += Math.Log(factor); _lossRelative[k] += Math.Log(factor); _lossRoot[k] += Math.Log(factor); }
        for (int k = 0; k < _h; k++) _root[k] = Math.Min(_root[k] * Math.Sqrt(factor), double.MaxValue);   // |e|/√ŷ
        for (int i = 0; i < _pending.Length; i++) _pending[i] = (float)RunningNormalizer.Saturate(_pending[i] * factor);   // NaN stays NaN
        for (int i = 0; i < _issued.Length; i++) _issued[i] = (float)Math.Min(_issued[i] * factor, float.MaxValue);
    }

    // Bytes a saved state holds at its end for the layouts after `version` (2 or later), for tests that write an older
    // layout by cutting them off: layout 3's flags, relative scales, likelihood means and counts, layout 4's flag and
    // pending rows' gaps, layout 5's flag, root scales and their likelihood means, layout 6's and 7's flags.
    internal int LaterLayoutsLength(int version) =>
        (version < 3 ? 2 + 3 * _h * 8 + _h * 8 : 0) + (version < 4 ? 1 + 4 * _h : 0) + (version < 5 ? 1 + 2 * _h * 8 : 0) + (version < 6 ? 1 : 0) + (version < 7 ? 1 : 0)
        + (version < 8 ? 1 + 3 * _h * 8 + _h * 8 + _h : 0) + (version < 9 ? 1 + _h * 8 : 0);

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter w)
    {
        w.Write(-LayoutVersion); w.Write(_h); w.Write(_rows);
        BinaryRuns.Write<double>(w, _scale); BinaryRuns.Write<double>(w, _factor); BinaryRuns.Write<long>(w, _count);
        PendingForecasts.WriteSquare<float>(w, _pending, 1, _h, _rows, float.NaN);   // [row mod H][h], NaN: none
        PendingForecasts.WriteSquare<float>(w, _issued, Levels.Count, _h, _rows, float.NaN);
        w.Write(_absoluteOnly); w.Write(_positive);   // layout 3
        foreach (var a in new[] { _relative, _lossAbsolute, _lossRelative }) BinaryRuns.Write<double>(w, a);
        BinaryRuns.Write<long>(w, _compared);
        w.Write(_noGapWidening); BinaryRuns.Write<int>(w, _pendingGap);   // layout 4
        w.Write(_noRootScale); BinaryRuns.Write<double>(w, _root); BinaryRuns.Write<double>(w, _lossRoot);   // layout 5
        w.Write(_constantStep);   // layout 6
        w.Write(_judgesCleaned);  // layout 7
        w.Write(_noFastScale);    // layout 8
        foreach (var a in new[] { _fast, _lossSlow, _lossFast }) BinaryRuns.Write<double>(w, a);
        BinaryRuns.Write<long>(w, _fastCompared);
        foreach (bool used in _fastInUse) w.Write(used);
        w.Write(_forgetsConstantStart);   // layout 9
        BinaryRuns.Write<long>(w, _startedAt);
    }

    /// <summary>
    /// Reads what <see cref="Save"/> wrote, for the same horizon, also layout 1 (before the issued widths were kept: the
    /// forecasts pending then are scored without a miss, and the calibration continues).
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int first = r.ReadInt32();
        int version = first < 0 ? -first : 1;
        if (version > LayoutVersion) throw new InvalidDataException($"Stored intervals have layout version {version}, newer than this library reads ({LayoutVersion}).");
        int h = version == 1 ? first : r.ReadInt32();
        if (h != _h) throw new InvalidDataException($"Stored intervals have horizon {h}, expected {_h}.");
        _rows = r.ReadInt64();
        BinaryRuns.Read<double>(r, _scale); BinaryRuns.Read<double>(r, _factor); BinaryRuns.Read<long>(r, _count);
        PendingForecasts.ReadSquare<float>(r, _pending, 1, _h, _rows, float.NaN);   // the saved [row mod H][h]
        var square = PendingForecasts.RentSquare<float>(Levels.Count, _h);   // the saved [row mod H][h][level]
        if (version >= 2) BinaryRuns.Read<float>(r, square);
        else square.AsSpan().Fill(float.NaN);
        foreach (float v in square)
            if (!float.IsNaN(v) && !(v >= 0)) throw new InvalidDataException("Stored issued interval widths are invalid.");
        PendingForecasts.FoldSquare<float>(square, _issued, Levels.Count, _h, _rows, float.NaN);
        PendingForecasts.ReturnSquare(square);
        // Layouts 1–2 had the absolute scale alone: such intervals continue so.
        _absoluteOnly = version < 3 || r.ReadBoolean();
        _positive = version >= 3 && r.ReadBoolean();
        Array.Clear(_relative); Array.Clear(_lossAbsolute); Array.Clear(_lossRelative); Array.Clear(_compared);
        if (version >= 3)
        {
            foreach (var a in new[] { _relative, _lossAbsolute, _lossRelative }) BinaryRuns.Read<double>(r, a);
            BinaryRuns.Read<long>(r, _compared);
        }
        if (_relative.Any(v => !(v >= 0) || !double.IsFinite(v)) || _lossAbsolute.Any(v => !double.IsFinite(v)) || _lossRelative.Any(v => !double.IsFinite(v)) || _compared.Any(c => c < 0))
            throw new InvalidDataException("Stored relative interval statistics are invalid.");
        if (_rows < 0 || _scale.Any(v => !(v >= 0) || !double.IsFinite(v)) || _factor.Any(v => !(v >= 0) || !double.IsFinite(v)) || _count.Any(c => c < 0))
            throw new InvalidDataException("Stored interval statistics are invalid.");
        // Layouts 1–3 gave the same width after a gap: such intervals continue so.
        _noGapWidening = version < 4 || r.ReadBoolean();
        Array.Clear(_pendingGap);
        if (version >= 4)
        {
            BinaryRuns.Read<int>(r, _pendingGap);
            if (_pendingGap.Any(g => g < 0)) throw new InvalidDataException("Stored interval gap counts are invalid.");
        }
        // Layouts 1–4 chose between the absolute and relative scales: such intervals continue so.
        _noRootScale = version < 5 || r.ReadBoolean();
        Array.Clear(_root); Array.Clear(_lossRoot);
        if (version >= 5)
        {
            BinaryRuns.Read<double>(r, _root); BinaryRuns.Read<double>(r, _lossRoot);
            if (_root.Any(v => !(v >= 0) || !double.IsFinite(v)) || _lossRoot.Any(v => !double.IsFinite(v)))
                throw new InvalidDataException("Stored root-scale interval statistics are invalid.");
        }
        // Layouts 1–5 moved the width factors by γ at every horizon: such intervals continue so.
        _constantStep = version < 6 || r.ReadBoolean();
        // Layouts 1–6 judged a miss on the cleaned value: such intervals continue so.
        _judgesCleaned = version < 7 || r.ReadBoolean();
        // Layouts 1–7 had no fast absolute scale: such intervals continue so.
        _noFastScale = version < 8 || r.ReadBoolean();
        Array.Clear(_fast); Array.Clear(_lossSlow); Array.Clear(_lossFast); Array.Clear(_fastCompared); Array.Clear(_fastInUse);
        if (version >= 8)
        {
            foreach (var a in new[] { _fast, _lossSlow, _lossFast }) BinaryRuns.Read<double>(r, a);
            BinaryRuns.Read<long>(r, _fastCompared);
            for (int k = 0; k < _h; k++) _fastInUse[k] = r.ReadBoolean();
            if (_fast.Any(v => !(v >= 0) || !double.IsFinite(v)) || _lossSlow.Any(v => !double.IsFinite(v)) || _lossFast.Any(v => !double.IsFinite(v)) || _fastCompared.Any(c => c < 0))
                throw new InvalidDataException("Stored fast-scale interval statistics are invalid.");
        }
        // Layouts 1–8 kept a constant start's zero errors in the scales: such intervals continue so.
        _forgetsConstantStart = version >= 9 && r.ReadBoolean();
        Array.Clear(_startedAt);
        if (version >= 9) BinaryRuns.Read<long>(r, _startedAt);
        for (int k = 0; k < _h; k++)
            if (_startedAt[k] < 0 || _startedAt[k] > _count[k] || (!_forgetsConstantStart && _startedAt[k] != 0))
                throw new InvalidDataException("Stored interval restart counts are invalid.");
    }
}
