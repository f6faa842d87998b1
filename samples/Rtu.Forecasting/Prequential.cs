using Microsoft.ML;
using Rtu.MLNet;

namespace Rtu.Forecasting;

/// <summary>The app's prequential scoring: which forecasts count, and their errors against the naive and seasonal-naive ones.</summary>
internal static class Prequential
{
    /// <summary>
    /// Whether the forecast made at row <paramref name="r"/> (of row r + H) is scored: its target, the naive forecast
    /// (y_r) and the seasonal-naive one (the same season, the latest cycle before r) all exist, so that every figure
    /// compares the same rows.
    /// </summary>
    public static bool IsScorable(float[] y, int r, int horizon, int season)
    {
        int back = season * (int)Math.Ceiling(horizon / (double)season);
        return r + horizon < y.Length && r + horizon >= back && !float.IsNaN(y[r]) && !float.IsNaN(y[r + horizon - back]);
    }

    /// <summary>The library's evaluator over the first <paramref name="rows"/> rows: against the seasonal naive (m) and against the naive (season 1).</summary>
    public static (RtuForecastMetrics Model, RtuForecastMetrics Naive) Score(MLContext ml, float[] y, float[]?[] scoredMade, int rows, int horizon, int season)
    {
        var actual = new ArraySegment<float>(y, 0, rows);
        var made = new ArraySegment<float[]?>(scoredMade, 0, rows);
        return (ml.Forecasting.EvaluateForecasts(actual, made, horizon, season), ml.Forecasting.EvaluateForecasts(actual, made, horizon, 1));
    }
}
