using System.Globalization;

namespace Rtu.Forecasting;

/// <summary>
/// Values read as missing (NaN, as an empty cell) although the file writes a number: a logger's error code found by
/// <see cref="CsvSeries.LoggerCodes"/> (−9999, 32767, …; on by default) and the values named with
/// <c>--missing-value</c> (a flow's dropouts written as 0). The named values apply to the forecast column only; each
/// <c>--exogenous</c> column takes the codes found in its own values. The output CSV writes such a value's actual empty,
/// as it writes an empty cell.
/// </summary>
/// <remarks>
/// Why: taken as data, a run of −9999 in a flow of about 120 is a level shift and a floor the series "sat at" (an outside
/// audit: MAE over the 30 rows after each dropout 432 against 1.51 without the faults, the 95 % interval 86 times wider
/// until the file's end), while the same dropouts as empty cells cost 3–7 %. The note that named the code asked the user
/// to blank the cells; reading them as missing does that. A value named for the series is not taken out of the other
/// columns: a 0 that is a flow's dropout may be a promotion flag's "no" (missing exogenous values are imputed by their
/// running mean, so a flag's zeros would become its mean).
/// </remarks>
/// <param name="Named">The values named with <c>--missing-value</c>, read as missing in the forecast column.</param>
/// <param name="LoggerCodes">Whether the codes <see cref="CsvSeries.LoggerCodes"/> finds are read as missing (<c>--missing-value none</c>: not).</param>
internal sealed record MissingValues(IReadOnlyList<float> Named, bool LoggerCodes)
{
    /// <summary>The default: the logger codes found read as missing, no value named.</summary>
    public static MissingValues Default { get; } = new([], true);

    /// <summary>
    /// The option's texts (repeated, or separated by <c>;</c> or <c>,</c>): numbers written with a decimal point (as
    /// <c>--min-value</c>; they are compared with the values as read, so a <c>;</c> file's <c>-9999,0</c> is −9999) and
    /// the word <c>none</c>, which turns the logger codes off. A text that is two whole numbers around one comma
    /// (<c>1,5</c>) is refused: it is the values 1 and 5, or 1.5 written with a decimal comma, and nothing tells which.
    /// </summary>
    /// <exception cref="ArgumentException">A text that is neither a finite number nor <c>none</c>, or one such as <c>1,5</c>.</exception>
    public static MissingValues Parse(IEnumerable<string>? texts)
    {
        var named = new List<float>();
        bool codes = true;
        var parts = (texts ?? []).SelectMany(t => t.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (string text in parts.SelectMany(SplitList))
        {
            if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase)) { codes = false; continue; }
            // A number as the file's values are read (float); NaN and ∞ are no value a cell holds.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d) || !float.IsFinite((float)d))
                throw new ArgumentException($"--missing-value takes numbers written with a decimal point, separated by ';' or ',' or with the option repeated (e.g. --missing-value \"-9999;9999\" or --missing-value 0), or none (the logger codes taken as data); got '{text}'.");
            float v = (float)d;
            if (!named.Contains(v)) named.Add(v);
        }
        return new MissingValues(named, codes);
    }

    // One text's values, split at its commas; refused where it is two whole numbers around one comma, which a user with a
    // decimal comma writes for one value (an outside review: --missing-value 1,5 was read as 1 and 5, not 1.5).
    private static string[] SplitList(string text)
    {
        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 2 && text.Count(c => c == ',') == 1 && values.All(v => v.TrimStart('-', '+').Length > 0 && v.TrimStart('-', '+').All(char.IsAsciiDigit))
            && !values[1].StartsWith('-') && !values[1].StartsWith('+'))
        {
            string one = $"{values[0]}.{values[1]}";
            throw new ArgumentException($"--missing-value '{text}' is ambiguous: the two values {values[0]} and {values[1]}, or {one} written with a decimal comma? "
                + $"For one value write --missing-value {one}; for two, separate them with ';' (--missing-value \"{values[0]};{values[1]}\", quoted for the shell) or repeat the option (--missing-value {values[0]} --missing-value {values[1]}).");
        }
        return values;
    }

    /// <summary>
    /// <paramref name="values"/> with the named values read as missing, and the note that says how many (or that none is
    /// there: a value mistyped); null note where no value is named.
    /// </summary>
    public float[] MaskNamed(float[] values, string column, out string? note)
    {
        note = null;
        if (Named.Count == 0) return values;
        var masked = (float[])values.Clone();
        var counts = new int[Named.Count];
        for (int i = 0; i < masked.Length; i++)
        {
            int at = IndexOf(masked[i]);
            if (at < 0) continue;
            counts[at]++;
            masked[i] = float.NaN;
        }
        int total = counts.Sum();
        string named = string.Join(";", Named.Select(Text));   // as the option takes them: "1,5" would read as refused
        note = total == 0
            ? $"--missing-value {named}: no value of {column} is {(Named.Count == 1 ? "that" : "one of those")}, so none is read as missing"
            : $"--missing-value {named}: {total} value(s) of {column} are read as missing ({string.Join(", ", Named.Select((v, i) => (v, i)).Where(x => counts[x.i] > 0).Select(x => $"{Text(x.v)}: {counts[x.i]} times"))})";
        return masked;
    }

    /// <summary>
    /// <paramref name="values"/> with the logger codes found in them (<see cref="CsvSeries.LoggerCodes"/>) read as missing,
    /// and the note naming them (<paramref name="what"/>: whose values, e.g. "the values" or "column 'temp'"); with
    /// <c>--missing-value none</c> the values as they are and the note that they are taken as data. Null note where none is
    /// found.
    /// </summary>
    public float[] MaskCodes(float[] values, string what, out string? note)
    {
        var codes = CsvSeries.LoggerCodes(values);
        note = null;
        if (codes.Count == 0) return values;
        string which = string.Join(", ", codes.Select(x => $"{Text(x.Code)} ({x.Count} times)"));
        if (!LoggerCodes)
        {
            note = $"{what} hold {which}, far from the others: a logger's code for a failed reading? Taken as data (--missing-value none), a run of them is a level shift; without none they are read as missing values";
            return values;
        }
        var masked = (float[])values.Clone();
        for (int i = 0; i < masked.Length; i++)
            if (codes.Any(c => c.Code == masked[i])) masked[i] = float.NaN;
        note = $"{what} hold {which}, far from the others: a logger's code for a failed reading, read as missing values; --missing-value none takes them as data";
        return masked;
    }

    /// <summary>The forecast column of one series: the named values, then the codes found in the rest, read as missing; with the notes.</summary>
    public CsvSeries Apply(CsvSeries series, out IReadOnlyList<string> notes)
    {
        var values = MaskNamed(series.Values, $"'{series.Name}'", out string? named);
        values = MaskCodes(values, "the values", out string? codes);
        notes = new[] { named, codes }.OfType<string>().ToArray();
        return ReferenceEquals(values, series.Values) ? series : series with { Values = values };
    }

    /// <summary>An exogenous column: the codes found in its own values read as missing (the named values are the forecast column's).</summary>
    public CsvSeries ApplyExogenous(CsvSeries column, out string? note)
    {
        var values = MaskCodes(column.Values, $"the values of column '{column.Name}' (--exogenous)", out note);
        return ReferenceEquals(values, column.Values) ? column : column with { Values = values };
    }

    /// <summary>
    /// Every series of a long-format file (<c>--key</c>): the named values read as missing in the whole column (with
    /// <paramref name="namedNote"/>), and the codes each series' own values hold (with <paramref name="codeNotes"/> by key),
    /// as each series alone (<c>--where</c>) reads them.
    /// </summary>
    public KeyedCsvSeries Apply(KeyedCsvSeries file, out string? namedNote, out IReadOnlyDictionary<string, string> codeNotes)
    {
        var values = MaskNamed(file.Rows.Values, $"'{file.Rows.Name}'", out namedNote);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        values = MaskCodesBySeries(values, file, "the values", notes);
        codeNotes = notes;
        return ReferenceEquals(values, file.Rows.Values) ? file : file.WithValues(values);
    }

    /// <summary>
    /// An exogenous column of a long-format file, its rows those of <paramref name="file"/>: the codes each series' own
    /// values hold read as missing, with one note quoting the first series where some were and counting the others.
    /// </summary>
    public CsvSeries ApplyExogenous(CsvSeries column, KeyedCsvSeries file, out string? note)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = MaskCodesBySeries(column.Values, file, $"the values of column '{column.Name}' (--exogenous)", notes);
        note = notes.Count == 0 ? null
            : $"series '{notes.Keys.First()}'{(notes.Count > 1 ? $" and {notes.Count - 1} other(s)" : "")}: {notes.Values.First()}";
        return ReferenceEquals(values, column.Values) ? column : column with { Values = values };
    }

    // Each series' rows of `values` (in the file's rows) with the codes found in them masked; the notes by key.
    private float[] MaskCodesBySeries(float[] values, KeyedCsvSeries file, string what, Dictionary<string, string> notes)
    {
        float[]? result = null;
        foreach (var g in file.Series)
        {
            var own = g.Rows.Select(i => values[i]).ToArray();
            var masked = MaskCodes(own, what, out string? note);
            if (note is not null) notes[g.Key] = note;
            if (ReferenceEquals(masked, own)) continue;
            result ??= (float[])values.Clone();
            for (int j = 0; j < g.Rows.Length; j++) result[g.Rows[j]] = masked[j];
        }
        return result ?? values;
    }

    // The named value v matches (−0 is 0).
    private int IndexOf(float v)
    {
        for (int i = 0; i < Named.Count; i++)
            if (Named[i] == v) return i;
        return -1;
    }

    private static string Text(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
