namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>Transient shifts in the first season (layout 35): a level shift confirmed before a season has been seen, whose
/// values go back to the level before it within <see cref="TransientShare"/> of the season, takes back its move of the
/// pool's remembered past: the season's values (what the seasonal naive forecast repeats), the values as given, the
/// autoregressions' history and the first season (what Holt–Winters starts from). The members' own states followed the
/// values back and are left as they are.</para>
/// <para>Why: a shift moves every remembered value to the new level, so that no member sees the shift as a change. A
/// queue's backlog or an incident's tail jumps, is confirmed as a shift, then drains back over minutes: each such shift
/// stayed in the remembered past, and over a first day the moves added up. The seasonal naive forecast is the h-step
/// forecast before it has been scored (<see cref="EarlySeasonalMove"/>), and it repeated those values moved by every
/// backlog: an outside audit's queue, 0 on 90 % of its minutes and never above 198, was forecast at 559–622 sixty
/// minutes ahead for the hour after the first day (MAE 301.6 on those rows against 5.3 elsewhere; with the moves taken
/// back 18.8, the whole series' MAE 7.12 → 5.46). After the first season the members' scores tell the combination
/// whether the seasonal naive forecast is any good; before, nothing does.</para>
/// <para>Judged like a shift: <see cref="ShiftConfirmation"/> values in a row within <see cref="ReturnShare"/> of the move
/// of the level before the shift. The last shift is watched, and one begun more than <see cref="TransientShare"/> of the
/// season earlier no more (a return much later is a new change: on an audit's incidents a fall watched for a whole first
/// season was taken back at the next incident); only a move wider than the interquartile range of the season's values
/// before it, which a season's own swing cannot undo within an eighth of the season (a review: a lasting step of +10 on a
/// 5-minute daily cycle of ±20 was taken back at the cycle's downswing). A pool read from a layout 1–34 file continues as
/// it was.</para>
/// <para>Left as they are (a review): a shift that moves back toward a level an earlier, lasting shift left (0 → 150 for
/// longer than the watch, then a fall to 60 and a rise back to 150) is taken back, and the rows before both stay on the
/// wrong level by more than without the rule; and with the seasonal naive forecast right at the season's end it gains
/// weight there, so on the second day it repeats the first day's backlogs where those were at random times: a queue of
/// three random backlogs a day, eight steps ahead over a week, 12 seeds: −4.5 % to +3.0 %, geometric mean −0.3 %;
/// three backlogs on the first day alone, 5 seeds: −43 % to +35 %, geometric mean −8 %.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    /// <summary>
    /// A first-season level shift is taken back only when its values return within this share of the season's length
    /// (<see cref="TakesBackTransientShifts"/>): 3 hours of a minute series' first day, or of a 5-minute one's. A return
    /// is confirmed 5 rows after a shift begins at the earliest, so seasons below 40 rows (hourly data's day, monthly
    /// data's year) take none back.
    /// </summary>
    public const double TransientShare = 0.125;

    private bool _takesBackTransients = true;   // false: a pool read from a layout 1–34 file keeps every shift's move, as it did
    private double[]? _transientScratch;         // TransientSpread's values (not saved; allocated at the first shift watched)
    private long _transientRow = -1;            // the row the watched shift began at (its moved past is every row before; −1: none)
    private double _transientMove;              // its additive move
    private double _transientFrom;              // the level before it: its one-step forecast without the move
    private int _transientBack;                 // values in a row back at that level

    /// <summary>
    /// Whether a level shift confirmed in the first season takes back its move of the remembered past when its values
    /// return within <see cref="TransientShare"/> of the season (false only for a pool read from a layout 1–34 file).
    /// </summary>
    public bool TakesBackTransientShifts => _takesBackTransients;

    // An additive shift by `move` from the level `from`, begun at row `start`, about to move the past: watched where the
    // move is wider than the spread of the season's values before it (TransientSpread).
    private void WatchTransient(double from, double move, long start)
    {
        StopWatchingTransient();
        if (!_takesBackTransients || _seasonReady || _m <= 1 || move == 0) return;
        double spread = TransientSpread(start);
        if (!(Math.Abs(move) > spread)) return;
        _transientRow = start; _transientMove = move; _transientFrom = from;
    }

    // The interquartile range of the values remembered for the rows before `start` (the first season's, as moved by the
    // shifts before), +∞ with fewer than 2·ShiftConfirmation of them. Why: in the first season nothing tells a season's
    // swing from a change of level, and a step on a daily cycle whose downswing came back within an eighth of the day
    // was taken for a return (a review: 100 + 20·sin on 5-minute data, a lasting step of +10, eight-step MAE at the
    // season's end 1.56 → 3.85). A move wider than the middle half of the values cannot be undone by the season alone:
    // a sine's swing over an eighth of its period is at most 0.77 of its amplitude, its interquartile range 1.41.
    private double TransientSpread(long start)
    {
        _transientScratch ??= new double[_m];
        int n = 0;
        for (long r = Math.Max(0, start - _m); r < start; r++)
        {
            double v = _levels[(int)(r % _m)];
            if (!double.IsNaN(v)) _transientScratch[n++] = v;
        }
        if (n < 2 * ShiftConfirmation) return double.PositiveInfinity;
        var values = _transientScratch.AsSpan(0, n);
        values.Sort();
        return values[(3 * (n - 1)) / 4] - values[(n - 1) / 4];
    }

    private void StopWatchingTransient() { _transientRow = -1; _transientBack = 0; }

    // Row t's observed value, stored: back at the level before the watched shift for ShiftConfirmation values in a row,
    // the shift's move of the rows before it is taken back.
    private void JudgeTransient(double value, long t)
    {
        if (_transientRow < 0) return;
        if (_seasonReady || t - _transientRow > TransientShare * _m) { StopWatchingTransient(); return; }
        bool back = Math.Sign(_transientMove) * (value - _transientFrom) <= ReturnShare * Math.Abs(_transientMove);
        _transientBack = back ? _transientBack + 1 : 0;
        if (_transientBack < ShiftConfirmation) return;
        long start = _transientRow, oldest = t - _history.Length + 1;
        for (long r = Math.Max(0, oldest); r < start; r++) _history[(int)((_head + (r - oldest)) % _history.Length)] -= _transientMove;
        for (long r = Math.Max(0, t - _m); r < start; r++) _raw[(int)(r % _raw.Length)] -= _transientMove;
        // The season's values and the first season's, by position, the latest row at each (a season not ready past row
        // m − 1 still overwrites the first season's: a review's missing row late in it had the shift's own rows moved).
        for (long r = Math.Max(0, t - _m + 1); r < start; r++)
        {
            _levels[(int)(r % _m)] -= _transientMove;
            _first[(int)(r % _m)] -= _transientMove;
        }
        ForgetLastMove();   // layout 42: the shift taken back is no season's move
        StopWatchingTransient();
    }

    // Test hook: the first season's value remembered at `position` (what Holt–Winters will start from).
    internal double FirstSeasonValue(int position) => _first[position];

    // Bytes of the watched shift's record in layout 35's section: the flag, the row, the move, the level and the count.
    internal const int TransientsRecordLength = 1 + 8 + 8 + 8 + 4;

    private void WriteTransients(BinaryWriter w)
    {
        w.Write(_takesBackTransients); w.Write(_transientRow); w.Write(_transientMove); w.Write(_transientFrom); w.Write(_transientBack);
    }

    private void ReadTransients(BinaryReader r, int version)
    {
        _transientRow = -1; _transientMove = _transientFrom = 0; _transientBack = 0;
        _takesBackTransients = false;
        if (version < 35) return;   // layouts 1–34: every shift's move kept, as it was
        _takesBackTransients = r.ReadBoolean(); _transientRow = r.ReadInt64(); _transientMove = r.ReadDouble(); _transientFrom = r.ReadDouble(); _transientBack = r.ReadInt32();
        if (_transientRow < -1 || _transientRow > _rows || !double.IsFinite(_transientMove) || !double.IsFinite(_transientFrom)
            || _transientBack is < 0 or >= ShiftConfirmation || (_transientRow < 0 && _transientBack != 0))
            throw new InvalidDataException("Stored forecast pool's transient shift is invalid.");
    }
}
