namespace Rtu.Trainers.Online;

// A confirmed run of outliers (Clean): a level shift moves every member's past to the new level; a change of scale
// (units) restarts a learning pool and converts a frozen one.
public sealed partial class ForecastPool
{
    /// <summary>
    /// A confirmed level shift to a value this many times larger or smaller in magnitude than the last season's is a
    /// change of scale (a sensor switching units: ×1000, ×10⁶): the pool starts afresh instead of shifting. Only while
    /// every value seen is positive (layout 19): on a series that has been 0 or below, a value's magnitude over the last
    /// season's says nothing about its units (an oscillation around 0 that shifted by 10 amplitudes was taken as a change
    /// of units, and a frozen pool multiplied everything it held by the confirming value over its forecast; a count that
    /// burst after zeros restarted a learning pool).
    /// </summary>
    public const double ScaleChangeFactor = 10;

    /// <summary>
    /// True when the last <see cref="Clean"/> confirmed a change of the series' scale (<see cref="ScaleChangeFactor"/>)
    /// and restarted the pool (learning) or converted it to the new units (frozen, <see cref="ScaleFactor"/>): the
    /// caller does the same with its own scale-dependent statistics.
    /// </summary>
    public bool ScaleChanged { get; private set; }

    /// <summary>
    /// The factor of the last confirmed change of scale: the confirming value over its one-step forecast (over the last
    /// season's mean magnitude when they differ in sign; 1 before any change; not saved). A frozen pool converted its
    /// state to the new units by it.
    /// </summary>
    public double ScaleFactor { get; private set; } = 1;

    // A confirmed shift to a value ScaleChangeFactor times larger or smaller than the last season's mean magnitude.
    private bool IsScaleChange(double value, out double factor)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in _levels) if (!double.IsNaN(v)) { sum += Math.Abs(v); n++; }
        double old = n > 0 ? sum / n : Math.Abs(_last);
        double magnitude = Math.Abs(value);
        // The factor is the value over its forecast, made in the old units: a seasonal value over the season's mean
        // magnitude would carry the season's phase into every converted state (up to the season's amplitude off).
        factor = value / _oneStep > 0 ? value / _oneStep : magnitude / old;
        if (!_positive && !_anySignScaleChange) return false;   // units only while every value was positive (ScaleChangeFactor)
        return magnitude >= ScaleChangeFactor * old || magnitude * ScaleChangeFactor <= old;
    }

    // The old scale lives in every member's state, in the members' error memories (their weights: the shift's own
    // errors, old-scale squared, would outweigh the new scale's for hundreds of rows, leaving an equal-weight mean of
    // good and bad members), in the clean's scale s and in the running scales of the autoregressions' inputs. Moving
    // them additively (Shift) keeps a seasonal amplitude, a level scale and weights of the old size; starting afresh
    // forgets them all. What is scale-free is kept: the least-squares coefficients on standardised inputs.
    private void RestartOnScaleChange()
    {
        Reset();
        _scores.Clear(); Array.Clear(_weights);   // both error memories start empty: the current weights, also in a pool read from an older file
        _mae = 0; _relativeMae = 0; _maeCount = 0; _changeScale = 0; _changeCount = 0;
        _resolution = double.PositiveInfinity; _changes = _zeroChanges = 0;   // in the old units
        _departureSize = 0;                          // in the old units
        _zeroRuleLoss = _zeroCombinationLoss = 0; _zeroJudged = 0;   // the seasonal-zero rule's judgement too, as the weights' errors
        ScaleChanged = true;
    }

    // A frozen pool (serving: nothing is learned) cannot re-learn what a restart forgets, so it converts everything to
    // the new units instead, as if the series had always been in them: every remembered value, state, forecast and scale
    // is multiplied by the factor (squared errors and moments by its square, the learned constants' squared gradients by
    // its fourth power; log states move by its logarithm); ratios, weights and least-squares coefficients on
    // standardised inputs are scale-free and kept. The opt-in seasonal-ratio RTU starts its series afresh.
    private void ConvertOnScaleChange(double factor, bool givenToo = true)
    {
        double square = factor * factor;
        StopWatchingTransient();   // a move in the old units (layout 35)
        foreach (var a in new[] { _levels, _raw, _history, _first, _seasonAdd, _uncorrected }) Scale(a, factor);   // NaN stays NaN
        if (givenToo) Scale(_rawSecond, factor);   // new units; a shift in proportion leaves the values given as they were (layout 34)
        // A bound in the old units is not converted: the factor is an estimate (value / forecast), and a review found a
        // ceiling of 100 converted to 0.96–1.40 of the new units' 1; the values in the new units form their own.
        if (givenToo) ResetSaturation();
        _rawNext *= factor;
        for (int i = 0; i < _pending.Length; i++) _pending[i] = (float)RunningNormalizer.Saturate(_pending[i] * factor);
        _scores.Rescale(factor);
        _ses *= factor; _holtLevel *= factor; _holtTrend *= factor;
        _hwLevelA *= factor; _hwTrendA *= factor; _hwLevelM *= factor; _hwTrendM *= factor;
        _levelMean *= factor; _levelSquare *= square; _changeScale *= factor;
        _mae *= factor; _last *= factor; _oneStep *= factor; _pendingJump *= factor; _lastGiven = Math.Clamp(_lastGiven * factor, -double.MaxValue, double.MaxValue);
        // Within what a stored pool may hold (a load refuses more), NaN and +∞ (no change yet) as they are.
        // Underflowed to 0 (a resolution near the smallest double, converted down), the resolution is unknown again.
        _resolution = double.IsFinite(_resolution) ? _resolution * factor > 0 ? Math.Min(_resolution * factor, MaxResolution) : double.PositiveInfinity : _resolution;
        _zeroRuleLoss = Math.Min(_zeroRuleLoss * factor, double.MaxValue); _zeroCombinationLoss = Math.Min(_zeroCombinationLoss * factor, double.MaxValue);
        _learnedA.Rescale(factor); _learnedM.Rescale(factor); _theta.Rescale(factor); _arma.Rescale(factor); _airline?.Rescale(factor);
        _selectedAr?.Rescale(factor); _logAr?.Rescale(factor); _seasonalArma?.Rescale(factor); _secondSeasonalArma?.Rescale(factor);
        _linearTrend?.Rescale(factor); _differencing?.Rescale(factor);
        _driftSmoothing?.Rescale(factor); _adjustedDamped?.Rescale(factor); _classicalIndices?.Rescale(factor); _comb?.Rescale(factor); _median?.Rescale(factor);
        _correction.Rescale(factor);
        Scale(_moves, factor);   // layout 42's remembered moves
        _ratio?.Reset();
        _shiftRow = -1;   // a shift before a change of units is not undone in the new ones
        ScaleChanged = true;
    }

    // Every entry times factor, an overflow held at ±double.MaxValue (NaN stays NaN); also MemberScores' rescale.
    internal static void Scale(double[] a, double factor)
    {
        for (int i = 0; i < a.Length; i++) a[i] = Math.Clamp(a[i] * factor, -double.MaxValue, double.MaxValue);
    }

    /// <summary>
    /// Whether <paramref name="value"/>, a held jump that the value after it confirmed (<see cref="RtuForecaster"/>), is a
    /// change of scale (<see cref="ScaleChangeFactor"/>), as a confirmed run of outliers is judged in <see cref="Clean"/>;
    /// if so the pool has started afresh (<see cref="ScaleFactor"/> is the change's factor), and the caller restarts its
    /// own scale-dependent statistics, else nothing has changed and the jump is a level shift (<see cref="ShiftTo"/>).
    /// </summary>
    /// <remarks>
    /// Before, only a run of outliers was judged so: a jump that the next value confirmed was always moved additively, and
    /// a sensor switching from 10⁶ to 10 kept the old scale in its members, weights and error scales, with forecasts
    /// hundreds of times the new values for about 300 rows (an outside audit: 10⁷ at the switch, 4,998 ten rows later,
    /// 236 eighty rows later, for values of 10) and, switching from 10 to 10⁶ instead, 95 % intervals up to 2.8·10¹² wide.
    /// </remarks>
    public bool RestartsOnScaleChange(double value)
    {
        if (!double.IsFinite(value) || !double.IsFinite(_oneStep) || !IsScaleChange(value, out double factor)) return false;
        LastChange = new(SeriesChangeKind.ScaleChange, 0, _oneStep, value);
        RestartOnScaleChange();
        ScaleFactor = factor;
        return true;
    }

    /// <summary>
    /// Moves the pool's past by <paramref name="value"/>'s distance from the one-step forecast of it, as a confirmed level
    /// shift does, so that the value, observed next, is judged and scored on the new level: a held jump that the value
    /// after it confirmed (<see cref="RtuForecaster"/>).
    /// </summary>
    /// <returns>
    /// True when the past was moved in proportion (<see cref="ShiftedInProportion"/>, layout 31): the pool is then in
    /// units <see cref="ScaleFactor"/> times the old ones, and the caller converts its own scale-dependent statistics.
    /// </returns>
    public bool ShiftTo(double value)
    {
        ScaleChanged = ShiftedInProportion = false; LastChange = SeriesChange.None;
        if (!double.IsFinite(value) || !double.IsFinite(_oneStep)) return false;
        if (ShiftsInProportion(value))
        {
            LastChange = new(SeriesChangeKind.ProportionalShift, 0, _oneStep, value);
            double move = value - _oneStep;
            MoveInProportion(value);
            RememberMove(_rows, move);   // layout 42, after the conversion (it scales the moves before)
            _outliersInRow = 0;
            _pendingJump = value;
            return true;
        }
        double delta = value - _oneStep;
        LastChange = new(SeriesChangeKind.LevelShift, 0, _oneStep, value);
        WatchTransient(_oneStep, delta, _rows);   // the held value, observed next, is the shift's first (layout 35)
        RememberMove(_rows, delta);   // layout 42
        Shift(delta);
        _oneStep += delta;
        _outliersInRow = 0;
        _pendingJump = value;   // still a jump for the jump rate (CountJump), as when it was cleaned and the next value stayed
        return false;
    }

    /// <summary>
    /// True when the last <see cref="Clean"/> or <see cref="ShiftTo"/> confirmed a level shift and moved the pool's past
    /// to it in proportion (layout 31): everything it holds was converted by <see cref="ScaleFactor"/>, as for a change of
    /// units seen by a frozen pool (<see cref="ScaleChanged"/> is true too), and the caller converts its own statistics
    /// (learning or not: the series' past is kept, on the new level).
    /// </summary>
    public bool ShiftedInProportion { get; private set; }

    /// <summary>
    /// The change the last <see cref="Clean"/> confirmed (a run of <see cref="ShiftConfirmation"/> outliers: a level
    /// shift, moved additively or in proportion, or a change of scale; or a value back at the level before a recent shift,
    /// which undid it: <see cref="ReturnWindow"/>), or the last <see cref="ShiftTo"/> or <see cref="RestartsOnScaleChange"/>
    /// made (RowsAgo 0 here: the caller knows the held row's place); not saved.
    /// </summary>
    public SeriesChange LastChange { get; private set; }

    // Whether a confirmed shift to `value` is moved in proportion rather than additively (layout 31): on a series positive
    // throughout, where adding the jump would take a remembered value or the multiplicative level to 0 or below. Why: a
    // collapse by most of the level in a step or two (a shop closed, traffic in a lockdown: a monthly series down to 20 %)
    // moved additively left the seasonal states and part of the remembered past below 0 (an outside audit: the remembered
    // levels −437, −518, …; the multiplicative Holt–Winters level −89), the series was then no longer positive for the
    // rest of its life (its multiplicative and log members off for good, the relative clean scale and the change-of-units
    // test too), and the next forecasts were 0 for values of 100. Moved in proportion, a season that multiplies the level
    // keeps its shape on the new level. Shifts that stay clear of 0 keep the additive move the sets were tuned with.
    private bool ShiftsInProportion(double value)
    {
        if (!_shiftsInProportion || !_positive || !(value > 0) || !(_oneStep > 0)) return false;
        double delta = value - _oneStep;
        if (delta >= 0) return false;
        if (!ConvertsBy(value / _oneStep)) return false;
        // The multiplicative level exists once a season has been observed (it stays 0 without a season: every fall would
        // have looked like a crossing).
        double lowest = _m > 1 && _seasonReady ? _hwLevelM : double.PositiveInfinity;
        foreach (var a in new[] { _levels, _raw, _history }) foreach (double v in a) if (v < lowest) lowest = v;   // NaN (missing) never lower
        return lowest + delta <= 0;
    }

    // Whether the pool can be converted by this factor (a shift in proportion, or a frozen pool's change of units):
    // positive, and its fourth power (the factor of the learned members' mean squared squares) a normal double. A value
    // near the smallest double made 0 (5e-324 after 300: an ArgumentOutOfRangeException from the forecaster's
    // conversion) or, on the way back, a square of ∞, and a frozen pool saved a state it refused to read; such a shift is
    // moved additively, as a frozen pool's change of units from or to exactly 0 is.
    internal static bool ConvertsBy(double factor) => factor > 0 && double.IsNormal(factor * factor * (factor * factor));

    // The pool converted to the new level by the factor value / forecast, as a frozen pool converts to new units.
    private void MoveInProportion(double value)
    {
        double factor = value / _oneStep;
        ConvertOnScaleChange(factor, givenToo: false);
        NoteShift(factor, true, value);
        ScaleFactor = factor;
        ShiftedInProportion = true;
    }

    /// <summary>
    /// A level shift that began at most this many rows before is undone by a value back at the level before it (layout
    /// 32; <see cref="ReturnShare"/>). The value is then a possible spike (<see cref="MaySpike"/>): a forecaster holds it,
    /// and where the next value goes back to the shifted level it is observed again as missing, the shift kept.
    /// </summary>
    /// <remarks>
    /// Why: a surge of a month or two (a promotion, a one-off order) is confirmed as a level shift by its second value;
    /// when the series then falls back, that fall was one more change for the members to learn from the shifted level,
    /// and the scale the surge's errors had widened kept it from being judged an outlier (an outside audit's ×1.5 surge
    /// over two months: forecasts 41, 30 and 18 % high for the three months after it). Held as a possible spike, because a
    /// lone glitch to the old level otherwise undid a true shift (a review: the MAE of the next 20 rows 4 times that
    /// without it); confirmed by a second value instead, the rule lost most of what it gained on the sets. Learning only:
    /// a frozen pool (serving) keeps a shift until a run of outliers confirms the way back, and does not confirm a run of
    /// gross outliers before it outlasts this window (layout 40, <see cref="DefersGrossRunsWhenFrozen"/>).
    /// </remarks>
    public const int ReturnWindow = 6;

    /// <summary>
    /// A value within this share of the shift's move of the level before it (the forecast with the shift taken out),
    /// back from the value the shift moved to by the rest of the move at least, and an outlier against the forecast
    /// (<see cref="OutlierBound"/>) is a return (<see cref="ReturnWindow"/>).
    /// </summary>
    public const double ReturnShare = 0.25;

    private bool _undoesReturns = true;       // a return undoes a recent shift (false: read from a layout 1–31 file, as it was)
    private long _shiftRow = -1;              // the row the last confirmed shift began at (−1: none to undo)
    private double _shiftMove;                // its move: additive, or the factor where it was moved in proportion
    private bool _returnInProportion;         // whether it was moved in proportion
    private double _shiftTo;                  // the value it moved to

    // Whether `value` lies back at the level before a shift that began in the last ReturnWindow rows (ReturnShare), and is
    // an outlier against the forecast.
    private bool ReturnsFromShift(double value)
    {
        if (!_undoesReturns || _shiftRow < 0 || _rows - _shiftRow > ReturnWindow || !double.IsFinite(_oneStep)) return false;
        double before = _returnInProportion ? _oneStep / _shiftMove : _oneStep - _shiftMove;
        double move = _oneStep - before, bound = OutlierBound * CleanScale();
        // Back from the value the shift moved to by most of the move too: a series that goes on past the shift (a flu
        // season's rise confirmed as a shift, then a value above it that its forecast overshot) is not coming back.
        return move != 0 && Math.Abs(value - before) < ReturnShare * Math.Abs(move) && Math.Abs(value - _oneStep) > bound
            && Math.Sign(move) * (_shiftTo - value) > (1 - ReturnShare) * Math.Abs(move) && TellsLevels(value, bound);
    }

    // Whether this row's position of the season tells the level before the shift from the level after it: were the season
    // to multiply the level, the value a season back, taken back before the shift (b), would be b·F after a shift by the
    // factor F, and `value` must lie nearer b than b·F by more than the outlier bound; or, for noisy counts, the position
    // is not far below the season's typical level (last year's week of 1 among weeks of 3). A shop's Sunday at 0, or at a
    // tenth of the weekdays and doubling with them, is about the same on either level, and an additive move of the past put
    // the remembered Sundays up with the weekdays: such a Sunday after a shift up looked back at the old level and undid
    // the shift every week (a review: weekday errors of 52–58 %).
    private bool TellsLevels(double value, double bound)
    {
        if (_m <= 1 || _rows - _m < 0) return true;
        // A season back must lie before the shift to tell the level before it (a season of 6 or less can reach into the
        // shift within ReturnWindow rows: its remembered value is on the new level, or moved twice): no return judged then.
        if (_rows - _m >= _shiftRow) return false;
        double back = _raw[(int)((_rows - _m) % _raw.Length)];
        if (!double.IsFinite(back)) return true;
        double from = _returnInProportion ? _shiftTo / _shiftMove : _shiftTo - _shiftMove;   // the shift's forecast
        if (!(from > 0) || !(_shiftTo > 0)) return true;   // no factor: judged by the move alone
        double factor = _shiftTo / from;
        double beforeBack = _returnInProportion ? back / _shiftMove : back - _shiftMove;
        if (Math.Abs(value - beforeBack * factor) - Math.Abs(value - beforeBack) > bound) return true;
        double sum = 0;
        int n = 0;
        foreach (double v in _levels)
            if (double.IsFinite(v)) { sum += Math.Abs(_returnInProportion ? v / _shiftMove : v - _shiftMove); n++; }
        return n > 0 && Math.Abs(beforeBack) >= LowPositionShare * sum / n && Math.Abs(value - beforeBack) < Math.Abs(value - beforeBack * factor);
    }

    // A position of the season below this share of the season's mean magnitude cannot tell the levels apart by itself.
    private const double LowPositionShare = 0.2;

    // The shift to `to` just taken, for a return to undo.
    private void NoteShift(double move, bool inProportion, double to)
    {
        _shiftRow = _rows; _shiftMove = move; _returnInProportion = inProportion; _shiftTo = to;
    }

    // The shift undone: taken back to `value` (in proportion where it was moved so), with nothing left to undo.
    private void UndoShift(double value)
    {
        LastChange = new(_returnInProportion ? SeriesChangeKind.ProportionalShift : SeriesChangeKind.LevelShift, 0, _oneStep, value);
        ForgetLastMove();   // layout 42: the shift undone is no season's move
        if (_returnInProportion && ConvertsBy(value / _oneStep)) MoveInProportion(value); else Shift(value - _oneStep);
        _shiftRow = -1;
        StopWatchingTransient();   // undone already
    }

    // Bytes of the returns' record in layout 32's section of a saved pool: the flag, the row, the move, its kind and the
    // value it moved to.
    internal const int ReturnsRecordLength = 1 + 8 + 8 + 1 + 8;

    private void WriteReturns(BinaryWriter w)
    {
        w.Write(_undoesReturns); w.Write(_shiftRow); w.Write(_shiftMove); w.Write(_returnInProportion); w.Write(_shiftTo);
    }

    private void ReadReturns(BinaryReader r, int version)
    {
        if (version < 32) { _undoesReturns = false; _shiftRow = -1; _shiftMove = 0; _returnInProportion = false; _shiftTo = 0; return; }
        _undoesReturns = r.ReadBoolean(); _shiftRow = r.ReadInt64(); _shiftMove = r.ReadDouble(); _returnInProportion = r.ReadBoolean(); _shiftTo = r.ReadDouble();
        if (_shiftRow < -1 || _shiftRow > _rows || !double.IsFinite(_shiftMove) || (_returnInProportion && !(_shiftMove > 0)) || !double.IsFinite(_shiftTo))
            throw new InvalidDataException("Stored forecast pool's last level shift is invalid.");
    }

    private void Shift(double delta)
    {
        NoteShift(delta, false, _oneStep + delta);
        Add(_levels, delta); Add(_raw, delta); Add(_history, delta); Add(_first, delta);   // NaN (missing) stays NaN
        _ses += delta; _holtLevel += delta; _hwLevelA += delta; _hwLevelM += delta; _levelMean += delta;
        if (_ratio is not null)
        {
            // The member's window is in g units: a ratio of levels (log) or the difference itself.
            double level = _learnedM.Level;
            _ratio.Shift(_ratio.Multiplicative ? Math.Log((level + delta) / level) : delta);
        }
        _learnedA.Shift(delta); _learnedM.Shift(delta); _theta.Shift(delta); _arma.Shift(delta); _airline?.Shift(delta);
        _selectedAr?.Shift(delta); _logAr?.Shift(_last, delta); _seasonalArma?.Shift(delta); _secondSeasonalArma?.Shift(delta);
        _linearTrend?.Shift(delta); _differencing?.Shift(delta);
        // The adjusted series moves by δ divided by its index: by δ on average (ratios of mean 1, or differences).
        _driftSmoothing?.Shift(delta); _adjustedDamped?.Shift(delta); _classicalIndices?.Shift(delta);
        _comb?.Shift(delta); _median?.Shift(delta);
        if (_hwLevelM <= 0) _positive = false;
        _last += delta;
        if (!_earlierCombination) ShiftPending(delta);
    }

    // The members' one-step forecasts of the confirming value were made on the old level: scored as they are, the
    // shift's own error (the same for every member that missed it) enters every member's one-step squared-error
    // memories (recent, long-run, the naive gate's) alike and leaves the one-step combination near equal weights for
    // seasons. Moved with the members' states, they are scored as forecasts on the new level. Longer horizons keep
    // theirs: there the errors at recurring shifts (an hourly series' weekends) tell the members with a weekly season
    // from those without (moving them too: TheSecondSeasonMembersLearnAWeeklyPattern…'s 24-step MAE 1.118 → 1.202, past
    // its bound). A pool read from a layout 1–8 file continues as it was.
    private void ShiftPending(double delta)
    {
        var oneStep = _pending.AsSpan(PendingForecasts.Slot(_rows - 1, 1) * MemberCount, MemberCount);   // h = 1
        for (int i = 0; i < MemberCount; i++) oneStep[i] = (float)RunningNormalizer.Saturate(oneStep[i] + delta);   // NaN stays NaN
    }

    private static void Add(double[] a, double delta)
    {
        for (int i = 0; i < a.Length; i++) a[i] += delta;
    }
}
