using System.Globalization;
using System.Text.RegularExpressions;

namespace Rtu.Forecasting;

/// <summary>
/// The one ISO 8601 layout every timestamp of a file is written in, where there is one: 2001-08, 2001-08-15,
/// 2001-08-15 13:00, 2001-08-15T13:00:00Z, with or without seconds and fractions, a T or a space, a Z (UTC) or none. The
/// app writes the timestamps it makes up (missing steps, the steps past the end) in it. Offsets (+02:00) and other forms
/// have none: the app writes ISO as before.
/// </summary>
internal sealed partial record IsoLayout(string Format, bool Months, bool Minutes)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?<sep>[T ])\d{2}:\d{2}(?<sec>:\d{2}(?<frac>\.\d+)?)?(?<z>Z)?$")]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}(?<day>-\d{2})?$")]
    private static partial Regex Date();

    /// <summary>The layout all non-empty <paramref name="stamps"/> share; null where they share none (or there are none).</summary>
    public static IsoLayout? Of(IReadOnlyList<string> stamps)
    {
        IsoLayout? layout = null;
        foreach (string raw in stamps)
        {
            string stamp = raw.Trim();
            if (stamp.Length == 0) continue;
            var one = Layout(stamp);
            if (one is null || (layout is not null && layout != one)) return null;
            layout = one;
        }
        return layout;
    }

    private static IsoLayout? Layout(string stamp)
    {
        var m = DateTime().Match(stamp);
        if (m.Success)
        {
            string format = "yyyy-MM-dd" + (m.Groups["sep"].Value == "T" ? "'T'" : " ") + "HH:mm"
                + (m.Groups["sec"].Success ? ":ss" + (m.Groups["frac"].Success ? ".FFFFFFF" : "") : "") + (m.Groups["z"].Success ? "'Z'" : "");
            return new IsoLayout(format, Months: false, Minutes: !m.Groups["sec"].Success);
        }
        m = Date().Match(stamp);
        if (m.Success) return m.Groups["day"].Success ? new IsoLayout("yyyy-MM-dd", false, false) : new IsoLayout("yyyy-MM", Months: true, Minutes: false);
        return null;
    }

    /// <summary>Whether <paramref name="time"/> is written whole in this layout (a month's first midnight for 2001-08; whole minutes for 13:00).</summary>
    public bool Holds(DateTime time) =>
        Format.Length == 10 ? time.TimeOfDay == TimeSpan.Zero
        : Months ? time.Day == 1 && time.TimeOfDay == TimeSpan.Zero
        : !Minutes || time.Ticks % TimeSpan.TicksPerMinute == 0;

    /// <summary>The timestamp in this layout.</summary>
    public string Write(DateTime time) => time.ToString(Format, CultureInfo.InvariantCulture);
}
