namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Member priors (layout 21; forty-fifth pass of samples/Rtu.Forecasting/NOTEBOOK.md): one step ahead, each
/// member's combination weight is multiplied by a constant e^{b_i} learned across series, w_i ∝ e^{b_i}·MAE_i^−4·MSE_i^−2,
/// with one set of b for pools without a season and one for pools with one. Why: a member's last 25 errors cannot tell,
/// early in a series or on a noisy one, a member that is good on most series from one that was lucky lately, and
/// which members tend to be good is what other series know (FFORMA, second in M4, learned its combination across
/// series for that reason). The b are fitted by coordinate descent (steps of 1/24, an L2 penalty of 0.01) on the
/// geometric-mean one-step MASE of the replayed combination over the 323 series of the development bench and the
/// eleven held-out sets (scripts/member_prior_screen.py DUMP 0.01 season final). Fitted on eleven sets and run in the
/// app on the twelfth, each set in turn: 0.4911 → 0.4903 over the 323, ten sets better (the M1 sample 0.4572 →
/// 0.4543), the third level (+0.03 %), the fourth worse (+1.12 %: ArgentinaCPI +22 %, whose hyperinflation needs the
/// multiplicative Holt–Winters the priors lower). The b move little from fold to fold. They raise the members that are good on most series of their kind (with
/// a season the airline model and the damped trend on the adjusted series, without one the ARIMA members and the RTU)
/// and lower those rarely best (the fixed and learned Holt–Winters, the AR(3) on levels with a season, SES without one).
/// Members not named keep b = 0. A change to the members calls for fitting them again. More than one step ahead the
/// weights are the errors' alone (with the priors at every horizon the six-step means moved 5 sets better and 7
/// worse). Pools with a second season (hourly, half-hourly and daily data: 14 of the 323 series) keep the errors'
/// weights alone: the priors are those of single-season pools (those 14 series gained 0.06 % from them), and on hourly
/// data with a weekly pattern they blunted the second-season members' gain, through the clean, which the one-step
/// forecast steers (ForecastPoolTests.TheSecondSeasonMembersLearnAWeeklyPatternOnHourlyData: a 24-step MAE of 1.312
/// against 1.354 without the second season, where it is 1.242 against 1.338 without priors). A pool read from a layout
/// 1–20 file combines without them, as it did; a series started afresh takes them.</para>
/// <para>Layout 22 (forty-sixth pass): the priors fitted again with the one-step mean of ln f (ForecastPool.Combination.cs;
/// member_prior_screen.py DUMP 0.01 season final geo). They moved by at most 6/24 (without a season SES −6 → −2, the AR(3) on
/// levels 10 → 6, the order-selected AR 12 → 6, the fitted drift −2 → −6, the ARI 2 → 0, the ARIMA(1,1,1) 18 → 17; with one ARI −9 → −8, the
/// adjusted naive −9 → −7, the order-selected AR −14 → −12). A pool read from a layout-21 file keeps layout 21's priors and
/// mean, as it was.</para>
/// <para>Layout 23 (forty-seventh pass): the priors fitted again with the damped trend in every pool of season 1, 4, 5, 7
/// or 12 (ForecastPool.Members.cs; member_prior_screen.py DUMP 0.01 season final geo). It takes +16/24 without a season
/// and +15/24 with one; SES with a season rose 6 → 16, the RTU without one 12 → 15, the AR(3) on levels 6 → 15, and the
/// fitted drift fell −6 → −12. A pool read from a layout-22 file keeps layout 22's priors, as it was.</para>
/// <para>Layout 24 (forty-eighth pass): the priors with a season fitted again with the M4 Comb on y (member 3, FittedComb).
/// It takes +10/24; the airline model rose 12 → 18, SES fell 16 → 12 and the damped trend on the adjusted series 15 → 12
/// (the Comb holds a damped trend and SES of its own), the ARI −9 → −5 and the order-selected AR −12 → −6. Without a season
/// the pools did not change and neither did the priors. Fitted on eleven sets and run in the app on the twelfth, each in
/// turn: 0.4883 → 0.4878. A seasonal pool read from a layout-23 file (no Comb) keeps layout 23's priors, as it was.</para>
/// <para>Layout 30 (sixty-second pass): the priors without a season fitted again with the rolling median (member 3,
/// <see cref="RollingMedian"/>). It takes +10/24; the damped trend rose 16 → 21, SES fell −6 → −9, the AR(3) on levels
/// 15 → 10, the order-selected AR 9 → 4 (those that follow the last values closely lost to the robust level), the
/// fitted drift −12 → −14. With a season the pools did not change and the fit gave the same priors. Fitted on eleven
/// sets and run in the app on the twelfth, each in turn: 0.4873 → 0.4868 (0.48725 → 0.48681). A pool without a season
/// read from a layout 23–29 file keeps layout 29's priors, as it was.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    // e^{b_i} per member (MemberNames order); 1 where b = 0. Without a season, fitted with the damped trend in every pool
    // that has it (layout 23) and the one-step combination of layout 22, the weighted mean of ln f
    // (ForecastPool.Combination.cs): member_prior_screen.py DUMP 0.01 season final geo. A pool without a season read from
    // a layout 23–29 file (no rolling median) continues with them, as it was.
    private static readonly double[] Layout29NonSeasonalPriors = Factors(
        (Ses, -6 / 24.0), (Ari, -3 / 24.0), (Ar, 15 / 24.0), (Arma, 15 / 24.0), (SelectedAr, 9 / 24.0), (DriftSmoothing, -12 / 24.0),
        (AdjustedDamped, 16 / 24.0), (Model, 15 / 24.0));

    // Without a season, fitted again with the rolling median (layout 30): candidate_prior_screen.py DUMP --priors OUT on a
    // dump of layout 30 (member_prior_screen.py DUMP 0.01 season final geo).
    private static readonly double[] NonSeasonalPriors = Factors(
        (Ses, -9 / 24.0), (RollingMedianMember, 10 / 24.0), (Ari, -2 / 24.0), (Ar, 10 / 24.0), (Arma, 15 / 24.0), (SelectedAr, 4 / 24.0),
        (DriftSmoothing, -14 / 24.0), (AdjustedDamped, 21 / 24.0), (Model, 16 / 24.0));

    // With a season, fitted again with the M4 Comb (layout 24): member_prior_screen.py DUMP 0.01 season final geo on a dump
    // of layout 24 (candidate_prior_screen.py DUMP --priors OUT writes the same). Without a season the pools did not change,
    // and the table above stays (fitted on that dump, it moved by at most 3/24: the refit's noise through the clean).
    private static readonly double[] SeasonalPriors = Factors(
        (Ses, 12 / 24.0), (Comb, 10 / 24.0), (AdditiveHw, -6 / 24.0), (MultiplicativeHw, -8 / 24.0), (Ari, -5 / 24.0),
        (Ar, -8 / 24.0), (AdjustedNaive, -8 / 24.0), (LearnedAdditiveHw, -6 / 24.0), (LearnedMultiplicativeHw, -8 / 24.0),
        (Theta, -8 / 24.0), (Arma, -1 / 24.0), (Airline, 18 / 24.0), (SelectedAr, -6 / 24.0), (AdjustedDamped, 12 / 24.0),
        (Model, 6 / 24.0));

    // Layout 23's priors with a season, fitted without the M4 Comb: a seasonal pool read from a layout-23 file continues
    // with them, as it was.
    private static readonly double[] Layout23SeasonalPriors = Factors(
        (SeasonalNaive, -2 / 24.0), (Ses, 16 / 24.0), (AdditiveHw, -6 / 24.0), (MultiplicativeHw, -8 / 24.0), (Ari, -9 / 24.0),
        (Ar, -12 / 24.0), (AdjustedNaive, -9 / 24.0), (LearnedAdditiveHw, -9 / 24.0), (LearnedMultiplicativeHw, -9 / 24.0),
        (Theta, -10 / 24.0), (Arma, 6 / 24.0), (Airline, 12 / 24.0), (SelectedAr, -12 / 24.0), (LinearTrend, 4 / 24.0),
        (AdjustedDamped, 15 / 24.0), (Model, 8 / 24.0));

    // Layout 22's priors, fitted with the damped trend in quarterly pools only: a pool read from a layout-22 file continues
    // with them, as it was.
    private static readonly double[] Layout22NonSeasonalPriors = Factors(
        (Ses, -2 / 24.0), (Ar, 6 / 24.0), (Arma, 17 / 24.0), (SelectedAr, 6 / 24.0), (DriftSmoothing, -6 / 24.0), (Model, 12 / 24.0));

    private static readonly double[] Layout22SeasonalPriors = Factors(
        (SeasonalNaive, -3 / 24.0), (Ses, 6 / 24.0), (AdditiveHw, -6 / 24.0), (MultiplicativeHw, -9 / 24.0), (Ari, -8 / 24.0),
        (SeasonalArima, -3 / 24.0), (Ar, -12 / 24.0), (AdjustedNaive, -7 / 24.0), (LearnedAdditiveHw, -9 / 24.0),
        (LearnedMultiplicativeHw, -12 / 24.0), (Theta, -6 / 24.0), (Arma, 4 / 24.0), (Airline, 16 / 24.0), (SelectedAr, -12 / 24.0),
        (LinearTrend, 2 / 24.0), (AdjustedDamped, 18 / 24.0), (Model, 6 / 24.0));

    // Layout 21's priors, fitted with the weighted mean of f (member_prior_screen.py DUMP 0.01 season final): a pool read
    // from a layout-21 file continues with them and with that mean, as it was.
    private static readonly double[] Layout21NonSeasonalPriors = Factors(
        (Ses, -6 / 24.0), (Ari, 2 / 24.0), (Ar, 10 / 24.0), (Arma, 18 / 24.0), (SelectedAr, 12 / 24.0), (DriftSmoothing, -2 / 24.0), (Model, 12 / 24.0));

    private static readonly double[] Layout21SeasonalPriors = Factors(
        (SeasonalNaive, -3 / 24.0), (Ses, 6 / 24.0), (AdditiveHw, -6 / 24.0), (MultiplicativeHw, -9 / 24.0), (Ari, -9 / 24.0),
        (SeasonalArima, -3 / 24.0), (Ar, -12 / 24.0), (AdjustedNaive, -9 / 24.0), (LearnedAdditiveHw, -9 / 24.0),
        (LearnedMultiplicativeHw, -12 / 24.0), (Theta, -6 / 24.0), (Arma, 4 / 24.0), (Airline, 16 / 24.0), (SelectedAr, -14 / 24.0),
        (LinearTrend, 2 / 24.0), (AdjustedDamped, 18 / 24.0), (Model, 6 / 24.0));

    // Tests and benchmarks only (benchmarks/Rtu.ForecastSets --priors, for the series-never-seen measurement): the
    // factors e^b per member (MemberNames order), without a season and with one, that pools created while it is set
    // take in place of the current layout's tables (NonSeasonalPriors, SeasonalPriors). An AsyncLocal, so that it
    // reaches the Parallel.For a benchmark runs its series in but not a test running beside it. Null (the default):
    // the tables. Pools read from a file of an earlier layout keep that layout's tables.
    private static readonly AsyncLocal<(double[] NonSeasonal, double[] Seasonal)?> PriorsOverrideSlot = new();

    internal static (double[] NonSeasonal, double[] Seasonal)? PriorsOverride
    {
        get => PriorsOverrideSlot.Value;
        set
        {
            if (value is { } v && (v.NonSeasonal.Length != MemberCount || v.Seasonal.Length != MemberCount))
                throw new ArgumentException($"The prior factors need {MemberCount} members, one per MemberNames entry.", nameof(value));
            PriorsOverrideSlot.Value = value is { } c ? ((double[])c.NonSeasonal.Clone(), (double[])c.Seasonal.Clone()) : null;
        }
    }

    // This pool's current-layout priors: the tables, or the override set when it was created.
    private readonly double[] _nonSeasonalPriors = PriorsOverrideSlot.Value?.NonSeasonal ?? NonSeasonalPriors;
    private readonly double[] _seasonalPriors = PriorsOverrideSlot.Value?.Seasonal ?? SeasonalPriors;

    private static double[] Factors(params (int Member, double LogPrior)[] priors)
    {
        var factors = new double[MemberCount];
        Array.Fill(factors, 1.0);
        foreach (var (member, b) in priors) factors[member] = Math.Exp(b);
        return factors;
    }

    /// <summary>
    /// Member <paramref name="member"/>'s log prior b (its weight is multiplied by e^b) in a pool with a season
    /// (<paramref name="seasonal"/>) or without one; 0 for the members without a prior.
    /// </summary>
    public static double MemberPrior(bool seasonal, int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, MemberCount);
        return Math.Log((seasonal ? SeasonalPriors : NonSeasonalPriors)[member]);
    }

    /// <summary>
    /// Whether the one-step combination weighs the members by their priors: a pool without a second season, not read from
    /// a layout 1–20 file (or started afresh since).
    /// </summary>
    public bool WeighsByPriors => _memberPriors && _m2 == 0;

    // The factor member i's weight at horizon h is multiplied by: one step ahead only, where the priors were fitted, and
    // not with a second season (see the remarks); the priors of the layout a pool was read from, before a reset.
    private double PriorFactor(int h, int member) =>
        h != 1 || !WeighsByPriors ? 1
        : !_logMean ? (_m > 1 ? Layout21SeasonalPriors : Layout21NonSeasonalPriors)[member]
        : !_dampedTrendPriors ? (_m > 1 ? Layout22SeasonalPriors : Layout22NonSeasonalPriors)[member]
        : (_m <= 1 ? (_median is null ? Layout29NonSeasonalPriors : _nonSeasonalPriors) : _comb is null ? Layout23SeasonalPriors : _seasonalPriors)[member];
}
