using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>How the app writes CSV fields.</summary>
internal static class CsvText
{
    /// <summary>A value with 7 significant digits (a float's precision); empty for NaN (missing, or no forecast yet).</summary>
    public static string Number(float v) => float.IsNaN(v) ? "" : v.ToString("G7", CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted when it holds a comma or a quote (RFC 4180).</summary>
    public static string Field(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
