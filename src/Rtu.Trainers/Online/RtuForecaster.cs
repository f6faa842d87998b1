using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <summary>
/// One series' online forecaster: turns each new value y_t into normalised inputs, steps an
/// <see cref="OnlineRtuLearner"/> that learns the next change, and writes level forecasts ŷ_{t+1} … ŷ_{t+H}.
/// </summary>
/// <remarks>
/// <para>It models changes d_t = y_t − y_{t−1}, not levels, so a trend needs no extrapolation and an untrained model
/// (zero heads) is the naive forecast with drift: ŷ_{t+h} = y_t + h·μ_d.
/// Inputs x_t: the last <see cref="RtuForecasterSettings.Lags"/> changes, the change one season ago d_{t+1−m}
/// (which lets it learn seasonal patterns), the level, and exogenous features — each scaled online by its running
/// mean and standard deviation (<see cref="RunningNormalizer"/>). The label is the normalised change
/// c_t = (d_t − μ_d)/σ_d; output h predicts c_{t+1} + … + c_{t+h}, so ŷ_{t+h} = y_t + h·μ_d + σ_d·output_h.</para>
/// <para>Shrinkage (<see cref="RtuForecasterSettings.ShrinkTowardNaive"/>): the learned part σ_d·output_h is scaled by
/// w ∈ [0, 1], the least-squares factor between past one-step outputs and their targets, so the forecast stays near
/// the naive forecast until, and unless, the model shows skill.</para>
/// <para>Seasonal combination (<see cref="RtuForecasterSettings.CombineWithSeasonalNaive"/>): with a season, the final
/// forecast is F_h + β_h·(S_h − F_h), S_h the seasonal-naive value, β_h the weight that past errors support (0 unless
/// the seasonal naive has clearly helped). The RTU learns a season slowly from scratch; this covers the short series.</para>
/// <para>Spikes: a value the pool flags as a possible spike (<see cref="ForecastPool.MaySpike"/>) is held for one row
/// with a snapshot of the forecaster before it; when the next value returns (<see cref="ForecastPool.SpikeReturned"/>)
/// the forecaster goes back to the snapshot and observes the spike as a missing value, keeping the RTU's parameters as
/// they are (<c>SpikeRewind</c>). Learning only: a frozen forecaster cleans each value once, as the exported graph does,
/// and observes a gross possible spike as missing at once (<c>ForecastPool.GrossBound</c>). A forecaster read from a
/// file of settings layout 1–4 continues without it, as it was. A series' first rows come before the pool can judge a
/// spike: they are kept with a snapshot of the forecaster before the first, judged from the third value until five are
/// seen, and replayed from it with the spikes as missing values (<c>StartupSpikes</c>; settings layout 6, learning
/// only). When instead the next value stays near the held one (a jump) that lay more than <see cref="JumpShiftBound"/>
/// clean scales from its forecast, and with the past moved to it the next value is no outlier and nearer its forecast
/// than without, the held row is observed again as a level shift: the pool's past moved to it (<see cref="ForecastPool.ShiftTo"/>)
/// and the value taken as it is, where before it stayed cleaned and the members carried a ramp (settings layout 8,
/// learning only, not where the value repeats the second season; a forecaster read from an older file keeps the jump
/// cleaned). A glitch of several rows (a run that begins with a gross possible spike beyond every value the series has
/// given, those thrown out as spikes left out, stays away for up to <see cref="ForecastPool.ReturnWindow"/> rows, then
/// comes back for two) is observed again from before its first row, its values as missing and the RTU's parameters as
/// they were, or with weights shared among series less its own steps (<c>GlitchRun</c>, <see cref="SharesWeights"/>;
/// settings layout 19, learning only; a forecaster read from an older file keeps such runs as they were observed).</para>
/// <para>Missing values (NaN): a missing y_t gives no label (no learning from it) and its change inputs are imputed
/// by the mean (0 after scaling); forecasts continue from the last observed value. After a gap of g rows the next
/// change is spread as (y_t − y_last)/g. Missing exogenous values are imputed by their running mean. The pool fills
/// the row with its combined forecast and bridges the gap when the series resumes (<see cref="ForecastPool"/>, layout
/// 18), and the intervals of a forecast made after missing rows are widened (<see cref="ConformalIntervals.GapWidening"/>).
/// A lone missing value (and a spike that returned) is held for one row like a possible spike, and once the next value
/// is seen observed again as the value it most likely was (<see cref="ForecastPool.SmoothedGap"/>; settings layout 7,
/// learning only; a forecaster read from an older file keeps it missing). Before the first value every forecast is
/// NaN.</para>
/// </remarks>
public sealed class RtuForecaster
{
    // Normaliser features: ForecastFeatures.ChangeFeature, LevelFeature, ExogenousFeature + e.
    // The state below is not readonly only so that a spike rewind can take it back from a snapshot (TakeStateOf: every
    // field of the state is listed there).
    private RunningNormalizer _norm;
    private ForecastFeatures _features;   // inputs layout and series history
    private float[] _x;
    private float[] _outputs;
    private float[] _seasonal;   // e_h: the seasonal-naive guess of c_{t+1} + … + c_{t+h}, h = 2..H
    private SkillShrinkage _shrink = new();   // the skill factor of output 1 against its target
    // Seasonal-naive combination: the (F, S) of the forecasts made at the last H rows, and per horizon the running
    // E[b²], E[r·b], E[r²] (r = y − F, b = S − F), their count and the weight β_h.
    private double[] _pending, _combine, _beta;
    private long[] _combineCount;
    private ForecastPool _pool;     // the final combination with simple forecasters, and the robust clean
    private float[] _model, _combined; // the RTU's forecasts (after the seasonal-naive step); the pool's
    private ConformalIntervals _intervals; // 80 % and 95 % intervals around the final forecasts
    private double? _replayedGiven;        // while a kept row is observed again (Replayed): the value given at it, for the intervals
    private readonly SpikeRewind _rewind;   // a possible spike held for one row
    private bool _rewindsSpikes = true;     // false for a forecaster read from a layout 1–4 file: it continues as it was
    private bool _smoothsGaps = true;       // false for a forecaster read from a layout 1–6 file: it continues as it was
    private bool _shiftsJumps = true;       // false for a forecaster read from a layout 1–7 file: it continues as it was
    private readonly StartupSpikes _startup; // the first rows, kept until they are judged (a new series)
    private PeriodicColumns? _periodic;   // whether the exogenous columns only repeat the season (null without columns)
    private bool _restartsExogenousScaling = true;   // settings layout 23: a column's first change after a constant history restarts its statistics
    private bool _limitsJumps = true;                // settings layout 23: a held jump beyond MaxJumpShift is no level shift
    private bool _voidsDisownedGross = true;         // settings layout 24: a held spike beyond precision the next value takes the other way is observed again as its forecast
    private bool _reviewsFirstSeasons = true; // false for a forecaster read from a layout 1–8 file: it continues as it was
    private readonly FirstSeasonsReview _review; // a seasonal series' first three seasons, kept until they are judged again
    private bool _judgesSpikesProvisionally = true; // false for a forecaster read from a layout 1–9 file: it continues as it was
    private bool _estimatesReviewedRows = true;     // false for a forecaster read from a layout 1–10 file: it continues as it was
    private bool _refinesGrossJudgement = true;     // false for a forecaster read from a layout 1–11 file: it continues as it was
    // The exogenous columns' effect, regressed out before the pool and added back to its forecasts (null without exogenous
    // columns, and for a forecaster read from a layout 1–12 file: it continues as it was, the columns reaching the RTU alone).
    private ExogenousEffect? _effect;
    private double _heldEffect;   // the effect subtracted at the held row (SpikeRewind): the held values are as given, the pool's are adjusted
    private bool _explainsByJump = true;            // false for a forecaster read from a layout 1–13 file: it continues as it was
    private bool _movedInProportion;                // a forecaster made by ShiftedToHeldValue whose pool moved its past in proportion (not saved)
    private SeriesChange _change;                   // the change confirmed at the last row observed (LastChange; not saved)
    private SeriesChange _heldChange;               // a forecaster made by ShiftedToHeldValue: the shift it made at the held row (not saved)
    private bool _heldConfirmed;                    // the held possible spike confirmed a change (not saved: a held row is observed again on load)
    private bool _liftsHeldSpikes = true;           // false for a forecaster read from a layout 1–14 file: it continues as it was
    private double _persistenceSum;                 // the held possible spikes' persistences seen (HeldSpikePersistence)
    private long _persistenceCount;                 // and how many
    private bool _liftsGrossSpikes = true;          // false for a forecaster read from a layout 1–17 file: it continues as it was
    private double _grossPersistenceSum;            // the held gross possible spikes' persistences seen (HeldGrossSpikePersistence)
    private long _grossPersistenceCount;            // and how many
    private double _grossStayedUp, _grossStayedDown; // the largest gross jumps up and down that the next value kept most of (GrossLiftSize)
    private bool _undoesGlitchRuns = true;          // false for a forecaster read from a layout 1–18 file: it continues as it was
    private bool _replaysFromBeforeTheRows = true;  // false for a forecaster read from a layout 1–20 file (Replayed): it continues as it was
    private readonly GlitchRun _run;                // a run of values far from the series that began with a gross possible spike
    private readonly OwnSteps _ownSteps = new();    // the RTU's own steps while a run is kept (taken back from shared weights when undone)
    private double _seenLow = double.PositiveInfinity, _seenHigh = double.NegativeInfinity;   // the values given, but spikes thrown out and runs undone (GlitchRun)
    private bool _grossLifted;                      // the held gross possible spike's forecasts were moved toward it (not saved: a held row is observed again on load)
    private readonly float[] _unlifted;             // and its forecasts as if it were missing, before the move (the old level the intervals span)
    private bool _lifts;                            // the row being stepped may be held as a possible spike (LiftTowardHeldValue)
    private bool _replaying;                        // observing the last kept row again (Replayed): its hold is dropped, so nothing is lifted
    private double _notTaken;                       // the last row's value less the value the clean took (0: taken as it is; not saved: a held row is observed again on load)

    // Possible spikes are judged provisionally now: the first seasons' review, which judges them again, is still to come.
    private bool JudgesProvisionally => _judgesSpikesProvisionally && _review.Open;

    /// <summary>Creates a forecaster.</summary>
    public RtuForecaster(RtuForecasterSettings settings)
        : this(Validated(settings), new OnlineRtuLearner(settings.InputSize, settings.Learner))
    {
        _startup.Reopen();
        _review.Reopen();
    }

    private RtuForecaster(RtuForecasterSettings settings, OnlineRtuLearner learner)
    {
        Settings = settings;
        Learner = learner;
        _features = new ForecastFeatures(settings);
        _norm = new RunningNormalizer(_features.NormalizerSize, settings.NormalizerWindow, settings.InputClip);
        _x = new float[_features.InputSize];
        _outputs = new float[Horizon];
        _seasonal = new float[Math.Max(0, Horizon - 1)];
        _pending = new double[PendingForecasts.Slots(Horizon) * 2];
        _combine = new double[Horizon * 3];
        _beta = new double[Horizon];
        _combineCount = new long[Horizon];
        Array.Fill(_pending, double.NaN);
        _pool = new ForecastPool(settings.SeasonLength, Horizon, settings.SecondSeason, settings.SeasonalRatioMember ? settings : null);
        _model = new float[Horizon];
        _combined = new float[Horizon];
        _unlifted = new float[Horizon];
        Array.Fill(_combined, float.NaN);
        _intervals = new ConformalIntervals(Horizon);
        _rewind = new SpikeRewind(settings.ExogenousCount);
        _startup = new StartupSpikes(settings.ExogenousCount);
        _review = new FirstSeasonsReview(settings.SeasonLength, settings.ExogenousCount);
        _run = new GlitchRun(settings.ExogenousCount);
        _effect = settings.ExogenousCount > 0 ? new ExogenousEffect(settings.ExogenousCount, Horizon) : null;
        _periodic = settings.ExogenousCount > 0 ? new PeriodicColumns(settings.ExogenousCount, settings.SeasonLength) : null;
    }

    private static RtuForecasterSettings Validated(RtuForecasterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings;
    }

    /// <summary>The settings.</summary>
    public RtuForecasterSettings Settings { get; }

    /// <summary>The RTU and heads (for exporters and inspection).</summary>
    public OnlineRtuLearner Learner { get; private set; }

    /// <summary>Running statistics: feature 0 the change d, 1 the level y, 2.. the exogenous features.</summary>
    public RunningNormalizer Normalizer => _norm;

    /// <summary>The inputs' layout and the series history (read it only).</summary>
    public ForecastFeatures Features => _features;

    /// <summary>Forecast horizon H.</summary>
    public int Horizon => Settings.Learner.Horizon;

    /// <summary>The last observed value (NaN before the first).</summary>
    public double LastValue => _features.LastValue;

    /// <summary>Rows observed.</summary>
    public long Rows => _features.Rows;

    /// <summary>
    /// The factor w ∈ [0, 1] that scales the learned part of the forecast (the shrinkage toward the naive forecast);
    /// 1 when <see cref="RtuForecasterSettings.ShrinkTowardNaive"/> is off.
    /// </summary>
    public double ShrinkFactor => Settings.ShrinkTowardNaive ? _shrink.Factor : 1;

    /// <summary>
    /// The weights β_1 … β_H ∈ [0, 1] of the seasonal-naive forecast in each horizon's final forecast
    /// (<see cref="RtuForecasterSettings.CombineWithSeasonalNaive"/>); all 0 when the combination is off or no season is set.
    /// </summary>
    public IReadOnlyList<double> SeasonalNaiveWeights => Array.AsReadOnly(Combining ? _beta : new double[Horizon]);

    /// <summary>
    /// Observes row t: the value y_t (NaN: missing) and its exogenous features; learns from it when
    /// <paramref name="learn"/> is true; writes ŷ_{t+1} … ŷ_{t+H} into <paramref name="forecast"/> and the RTU state
    /// into <paramref name="state"/> (either may be empty). With <paramref name="learn"/> false the weights and the
    /// running statistics stay frozen; the recurrent state, the history and the forecast pool's member states still
    /// advance, and a confirmed change of the series' units (<see cref="ForecastPool.ScaleChangeFactor"/>) converts the
    /// statistics, the history and the pool to the new units (a learning forecaster restarts them instead).
    /// </summary>
    public void Observe(double value, ReadOnlySpan<float> exogenous, bool learn, Span<float> forecast, Span<float> state)
    {
        _grossLifted = false;   // a hold lasts one row: the next value ends it, kept or observed again
        if (exogenous.Length != Settings.ExogenousCount)
            throw new ArgumentException($"Expected {Settings.ExogenousCount} exogenous values, got {exogenous.Length}.", nameof(exogenous));
        if (!forecast.IsEmpty && forecast.Length != Horizon)
            throw new ArgumentException($"forecast must hold {Horizon} values (the horizon), got {forecast.Length}.", nameof(forecast));
        _change = SeriesChange.None;
        // A new series' first rows (StartupSpikes): kept until five values that are not spikes are seen and judged from the
        // third on; when a judgement changes they are observed again, from the forecaster as it was before the first row,
        // the spikes as missing values.
        bool keep = false;   // the row is kept after its step (a snapshot taken before the step must not hold it)
        // A seasonal series' first three seasons (FirstSeasonsReview): kept from the first row on, judged again at the last,
        // and observed again from before the first row when a spike is found among them. Both snapshots are taken before
        // either record holds this row.
        bool reviewing = _review.Open && learn && _rewindsSpikes && _reviewsFirstSeasons;
        if (_review.Open && !reviewing) _review.Close();
        bool reviewStarts = reviewing && _review.Rows == 0;
        if (reviewStarts) _review.Snapshot.Take(Save, SnapshotSizeHint);
        // Both records start at a series' first row: the same forecaster, the same bytes, written once (at H = 1,000 a
        // Save of 140 MB).
        if (_startup.Open && learn && _rewindsSpikes && _startup.Rows == 0)
        {
            if (reviewStarts) _startup.Snapshot.CopyFrom(_review.Snapshot);
            else _startup.Snapshot.Take(Save, SnapshotSizeHint);
        }
        bool keepSeason = false;   // as keep, for the first seasons' record
        if (reviewing)
        {
            _review.Record(value, exogenous);
            if (_review.Complete)
            {
                if (_review.Judge(_estimatesReviewedRows)) { ReplayFirstSeasons(forecast, state); return; }
                _review.Close();
            }
            else { _review.Unrecord(); keepSeason = true; }
        }
        if (_startup.Open)
        {
            if (!learn || !_rewindsSpikes) _startup.Close();
            else
            {
                _startup.Record(value, exogenous);
                bool replay = _startup.Judge(), complete = _startup.Complete;
                // A lone missing value among them is smoothed as after them: the value after it has the kept rows
                // observed again, and the replay holds the gap and smooths it (RewindHeldRow).
                replay |= _smoothsGaps && double.IsFinite(value) && FollowsALoneFirstGap();
                if (replay)
                {
                    ReplayFirstRows(forecast, state);
                    if (complete) CloseFirstRows();
                    if (keepSeason) _review.Record(value, exogenous);
                    return;
                }
                if (complete) CloseFirstRows();   // judged for the last time: this row goes on as any other
                else { _startup.Unrecord(); keep = true; }
            }
        }
        // A run of values far from the series that began with a gross possible spike (GlitchRun, settings layout 19): the
        // second value in a row back at the level before it has the run observed again, its rows as missing values.
        bool keepRun = false, closeRun = false, runStarts = false;
        bool heldInRun = _run.Open;   // the row before, if held, is the run's last: the run decides whether it is noted
        if (_run.Open)
        {
            _ownSteps.BeforeRow(Learner);
            var (keepIt, undo) = learn && _undoesGlitchRuns ? _run.Judge(value) : (false, false);
            if (undo)
            {
                _run.Keep(value, exogenous);
                // The held spikes' persistences stay this forecaster's: the run's first row, held, was kept by the next
                // (see the notebook's seventy-second pass for what leaving that out cost).
                TakeStateOf(Replayed(_run, forecast, state));
                for (int i = 0; i < _run.Rows; i++)
                    if (!_run.IsSpike(i)) NoteSeen(_run.Value(i));   // the values back; the run's are forgotten
                // The changes confirmed during the run (a shift to the glitch, or back) are withdrawn with it.
                if (_run.Changed) _change = new(SeriesChangeKind.Withdrawn, _run.Rows - 1, _run.Value(0), value);
                _run.Close();
                _ownSteps.Close();
                GlitchRunsUndone++;
                return;
            }
            if (keepIt) keepRun = true; else closeRun = true;   // closed once the hold of its last row is decided
        }
        // The last row's possible spike or lone missing value (SpikeRewind): when this value returns, that row is observed
        // again, as the value this one shows it most likely was; when it stays near a jump that a level shift explains,
        // as that shift (IsJump, ShiftExplains).
        // With an exogenous effect the pool works on the adjusted series: each judgement compares values adjusted by their
        // rows' effects (the held row's values are kept as given, the next value is moved into the held row's terms).
        if (learn && _liftsHeldSpikes) NotePersistence(value);
        var shifted = learn && _shiftsJumps && IsJump(value) ? ShiftedToHeldValue(value) : null;
        // A held value ≤ 0 of a series positive until then is back once the next value is above half its forecast
        // (ForecastPool.NonPositiveValues.cs): a weekday's swing up from a Sunday's 0 is no jump to it.
        bool heldNonPositive = _rewind.Pending && _pool.HeldNonPositive;
        bool heldToNote = _rewind.Pending && double.IsFinite(_rewind.Spike) && !heldInRun;
        double held = _rewind.Spike;
        // A held gross possible spike beyond a double's precision that this value takes beyond it the other way
        // (DisownsGross): observed again as its forecast, not smoothed toward this value, which is judged afresh after it.
        bool voids = learn && _voidsDisownedGross && shifted is null && (!heldInRun || closeRun) && DisownsGross(AsHeld(value));
        bool returned = _rewind.Returned(AsHeld(value));   // ends the hold either way
        voids &= !returned;
        // A held gross value ≤ 0 is not back at a value that disowns it from the other side (a burst of ±3e38 on a positive
        // series: the −3e38 observed as missing and remembered as given, the season-repeat rule took the next season's).
        returned |= !voids && heldNonPositive && ForecastPool.NonPositiveReturned(_rewind.JudgedAgainst, AsHeld(value));
        // A held value joins the range seen once the next value keeps it; one that returned was thrown out (a lone error
        // code as large as a later glitch's, noted, kept every such glitch from being undone).
        bool thrownOut = (returned || voids) && learn;
        if (heldToNote && !thrownOut) NoteSeen(held);
        if (closeRun) CloseRun(lastThrownOut: thrownOut);
        if (returned && learn)
        {
            // A held row that had confirmed a change (a return that undid a shift) was a spike after all: the change is
            // withdrawn with the row (observed again as missing or as its likeliest value).
            if (_heldConfirmed) _change = new(SeriesChangeKind.Withdrawn, 1, _rewind.Spike, value);
            RewindHeldRow(value);
        }
        else if (voids)
        {
            if (_heldConfirmed) _change = new(SeriesChangeKind.Withdrawn, 1, _rewind.Spike, value);
            RewindHeldRow(value, disowned: true);
        }
        else if (shifted is not null && ShiftExplains(shifted, value))
        {
            TakeStateOf(shifted);
            // A held row that had undone a shift, now taken as a level shift to it: the same change, reported at that row.
            _change = _heldConfirmed ? SeriesChange.None : shifted._heldChange;
        }
        // While the first seasons will be reviewed, the pool judges possible spikes provisionally after the first season, at
        // its clean's bound from its first errors: one rewound now is observed again as the review judges it.
        _pool.JudgesProvisionally = JudgesProvisionally;
        _pool.JudgesGrossByMembers = _pool.JudgesGrossInProportion = _refinesGrossJudgement;
        bool watch = _rewindsSpikes && learn && _pool.MayBeOutlier(Adjusted(value));
        bool gap = _smoothsGaps && learn && double.IsNaN(value) && _features.Gap == 0 && !_startup.Open && double.IsFinite(_pool.JudgedAgainst);
        double judgedAgainst = _pool.JudgedAgainst, judgedBy = watch ? _pool.OutlierScale : double.NaN;
        // The state before this row as it is: a run kept (GlitchRun) is left out, since its rows observed again would hold
        // its last row again, where this row's step has already decided it; the run's record lives on here.
        if (watch || gap) _rewind.Take(w => SaveState(w, keptRun: false), SnapshotSizeHint);
        else _rewind.Drop();   // releases the last snapshot's buffer
        double effect = _effect?.Current ?? 0;   // what Step subtracts from this row's value
        _lifts = watch && _liftsHeldSpikes;
        Step(value, asMissing: false, exogenous, learn, forecast, state);
        _lifts = false;
        if (gap || (watch && _pool.MaySpike)) _heldEffect = effect;
        if (gap || (watch && _pool.MaySpike)) _heldConfirmed = !gap && _pool.LastChange.Confirmed;   // a possible spike whose clean confirmed a change (an undone shift)
        if (gap) _rewind.HoldGap(HeldRaw(judgedAgainst), exogenous);
        else if (watch && _pool.MaySpike)
        {
            _rewind.Hold(RunningNormalizer.Saturate(value), HeldRaw(judgedAgainst), judgedBy, exogenous, _pool.GrossSpike);
            // Forecast as if the value were missing: after a spike, a forecast moved toward it is off by the move (a spike of
            // 100 standard deviations in nottem's sixth row: 809 for 57.7, as missing 61.0), and after a jump the cleaned
            // value had moved it by OutlierBound·s at most. The state stays the cleaned value's until the next row decides.
            if (_pool.GrossSpike)
            {
                var missing = RewoundToMissing();
                missing._combined.CopyTo(_combined);
                // On a series whose gross jumps stay (a tool change, a counter's wrap), moved toward it (settings layout 18).
                double jump = _rewind.Spike - _rewind.JudgedAgainst;
                _combined.CopyTo(_unlifted);
                _grossLifted = LiftsGross(jump) && LiftTowardHeldValue(jump, _grossPersistenceSum / _grossPersistenceCount, missing);
                if (_grossLifted) Settings.ClipToRange(_combined);
                if (!forecast.IsEmpty) _combined.CopyTo(forecast);
                // A run starts here, at a value beyond any the series has given: the forecaster before this row (the hold's
                // snapshot), kept while the values stay away.
                if (learn && _undoesGlitchRuns && !_run.Open && !_startup.Open && !_review.Open && !_replaying && (value > _seenHigh || value < _seenLow))
                {
                    _run.Start(HeldRaw(judgedAgainst), value);
                    _run.Snapshot.CopyFrom(_rewind.Snapshot);
                    _ownSteps.Start(Learner);
                    keepRun = runStarts = true;
                }
            }
        }
        if (keepRun)
        {
            _run.Keep(value, exogenous);
            if (_change.Confirmed) _run.NoteChange();
            if (!runStarts) _ownSteps.AfterRow(Learner);
        }
        else if (!_rewind.Pending || double.IsNaN(_rewind.Spike)) NoteSeen(value);   // a held value is noted at the next row
        if (keep) _startup.Record(value, exogenous);
        if (keepSeason)
        {
            _review.Record(value, exogenous);
            // The second season's end: a gap among the first two seasons (or a spike the pool rewound provisionally, this
            // row having decided the last) is observed again as its estimate from the other season, so the third season
            // is forecast with it; the rows stay kept for the review.
            if (_estimatesReviewedRows && !_startup.Open && _review.JudgeEarly()) TakeStateOf(Replayed(_review, forecast, state));
        }
    }

    // A spike among the first rows: the forecaster goes back to before the first row and observes the kept rows again
    // (this one included), the spikes as missing values; the rows stay kept until the last judgement.
    private void ReplayFirstRows(Span<float> forecast, Span<float> state)
    {
        TakeStateOf(Replayed(_startup, forecast, state));
        FirstRowsReplayed++;
    }

    // The forecaster as it was before the first row (kept.Snapshot), having observed the kept rows again, the spikes as
    // missing values, the last row writing forecast and state. A forecaster alone takes its RTU from the snapshot too
    // (settings layout 21; one read from an older file keeps the weights as they are, as it did), so that a replay which
    // observes the spikes as a missing value there would be observed is that series, bit for bit (not where the review
    // judges other rows with the value missing, or a spike stays a gap that a missing value's next row would smooth; the
    // held spikes' persistence and the intervals keep what was given): keeping the weights taught the RTU the kept rows
    // twice (UK spirits with a spike of 10 standard deviations in its first three seasons: forecasts after the review up
    // to 5e-4 from the missing value's, 1.4 % of their MAE; the spike screen 227 → 225 runs over 5 %, the missing-value
    // screen 211 → 209; of the 323 clean series 7 moved, 6 of them better, by −0.5 % to +0.3 %). With weights shared among
    // series (SharesWeights, passed on to the snapshot's forecaster read back, whose own replays keep them too) the other
    // series' steps since are in them: a replay of the first rows or seasons keeps the weights as they are now (as
    // RewoundToMissing does), and a run of gross spikes (GlitchRun) takes this series' own steps back, since its steps on
    // values far from the series must go: a glitch of 100, 150 and 150 standard deviations on co2, observed again as
    // missing values with the weights kept, still cost the rest of the series 14 times the clean run's MAE. The replay
    // keeps nothing itself: this forecaster's records go on. A hold of the rows before is void; one of the replayed last
    // row is the replay's own.
    private RtuForecaster Replayed(KeptRows kept, Span<float> forecast, Span<float> state)
    {
        var start = kept.Snapshot.Restore(r => Load(r, SharesWeights));   // a replay among the snapshot's own kept rows keeps shared weights too
        if (kept == _startup) start._startup.Close();   // the first seasons' replay judges its first rows again
        start._review.Close();
        if (kept == _run) { if (SharesWeights) _ownSteps.TakeBack(Learner, start.Learner); }   // as they are, less this series' own steps (OwnSteps)
        else if (SharesWeights || !_replaysFromBeforeTheRows) start.Learner.CopyParametersFrom(Learner);
        int rows = kept.Rows;
        for (int i = 0; i < rows; i++)
        {
            bool last = i == rows - 1;
            start._replaying = last;   // the last row's hold is dropped below: nothing to lift toward
            start._replayedGiven = kept.Value(i);   // the intervals judge the row on it, not on its estimate (layout 7)
            double again = kept.ObservedAgain(i);
            if (BitConverter.DoubleToInt64Bits(again) != BitConverter.DoubleToInt64Bits(kept.Value(i))) start._pool.ObservesEstimateNext();   // not as given
            start.Observe(again, kept.Exogenous(i), learn: true, last ? forecast : default, last ? state : default);
            start._replayedGiven = null;
        }
        // The spikes' given values, for the season-repeat rule: a first December that doubles the level is judged a spike
        // here, and the next December is taken only when it repeats the value given.
        long first = start._pool.Rows - rows;
        for (int i = 0; i < rows; i++)
            if (kept.IsSpike(i)) start._pool.RememberGiven(first + i, kept.Value(i));
        _rewind.Drop();
        _change = start._change;   // the replayed last row's (this row's)
        // The values seen are the replay's, the spikes among the first rows or seasons left out (a spike of 200 standard
        // deviations at co2's tenth row, noted, kept a later glitch of 150 from being undone); the last row, which the
        // replay may hold, as given. A run's range stays this forecaster's: its rows were never noted.
        if (kept != _run)
        {
            (_seenLow, _seenHigh) = (start._seenLow, start._seenHigh);
            if (!kept.IsSpike(rows - 1)) NoteSeen(kept.Value(rows - 1));
        }
        return start;
    }

    // The first rows are judged for the last time: the first seasons' review leaves the spikes judged there as they were
    // (observed as given, they are judged the same way again when the seasons are observed again).
    private void CloseFirstRows()
    {
        for (int i = 0; i < _startup.Rows && i < _review.Capacity; i++)
            if (_startup.IsSpike(i)) _review.JudgedBefore(i);
        _startup.Close();
    }

    // A spike among the first three seasons (FirstSeasonsReview): the forecaster goes back to before the first row and
    // observes the kept rows again (this one the last), the spikes as missing values, as ReplayFirstRows does.
    private void ReplayFirstSeasons(Span<float> forecast, Span<float> state)
    {
        TakeStateOf(Replayed(_review, forecast, state));
        _review.Close();
        FirstSeasonsReplayed++;
    }

    // The kept row before this one is missing, or a gross spike (StartupSpikes.IsGrossSpike), and the one before it
    // observed (the rows a replay smooths). A spike judged at its own row was observed there as a missing value with no
    // next value to smooth it, so it stayed missing: austres with a spike of 100 standard deviations at row 3 +47.7 % on
    // the rest of the series' MAE, as a missing value −2.3 %. A spike nearer than that stays missing: it may be the
    // season's first swing, which smoothed toward the level is forecast a season later only in part.
    private bool FollowsALoneFirstGap()
    {
        int n = _startup.Rows;
        return n >= 3 && (double.IsNaN(_startup.Value(n - 2)) || _startup.IsGrossSpike(n - 2)) && !_startup.IsSpike(n - 3) && double.IsFinite(_startup.Value(n - 3));
    }

    /// <summary>
    /// Whether rows are held to be judged (a new series' first rows, a possible spike, or a lone missing value): then
    /// <see cref="Save"/> writes the forecaster as it was before them and the rows, which <see cref="Load(BinaryReader)"/> observes
    /// again, so the RTU weights read back are the earlier ones plus what those rows teach, not the current ones. A host
    /// that shares weights among series takes them from a forecaster that holds none.
    /// </summary>
    public bool HoldsRowsToJudge => _startup.Pending || _rewind.Pending || _review.Pending || _run.Pending;

    /// <summary>
    /// Set by a host that shares the RTU's weights among series (a global model, which loads them before each row and
    /// takes them back after): a glitch of several rows undone (<c>GlitchRun</c>) then takes this series' own steps since
    /// it began back from the weights as they are, keeping the other series' steps, where a forecaster alone goes back to
    /// its weights from before the glitch; and a replay of the first rows or seasons keeps the weights as they are, where a
    /// forecaster alone takes them from before those rows (settings layout 21). Not saved: the host sets it, and reads its
    /// forecasters with <see cref="Load(BinaryReader, bool)"/>.
    /// </summary>
    public bool SharesWeights { get; set; }

    /// <summary>
    /// A possible spike is held (not gross, not a gap): the intervals <see cref="WriteInterval"/> writes also span its
    /// value, in case it was a true move.
    /// </summary>
    public bool HoldsPossibleSpike => _rewind.Pending && !_rewind.Gross && double.IsFinite(_rewind.Spike);

    /// <summary>
    /// The change of the series confirmed at the last row <see cref="Observe"/> took (<see cref="SeriesChange.None"/> if
    /// none): a level shift (a jump the next value confirmed, a run of <see cref="ForecastPool.ShiftConfirmation"/>
    /// outliers on one side, or a value back at the level before a recent shift, which undoes it:
    /// <see cref="ForecastPool.ReturnWindow"/>), a collapse moved in proportion (or its undoing), a change of scale that
    /// restarted the forecaster's scales, or the withdrawal of the row before's change or of those a glitch of several rows
    /// confirmed, once it was observed again as missing (<see cref="SeriesChangeKind.Withdrawn"/>).
    /// Its levels are in the series' own terms (with exogenous columns, their effect included). When a new series' first
    /// rows or seasons are observed again, only the last replayed row's change is reported (at that row).
    /// </summary>
    public SeriesChange LastChange => _change;

    // The size of the last snapshot this forecaster's records took, which the next takes as its buffer's size: a forecaster's
    // saved size changes little from row to row (not at all at a fixed horizon and season but for the held rows' records).
    private int SnapshotSizeHint => Math.Max(_review.Snapshot.Length, Math.Max(_startup.Snapshot.Length, _rewind.Snapshot.Length));

    // Times this series' first rows were observed again with a spike among them (for tests).
    internal int FirstRowsReplayed { get; private set; }

    // Times this series' first three seasons were observed again with a spike among them (for tests).
    internal int FirstSeasonsReplayed { get; private set; }

    // Times a run of values far from the series was observed again as missing values (GlitchRun; for tests).
    internal int GlitchRunsUndone { get; private set; }

    // A value given, for the range a run must start beyond (GlitchRun: a burst of an intermittent series, within the
    // bursts before it, is data).
    private void NoteSeen(double value)
    {
        if (!double.IsFinite(value)) return;
        _seenLow = Math.Min(_seenLow, value);
        _seenHigh = Math.Max(_seenHigh, value);
    }

    // A run that ends without coming back: its values were data, and join the range, but a last row held and thrown out
    // (a run of one row, whose value returned: the spike rewind's).
    private void CloseRun(bool lastThrownOut)
    {
        for (int i = 0; i < _run.Rows - (lastThrownOut ? 1 : 0); i++) NoteSeen(_run.Value(i));
        _run.Close();
        _ownSteps.Close();
    }

    // The forecaster as it would be had the held spike been observed as a missing value: the snapshot before its row,
    // with the RTU's parameters as they are now (one step on the cleaned value; a global model's shared weights may
    // have moved since), then the row as missing.
    private RtuForecaster RewoundToMissing()
    {
        var before = BeforeHeldRow();
        before.Step(_rewind.Spike, asMissing: true, _rewind.Exogenous, learn: true, default, default);
        return before;
    }

    // The forecaster as it was before the held row (its snapshot), with the RTU's parameters as they are now.
    private RtuForecaster BeforeHeldRow()
    {
        var before = _rewind.Snapshot.Restore(r => Load(r, SharesWeights));
        before.Learner.CopyParametersFrom(Learner);
        return before;
    }

    // The spike returned, or a lone missing value was followed by a value: the forecaster continues from that row
    // observed as a missing value, or (_smoothsGaps) as the value it most likely was. The intervals keep scoring the
    // forecasts that were given: past a gross spike or a gap those made as if it were missing (the rewound intervals'),
    // past any other spike those made from the cleaned value, with its error (the current intervals': had they dropped
    // it, a series whose outliers are its data, UKgas, lost coverage, 80 % intervals 72.9 → 71.8 %).
    private void RewindHeldRow(double next, bool disowned = false)
    {
        var given = _intervals;
        bool gap = double.IsNaN(_rewind.Spike);
        // A lone value ≤ 0 of a positive series (ForecastPool.NonPositiveValues.cs) is missing for the intervals too: kept
        // as given, they had learned its error and taken the series as no longer positive (their relative scales off).
        bool nonPositive = _pool.HeldNonPositive;
        if (!gap && JudgesProvisionally) _review.RewoundWhileKept(_review.Rows - 1);   // the held row, kept before this one
        var missing = gap ? this : RewoundToMissing();   // a gap was observed as missing already
        if (_smoothsGaps && Smoothed(missing, next, disowned) is { } smoothed) TakeStateOf(smoothed);
        else if (!gap) TakeStateOf(missing);
        if (!gap && !_rewind.Gross && !nonPositive) _intervals = given;
        if (!gap) _pool.DepartureRewound(HeldAdjusted(_rewind.Spike));   // a departure from a constant history: its size judges the next
        if (!gap) _pool.NonPositiveRewound(HeldAdjusted(_rewind.Spike));   // a value ≤ 0 of a positive series: counted (ForecastPool.NonPositiveValues.cs)
    }

    // The held row observed as the value the next one shows it most likely was: the fill (the one-step forecast of it)
    // moved by half of the next value's miss of the forecast made across the row (ForecastPool.SmoothedGap). The rest of the
    // series' one-step MAE after a lone missing value or a spike at 11 places in each of 122 series: over 5 % in 63 → 51
    // and 71 → 59 of 1,055 runs (as missing, the members that forecast past a gap took their own forecasts, and the
    // smoothing states the fill). The combination scores the next value against the forecasts made across the row (its
    // members', its correction's, the seasonal-naive step's and the intervals'), since the smoothed value was known only
    // from that value. Null when the next value may itself be an outlier (a spike, a jump): it would move the row by half of
    // it, so the row stays missing.
    private RtuForecaster? Smoothed(RtuForecaster missing, double next, bool disowned = false)
    {
        // The fill as the forecast of the next value saw it (ForecastPool.GapNowcast): the one-step forecast made before the
        // row, re-weighted where the members combined changed at the row.
        double nowcast = missing._pool.GapNowcast();
        double fill = double.IsFinite(nowcast) ? nowcast : HeldAdjusted(_rewind.JudgedAgainst), across = missing._pool.JudgedAgainst;
        next = missing.Adjusted(next);
        // A disowned gross spike (DisownsGross): the fill itself, not moved toward the next value, which is no reference.
        if (disowned) { if (!double.IsFinite(fill)) return null; }
        else if (!double.IsFinite(fill) || !double.IsFinite(across) || missing._pool.MayBeOutlier(next)) return null;
        var row = RowObserved(HeldRaw(disowned ? fill : missing._pool.SmoothedGap(fill, next, across)));
        // A returned spike is remembered as given: the season-repeat rule compares the next season with it, and observed as
        // its smoothed value alone, a swing that starts later (Decembers that double from the third year) was cleaned
        // every year and never forecast (ForecastPoolSeasonRepeatTests).
        if (!disowned) row._pool.RememberGiven(HeldAdjusted(_rewind.Spike));
        row._pool.KeepForecastsOf(missing._pool);
        if (row._effect is not null && missing._effect is not null) row._effect.KeepForecastOf(missing._effect);
        missing._pending.CopyTo(row._pending, 0);
        row._intervals = missing._intervals;
        return row;
    }

    /// <summary>
    /// How much of a held possible spike the next value has kept, on this series (settings layout 15): the mean of
    /// (y_{t+1} − ŷ_{t+1}) / (y_t − c_t), each held to [0, 1], over the possible spikes held so far that the clean moved to
    /// c_t (its bound), ŷ_{t+1} the forecast made from c_t, shrunk toward 0 by <see cref="PersistencePrior"/> spikes that
    /// kept nothing. 0 on a series whose spikes return (a sensor's glitches), near 1 on one whose jumps stay. While such a
    /// possible spike is held, the forecast h steps ahead is moved toward it by this to the power h times y_t − c_t.
    /// </summary>
    /// <remarks>
    /// Why: the forecast made while a possible spike is held is the cleaned value's, as if the spike will return; on a
    /// series whose bursts decay over days (a river's floods, a wildfire's smoke, an epidemic's counts) the next value is
    /// still most of the way up, and that one forecast was most of the forecaster's excess error (an outside audit of
    /// hydrological series: the day after a flood's peak forecast at the level before it, an error of 106 against the
    /// naive forecast's 38). Its flood series' MAE the day after a jump 91.9 → 82.3 (naive 34.7; the tallest floods are
    /// gross possible spikes, forecast past as missing and not lifted: lifted too, the spike screen's runs over 5 % went
    /// 230 → 296, and 233 lifted only where the persistence is above a half), a wildfire's 35.0 → 29.2 (24.1), daily
    /// rain's whole MAE 3.095 → 3.099. The 323 series of the sets 0.4858 → 0.4856 as shipped, series never seen 0.4867 →
    /// 0.4865 (SARS2003_HongKong −5.2 %, taylor_4weeks −2.1 %, influMen_influenza −1.7 %, ecg_millivolts −1.4 %; gold
    /// +0.6 %), spikes of 100 standard deviations 230 → 227 runs over 5 %, missing values 216 → 211; intervals' MSIS
    /// 3.739 → 3.740. A seasonal zero is not lifted (a review: a Sunday at 0 after a held Saturday forecast 10.7 inside
    /// its own interval of [0, 0]; github_hourly_commits' night hours +1.1 % then). Bounded by
    /// the largest amount a held spike had kept, the gains went (0.4857, spikes 230); measured from the forecast rather than
    /// from the cleaned value, the lift doubled what a return that undid a shift, or a departure from a constant history,
    /// had already taken.
    /// </remarks>
    public double HeldSpikePersistence => _persistenceCount > 0 ? _persistenceSum / (_persistenceCount + PersistencePrior) : 0;

    /// <summary>
    /// Held possible spikes that kept nothing, added to the series' own in <see cref="HeldSpikePersistence"/>: a series'
    /// first held spike counts a third. Screened as shipped over the sets: 1 0.4855 (spikes 227 runs over 5 %), 2 0.4856
    /// (227), 3 0.4856 (229); with an earlier form of the lift, 1 and 2 both 0.4864 over the series never seen and 5
    /// 0.4857 as shipped. 2 is kept as the more cautious of two that score alike (the seventy-fourth pass: a prior share
    /// of 0.15 instead of 0, one spike's worth, took the 323 series 0.48554 → 0.48532 but the spike screen at 10 standard
    /// deviations 891 → 1,036 runs over 5 % and its mean cost +7.51 → +8.81 %, at 3 standard deviations 1,148 → 1,191:
    /// every first moderate outlier was lifted toward; 1 instead of 2 with no prior share 0.48547 and 891 runs).
    /// </summary>
    public const double PersistencePrior = 2;

    // The row after a held possible spike (not a gap, not gross): how much of it this value kept.
    private void NotePersistence(double value)
    {
        if (_rewind.Pending && _rewind.Gross) { NoteGrossPersistence(value); return; }
        if (!_rewind.Pending || !double.IsFinite(_rewind.Spike) || !double.IsFinite(value) || _notTaken == 0) return;
        double kept = (Adjusted(value) - _pool.JudgedAgainst) / _notTaken;
        if (!double.IsFinite(kept)) return;
        _persistenceSum += Math.Clamp(kept, 0, 1);
        _persistenceCount++;
    }

    /// <summary>
    /// How much of a held gross possible spike (<see cref="ForecastPool.GrossSpike"/>) the next value has kept, on this
    /// series (settings layout 18): the mean of (y_{t+1} − ŷ_t) / (y_t − ŷ_t), each held to [0, 1], over the gross possible
    /// spikes held so far, ŷ_t the forecast y_t was judged against, shrunk toward 0 by <see cref="PersistencePrior"/> spikes
    /// that kept nothing. Above <see cref="GrossLiftFrom"/>, the forecast made past such a spike as if it were missing is
    /// moved toward it by the mean kept (not shrunk) to the power h times y_t − ŷ_t, where the jump is at most
    /// <see cref="GrossLiftSize"/> times the largest the same way that stayed.
    /// </summary>
    /// <remarks>
    /// <para>Why: a gross possible spike is forecast past as if missing, at the old level, because a reading that far off
    /// is a data error far more often than a move. But some series reset: a tool changed every few hours takes its wear
    /// from 290 back to 5, a 16-bit counter wraps, a filter is cleaned. There every such jump stays, and the row after it
    /// was forecast at the old level, an error of the whole jump each time (an outside audit's tool wear: the first five
    /// minutes after a change had a mean error of 62.4 against the naive forecast's 3.65, and the whole file scored 1.11
    /// times naive's error). Held apart from <see cref="HeldSpikePersistence"/>: the two kinds of value differ, and lifted
    /// by that persistence, gross spikes on the sets cost the spike screen 230 → 296 runs over 5 %. A series' first gross
    /// spike is never lifted (no persistence yet), so neither the spike screen nor the level-shift screen, which insert one
    /// each, can change.</para>
    /// <para>The prior decides whether to lift; how far is the series' own mean: on the audit's tool wear (kept 0.98 a
    /// change) the shrunk share lifted the forecast to within 0.15 of the jump after ten changes, the mean to within 0.02.
    /// Over the audit's reset files, one step: tool wear 3.463 → 2.753 shrunk, 2.706 by the mean (naive 3.109); the
    /// 16-bit counter 96.9 → 63.0 and 56.4 (naive 90.5); 15 steps, tool wear 16.57 → 16.31 and 15.94, the counter 1,128 →
    /// 1,124 and 1,090.</para>
    /// </remarks>
    public double HeldGrossSpikePersistence => _grossPersistenceCount > 0 ? _grossPersistenceSum / (_grossPersistenceCount + PersistencePrior) : 0;

    /// <summary>
    /// The forecast past a held gross possible spike is moved toward it only where <see cref="HeldGrossSpikePersistence"/>
    /// is above this: a gross jump that stays less often than not is better forecast as missing.
    /// </summary>
    /// <remarks>
    /// Why a threshold: a gross value either returns or stays (rarely halfway), and for the absolute error the best forecast
    /// of two outcomes is the likelier one, not a mean between them. Lifted at any persistence (by the shrunk share), two
    /// spiky series of the sets lost: disasters_all_deaths +7.0 %, FrozenJuice_fdd_last600 +2.3 %; above a half (three
    /// jumps kept of three, with the prior), or above 0.3, the 347 series are unchanged.
    /// </remarks>
    public const double GrossLiftFrom = 0.5;

    /// <summary>
    /// A held gross possible spike is moved toward only when its jump from the forecast is at most this many times the
    /// largest gross jump the same way that the next value kept at least half of.
    /// </summary>
    /// <remarks>
    /// Why: the share says that jumps stay, not which: on a tool's wear whose resets stay, a logger's code (−9999, 99999)
    /// was forecast at 0.8–0.99 of itself, −9,917 on a series never below 0 (an outside review: one-step MAE 2.9 → 13.4;
    /// 99999 twice 2.8 → 107.8; a glitch up six times the reset's size, four times, +11 %), and on a series whose steps up
    /// stay and whose glitches down return, the glitches were lifted (+16 %). A reset is the size of the wear it takes
    /// back, never far beyond the largest seen; the same way, because a glitch down says nothing of steps up. With the
    /// gate those cases score 1.9–2.1 and the glitch 3.4 (before the lift: 2.8–2.9 and 4.2); the audits' resets as before.
    /// </remarks>
    public const double GrossLiftSize = 2;

    // The chance that a held gross possible spike returns, for the intervals: the share the next values did not keep, with
    // half a return in one more spike's place. Not one less the shrunk share (HeldGrossSpikePersistence), which is slow on
    // purpose: on a counter whose wraps all stayed it kept the 95 % intervals after a wrap spanning the old level for 39
    // wraps, 19 times as wide, for no coverage (a second review).
    private double GrossReturnChance => (_grossPersistenceCount - _grossPersistenceSum + 0.5) / (_grossPersistenceCount + 1);

    // Whether the forecast past a held gross possible spike of this jump is moved toward it (settings layout 18).
    private bool LiftsGross(double jump) =>
        _liftsGrossSpikes && HeldGrossSpikePersistence > GrossLiftFrom && Math.Abs(jump) <= GrossLiftSize * (jump > 0 ? _grossStayedUp : _grossStayedDown);

    // The row after a held gross possible spike: how much of its jump from the forecast it was judged against this value kept.
    private void NoteGrossPersistence(double value)
    {
        if (!_liftsGrossSpikes || !double.IsFinite(_rewind.Spike) || !double.IsFinite(value)) return;
        double kept = (AsHeld(value) - _rewind.JudgedAgainst) / (_rewind.Spike - _rewind.JudgedAgainst);   // both in the held row's terms
        if (!double.IsFinite(kept)) return;
        _grossPersistenceSum += Math.Clamp(kept, 0, 1);
        _grossPersistenceCount++;
        double jump = Math.Abs(_rewind.Spike - _rewind.JudgedAgainst);
        if (kept >= 0.5 && _rewind.Spike > _rewind.JudgedAgainst) _grossStayedUp = Math.Max(_grossStayedUp, jump);
        if (kept >= 0.5 && _rewind.Spike < _rewind.JudgedAgainst) _grossStayedDown = Math.Max(_grossStayedDown, jump);
    }

    // The final forecasts of a row that will be held as a possible spike moved toward its value by the persistence to the
    // power h times the part of it the clean did not take (HeldSpikePersistence), within the series' support; not a
    // seasonal zero (a shop's Sunday after a held Saturday: its interval is [0, 0]), nor the last row of a replay, which
    // the replaying forecaster does not hold.
    private void LiftTowardHeldValue(double notTaken) => LiftTowardHeldValue(notTaken, HeldSpikePersistence, this);

    // The same for a move `by` and a persistence u (a gross spike's: the whole jump from the forecast it was judged
    // against, HeldGrossSpikePersistence), within the support of `support` (a gross spike's: the forecaster as if it
    // were missing, whose pool a value below 0 has not taught that the series can go there); false where nothing was
    // lifted.
    private bool LiftTowardHeldValue(double by, double u, RtuForecaster support)
    {
        double k = u;
        if (u == 0 || _replaying) return false;
        for (int h = 0; h < Horizon; h++, k *= u)
            if (!_pool.IsSeasonalZero(_pool.Rows + h)) _combined[h] = (float)RunningNormalizer.Saturate(_combined[h] + k * by);   // a seasonal zero stays 0, as its interval
        if (support._effect is null) support._pool.ClipToSupport(_combined); else support._effect.ClipToSupport(_combined);
        return true;
    }

    /// <summary>
    /// A held possible spike is taken as a level shift when the next value stayed near it (<c>SpikeRewind.Stayed</c>), it
    /// lay more than this many of the clean's scales it was judged by (<see cref="ForecastPool.OutlierScale"/>, the unit
    /// of <see cref="ForecastPool.OutlierBound"/>) from its forecast, but not more than <see cref="MaxJumpShift"/>, and
    /// the shift explains the next value (it is no outlier for the forecaster so shifted, and nearer its forecast than
    /// the cleaned forecaster's).
    /// </summary>
    public const double JumpShiftBound = 10;

    /// <summary>
    /// A held jump further from its forecast than this many times the larger of the clean's scale it was judged by and the
    /// forecast's size (2⁴⁰, about 1.1·10¹²) is no level shift (settings layout 23): the remembered values moved there and
    /// back would keep fewer than 12 of a double's 52 bits. Why: an outside review's two readings of 10³⁰ in a row were
    /// taken as a shift to 10³⁰, and the first value back undid it by subtracting 10³⁰ from states that held 10³⁰ + 100,
    /// leaving 0: the next forecast 0 (−1.4·10²¹ on a series that had been below 0), its 95 % interval [0, 10³⁰], and in
    /// one stream the return taken as a change of units, the forecaster started afresh after 18,208 rows. Held instead,
    /// such values are a run of gross spikes that a learning forecaster undoes as missing once two values in a row are
    /// back; the pool confirms a longer run as before once it outlasts the return window (<see cref="ForecastPool.MaxShift"/>).
    /// </summary>
    public const double MaxJumpShift = ForecastPool.MaxShift;

    /// <summary>
    /// A held jump's level shift that moved the pool's past in proportion (pool layout 31) also explains the next value
    /// when that value lies within this share of the jump of the forecast made from the shifted past (settings layout
    /// 14), however many of the clean's scales that is.
    /// </summary>
    /// <remarks>
    /// Why: moved in proportion, the clean's scale shrinks with the level, so after a collapse to 5 % a next value 19 %
    /// off the shifted forecast was "far" (13 against a bound of 11), the shift was not taken, and three outliers later the
    /// pool restarted as if the units had changed, forgetting its season (an outside audit's monthly series: the
    /// six-step MAE after the recovery 1.4 times ETS's). Against a jump of J, a miss under J/4 says the shift explains the
    /// value; it must still be nearer than the cleaned forecast. For every shift (a currency peg's break, whose next value
    /// misses by more than six of the quiet peg's errors) it cost a spiky seasonal series +2.5 % (freezing degree days,
    /// whose winter onsets it took for shifts), so it stays with the moves in proportion.
    /// </remarks>
    public const double JumpShare = 0.25;

    // A held gross possible spike (not a gap) beyond a double's precision (MaxJumpShift) that `next` disowns: `next` lies
    // beyond that precision too, on the other side of the forecast the held value was judged against (1e30 then −1e30).
    // Such a value was taken as it was before the clean had a scale (a new series' first season), and kept, it stayed in
    // every member's state and in the clean's scale for good. Wider forms were measured and dropped (the seventy-seventh
    // pass): voiding a held value that the next one does not stay near, or that a gap follows, left a run's first value
    // kept and the run's own undo undone (1e30, 1e30, 10 ten times: forecasts of 3.4·10³⁸; 1e30, NaN: 10²⁴); and voiding
    // at 50 scales voided true values of smooth series (a weekly 40 on a series of 10, never forecast again).
    private bool DisownsGross(double next)
    {
        if (!_rewind.Pending || !_rewind.Gross || !double.IsFinite(_rewind.Spike) || !double.IsFinite(_rewind.JudgedAgainst) || double.IsNaN(next)) return false;
        double jump = _rewind.Spike - _rewind.JudgedAgainst, back = RunningNormalizer.Saturate(next) - _rewind.JudgedAgainst;
        return Math.Abs(jump) > HeldPrecision && Math.Abs(back) > HeldPrecision && Math.Sign(back) != Math.Sign(jump);
    }

    // MaxJumpShift times the larger of the scale the held row was judged by and the forecast it was judged against.
    private double HeldPrecision => MaxJumpShift * Math.Max(_rewind.JudgedBy, Math.Abs(_rewind.JudgedAgainst));

    // The held row was a possible spike (not a gap) far beyond the outlier bound it was judged by and not within that
    // bound of the value a second season back (a weekly swing: half-hourly demand's Monday morning after a Sunday), and
    // this value stayed near it: a candidate level shift (ShiftExplains decides).
    // Not after a departure from a constant history (judged by a scale of 0, ForecastPool.DepartsFromConstant): there the
    // test passes trivially, and a burst after months of zeros moved every member's past to it (30, 28, then zeros: the
    // rest of the series' MAE +74 %); such a value is taken as it was given.
    private bool IsJump(double value) =>
        _rewind.JudgedBy > 0 && _rewind.Stayed(AsHeld(value)) && !_pool.NearSecondSeasonBack(HeldAdjusted(_rewind.Spike), ForecastPool.OutlierBound * _rewind.JudgedBy)
        && Math.Abs(_rewind.Spike - _rewind.JudgedAgainst) > JumpShiftBound * _rewind.JudgedBy
        && !(_limitsJumps && Math.Abs(_rewind.Spike - _rewind.JudgedAgainst) > HeldPrecision);   // settings layout 23

    // Whether the level shift explains this value: it is nearer the forecast made from the shifted past than the forecast
    // made from the cleaned value, and within the outlier bound of it or, where the past was moved in proportion, within
    // a quarter of the jump of it (settings layout 14).
    private bool ShiftExplains(RtuForecaster shifted, double value)
    {
        double fromShift = shifted._pool.JudgedAgainst, asShifted = shifted.Adjusted(value), own = Adjusted(value);
        double miss = Math.Abs(asShifted - fromShift);
        if (!(miss < Math.Abs(own - _pool.JudgedAgainst))) return false;
        return !shifted._pool.FartherThan(asShifted, ForecastPool.OutlierBound)
            || (_explainsByJump && shifted._movedInProportion && miss < JumpShare * Math.Abs(_rewind.Spike - _rewind.JudgedAgainst));   // both as given: the jump's size
    }

    // The held row observed as a level shift to its value: from the snapshot before it, the pool's past moved to the value
    // (ForecastPool.ShiftTo) and the value taken as it is; or, where the jump and `next` look like a change of units
    // (ChangesUnits), the pool and the forecaster's own scales start afresh, as after a confirmed run of outliers.
    private RtuForecaster ShiftedToHeldValue(double next)
    {
        var row = BeforeHeldRow();
        if (ChangesUnits(next) && row._pool.RestartsOnScaleChange(HeldAdjusted(_rewind.Spike))) row.RestartScale();
        else if (row._pool.ShiftTo(HeldAdjusted(_rewind.Spike))) { row.ConvertScale(row._pool.ScaleFactor); row._movedInProportion = true; }   // pool layout 31
        // The held row is the one before the value that confirmed the change, and its value is the one given.
        row._heldChange = row._pool.LastChange.Plus(HeldRaw(0)) with { RowsAgo = 1 };
        row.Step(_rewind.Spike, asMissing: false, _rewind.Exogenous, learn: true, default, default);
        return row;
    }

    /// <summary>
    /// Whether a held jump by the factor F = held value / its forecast, confirmed by <paramref name="next"/>, is more
    /// likely a change of units than a level shift (the pool then judges F itself: ten times or more, on a positive series,
    /// <see cref="ForecastPool.RestartsOnScaleChange"/>). A change of units scales the series' moves and errors by F; a
    /// level shift keeps them. So the move from the held value to the next, against the move the forecasts expected, is
    /// weighed under both: a Laplace error of the clean's scale s about the expected move, and of scale F·s about F times
    /// it. A change of units must be <see cref="UnitsChangeOdds"/> times likelier: one move is little evidence, and a
    /// level shift is the likelier event.
    /// </summary>
    /// <remarks>
    /// The magnitude alone cannot tell them apart: a series shifted down to near 0, or up by ten times its level, moves
    /// by a factor of ten too, and taken as a change of units it loses its seasonal states and its members' fits (over the
    /// level-shift screen, shifts of the series' mean level: runs still off two seasons later 179 → 204, of 10 standard
    /// deviations 158 → 173). A sensor switching from 10⁶ to 10 moves by 10⁻⁶ of its old moves and is a change of units.
    /// With one move weighed as evenly likely, a drop from 100 to 5 whose next move happened to be a tenth of the usual
    /// was taken for one. At odds of 20 one move decides for units only where it is far likelier scaled: a fall by F
    /// where the forecasts expected little move favours units by at most ln(1/F), so it must be a fall beyond 1/20; a
    /// rise, or a fall where a large move was expected, decides by how far the move was scaled. Anything else stays a
    /// level shift, as it was before (a run of outliers is still judged by the pool's factor alone).
    /// </remarks>
    private bool ChangesUnits(double next)
    {
        double held = HeldAdjusted(_rewind.Spike), against = HeldAdjusted(_rewind.JudgedAgainst), s = _rewind.JudgedBy;
        next = Adjusted(next);
        double factor = held / against;
        if (!(s > 0) || !(factor > 0) || !double.IsFinite(factor) || !double.IsFinite(_pool.JudgedAgainst)) return false;
        double moved = next - held, expected = _pool.JudgedAgainst - against;
        double asShift = Math.Log(s) + Math.Abs(moved - expected) / s;   // negative log-likelihoods, less the common ln 2
        double asUnits = Math.Log(factor * s) + Math.Abs(moved - factor * expected) / (factor * s);
        return asUnits + Math.Log(UnitsChangeOdds) < asShift;
    }

    /// <summary>How many times likelier a held jump must be as a change of units than as a level shift to be taken as one (<see cref="ChangesUnits"/>).</summary>
    public const double UnitsChangeOdds = 20;

    // The held row observed as the value given, from the snapshot before it.
    private RtuForecaster RowObserved(double value)
    {
        var row = BeforeHeldRow();
        row._pool.ObservesEstimateNext();   // the held row observed as the value it most likely was, not as given
        row.Step(value, asMissing: false, _rewind.Exogenous, learn: true, default, default);
        return row;
    }

    private void TakeStateOf(RtuForecaster f)
    {
        Learner = f.Learner;
        (_norm, _features, _x, _outputs, _seasonal, _shrink) = (f._norm, f._features, f._x, f._outputs, f._seasonal, f._shrink);
        (_pending, _combine, _beta, _combineCount) = (f._pending, f._combine, f._beta, f._combineCount);
        (_pool, _model, _combined, _intervals) = (f._pool, f._model, f._combined, f._intervals);
        (_effect, _periodic) = (f._effect, f._periodic);
    }

    // A value as the pool sees it: less the effect on the next row (the value itself without an effect).
    private double Adjusted(double value) => _effect is null ? value : value - _effect.Current;

    // A value of the held row (as given) less the effect subtracted at it, and back.
    private double HeldAdjusted(double value) => _effect is null ? value : value - _heldEffect;
    private double HeldRaw(double value) => _effect is null ? value : value + _heldEffect;

    // The next value in the held row's terms: adjusted by its own effect, then given the held row's back.
    private double AsHeld(double value) => _effect is null ? value : HeldRaw(Adjusted(value));

    // One row: value y_t, or with asMissing the spike given as y_t observed as a missing value.
    private void Step(double value, bool asMissing, ReadOnlySpan<float> exogenous, bool learn, Span<float> forecast, Span<float> state)
    {
        // The robust clean: an outlier against the last one-step forecast enters everything below as a bounded value.
        double given = _replayedGiven ?? value;
        // The exogenous effect on this row is taken out first: the clean, the RTU and every member of the pool see the
        // adjusted series (ExogenousEffect), and the effect is added back to the forecasts below.
        double effect = 0;
        if (_effect is not null)
        {
            effect = _effect.Current;
            if (!asMissing && double.IsFinite(value)) _effect.NoteValue(value);
            value -= effect;
        }
        double taken = value;
        _pool.ReviewingFirstSeasons = _review.Open;
        value = asMissing ? _pool.CleanAsMissing(value) : _pool.Clean(value, learn);
        // The part of a possible spike the pool's clean did not take (0 where it took the value as it is: an early row, a
        // departure from a constant history, a return that undid a shift).
        double liftBase = _lifts && !asMissing && double.IsFinite(taken) && double.IsFinite(value) ? taken - value : 0;
        if (_pool.LastChange.Confirmed) _change = _pool.LastChange.Plus(effect);   // in the series' terms (the effect added back)
        if (_pool.ScaleChanged)
        {
            // A change of units restarts a learning forecaster; a level shift moved in proportion (pool layout 31) keeps
            // the series' past, converted to the new level, as a frozen one keeps it after a change of units.
            if (learn && !_pool.ShiftedInProportion) RestartScale();
            else ConvertScale(_pool.ScaleFactor);
        }
        double change = _features.Record(value);   // row t: the change, spread over a gap of missing rows
        long t = _features.Rows - 1;
        if (!double.IsFinite(value)) value = double.NaN;
        if (learn)
        {
            // Inference (learn = false) freezes the statistics as well as the weights.
            _norm.Update(ForecastFeatures.ChangeFeature, change);
            _norm.Update(ForecastFeatures.LevelFeature, value);
            for (int e = 0; e < exogenous.Length; e++) _norm.Update(ForecastFeatures.ExogenousFeature + e, exogenous[e], _restartsExogenousScaling);
        }
        if (learn && !double.IsNaN(value) && Combining) UpdateCombination(value, t);
        if (_effect is not null)
        {
            // Fitted once the columns are known not to repeat the season alone (PeriodicColumns, settings layout 22).
            _effect.Learn(value, effect, learn && (_periodic?.EffectFitted ?? true));
            _periodic?.Observe(exogenous, learn);
            _effect.Push(exogenous, _norm);
        }
        _features.WriteInputs(_norm, exogenous, _x);

        // The label is clipped like the inputs (a Huber-like loss): one absurd value moves the model by a bounded step.
        double label = double.IsNaN(change) ? double.NaN : Math.Clamp((RunningNormalizer.Saturate(change) - _norm.Mean(0)) / _norm.Scale(0), -_norm.Clip, _norm.Clip);
        if (learn && !double.IsNaN(label) && t > 0 && Settings.ShrinkTowardNaive)
        {
            // How much of the model's change forecast to trust: the one-step output made at the previous row against the
            // label it predicted.
            _shrink.Observe(label, _outputs[0]);
        }
        // Each h-step head also sees the seasonal-naive guess of its target (0 without a season).
        _features.WriteSeasonalGuesses(_norm, _seasonal);
        if (learn) Learner.LearningRate = Settings.LearningRateAt(Learner.Updates);
        Learner.Step(_x, label, learn, state, _outputs, _seasonal);
        if (Combining)
            for (int h = 1; h <= Horizon; h++)
            {
                int at = PendingForecasts.Slot(t, h) * 2;
                _pending[at] = ModelForecast(h);
                _pending[at + 1] = _features.SeasonalNaive(h);
            }
        _pool.Observe(value, learn);
        // A miss is judged on the value given, the scales learn from the value taken (with an effect: added back, so that
        // the intervals see the series' own values around the final forecasts).
        _intervals.Observe(_effect is null ? value : value + effect, given, learn);
        WriteModelForecast(_model);
        _pool.Combine(_model, _combined);   // also remembers the members' forecasts, so it runs on every row
        _effect?.AddTo(_combined);          // remembers the pool's one-step forecast, adds the effect, clips at 0
        _notTaken = liftBase;
        if (liftBase != 0 && _pool.MaySpike && !_pool.GrossSpike) LiftTowardHeldValue(liftBase);
        Settings.ClipToRange(_combined);    // a range the user knows (MinimumValue, MaximumValue)
        _intervals.Remember(_combined, _features.Gap);   // widened over a gap
        if (!forecast.IsEmpty) _combined.CopyTo(forecast);
    }

    /// <summary>
    /// Prediction intervals around ŷ_{t+1} … ŷ_{t+H} at <see cref="ConformalIntervals.Levels"/>[<paramref name="level"/>]
    /// (0: 80 %, 1: 95 %), calibrated online on the forecaster's own past errors (NaN until a horizon has enough);
    /// clipped at 0 while every value seen is ≥ 0 (<see cref="ForecastPool.NonNegative"/>) and to a bound the series has
    /// sat at (<see cref="ForecastPool.Ceiling"/>, <see cref="ForecastPool.Floor"/>) or the user stated
    /// (<see cref="RtuForecasterSettings.MinimumValue"/>, <see cref="RtuForecasterSettings.MaximumValue"/>), and [0, 0] at a seasonal
    /// zero while that rule has never missed (<see cref="ForecastPool.ZeroAtSeasonalZeros"/>).
    /// </summary>
    public void WriteInterval(int level, Span<float> lower, Span<float> upper)
    {
        _intervals.Write(_combined, level, lower, upper, _features.Gap);
        SpanTheHeldValue(level, lower, upper);
        if (_effect is null) { _pool.ClipToSupport(lower); _pool.ClipToSupport(upper); }
        else { _effect.ClipToSupport(lower); _effect.ClipToSupport(upper); }   // the series' own support, not the adjusted one's
        _pool.ZeroAtSeasonalZeros(lower); _pool.ZeroAtSeasonalZeros(upper);   // a seasonal zero's interval is [0, 0] while the rule has never missed
        Settings.ClipToRange(lower); Settings.ClipToRange(upper);
    }

    // While a possible spike is held (not gross, not a gap), the next forecasts are made from its cleaned value: should it
    // be a true move (a crash, a break), the series continues near it, so each interval also spans the held value ± its
    // own half-width. Why: an outside audit's price falling 20 % in a day (111.2 → 89.0) was forecast 105.6 for the next
    // day with a 95 % interval of [103.2, 108.1] that left out the last price; now [86.5, 108.1]. Over the 323 series
    // one step ahead coverage 80.0 / 95.2 → 80.1 / 95.3 %, MSIS 3.760 → 3.749 (the held rows that were true moves no
    // longer count as misses). A gross hold (forecast as if missing) is a data error far more often, and is left alone.
    // A held value that undid a recent shift (ForecastPool.ReturnWindow) has moved the forecasts to it already: the other
    // way the series may go is back to the shifted level, the forecast the held row was judged against, which is spanned
    // instead (a review: after a glitch to the old level, a 95 % interval of [899, 1123] for a next value of 1512).
    // A gross possible spike whose forecasts were moved toward it (HeldGrossSpikePersistence) spans it the same way, and
    // the old level too (the forecasts made as if it were missing) at a level whose share of misses is below the chance
    // that it returns (GrossReturnChance): should the reading return, the next value is there (an outside review:
    // glitches that returned, the row after covered 0 of 4 at 95 % without it).
    private void SpanTheHeldValue(int level, Span<float> lower, Span<float> upper)
    {
        if (!HoldsPossibleSpike && !_grossLifted) return;
        double other = _heldConfirmed ? _rewind.JudgedAgainst : _rewind.Spike;
        bool spansOld = _grossLifted && GrossReturnChance > 1 - ConformalIntervals.Levels[level];
        for (int h = 0; h < lower.Length; h++)
        {
            if (!float.IsFinite(lower[h]) || !float.IsFinite(upper[h])) continue;
            double half = 0.5 * ((double)upper[h] - lower[h]), low = lower[h], high = upper[h];
            foreach (double v in (ReadOnlySpan<double>)[other, spansOld ? _unlifted[h] : double.NaN])
                if (double.IsFinite(v)) { low = Math.Min(low, RunningNormalizer.Saturate(v - half)); high = Math.Max(high, RunningNormalizer.Saturate(v + half)); }
            lower[h] = (float)low; upper[h] = (float)high;
        }
    }

    /// <summary>
    /// The exogenous columns' effect (<see cref="Online.ExogenousEffect"/>): subtracted from each value before the pool and
    /// added back to its forecasts; null without exogenous columns, or for a forecaster read from a layout 1–12 file (read it only).
    /// </summary>
    public ExogenousEffect? ExogenousEffect => _effect;

    // For tests: the forecaster as one read from a layout 1–12 file is, its exogenous columns reaching the RTU alone.
    internal void DisableExogenousEffect() => _effect = null;

    // Tests: the features scaled as settings layouts 1–22 scale them (no restart after a constant history).
    internal void UseScalingOfLayout22() => _restartsExogenousScaling = false;

    // Tests: held jumps taken as level shifts however far, as settings layouts 1–22 took them.
    internal void UseJumpsOfLayout22() => _limitsJumps = false;

    // Tests: a held gross spike the next value disowns, and the first rows' steps, as settings layouts 1–23 judge them.
    internal void UseGrossSpikesOfLayout23() { _voidsDisownedGross = false; _startup.LimitsSteps = false; }

    // Whether an exogenous column's first change after a constant history restarts its statistics (settings layout 23;
    // false for a forecaster read from an older file, which scales its columns as it did, also for a new series).
    internal bool RestartsExogenousScaling => _restartsExogenousScaling;

    // Tests: the least-squares fits, the pool's and the exogenous effect's, and runs of outliers, as a pool of layouts 1–38 leaves them.
    internal void UseRulesOfPoolLayout38()
    {
        _pool.UseRulesOfLayout38();
        if (_effect is not null) _effect.Conditioned = false;
    }

    // Tests: a frozen pool's gross runs as a pool of layouts 1–39 confirms them.
    internal void UseRulesOfPoolLayout39() => _pool.UseRulesOfLayout39();


    // Tests: the pool's alternating bursts (and sharp seasonal moves) as layouts 1–40 left them.
    internal void UseRulesOfPoolLayout40() => _pool.UseRulesOfLayout40();

    // Tests: the pool's sharp seasonal moves as layouts 1–41 left them.
    internal void UseRulesOfPoolLayout41() => _pool.UseRulesOfLayout41();

    /// <summary>
    /// Whether a replay of kept rows (a spike found among the first rows or seasons) takes the RTU from before them, as the
    /// rest of the forecaster (settings layout 21), so that it is the series with the spike missing; false for one read
    /// from an older file, whose replays keep the RTU's weights as they are.
    /// </summary>
    internal bool ReplaysFromBeforeTheRows => _replaysFromBeforeTheRows;

    // Tests: replays as settings layouts 1–20 made them, the RTU's weights kept as they are (before any row).
    internal void UseReplaysOfLayout20() => _replaysFromBeforeTheRows = false;

    /// <summary>
    /// Whether a first-rows spike on the other side of 0 from the others is gross (<see cref="StartupSpikes.JudgesAcrossZero"/>,
    /// settings layout 22); false for one read from an older file.
    /// </summary>
    internal bool JudgesFirstRowsAcrossZero => _startup.JudgesAcrossZero;

    // Tests: the first rows judged as settings layouts 1–21 judged them (before any row).
    internal void UseFirstRowsJudgementOfLayout21() => _startup.JudgesAcrossZero = false;

    /// <summary>Whether the exogenous columns only repeat the season (settings layout 22); null without exogenous columns.</summary>
    internal PeriodicColumns? ExogenousSeasonJudgement => _periodic;

    // Tests: the exogenous effect fitted from the first row, as settings layouts 13–21 fitted it (before any row).
    internal void UseEffectFittingOfLayout21() => _periodic?.JudgeNot();

    // Tests: an effect as settings layouts 16–19 made it, without the next row's effect carried on (before any row).
    internal void UseEffectOfLayout19() => _effect = _effect is null ? null : new ExogenousEffect(_effect.Columns, Horizon, _effect.FitsEachHorizon, carries: false) { Conditioned = _pool.ConditionsFits };

    // The effect as a file before settings layout 16 holds it, the one-step weights at every horizon (for tests; a fresh forecaster's).
    internal void UseOneStepEffectAtEveryHorizon() => _effect = _effect is null ? null : new ExogenousEffect(_effect.Columns, Horizon, fitsEachHorizon: false, carries: false) { Conditioned = _pool.ConditionsFits };

    /// <summary>The forecast pool (members, weights, robust clean) that makes the final forecast.</summary>
    public ForecastPool Pool => _pool;

    /// <summary>The online conformal calibration behind <see cref="WriteInterval"/> (read it only; e.g. frozen for an ONNX export).</summary>
    public ConformalIntervals Intervals => _intervals;

    /// <summary>ŷ_{t+1} … ŷ_{t+H}: the pool's combination of the RTU forecast and the simple forecasters (NaN before any value).</summary>
    public void WriteForecast(Span<float> forecast)
    {
        if (forecast.Length != Horizon) throw new ArgumentException($"forecast must hold {Horizon} values, got {forecast.Length}.", nameof(forecast));
        _combined.CopyTo(forecast);
    }

    /// <summary>
    /// The RTU member's forecasts ŷ_{t+1} … ŷ_{t+H} before the pool (the naive forecast with drift plus the shrunk
    /// learned change, moved toward the seasonal naive by β_h): what the exported ONNX graph and its observation
    /// builder reproduce before they apply the frozen pool.
    /// </summary>
    public void WriteModelForecast(Span<float> forecast)
    {
        if (forecast.Length != Horizon) throw new ArgumentException($"forecast must hold {Horizon} values, got {forecast.Length}.", nameof(forecast));
        for (int h = 1; h <= Horizon; h++)
        {
            double f = ModelForecast(h), s = Combining ? _features.SeasonalNaive(h) : double.NaN;
            // Saturated to the float range: a value near ±float.MaxValue must not forecast ±∞.
            forecast[h - 1] = (float)RunningNormalizer.Saturate(double.IsNaN(s) ? f : f + _beta[h - 1] * (s - f));
        }
    }

    private bool Combining => Settings.CombineWithSeasonalNaive && Settings.ShrinkTowardNaive && Settings.SeasonLength > 1;

    // The model's forecast of y_{t+h}: the naive forecast with drift plus the shrunk learned change (NaN before any value).
    private double ModelForecast(int h) =>
        double.IsNaN(_features.LastValue) ? double.NaN
            : _features.LastValue + (h + _features.Gap) * _norm.Mean(0) + _norm.Scale(0) * ShrinkFactor * _outputs[h - 1];

    // y_t arrived: the forecasts of it made at rows t−h give one more (r, b) per horizon; β_h = E[r·b]/E[b²] less two
    // standard errors, clipped to [0, 1], over a window of the last CombinationWindow forecasts.
    private void UpdateCombination(double value, long t)
    {
        for (int h = 1; h <= Horizon && t - h >= 0; h++)
        {
            int at = PendingForecasts.Slot(t - h, h) * 2;
            double f = _pending[at], s = _pending[at + 1];
            if (!double.IsFinite(f) || !double.IsFinite(s)) continue;
            double r = value - f, b = s - f;
            var mo = _combine.AsSpan((h - 1) * 3, 3);
            long k = ++_combineCount[h - 1];
            double a = Math.Max(1.0 / k, 1.0 / Settings.CombinationWindow);
            mo[0] += a * (b * b - mo[0]); mo[1] += a * (r * b - mo[1]); mo[2] += a * (r * r - mo[2]);
            double keff = Math.Min(k, Settings.CombinationWindow);
            if (!(mo[0] > 1e-300) || keff < 2) { _beta[h - 1] = 0; continue; }
            double beta = mo[1] / mo[0];
            double se = Math.Sqrt(Math.Max(0, mo[2] - 2 * beta * mo[1] + beta * beta * mo[0]) / ((keff - 1) * mo[0]));
            _beta[h - 1] = double.IsFinite(beta - 2 * se) ? Math.Clamp(beta - 2 * se, 0, 1) : 0;
        }
    }

    /// <summary>
    /// The network frozen for a one-step graph (<see cref="ForecastFeatures"/> defines its <c>obs</c> row): the heads
    /// read [state; standardised obs], and prediction_h = h·μ_d + σ_d·w·output_h is the forecast change from the last
    /// observed value before the seasonal-naive combination (ŷ_{t+h} = y_last + prediction_h + g·μ_d; w the shrinkage
    /// factor, frozen). The seasonal guess e_h enters the graph standardised as e_h / h, so its head weight is a_h·h.
    /// </summary>
    public OnlineModelWeights ExportWeights()
    {
        int size = _features.ObservationSize, horizon = Horizon, m = Learner.StateSize, f = Learner.HeadInputSize;
        int guesses = _features.SeasonalGuessCount;
        var mean = new float[size];
        var scale = new float[size];
        _features.ObservationStatistics(_norm, mean, scale);
        // Heads over [state; x_t; e_2 … e_H]: φ's rows first (the x rows stay zero without the learner's skip path).
        var (phiWeights, bias) = Learner.Readout(horizonInputs: guesses > 0);
        var weights = new float[(m + size) * horizon];
        Array.Copy(phiWeights, weights, f * horizon);
        for (int k = 1; k <= guesses; k++)
        {
            int column = _features.InputSize + k - 1;   // e_{k+1}'s obs column
            weights[(m + column) * horizon + k] = phiWeights[(f + k - 1) * horizon + k] * scale[column];
        }
        double mu = _norm.Mean(ForecastFeatures.ChangeFeature), sigma = _norm.Scale(ForecastFeatures.ChangeFeature);
        var offset = new float[horizon];
        for (int h = 0; h < horizon; h++) offset[h] = (float)((h + 1) * mu);
        var outputScale = new float[horizon];
        Array.Fill(outputScale, (float)(sigma * ShrinkFactor));
        return new OnlineModelWeights
        {
            InputMean = mean, InputScale = scale, InputClip = _norm.Clip, Layer = Learner.Layer, HeadSeesInputs = true,
            HeadWeights = weights, HeadBias = bias, OutputScale = outputScale, OutputOffset = offset,
        };
    }

    /// <summary>Starts the series afresh (no history, no recurrent state); parameters and statistics are kept.</summary>
    public void ResetState()
    {
        ClearSeries();
        _persistenceSum = 0; _persistenceCount = 0;   // a new series: its spikes' persistence is its own
        _grossPersistenceSum = 0; _grossPersistenceCount = 0; _grossStayedUp = _grossStayedDown = 0;
        FirstRowsReplayed = FirstSeasonsReplayed = GlitchRunsUndone = 0;
        _run.Close();
        _ownSteps.Close();
        _seenLow = double.PositiveInfinity; _seenHigh = double.NegativeInfinity;
        _startup.Reopen();   // a new series: its first rows are judged
        if (_reviewsFirstSeasons) _review.Reopen();   // and its first seasons
        _periodic?.Reset();   // and its exogenous columns (PeriodicColumns; not at a change of units: the columns did not change)
    }

    private void ClearSeries()
    {
        Learner.ResetState();
        _features.Reset();
        Array.Clear(_outputs);
        Array.Fill(_pending, double.NaN);
        _pool.Reset();
        if (_effect is not null) _effect.Conditioned = _pool.ConditionsFits;   // the current fits, as the pool's (layout 39)
        _intervals.Reset();
        Array.Fill(_combined, float.NaN);
        _rewind.Drop();
        _effect?.Reset();
    }

    // A confirmed change of the series' scale (the pool has restarted): the series starts afresh, and the statistics on
    // the old scale go with it (the change and level normalisers, the combination's moments, the intervals' error
    // scales). The RTU's weights and the exogenous features' statistics are kept: they are in standardised units.
    private void RestartScale()
    {
        ClearSeries();
        _norm.Restart(ForecastFeatures.ChangeFeature);
        _norm.Restart(ForecastFeatures.LevelFeature);
        Array.Clear(_combine); Array.Clear(_combineCount); Array.Clear(_beta);
        _intervals.RestartScale();
        _effect?.Restart();   // β is in the old units: re-learned (the gate keeps it out until it helps again)
    }

    // The same change seen by a frozen model (learn = false: serving), which cannot re-learn the statistics it forgets:
    // it carries them into the new units instead, as if the series had always been in them; and a level shift the pool
    // moved in proportion (pool layout 31), learning or not: the series' past is kept, on the new level. The history, the change
    // and level statistics, the combination's pending forecasts and moments and the intervals' error scales are
    // multiplied by the factor (its square for the moments); the RTU's weights and recurrent state, the shrinkage and
    // the seasonal-naive weights are in standardised units and kept; the pool has converted itself (ForecastPool.Clean).
    private void ConvertScale(double factor)
    {
        _features.Rescale(factor);
        _norm.Rescale(ForecastFeatures.ChangeFeature, factor);
        _norm.Rescale(ForecastFeatures.LevelFeature, factor);
        for (int i = 0; i < _pending.Length; i++) _pending[i] = RunningNormalizer.Saturate(_pending[i] * factor);
        for (int i = 0; i < _combine.Length; i++) _combine[i] = Math.Clamp(_combine[i] * factor * factor, -double.MaxValue, double.MaxValue);
        _intervals.Rescale(factor);
        _effect?.Rescale(factor);   // β in the series' units; the regressors are standardised
    }

    /// <summary>Writes everything needed to continue bit for bit: settings, learner, statistics, history.</summary>
    /// <remarks>
    /// Holding a possible spike (<see cref="SpikeRewind"/>), it writes itself as it was before the spike's row and then
    /// that row, which <see cref="Load(BinaryReader)"/> observes again; keeping a new series' first rows (<see cref="StartupSpikes"/>),
    /// itself as it was before the first row and then those rows: the same length every way.
    /// </remarks>
    public void Save(BinaryWriter writer) => SaveState(writer, keptRun: true);

    // keptRun false: a run kept (GlitchRun) is written as none, and the state as it is (the spike rewind's snapshot).
    private void SaveState(BinaryWriter writer, bool keptRun)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_review.Pending)
        {
            // Keeping the first seasons: the state before the first row, and every row since (the first rows' record
            // and any held row are made again as they are observed again).
            writer.Write(_review.Snapshot.WithoutLast(_review.RecordLength));
            _review.Save(writer);
            return;
        }
        if (_startup.Pending)
        {
            writer.Write(_startup.Snapshot.WithoutLast(_startup.RecordLength + FirstSeasonsLength));   // the state before the first row, with its (empty) spike record
            _startup.Save(writer);
            SaveFirstSeasons(writer);
            return;
        }
        if (keptRun && _run.Pending)
        {
            // Keeping a run of values far from the series: the state before its first row (its records as they were), and
            // every row since (any held row is made again as they are observed again).
            writer.Write(_run.Snapshot.WithoutLast(_run.RecordLength + Layout21Length + Layout22Length + Layout23Length + Layout24Length + _review.RecordLength));
            _run.Save(writer);
            writer.Write(_replaysFromBeforeTheRows);   // settings layout 21
            SaveLayout22(writer);
            SaveLayout23(writer);
            SaveLayout24(writer);
            _review.Save(writer);
            return;
        }
        if (_rewind.Pending)
        {
            writer.Write(_rewind.Snapshot.WithoutLast(_rewind.RecordLength + _startup.RecordLength + FirstSeasonsLength));
            _rewind.Save(writer);
            _startup.Save(writer);
            SaveFirstSeasons(writer, keptRun);
            return;
        }
        Settings.Write(writer);
        Learner.Save(writer);
        _norm.Save(writer);
        _features.WriteCounters(writer);
        _shrink.Save(writer);
        BinaryRuns.Write<double>(writer, _features.ChangeRing);
        ModelBinary.WriteFloats(writer, _outputs);
        BinaryRuns.Write<double>(writer, _features.LevelRing);
        PendingForecasts.WriteSquare<double>(writer, _pending, 2, Horizon, _features.Rows, double.NaN);   // [row mod H][h][model, seasonal naive]
        BinaryRuns.Write<double>(writer, _combine); BinaryRuns.Write<double>(writer, _beta);
        BinaryRuns.Write<long>(writer, _combineCount);
        _pool.Save(writer);
        _intervals.Save(writer);
        BinaryRuns.Write<float>(writer, _combined);   // NaN before the first value
        if (Settings.ExogenousCount > 0)                // settings layout 13: whether the effect is used, and its state
        {
            writer.Write(_effect is not null);
            if (_effect is not null)
            {
                writer.Write(_effect.FitsEachHorizon);   // settings layout 16
                writer.Write(_effect.CarriesNextEffect);   // settings layout 20
                _effect.Save(writer);
                _periodic!.Save(writer);                    // settings layout 22: whether the columns only repeat the season
            }
        }
        writer.Write(_rewindsSpikes);   // settings layout 5
        writer.Write(_smoothsGaps);     // settings layout 7
        writer.Write(_shiftsJumps);     // settings layout 8
        _rewind.Save(writer);
        _startup.Save(writer);          // settings layout 6
        SaveFirstSeasons(writer, keptRun);   // settings layout 9
    }

    // Whether the first seasons are reviewed (layout 9), whether possible spikes are judged provisionally before it (layout
    // 10), whether the review observes missing values and spikes again as their seasonal estimates (layout 11), whether a
    // possible spike's gross judgement is refined (layout 12: early, far from the members too; later, on a positive series,
    // ten times its forecast away), whether a held jump's shift moved in proportion explains the next value within a
    // quarter of the jump (layout 14), whether a held possible spike's forecast is moved toward it and the series' held
    // spikes' persistence (layout 15), the same for gross possible spikes (layout 18), whether runs of values far from
    // the series are undone and the run's record (layout 19), whether a replay of kept rows takes the RTU from before them
    // (layout 21), whether a first-rows spike across 0 from the others is gross (layout 22), and the review's record: the
    // last bytes of a saved forecaster.
    private void SaveFirstSeasons(BinaryWriter writer, bool keptRun = true)
    {
        writer.Write(_reviewsFirstSeasons);
        writer.Write(_judgesSpikesProvisionally);
        writer.Write(_estimatesReviewedRows);
        writer.Write(_refinesGrossJudgement);
        writer.Write(_explainsByJump);   // settings layout 14
        writer.Write(_liftsHeldSpikes); writer.Write(_persistenceSum); writer.Write(_persistenceCount);   // settings layout 15
        writer.Write(_liftsGrossSpikes); writer.Write(_grossPersistenceSum); writer.Write(_grossPersistenceCount);   // settings layout 18
        writer.Write(_grossStayedUp); writer.Write(_grossStayedDown);
        writer.Write(_undoesGlitchRuns); writer.Write(_seenLow); writer.Write(_seenHigh);   // settings layout 19
        if (keptRun) _run.Save(writer); else _run.SaveNone(writer);
        writer.Write(_replaysFromBeforeTheRows);   // settings layout 21
        SaveLayout22(writer);
        SaveLayout23(writer);
        SaveLayout24(writer);
        _review.Save(writer);
    }

    // Settings layout 22's section at the end: whether a first-rows spike across 0 from the others is gross (the
    // exogenous columns' season judgement is written after the effect's state, within what a snapshot holds, so that rows
    // observed again from a snapshot count once).
    private void SaveLayout22(BinaryWriter writer) => writer.Write(_startup.JudgesAcrossZero);

    // Settings layout 23's section, after layout 22's: whether an exogenous column's departure from a constant history
    // restarts its statistics (RunningNormalizer.Update's restartsOnDeparture), and whether a held jump beyond MaxJumpShift
    // is refused as a level shift.
    private void SaveLayout23(BinaryWriter writer) { writer.Write(_restartsExogenousScaling); writer.Write(_limitsJumps); }

    // Settings layout 24's section, after layout 23's: whether a held gross spike that the next value disowns is observed
    // again (DisownsGross), and whether the first rows' judgement takes no step beyond a double's precision
    // (StartupSpikes.LimitsSteps).
    private void SaveLayout24(BinaryWriter writer) { writer.Write(_voidsDisownedGross); writer.Write(_startup.LimitsSteps); }

    // A stored persistence counting this many held spikes or more is damage (the next would overflow a double's exact
    // integers, 2^53).
    private const long MaxPersistenceCount = 1L << 53;

    // Bytes of settings layout 15's section: the lift's flag, the persistences' sum and count.
    internal const int Layout15Length = 1 + 8 + 8;

    // Bytes of settings layout 18's section: the gross lift's flag, the gross persistences' sum and count, the largest
    // jumps up and down that stayed.
    internal const int Layout18Length = 1 + 8 + 8 + 8 + 8;

    // Bytes of settings layout 19's section: whether runs of values far from the series are undone, the range of the values
    // given, and the run's record.
    internal int Layout19Length => 1 + 8 + 8 + _run.RecordLength;

    // Bytes of settings layout 21's section: whether a replay of kept rows takes the RTU from before them.
    internal const int Layout21Length = 1;

    // Bytes of settings layout 22's section at the end: whether a first-rows spike across 0 from the others is gross
    // (StartupSpikes.JudgesAcrossZero).
    internal const int Layout22Length = 1;

    // Bytes of settings layout 23's section at the end: whether an exogenous column's departure from a constant history
    // restarts its statistics, and whether a held jump beyond MaxJumpShift is refused as a level shift.
    internal const int Layout23Length = 2;

    // Bytes of settings layout 24's section at the end: whether a disowned gross spike is observed again, and whether the
    // first rows' judgement takes no step beyond a double's precision.
    internal const int Layout24Length = 2;

    // Bytes SaveFirstSeasons writes.
    internal int FirstSeasonsLength => 5 + Layout15Length + Layout18Length + Layout19Length + Layout21Length + Layout22Length + Layout23Length + Layout24Length + _review.RecordLength;

    /// <summary>Reads a forecaster written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Damaged or foreign data, or bytes that end early (a truncated file).</exception>
    public static RtuForecaster Load(BinaryReader reader) => Load(reader, sharesWeights: false);

    /// <summary>
    /// Reads a forecaster written by <see cref="Save"/> for a host that shares the RTU's weights among series: as
    /// <see cref="Load(BinaryReader)"/>, with <see cref="SharesWeights"/> set before the rows the bytes hold to be judged
    /// (a new series' first rows or seasons, a held spike, a run) are observed again, so that a replay among them keeps
    /// the weights as they are, as the host's own forecaster would.
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged or foreign data, or bytes that end early (a truncated file).</exception>
    public static RtuForecaster Load(BinaryReader reader, bool sharesWeights)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // One exception type for every bad file: the readers below throw EndOfStreamException where the bytes end.
        try { return Read(reader, sharesWeights); }
        catch (EndOfStreamException e) { throw new InvalidDataException("The forecaster's bytes end early (a truncated file?).", e); }
    }

    private static RtuForecaster Read(BinaryReader reader, bool sharesWeights)
    {
        var settings = RtuForecasterSettings.Read(reader, out int version);
        var learner = OnlineRtuLearner.Load(reader);
        if (learner.InputSize != settings.InputSize) throw new InvalidDataException("Stored learner does not match the forecaster's inputs.");
        var f = new RtuForecaster(settings, learner) { SharesWeights = sharesWeights };
        f._norm.Load(reader);
        f._features.ReadCounters(reader);
        f._shrink.Load(reader, "");
        var changes = f._features.ChangeRing;
        BinaryRuns.Read<double>(reader, changes);
        ModelBinary.ReadFloats(reader, f._outputs);
        var levels = f._features.LevelRing;
        BinaryRuns.Read<double>(reader, levels);
        PendingForecasts.ReadSquare<double>(reader, f._pending, 2, f.Horizon, f._features.Rows, double.NaN);   // the saved [row mod H][h][2]
        BinaryRuns.Read<double>(reader, f._combine); BinaryRuns.Read<double>(reader, f._beta);
        BinaryRuns.Read<long>(reader, f._combineCount);
        if (f._beta.Any(b => !(b is >= 0 and <= 1)) || f._combineCount.Any(c => c < 0)) throw new InvalidDataException("Stored combination weights are invalid.");
        f._pool.Load(reader);
        f._intervals.Load(reader);
        BinaryRuns.Read<float>(reader, f._combined);
        if (version >= 13 && settings.ExogenousCount > 0 && reader.ReadBoolean())
        {
            bool fitsEachHorizon = version >= 16 && reader.ReadBoolean();   // an older file's effect applies the one-step weights at every horizon
            if (fitsEachHorizon && f.Horizon == 1) throw new InvalidDataException("Stored exogenous effect fits each horizon of a forecaster of horizon 1.");
            bool carries = version >= 20 && reader.ReadBoolean();   // an older file's effect does not carry the next row's on
            if (carries && !fitsEachHorizon) throw new InvalidDataException("Stored exogenous effect carries the next row's effect on without fitting each horizon.");
            f._effect = Online.ExogenousEffect.Read(reader, settings.ExogenousCount, f.Horizon, f._norm.Clip, fitsEachHorizon, carries);
            f._effect.Conditioned = f._pool.ConditionsFits;   // pool layout 39: the effect's fits as the pool's
            if (version >= 22) f._periodic!.Load(reader);
            else f._periodic!.JudgeNot();   // layouts 13–21: the effect fitted from the start, as it was
        }
        else { f._effect = null; f._periodic?.JudgeNot(); }
        f._smoothsGaps = f._shiftsJumps = f._reviewsFirstSeasons = f._judgesSpikesProvisionally = f._estimatesReviewedRows = f._refinesGrossJudgement = f._explainsByJump = f._liftsHeldSpikes = f._liftsGrossSpikes = f._undoesGlitchRuns = f._replaysFromBeforeTheRows = false;
        f._startup.JudgesAcrossZero = false;
        f._restartsExogenousScaling = f._limitsJumps = false;   // settings layout 23, read at the end
        f._voidsDisownedGross = f._startup.LimitsSteps = false;   // settings layout 24, after it
        if (version < 5) { f._rewindsSpikes = false; return f; }
        f._rewindsSpikes = reader.ReadBoolean();
        if (version >= 7) f._smoothsGaps = reader.ReadBoolean();
        if (version >= 8) f._shiftsJumps = reader.ReadBoolean();
        if (f._smoothsGaps && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster smooths missing values but does not rewind spikes.");
        if (f._shiftsJumps && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster takes jumps as level shifts but does not rewind spikes.");
        int width = settings.ExogenousCount;
        var exogenous = new float[width];
        bool held = SpikeRewind.ReadHeld(reader, exogenous, f._smoothsGaps, out double spike);
        var firstValues = new double[StartupSpikes.MaxRows];
        var firstExogenous = new float[StartupSpikes.MaxRows * width];
        int firstRows = 0;
        bool firstOpen = version >= 6 && StartupSpikes.Read(reader, firstValues, firstExogenous, out firstRows);
        // Every record is read before any row is observed again: the reader ends where the forecaster's bytes end.
        if (version >= 9) f._reviewsFirstSeasons = reader.ReadBoolean();
        if (f._reviewsFirstSeasons && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster reviews its first seasons but does not rewind spikes.");
        if (version >= 10) f._judgesSpikesProvisionally = reader.ReadBoolean();
        if (f._judgesSpikesProvisionally && !f._reviewsFirstSeasons) throw new InvalidDataException("Stored forecaster judges spikes provisionally but does not review its first seasons.");
        if (version >= 11) f._estimatesReviewedRows = reader.ReadBoolean();
        if (f._estimatesReviewedRows && !f._reviewsFirstSeasons) throw new InvalidDataException("Stored forecaster estimates its first seasons' missing values but does not review them.");
        if (version >= 12) f._refinesGrossJudgement = reader.ReadBoolean();
        if (f._refinesGrossJudgement && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster refines its judgement of gross spikes but does not rewind spikes.");
        if (version >= 14) f._explainsByJump = reader.ReadBoolean();
        if (f._explainsByJump && !f._shiftsJumps) throw new InvalidDataException("Stored forecaster judges a held jump's shift by the jump but does not take jumps as level shifts.");
        if (version >= 15)
        {
            f._liftsHeldSpikes = reader.ReadBoolean(); f._persistenceSum = reader.ReadDouble(); f._persistenceCount = reader.ReadInt64();
            if (f._liftsHeldSpikes && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster lifts held spikes' forecasts but does not rewind spikes.");
            if (f._persistenceCount is < 0 or >= MaxPersistenceCount || !(f._persistenceSum >= 0 && f._persistenceSum <= f._persistenceCount) || (!f._liftsHeldSpikes && f._persistenceCount != 0))
                throw new InvalidDataException("Stored forecaster's held-spike persistence is invalid.");
        }
        if (version >= 18)
        {
            f._liftsGrossSpikes = reader.ReadBoolean(); f._grossPersistenceSum = reader.ReadDouble(); f._grossPersistenceCount = reader.ReadInt64();
            f._grossStayedUp = reader.ReadDouble(); f._grossStayedDown = reader.ReadDouble();
            if (f._liftsGrossSpikes && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster lifts held gross spikes' forecasts but does not rewind spikes.");
            if (f._grossPersistenceCount is < 0 or >= MaxPersistenceCount || !(f._grossPersistenceSum >= 0 && f._grossPersistenceSum <= f._grossPersistenceCount) || (!f._liftsGrossSpikes && f._grossPersistenceCount != 0)
                || !(f._grossStayedUp >= 0 && f._grossStayedUp <= double.MaxValue) || !(f._grossStayedDown >= 0 && f._grossStayedDown <= double.MaxValue)
                || (f._grossPersistenceCount == 0 && (f._grossStayedUp != 0 || f._grossStayedDown != 0)))
                throw new InvalidDataException("Stored forecaster's held gross-spike persistence is invalid.");
        }
        var runValues = new double[GlitchRun.MaxRows];
        var runExogenous = new float[GlitchRun.MaxRows * width];
        int runRows = 0;
        if (version >= 19)
        {
            f._undoesGlitchRuns = reader.ReadBoolean(); f._seenLow = reader.ReadDouble(); f._seenHigh = reader.ReadDouble();
            bool none = f._seenLow == double.PositiveInfinity && f._seenHigh == double.NegativeInfinity;
            if (!none && !(double.IsFinite(f._seenLow) && double.IsFinite(f._seenHigh) && f._seenLow <= f._seenHigh))
                throw new InvalidDataException("Stored range of the values seen is invalid.");
            if (f._undoesGlitchRuns && !f._rewindsSpikes) throw new InvalidDataException("Stored forecaster undoes runs of gross spikes but does not rewind spikes.");
            bool runOpen = GlitchRun.Read(reader, runValues, runExogenous, out runRows);
            if (runOpen && !f._undoesGlitchRuns) throw new InvalidDataException("Stored forecaster keeps a run of gross spikes but does not undo them.");
        }
        if (version >= 21) f._replaysFromBeforeTheRows = reader.ReadBoolean();
        if (version >= 22) f._startup.JudgesAcrossZero = reader.ReadBoolean();
        if (version >= 23)
        {
            byte restarts = reader.ReadByte(), limits = reader.ReadByte();
            if (restarts > 1 || limits > 1) throw new InvalidDataException("Stored settings layout 23 flags are not bools.");
            f._restartsExogenousScaling = restarts == 1;
            f._limitsJumps = limits == 1;
        }
        if (version >= 24)
        {
            byte voids = reader.ReadByte(), steps = reader.ReadByte();
            if (voids > 1 || steps > 1) throw new InvalidDataException("Stored settings layout 24 flags are not bools.");
            f._voidsDisownedGross = voids == 1;
            f._startup.LimitsSteps = steps == 1;
        }
        var seasonValues = new double[f._review.Capacity];
        var seasonExogenous = new float[f._review.Capacity * width];
        int seasonRows = 0;
        bool seasonsOpen = version >= 9 && f._review.Read(reader, seasonValues, seasonExogenous, out seasonRows);
        if (seasonsOpen && !f._reviewsFirstSeasons) throw new InvalidDataException("Stored forecaster keeps its first seasons but does not review them.");
        if (seasonRows > 0 && (held || firstRows > 0)) throw new InvalidDataException("Stored forecaster holds rows before its first row.");
        if (runRows > 0 && (held || firstRows > 0 || seasonRows > 0)) throw new InvalidDataException("Stored forecaster holds rows before a run of gross spikes.");
        if (seasonsOpen) f._review.Reopen();   // before any row is observed again, so that it keeps them too
        if (firstOpen)
        {
            // Written while keeping a new series' first rows: this is the forecaster before the first; observing them
            // again keeps them again.
            if (!f._rewindsSpikes) throw new InvalidDataException("Stored forecaster keeps its first rows but does not rewind spikes.");
            if (held && firstRows > 0) throw new InvalidDataException("Stored forecaster holds a spike before its first row.");
            f._startup.Reopen();
            // The state before the first row: no value seen yet. The section was written as the forecaster stood, the kept
            // rows' values in its range (a spike among them that the first rows' replay throws out would stay there).
            f._seenLow = double.PositiveInfinity; f._seenHigh = double.NegativeInfinity;
            for (int i = 0; i < firstRows; i++)
                f.Observe(firstValues[i], firstExogenous.AsSpan(i * width, width), learn: true, default, default);
        }
        if (held)
        {
            // Written while holding a possible spike or a lone missing value: this is the forecaster before its row;
            // observing it again holds it again.
            if (!f._rewindsSpikes) throw new InvalidDataException("Stored forecaster holds a spike but does not rewind spikes.");
            f.Observe(spike, exogenous, learn: true, default, default);
            if (!f._rewind.Pending) throw new InvalidDataException("Stored held row is not a possible spike or a lone missing value of the stored forecaster.");
        }
        // Written while keeping the first seasons: this is the forecaster before the first row; observing them again keeps
        // them again (and makes the first rows' record and any held row again).
        for (int i = 0; i < seasonRows; i++)
            f.Observe(seasonValues[i], seasonExogenous.AsSpan(i * width, width), learn: true, default, default);
        // Written while keeping a run of values far from the series: this is the forecaster before its first row;
        // observing the rows again keeps them again.
        for (int i = 0; i < runRows; i++)
            f.Observe(runValues[i], runExogenous.AsSpan(i * width, width), learn: true, default, default);
        if (runRows > 0 && !(f._run.Pending && f._run.Rows == runRows)) throw new InvalidDataException("Stored run of gross spikes is not one of the stored forecaster.");
        f._change = SeriesChange.None;   // a change the rows observed again confirm was reported when they came
        return f;
    }

    /// <summary>
    /// A deep copy that then learns independently, <see cref="SharesWeights"/> included (read back as its host reads it:
    /// a replay among the rows it holds keeps shared weights as they are); a host that takes the copy out of a global
    /// model clears it.
    /// </summary>
    public RtuForecaster Clone() => ModelBinary.Copy(Save, r => Load(r, SharesWeights));
}
