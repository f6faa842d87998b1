using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// Where a plot puts each row of a series on its time axis: at its date when every timestamp is one (ISO dates and
/// date-times, whole or decimal years from 1000 to 3000), else at the timestamp's number (e.g. years before 1000,
/// time indices), else at the row number.
/// </summary>
/// <param name="X">One coordinate per row (OLE automation dates when <see cref="IsDate"/>, as ScottPlot's date axis expects).</param>
/// <param name="IsDate">The coordinates are dates: draw date ticks.</param>
/// <param name="Label">The axis label.</param>
internal sealed record TimeAxis(double[] X, bool IsDate, string Label)
{
    public static TimeAxis For(CsvSeries series)
    {
        var stamps = series.Timestamps;
        var dates = series.ReadDates();
        if (dates.Length > 0 && dates.All(d => d is not null))
            return new TimeAxis(dates.Select(d => d!.Value.ToOADate()).ToArray(), true, series.TimeColumnName);
        var numbers = stamps.Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : (double?)null).ToArray();
        if (numbers.Length > 0 && numbers.All(v => v is not null))
            return new TimeAxis(numbers.Select(v => v!.Value).ToArray(), false, series.TimeColumnName);
        return new TimeAxis(Enumerable.Range(0, stamps.Length).Select(t => (double)t).ToArray(), false,
            stamps.Length == 0 ? "row" : $"row ({stamps[0]} … {stamps[^1]})");
    }
}
