using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// A note when a series is a running total: it never falls over at least <see cref="MinRows"/> observed rows and rises
/// on most of them (a kWh meter, cumulative case counts), read weekly or more often, or it is a counter that wraps: it falls only by nearly its whole
/// range to near its lowest value, at least twice, from near a power of 2 or 10 (a 16-bit count of parts going from 65,530 to 43). Either is best
/// forecast as its increases per step, added up onto the last value; the note says so.
/// </summary>
/// <remarks>
/// Why: the forecaster takes a running total as a level, so its forecasts and lower bounds fall below the last reading
/// (outside audits: a kWh meter's lower 95 % bound below the reading at its origin on 18 % of the rows; cumulative case
/// counts 14 days ahead, MAE 86,726 against 72,378 for the daily forecasts added onto the last total), and each wrap of a
/// counter is a change of level to relearn. The README advised forecasting such a series' differences; no run said so.
/// Series that never fall on a step of months (monthly, quarterly, yearly) are left out: there a series that only grows is most often a
/// stock or an index (four of the shipped quarterly series: Australia's population, Argentina's CPI, UK wholesale
/// prices, an M1 macro series), where differences are no sum to restore; meters and running counts are read daily or
/// more often, and epidemiological counts weekly.
/// </remarks>
internal static class CumulativeNote
{
    /// <summary>The fewest observed rows a series needs for the note.</summary>
    public const int MinRows = 20;

    /// <summary>A wrap's fall, at least, as a share of the values' range.</summary>
    public const double WrapFall = 0.75;

    /// <summary>Where a wrap lands, at most: this share of the range above the lowest value.</summary>
    public const double WrapLanding = 0.25;

    /// <summary>The fewest wraps noted (one fall may be a meter replaced or reset).</summary>
    public const int MinWraps = 2;

    /// <summary>
    /// A counter's highest value lies within this share below its modulus: a power of 2 from 2^8 (a register of 8, 16, 32
    /// or 64 bits) or of 10 from 1,000 (a display's digits).
    /// </summary>
    /// <remarks>
    /// Why: a level that fills and is emptied (a waste bin's fill in %, capped at 100 and emptied weekly) falls by nearly
    /// its range to near its lowest value too, and a note advising to forecast its differences misled (an outside review).
    /// A counter read every step that counts up to a few percent of its modulus per step ends within a tenth of it.
    /// </remarks>
    public const double ModulusShare = 0.1;

    // Whether `high`, a series' highest value, lies within ModulusShare below a power of 2 (from 2^8) or of 10 (from 10^3).
    private static bool NearAModulus(double high)
    {
        for (int bits = 8; bits <= 64; bits++) if (Near(Math.Pow(2, bits))) return true;
        for (int digits = 3; digits <= 19; digits++) if (Near(Math.Pow(10, digits))) return true;
        return false;

        bool Near(double modulus) => high < modulus && high >= (1 - ModulusShare) * modulus;
    }

    /// <summary>
    /// The note for <paramref name="values"/> in time order (NaN: missing, skipped), <paramref name="timestamps"/>[i] row
    /// i's; <paramref name="what"/> says whose values ("the values"); <paramref name="step"/> the timestamps' step (null:
    /// none). Null for any other series, and for a series that never falls on a step of months.
    /// </summary>
    public static string? Line(float[] values, string[] timestamps, string what, Rtu.MLNet.SeriesTimeStep? step)
    {
        var rows = Enumerable.Range(0, values.Length).Where(i => !float.IsNaN(values[i])).ToArray();
        if (rows.Length < MinRows) return null;
        double low = rows.Min(i => (double)values[i]), high = rows.Max(i => (double)values[i]), range = high - low;
        if (!(range > 0)) return null;
        int rises = 0;
        var wraps = new List<int>();   // positions in rows of the row after each wrap
        for (int k = 1; k < rows.Length; k++)
        {
            double before = values[rows[k - 1]], after = values[rows[k]];
            if (after > before) rises++;
            else if (after < before)
            {
                // Any other fall: not a total or a counter.
                if (before - after < WrapFall * range || after > low + WrapLanding * range) return null;
                wraps.Add(k);
            }
        }
        // Rising on most rows: a series that mostly stands still (a step count that is 0 most hours) is no running total.
        if (2 * rises <= rows.Length - 1) return null;
        string share = (100.0 * rises / (rows.Length - 1)).ToString("0", CultureInfo.InvariantCulture);
        if (wraps.Count == 0)
            return step is { Months: > 0 } ? null : $"{what} never fall in {rows.Length} rows and rise on {share} % of them: a meter reading or a running total? Its forecasts and interval bounds can still fall below the last value; forecast its increases per step (the differences) and add them up onto the last value";
        if (wraps.Count < MinWraps || !NearAModulus(high)) return null;
        int w = wraps[0];
        string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
        return $"{what} rise on {share} % of the rows and fall only {wraps.Count} times, each by nearly their whole range (the first at '{timestamps[rows[w]]}', {G(values[rows[w - 1]])} to {G(values[rows[w]])}): a counter that wraps? Each wrap is a change of level to relearn; forecast its increases per step (the differences, the wrap's range added back where it wraps) and add them up onto the last value";
    }
}
