namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A frozen pool's weights after a level shift that lasts (layout 41): a frozen pool (serving: the C# forecaster with
/// learning off, and the exported graph's host side, which shares this pool) that confirms a level shift, moved additively
/// or in proportion, notes it; once the shift has lasted <see cref="ReturnWindow"/> rows and the pool's one-step forecast
/// has not come back within <see cref="ReturnShare"/> of the shift's move of the level before it, the pool scores its
/// members again from that row on, as a learning pool does at every row, so the combination's weights follow the members
/// that forecast the new level. Nothing else learns: the members' fits, the clean's scale, the correction of the
/// combination's errors and the RTU stay frozen. A shift back toward the level before a noted one, confirmed before it has
/// lasted (a glitch of three rows and its return), drops the note, and so does a change of units (every state converted
/// exactly: the weights still hold). Learning ends the scoring (the weights are the pool's own again).</para>
/// <para>Why: the weights were earned on the level the model was fitted on, and a shift does not move every member alike.
/// The pool moves every member's past by the shift (<c>Shift</c>), but the members whose season is a ratio (the
/// multiplicative Holt–Winters, learned or not, the airline model on ln y, and, by their errors after the shift, the
/// classically adjusted damped trend and Theta) keep it, so after an additive shift to five times the level their seasonal
/// swing is several times too wide. A learning pool's scores leave such members within a few dozen rows; a frozen pool
/// kept the weights it was fitted with for good: co2 served frozen after a move of four times its level (an audit's "x5")
/// kept 27 % of its one-step weight on the airline member, 17 % on the adjusted damped trend, 15 % on Theta and 10 % on
/// the learned multiplicative Holt–Winters (their MAE over the rest of the series 0.34, 3.7, 2.6 and 4.5, where the
/// members a learning pool moved to, the seasonal ARIMA and the learned additive Holt–Winters, had 0.26 and 0.25), and its
/// one-step MAE over the rest of the series was 1.31 where the learning model's was 0.25. The RTU was not the cause there
/// (3 % of the weight; its level input, scaled by frozen statistics, sits at the clip, 5, after such a move).</para>
/// <para>Why it waits: the rows right after a confirmation are where a glitch's return shows, and scored at once they made
/// the weights chase whichever member happened to be near (UKgas served frozen with three readings negated: one-step
/// forecasts of −3,491 for 684). A frozen pool undoes no shift; the window is the one within which a learning pool would
/// (<see cref="ReturnWindow"/>), and the one a frozen pool holds a gross run back for (<see cref="DefersGrossRunsWhenFrozen"/>).
/// The check that the forecast has not come back keeps a burst the members followed back without a run of outliers to
/// confirm it (Seattle's daily rain) from starting the scoring; it compares a one-step forecast with levels at another
/// position of the season, so for a shift smaller than the season's swing it can go either way.</para>
/// <para>Measured (the audit's harness: fitted on the first 70 %, the rest served with a permanent move from its row 40, the
/// rest of the series after the first five rows and two seasons): co2 x5 1.31 → 0.253 (learning 0.252), +50 % of the level
/// 0.289 → 0.245, −80 % 0.333 → 0.249; UKgas x5 78.5 → 30.6 (learning 36.0), +10 standard deviations 38.8 → 33.1; Nile
/// x5 178 → 124 (learning 111), +10 standard deviations 144 → 119; the first five rows after each move the same, and no
/// frozen case of the audit's spikes, glitches and shifts worse but one two-week window of Seattle's rain after a move of
/// 10 standard deviations (11.0 → 11.1; the rest 3.68 → 3.63). Learning forecasts are unchanged (the 323 series bit for
/// bit). Not helped: a move the frozen pool never confirms as a shift (sunspots, whose clean takes a move of 4 times the
/// level in steps: 22.2 against the learning model's 15.6, its order-chosen AR's fitted coefficients reverting to the old
/// mean and the RTU's level input at the clip).</para>
/// </remarks>
public sealed partial class ForecastPool
{
    private bool _rescoresShiftsWhenFrozen;   // layout 41 (false: read from a layout 1–40 file, until its series starts afresh)
    private bool _scoresWhileFrozen;          // a noted shift lasted: frozen observations score the members
    private long _frozenShiftRow = -1;        // the row a frozen pool confirmed its last shift at, not yet judged (−1: none)
    private double _frozenShiftFrom, _frozenShiftTo;   // the level before it (its one-step forecast) and the value it moved to

    /// <summary>
    /// Whether a frozen pool that confirms a level shift scores its members again once the shift has lasted
    /// <see cref="ReturnWindow"/> rows, so that the combination's weights follow the members that forecast the new level
    /// (layout 41; false only for a pool read from a layout 1–40 file, until its series starts afresh).
    /// </summary>
    public bool RescoresShiftsWhenFrozen => _rescoresShiftsWhenFrozen;

    /// <summary>
    /// Whether frozen observations score the members now (<see cref="RescoresShiftsWhenFrozen"/>): from the row a shift a
    /// frozen pool confirmed had lasted <see cref="ReturnWindow"/> rows, until the pool learns from a row or its series
    /// starts afresh.
    /// </summary>
    public bool ScoresMembersWhenFrozen => _scoresWhileFrozen;

    // Tests: a frozen pool's shifts as layouts 1–40 left them (its weights frozen for good).
    internal void UseRulesOfLayout40() { _rescoresShiftsWhenFrozen = false; _scoresWhileFrozen = false; _frozenShiftRow = -1; }

    // A frozen pool confirmed a shift from the level `from` (the forecast of the confirming value) to `to` at this row: noted,
    // unless it goes back toward the level before a shift noted and not yet judged (that one's return: dropped with it).
    private void NoteFrozenShift(double from, double to, bool learn)
    {
        if (learn || !_rescoresShiftsWhenFrozen || _scoresWhileFrozen) return;
        if (_frozenShiftRow >= 0 && Math.Abs(to - _frozenShiftFrom) < Math.Abs(to - _frozenShiftTo)) { _frozenShiftRow = -1; return; }
        if (!double.IsFinite(from) || !double.IsFinite(to)) return;
        _frozenShiftRow = _rows; _frozenShiftFrom = from; _frozenShiftTo = to;
    }

    // Row t, observed by a frozen pool: a noted shift that has lasted ReturnWindow rows is judged; the pool scores its
    // members from here on unless its one-step forecast has come back within ReturnShare of the shift's move of the level
    // before it (a burst the members followed back without a run of outliers to confirm it).
    private void JudgeFrozenShift(long t)
    {
        if (_frozenShiftRow < 0 || t - _frozenShiftRow < ReturnWindow) return;
        double move = _frozenShiftTo - _frozenShiftFrom;
        _scoresWhileFrozen = Math.Sign(move) * (_oneStep - _frozenShiftFrom) > ReturnShare * Math.Abs(move);
        _frozenShiftRow = -1;
    }

    // The pool learns from a row (its weights are its own again), or its units changed (the note is in the old ones).
    private void ForgetFrozenShift(bool scoringToo)
    {
        _frozenShiftRow = -1;
        if (scoringToo) _scoresWhileFrozen = false;
    }

    // Bytes of layout 41's section: the flag, whether frozen observations score the members, the noted shift's row, the
    // level before it and the value it moved to.
    internal const int Layout41Length = 1 + 1 + 8 + 8 + 8;

    private void WriteFrozenShifts(BinaryWriter w)
    {
        w.Write(_rescoresShiftsWhenFrozen); w.Write(_scoresWhileFrozen); w.Write(_frozenShiftRow); w.Write(_frozenShiftFrom); w.Write(_frozenShiftTo);
    }

    private void ReadFrozenShifts(BinaryReader r, int version)
    {
        _rescoresShiftsWhenFrozen = _scoresWhileFrozen = false; _frozenShiftRow = -1; _frozenShiftFrom = _frozenShiftTo = 0;
        if (version < 41) return;   // layouts 1–40: a frozen pool's weights frozen for good, as they were
        byte flag = r.ReadByte(), scores = r.ReadByte();
        long row = r.ReadInt64();
        double from = r.ReadDouble(), to = r.ReadDouble();
        if (flag > 1 || scores > 1) throw new InvalidDataException("Stored forecast pool's layout-41 flags are not bools.");
        if (row < -1 || row > _rows || !double.IsFinite(from) || !double.IsFinite(to) || (flag == 0 && (scores == 1 || row >= 0)) || (scores == 1 && row >= 0))
            throw new InvalidDataException("Stored forecast pool's frozen level shift is invalid.");
        _rescoresShiftsWhenFrozen = flag == 1; _scoresWhileFrozen = scores == 1; _frozenShiftRow = row; _frozenShiftFrom = from; _frozenShiftTo = to;
    }
}
