namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Spikes (<see cref="MaySpike"/>, <see cref="SpikeReturned"/>, <see cref="CleanAsMissing"/>): the pool flags the
/// first value of a run, and before the clean has a scale a gross value (<see cref="GrossBound"/>), as a possible spike;
/// the <see cref="RtuForecaster"/> holds it for one row and, when the next value returns, observes it again as a missing
/// value from a snapshot taken before it (<c>SpikeRewind</c>). The pool's layout is unchanged by it.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>The clean's scale s (<see cref="OutlierBound"/>'s unit): the recent mean absolute one-step error, on a positive series at least the recent relative error at the forecast's level.</summary>
    public double OutlierScale => CleanScale();

    // Whether value lies within `bound` of the value a second season before the last row (false without a second season):
    // a held jump that a weekly swing explains (a Monday morning after a Sunday) is no level shift.
    internal bool NearSecondSeasonBack(double value, double bound)
    {
        int back = _history.Length - 1 - _m2;
        return _m2 > 0 && back >= 0 && double.IsFinite(E(back)) && Math.Abs(value - E(back)) <= bound;
    }

    // Whether value lies more than `scales` clean scales from the one-step forecast (MayBeOutlier's test at any bound).
    internal bool FartherThan(double value, double scales) => FartherThan(value, scales, CleanScale());

    private bool FartherThan(double value, double scales, double scale) =>
        double.IsFinite(value) && !double.IsNaN(_oneStep) && _mae > 0 && Math.Abs(RunningNormalizer.Saturate(value) - _oneStep) > scales * scale;

    /// <summary>
    /// The scale a gross value is judged by before the clean has one (<see cref="MaySpike"/>'s early test, in
    /// <see cref="GrossBound"/> or <see cref="EarlySpikeBound"/> units): the recent mean absolute one-step error alone,
    /// not the relative error at the forecast's level that the clean's own scale also takes (<see cref="OutlierScale"/>).
    /// </summary>
    /// <remarks>
    /// <para>Why: the relative scale is for a series growing in proportion, whose ordinary values the clean would otherwise
    /// move (ArgentinaCPI, layout 16). Before the clean has a scale nothing is cleaned: a gross value is only held for a
    /// row, and the next value decides. And there the relative scale rests on a few forecasts made from a few values, so one
    /// forecast near a small value makes it as wide as the level: an M3 monthly series of sales (N1425, values 700–10,500)
    /// had a mean relative error of 1.02 after ten rows, so at row 11 a reading 100 standard deviations off (−218,382 for
    /// 5,650: 58 absolute errors from its forecast, 39 relative ones) passed as data. It was caught only at the first
    /// seasons' review, 25 rows later, and the forecasts in between went as low as −167,818 (the rest of the series' MAE
    /// +376 %; 100 standard deviations above, forecasts up to 169,720 and +430 %). Judged by the absolute errors it is
    /// held and the next value shows it was a spike: +1.0 / +1.1 % (`GrossSpikeJudgementTests`).</para>
    /// <para>Over the 263 series of the first eleven sets (`benchmarks/Rtu.ForecastSets`): every clean series' forecasts
    /// byte for byte the same (checked on all 323 series of the twelve sets, old code against new); runs of 2,300 that cost the rest of the series more than 5 %, spikes of 100 / 30 / 10 / 3 standard
    /// deviations 155 / 334 / 615 / 795 → 154 / 329 / 609 / 791, of 100 mean changes 190 → 188; one missing value, level
    /// shifts and spikes of 100 times the mean size unchanged, and so are the six-step forecasts and the intervals. Only
    /// in a monthly first season (the same runs, but 10 and 3 standard deviations 612 and 794): the rule everywhere before
    /// the clean has a scale.</para>
    /// </remarks>
    private double EarlyScale() => _mae;

    /// <summary>
    /// True when the last <see cref="Clean"/> met a value that may be a lone spike: the first outlier of a run (cleaned),
    /// or, before the clean has a scale, a value further than <see cref="GrossBound"/> recent errors from the one-step
    /// forecast (taken as it is). Whether it was one shows at the next value (<see cref="SpikeReturned"/>):
    /// <see cref="RtuForecaster"/> then observes it again as a missing value (<see cref="CleanAsMissing"/>).
    /// </summary>
    public bool MaySpike { get; private set; }

    /// <summary>
    /// True when the last value is a <see cref="MaySpike"/> further than <see cref="GrossBound"/> recent errors from its
    /// forecast: <see cref="RtuForecaster"/> forecasts past it as if it were missing until the next value decides.
    /// </summary>
    public bool GrossSpike { get; private set; }

    /// <summary>
    /// Whether <paramref name="value"/>, given next to a learning <see cref="Clean"/>, could be flagged by
    /// <see cref="MaySpike"/>: it lies beyond the smallest outlier bound (<see cref="OutlierBound"/>·s), departs from a
    /// constant history (<see cref="DepartsFromConstant"/>), or is a value ≤ 0 that a series positive so far may hold
    /// (<see cref="HoldsNonPositive"/>, layout 37). Changes nothing.
    /// </summary>
    public bool MayBeOutlier(double value) =>
        Cleans() ? FartherThan(value, OutlierBound) || HoldsAsNonPositive(RunningNormalizer.Saturate(value)) : FartherThan(value, EarlyBound(), EarlyScale()) || DepartsFromConstant(value);

    /// <summary>
    /// A value this many recent mean absolute one-step errors (the clean's scale) from its forecast is gross. Before the
    /// clean has a scale (its first 2·<see cref="Window"/>/5 errors, and a monthly first season) a gross value may be a
    /// spike (<see cref="MaySpike"/>; past a first season and from <see cref="EarlyScaleErrors"/> errors on, beyond
    /// <see cref="EarlySpikeBound"/> errors); later, a possible spike this far is forecast past as if missing
    /// (<see cref="GrossSpike"/>). Far wider than <see cref="OutlierBound"/>: the first errors are few, and a first
    /// season's swing (a December that doubles a monthly level: about 30 such errors) must pass, while the spike of
    /// issue 13 (100 standard deviations of the series) is 80 or more. Forecasting past every possible spike as missing
    /// (this bound at 6, where the clean starts) cost the 104 real series 0.4653 → 0.4673 (the next value often follows
    /// an outlier part of the way: ArgentinaCPI +13 %); at 12, 0.4663; at 25 or 50, 0.4652.
    /// A frozen pool (<see cref="Clean"/> with learn false: serving, and the exported ONNX graph's host side, which share
    /// this code) has no rewind: there a gross possible spike is observed as missing at once (<see cref="Clean"/> returns
    /// NaN), and so is each later value of a run of them until it outlasts <see cref="ReturnWindow"/> (layout 40,
    /// <see cref="DefersGrossRunsWhenFrozen"/>). Cleaned to the bound, it moved every member by the bound: over the 87 held-out series frozen at their half,
    /// one spike of 100 standard deviations at two places each cost the rest of the series' MAE a median of 8.9 % (over
    /// 5 % in 99 of 174 runs), now 0.2 % (11); on the clean series nothing changes (no value there is gross), and a level
    /// shift of 10 standard deviations loses its first value (the rest's MAE +1.3 %, geometric mean). Observing every
    /// possible spike as missing, not only gross ones, cost the clean series 0.2 % and such shifts 5.0 %.
    /// </summary>
    public const double GrossBound = 50;

    /// <summary>Errors scored before a gross value is judged a possible spike (<see cref="GrossBound"/>).</summary>
    /// <remarks>
    /// At 1 (from the third row) a spiky count series lost 17 % (disasters_volcanic_deaths: one error is no scale).
    /// </remarks>
    public const int EarlySpikeErrors = 2;

    // Before the clean has a scale, only a gross value is a possible spike (EarlyBound); it is taken as it is, and only the
    // next value returning shows it was one (SpikeReturned).
    private bool IsEarlySpike(double value) =>
        !double.IsNaN(_oneStep) && _maeCount >= EarlySpikeErrors && _mae > 0 && MissingBefore() == 0
        && Math.Abs(value - _oneStep) > EarlyBound() * EarlyScale();

    /// <summary>
    /// Before the clean has a scale, from <see cref="EarlyScaleErrors"/> scored errors on and past a monthly first season,
    /// a value this many recent mean absolute one-step errors from its forecast is gross (before that,
    /// <see cref="GrossBound"/>).
    /// </summary>
    /// <remarks>
    /// <see cref="GrossBound"/> lets a first season's swing pass, and one or two errors are no scale; but past the first
    /// season, with four errors or more, it let through a spike of 100 mean changes at row 9 of a quarterly inflation rate
    /// (UKInflation: 139 where the rate was 7; the next forecast 104, the MAE of the forecasts from row 9 on +415 %, now
    /// −6.9 %). Spike screen runs over 5 % of 1,055 at 3 / 10 / 30 standard deviations: 340 / 274 / 146 → 318 / 247 / 131,
    /// and 80 → 76 at 100 mean changes; the clean series and the missing-value screen unchanged. Lower, or sooner, true
    /// swings were judged too: at 15, japan_gnp with its first fourth-quarter peak missing had its second forecast past as
    /// missing (that run's rest +22 → +115 %); from the second error, M1Germany with its row 1 missing +15 %; inside a
    /// monthly first season, Decembers 30 % above the level (noise ±2) MASE 0.57 → 0.87.
    /// </remarks>
    public const double EarlySpikeBound = 20;

    /// <summary>Errors scored before a gross value is judged by <see cref="EarlySpikeBound"/> rather than <see cref="GrossBound"/>.</summary>
    public const int EarlyScaleErrors = 4;

    private double EarlyBound() => FirstSeason() ? GrossBound : JudgesProvisionally ? OutlierBound : _maeCount >= EarlyScaleErrors ? EarlySpikeBound : GrossBound;

    /// <summary>
    /// Whether a later review judges the rows again (the forecaster's first seasons' review): past the first season and
    /// before the clean has a scale, a possible spike is then judged at <see cref="OutlierBound"/>, the clean's own bound,
    /// rather than at <see cref="EarlySpikeBound"/>, which a true swing must pass. Set by the forecaster before each row;
    /// not saved.
    /// </summary>
    /// <remarks>
    /// <para>Why: a spike of moderate size after the first season but before the clean has a scale (a quarterly series'
    /// second and third seasons) was taken as data and carried by every forecast until the review. A true value taken for a
    /// spike here is observed again as given by the review, so only the forecasts made before it pay for the mistake.</para>
    /// <para>Not in the first season, and not among the first rows (<see cref="StartupSpikes"/>): a true first swing there
    /// (a first December that doubles the level) would be observed as missing until the review, so its next occurrence
    /// was forecast without it. Screened over the 157 series of the development sets (`benchmarks/Rtu.ForecastSets`; runs
    /// of 1,371 that cost the rest of the series more than 5 %, and the geometric-mean cost; spikes of 10 / 3 / 30 standard
    /// deviations): none 323, +5.90 % / 407 / 174; this rule 298, +5.19 % / 384 / 172; from the first season on and with the
    /// first rows judged at 4 ranges of the others too, 209, +2.92 % / 324 / 130 (the first rows alone 263; both but not
    /// the first season 242). The clean series score 0.4828 in every variant, but synthetic monthly series whose Decembers double
    /// (σ 3) or rise 30 % on a trend (σ 2) lost up to 29 % (MASE from row 13) when the first season or the first rows were
    /// judged provisionally: their second December was forecast without the first. With this rule they, and quarterly
    /// ones, score as before (one better). One missing value: 63, +0.65 % → 63, +0.64 %.</para>
    /// </remarks>
    internal bool JudgesProvisionally { get; set; }

    /// <summary>
    /// Whether, before the clean has a scale and while learning, a possible spike is forecast past as if missing
    /// (<see cref="GrossSpike"/>) only when it also lies beyond the early bound from the median of the members' forecasts
    /// of it: set by the forecaster before each row from its settings layout (12 on); not saved.
    /// </summary>
    /// <remarks>
    /// <para>Why: early on, one member with three or four scores can hold nearly all the weight, and its forecast is then
    /// the combination's; a true value far from that forecast looked like a spike, and the forecast made past it as if it
    /// were missing continued from the same member (denmark_LRM with row 3 missing: at row 8 a true 11.753 judged against
    /// 12.014, from two ARIMA members just admitted, while the members' median was 11.76; the next forecast 12.347 for
    /// 11.765, the rest of the series' MAE +70 %, now +23 %). The median of the members is the consensus no single member
    /// moves. A spike of a reading gone wrong lies far from every member, so it is forecast past as before; one near the
    /// consensus is still held, and observed again as missing if the next value returns (<see cref="MaySpike"/>). Frozen
    /// (serving, and the exported graph's host side) nothing changes: there a gross possible spike is missing at once.</para>
    /// <para>Screened on the 172 series of the nine sets (`benchmarks/Rtu.ForecastSets`; the geometric-mean cost over the
    /// runs, runs of 1,502 over 5 %): one missing value +0.50 → +0.48 % (55 → 55), spikes of 100 standard deviations
    /// +1.16 → +1.14 % (74 → 74), of 100 times the mean size +0.91 → +0.89 % (69), of 30 / 10 / 3 standard deviations
    /// +3.62 / +5.24 / +6.16 → +3.63 / +5.24 / +6.15 % (193 / 331 / 421 → 193 / 331 / 422), level shifts unchanged; the
    /// clean series bit for bit (no true value there is judged gross before the clean has a scale). Not the possible spike
    /// itself: judged against the median rather than the combination (a value near the median not flagged at all), 3 standard
    /// deviations cost +6.17 % (UK_spirits_spending with one at row 4, which the median, forecasting no fourth-quarter peak
    /// yet, did not flag: +42 → +82 %).</para>
    /// </remarks>
    internal bool JudgesGrossByMembers { get; set; }

    /// <summary>
    /// Whether, once the clean has a scale and while learning, a possible spike on a positive series more than
    /// <see cref="RelativeErrorCap"/> times its forecast's size away from it is gross, whatever the clean's scale: set
    /// by the forecaster before each row from its settings layout (12 on); not saved.
    /// </summary>
    /// <remarks>
    /// <para>Why: on a positive series the clean's scale is the larger of the absolute and the relative error at the
    /// forecast's level (<see cref="OutlierScale"/>), so that values growing in proportion are not cleaned (ArgentinaCPI),
    /// and a possible spike is gross only beyond <see cref="GrossBound"/> such scales. Where the errors are large for the
    /// level (daily ozone of 5–30 in LA_ozone_daily: a relative scale of 18.8 at a forecast of 30), or were large once
    /// (yearly measles cases after their epidemics), that lets a reading many times the series' size pass as an ordinary
    /// possible spike: cleaned to the bound, it moved every member and the next forecast followed it (ozone, 623 at row 13:
    /// 221 for 12, the rest of the series' MAE +66.7 %; measles, 10 standard deviations at row 50: 406,632 for 12,781,
    /// +347 %). A value more than ten times its forecast away is what the relative scale's own cap
    /// (<see cref="RelativeErrorCap"/>) reads as a forecast near 0, not a level grown tenfold in a step; forecast past as
    /// missing, the next value decides as before. The fastest true growth of the test series (ArgentinaCPI's ×6.6 in a
    /// quarter) stays under it, and every clean series of the nine sets is bit for bit (their true values ten times
    /// their forecast lie in series that are not positive: counts with zeros, returns, whose relative scale is not used).
    /// Frozen nothing changes (a gross possible spike is missing at once there, and the exported graph's host side shares
    /// that rule).</para>
    /// <para>Over the 172 series of the nine sets (`benchmarks/Rtu.ForecastSets`, with <see cref="JudgesGrossByMembers"/>;
    /// the geometric-mean cost over the runs, runs of 1,502 over 5 %): spikes of 100 standard deviations +1.14 → +1.11 %
    /// (74 → 73), of 30 / 10 / 3 +3.63 / +5.24 / +6.15 → +3.34 / +4.91 / +6.12 % (193 / 331 / 422 → 173 / 317 / 420),
    /// of 100 times the mean size +0.89 → +0.86 % (69 → 68), of 100 mean changes +1.59 → +1.43 % (103 → 95), one
    /// missing value +0.48 → +0.47 %; level shifts unchanged; no run over 5 % got worse. Screened: the same on every
    /// series, positive or not, changed eight clean series (github commits −1.5 %, volcanic deaths +0.5 %, two return
    /// series) for the same total; only beyond 50 absolute errors as well, half the gain (10 standard deviations +5.24 %
    /// unchanged); by the absolute scale alone, without the cap, ArgentinaCPI's ordinary growth was forecast past as
    /// missing (0.374 → 0.809; all 172 series 0.4832 → 0.4854).</para>
    /// </remarks>
    internal bool JudgesGrossInProportion { get; set; }

    // Whether value lies beyond the early bound from the median of the members' one-step forecasts of it (true without any).
    private bool FarFromMembers(double value)
    {
        var made = _pending.AsSpan(PendingForecasts.Slot(_rows - 1, 1) * MemberCount, MemberCount);
        Span<double> finite = stackalloc double[MemberCount];
        int k = 0;
        foreach (float f in made) if (float.IsFinite(f)) finite[k++] = f;
        if (k == 0) return true;
        return Math.Abs(value - Numerics.OrderStatistics.Median(finite[..k])) > EarlyBound() * EarlyScale();
    }

    /// <summary>
    /// Whether <paramref name="next"/>, the value after one that <see cref="MaySpike"/> flagged (<paramref name="spike"/>,
    /// as given, judged against <paramref name="judgedAgainst"/>), shows that value was a lone spike: it lies nearer the
    /// forecast the spike was judged against than half the spike's distance from it. A jump, a level shift or a swing
    /// the next value stays near does not return; a missing value shows nothing.
    /// </summary>
    public static bool SpikeReturned(double spike, double judgedAgainst, double next) =>
        double.IsFinite(next) && Math.Abs(RunningNormalizer.Saturate(next) - judgedAgainst) < 0.5 * Math.Abs(spike - judgedAgainst);

    /// <summary>
    /// Row t as a missing value, while remembering <paramref name="given"/> as the value given for it: a lone spike
    /// observed again (<see cref="RtuForecaster"/>). The season-repeat rule still compares the next season with it, so a
    /// swing that starts later and was taken for a spike is taken as it is when it repeats. Returns NaN.
    /// </summary>
    public double CleanAsMissing(double given)
    {
        double cleaned = Clean(double.NaN, learn: false);
        if (double.IsFinite(given)) _rawNext = RunningNormalizer.Saturate(given);
        _rawNextTaken = false;   // observed as missing: no reference for the second season (layout 34)
        return cleaned;
    }
}
