namespace Rtu.Trainers.Online;

/// <summary>
/// Whether a seasonal forecaster's exogenous columns only repeat its season (settings layout 22): the exogenous effect
/// (<see cref="ExogenousEffect"/>) is held back through the first two seasons, and then fitted unless every column that
/// varied repeats the season; a column that stops repeating has it fitted from then on. The columns reach the RTU as
/// inputs throughout.
/// </summary>
/// <remarks>
/// <para>Why: the effect is regressed out before the forecast pool, whose seasonal members carry the season too. For a
/// column that is the season itself (a month's cosine, a weekday's dummy, a schedule that repeats every week) any split
/// of the season between the effect and the pool fits, so the effect's weights wander with it, and the pool, forecasting
/// the series less a wandering season, lags behind. The exogenous scenario harness
/// (<c>samples/Rtu.Forecasting/scripts/exogenous_absorption</c>, eight seeds; one-step and six-step MAE with the column
/// over without it, before → after): a sine series with its cosine as the column 1.121 → 1.001 and 1.766 → 1.000; a
/// monthly temperature (the season with noise of a fifth of it) 1.011 → 1.001 and 1.039 → 1.002. Columns that do not
/// repeat are fitted two seasons late, and gained from the pool's start without them: promotions known a day ahead
/// (weekly season) 0.348 → 0.327 and 0.591 → 0.566 (lifts 1.7 and 1.3; six steps 0.995 → 0.996, 0.980 → 0.977), a
/// daily price 0.404 → 0.367 and 0.960 → 0.950, a price held for days 0.805 → 0.804 and 1.002 → 0.995, hourly load with
/// heating degrees 0.992 → 0.980 and 0.990 → 0.981, with a daily cycle in the temperature 0.984 → 0.982 and 0.981 →
/// 0.981, a column of noise 1.004 → 1.000 and 1.004 → 1.000; hourly soil moisture with the hour's rain 1.120 → 1.131
/// and 0.988 → 0.986 (an effect that already cost); a setpoint loop without a season as before. Geometric means of
/// the eleven scenarios 0.795 → 0.771 and 1.032 → 0.974. Switched off only once judged, with the effect fitted from the
/// start, the pool must learn again the season the effect had taken (the sine 1.202 and 1.745); frozen instead, the
/// effect keeps a wrong share of it (six steps 11.0).</para>
/// <para>The rule: a column repeats its season when it varied (a constant carries no season and may change later, as a
/// price held) and the mean squared change from the value a season back is below <see cref="Threshold"/> times twice the
/// variance of its values (0 for a column exactly periodic, about 1 for noise, about 1.5 for a trend): judged at the end
/// of the second season over its changes, and at every row after it while the columns repeat, on the changes of about
/// the last two seasons against <see cref="DepartureThreshold"/>, so that a column that repeated by chance (a promotion
/// on the same days two weeks running) or for months (a Friday promotion that later moves) is fitted from its first
/// clear departure, for good. A new series (the forecaster's state reset, a new training pass) is judged afresh; a change
/// of units keeps the judgement (the columns did not change), and rows seen frozen keep the season's place.
/// Only for seasons 2 … <see cref="MaxSeason"/>: with longer ones (weekly data with a yearly season) two seasons are too
/// long to hold the effect back, and it is fitted from the start, as before. With more than one column the effect is fitted when any column does not repeat (the
/// regression then takes all of them, as before).</para>
/// <para>Saved form (fixed length for a forecaster's settings, after the effect's state, so that a snapshot holds it and
/// rows observed again from one count once): whether the columns are judged, the judgement, the rows seen, the last
/// season's values and per column the sums.</para>
/// </remarks>
internal sealed class PeriodicColumns
{
    /// <summary>
    /// The longest season over which the columns are judged: two seasons held back are two days of half-hourly data
    /// (half-hourly load with heating degrees 0.991 → 0.975 one step ahead, with the day's cosine as the column 1.003 /
    /// 1.078 → 1.000 / 1.002, four seeds), where two seasons of weekly data (52) are two years without the effect.
    /// </summary>
    public const int MaxSeason = 48;

    /// <summary>A column repeats its season when its mean squared change from a season back is below this share of twice its variance.</summary>
    public const double Threshold = 0.1;

    /// <summary>
    /// A column judged to repeat no longer does once its recent mean squared change from a season back (over about two
    /// seasons) reaches this share of twice its variance: twice <see cref="Threshold"/>, so that a season with noise (a
    /// monthly temperature, about 0.07) is not let go by chance, while a moved weekly promotion (about 0.5) is.
    /// </summary>
    public const double DepartureThreshold = 2 * Threshold;

    private const byte Undecided = 0, Fitted = 1, Repeating = 2;

    // Rows counted at most; past it the count keeps only its place in the season (never in practice: 2⁶² rows).
    private const long MaxRows = 1L << 62;

    private readonly int _k, _m;
    private bool _judges;                // false for a forecaster read from a layout 1–21 file: the effect is fitted from the start, as it was
    private byte _judgement;
    private long _rows;                  // rows seen while the columns are judged (the season's place)
    private readonly double[] _last;     // [place][column]: the last season's values (NaN: missing)
    private readonly double[] _changes;  // per column: the mean squared change from the value a season back, forgetting over two seasons
    private readonly double[] _pairs;    // the changes seen (values a season apart)
    private readonly double[] _sum, _squares, _count;   // the values seen: their sum, sum of squares and count

    public PeriodicColumns(int columns, int season)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        _k = columns;
        _m = season;
        bool held = season >= 2 && season <= MaxSeason;
        _judges = held;
        _last = new double[held ? season * columns : 0];
        _changes = new double[held ? columns : 0];
        _pairs = new double[_changes.Length];
        _sum = new double[_changes.Length];
        _squares = new double[_changes.Length];
        _count = new double[_changes.Length];
        _judgement = _judges ? Undecided : Fitted;
    }

    /// <summary>The columns of a forecaster read from a layout 1–21 file: not judged, the effect fitted from the start, as it was.</summary>
    public void JudgeNot()
    {
        _judges = false;
        _judgement = Fitted;
    }

    /// <summary>Whether the columns are judged (false for a forecaster read from an older file, or a season outside 2 … <see cref="MaxSeason"/>).</summary>
    public bool Judges => _judges;

    /// <summary>Whether the exogenous effect is fitted: judged (or not judged at all) and not every column repeating its season.</summary>
    public bool EffectFitted => _judgement == Fitted;

    /// <summary>Whether every column that varied was judged to repeat the season (the effect is never fitted).</summary>
    public bool Repeats => _judgement == Repeating;

    /// <summary>
    /// One row's exogenous values (as given). Every row moves the season's place on and is remembered for the row a season
    /// later (the series' state, as the effect's own rows); a learning row also counts toward the judgement, made from
    /// the end of the second season on, at every row while the columns repeat, for good once they do not (a frozen
    /// forecaster keeps the judgement, as everything it learned).
    /// </summary>
    public void Observe(ReadOnlySpan<float> exogenous, bool learn)
    {
        if (_judgement == Fitted) return;
        int place = (int)(_rows % _m);
        bool compared = _rows >= _m;
        for (int e = 0; e < _k; e++)
        {
            double v = exogenous[e];
            double before = _last[place * _k + e];
            if (!double.IsFinite(v)) { _last[place * _k + e] = double.NaN; continue; }
            v = RunningNormalizer.Saturate(v);
            _last[place * _k + e] = v;
            if (!learn) continue;
            _sum[e] += v; _squares[e] += v * v; _count[e]++;
            if (!compared || double.IsNaN(before)) continue;
            double d = v - before;
            // The mean over the second season, then forgetting over about two seasons: after months of a promotion on the
            // same weekday, its first move must still count (summed from the start, one moved week among 24 did not).
            _pairs[e]++;
            _changes[e] += Math.Max(1 / _pairs[e], 1.0 / (2 * _m)) * (d * d - _changes[e]);
        }
        if (++_rows >= MaxRows) _rows = 2L * _m + _rows % _m;
        if (learn && _rows >= 2L * _m) _judgement = Judge(_judgement == Repeating ? DepartureThreshold : Threshold);
    }

    // Every column that varied repeats its season (its recent mean squared change below `threshold` times twice its
    // variance), and at least one varied: the effect is not fitted (yet).
    private byte Judge(double threshold)
    {
        bool anyRepeats = false;
        for (int e = 0; e < _k; e++)
        {
            if (_count[e] < 2 || _pairs[e] < 1) return Fitted;
            double mean = _sum[e] / _count[e], variance = Math.Max(0, _squares[e] / _count[e] - mean * mean);
            if (!(variance > 1e-12 * Math.Max(1, mean * mean))) continue;   // constant so far: no season in it, may change later
            if (!(_changes[e] < threshold * 2 * variance)) return Fitted;
            anyRepeats = true;
        }
        return anyRepeats ? Repeating : Fitted;
    }

    /// <summary>A new series (the forecaster's state reset): its columns are judged afresh, the effect held back again.</summary>
    public void Reset()
    {
        if (!_judges) return;
        _judgement = Undecided;
        _rows = 0;
        Array.Clear(_last);
        foreach (var a in new[] { _changes, _pairs, _sum, _squares, _count }) Array.Clear(a);
    }

    /// <summary>Bytes <see cref="Save"/> writes for these settings.</summary>
    public int SavedLength => 1 + 1 + 8 + 8 * (_last.Length + 5 * _changes.Length);

    public void Save(BinaryWriter w)
    {
        w.Write(_judges); w.Write(_judgement); w.Write(_rows);
        foreach (double v in _last) w.Write(v);
        foreach (var a in new[] { _changes, _pairs, _sum, _squares, _count })
            foreach (double v in a) w.Write(v);
    }

    /// <exception cref="InvalidDataException">The record does not fit these settings or holds impossible values.</exception>
    public void Load(BinaryReader r)
    {
        byte judges = r.ReadByte();
        if (judges > 1) throw new InvalidDataException("Stored exogenous columns' season judgement flag is not a bool.");
        _judges = judges == 1;
        if (_judges && _last.Length == 0) throw new InvalidDataException("Stored exogenous columns' season judgement does not fit the forecaster's season.");
        _judgement = r.ReadByte();
        _rows = r.ReadInt64();
        if (_judgement > Repeating || !_judges && (_judgement != Fitted || _rows != 0) || _rows < 0 || _rows >= MaxRows
            || _judges && _judgement != Undecided && _rows < 2L * _m)
            throw new InvalidDataException("Stored exogenous columns' season judgement is invalid.");
        for (int i = 0; i < _last.Length; i++)
        {
            double v = r.ReadDouble();
            if (!(double.IsNaN(v) || Math.Abs(v) <= float.MaxValue)) throw new InvalidDataException($"Stored exogenous column value {v} is beyond the float range.");
            _last[i] = v;
        }
        foreach (var a in new[] { _changes, _pairs, _sum, _squares, _count })
            for (int i = 0; i < a.Length; i++)
            {
                double v = r.ReadDouble();
                if (!double.IsFinite(v) || a != _sum && v < 0) throw new InvalidDataException($"Stored exogenous columns' season sums are invalid ({v}).");
                a[i] = v;
            }
        for (int e = 0; e < _changes.Length; e++)
            if (_count[e] > _rows || _pairs[e] > Math.Max(0, _rows - _m) || _count[e] != Math.Floor(_count[e]) || _pairs[e] != Math.Floor(_pairs[e]))
                throw new InvalidDataException("Stored exogenous columns' season counts are invalid.");
    }
}
