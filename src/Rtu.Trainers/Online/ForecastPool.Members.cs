namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Members (all O(1) per step, also for long seasons): naive; seasonal naive; simple exponential smoothing
/// (α = 0.2); damped-trend Holt (α = 0.3, β = 0.05, φ = 0.9; since layout 9 its state is kept but it is not combined,
/// see below); with a season m &gt; 1 additive Holt–Winters
/// (α = 0.2, β = 0.02, φ = 0.9, γ = 0.2; γ = 0.1 before: 0.2 was better on the development bench, 0.543 → 0.538, and
/// on the held-out set, 0.488 → 0.487) and, while every value seen is positive, multiplicative Holt–Winters (same
/// constants) and the naive forecast of the series adjusted by its additive seasonal states; two autoregressions fitted exactly online by <see cref="RecursiveLeastSquares"/> (λ = 0.995) on the
/// last 3 changes (and the change one season ago) and on the last 3 levels (ARIMA-like: ARI, AR), iterated for h &gt; 1
/// with each step bounded to ±10 mean absolute changes; with a season, a seasonal ARIMA(2,0,0)(0,1,1)_m with drift
/// (<see cref="SeasonalArma"/>; layout 6, in the place of an AR(3) on the seasonal changes y_t − y_{t−m}: development
/// bench 0.5231 → 0.5219, held-out 0.4775 → 0.4768, six steps 0.6307 → 0.6305; added next to it instead, or as
/// (1,0,0): no gain on the held-out set); an autoregression on the levels with its order (1–8)
/// chosen online (<see cref="SelectedAutoregression"/>, layout 6: bench 0.5247 → 0.5231, lynx 0.860 → 0.833, held-out
/// 0.4777 → 0.4775; layout 8: fitted on the whole sample on one frozen scale, its order by AICc, instead of a running
/// scale and the recent one-step error: bench 0.5203 → 0.5184, lynx 0.825 → 0.792, held-out 0.4768 → 0.4765, second
/// held-out 0.4223 → 0.4225; layout 10: without a season, while every value is positive, it forecasts from the same fit on ln y,
/// <see cref="LogScaleAutoregression"/>: bench 0.5177 → 0.5128, lynx 0.776 → 0.658, held-out 0.4759 → 0.4757, second
/// held-out 0.4207 → 0.4203; layout 11: with a season too, on y alone, for series whose season is nominal (prices,
/// rates): bench 0.5128 → 0.5123, held-out 0.4757 → 0.4756, second held-out 0.4203 → 0.4197, six steps 0.6276 → 0.6268
/// and 0.6261 → 0.6271; on ln y there it failed the level-shift tests); with a second, longer season M (<see cref="SecondSeasonOf"/>: a week for hourly or half-hourly data, a year
/// for daily data) the seasonal naive forecast at lag M and a two-season regression (RLS on y_t, y_{t−1}, y_{t+1−m},
/// y_{t+1−M} and <see cref="Harmonics"/> harmonics of the second season, read from a table: O(1) per step for any M);
/// additive and multiplicative Holt–Winters whose α, β, γ, φ are learned online by gradient descent on the one-step
/// squared error (<see cref="LearnedHoltWinters"/>: exact derivatives through the recursion, O(1) per step; they start at
/// the fixed members' constants); and the RTU forecast given by the caller. The other members' smoothing constants are
/// fixed (common defaults, not tuned per series). Adding the learned pair (next to the fixed ones, which they start
/// from) took the one-step geometric-mean MASE from 0.538 to 0.534 on the development bench and from 0.487 to 0.484 on
/// a held-out set of 21 other real series (six steps: 0.637 → 0.626 and 0.665 → 0.660 on the seasonal series); the
/// additive one alone gave 0.536 / 0.485, a learned damped Holt for non-seasonal series 0.537 / 0.486 (dropped).
/// With a season, the Theta method (<see cref="LearnedTheta"/>: simple exponential smoothing with α learned online plus
/// half the least-squares slope on time) on the series adjusted by the fixed Holt–Winters seasonal states (ratios while
/// every value is positive, else differences), reseasonalised: bench 0.5342 → 0.5321, held-out (the 11 series whose
/// peers had been computed) 0.3598 → 0.3581; with the early-forecast rule below, on all 21 held-out series
/// 0.484 → 0.482 (six steps 0.660 → 0.648). Tried, not kept: Theta on non-seasonal series too (bench 0.5330:
/// there it repeats SES and damped Holt), adjusted by the learned Holt–Winters states (0.5332 / 0.3032 on 8 series,
/// 0.5330 / 0.3023 with the fixed ones), α fixed at 0.3 (0.5326 / 0.3031), a line fit forgetting with weight 0.02
/// (0.5330 / 0.3583 on 11).</para>
/// <para>Moving-average members (layout 5): an ARIMA(1,1,1) with drift on the changes (<see cref="OnlineArma"/>:
/// extended least squares with its own past residuals as regressors, λ = 0.995) and, with a season, the airline model
/// ARIMA(0,1,1)(0,1,1)_m on log y while every value is positive (<see cref="LearnedAirline"/>: θ, Θ learned online by
/// the exact gradient, from Box and Jenkins' −0.4, −0.6). One step, development bench 0.5321 → 0.5247 (WWWusage
/// 0.641 → 0.569), held-out 21 series 0.4824 → 0.4779; six steps (seasonal series) 0.606 → 0.589 and 0.648 → 0.631.
/// Tried, not kept: ARMA orders (2,1), (2,2), (1,2), (0,1) (bench 0.5287–0.5301 against 0.5264 for (1,1)), an
/// ARMA(2,1) on the levels (bench 0.5249 → 0.5240, held-out 0.4779 → 0.4779, six steps 0.631 → 0.634) and the airline
/// model on y itself (bench, next to the log one, 0.5247 → 0.5249).
/// With a season and a learner given (<see cref="ForecastPool(int, int, int, RtuForecasterSettings?)"/>; opt-in,
/// <see cref="RtuForecasterSettings.SeasonalRatioMember"/>), an ES-RNN-style RTU member (<see cref="SeasonalRatioRtu"/>): a second RTU that learns the
/// series de-seasonalised and divided by the level of the learned Holt–Winters member (multiplicative while every value
/// is positive, else additive): one step, bench 0.5320 → 0.5302, held-out (21) 0.4824 → 0.4818; six steps, seasonal
/// series, held-out 0.6480 → 0.6477; a second RTU step per row on seasonal series (+60 %). Next to the ARIMA and
/// airline members it no longer helps on both sets (bench 0.5247 → 0.5239, held-out 0.4777 → 0.4777, six steps
/// 0.6307 → 0.6311), so it is off by default.</para>
/// <para>Layout 14 (sixteenth pass): with a season, a d = 2 member, Holt's linear trend (an ARIMA(0,2,2)) with α, β
/// chosen by the whole-sample squared error over a grid (<see cref="FittedLinearTrend"/>), combined only while
/// auto.arima's KPSS tests say the changes are not stationary (<see cref="KpssDifferencing"/>,
/// <see cref="DifferencingOrder"/>); it is scored at every row. Added to every pool, its selection noise cost the
/// development bench (replay 0.5122 → 0.5131); behind the tests, one step (unrounded) bench 0.5122 → 0.5119, held-out
/// 0.4755 → 0.4754, second held-out 0.4199 → 0.4197, third held-out 0.5742 → 0.5733 (us_employment_construction 0.0577 →
/// 0.0553); six steps, seasonal series, held-out 0.6268 → 0.6272, second 0.6249 → 0.6233, third 0.7266 → 0.7229. Without a
/// season (yearly and undated series) it made every series where the tests opened worse (six steps, bench 0.7453 →
/// 0.7469), so such pools have none. A pool read from a layout 1–13 file continues without it.</para>
/// <para>Layout 15 (seventeenth pass): the M3/M4 workhorses for the short yearly and quarterly series where the pool's
/// lead was smallest. Without a season, simple exponential smoothing with drift (an ARIMA(0,1,1) with drift, the Theta
/// method with its drift fitted), α and the drift fitted on the whole sample (<see cref="FittedDriftSmoothing"/>); with
/// a quarterly season (<see cref="HasFittedDampedTrend"/>), the damped trend with α, β, φ fitted on the whole sample
/// (<see cref="FittedDampedTrend"/>) on the series adjusted by classical-decomposition indices
/// (<see cref="ClassicalSeasonalIndices"/>), reseasonalised. Both are combined as every member is. One step, the
/// scripts' columns: bench 0.5107 → 0.5102, held-out 0.4756 → 0.4752, second held-out 0.4203 → 0.4196, third held-out
/// 0.5726 → 0.5715; in monthly pools the damped trend lost the third set (replay 0.5725 → 0.5733). A pool read from a
/// layout 1–14 file continues without them.</para>
/// <para>Layout 23 (forty-seventh pass): the fitted damped trend in every short-season pool, not only quarterly ones: on y
/// itself without a season (ETS(A,Ad,N), the M3 yearly workhorse), on the classically adjusted series with a season of 5,
/// 7 or 12, as with 4 (<see cref="HasFittedDampedTrend"/>). Screened before the priors (seventeenth pass) it lost: in
/// monthly pools its selection noise cost the third set; with the member priors fitted again for it (every set held out
/// of the fit in turn, scripts/candidate_prior_screen.py) it earns a prior of +16/24 without a season and +15/24 with one. In the app,
/// the priors fitted on the other eleven sets, each set in turn: 0.4892 → 0.4883 over the 323 series (eight sets better,
/// three worse: the bench +0.3 %), without a season 0.7933 → 0.7913, with one 0.4000 → 0.3994; six steps (seasonal
/// series, no priors there) 0.7207 → 0.7189. A pool read from a layout 1–22 file continues without it (and with
/// layout 22's priors), as it was.</para>
/// <para>Layout 24 (forty-eighth pass): with a season, the M4 Comb on y itself (<see cref="FittedComb"/>: the equal mean of
/// SES, Holt's linear trend and the damped trend, each grid-fitted on the whole sample), in the slot the damped Holt left
/// at layout 9 (member 3; a pool read from a layout 1–8 file still combines the damped Holt there). Many series with a
/// season by their timestamps have none in their values (monthly prices and rates, quarterly macro series), and there
/// the M3/M4 trend combination is what the seasonal members are not. Screened with the member priors fitted again for it
/// (scripts/candidate_prior_screen.py, each set held out of the fit in turn): over the 323 series 0.4890 → 0.4885, with a
/// season 0.4000 → 0.3994, eight sets better and four worse; in the app, the priors fitted on the other eleven sets, each
/// set in turn, 0.4883 → 0.4878 (with a season 0.3994 → 0.3988; seven sets better, four worse), six steps ahead (no priors
/// there) 0.7189 → 0.7179 over the 228 seasonal series. It costs a monthly stream 7,264 B and, on this machine, 2.92–3.23 → 3.30–3.35 µs
/// a row (the three grids; Rtu.Engine.Benchmarks components, treering given a season of 12). A pool read from a layout 1–23 file continues without it (and with layout 23's priors), as it was.</para>
/// <para>Layout 25 (fiftieth pass): the Comb's Holt fit is the d = 2 member's (<see cref="FittedLinearTrend"/>, the same
/// grid on the same values), no longer a copy of its own: the same forecasts bit for bit over the 323 series, 944 B less
/// a monthly stream (51,160 → 50,216 B) and 721 B less in its saved form. A layout-24 file's copy is read and dropped.</para>
/// <para>Layout 26 (fifty-ninth pass): with a season and a second season, the seasonal ARIMA(2,0,0)(0,1,1) with drift at
/// the second season too (<see cref="SecondSeasonalArima"/>, a second <see cref="SeasonalArma"/>, in the fitted drift's
/// slot, which a pool with a season leaves empty). Half-hourly and hourly data with a
/// weekly pattern (electricity load, commits) were modelled at the week by two members only, the week's naive and a
/// regression on the week's lag and four of its harmonics, which cannot draw a weekday's shape against a weekend's: on
/// Taylor's half-hourly load (four weeks) the pool run with the week as its only season was 19 % better one step ahead
/// over the second half than the default of a day and a week, and an outside audit found the default's 48-step forecasts
/// 1.85 times the weekly seasonal naive's error. Its members at the week (a replay of that pool's dump beside the
/// default's): the seasonal ARIMA alone, added, takes Taylor's one-step MASE 0.0866 → 0.0762 and the hourly GitHub
/// commits' 0.7611 → 0.7562, as much as the whole weekly pool added (0.0774, 0.7564); Seattle's hourly normals and the
/// daily series with a yearly second season move by at most 0.1 %. O(1) a row, two rings of the second season.
/// Pools without a second season are unchanged (the slot stays empty with a season and holds the fitted drift without
/// one; a pool without a season has no member at a second season). A pool read from a layout 1–25 file continues
/// without it, as it was.</para>
/// <para>Layout 30 (sixty-second pass): without a season, the median of the last 25 values (<see
/// cref="RollingMedian"/>) in the Comb's slot (member 3), which pools without a season had left empty since layout 9.
/// Every other member there follows the values through a mean, so on series of rare large events (yearly disaster
/// deaths, sea-level maxima, counts with bursts) a burst the clean takes as data pulls them all up for years; the
/// median stays at the series' typical value. With the priors without a season fitted again for it (it takes +10/24),
/// each set held out of the fit in turn and run in the app: 0.4873 → 0.4868 over the 323 series (0.48725 → 0.48681),
/// without a season 0.7914 → 0.7891 (disasters_all_deaths −11.5 %, disasters_volcanic_deaths −6.4 %; measles_US_yearly
/// +6.3 %, lynx +2.6 %), seven sets better and five worse (the bench 0.5100 → 0.5113). Pools with a season do not
/// change. A pool read from a layout 1–29 file continues without it (and with layout 29's priors), as it was.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Member indices.</summary>
    private const int Naive = 0, SeasonalNaive = 1, Ses = 2, Damped = 3, AdditiveHw = 4, MultiplicativeHw = 5, Ari = 6, SeasonalArima = 7, Ar = 8, AdjustedNaive = 9,
        SecondSeasonalNaive = 10, TwoSeason = 11, LearnedAdditiveHw = 12, LearnedMultiplicativeHw = 13, Theta = 14, Arma = 15, Airline = 16, SeasonalRatio = 17, SelectedAr = 18,
        LinearTrend = 19, DriftSmoothing = 20, AdjustedDamped = 21, Model = 22;

    // The fitted drift's slot, empty in every pool with a season, holds there the seasonal ARIMA at the second season
    // (layout 26), as the damped Holt's holds the Comb.
    private const int SecondSeasonalArima = DriftSmoothing;

    // The slot the damped Holt left when it stopped being combined (layout 9) holds, with a season, the M4 Comb (layout 24):
    // a pool read from a layout 1–8 file combines the damped Holt there, as it did.
    private const int Comb = Damped;

    // Without a season that slot holds the rolling median of the last 25 values (layout 30; RollingMedian).
    private const int RollingMedianMember = Damped;

    /// <summary>Number of members, the RTU forecast last.</summary>
    public const int MemberCount = 23;

    /// <summary>
    /// Whether a pool of season <paramref name="seasonLength"/> holds the fitted damped trend (member "damped trend"): on y
    /// itself without a season (layout 23), on the classically adjusted series with a season of 4 (layout 15) or of 5, 7
    /// or 12 (layout 23). Longer seasons have none: their classical indices cost O(m) per step and need many seasons.
    /// </summary>
    public static bool HasFittedDampedTrend(int seasonLength) => seasonLength is <= 1 or 4 or 5 or 7 or 12;

    /// <summary>Harmonics of the second season in the two-season regression.</summary>
    public const int Harmonics = 4;

    private const int ArLags = 3;
    private const int SeasonalArmaP = 2;      // ARIMA(2,0,0)(0,1,1)_m with drift: (1,0,0) was worse on both sets, (1,0,1) on the bench
    private const int SelectedArOrders = 8;   // AR(1) … AR(8) on the levels (12, without a season: bench 0.5228, held-out no gain)
    private const int ArmaP = 1, ArmaQ = 1;   // ARIMA(1,1,1): (2,1), (2,2), (1,2), (0,1) were worse on the development bench
    private const double AirlineTheta = -0.4, AirlineSeasonalTheta = -0.6;   // Box and Jenkins' airline-passenger estimates
    private const double StepBound = 10;   // an autoregression's forecast step, in mean absolute changes: iterated forecasts cannot explode
    private const double ArForgetting = 0.995, ArPrior = 10;
    // The order-selected AR fits the whole sample, as auto.arima does (0.995 in layouts 6–7; 0.995 with the frozen scale
    // and AICc: bench 0.5194, second held-out 0.4226, against 0.5187 / 0.4225 with 1).
    private const double SelectedArForgetting = 1;
    /// <summary>The order-selected autoregressions' prior variance per weight (on y and on ln y).</summary>
    // A ridge of 1/prior on the standardised lags. A cycle's lags are nearly collinear (a seismogram's AR(8) design:
    // smallest eigenvalue of XᵀX 0.03 over 600 rows), so this ridge holds the fit away from least squares in the
    // directions that carry the cycle: kobe_seismogram's one-step MASE 0.252, 0.173 at prior 10⁴ (auto.arima's
    // ARIMA(3,0,5) 0.167), the other 121 series of the six sets within ±2.2 % each, 0.4585 → 0.4572 over all 122. Kept at
    // 10 for what the ridge buys: the fit's coefficients have an absolute sum of 9–11 here, 36 at 10⁴, so a value the pool
    // substitutes (a missing row filled, a spike cleaned) moves its forecasts four times as far; learning, the pool
    // recovers, but frozen (serving) each put-off forecast got the next value cleaned in turn, and one spike of 100
    // standard deviations cost the rest of the seismogram's MAE ×62 (priors 100 and 1000: ×21 and ×20; a rule that took
    // values as they came for 16 rows after a substitution stopped it, +18.5 %, but let a frozen count series take a
    // later burst as it came, ×19.5; in its first form a frozen change of units drifted). NOTEBOOK, thirtieth pass.
    public const double SelectedArPrior = ArPrior;
    private const double ThetaAlpha = 0.3, SesAlpha = 0.2, HoltAlpha = 0.3, HoltBeta = 0.05, Phi = 0.9, HwAlpha = 0.2, HwBeta = 0.02, HwGamma = 0.2;

    private SelectedAutoregression NewSelectedAr() => new(SelectedArOrders, _h, SelectedArForgetting, SelectedArPrior);

    // The seasonal ARIMA at the second season (layout 26), robust as the pool's other least-squares fits; its error scale
    // is saved with it, not in layout 20's section (LeastSquaresFits), whose length a layout 20–25 file fixes.
    private SeasonalArma NewSecondSeasonalArma()
    {
        var model = new SeasonalArma(_m2, SeasonalArmaP, 0, _h, ArForgetting, ArPrior);
        model.Fit.Robust = true;
        return model;
    }

    private LogScaleAutoregression NewLogAr() => new(SelectedArOrders, _h, SelectedArForgetting, SelectedArPrior);

    // The order-selected AR as layouts 6–7 had it (running standardisation, order by recent error), to continue their files exactly.
    private SelectedAutoregression EarlierSelectedAr() => new(SelectedArOrders, _h, ArForgetting, ArPrior, wholeSample: false);

    // The members' least-squares fits that are robust (layout 20), in a fixed order (the saved error scales follow it): the
    // AR(3) on changes, the two-season regression, the ARIMA(1,1,1), the seasonal ARIMA, the order-selected ARs on y and on
    // ln y. Not the AR(3) on levels: fitted with forgetting, it is the member that follows a new pattern first, and robust
    // it kept forecasting without a season's new swing (ForecastPoolSeasonRepeatTests: a third December 106 for 198, the
    // second having been taken as data) while gaining nothing (all 139 series 0.4677 with it, 0.4676 without).
    private IEnumerable<RecursiveLeastSquares> LeastSquaresFits()
    {
        yield return _ari; yield return _two; yield return _arma.Fit;
        if (_seasonalArma is not null) yield return _seasonalArma.Fit;
        if (_selectedAr is not null) foreach (var fit in _selectedAr.Fits) yield return fit;
        if (_logAr is not null) foreach (var fit in _logAr.Fit.Fits) yield return fit;
    }

    // Robust fits (layout 20; RecursiveLeastSquares.Robust): a value the pool takes as data though it lies far from a fit
    // moves that fit as an error of twice its mean absolute error would. One step, all 139 series of the development sets
    // 0.4688 → 0.4676 (every set gains: bench 0.5097 → 0.5095, held-out 0.4754 → 0.4748, second 0.4177 → 0.4159, third
    // 0.5629 → 0.5613, fourth 0.3790 → 0.3766, fifth 0.4220 → 0.4217, sixth 0.5524 → 0.5516).
    private void ApplyRobustFits()
    {
        foreach (var fit in LeastSquaresFits()) fit.Robust = _robustFits;
    }

    // Every least-squares fit of the pool, the plain ones too (internal for tests).
    internal IEnumerable<RecursiveLeastSquares> EveryLeastSquaresFit()
    {
        foreach (var fit in LeastSquaresFits()) yield return fit;
        yield return _ar;
        if (_secondSeasonalArma is not null) yield return _secondSeasonalArma.Fit;
    }

    /// <summary>
    /// Whether the least-squares fits keep their covariance symmetric and its variances bounded (layout 39,
    /// <see cref="RecursiveLeastSquares.Conditioned"/>): a long stream's autoregressions no longer go back to their priors
    /// every few thousand rows. False only for a pool read from a layout 1–38 file, until its series starts afresh.
    /// </summary>
    public bool ConditionsFits => _conditionsFits;

    // Tests: the fits and runs of outliers as layouts 1–38 left them.
    internal void UseRulesOfLayout38() { _conditionsFits = false; ApplyFitConditioning(); _defersImpreciseRuns = false; UseRulesOfLayout39(); }

    // Tests: a frozen pool's gross runs (and alternating bursts) as layouts 1–39 left them.
    internal void UseRulesOfLayout39() { _defersGrossRunsWhenFrozen = false; UseRulesOfLayout40(); }

    private void ApplyFitConditioning()
    {
        foreach (var fit in EveryLeastSquaresFit()) fit.Conditioned = _conditionsFits;
    }

    // A series started afresh gets the current kind, also in a pool read from an older file (with a season: the member).
    private void ResetSelectedAr()
    {
        if (_selectedAr is null or { WholeSample: false }) _selectedAr = NewSelectedAr();
        else _selectedAr.Reset();
        if (_m <= 1) (_logAr ??= NewLogAr()).Reset();
    }

    /// <summary>
    /// The differencing order auto.arima's KPSS tests choose on the values seen so far (<see cref="KpssDifferencing"/>):
    /// the d = 2 member (Holt's linear trend, <see cref="FittedLinearTrend"/>) is combined while it is 2; −1 for a pool
    /// without a season or read from a layout 1–13 file, which have no such member.
    /// </summary>
    public int DifferencingOrder => _differencing?.Order ?? -1;

    /// <summary>
    /// Whether the order-selected AR (without a season) forecasts from its fit on ln y now: every value so far positive,
    /// in a pool not read from a layout 1–9 file (those continue with the fit on y alone).
    /// </summary>
    public bool SelectedArOnLogScale => _logAr is { Active: true };

    /// <summary>The second season (0: none).</summary>
    public int SecondSeason => _m2;

    /// <summary>
    /// The second, longer season the pool models next to season <paramref name="seasonLength"/>, as the timestamps'
    /// step implies it (<c>SeriesTimeStep</c>: hourly 24, half-hourly 48, daily 7): a week of hours (168) or of half
    /// hours (336), a year of days (365); 0 (none) for any other season.
    /// </summary>
    public static int SecondSeasonOf(int seasonLength) => seasonLength switch { 24 => 168, 48 => 336, 7 => 365, _ => 0 };

    // Inputs of the two-season regression: [1, y_τ, y_{τ−1}, y_{τ+1−m}, y_{τ+1−M}] standardised, then the harmonics of
    // the second season at τ + 1.
    private const int TwoSeasonSize = 5 + 2 * Harmonics;

    /// <summary>Member names, in the order of <see cref="RecentSquaredError"/>.</summary>
    public static IReadOnlyList<string> MemberNames { get; } =
        ["naive", "seasonal naive", "SES", "M4 Comb (fitted, with a season; without one: rolling median; damped Holt in layouts 1-8)", "additive Holt-Winters", "multiplicative Holt-Winters", "ARI (changes)", "seasonal ARIMA (MA, drift)", "AR (levels)", "seasonally adjusted naive",
         "second-season naive", "two-season regression", "learned additive Holt-Winters", "learned multiplicative Holt-Winters", "Theta", "ARIMA (changes, MA)", "airline (log)", "seasonal-ratio RTU",
         "AR (levels, order chosen)", "linear trend (d = 2, KPSS)", "SES with drift (fitted, without a season; with one and a second season: seasonal ARIMA at the second season)", "damped trend (fitted, seasonally adjusted with a season)", "RTU"];

    // _first[at] = value, keeping the count of missing positions (so the readiness check is O(1) per step).
    private void SetFirst(int at, double value)
    {
        _firstMissing += (double.IsNaN(value) ? 1 : 0) - (double.IsNaN(_first[at]) ? 1 : 0);
        _first[at] = value;
    }

    private void UpdateSeasonal(double value, long t, long n, bool fit, bool learn)
    {
        int at = (int)(t % _m);
        if (!_seasonReady)
        {
            // The last m values by position in the season (NaN: missing); initialise once a whole season is observed.
            SetFirst(at, value);
            if (n < _m || _firstMissing > 0) return;
            // level = the season's mean, seasonal states = deviations / ratios.
            double mean = 0;
            for (int i = 0; i < _m; i++) mean += _first[i];
            mean /= _m;
            for (int i = 0; i < _m; i++) { _seasonAdd[i] = _first[i] - mean; _seasonMul[i] = mean > 0 ? _first[i] / mean : 1; }
            _hwLevelA = _hwLevelM = mean; _hwTrendA = _hwTrendM = 0;
            _learnedA.Initialise(mean, _seasonAdd);
            _learnedM.Initialise(mean, _seasonMul);
            _seasonReady = true;
            return;
        }
        // Theta sees the series adjusted by the seasonal states it was forecast with (ratios while every value is positive).
        double adjusted = _positive && _seasonMul[at] > 0 ? value / _seasonMul[at] : value - _seasonAdd[at];
        // The seasonal-ratio RTU reads the learned Holt–Winters that applies: the state y_t was forecast with, then the new level.
        bool ratioMultiplicative = _positive && _learnedM.SeasonAt(at) > 0 && _learnedM.Level > 0;
        double ratioSeason = ratioMultiplicative ? _learnedM.SeasonAt(at) : _learnedA.SeasonAt(at);
        _learnedA.Update(value, at, fit && !_unusual);
        // Additive: ℓ ← α(y − s) + (1−α)(ℓ + φb); b ← β(ℓ − ℓ_prev) + (1−β)φb; s ← γ(y − ℓ) + (1−γ)s.
        double predicted = _hwLevelA + Phi * _hwTrendA;
        double level = HwAlpha * (value - _seasonAdd[at]) + (1 - HwAlpha) * predicted;
        _hwTrendA = HwBeta * (level - _hwLevelA) + (1 - HwBeta) * Phi * _hwTrendA;
        _hwLevelA = level;
        _seasonAdd[at] = HwGamma * (value - level) + (1 - HwGamma) * _seasonAdd[at];
        if (_positive && _learnedM.SeasonAt(at) > 0 && _learnedM.Level > 0) _learnedM.Update(value, at, fit && !_unusual);
        if (_positive && _seasonMul[at] > 0)
        {
            predicted = _hwLevelM + Phi * _hwTrendM;
            level = HwAlpha * (value / _seasonMul[at]) + (1 - HwAlpha) * predicted;
            _hwTrendM = HwBeta * (level - _hwLevelM) + (1 - HwBeta) * Phi * _hwTrendM;
            _hwLevelM = level;
            if (level > 0) _seasonMul[at] = HwGamma * (value / level) + (1 - HwGamma) * _seasonMul[at];
        }
        _theta.Update(adjusted, t, fit && !_unusual);
        _ratio?.Observe(value, ratioSeason, ratioMultiplicative ? _learnedM.Level : _learnedA.Level, ratioMultiplicative, learn);
    }

    private void Push(double value)
    {
        _history[_head] = value;   // overwrites the oldest: O(1) per step whatever the season length
        _head = (_head + 1) % _history.Length;
    }

    // The sequence the autoregressions read: index i < L is the history (0 the oldest, L − 1 = y_t), L + k the path.
    private double E(int i) => i < _history.Length ? _history[(_head + i) % _history.Length] : _path[i - _history.Length];

    // The autoregressions learn d_t (ARI: changes) and D_t = y_t − y_{t−m} (SARI: seasonal changes) from the inputs
    // they had at row t − 1, then y_t joins the history.
    private void UpdateAutoregressions(double value)
    {
        int l = _history.Length;   // y_t is not in the history yet: E(l − 1) = y_{t−1}
        double previous = E(l - 1);
        if (double.IsFinite(previous))
        {
            double d = value - previous;
            long k = ++_changeCount;
            _changeScale += Math.Max(1.0 / k, 1.0 / 200) * (Math.Abs(d) - _changeScale);
        }
        double s = ChangeScale;
        if (LevelInputs(l - 1, _x)) _ar.Update(_x.AsSpan(0, _ar.Size), (value - _levelMean) / LevelScale);
        if (_m2 > 0 && TwoSeasonInputs(l - 1, _rows - 1, _x)) _two.Update(_x, (value - _levelMean) / LevelScale);
        double a = Math.Max(1.0 / _observed, 1.0 / 200);
        _levelMean += a * (RunningNormalizer.Saturate(value) - _levelMean);
        _levelSquare += a * ((value - _levelMean) * (value - _levelMean) - _levelSquare);
        if (ChangeInputs(l - 1, s, _x) && double.IsFinite(previous)) _ari.Update(_x.AsSpan(0, _ari.Size), (value - previous) / s);
        Push(value);
    }

    // Inputs for predicting d_{τ+1} from values up to index τ of e: [1, d_τ, d_{τ−1}, d_{τ−2}, d_{τ+1−m}] / s.
    private bool ChangeInputs(int tau, double s, double[] x)
    {
        x[0] = 1;
        for (int k = 0; k < ArLags; k++) x[k + 1] = (E(tau - k) - E(tau - k - 1)) / s;
        if (_m > 1) x[ArLags + 1] = (E(tau + 1 - _m) - E(tau - _m)) / s;
        for (int i = 0; i < _ari.Size; i++) if (!double.IsFinite(x[i])) return false;
        return true;
    }

    private double LevelScale => SeriesScale.OrOne(Math.Sqrt(_levelSquare), _levelMean);

    // The autoregression on changes' scale: their mean absolute size (1 while none is seen, or below the units' floor).
    private double ChangeScale => SeriesScale.OrOne(_changeScale, Math.Abs(_levelMean) + Math.Sqrt(_levelSquare));

    // Inputs for predicting y_{τ+1} − μ: [1, (y_τ − μ)/σ, (y_{τ−1} − μ)/σ, (y_{τ−2} − μ)/σ].
    private bool LevelInputs(int tau, double[] x)
    {
        x[0] = 1;
        double sigma = LevelScale;
        for (int k = 0; k < ArLags; k++) x[k + 1] = (E(tau - k) - _levelMean) / sigma;
        for (int i = 0; i < _ar.Size; i++) if (!double.IsFinite(x[i])) return false;
        return true;
    }

    // Inputs for predicting y_{τ+1} − μ of row `target` (= τ + 1): [1, y_τ, y_{τ−1}, y_{τ+1−m}, y_{τ+1−M}] − μ over σ, and
    // the cosines and sines of the second season's first Harmonics harmonics at the target's phase (a table lookup).
    private bool TwoSeasonInputs(int tau, long target, double[] x)
    {
        double sigma = LevelScale;
        x[0] = 1;
        x[1] = (E(tau) - _levelMean) / sigma;
        x[2] = (E(tau - 1) - _levelMean) / sigma;
        x[3] = (E(tau + 1 - _m) - _levelMean) / sigma;   // y_τ without a season: still a valid input
        x[4] = (E(tau + 1 - _m2) - _levelMean) / sigma;
        _fourier.AsSpan((int)(target % _m2) * 2 * Harmonics, 2 * Harmonics).CopyTo(x.AsSpan(5));
        for (int i = 0; i < 5; i++) if (!double.IsFinite(x[i])) return false;
        return true;
    }

    // Both autoregressions' paths ŷ_{t+1} … ŷ_{t+H}, each step fed its own forecasts (NaN where the inputs are unknown).
    private void ComputePaths()
    {
        int l = _history.Length;
        double s = ChangeScale;
        bool ready = _observed > ArLags + _m + 2;
        for (int k = 0; k < _h; k++)
        {
            int tau = l - 1 + k;
            _path[k] = ready && ChangeInputs(tau, s, _x) ? E(tau) + s * Math.Clamp(_ari.Predict(_x.AsSpan(0, _ari.Size)), -StepBound, StepBound) : double.NaN;
        }
        _path.CopyTo(_ariPath, 0);
        for (int k = 0; k < _h; k++)
        {
            int tau = l - 1 + k;
            _path[k] = ready && LevelInputs(tau, _x) ? _levelMean + LevelScale * Math.Clamp(_ar.Predict(_x.AsSpan(0, _ar.Size)), -StepBound, StepBound) : double.NaN;
        }
        _path.CopyTo(_arPath, 0);
        if (_m2 > 0)
        {
            bool twoReady = _observed > _m2 + 2;
            for (int k = 0; k < _h; k++)
            {
                int tau = l - 1 + k;
                _path[k] = twoReady && TwoSeasonInputs(tau, _rows + k, _x) ? _levelMean + LevelScale * Math.Clamp(_two.Predict(_x), -StepBound, StepBound) : double.NaN;
            }
            _path.CopyTo(_twoPath, 0);
        }
        else Array.Fill(_twoPath, double.NaN);
    }

    // Every member's forecast of y_{t+h} (NaN where it has none yet).
    private void Members(int h, double damp, double model, Span<double> f)
    {
        f.Fill(double.NaN);
        f[Model] = model;
        if (double.IsNaN(_last)) return;
        f[Naive] = _last;
        f[Ses] = _ses;
        f[Ari] = _ariPath[h - 1];
        f[SeasonalArima] = _seasonalArmaPath[h - 1];
        f[Ar] = _arPath[h - 1];
        if (_earlierCombination) f[Damped] = _holtLevel + damp * _holtTrend;
        else if (_median is not null) f[RollingMedianMember] = _median.Forecast();
        else f[Comb] = _combPath[h - 1];
        f[TwoSeason] = _twoPath[h - 1];
        f[Arma] = _armaPath[h - 1];
        f[Airline] = _airlinePath[h - 1];
        f[SelectedAr] = _selectedArPath[h - 1];
        f[LinearTrend] = _linearTrendPath[h - 1];
        f[DriftSmoothing] = _driftPath[h - 1];
        if (_secondSeasonalArma is not null) f[SecondSeasonalArima] = _secondSeasonalArmaPath[h - 1];
        f[AdjustedDamped] = _adjustedDampedPath[h - 1];
        if (_m2 > 0) f[SecondSeasonalNaive] = E(_history.Length - 1 - (_m2 * ((h + _m2 - 1) / _m2) - h));
        if (_m <= 1) return;
        long row = _rows - 1 - (_m * ((h + _m - 1) / _m) - h);
        if (row >= 0) f[SeasonalNaive] = _levels[(int)(row % _m)];
        if (!_seasonReady) return;
        int at = (int)((_rows - 1 + h) % _m);
        f[AdditiveHw] = _hwLevelA + damp * _hwTrendA + _seasonAdd[at];
        f[LearnedAdditiveHw] = _learnedA.Forecast(h, at);
        // The naive forecast of the seasonally adjusted series (a random walk plus a season), re-seasonalised.
        f[AdjustedNaive] = _last - _seasonAdd[(int)((_rows - 1) % _m)] + _seasonAdd[at];
        if (_positive) f[MultiplicativeHw] = (_hwLevelM + damp * _hwTrendM) * _seasonMul[at];
        if (_positive) f[LearnedMultiplicativeHw] = _learnedM.Forecast(h, at);
        if (_ratio is not null)
        {
            var hw = _ratio.Multiplicative ? _learnedM : _learnedA;
            double sAt = hw.SeasonAt(at);
            // The h-th ratio refers to the level h − 1 steps on: the smoothing's ℓ + (φ + … + φ^{h−1})·b, its forecast
            // without the season (h = 1: the level itself).
            double ahead = h == 1 ? double.NaN : _ratio.Multiplicative ? hw.Forecast(h - 1, at) / sAt : hw.Forecast(h - 1, at) - sAt;
            f[SeasonalRatio] = _ratio.Forecast(h, sAt, ahead);
        }
        if (_theta.Count > 0) f[Theta] = _positive ? _theta.Forecast(h) * _seasonMul[at] : _theta.Forecast(h) + _seasonAdd[at];
    }
}
