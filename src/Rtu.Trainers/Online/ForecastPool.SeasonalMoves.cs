namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>A season's sharp move repeating (pool layout 43): with a season, an outlier is no outlier when its move repeats
/// one made a season earlier at the same place, so it is taken as it is, as a value repeating last season's is
/// (<see cref="Clean"/>). Two kinds of move count: the jump from the value given before it, when the jump a season earlier
/// (values as given) was itself beyond the outlier bound and this one lies within the bound of it; and its distance from
/// the forecast, when a level shift (or a shift's undoing) was made at that row a season earlier by a move within the
/// bound of it (the last <see cref="RememberedMoves"/> such moves are remembered). Seasons of <see cref="DriftingSeason"/>
/// steps or more look a step either side too, as the value rule does.</para>
/// <para>Why: a season that switches sharply was never learned. Each switch of an hourly on/off pattern (0 for eight hours,
/// 50 for sixteen, noise of 0.1) was an outlier, held as a possible spike and confirmed by the next value as a level
/// shift, which moved the remembered past, the values as given among them, by the jump: the switch was gone from memory,
/// so a day later it was an outlier again, and so on for good. Every member forecast like the naive one, the switches
/// were never scored, and the one-step MAE over the second half was 2.46 where the seasonal naive forecast scores 0.031.
/// A weekly sawtooth on a trend (the known noise-free case) is the same. Without a shift the value rule misses a switch on
/// a trend: a monthly December of +20 on a slope of 0.05 a month with noise of 0.1 lies 0.6 from last December, beyond the
/// bound, so every December was cleaned as a spike (MAE 1.76 against the seasonal naive's 0.60); its jump from November
/// repeats last year's within 0.1.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>Level shifts (and undone shifts) whose row and move are remembered, the newest replacing the oldest.</summary>
    public const int RememberedMoves = 4;

    /// <summary>
    /// Whether an outlier repeating a sharp move made a season earlier is taken as it is (pool layout 43; false only for a
    /// pool read from a layout 1–42 file, until its series starts afresh).
    /// </summary>
    public bool TakesRepeatedMoves => _takesRepeatedMoves;

    private bool _takesRepeatedMoves;   // layout 43 (false: read from a layout 1–42 file)
    private readonly long[] _moveRows = new long[RememberedMoves];     // the row each remembered move was made at (−1: none)
    private readonly double[] _moves = new double[RememberedMoves];    // the move: the value less its forecast
    private int _nextMove;                                             // the slot the next move replaces

    // Tests: sharp moves as layouts 1–42 left them (and so do the earlier layouts' hooks).
    internal void UseRulesOfLayout42() { _takesRepeatedMoves = false; ForgetMoves(); }

    private void ForgetMoves()
    {
        Array.Fill(_moveRows, -1L); Array.Clear(_moves); _nextMove = 0;
    }

    // A level shift (additive or in proportion) or a shift's undoing moved the series by `move` (the value less its
    // forecast) at row `row`: remembered for the rule.
    private void RememberMove(long row, double move)
    {
        if (!_takesRepeatedMoves || _m <= 1 || !double.IsFinite(move)) return;
        _moveRows[_nextMove] = row; _moves[_nextMove] = move;
        _nextMove = (_nextMove + 1) % RememberedMoves;
    }

    // Whether an outlier `value` (its error against the forecast) at this row repeats a sharp move made a season earlier.
    private bool RepeatsSeasonsMove(double value, double error, double bound)
    {
        if (!_takesRepeatedMoves || _m <= 1 || MissingBefore() != 0) return false;
        long t = _rows;
        int reach = _m >= DriftingSeason ? 1 : 0;
        for (int i = 0; i < RememberedMoves; i++)
        {
            long back = t - _moveRows[i];
            if (_moveRows[i] >= 0 && back >= _m - reach && back <= _m + reach && Math.Abs(error - _moves[i]) <= bound) return true;
        }
        if (t < 1) return false;
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

    // Bytes of layout 43's section: the flag, the next slot, and each remembered move's row and size.
    internal const int Layout43Length = 1 + 4 + RememberedMoves * 16;

    private void WriteMoves(BinaryWriter w)
    {
        w.Write(_takesRepeatedMoves); w.Write(_nextMove);
        for (int i = 0; i < RememberedMoves; i++) { w.Write(_moveRows[i]); w.Write(_moves[i]); }
    }

    private void ReadMoves(BinaryReader r, int version)
    {
        UseRulesOfLayout42();
        if (version < 43) return;   // layouts 1–42: a season's sharp moves judged as before
        byte flag = r.ReadByte();
        int next = r.ReadInt32();
        if (flag > 1) throw new InvalidDataException("Stored forecast pool's layout-43 flag is not a bool.");
        if (next < 0 || next >= RememberedMoves) throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
        for (int i = 0; i < RememberedMoves; i++)
        {
            long row = r.ReadInt64();
            double move = r.ReadDouble();
            if (row < -1 || row > _rows || !double.IsFinite(move) || (row == -1 && move != 0) || (flag == 0 && row != -1))
                throw new InvalidDataException("Stored forecast pool's remembered moves are invalid.");
            _moveRows[i] = row; _moves[i] = move;
        }
        _takesRepeatedMoves = flag == 1; _nextMove = next;
    }
}
