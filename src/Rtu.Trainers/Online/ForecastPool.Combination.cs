namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Weights: each member's h-step forecasts are scored when their target arrives; S_{i,h} is its exponentially
/// weighted mean squared error (weight max(1/n, 1/W_h), W_h = <see cref="Window"/>·h, <see cref="WindowAt"/>, layout 27);
/// the combined forecast is Σ w_i f_i with
/// w_i ∝ S_i^−4 (layouts 1–14; layout 15 below: MAE^−4·MSE^−2) (inverse MSE to the 4th power: Bates–Granger weights sharpened toward the best members; on the
/// development bench and on seven other real series, powers 1, 2, 4, 8 gave geometric-mean MASE 0.60, 0.56, 0.55,
/// 0.55 and 0.45, 0.42, 0.42, 0.42, window 25–100 mattered less) over the members that
/// have been scored at least <see cref="MinimumScored"/> times. Before any member has been scored at a horizon the
/// forecast is the seasonal naive one (else the naive one): an untrained RTU's drift, extrapolated h steps, is no
/// forecast (on the development bench this early choice alone took the six-step MASE from 0.666 to 0.643). With a
/// season, the members are combined h &gt; 1 steps ahead only once the seasonal naive forecast has itself been scored
/// MinimumScored times at that horizon (about one season and h rows): before, only non-seasonal members (naive, SES,
/// the RTU) had been scored h steps ahead, and the combination gave a strongly seasonal series a forecast without a
/// season for most of its second season (six-step MASE against seasonal naive over the first scored year of ldeaths
/// 3.07, of nottem 3.04; after: 1.00). Six steps, seasonal series: bench 0.626 → 0.602 (ldeaths 1.206 → 0.910, nottem
/// 0.913 → 0.815; austres, trending, pays 0.178 → 0.201), held-out 0.613 → 0.605 (10 series). Not one step ahead:
/// there the naive forecast is a fair early one, and the rule only widened the early errors the intervals are
/// calibrated on (bench MSIS 3.97 → 4.10).
/// Other combination rules (sixth pass; against bench 0.5203, held-out 0.4770, six steps 0.6291), none kept: powers 3,
/// 5, 8 (bench 0.5208, 0.5205, 0.5221); the mean of the 3 best members (0.5236 / 0.4803 / 0.6403); half that and half
/// S^−4 (0.5204 / 0.4774 / 0.6298); the power 2, 4 or 8 chosen per series by each combination's own recent error
/// (0.5232 / 0.4772 / 0.6321); exponentiated-gradient stacking (bench 0.5393 at its best rate); squared errors clipped
/// at 3 mean absolute errors (0.5252). The combiners' forecasts are too alike for their recent errors to choose among.
/// Why a combination: combinations of simple methods are hard to beat on real series (M3, M4), and which method wins
/// differs from series to series; weighting by recent loss picks it online without look-ahead.</para>
/// <para>Layout 15 (seventeenth pass): w_i ∝ MAE_i^−4·MSE_i^−2, MAE_i the same window's mean absolute error. MASE
/// counts absolute errors, while MSE^−4 weights, on a series of rare large spikes, favour members that hedge toward
/// the spikes over the one that forecasts the typical value; the product is as sharp as MSE^−4 (an error scale to the
/// power −8) with half of it from the absolute errors. Screened on member dumps of main @346d1ca (one step, bench /
/// held-out / second / third held-out, from 0.5109 / 0.4754 / 0.4199 / 0.5725): MAE^−8 0.5110 / 0.4754 / 0.4183 /
/// 0.5645 (the third set's spiky yearly death counts, but ldeaths and JohnsonJohnson lose, and it failed the hourly
/// second-season test in the app: squared errors move the weight to the weekly members faster after each weekend),
/// this rule 0.5107 / 0.4753 / 0.4189 / 0.5671, six steps 0.6473 / 0.6834 / 0.7256 / 0.7765 → 0.6451 / 0.6829 /
/// 0.7248 / 0.7729. In the app, one step (unrounded, seed 1): 0.5109 → 0.5107, 0.4754 → 0.4753, 0.4200 → 0.4189,
/// 0.5725 → 0.5656; six steps, seasonal series, held-out sets 0.6268 → 0.6261, 0.6234 → 0.6224, 0.7229 → 0.7230;
/// interval MSIS (bench) 3.582 → 3.578 and 4.189 → 4.177. The naive gate and test keep the squared errors. A pool read from a layout 1–14 file keeps MSE^−4 and
/// continues as it was (a reset keeps it, since it keeps the errors; a restart at a change of scale, which forgets
/// them, takes the current rule).</para>
/// <para>Layout 22 (forty-sixth pass of samples/Rtu.Forecasting/NOTEBOOK.md): one step ahead, where every member combined
/// forecasts above 0, the combination is the weighted mean of ln f, exp(Σ w_i ln f_i) (else, on that row, the weighted
/// mean of f). Why: most real series are positive and their changes are proportional to their level, so members that
/// miss by a factor miss symmetrically on the log scale; the geometric mean, which never exceeds the arithmetic one,
/// suits right-skewed counts (disasters_all_deaths, measles) and spares a series a member that overshoots upward. With
/// the member priors fitted again for it (ForecastPool.MemberPriors.cs) and each set left out of their fit in turn, in
/// the app: 0.4903 → 0.4893 over the twelve sets' 323 series (ten sets better, the second and fifth level; 160 series
/// better, 132 worse; ArgentinaCPI 0.458 → 0.386, disasters_all_deaths 0.760 → 0.674; the largest cost +1.5 %, an M1
/// monthly series); with the priors fitted on all twelve, as shipped, 0.4896 → 0.4885 (seed 2 0.4899 → 0.4889). Offline,
/// on member dumps without priors, the mean of ln f alone took 0.4911 to 0.4903, and with priors fitted for each the two
/// gains added up. More than one step ahead, and in pools with a second season, the mean stays that of f, as the priors
/// act one step ahead only (on hourly data with a weekly pattern the mean of ln f, too, blunted the second-season
/// members' gain through the clean: ForecastPoolTests.TheSecondSeasonMembersLearnAWeeklyPatternOnHourlyData). A pool read
/// from a layout 1–21 file keeps the mean of f, as it was.</para>
/// <para>Layout 9 (ninth pass; screened offline with the sample's member dump and scripts/replay_pool.py): the
/// damped Holt is no longer combined (over the 22 series without a season of the three test sets it was 30 % worse
/// than naive alone and never the best of naive, SES, ARI and ARIMA(1,1,1), yet held 10 % of the one-step weight:
/// chosen by luck on 25 errors), and a member whose long-run squared error (window <see cref="LongWindow"/>) exceeds
/// <see cref="NaiveGate"/> times the naive forecast's is left out (the naive gate: on prices and rates with a nominal
/// season, the seasonal members forecast a season that is not there, and their recent-error weights diluted the
/// ARIMA-type members). One step, bench 0.5184 → 0.5177, held-out 0.4765 → 0.4759, second held-out 0.4225 → 0.4207;
/// six steps 0.6291 → 0.6282 and 0.6310 → 0.6287. A pool read from a layout 1–8 file combines as before.
/// More than one step ahead (tenth pass) the gate is a test instead (<see cref="NaiveTest"/>): an iterated member's
/// h-step errors just after its start can be many times the naive's for dozens of rows, and a plain long-run mean
/// kept it out long after it forecast better; a test weighs the loss gap by its own noise. Six steps, geometric means
/// over the seasonal series: held-out 0.6288 → 0.6281, second held-out 0.6286 → 0.6260 (one step unchanged).</para>
/// <para>Correction (layout 6, <see cref="ResidualCorrection"/>): each horizon's combination is then corrected by the
/// shrunk least-squares slope of its own h-step errors on its newest one-step error, applied only as far as it has helped
/// (bench 0.5247 → 0.5232, held-out 0.4777 → 0.4775).</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Forgetting window (scored forecasts) of the members' one-step squared errors (h steps ahead h times as long, <see cref="WindowAt"/>).</summary>
    public const int Window = 25;

    /// <summary>
    /// The forgetting window of the members' recent errors at horizon <paramref name="h"/>: <see cref="Window"/>·h
    /// (layout 27; <see cref="Window"/> at every horizon in a pool read from a layout 1–26 file, as it was).
    /// </summary>
    /// <remarks>
    /// An h-step error overlaps the h − 1 before it, so 25 of them hold few independent errors far ahead: at 48 steps
    /// about half a day of half hours, and the weights followed whichever member the last half day favoured (Taylor's
    /// half-hourly load: the combination's 48-step MAE over the second half 749 where its best member's was 430); 25·h
    /// of them hold about as many as 25 one-step errors. The window max(25, F·h) in the app, against seasonal naive:
    /// over the 15 hourly and half-hourly series of the sets (the bench's Seattle, Taylor, GitHub, the M4 set's 12 hourly)
    /// 24 and 48 steps ahead, F = 0 (25 throughout) / 1 / 2 / 4 / 8 / 25: 0.7480 / 0.7480 / 0.7320 / 0.7255 / 0.7247 /
    /// 0.7246 and 0.7227 / 0.6966 / 0.6916 / 0.6882 / 0.6875 / 0.6874 (GitHub's noisy counts alone worse, 0.850 → 0.896
    /// at 48 steps with 25); over the 252 seasonal series of thirteen sets, F = 4 / 8 / 25: 3 steps 0.5840 / 0.5840 /
    /// 0.5839, 6 steps 0.6802 / – / 0.6799 (the 228 of the twelve sets: 0.7172 / 0.7163 / 0.7160), 12 steps 0.8234 / 0.8227 /
    /// 0.8231, against 0.8260 with 25 throughout.
    /// </remarks>
    public double WindowAt(int h) => _horizonWindows ? Window * h : Window;

    /// <summary>
    /// Scored forecasts before a member enters the combination; fewer, as many as the most-scored member has, once missing
    /// targets have cost every member scores it would have had by then.
    /// </summary>
    public const int MinimumScored = 3;

    /// <summary>Forgetting window (scored forecasts) of the members' long-run squared errors, which the naive gate compares.</summary>
    public const int LongWindow = 1000;

    /// <summary>
    /// The naive gate: a member whose long-run squared error exceeds this many times the naive forecast's is left out of
    /// the combination (once the naive has been scored <see cref="Window"/> times at that horizon).
    /// </summary>
    public const double NaiveGate = 1.5;

    /// <summary>
    /// The naive test, more than one step ahead: a member is left out while the long-run mean (window
    /// <see cref="LongWindow"/>) of its squared error minus the naive forecast's exceeds this many standard errors of
    /// that mean (a Diebold–Mariano-style test; from <see cref="TestScores"/> scored forecasts on).
    /// </summary>
    public const double NaiveTest = 2.0;

    /// <summary>Scored forecasts before the naive test can leave a member out.</summary>
    public const int TestScores = 10;

    /// <summary>Member <paramref name="member"/>'s recent mean squared error at horizon <paramref name="h"/> (1-based), what its weight is made of.</summary>
    public double RecentSquaredError(int h, int member) => _scores.Mse[(h - 1) * MemberCount + member];

    /// <summary>Member <paramref name="member"/>'s recent mean absolute h-step error (the same window), the other half of its weight.</summary>
    public double RecentAbsoluteError(int h, int member) => _scores.RecentAbsError[(h - 1) * MemberCount + member];

    /// <summary>
    /// Member <paramref name="member"/>'s long-run mean squared error at horizon <paramref name="h"/> (1-based; window
    /// <see cref="LongWindow"/>), what the naive gate compares (<see cref="NaiveGate"/>).
    /// </summary>
    public double LongRunSquaredError(int h, int member) => _scores.LongMse[(h - 1) * MemberCount + member];

    /// <summary>
    /// Whether member <paramref name="member"/> fails the naive test at horizon <paramref name="h"/> (1-based): its
    /// long-run squared error is above the naive forecast's by more than <see cref="NaiveTest"/> standard errors of the
    /// mean gap. More than one step ahead such a member is left out of the combination.
    /// </summary>
    public bool FailsTheNaiveTest(int h, int member) => _scores.WorseThanNaive((h - 1) * MemberCount + member);

    /// <summary>
    /// Member <paramref name="member"/>'s share (0–1) of horizon <paramref name="h"/>'s (1-based) combined forecast at the
    /// last <see cref="Combine"/> (0 before the first, and after <see cref="Load"/> until the next: not saved).
    /// </summary>
    public double Weight(int h, int member) => _weights[(h - 1) * MemberCount + member];

    // y_t arrived: the forecasts made of it at rows t − h give each member one more squared error for horizon h.
    private void ScoreMembers(double value, long t)
    {
        for (int h = 1; h <= _h && t - h >= 0; h++)
        {
            var made = _pending.AsSpan(PendingForecasts.Slot(t - h, h) * MemberCount, MemberCount);
            double naiveError = value - made[Naive];
            for (int i = 0; i < MemberCount; i++)
            {
                double f = made[i];
                if (!double.IsFinite(f)) continue;
                _scores.Add((h - 1) * MemberCount + i, value - f, naiveError, WindowAt(h));
            }
        }
    }

    /// <summary>
    /// The combined forecasts of y_{t+1} … y_{t+H} after <see cref="Observe"/>, given the RTU's own forecasts
    /// <paramref name="model"/> (NaN where it has none); remembers every member's forecasts to score them later.
    /// </summary>
    public void Combine(ReadOnlySpan<float> model, Span<float> forecast)
    {
        if (model.Length != _h || forecast.Length != _h) throw new ArgumentException($"model and forecast must hold {_h} values.", nameof(forecast));
        long t = _rows - 1;
        ComputePaths();
        _arma.Forecast(_armaPath);
        if (_airline is not null) { _airline.Forecast(_airlinePath); if (_observed >= 2) HoldNearTheLevel(_airlinePath, AirlineReach); }
        else Array.Fill(_airlinePath, double.NaN);
        if (_logAr is { Active: true }) _logAr.Forecast(_selectedArPath);
        else if (_selectedAr is not null) _selectedAr.Forecast(_selectedArPath);
        else Array.Fill(_selectedArPath, double.NaN);
        if (_seasonalArma is not null) _seasonalArma.Forecast(_seasonalArmaPath); else Array.Fill(_seasonalArmaPath, double.NaN);
        if (_secondSeasonalArma is not null) _secondSeasonalArma.Forecast(_secondSeasonalArmaPath); else Array.Fill(_secondSeasonalArmaPath, double.NaN);
        if (_linearTrend is not null) _linearTrend.Forecast(_linearTrendPath); else Array.Fill(_linearTrendPath, double.NaN);
        if (_driftSmoothing is not null) _driftSmoothing.Forecast(_driftPath); else Array.Fill(_driftPath, double.NaN);
        if (_adjustedDamped is not null)
        {
            _adjustedDamped.Forecast(_adjustedDampedPath);
            if (_classicalIndices is not null)
                for (int k = 0; k < _h; k++) _adjustedDampedPath[k] = _classicalIndices.Reseasonalise(_adjustedDampedPath[k], t + 1 + k);
        }
        else Array.Fill(_adjustedDampedPath, double.NaN);
        if (_comb is not null) _comb.Forecast(_combPath); else Array.Fill(_combPath, double.NaN);
        // The d = 2 member is scored at every row but combined only while the KPSS tests say d = 2, as auto.arima would
        // difference twice (layout 14, see the remarks).
        bool secondDifferences = _differencing is { Order: 2 };
        // A lone missing row was just filled: its forecasts made at t − 1 are kept before this row's take their slot.
        bool lone = _missingRun == 1 && t >= 1 && double.IsFinite(_oneStep);
        double judged = _oneStep;
        _gapNowcast = double.NaN;
        if (lone)
        {
            var made = _pending.AsSpan(PendingForecasts.Slot(t - 1, 1) * MemberCount, MemberCount);
            for (int i = 0; i < MemberCount; i++) _gapMade[i] = made[i];
        }

        double damp = 0, levelGap = double.NaN;   // the one-step forecast less the one-step seasonal naive (EarlySeasonalMove)
        for (int h = 1; h <= _h; h++)
        {
            var f = _member.AsSpan();
            damp = Phi * (1 + damp);   // φ + … + φ^h, one step further per horizon
            Members(h, damp, model[h - 1], f);
            if (_missingRun >= _history.Length && _observed > 0) HoldNearTheLevel(f, StepBound);
            if (t >= 0) { var slot = _pending.AsSpan(PendingForecasts.Slot(t, h) * MemberCount, MemberCount); for (int i = 0; i < MemberCount; i++) slot[i] = (float)RunningNormalizer.Saturate(f[i]); }
            var mean = new WeightedMean(LogMeanAt(h));
            var share = _weights.AsSpan((h - 1) * MemberCount, MemberCount);
            share.Clear();
            // With a season, members are compared h > 1 steps ahead only once the seasonal naive forecast has been scored
            // too: before, only non-seasonal members (naive, SES, the RTU's drift) could have been, and their h-step paths
            // have no season. One step ahead those are fair forecasts (and the better ones early on a trending series).
            // Before a season is seen there is no seasonal naive forecast to wait for: a horizon short against the
            // season combines the members scored so far, as one step ahead (CombinesFirstSeason).
            bool compared = _m <= 1 || h == 1 || _scores.Scored[(h - 1) * MemberCount + SeasonalNaive] >= MinimumScored
                || _combinesFirstSeason && h * FirstSeasonHorizonShare <= _m && _observed < _m && !double.IsFinite(f[SeasonalNaive]);
            int naive = (h - 1) * MemberCount + Naive;
            double gate = !_earlierCombination && h == 1 && _scores.Scored[naive] >= Window ? NaiveGate * _scores.LongMse[naive] : double.PositiveInfinity;
            bool tested = !_earlierCombination && h > 1;
            long needed = MembersNeeded(t, h, f);
            int reference = _scores.ReferenceExponent((h - 1) * MemberCount, MemberCount);
            for (int i = 0; i < MemberCount && compared; i++)
            {
                double w = CombinedWeight(h, i, f[i], needed, gate, tested, secondDifferences, reference);
                if (!double.IsFinite(w)) continue;
                mean.Add(w, f[i]); share[i] = w;
            }
            double combined = mean.OrFallback(f);
            if (!compared && _movesEarlySeasonalNaive && double.IsFinite(levelGap) && double.IsFinite(f[SeasonalNaive]))
            {
                double moved = f[SeasonalNaive] + EarlySeasonalMove * levelGap;   // layout 33
                // On a series positive throughout, a move to 0 or below (a strong season at a fall) keeps the seasonal
                // naive forecast, as the combination keeps the members above 0 (CombinesAboveZero).
                combined = _positive && !(moved > 0) ? f[SeasonalNaive] : moved;
            }
            if (_combinesAboveZero && _positive && !(combined > 0) && mean.Weights > 0)
            {
                // A forecast of 0 or below for a series positive throughout: the members above 0 alone (layout 32; see
                // CombinesAboveZero), as weighted as they were.
                var above = new WeightedMean(LogMeanAt(h));
                for (int i = 0; i < MemberCount; i++)
                    if (f[i] > 0 && share[i] > 0) above.Add(share[i], f[i]);
                if (above.Weights > 0)
                {
                    combined = above.OrFallback(f);
                    mean = above;
                    for (int i = 0; i < MemberCount; i++) if (!(f[i] > 0)) share[i] = 0;
                }
            }
            if (h == 1 && lone) _gapNowcast = ReweightedFill(judged, f, t, needed, gate, secondDifferences, reference);
            if (mean.Weights > 0) for (int i = 0; i < MemberCount; i++) share[i] /= mean.Weights;
            _uncorrected[h - 1] = combined;
            combined = ClipAtZero(_correction.Apply(t, h, combined, OutlierBound * _mae));
            // A seasonal zero is given out as 0; the pool's own one-step forecast (what the clean judges by) stays the combination's.
            forecast[h - 1] = IsSeasonalZero(t + h) ? 0f : (float)RunningNormalizer.Saturate(ClipToSupport(combined));
            if (h == 1) _oneStep = double.IsFinite(combined) ? combined : double.NaN;
            if (h == 1) levelGap = combined - f[SeasonalNaive];   // NaN before a season
        }
    }

    /// <summary>
    /// On a series positive throughout, a combined forecast of 0 or below is taken from the members that forecast above 0
    /// alone, with their weights (layout 32; nothing changes while none does).
    /// </summary>
    /// <remarks>
    /// Why: on the decline after a tall peak the members' weights stay ruled by the peak's errors (recent errors are
    /// absolute, and they shrink with the level faster than they are forgotten), the members that carry a straight trend
    /// on (the M4 Comb, Theta, the linear trend, the RTU) go far below 0, the weighted mean of f is below 0 and the
    /// forecast is clipped to 0: an outside audit's epidemic decline in noisy counts had 41 one-step forecasts of 0 for
    /// values in the hundreds (row 170: 103, 95 % interval [0, 22,323]), MAE 162 over rows 140–200 against the naive
    /// forecast's 54; with the rule none, MAE 112. Left out at every row instead (the members below 0 of every positive
    /// series), it cost the 323 series 0.4857 → 0.4861 (influMen_influenza +10 %, westnile_CA_daily +6.5 %: on a
    /// season's fall the members below 0 pull the forecast down as they should); only where the forecast would be 0 it
    /// moves two (measles_US_yearly −0.4 %, lynx +0.2 %). Scoring the members by errors relative to the level instead
    /// cost 0.4857 → 0.4872.
    /// </remarks>
    public bool CombinesAboveZero => _combinesAboveZero;

    /// <summary>
    /// With a season, before the seasonal naive forecast has been scored <see cref="MinimumScored"/> times h &gt; 1 steps
    /// ahead (no member is combined there yet), the h-step forecast is the seasonal naive one moved by this share of the
    /// one-step forecast's distance from the one-step seasonal naive, once that exists (a season in; layout 33): last
    /// season's shape, halfway to the level the one-step combination sees now.
    /// </summary>
    /// <remarks>
    /// Why: the seasonal naive forecast alone was the forecast for about h + 2 origins after the first season (origins
    /// 6–13 of a monthly series six steps ahead, 46–53 of a weekly one), however far the level had moved in a year: an
    /// outside audit of short series found a weekly trend's six-step forecast drop from 166 to 101 for values of 180, and
    /// a product launched after nine months of 0 forecast 0 six months ahead after five months of sales of 30–60 (the
    /// window's six-step errors 2.06 times the naive forecast's on the weekly series of the twelfth held-out set). Moved by
    /// the whole distance, the one-step seasonal naive's error moves every horizon with it: six steps ahead over the 228
    /// seasonal series of the sets 0.7152 → 0.7104 and 12 → 16 worse than seasonal naive; by half 0.7096 and 11; by three
    /// quarters 0.7093 and 13; by half in proportion on positive series (the seasonal naive times the square root of
    /// the one-step ratio) 0.7115 and 14. The move needs the one-step seasonal naive, a season in: six steps ahead it
    /// reaches origins 11–13 of a monthly series' window of 6–13, 51–53 of a weekly one's 46–53. On a series positive
    /// throughout a move to 0 or below keeps the seasonal naive (a review: a monthly season of 100s and 5s falling to a
    /// fifth gave twelve forecasts of 0; 0.7096 → 0.7095). One step ahead nothing changes (the members are compared there
    /// from the start).
    /// </remarks>
    public const double EarlySeasonalMove = 0.5;

    /// <summary>
    /// Whether, with a season, the members scored so far are combined h &gt; 1 steps ahead, for h at most a
    /// <see cref="FirstSeasonHorizonShare"/>-th of the season, before a season of rows has been observed (no seasonal naive
    /// forecast of the target exists yet), as one step ahead (layout 37; false only for a pool read from a layout 1–36
    /// file, which gives the naive forecast there, as it did).
    /// </summary>
    /// <remarks>
    /// Why: the rule that waits for the seasonal naive forecast to be scored h steps ahead (the second season's) gave the
    /// naive forecast for the whole first season, and again after each change of scale, which starts the pool afresh: an
    /// outside audit of process data had a 16-bit counter that wraps, and a tool's wear reset at each change, forecast 15
    /// minutes ahead as the value 15 minutes back on 78 % and 91 % of their rows (a daily season of 1,440 minutes never
    /// seen between resets): MAE 990 where the same file without a season scored 37.
    /// </remarks>
    public bool CombinesFirstSeason => _combinesFirstSeason;

    /// <summary>
    /// A horizon is combined in the first season (<see cref="CombinesFirstSeason"/>) when this many of it fit in the
    /// season: up to 30 minutes of a day of minutes, 30 minutes of a day of 5-minute steps; none of a day of hours or a
    /// weekly year.
    /// </summary>
    /// <remarks>
    /// Why: over a short stretch of the season its shape moves the value little and the members' trends carry the level
    /// on; further ahead the swing dominates, and the non-seasonal members, the only ones scored before a season, carry
    /// a rise past its turn. Combined at every horizon (an outside review, first-season targets, three seeds): minute data
    /// 15 steps ahead −3 to −9 %, but hourly seasons 6 steps ahead +11 to +26 %, weekly 13 steps +22 %, monthly 2 steps
    /// +11 %; and a pool frozen in its first season kept the early weights for it. At a twelfth of the season, hourly
    /// data 2 steps ahead still +3 to +16 % (a load shape, solar, call counts; a sine −8 %) and a weekly epidemic 2 steps
    /// +23 %, where minute data 15 steps ahead (1 % of the day) gained 3–9 %.
    /// </remarks>
    public const int FirstSeasonHorizonShare = 48;

    /// <summary>Whether the early h-step seasonal naive forecast is moved toward the current level (<see cref="EarlySeasonalMove"/>; false only for a pool read from a layout 1–32 file, which continues as it was).</summary>
    public bool MovesEarlySeasonalNaive => _movesEarlySeasonalNaive;

    // Each finite forecast held within `deviations` running standard deviations of the level (the autoregressions' steps
    // are held so, StepBound). Used past a gap longer than the history, for every member: the pool's own states wait as
    // they are, but the members that forecast past a missing row themselves go on along their own paths, and over
    // thousands of rows those drift without bound (a trend carried on, a log-scale member's growth compounded: a monthly
    // series of about 100 forecast at 176 after 10,000 missing rows, 1.4·10⁸ after 200,000; an outside audit's reached
    // 10³⁷); gaps up to the history's length (a season and four rows) are filled and forecast as before. And always for
    // the airline member's path (AirlineReach).
    private void HoldNearTheLevel(Span<double> forecasts, double deviations)
    {
        double reach = deviations * LevelScale, low = _levelMean - reach, high = _levelMean + reach;
        for (int i = 0; i < forecasts.Length; i++) if (double.IsFinite(forecasts[i])) forecasts[i] = Math.Clamp(forecasts[i], low, high);
    }

    /// <summary>
    /// The airline member's h-step forecasts are held within this many running standard deviations of the level (the
    /// autoregressions' steps within <c>StepBound</c>, 10).
    /// </summary>
    /// <remarks>
    /// The airline model on ln y carries the last season's change on, compounded, at every step: on a series of
    /// independent draws of 10 or 20 (an outside audit) its 24-step forecast reached 16,448, and with a few percent of the
    /// weight the combination's 24-step forecast 1,375, for 21 rows. Over the twelve sets' 323 series the hold changes
    /// one series, ArgentinaCPI through its hyperinflation: one step 0.380 → 0.342, six steps 0.976 → 0.958 (every other
    /// forecast, one and six steps, bit for bit); at 10 it cost ArgentinaCPI 0.380 → 0.630.
    /// </remarks>
    public const double AirlineReach = 20;

    // Member i's weight in horizon h's combination with forecast `forecast` (in the unit 2^reference of the errors'
    // measure, MemberScores.Weight), or NaN when it is left out: without a forecast, scored fewer than `needed` times, the
    // d = 2 member while the KPSS tests do not say d = 2, or (but the naive) worse than the naive forecast over the long run
    // (the gate at h = 1, the test beyond).
    private double CombinedWeight(int h, int i, double forecast, long needed, double gate, bool tested, bool secondDifferences, int reference)
    {
        int j = (h - 1) * MemberCount + i;
        if (!double.IsFinite(forecast) || _scores.Scored[j] < needed || i == LinearTrend && !secondDifferences) return double.NaN;
        if (i != Naive && (_scores.LongMse[j] > gate || tested && _scores.WorseThanNaive(j))) return double.NaN;   // no forecaster here
        return _scores.Weight(j, reference) * PriorFactor(h, i);
    }

    // Whether horizon h combines by the weighted mean of ln f (layout 22: one step ahead, as the member priors, and not
    // with a second season; see the remarks).
    private bool LogMeanAt(int h) => h == 1 && _logMean && _m2 == 0;

    // The members' weighted mean: of f, or (logs) of ln f where every member added forecasts above 0, else of f; when
    // none is added (or the mean is not finite), the fallback: the seasonal naive forecast, else the naive, else the RTU's.
    private struct WeightedMean(bool logs)
    {
        private double _sum, _logSum;
        private bool _positive = true;

        public double Weights { get; private set; }

        public void Add(double w, double f)
        {
            _sum += w * f; Weights += w;
            if (!logs) return;
            if (f > 0) _logSum += w * Math.Log(f); else _positive = false;
        }

        public readonly double OrFallback(ReadOnlySpan<double> f)
        {
            double mean = Weights > 0 ? (logs && _positive ? Math.Exp(_logSum / Weights) : _sum / Weights) : double.NaN;
            return double.IsFinite(mean) ? mean
                : double.IsFinite(f[SeasonalNaive]) ? f[SeasonalNaive] : double.IsFinite(f[Naive]) ? f[Naive] : f[Model];
        }
    }

    /// <summary>
    /// After a lone missing row, the one-step forecast of it that is consistent with the forecast of the next row
    /// (<see cref="JudgedAgainst"/> now, which a smoothed gap compares the next value with,
    /// <see cref="SmoothedGap"/>): the forecast it was filled with, made at the row before, re-weighted with the weights
    /// that made the next row's; NaN when the last row was not a lone filled gap.
    /// </summary>
    /// <remarks>
    /// Nothing is scored at a missing row, so the weights are those of the row before and this is the fill itself, but
    /// where the members combined change at the gap: among a series' first rows, a gap at row 3 leaves every member with
    /// two scored errors and the combination goes from the naive fallback to the members with two. On austres the fill
    /// was 13,198.4 (the naive forecast) while the members that forecast the next row at 13,327.5 (the RTU, mostly) had
    /// forecast 13,263.0 for the gap; half the next value's miss added to the fill gave 13,186.8 for a value of 13,254.2,
    /// which the fitted members carried for the rest of the series (its MAE +18 %), added to the re-weighted fill 13,251.1.
    /// Over the missing-value screen of all 139 series (one value missing at 11 places each), it changed 133 smoothed
    /// values: 85 came nearer the true value, and their errors fell by 30 % (geometric mean); the other smoothed values,
    /// and every forecast of the series as they are, stay bit for bit.
    /// </remarks>
    public double GapNowcast() => _gapNowcast;

    // The fill `judged` moved by the change of weights between the row before the gap and now: the forecasts made of the
    // gap (_gapMade) combined over the members combined now (those with a forecast of it) minus combined as they were
    // then (equal, bit for bit, when the same members are combined).
    private double ReweightedFill(double judged, ReadOnlySpan<double> f, long t, long needed, double gate, bool secondDifferences, int reference)
    {
        long neededBefore = MembersNeeded(t - 1, 1, _gapMade);
        WeightedMean now = new(LogMeanAt(1)), before = new(LogMeanAt(1));
        for (int i = 0; i < MemberCount; i++)
        {
            double wBefore = CombinedWeight(1, i, _gapMade[i], neededBefore, gate, false, secondDifferences, reference);
            if (double.IsFinite(wBefore)) before.Add(wBefore, _gapMade[i]);
            double w = CombinedWeight(1, i, f[i], needed, gate, false, secondDifferences, reference);
            if (double.IsFinite(w) && double.IsFinite(_gapMade[i])) now.Add(w, _gapMade[i]);
        }
        return judged + (now.OrFallback(_gapMade) - before.OrFallback(_gapMade));
    }

    // How many scored h-step forecasts a member needs to be combined at row t: MinimumScored, unless missing targets have
    // cost every member scores it would have had by now (t ≥ MinimumScored + h − 1): then as many as the most-scored
    // has. Else a value missing among the first rows of a quarterly series left the forecast at the seasonal naive one
    // where the season first allows it (austres, row 1 missing: row 3's forecast a year's growth off, 13,067 for 13,304).
    private long MembersNeeded(long t, int h, ReadOnlySpan<double> f)
    {
        if (t < MinimumScored + h - 1) return MinimumScored;
        long most = 0;
        for (int i = 0; i < MemberCount && most < MinimumScored; i++)   // stops at the first with enough: the naive, as a rule
            if (double.IsFinite(f[i])) most = Math.Max(most, _scores.Scored[(h - 1) * MemberCount + i]);
        return Math.Clamp(most, 1, MinimumScored);
    }
}
