using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

// The pool's saved layout (Save, Load) and its versions: a file of any earlier layout is read, and its pool continues as
// a pool of that layout did.
public sealed partial class ForecastPool
{
    // Saved-layout marker: version 2 and 3 files start with −2, −3 (version 1 files start with the season length, ≥ 1).
    // Version 3 added the learned Holt–Winters members (before the RTU) and their states at the end.
    // Version 4 added the Theta member (before the RTU) and its state at the end.
    // Version 5 added the ARIMA-with-MA, airline and seasonal-ratio (ES-RNN-style) RTU members (before the RTU) and, at
    // the end, their states (for the seasonal-ratio RTU: whether it is present, then its state).
    // Version 6 added the autoregression on the levels with its order chosen online (before the RTU) and replaced the
    // seasonal autoregression (member 7: AR(3) on y_t − y_{t−m}) by a seasonal ARIMA(2,0,0)(0,1,1)_m with drift; the
    // seasonal autoregression's least-squares state is no longer written, the new members' states are at the end,
    // followed by the correction of the combination (ResidualCorrection).
    // Version 7 added, at the end, the outlier clean's jump statistics (rate, pending outlier).
    // Version 8 writes, before the order-selected AR's state, its kind: true for the whole-sample fit with its order by
    // AICc (SelectedAutoregression.WholeSample; its state then holds the frozen scale and the costs), false for the
    // earlier kind read from a layout 6–7 file, which continues as it was.
    // Version 9 writes, at the end, whether the pool combines as layouts 1–8 did (true only for a pool read from such a
    // file, which continues as it was: the damped Holt combined, no naive gate; a new pool leaves the damped Holt out, its
    // state still kept, and gates by the long-run errors), then the members' long-run squared errors.
    // Version 10 writes, at the end, whether the order-selected AR forecasts from its fit on ln y while every value is
    // positive (LogScaleAutoregression; false only for a pool read from a layout 1–9 file, which continues with the fit
    // on y alone, as it was), then that fit's state.
    // Version 11 gives a seasonal pool the order-selected AR too (on y): it writes, at the end, with
    // a season, whether the pool has it (false only for a pool read from a layout 1–10 file, which continues without it,
    // as it was), then its state.
    // Version 12 writes, at the end, whether a run of outliers continues only beyond the current bound (true only for a
    // pool read from a layout 1–11 file, which continues as it was), then the bound the current run began with.
    // Version 13 writes, at the end, whether every value seen so far is ≥ 0 (NonNegative; a pool read from an older file
    // takes the stored _positive: true only when every value it saw was > 0, so it never starts clipping a series that went
    // below 0; a 0 cannot be told from a negative value there, so such a pool continues unclipped, as it was).
    // Version 14 adds the d = 2 member (19, before the RTU: Holt's linear trend fitted on the whole sample, combined
    // while the KPSS tests say d = 2; with a season only) and writes, at the end, whether the pool has it (false without
    // a season and for a pool read from a layout 1–13 file, which continues without it, as it was), then its fit and the
    // tests' state.
    // Version 15 adds SES with a fitted drift (20, without a season) and the fitted damped trend on the classically
    // seasonally adjusted series (21, with a quarterly season), both before the RTU, and writes, at the end, whether the
    // pool has each (false for a pool read from a layout 1–14 file, which continues without them, as it was), then their
    // states (the damped trend's followed by its seasonal indices').
    // Version 15 also writes, after those, whether the pool weights its members by their squared errors alone (MSE^−4; true
    // only for a pool read from a layout 1–14 file, which continues as it was), then the members' recent mean absolute
    // errors (the weights MAE^−4·MSE^−2 of a new pool).
    // Version 16 writes, at the end, whether the clean judges by the absolute scale s alone (true only for a pool read
    // from a layout 1–15 file, which continues as it was), then the recent mean relative error (CleanScale).
    // Version 17 writes, at the end, whether a value repeating the uncleaned value a season earlier is still judged as any
    // other (true only for a pool read from a layout 1–16 file, which continues as it was), then that season of values.
    // Version 18 writes, at the end, whether a missing row is left out of the members (true only for a pool read from a
    // layout 1–17 file, which continues as it was), then the count of rows missing since the last observed value.
    // Version 19 writes, at the end, whether a change of scale is judged on any series (true only for a pool read from a
    // layout 1–18 file, which continues as it was).
    // Version 20 writes, at the end, whether the least-squares fits are robust (RecursiveLeastSquares.Robust; false only
    // for a pool read from a layout 1–19 file, which continues as it was), then, when they are, each fit's error scale and
    // count in LeastSquaresFits' order.
    // Version 21 writes, last, whether the combination weighs the members by their priors (ForecastPool.MemberPriors.cs;
    // false only for a pool read from a layout 1–20 file, which continues as it was).
    // Version 22 writes, last, whether the one-step combination is the weighted mean of ln f (with layout 22's priors;
    // false only for a pool read from a layout 1–21 file, which continues as it was).
    // Version 23 gives pools without a season the fitted damped trend (member 21) on y itself, and pools of seasons 5, 7
    // and 12 the damped trend on the classically adjusted series, as quarterly pools have had it since layout 15: each
    // written where the quarterly pool's is (without indices without a season; a pool read from a layout 1–22 file
    // continues without it, as it was), and writes, last, whether the priors are those fitted with it (false only for a
    // pool read from a layout 1–22 file, which continues with layout 22's priors, as it was).
    // Version 24 gives pools with a season the M4 Comb on y (FittedComb, in the damped Holt's slot, member 3) and writes,
    // last, whether the pool has it (false without a season and for a pool read from a layout 1–23 file, which continues
    // without it and with layout 23's priors, as it was), then its state.
    // Version 25 writes the Comb without its Holt fit: it shares the d = 2 member's (FittedLinearTrend), the same recursion
    // on the same values, so a layout-24 file's copy is read and dropped, and the forecasts are those of layout 24 bit for bit.
    // Version 26 adds, with a season and a second season, the seasonal ARIMA at the second season (in the fitted drift's
    // slot, member 20, empty with a season) and writes,
    // last, whether the pool has it (false without a second season and for a pool read from a layout 1–25 file, which
    // continues without it, as it was), then its state and its robust fit's error scale.
    // Version 27 writes, last, whether the members' recent errors forget over a window that grows with the horizon
    // (WindowAt; false only for a pool read from a layout 1–26 file, which continues with 25 at every horizon, as it was).
    // Version 28 writes, last, whether the clean's scale is at least a share of the series' resolution, the resolution,
    // the last value given and the counts of changes and of changes of 0 (ForecastPool.Resolution.cs), then whether a
    // position of the season that was 0 in each of the last ZeroSeasons seasons is forecast 0, the rule's judged losses
    // and count and each position's run of zero seasons, the season's and the second season's
    // (ForecastPool.SeasonalZeros.cs); both flags false only for a pool read from a layout 1–27 file, which continues as
    // it was.
    // Version 29 writes, last, whether a departure from a constant history is judged a possible spike and the size of the
    // one last observed again as missing (ForecastPool.ConstantDepartures.cs; the flag false only for a pool read from a
    // layout 1–28 file, which continues as it was).
    // Version 30 gives pools without a season the rolling median of the last 25 values (RollingMedian, in the Comb's slot,
    // member 3) and writes, last, whether the pool has it (false with a season and for a pool read from a layout 1–29 file,
    // which continues without it and with layout 29's priors, as it was), then its window.
    // Version 31 writes, last, whether a confirmed shift that an additive move would take to 0 or below on a positive
    // series moves the past in proportion instead (ForecastPool.LevelShifts.cs; false only for a pool read from a layout
    // 1–30 file, which continues as it was).
    // Version 32 writes, last, whether a value back at the level before a shift that began in the last ReturnWindow rows
    // undoes the shift (ForecastPool.LevelShifts.cs), then the row the last shift began at (−1: none to undo), its move,
    // its kind and the value it moved to, then
    // whether a combination ≤ 0 on a series positive throughout is taken from the members above 0 (CombinesAboveZero;
    // both flags false only for a pool read from a layout 1–31 file, which continues as it was).
    // Version 33 writes, last, whether the h-step seasonal naive forecast is moved toward the level before it has been
    // scored (EarlySeasonalMove; false only for a pool read from a layout 1–32 file, which continues as it was).
    // Version 34 writes, last, whether a value repeating the one a second season back is taken as it is, then that ring
    // (ForecastPool.SecondSeasonRepeats.cs).
    // Version 35 writes, last, whether a first-season level shift whose values return takes back its move of the past,
    // then the watched shift (ForecastPool.TransientShifts.cs; false only for a pool read from a layout 1–34 file, which
    // continues as it was), then whether frozen observations still fit the members (ForecastPool.FrozenFits.cs).
    // Version 36 writes, last, whether the forecasts are clipped to the bounds the series has sat at, then those bounds
    // and their runs (ForecastPool.SaturatedBounds.cs; false only for a pool read from a layout 1–35 file, which
    // continues as it was).
    // Version 37 writes, last, whether a lone value ≤ 0 on a series positive so far is held as a possible spike, the count
    // of such values observed again as missing and whether the last row held one (ForecastPool.NonPositiveValues.cs), then
    // whether the members are combined h > 1 steps ahead before a season is seen (CombinesFirstSeason; both flags false
    // only for a pool read from a layout 1–36 file, which continues as it was).
    // Version 38 writes, last, whether a possible spike below the negative of its forecast on a series positive so far is
    // gross (ForecastPool.NonPositiveValues.cs; false only for a pool read from a layout 1–37 file, which continues as it was).
    // Version 39 writes, last, whether the least-squares fits are conditioned (RecursiveLeastSquares.Conditioned) and
    // whether a run of outliers beyond MaxShift scales is confirmed only once it lasts (both false only for a pool read
    // from a layout 1–38 file, which continues as it was).
    // Version 40 writes, last, whether a frozen pool observes a run of gross outliers as missing until it outlasts
    // ReturnWindow (false only for a pool read from a layout 1–39 file, which continues as it was).
    // Version 41 writes, last, whether a learning pool observes a gross outlier on the other side of the outlier before it
    // as its forecast (ForecastPool.AlternatingBursts.cs; false only for a pool read from a layout 1–40 file, which
    // continues as it was).
    // Version 42 writes, last, whether an outlier repeating a sharp move made a season earlier is taken as it is, then the
    // remembered moves and the per-place outlier bits (ForecastPool.SeasonalMoves.cs; false only for a pool read from a
    // layout 1–41 file, which continues as it was).
    internal const int LayoutVersion = 42;

    // Bytes of layout 40's section: the frozen gross runs' flag.
    internal const int Layout40Length = 1;

    // Bytes of layout 39's section: the conditioned fits' flag and the imprecise runs' flag.
    internal const int Layout39Length = 2;

    // Bytes of layout 35's section: the watched shift's record and the frozen fits' flag.
    internal const int Layout35Length = TransientsRecordLength + 1;

    // Bytes of layout 36's section: the saturated bounds' record.
    internal const int Layout36Length = SaturationRecordLength;

    // Bytes of layout 37's section: the record of values ≤ 0 on a positive series, the first season's combination flag.
    internal const int Layout37Length = NonPositiveRecordLength + 1;

    // Members of the layout written before the second season (version 1 files): 0–9 as now, the RTU at 10.
    private const int Version1MemberCount = 11;

    // Members of the layout written before the learned Holt–Winters (version 2 files): 0–11 as now, the RTU at 12.
    private const int Version2MemberCount = 13;

    // Members of the layout written before the Theta member (version 3 files): 0–13 as now, the RTU at 14.
    private const int Version3MemberCount = 15;

    // Members of the layout written before the ARIMA-with-MA, airline and seasonal-ratio RTU members (version 4 files): 0–14 as now, the RTU at 15.
    private const int Version4MemberCount = 16;

    // Members of the layout written before the order-selected autoregression (version 5 files): 0–17 as now, the RTU at 18.
    private const int Version5MemberCount = 19;

    // Members of the layouts written before the d = 2 member (version 6–13 files): 0–18 as now, the RTU at 19.
    private const int Version13MemberCount = 20;

    // Members of the layout written before the fitted drift and the adjusted damped trend (version 14 files): 0–19 as now, the RTU at 20.
    private const int Version14MemberCount = 21;

    // Index in this layout of entry i of a stored [...][member] array with `members` members per row (version 1: the
    // RTU, last there, is still last here; the members added since sit before it).
    private static int Member(int i, int members)
    {
        int row = i / members, member = i % members;
        return row * MemberCount + (member == members - 1 ? Model : member);
    }

    // Reads rows of `members` values (an earlier layout's members, the RTU last) into rows of MemberCount (`absent` for the
    // members added since); a file of this layout in one call.
    private static void ReadByMember<T>(BinaryReader r, Span<T> into, int members, T absent) where T : unmanaged
    {
        if (members == MemberCount) { BinaryRuns.Read<T>(r, into); return; }
        into.Fill(absent);
        for (int i = 0; i < into.Length / MemberCount * members; i++) into[Member(i, members)] = BinaryRuns.ReadOne<T>(r);
    }

    // Bytes of layout 20's section of a saved pool (the flag, then 16 per robust fit).
    private int RobustFitsRecordLength => 1 + (_robustFits ? 16 * LeastSquaresFits().Count() : 0);

    // Bytes of layout 32's section: the returns' record and the flag of the combination above 0.
    internal const int Layout32Length = ReturnsRecordLength + 1;

    // Bytes of layout 33's section: the flag of the early seasonal naive's move.
    internal const int Layout33Length = 1;

    // Bytes a saved pool holds at its end for the layouts after `version` (18 or later), for tests that write an older
    // layout by cutting them off: layout 19's flag, layout 20's section, layout 21's, 22's and 23's flags, layout 24's section
    // (as layout 25 writes it: a layout-24 file, with the Comb's own Holt fit, cannot be made by cutting).
    internal int LaterLayoutsLength(int version) =>
        (version < 19 ? 1 : 0) + (version < 20 ? RobustFitsRecordLength : 0) + (version < 21 ? 1 : 0) + (version < 22 ? 1 : 0)
        + (version < 23 ? 1 : 0) + (version < 24 ? 1 + (_comb?.SavedLength ?? 0) : 0) + (version < 26 ? SecondSeasonalArimaRecordLength : 0) + (version < 27 ? 1 : 0)
        + (version < 28 ? ResolutionRecordLength + SeasonalZerosRecordLength : 0) + (version < 29 ? ConstantDeparturesRecordLength : 0)
        + (version < 30 ? 1 + (_median is null ? 0 : RollingMedian.SavedLength) : 0) + (version < 31 ? 1 : 0) + (version < 32 ? Layout32Length : 0)
        + (version < 33 ? Layout33Length : 0) + (version < 34 ? Layout34Length : 0) + (version < 35 ? Layout35Length : 0)
        + (version < 36 ? Layout36Length : 0) + (version < 37 ? Layout37Length : 0) + (version < 38 ? Layout38Length : 0)
        + (version < 39 ? Layout39Length : 0) + (version < 40 ? Layout40Length : 0) + (version < 41 ? Layout41Length : 0) + (version < 42 ? Layout42Length : 0);

    // Bytes of layout 26's section of a saved pool (the flag, then the member's state and error scale).
    private int SecondSeasonalArimaRecordLength
    {
        get
        {
            if (_secondSeasonalArma is null) return 1;
            using var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) { _secondSeasonalArma.Save(w); _secondSeasonalArma.Fit.SaveErrorScale(w); }
            return 1 + (int)ms.Length;
        }
    }

    /// <summary>Writes the whole state.</summary>
    public void Save(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(-LayoutVersion); w.Write(_m); w.Write(_h); w.Write(_m2);
        foreach (var a in new[] { _levels, _seasonAdd, _seasonMul, _first, _history, _scores.Mse }) BinaryRuns.Write<double>(w, a);
        PendingForecasts.WriteSquare<float>(w, _pending, MemberCount, _h, _rows, float.NaN);   // [row mod H][h][member], NaN: no forecast
        _ari.Save(w); _ar.Save(w); _two.Save(w);
        BinaryRuns.Write<long>(w, _scores.Scored);
        foreach (double v in new[] { _ses, _holtLevel, _holtTrend, _hwLevelA, _hwTrendA, _hwLevelM, _hwTrendM, _mae, _last, _oneStep, _changeScale, _levelMean, _levelSquare }) w.Write(v);
        w.Write(_changeCount);
        w.Write(_head); w.Write(_maeCount); w.Write(_rows); w.Write(_observed); w.Write(_outliersInRow); w.Write(_outlierSide); w.Write(_positive); w.Write(_seasonReady);
        _learnedA.Save(w); _learnedM.Save(w);
        _theta.Save(w);
        _arma.Save(w); _airline?.Save(w);
        w.Write(_ratio is not null);
        _ratio?.Save(w);
        if (_m <= 1) { w.Write(_selectedAr!.WholeSample); _selectedAr.Save(w); }   // the kind: version 8
        _seasonalArma?.Save(w);
        _correction.Save(w, _rows);   // version 6
        w.Write(_jumpRate); w.Write(_pendingJump);   // version 7
        w.Write(_earlierCombination);   // version 9
        foreach (var a in new[] { _scores.LongMse, _scores.LossGap, _scores.LossGapSquare }) BinaryRuns.Write<double>(w, a);
        w.Write(_logAr is not null);   // version 10
        _logAr?.Save(w);
        if (_m > 1) { w.Write(_selectedAr is not null); _selectedAr?.Save(w); }   // version 11
        w.Write(_earlierShiftRule); w.Write(_runBound);   // version 12
        w.Write(_nonNegative);   // version 13
        w.Write(_linearTrend is not null);   // version 14
        if (_linearTrend is not null) { _linearTrend.Save(w); _differencing!.Save(w); }
        w.Write(_driftSmoothing is not null);   // version 15
        _driftSmoothing?.Save(w);
        w.Write(_adjustedDamped is not null);
        if (_adjustedDamped is not null) { _adjustedDamped.Save(w); _classicalIndices?.Save(w); }   // the indices with a season only (version 23)
        w.Write(_scores.SquaredWeights);   // version 15 (the weights)
        BinaryRuns.Write<double>(w, _scores.RecentAbsError);
        w.Write(_absoluteClean); w.Write(_relativeMae);   // version 16 (the clean's scale)
        w.Write(_noSeasonRepeats);   // version 17 (a value repeating last season's)
        BinaryRuns.Write<double>(w, _raw);
        w.Write(_missingAsGap); w.Write(_missingRun);   // version 18 (missing rows filled)
        w.Write(_anySignScaleChange);   // version 19 (a change of scale while positive)
        w.Write(_robustFits);   // version 20 (robust least-squares fits)
        if (_robustFits) foreach (var fit in LeastSquaresFits()) fit.SaveErrorScale(w);
        w.Write(_memberPriors);   // version 21 (the members' priors)
        w.Write(_logMean);   // version 22 (the one-step mean of ln f)
        w.Write(_dampedTrendPriors);   // version 23 (the priors fitted with the damped trend)
        w.Write(_comb is not null);   // version 24 (the M4 Comb, with a season)
        _comb?.Save(w);               // without the Holt fit it shares with the d = 2 member (version 25)
        w.Write(_secondSeasonalArma is not null);   // version 26 (the seasonal ARIMA at the second season)
        if (_secondSeasonalArma is not null) { _secondSeasonalArma.Save(w); _secondSeasonalArma.Fit.SaveErrorScale(w); }
        w.Write(_horizonWindows);   // version 27 (the recent errors' window by horizon)
        WriteResolution(w);         // version 28 (the resolution's floor under the clean's scale)
        WriteSeasonalZeros(w);      // version 28 (seasonal zeros)
        WriteConstantDepartures(w); // version 29 (departures from a constant history)
        w.Write(_median is not null);   // version 30 (the rolling median, without a season)
        _median?.Save(w);
        w.Write(_shiftsInProportion);   // version 31 (a shift that would cross 0 moved in proportion)
        WriteReturns(w);                // version 32 (a return to the level before a recent shift undoes it)
        w.Write(_combinesAboveZero);    // version 32 (a combination ≤ 0 on a positive series from the members above 0)
        w.Write(_movesEarlySeasonalNaive);   // version 33 (the early h-step seasonal naive moved toward the level)
        WriteSecondSeasonRepeats(w);          // version 34 (a value repeating the second season's is no outlier)
        WriteTransients(w);                   // version 35 (a first-season shift whose values return taken back)
        w.Write(_fitsWhileFrozen);            // version 35 (a frozen pool's members fit a series started afresh)
        WriteSaturation(w);                   // version 36 (forecasts clipped to the bounds the series has sat at)
        WriteNonPositive(w);                  // version 37 (a lone value ≤ 0 on a positive series held as a possible spike)
        w.Write(_combinesFirstSeason);        // version 37 (the members combined h > 1 steps ahead before a season is seen)
        WriteGrossBelowZero(w);               // version 38 (a possible spike below the negative of its forecast on a positive series gross)
        w.Write(_conditionsFits);             // version 39 (conditioned least-squares fits, runs beyond MaxShift deferred)
        w.Write(_defersImpreciseRuns);
        w.Write(_defersGrossRunsWhenFrozen);  // version 40 (a frozen pool's gross runs observed as missing while they may be glitches)
        w.Write(_keepsBurstsOut);             // version 41 (a burst's gross reversal observed as its forecast)
        WriteMoves(w);                        // version 42 (an outlier repeating a sharp move a season back is no outlier)
    }

    /// <summary>
    /// Reads a pool written by <see cref="Save"/> for the same season and horizon, also one written before the second
    /// season or before the learned Holt–Winters members (its members continue; the members added since start afresh,
    /// the learned Holt–Winters from the fixed ones' states).
    /// </summary>
    /// <exception cref="InvalidDataException">Damaged or mismatched data.</exception>
    public void Load(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int first = r.ReadInt32();
        int version = first < 0 ? -first : 1;
        if (version > LayoutVersion) throw new InvalidDataException($"Stored forecast pool has layout version {version}, newer than this library reads ({LayoutVersion}).");
        int m = version == 1 ? first : r.ReadInt32(), h = r.ReadInt32(), m2 = version == 1 ? _m2 : r.ReadInt32();
        if (m != _m || h != _h || m2 != _m2) throw new InvalidDataException($"Stored forecast pool (season {m}, horizon {h}, second season {m2}) does not match this one ({_m}, {_h}, {_m2}).");
        int members = version switch { 1 => Version1MemberCount, 2 => Version2MemberCount, 3 => Version3MemberCount, 4 => Version4MemberCount, 5 => Version5MemberCount, <= 13 => Version13MemberCount, 14 => Version14MemberCount, _ => MemberCount };
        // Layouts 1–10 had no order-selected AR with a season: such a pool continues without it (read at the end from layout 11).
        if (_m > 1) _selectedAr = null;
        foreach (var a in new[] { _levels, _seasonAdd, _seasonMul, _first }) BinaryRuns.Read<double>(r, a);
        if (version == 1)
        {
            // The history ring was m + ArLags + 1 long: its values, oldest first, end the (longer) new ring.
            var old = new double[_m + ArLags + 1];
            for (int i = 0; i < old.Length; i++) old[i] = r.ReadDouble();
            Array.Fill(_history, double.NaN);
            for (int i = 0; i < old.Length; i++) _history[_history.Length - old.Length + i] = old[i];
        }
        else BinaryRuns.Read<double>(r, _history);
        ReadByMember<double>(r, _scores.Mse, members, 0);
        var square = PendingForecasts.RentSquare<float>(MemberCount, _h);   // the saved [row mod H][h][member], folded once the rows are read
        ReadByMember<float>(r, square, members, float.NaN);
        _ari.Load(r);
        if (version <= 5) new RecursiveLeastSquares(ArLags + 1, ArForgetting, ArPrior).Load(r);   // the retired seasonal autoregression's state
        _ar.Load(r);
        if (version >= 2) _two.Load(r); else _two.Reset();
        ReadByMember<long>(r, _scores.Scored, members, 0);
        _ses = r.ReadDouble(); _holtLevel = r.ReadDouble(); _holtTrend = r.ReadDouble(); _hwLevelA = r.ReadDouble(); _hwTrendA = r.ReadDouble();
        _hwLevelM = r.ReadDouble(); _hwTrendM = r.ReadDouble(); _mae = r.ReadDouble(); _last = r.ReadDouble(); _oneStep = r.ReadDouble();
        _changeScale = r.ReadDouble(); _levelMean = r.ReadDouble(); _levelSquare = r.ReadDouble(); _changeCount = r.ReadInt64();
        _firstMissing = _first.Count(double.IsNaN);
        _head = r.ReadInt32();
        if (version == 1) _head = 0;   // the ring was unrolled above
        _maeCount = r.ReadInt64(); _rows = r.ReadInt64(); _observed = r.ReadInt64(); _outliersInRow = r.ReadInt32(); _outlierSide = r.ReadInt32();
        PendingForecasts.FoldSquare<float>(square, _pending, MemberCount, _h, _rows, float.NaN);
        PendingForecasts.ReturnSquare(square);
        _positive = r.ReadBoolean(); _seasonReady = r.ReadBoolean();
        if (version >= 3) { _learnedA.Load(r); _learnedM.Load(r); }
        else
        {
            // Older layouts had no learned Holt–Winters: they start at the fixed members' states and constants.
            _learnedA.Reset(); _learnedM.Reset();
            if (_seasonReady) { _learnedA.Initialise(_hwLevelA, _seasonAdd); _learnedM.Initialise(_hwLevelM, _seasonMul); }
        }
        if (version >= 4) _theta.Load(r);
        else _theta.Reset();   // older layouts had no Theta member: it starts with the next value
        if (version >= 5) { _arma.Load(r); _airline?.Load(r); }
        else { _arma.Reset(); _airline?.Reset(); }   // older layouts had neither: they start with the next value
        // Older layouts had no seasonal-ratio RTU: a member this pool was built with starts afresh with the next value.
        if (version >= 5) _ratio = r.ReadBoolean() ? SeasonalRatioRtu.Load(r, _h) : null;
        else _ratio?.Reset();
        if (version >= 6)
        {
            if (_m <= 1)
            {
                // Layouts 6–7 wrote the earlier kind without a marker; it continues as it was.
                _selectedAr = version >= 8 && r.ReadBoolean() ? NewSelectedAr() : EarlierSelectedAr();
                _selectedAr.Load(r);
            }
            _seasonalArma?.Load(r); _correction.Load(r, _rows);
        }
        else
        {
            // Older layouts had neither: they start from the history ring (its last values, oldest first), and member 7,
            // the seasonal autoregression there, is the seasonal ARIMA here: its errors and pending forecasts are dropped.
            // (With a season the order-selected AR stays out, as for every layout before 11.)
            if (_m <= 1) ResetSelectedAr();
            _seasonalArma?.Reset();
            for (int i = 0; i < _history.Length; i++)
            {
                double v = _history[(_head + i) % _history.Length];
                _selectedAr?.Update(v, learn: true); _seasonalArma?.Update(v, learn: true);
            }
            for (int k = 0; k < _h; k++) { _scores.Mse[k * MemberCount + SeasonalArima] = 0; _scores.Scored[k * MemberCount + SeasonalArima] = 0; }
            for (int k = 0; k < PendingForecasts.Slots(_h); k++) _pending[k * MemberCount + SeasonalArima] = float.NaN;
            _correction.Clear();   // older layouts had no correction: it starts without statistics
        }
        if (version >= 7) { _jumpRate = r.ReadDouble(); _pendingJump = r.ReadDouble(); }
        else { _jumpRate = 0; _pendingJump = double.NaN; }   // older layouts counted no jumps: the bound starts at OutlierBound·s
        // Layouts 1–8 combined the damped Holt and had no naive gate: they continue as they were.
        _earlierCombination = version < 9 || r.ReadBoolean();
        if (version >= 9)
        {
            foreach (var a in new[] { _scores.LongMse, _scores.LossGap, _scores.LossGapSquare }) ReadByMember<double>(r, a, members, 0);
        }
        else { Array.Clear(_scores.LongMse); Array.Clear(_scores.LossGap); Array.Clear(_scores.LossGapSquare); }
        // Layouts 1–9 had no fit on ln y: the order-selected AR continues on y alone, as it was.
        if (version >= 10 && r.ReadBoolean())
        {
            if (_m > 1) throw new InvalidDataException("Stored forecast pool has a log-scale autoregression with a season.");
            (_logAr ??= NewLogAr()).Load(r);
        }
        else _logAr = null;
        // Layout 11: a seasonal pool's order-selected AR (on y).
        if (version >= 11 && _m > 1 && r.ReadBoolean()) (_selectedAr = NewSelectedAr()).Load(r);
        // Layouts 1–11 judged every value of a run by the current bound: they continue so.
        _earlierShiftRule = version < 12 || r.ReadBoolean();
        _runBound = version >= 12 ? r.ReadDouble() : 0;
        if (!(_runBound >= 0) || double.IsInfinity(_runBound)) throw new InvalidDataException("Stored forecast pool outlier run is invalid.");
        // Layouts 1–12 did not record it: only a series seen positive throughout is known to be non-negative (LayoutVersion).
        _nonNegative = version >= 13 ? r.ReadBoolean() : _positive;
        // Layouts 1–13 had no d = 2 member: such a pool continues without it, as it was.
        if (version >= 14 && r.ReadBoolean())
        {
            if (_m <= 1) throw new InvalidDataException("Stored forecast pool has a d = 2 member without a season.");
            (_linearTrend ??= new FittedLinearTrend(_h)).Load(r);
            (_differencing ??= new KpssDifferencing()).Load(r);
        }
        else { _linearTrend = null; _differencing = null; }
        // Layouts 1–14 had neither the fitted drift nor the adjusted damped trend: such a pool continues without them, as it was.
        if (version >= 15 && r.ReadBoolean())
        {
            if (_m > 1) throw new InvalidDataException("Stored forecast pool has a fitted drift with a season.");
            (_driftSmoothing ??= new FittedDriftSmoothing(_h)).Load(r);
        }
        else _driftSmoothing = null;
        // Layouts 15–22 wrote the damped trend with a quarterly season only: a pool of another season read from such a
        // file continues without it, as it was (layout 23 gives one to seasons 1, 5, 7 and 12, on y itself without one).
        if (version >= 15 && r.ReadBoolean())
        {
            if (!HasFittedDampedTrend(_m))
                throw new InvalidDataException($"Stored forecast pool has a fitted damped trend with season {_m}.");
            (_adjustedDamped ??= new FittedDampedTrend(_h)).Load(r);
            if (_m > 1) (_classicalIndices ??= new ClassicalSeasonalIndices(_m)).Load(r);
            else _classicalIndices = null;
        }
        else { _adjustedDamped = null; _classicalIndices = null; }
        // Layouts 1–14 kept only the squared errors: such a pool keeps weighting by them, as it was (a reset keeps the
        // errors, so it keeps their weights too; a restart at a change of scale takes the current ones).
        _scores.SquaredWeights = version < 15 || r.ReadBoolean();
        Array.Clear(_scores.RecentAbsError);
        if (version >= 15) ReadByMember<double>(r, _scores.RecentAbsError, members, 0);
        // Layouts 1–15 judged outliers by the absolute scale alone: such a pool continues so.
        _absoluteClean = version < 16 || r.ReadBoolean();
        _relativeMae = version >= 16 ? r.ReadDouble() : 0;
        if (!(_relativeMae >= 0) || double.IsInfinity(_relativeMae)) throw new InvalidDataException("Stored forecast pool relative error scale is invalid.");
        // Layouts 1–16 judged a value repeating last season's swing as any other: such a pool continues so.
        _noSeasonRepeats = version < 17 || r.ReadBoolean();
        Array.Fill(_raw, double.NaN);
        if (version >= 17)
            for (int i = 0; i < _raw.Length; i++)
                if (double.IsInfinity(_raw[i] = r.ReadDouble())) throw new InvalidDataException("Stored forecast pool raw season is invalid.");
        _rawRow = -1; _rawNext = double.NaN;
        // Layouts 1–17 left a missing row out of the members: such a pool continues so, its count read from the history.
        _missingAsGap = version < 18 || r.ReadBoolean();
        _missingRun = version >= 18 ? r.ReadInt32() : MissingInHistory();
        if (_missingRun < 0 || _missingRun > _history.Length) throw new InvalidDataException("Stored forecast pool missing-row count is invalid.");
        // Layouts 1–18 judged a change of scale on any series: such a pool continues so.
        _anySignScaleChange = version < 19 || r.ReadBoolean();
        // Layouts 1–19 fitted by plain least squares: such a pool continues so.
        _robustFits = version >= 20 && r.ReadBoolean();
        ApplyRobustFits();
        if (_robustFits) foreach (var fit in LeastSquaresFits()) fit.LoadErrorScale(r);
        // Layouts 1–20 combined without the members' priors: such a pool continues so.
        _memberPriors = version >= 21 && r.ReadBoolean();
        // Layouts 1–21 combined one step ahead by the weighted mean of f (layout 21 with its own priors): such a pool continues so.
        _logMean = version >= 22 && r.ReadBoolean();
        // Layouts 1–22 weighed by layout 22's priors (or earlier): such a pool continues so.
        _dampedTrendPriors = version >= 23 && r.ReadBoolean();
        // Layouts 1–23 had no M4 Comb: such a pool continues without it, as it was (and with layout 23's priors).
        if (version >= 24 && r.ReadBoolean())
        {
            if (_m <= 1 || _earlierCombination) throw new InvalidDataException("Stored forecast pool has an M4 Comb without a season or in the damped Holt's place.");
            if (_linearTrend is null) throw new InvalidDataException("Stored forecast pool has an M4 Comb without the d = 2 member whose Holt fit it shares.");
            if (_comb is null || !_comb.Shares(_linearTrend)) _comb = new FittedComb(_h, _linearTrend);
            _comb.Load(r, withOwnLinear: version == 24);   // layout 24 wrote a copy of the shared Holt fit
        }
        else _comb = null;
        // Layouts 1–25 had no seasonal ARIMA at the second season: such a pool continues without it, as it was.
        if (version >= 26 && r.ReadBoolean())
        {
            if (_m2 == 0 || _m <= 1) throw new InvalidDataException("Stored forecast pool has a seasonal ARIMA at a second season without a season and a second season.");
            _secondSeasonalArma ??= NewSecondSeasonalArma();
            _secondSeasonalArma.Load(r);
            _secondSeasonalArma.Fit.LoadErrorScale(r);
        }
        else _secondSeasonalArma = null;
        // Layouts 1–26 forgot the recent errors over 25 scores at every horizon: such a pool continues so.
        _horizonWindows = version >= 27 && r.ReadBoolean();
        ReadResolution(r, version);
        ReadSeasonalZeros(r, version);
        ReadConstantDepartures(r, version);
        // Layouts 1–29 had no rolling median: such a pool continues without it, as it was (and with layout 29's priors).
        if (version >= 30 && r.ReadBoolean())
        {
            if (_m > 1 || _earlierCombination) throw new InvalidDataException("Stored forecast pool has a rolling median with a season or in the damped Holt's place.");
            (_median ??= new RollingMedian()).Load(r);
        }
        else _median = null;
        // Layouts 1–30 moved every confirmed shift additively: such a pool continues so.
        _shiftsInProportion = version >= 31 && r.ReadBoolean();
        // Layouts 1–31 kept a shift whatever the values after it: such a pool continues so.
        ReadReturns(r, version);
        _combinesAboveZero = version >= 32 && r.ReadBoolean();
        _movesEarlySeasonalNaive = version >= 33 && r.ReadBoolean();   // layouts 1–32: the seasonal naive as it is
        ReadSecondSeasonRepeats(r, version);
        ReadTransients(r, version);
        _fitsWhileFrozen = version >= 35 && r.ReadBoolean();   // layouts 1–34: the members' fits frozen with the pool, as they were
        ReadSaturation(r, version);
        ReadNonPositive(r, version);
        _combinesFirstSeason = version >= 37 && r.ReadBoolean();   // layouts 1–36: the naive forecast h > 1 steps ahead until the seasonal naive is scored
        ReadGrossBelowZero(r, version);
        if (version >= 39)
        {
            byte conditions = r.ReadByte(), defers = r.ReadByte();
            if (conditions > 1 || defers > 1) throw new InvalidDataException("Stored forecast pool's layout-39 flags are not bools.");
            _conditionsFits = conditions == 1;
            _defersImpreciseRuns = defers == 1;
        }
        else _conditionsFits = _defersImpreciseRuns = false;   // layouts 1–38: the fits and runs as they were
        if (version >= 40)
        {
            byte defersGross = r.ReadByte();
            if (defersGross > 1) throw new InvalidDataException("Stored forecast pool's layout-40 flag is not a bool.");
            _defersGrossRunsWhenFrozen = defersGross == 1;
        }
        else _defersGrossRunsWhenFrozen = false;   // layouts 1–39: a frozen pool confirms gross runs at their third value, as it did
        ReadAlternatingBursts(r, version);
        ReadMoves(r, version);
        ApplyFitConditioning();
        if (!_scores.LongRunValid())
            throw new InvalidDataException("Stored forecast pool long-run errors are invalid.");
        if (!(_jumpRate is >= 0 and <= 1) || double.IsInfinity(_pendingJump))
            throw new InvalidDataException("Stored forecast pool jump statistics are invalid.");
        if (!_scores.RecentValid() || !(_mae >= 0) || _maeCount < -2 * Window / 5 || _rows < 0 || _observed < 0 || _outlierSide is < -1 or > 1 || _head < 0 || _head >= _history.Length)
            throw new InvalidDataException("Stored forecast pool statistics are invalid.");
    }
}
