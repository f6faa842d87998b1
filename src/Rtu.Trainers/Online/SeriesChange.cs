namespace Rtu.Trainers.Online;

/// <summary>What kind of change of the series a forecaster confirmed at a row (<see cref="SeriesChange"/>).</summary>
public enum SeriesChangeKind
{
    /// <summary>Nothing confirmed at this row.</summary>
    None = 0,

    /// <summary>
    /// A level shift: the forecaster moved its past (every member's state, the remembered values) by the jump, so the
    /// forecasts continue from the new level with the series' season and trend as they were.
    /// </summary>
    LevelShift = 1,

    /// <summary>
    /// A level shift moved in proportion: a fall that an additive move would take below 0 on a positive series (a
    /// collapse); the past was scaled by <see cref="SeriesChange.Factor"/>, keeping the season's shape on the new level.
    /// </summary>
    ProportionalShift = 2,

    /// <summary>
    /// A change of scale (units: ten times or more, up or down, on a positive series): a learning forecaster started its
    /// members, error scales and intervals afresh (the RTU's weights are kept); a frozen one converted them by
    /// <see cref="SeriesChange.Factor"/>.
    /// </summary>
    ScaleChange = 3,

    /// <summary>
    /// The change confirmed at the row before was withdrawn: that row (a value back at the level before a recent shift,
    /// which undid it) was a spike, since this value went back to the shifted level; it is observed again as missing, and
    /// the shift stands. <see cref="SeriesChange.From"/> is that row's value, <see cref="SeriesChange.To"/> this one.
    /// Or the changes confirmed during a glitch of several rows (a shift to it, or back) were withdrawn with it: this value,
    /// the second in a row back at the level before it, had the glitch's rows observed again as missing
    /// (<see cref="SeriesChange.RowsAgo"/> rows back is its first, <see cref="SeriesChange.From"/> that row's value).
    /// </summary>
    Withdrawn = 4,
}

/// <summary>
/// A change of the series that the forecaster confirmed at the last row it observed: a level shift, a collapse moved in
/// proportion, or a change of scale (or the withdrawal of one confirmed at the row before). Before one is confirmed the values are judged outliers and cleaned toward the
/// forecast, so the forecasts lag a true shift by the rows it took to confirm it; this says when and how the forecaster
/// followed one.
/// </summary>
/// <param name="Kind">What was confirmed (<see cref="SeriesChangeKind.None"/>: nothing at this row).</param>
/// <param name="RowsAgo">
/// How many rows before the last one the change began: 0 when the last value itself was confirmed as a jump, 1 for a
/// jump that the value after it confirmed (the held row before the last), <see cref="ForecastPool.ShiftConfirmation"/> − 1
/// for a run of outliers on one side.
/// </param>
/// <param name="From">
/// The one-step forecast of the value that confirmed the change (the held jump's, for a jump the next value confirmed):
/// where the series was expected without it.
/// </param>
/// <param name="To">That value: the level the forecaster moved its past to.</param>
public readonly record struct SeriesChange(SeriesChangeKind Kind, int RowsAgo, double From, double To)
{
    /// <summary>No change confirmed.</summary>
    public static SeriesChange None => default;

    /// <summary>Whether a change was confirmed.</summary>
    public bool Confirmed => Kind != SeriesChangeKind.None;

    /// <summary>The move <see cref="To"/> − <see cref="From"/>.</summary>
    public double Move => To - From;

    /// <summary>The factor <see cref="To"/> / <see cref="From"/> (NaN unless both are positive or both negative).</summary>
    public double Factor => To / From > 0 ? To / From : double.NaN;

    /// <summary>The change moved by <paramref name="offset"/> (an exogenous effect added back to both levels).</summary>
    internal SeriesChange Plus(double offset) => this with { From = From + offset, To = To + offset };
}
