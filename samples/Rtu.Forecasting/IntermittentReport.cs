using Microsoft.ML;

namespace Rtu.Forecasting;

/// <summary>
/// The summary's lines for a series that is mostly 0 (intermittent demand, counts of rare events): the all-zero forecast's
/// scores on the same rows, and what the point forecasts are.
/// </summary>
/// <remarks>
/// Why: where most values are 0, the forecast that minimises the absolute error is 0, so MAE and MASE favour forecasts near
/// 0, and the pool's forecasts are median-like (half of its weights' error scale is absolute errors; one step ahead a
/// weighted geometric mean). An outside audit (issue 13, sixty-first pass) found the app's MASE of 0.52–0.85 printed as
/// "better than the baseline" on eight synthetic demand series where forecasting 0 every day scored lower still, and the
/// forecasts 11–98 % below the mean demand, with no word of either. The lines put the zero forecast beside the naive one
/// and say what a forecast near 0 means for a reorder. Single series only (a `--key` run prints its summary per series).
/// </remarks>
internal static class IntermittentReport
{
    /// <summary>The share of values exactly 0 (of the finite ones) from which a series never below 0 gets these lines.</summary>
    public const double ZeroShare = 0.5;

    /// <summary>Prints <see cref="Lines"/>.</summary>
    public static void Print(MLContext ml, float[] y, float[]?[] scoredMade, int horizon, int season)
    {
        foreach (string line in Lines(ml, y, scoredMade, horizon, season)) Console.WriteLine(line);
    }

    /// <summary>
    /// The lines, when <paramref name="y"/> is never below 0, at least <see cref="ZeroShare"/> of it is 0 and not all of
    /// the scored values are (else none): the all-zero forecast's MAE and MASE on the rows <paramref name="scoredMade"/>
    /// scores, and a note with the mean forecast and the mean value there, saying that forecasting 0 scores no worse and
    /// that the forecasts under-order only where they do.
    /// </summary>
    public static IReadOnlyList<string> Lines(MLContext ml, float[] y, float[]?[] scoredMade, int horizon, int season)
    {
        var finite = y.Where(float.IsFinite).ToArray();
        if (finite.Length == 0 || finite.Min() < 0) return [];
        double zeros = finite.Count(v => v == 0) / (double)finite.Length;
        if (zeros < ZeroShare) return [];
        double forecastSum = 0, actualSum = 0, errorSum = 0;
        int rows = 0;
        for (int r = 0; r < scoredMade.Length; r++)
        {
            var f = scoredMade[r];
            if (f is null || r + horizon >= y.Length || !float.IsFinite(f[horizon - 1]) || !float.IsFinite(y[r + horizon])) continue;
            forecastSum += f[horizon - 1]; actualSum += y[r + horizon]; errorSum += Math.Abs(y[r + horizon] - f[horizon - 1]); rows++;
        }
        if (rows == 0 || actualSum == 0) return [];
        // The all-zero forecast on the rows the table above scores (a NaN forecast stays NaN: that row is not scored).
        var zeroMade = scoredMade.Select(f => f?.Select(v => float.IsNaN(v) ? float.NaN : 0f).ToArray()).ToArray();
        var (zero, zeroNaive) = Prequential.Score(ml, y, zeroMade, y.Length, horizon, season);
        // Each sentence only where the numbers say it: a discontinued item's zeros come last, and there the forecasts,
        // made from its busy past, lie above the values (an outside review). The advice says what the shortfall means for
        // demand and for other totals: an audit of telemetry found advice about stock beside a queue's depth.
        string favours = zero.Mae <= errorSum / rows ? " Forecasting 0 on every row scores no worse than the forecasts here: MAE and MASE favour forecasts near 0 on such data." : "";
        double meanForecast = forecastSum / rows, meanValue = actualSum / rows;
        string order = meanForecast < meanValue
            ? " The forecasts are median-like and lie below the values' mean: summed, they fall short of the total (for demand, they under-order). Where a total matters (a quantity to stock, a backlog's work to staff) use the recent mean or a demand method such as Croston's (README, \"Daily sales and demand\")."
            : "";
        return
        [
            $"  {"all-zero forecast",-22}{zero.Mae,12:G5}{"",12}{"",10}  MASE vs naive {zeroNaive.Mase:F3}, vs seasonal naive {zero.Mase:F3}",
            $"  note: {100 * zeros:F0} % of the values are 0; the forecasts average {meanForecast:G4} a row where the values average {meanValue:G4}.{favours}{order}",
        ];
    }
}
