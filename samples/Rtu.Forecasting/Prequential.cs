using Microsoft.ML;
using Microsoft.ML.Data;
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
        int at = SeasonalNaiveRow(r, horizon, season);
        return r + horizon < y.Length && at >= 0 && !float.IsNaN(y[r]) && !float.IsNaN(y[at]);
    }

    /// <summary>
    /// The row whose value the seasonal naive forecast made at row <paramref name="r"/> gives for row r + H: the same
    /// position of the season, the whole number of seasons back that reaches r or earlier (negative: none).
    /// </summary>
    public static int SeasonalNaiveRow(int r, int horizon, int season) => r + horizon - season * ((horizon + season - 1) / season);

    /// <summary>
    /// Streams a forecasting transformer's output (<paramref name="prequential"/>, a lazy cursor that learns as it goes)
    /// row by row: <paramref name="made"/>[t] gets the forecasts made at row t and <paramref name="bands"/>[b][t] its
    /// interval bounds, in <see cref="RtuForecastingOptions.IntervalColumnNames"/> order, and, where the options include
    /// them, <paramref name="changes"/>[t] the change of the series confirmed there (<see cref="RtuForecastingOptions.IncludeChanges"/>);
    /// then <paramref name="afterRow"/>(t).
    /// </summary>
    public static void Stream(IDataView prequential, RtuForecastingOptions options, float[][] made, float[][][] bands, Action<int> afterRow, float[][]? changes = null)
    {
        var col = prequential.Schema[options.OutputColumnName];
        var bandCols = options.IntervalColumnNames.Select(name => prequential.Schema[name]).ToArray();
        var changeCol = changes is null ? (DataViewSchema.Column?)null : prequential.Schema[options.ChangeColumnName];
        using var cursor = prequential.GetRowCursor(changeCol is { } c0 ? [col, .. bandCols, c0] : [col, .. bandCols]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        var bandGetters = bandCols.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var changeGetter = changeCol is { } c1 ? cursor.GetGetter<VBuffer<float>>(c1) : null;
        VBuffer<float> buffer = default;
        for (int t = 0; cursor.MoveNext(); t++)
        {
            getter(ref buffer);
            made[t] = buffer.DenseValues().ToArray();
            for (int b = 0; b < bands.Length; b++) { bandGetters[b](ref buffer); bands[b][t] = buffer.DenseValues().ToArray(); }
            if (changeGetter is not null) { changeGetter(ref buffer); changes![t] = buffer.DenseValues().ToArray(); }
            afterRow(t);
        }
    }

    /// <summary>The library's evaluator over the first <paramref name="rows"/> rows: against the seasonal naive (m) and against the naive (season 1).</summary>
    public static (RtuForecastMetrics Model, RtuForecastMetrics Naive) Score(MLContext ml, float[] y, float[]?[] scoredMade, int rows, int horizon, int season)
    {
        var actual = new ArraySegment<float>(y, 0, rows);
        var made = new ArraySegment<float[]?>(scoredMade, 0, rows);
        return (ml.Forecasting.EvaluateForecasts(actual, made, horizon, season), ml.Forecasting.EvaluateForecasts(actual, made, horizon, 1));
    }
}
