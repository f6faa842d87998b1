using System.Globalization;
using System.Text.RegularExpressions;

namespace Rtu.Forecasting;

/// <summary>
/// How a column's text becomes numbers: the decimal mark, and whether a dot groups thousands, decided once for the whole
/// column. A ';' file comes from a spreadsheet whose decimal mark is a comma, and such a spreadsheet groups thousands with
/// a dot when the cell's format does: read field by field, 1.040 was 1.04 beside 963, and a series crossing a thousand
/// became a square wave between 1 and 1,000 without a word.
/// </summary>
internal static partial class CsvNumbers
{
    // Thousands grouped by dots, with or without a decimal comma: 1.040, -12.345.678, 10.129,00 (never 0.125).
    [GeneratedRegex(@"^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotGrouped();

    // Thousands grouped by commas: 1,040 or 10,129.00 (an error in a ',' file, where the comma is no decimal mark).
    [GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CommaGrouped();

    [GeneratedRegex(@"^[+-]?\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[+-]?\d+,\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalComma();

    /// <summary>
    /// Whether the dots in <paramref name="fields"/> (a column of a file split at <paramref name="delimiter"/>, missing
    /// values included) group thousands: only in a ';' file, where every field with a dot is grouped by threes and the
    /// column also holds a decimal comma or a number without a dot (963 beside 1.040). Where every number is written
    /// like 10.129 the column is ambiguous: the dot is read as the decimal point, as before, and
    /// <paramref name="note"/> says so; it also says when the dots are read as grouping.
    /// </summary>
    public static bool DotsGroupThousands(IReadOnlyList<string> fields, char delimiter, string column, out string? note)
    {
        note = null;
        if (delimiter != ';') return false;
        string? firstDotted = null;
        bool otherForm = false;
        foreach (string field in fields)
        {
            if (field.Contains('.'))
            {
                if (!DotGrouped().IsMatch(field)) return false;   // 1.5: the dot is the decimal point
                firstDotted ??= field;
                otherForm |= field.Contains(',');
            }
            else otherForm |= field.Contains(',') || Integer().IsMatch(field);
        }
        if (firstDotted is null) return false;
        if (otherForm)
        {
            note = $"the dots in column '{column}' are read as thousands separators ('{firstDotted}' is {Parse(firstDotted, delimiter, true).ToString(CultureInfo.InvariantCulture)}), as its other numbers show (a decimal comma, or no dot)";
            return true;
        }
        note = $"every number in column '{column}' is written like '{firstDotted}': the dot is read as the decimal point ({Parse(firstDotted, delimiter, false).ToString(CultureInfo.InvariantCulture)}); if it groups thousands, write the numbers without it";
        return false;
    }

    /// <summary>The text as the invariant culture reads it: in a ';' file the comma is the decimal mark, and dots are dropped where they group thousands.</summary>
    public static string Normalise(string field, char delimiter, bool dotsGroupThousands) =>
        delimiter != ';' ? field : (dotsGroupThousands ? field.Replace(".", "") : field).Replace(',', '.');

    /// <summary>Whether <paramref name="field"/> reads as a number (a header that holds numbers is data).</summary>
    public static bool IsNumber(string field, char delimiter) =>
        double.TryParse(Normalise(field, delimiter, DotGrouped().IsMatch(field) && field.Contains(',')), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double Parse(string field, char delimiter, bool dotsGroupThousands) =>
        double.Parse(Normalise(field, delimiter, dotsGroupThousands), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Why <paramref name="field"/> may not be a number, for the error naming it: a separator the file does not read, or nothing.</summary>
    public static string Hint(string field, char delimiter) =>
        CommaGrouped().IsMatch(field) && delimiter != ';' ? "; it looks like a number with a thousands separator: write the numbers without one"
        : DecimalComma().IsMatch(field) && delimiter != ';' ? "; a decimal comma is read in ';' files only (a spreadsheet's CSV where the decimal mark is a comma): write a decimal point"
        : delimiter == ';' && field.Contains('.') && field.Contains(',') ? "; in a ';' file a dot is read as a thousands separator only between groups of three digits (10.129,00)"
        : "";
}
