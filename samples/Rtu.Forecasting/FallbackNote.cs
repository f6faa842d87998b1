using Rtu.Trainers.Online;

namespace Rtu.Forecasting;

/// <summary>
/// The summary's note when the first scored forecasts are the naive (or seasonal naive) forecast itself: the forecast
/// pool's fallback while none of its members has been scored h steps ahead.
/// </summary>
/// <remarks>
/// Why: the pool combines its members h steps ahead only once each has been scored there
/// <see cref="ForecastPool.MinimumScored"/> times, so the first h + 2 or so forecasts of a series are the baseline's. On a
/// long series that is a few rows; on a short one at a long horizon it is most of them. An outside audit (issue 13,
/// sixty-second pass) ran a 12-row yearly series six steps ahead: every scored forecast was the last value, the summary
/// said "MASE vs naive 1.000", and nothing said why.
/// </remarks>
internal static class FallbackNote
{
    /// <summary>The share of the scored forecasts from which the note is printed.</summary>
    public const double Share = 0.25;

    /// <summary>Prints <see cref="Line"/>, if any.</summary>
    public static void Print(float[] y, float[]?[] scoredMade, int horizon, int season)
    {
        if (Line(y, scoredMade, horizon, season) is string line) Console.WriteLine(line);
    }

    /// <summary>
    /// The note, when the leading run of scored forecasts equal to the naive forecast (y_r) or, with a season, the
    /// seasonal naive one is at least <see cref="Share"/> of the scored forecasts; else null. <paramref name="scoredMade"/>
    /// holds forecasts only at rows <see cref="Prequential.IsScorable"/> accepts, where both baselines' values exist.
    /// </summary>
    public static string? Line(float[] y, float[]?[] scoredMade, int horizon, int season)
    {
        int scored = 0, leading = 0;
        bool run = true;
        for (int r = 0; r < scoredMade.Length; r++)
        {
            var f = scoredMade[r];
            if (f is null || r + horizon >= y.Length || !float.IsFinite(f[horizon - 1]) || !float.IsFinite(y[r + horizon])) continue;
            scored++;
            float made = f[horizon - 1];
            bool baseline = made == y[r] || season > 1 && made == y[Prequential.SeasonalNaiveRow(r, horizon, season)];
            if (run && baseline) leading++;
            else run = false;
        }
        if (scored == 0 || leading == 0 || leading < Share * scored) return null;
        string which = season > 1 ? "seasonal naive (or naive)" : "naive";
        return $"  note: the first {leading} of the {scored} scored forecasts are the {which} forecast itself: the pool combines its "
            + $"members {horizon} step(s) ahead only once each has been scored there {ForecastPool.MinimumScored} times, so on a series "
            + "this short the scores above are largely the baseline's.";
    }
}
