using System.Globalization;

namespace Rtu.MLNet;

/// <summary>
/// What a column of Int64 timestamps looks like, for a Fit warning: Int64 timestamps are plain numbers (no calendar),
/// so dates written as integers step wrongly. yyyyMMdd dates step by 1 within a month and by 70 from 20150131 to
/// 20150201 (69 missing values filled at every month's end), and Unix times step by 3,600 for hourly data with no
/// daily season. Neither is converted (an index of the same values would be misread); the warning names the fix.
/// </summary>
internal sealed class IntegerTimestamps
{
    // Unix seconds of 2000-01-01 and 2100-01-01: telemetry's stamps lie between; an index, a count or a year far outside.
    private const long UnixFrom = 946_684_800, UnixTo = 4_102_444_800;

    private long _count, _min = long.MaxValue, _max = long.MinValue;
    private bool _days = true, _months = true;

    /// <summary>Takes one timestamp.</summary>
    public void Add(long t)
    {
        _count++;
        _min = Math.Min(_min, t); _max = Math.Max(_max, t);
        _days &= IsDate(t / 10000, t / 100 % 100, t % 100);
        _months &= IsDate(t / 100, t % 100, 1);
    }

    private static bool IsDate(long year, long month, long day) =>
        year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth((int)year, (int)month);

    /// <summary>"yyyyMMdd dates", "yyyyMM months", "Unix seconds", "Unix milliseconds", or null (plain numbers).</summary>
    public string? Kind =>
        _count < 2 ? null
        : _days ? "yyyyMMdd dates"
        : _months ? "yyyyMM months"
        : _min >= UnixFrom && _max <= UnixTo ? "Unix seconds"
        : _min >= UnixFrom * 1000 && _max <= UnixTo * 1000 ? "Unix milliseconds"
        : null;

    /// <summary>The Fit warning for timestamps that look like <see cref="Kind"/>, read with step <paramref name="step"/>; null when they look like plain numbers.</summary>
    public string? Warning(string column, SeriesTimeStep step)
    {
        if (Kind is not { } kind) return null;
        string first = _min.ToString(CultureInfo.InvariantCulture), every = step.FixedTicks.ToString(CultureInfo.InvariantCulture);
        string fix = kind switch
        {
            "yyyyMMdd dates" => "DateTime.ParseExact(t.ToString(), \"yyyyMMdd\", CultureInfo.InvariantCulture)",
            "yyyyMM months" => "DateTime.ParseExact(t.ToString(), \"yyyyMM\", CultureInfo.InvariantCulture)",
            "Unix seconds" => "DateTime.UnixEpoch.AddSeconds(t)",
            _ => "DateTime.UnixEpoch.AddMilliseconds(t)",
        };
        string cost = kind.StartsWith("yyyy", StringComparison.Ordinal)
            ? $"as numbers they step by {every} and a new month or year is a gap of many missing values"
            : $"as numbers they step by {every} with no calendar, so no daily or weekly season";
        return $"Timestamp column '{column}' holds Int64 values that look like {kind} (from {first}): {cost}. " +
            $"Give them as DateTime ({fix}), or set SeasonLength.";
    }
}
