namespace Rtu.MLNet;

/// <summary>Errors of prequential h-step forecasts, aligned to their targets (<c>mlContext.Forecasting.EvaluateForecasts</c>).</summary>
/// <param name="Count">Rows scored: the target, the forecast and the seasonal-naive forecast all known (and the interval, when given).</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Smape">Symmetric MAPE in percent: mean of 200·|F − A|/(|A| + |F|) (0 when both are 0).</param>
/// <param name="Mase">MAE divided by the seasonal-naive forecast's MAE on the same rows (&lt; 1: better than seasonal naive; the
/// prequential scale, not M4's in-sample one).
/// Undefined where the seasonal naive makes no error on those rows (a constant or exactly periodic series): NaN when the
/// forecasts make none either, +∞ when they do; MSIS likewise.</param>
/// <param name="Coverage">Share of targets inside their interval (NaN without intervals).</param>
/// <param name="Msis">Mean scaled interval score, M4's interval score: mean of (U − L) + (2/α)(L − A)⁺ + (2/α)(A − U)⁺, divided by the
/// seasonal-naive MAE on the same rows; α = 1 − level (NaN without intervals). The scale is not M4's (the in-sample mean
/// absolute seasonal difference of each series before its forecasts) but the prequential one MASE uses, so the figures
/// are comparable with each other and with this library's benches, not with published M4 ones.</param>
public sealed record RtuForecastMetrics(int Count, double Mae, double Rmse, double Smape, double Mase, double Coverage, double Msis)
{
    /// <summary>
    /// The seasonal-naive forecast's MAE on the same rows: the scale of <see cref="Mase"/> and <see cref="Msis"/> (with a
    /// season length of 1, the naive forecast's MAE). NaN when not computed.
    /// </summary>
    public double SeasonalNaiveMae { get; init; } = double.NaN;
}
