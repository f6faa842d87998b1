using Rtu.Trainers.IO;

namespace Rtu.Trainers.Online;

/// <remarks>
/// <para>The second season repeating (layout 34): a value as far from the forecast as an outlier, but within the bound of
/// the value one second season earlier as it was given, is the second season repeating, not an outlier: it is taken as
/// it is (<see cref="Clean"/>). The values given are kept a second season back, as given: never moved by a level shift;
/// a value the pool cleaned (a possible spike) or observed as missing is kept as missing, unless its run of outliers is
/// confirmed, so that a spike a second season back is no reference (an outside review: a +60 spike on hourly data, and
/// another a week later in the same hour, took the next day's one-step MAE from 1.78 to 3.47).</para>
/// <para>Why: a step that comes back at the same place every week (sub-daily traffic or load that drops by 40 % at the
/// weekend) is a run of outliers against the daily season's forecasts, confirmed as a level shift, and a level shift
/// moves every member's past to the new level, the week's history included: each weekend's start and end moved last
/// week's values, so no weekly member ever saw a week with a weekend in it, and every transition was an outlier and a
/// shift again, week after week (an outside audit of telemetry: 5-minute requests whose weekends run at 0.6, 12 steps
/// ahead MAE 211.6 against the weekly seasonal naive's 163.3, and 1,935 against 109 in the three hours after each
/// weekend's start or end; 29 weekend transitions listed as level shifts). Judged against the value a week back as it
/// was given, the second week's transitions are taken as they are and the weekly members learn them.</para>
/// <para>Unmoved by shifts on purpose: a shift confirmed at last week's transition moved the pool's past, and judged
/// against that moved past this week's transition would look like a shift again. A genuine shift is not a repeat (the
/// values a season back are on the old level) until a second season has passed, when its values are the repeat.</para>
/// </remarks>
public sealed partial class ForecastPool
{
    private readonly double[] _rawSecond;   // y_{t−M} … y_t as given to Clean where taken (NaN where cleaned or missing), a ring of M + 1 (empty without a second season)
    private bool _repeatsSecondSeason = true;   // false: a pool read from a layout 1–33 file judges such a value as before
    private bool _rawNextTaken = true;      // whether the value the last Clean was given is taken as it is (no possible spike cleaned, none observed as missing)

    /// <summary>
    /// A value repeats the second season only where it lies at most this share of its distance from the forecast from the
    /// value given a second season back (and within the outlier bound of it): clearly nearer last week's value than the
    /// forecast. Why: with a bound of six errors alone, a noisy series' moderate outliers would often lie within it of
    /// last week's value too, and the clean would be off for them; the weekly step the rule is for lies far from the
    /// forecast and close to last week's. On the 323 series and the spike screen no difference; the missing-value screen's
    /// mean +0.98 → +0.97 %.
    /// </summary>
    public const double SecondSeasonRepeatShare = 0.5;

    // Whether `value` lies within `bound`, and within SecondSeasonRepeatShare of its distance from the forecast, of the
    // value given one second season back (layout 34).
    private bool RepeatsSecondSeason(double value, double bound)
    {
        if (!_repeatsSecondSeason || _rawSecond.Length == 0 || _rows < _m2) return false;
        double gap = Math.Abs(value - _rawSecond[(int)((_rows - _m2) % _rawSecond.Length)]);
        return gap <= bound && gap <= SecondSeasonRepeatShare * Math.Abs(value - _oneStep);   // NaN (missing): false
    }

    // Row `row`'s value as given, NaN where the pool did not take it (Observe).
    private void RememberSecondSeason(long row, double given)
    {
        if (_rawSecond.Length > 0) _rawSecond[(int)(row % _rawSecond.Length)] = given;
    }

    // A run of outliers confirmed (a shift or a change of units): its earlier values, cleaned when they came, were data. Read
    // from the season's ring (as given) before the pool moves, written to the second season's after it, so that they are
    // neither moved nor converted (the values given were in the new level or units already). A run is ShiftConfirmation
    // outliers: its two earlier values.
    private (double, double) RunGiven() =>
        _rawSecond.Length == 0 || _rows < 2 ? (double.NaN, double.NaN)
            : (_raw[(int)((_rows - 1) % _raw.Length)], _raw[(int)((_rows - 2) % _raw.Length)]);

    private void PutRunGiven((double Last, double BeforeLast) run)
    {
        if (_rawSecond.Length == 0 || _rows < 2) return;
        _rawSecond[(int)((_rows - 1) % _rawSecond.Length)] = run.Last;
        _rawSecond[(int)((_rows - 2) % _rawSecond.Length)] = run.BeforeLast;
    }

    // Bytes of layout 34's section of a saved pool: the flag, then the ring where there is a second season.
    internal int Layout34Length => 1 + 8 * _rawSecond.Length;

    private void WriteSecondSeasonRepeats(BinaryWriter w)
    {
        w.Write(_repeatsSecondSeason);
        BinaryRuns.Write<double>(w, _rawSecond);
    }

    private void ReadSecondSeasonRepeats(BinaryReader r, int version)
    {
        Array.Fill(_rawSecond, double.NaN);
        _repeatsSecondSeason = false;
        if (version < 34) return;   // layouts 1–33: judged as any other value, as they were
        _repeatsSecondSeason = r.ReadBoolean();
        for (int i = 0; i < _rawSecond.Length; i++)
            if (double.IsInfinity(_rawSecond[i] = r.ReadDouble())) throw new InvalidDataException("Stored forecast pool raw second season is invalid.");
    }
}
