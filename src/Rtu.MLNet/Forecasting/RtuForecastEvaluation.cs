using Microsoft.ML;

namespace Rtu.MLNet;

/// <summary>Errors of prequential h-step forecasts, aligned to their targets (<see cref="RtuForecastEvaluation.EvaluateForecasts"/>).</summary>
/// <param name="Count">Rows scored: the target, the forecast and the seasonal-naive forecast all known (and the interval, when given).</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Smape">Symmetric MAPE in percent: mean of 200·|F − A|/(|A| + |F|) (0 when both are 0).</param>
/// <param name="Mase">MAE divided by the seasonal-naive forecast's MAE on the same rows (&lt; 1: better than seasonal naive).
/// Undefined where the seasonal naive makes no error on those rows (a constant or exactly periodic series): NaN when the
/// forecasts make none either, +∞ when they do; MSIS likewise.</param>
/// <param name="Coverage">Share of targets inside their interval (NaN without intervals).</param>
/// <param name="Msis">Mean scaled interval score (M4): mean of (U − L) + (2/α)(L − A)⁺ + (2/α)(A − U)⁺, divided by the
/// seasonal-naive MAE on the same rows; α = 1 − level (NaN without intervals).</param>
public sealed record RtuForecastMetrics(int Count, double Mae, double Rmse, double Smape, double Mase, double Coverage, double Msis)
{
    /// <summary>
    /// The seasonal-naive forecast's MAE on the same rows: the scale of <see cref="Mase"/> and <see cref="Msis"/> (with a
    /// season length of 1, the naive forecast's MAE). NaN when not computed.
    /// </summary>
    public double SeasonalNaiveMae { get; init; } = double.NaN;
}

/// <summary><c>mlContext.Forecasting.EvaluateForecasts</c>: scores prequential forecasts against the series.</summary>
public static class RtuForecastEvaluation
{
    /// <summary>
    /// Scores the <paramref name="horizon"/>-step forecasts: forecasts[t][horizon − 1], made at row t, is compared with
    /// actual[t + horizon], and the seasonal-naive forecast of that row, actual[t + horizon − m⌈horizon/m⌉], on the same
    /// rows gives the MASE and MSIS scale. Rows where any of them is missing (NaN, or a null/short forecast row) are skipped.
    /// With <paramref name="lower"/> and <paramref name="upper"/> (aligned like the forecasts) also the coverage and the
    /// MSIS of the intervals at <paramref name="level"/>; rows whose interval is missing are then skipped as well, so
    /// every metric is computed on the same <see cref="RtuForecastMetrics.Count"/> rows.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, horizon or season below 1, a level outside (0, 1), or no row to score.</exception>
    public static RtuForecastMetrics EvaluateForecasts(this ForecastingCatalog catalog, IReadOnlyList<float> actual, IReadOnlyList<float[]?> forecasts,
        int horizon = 1, int seasonLength = 1, IReadOnlyList<float[]?>? lower = null, IReadOnlyList<float[]?>? upper = null, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seasonLength, 1);
        if (forecasts.Count != actual.Count) throw new ArgumentException($"forecasts has {forecasts.Count} rows, actual {actual.Count}: one forecast row per series row.", nameof(forecasts));
        if ((lower is null) != (upper is null)) throw new ArgumentException("Give both lower and upper, or neither.", nameof(lower));
        if (lower is not null && (lower.Count != actual.Count || upper!.Count != actual.Count)) throw new ArgumentException("lower and upper need one row per series row.", nameof(lower));
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be in (0, 1).");
        int back = seasonLength * ((horizon + seasonLength - 1) / seasonLength);
        double abs = 0, sq = 0, smape = 0, seasonal = 0, inside = 0, score = 0;
        int count = 0;
        for (int t = 0; t + horizon < actual.Count; t++)
        {
            int target = t + horizon;
            double a = actual[target];
            double f = At(forecasts[t], horizon);
            double s = target - back >= 0 ? actual[target - back] : double.NaN;
            if (!double.IsFinite(a) || !double.IsFinite(f) || !double.IsFinite(s)) continue;
            // With intervals, a row whose interval is not known yet (the transformer's columns are NaN until a horizon
            // has enough scored forecasts) is skipped too: every metric is computed on the same rows.
            double lo = lower is null ? 0 : At(lower[t], horizon), up = upper is null ? 0 : At(upper[t], horizon);
            if (!double.IsFinite(lo) || !double.IsFinite(up)) continue;
            double e = f - a;
            abs += Math.Abs(e); sq += e * e; seasonal += Math.Abs(s - a);
            double denominator = Math.Abs(a) + Math.Abs(f);
            smape += denominator == 0 ? 0 : 200 * Math.Abs(e) / denominator;
            if (lower is not null)
            {
                inside += a >= lo && a <= up ? 1 : 0;
                double alpha = 1 - level;
                score += up - lo + 2 / alpha * Math.Max(0, lo - a) + 2 / alpha * Math.Max(0, a - up);
            }
            count++;
        }
        if (count == 0) throw new ArgumentException($"No row to score: every row lacks the target, the {horizon}-step forecast{(lower is null ? "" : ", its interval")} or the seasonal-naive value.", nameof(actual));
        double scale = seasonal / count;
        return new RtuForecastMetrics(count, abs / count, Math.Sqrt(sq / count), smape / count, abs / seasonal,
            lower is null ? double.NaN : inside / count, lower is null ? double.NaN : score / count / scale) { SeasonalNaiveMae = scale };
    }

    private static double At(float[]? row, int horizon) => row is not null && row.Length >= horizon ? row[horizon - 1] : double.NaN;
}
