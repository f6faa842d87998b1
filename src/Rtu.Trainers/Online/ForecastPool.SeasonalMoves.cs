namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A season's sharp move repeating (pool layout 42): with a season, an outlier is no outlier when its move repeats
/// one made a season earlier at the same place, so it is taken as it is, as a value repeating last season's is
/// (<see cref="Clean"/>). Two kinds of move count: the jump from the value given before it, when the value before was no
/// outlier, the value a season earlier was itself an outlier, its jump (values as given) beyond the outlier bound and this
/// one within the bound of it; and its distance from the forecast, when a level shift was made at that row a season earlier by a move
/// within the bound of it that itself repeated the move of a shift a season before that (a move seen in two seasons in a
/// row: the last <see cref="RememberedMoves"/> shifts are remembered, and a shift undone, or taken back as transient, is
/// forgotten). Seasons of <see cref="DriftingSeason"/> steps or more look a step either side too, as the value rule does
/// (the jump a step later than a season back is out of the remembered values' reach).</para>
/// <para>Why: a season that switches sharply was never learned. Each switch of an hourly on/off pattern (0 for eight hours,
/// 50 for sixteen, noise of 0.1) was an outlier, held as a possible spike and confirmed by the next value as a level
/// shift, which moved the remembered past, the values as given among them, by the jump: the switch was gone from memory,
/// so a day later it was an outlier again, and so on for good. Every member forecast like the naive one, the switches
/// were never scored, and the one-step MAE over the second half was 2.46 where the seasonal naive forecast scores 0.031.
/// A weekly sawtooth on a trend (the known noise-free case) is the same. Without a shift the value rule misses a switch on
/// a trend: a monthly December of +20 on a slope of 0.05 a month with noise of 0.1 lies 0.6 from last December, beyond the
/// bound, so every December was cleaned as a spike (MAE 1.76 against the seasonal naive's 0.60); its jump from November
/// repeats last year's within 0.1.</para>
/// <para>Why the guards (an outside review): the jump from a value that was itself an outlier is the season's ordinary
/// step on a new level (UK spirits moved to a third of its level: the shift's second value matched last year's step, the
/// shift was never confirmed, the MAE of its first season after 0.046 → 0.549); a shift's move taken at its first repeat
/// took a one-off spike a season after a shift of its size, or a sensor's lone 0 a season after an outage to 0, as the
/// season (a monthly series' season after it: MAE 380 → 5,004); a move remembered and then undone did the same.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Level shifts whose row and move are remembered (one undone is forgotten), the newest replacing the oldest.</summary>
    public const int RememberedMoves = 4;

    /// <summary>
    /// Whether an outlier repeating a sharp move made a season earlier is taken as it is (pool layout 42; false only for a
    /// pool read from a layout 1–41 file, until its series starts afresh).
    /// </summary>
    public bool TakesRepeatedMoves => _takesRepeatedMoves;

    private bool _takesRepeatedMoves;   // layout 42 (false: read from a layout 1–41 file)
    private readonly long[] _moveRows = new long[RememberedMoves];     // the row each remembered move was made at (−1: none)
    private readonly double[] _moves = new double[RememberedMoves];    // the move: the value less its forecast
    private readonly bool[] _moveRepeated = new bool[RememberedMoves]; // whether it repeated a remembered move a season before it
    private int _nextMove;                                             // the slot the next move replaces
    private ulong[] _beyond = [];      // per place of the season: whether the value there a season back was an outlier
    private long _beyondNoted = -1;    // the row whose place was last noted (a row not judged leaves its place false)

    // Tests: sharp moves as layouts 1–41 left them (and so do the earlier layouts' hooks).
    internal void UseRulesOfLayout41() { _takesRepeatedMoves = false; ForgetMoves(); }

    private void ForgetMoves()
    {
        Array.Fill(_moveRows, -1L); Array.Clear(_moves); Array.Clear(_moveRepeated); _nextMove = 0;
        if (_beyond.Length != BeyondWords) _beyond = new ulong[BeyondWords];
        Array.Clear(_beyond); _beyondNoted = -1;
    }

    // Words of the per-place outlier bits: one bit per place of the season (none without one).
    private int BeyondWords => _m > 1 ? (_m + 63) / 64 : 0;

    // Row `_rows` was judged (outlier: beyond the bound, before any rule took it as the season): its place's bit is set to
    // that, and the bit it had (the value a season back) is returned.
    private bool NoteBeyond(bool outlier)
    {
        if (!_takesRepeatedMoves || _m <= 1) return false;
        int p = (int)(_rows % _m);
        ulong mask = 1UL << (p & 63);
        bool before = (_beyond[p >> 6] & mask) != 0;
        if (outlier) _beyond[p >> 6] |= mask; else _beyond[p >> 6] &= ~mask;
        _beyondNoted = _rows;
        return before;
    }

    // Row t observed: a row whose value was not judged (missing, before the clean had a scale, a return that undid a shift)
    // was no outlier at its place.
    private void ClearBeyondUnlessNoted(long t)
    {
        if (!_takesRepeatedMoves || _m <= 1 || _beyondNoted == t) return;
        int p = (int)(t % _m);
        _beyond[p >> 6] &= ~(1UL << (p & 63));
    }

    // A level shift (additive or in proportion) moved the series by `move` (the value less its forecast) at row `row`:
    // remembered for the rule, with whether it repeats a remembered move a season before it.
    private void RememberMove(long row, double move)
    {
        if (!_takesRepeatedMoves || _m <= 1 || !double.IsFinite(move)) return;
        bool repeated = MoveRepeated(row, move, OutlierBound * CleanScale(), needsRepeat: false);
        _moveRows[_nextMove] = row; _moves[_nextMove] = move; _moveRepeated[_nextMove] = repeated;
        _nextMove = (_nextMove + 1) % RememberedMoves;
    }

    // The newest remembered move is forgotten: its shift was undone, or taken back as transient.
    private void ForgetLastMove()
    {
        int last = (_nextMove + RememberedMoves - 1) % RememberedMoves;
        if (_moveRows[last] < 0) return;
        _moveRows[last] = -1; _moves[last] = 0; _moveRepeated[last] = false;
        _nextMove = last;
    }

    // Whether a move within `bound` of `move` was remembered a season before row `row` (and, with needsRepeat, had itself
    // repeated one a season before it).
    private bool MoveRepeated(long row, double move, double bound, bool needsRepeat)
    {
        int reach = _m >= DriftingSeason ? 1 : 0;
        for (int i = 0; i < RememberedMoves; i++)
        {
            long back = row - _moveRows[i];
            if (_moveRows[i] >= 0 && back >= _m - reach && back <= _m + reach && (_moveRepeated[i] || !needsRepeat)
                && Math.Abs(move - _moves[i]) <= bound) return true;
        }
        return false;
    }

    // Whether an outlier `value` (its error against the forecast) at this row repeats a sharp move made a season earlier.
    private bool RepeatsSeasonsMove(double value, double error, double bound, bool beyondSeasonBack)
    {
        if (!_takesRepeatedMoves || _m <= 1 || MissingBefore() != 0) return false;
        long t = _rows;
        if (MoveRepeated(t, error, bound, needsRepeat: true)) return true;
        // The jump from a value that was itself an outlier is the season's step on a new level, not a switch; and a jump a
        // season back that the members forecast (no outlier) is a season they know, which a jump now does not repeat.
        if (t < 1 || _outliersInRow != 0 || !beyondSeasonBack) return false;
        int reach = _m >= DriftingSeason ? 1 : 0;
        double jump = value - _raw[(int)((t - 1) % _raw.Length)];
        for (long lag = _m - reach; lag <= _m + reach; lag++)
        {
            // The raw ring holds m + 1 values: rows t − m − 1 … t − 1 while row t is judged (a lag of m + 1 reaches no further).
            if (t - lag - 1 < 0 || lag + 1 > _raw.Length) continue;
            double then = _raw[(int)((t - lag) % _raw.Length)] - _raw[(int)((t - lag - 1) % _raw.Length)];
            if (Math.Abs(then) > bound && Math.Abs(jump - then) <= bound) return true;   // NaN (missing): false
        }
        return false;
    }

    // Bytes of layout 42's section: the flag, the next slot, each remembered move's row, size and whether it repeated, the
    // row last noted and the per-place outlier bits.
    internal int Layout42Length => 1 + 4 + RememberedMoves * 17 + 8 + 8 * BeyondWords;

    private void WriteMoves(BinaryWriter w)
    {
        w.Write(_takesRepeatedMoves); w.Write(_nextMove);
        for (int i = 0; i < RememberedMoves; i++) { w.Write(_moveRows[i]); w.Write(_moves[i]); w.Write(_moveRepeated[i]); }
        w.Write(_beyondNoted);
        foreach (ulong word in _beyond) w.Write(word);
    }

    private void ReadMoves(BinaryReader r, int version)
    {
        UseRulesOfLayout41();
        if (version < 42) return;   // layouts 1–41: a season's sharp moves judged as before
        byte flag = r.ReadByte();
        int next = r.ReadInt32();
        if (flag > 1) throw new InvalidDataException("Stored forecast pool's layout-42 flag is not a bool.");
        if (next < 0 || next >= RememberedMoves) throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
        for (int i = 0; i < RememberedMoves; i++)
        {
            long row = r.ReadInt64();
            double move = r.ReadDouble();
            byte repeated = r.ReadByte();
            if (row < -1 || row > _rows || !double.IsFinite(move) || repeated > 1 || (row == -1 && (move != 0 || repeated != 0)) || (flag == 0 && row != -1))
                throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
            _moveRows[i] = row; _moves[i] = move; _moveRepeated[i] = repeated == 1;
        }
        long noted = r.ReadInt64();
        if (noted < -1 || noted > _rows || (flag == 0 && noted != -1)) throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
        _beyondNoted = noted;
        for (int i = 0; i < _beyond.Length; i++)
        {
            ulong word = r.ReadUInt64();
            // Bits past the season's last place, or set with the rule off, are damage.
            int used = Math.Min(64, _m - 64 * i);
            if ((used < 64 && word >> used != 0) || (flag == 0 && word != 0)) throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
            _beyond[i] = word;
        }
        _takesRepeatedMoves = flag == 1; _nextMove = next;
    }
}
