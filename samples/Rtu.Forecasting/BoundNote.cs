using System.Globalization;
using Rtu.Trainers.Online;

namespace Rtu.Forecasting;

/// <summary>
/// The summary's note when the forecaster took a bound the series sat at (<see cref="ForecastPool.Ceiling"/>,
/// <see cref="ForecastPool.Floor"/>): the forecasts and interval bounds written are clipped to it.
/// </summary>
/// <remarks>
/// Why: a forecast that sits exactly at a value for hours (a CPU's 100 %) looks like a defect unless the run says where it
/// comes from, and a bound the user knows better (a capacity the series has never reached) is stated with
/// <c>--max-value</c>. A floor at 0 of a series never below 0 is not noted: the clip at 0 acts there anyway.
/// </remarks>
internal static class BoundNote
{
    /// <summary>Prints <see cref="Line"/>, if any.</summary>
    public static void Print(ForecastPool pool)
    {
        if (Line(pool) is string line) Console.WriteLine(line);
    }

    /// <summary>The note for the bounds <paramref name="pool"/> holds at the end of the series; null when it holds none.</summary>
    public static string? Line(ForecastPool pool)
    {
        var parts = new List<string>();
        if (double.IsFinite(pool.Ceiling)) parts.Add($"its highest value, {pool.Ceiling.ToString("G6", CultureInfo.InvariantCulture)}");
        if (double.IsFinite(pool.Floor) && !(pool.Floor == 0 && pool.NonNegative)) parts.Add($"its lowest value, {pool.Floor.ToString("G6", CultureInfo.InvariantCulture)}");
        if (parts.Count == 0) return null;
        return $"  note: the series sat at {string.Join(", and at ", parts)}, three rows in a row at least twice: the forecasts and interval " +
               $"bounds made from then on are clipped to {(parts.Count == 2 ? "them, as to bounds" : "it, as to a bound")} it cannot pass (a value beyond ends that; --min-value and --max-value state a range you know, from the first row).";
    }
}
