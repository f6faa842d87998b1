using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>How the app writes CSV fields.</summary>
internal static class CsvText
{
    /// <summary>
    /// A value in the fewest digits that read back as the same float (up to 9; an outside audit found 7, G7, off by half
    /// a unit in the 7th digit: 1.23451E+07 for 12345123, so that scores recomputed from the file differed from the app's);
    /// empty for NaN (missing, or no forecast yet).
    /// </summary>
    public static string Number(float v) => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted when it holds a comma or a quote (RFC 4180).</summary>
    public static string Field(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    /// <summary>
    /// A field as a message quotes it: at most <paramref name="max"/> characters, the rest counted (an audit: a 10 MB
    /// number in a file made a 10 MB "one-line" error).
    /// </summary>
    public static string Shown(string s, int max = 80) => s.Length <= max ? s : $"{s[..max]}… ({s.Length:N0} characters)";
}
