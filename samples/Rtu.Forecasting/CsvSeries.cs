using System.Globalization;
using System.Text;

namespace Rtu.Forecasting;

/// <summary>A series read from a CSV file: timestamps (as written) and values (NaN where missing).</summary>
internal sealed partial record CsvSeries(string Name, string[] Timestamps, float[] Values)
{
    /// <summary>The header of the timestamp column (the first column), e.g. for a plot's time axis.</summary>
    public string TimeColumnName { get; init; } = "timestamp";

    // Compared in lower case. N/A and Excel's #N/A (a failed lookup) were errors, "not a number", that stopped the run;
    // "." is SAS's and Stata's missing value.
    private static readonly string[] MissingTokens = ["", "na", "nan", "null", "none", "?", "-", "n/a", "#n/a", "."];

    /// <summary>
    /// The timestamps as UTC dates (null: not a date), read as one column (the library's
    /// <see cref="Rtu.MLNet.TimestampText.ParseColumn"/>: ISO dates and date-times (2024-01-01 00:00:00 UTC too),
    /// year-months (Jan 1949, Jan-49), quarters such as 1949 Q1, ISO weeks, whole or decimal years, and 01/02/2015-style
    /// dates in the one day-month order that fits the column; a text without a year, Mar 5 or 10:00, is none).
    /// </summary>
    public DateTime?[] ReadDates() => (DateTime?[])(WeekNumberStamps
        ? ParsedWeeks.GetValue(Timestamps, t => Rtu.MLNet.TimestampText.ParseWeekNumbers(t))
        : ParsedDates.GetValue(Timestamps, t => Rtu.MLNet.TimestampText.ParseColumn(t))).Clone();

    /// <summary>
    /// Whether the timestamps are a year column and a week column put together, 201905 (<see cref="Read(string, string?, IReadOnlyList{ValueTuple{string, string}}?, string?)"/>):
    /// read as weeks (<see cref="Rtu.MLNet.TimestampText.ParseWeekNumbers(IReadOnlyList{string?})"/>) even where every
    /// week is at most 12, which alone would read as months.
    /// </summary>
    public bool WeekNumberStamps { get; init; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string[], DateTime?[]> ParsedWeeks = new();

    // The column is parsed once per timestamps array (the app asks for it six times, and a million timestamps take
    // seconds each time); kept beside the record, not in it, so that `with` copies holding other timestamps and the
    // record's equality are unaffected.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string[], DateTime?[]> ParsedDates = new();

    /// <summary>Whether the file has a timestamp column (false: a single column of values, stamped with row numbers).</summary>
    public bool HasTimestamps { get; init; } = true;

    /// <summary>What the reader decided for the user to know: the file's encoding, how its numbers were read.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Whether the file's first line was data rather than a header (its columns are then named timestamp, value, column3, …).</summary>
    public bool Headerless { get; init; }

    /// <summary>The file's column names (for a file without a header: timestamp, value, column3, …; one column: value).</summary>
    public string[] ColumnNames { get; init; } = [];

    /// <summary>
    /// Reads <paramref name="path"/>: a header row, the timestamp in <paramref name="timestampColumn"/> (default: the first
    /// column, the second when the first has no name: pandas' index), the value in <paramref name="column"/> (default: a
    /// column named "value", else the first column after the timestamp that is not named in <paramref name="where"/> or as
    /// the key column; with <paramref name="timestampColumn"/>, the first other such column).
    /// A first line of numbers and dates only is data, not a header (the columns are then named timestamp, value,
    /// column3, …), and a file of one column is values alone, stamped with their row numbers (1, 2, …).
    /// Empty fields and NA, NaN, null, None, N/A, #N/A, ?, - and . are missing values; any other unparsable field is an error naming its row.
    /// With <paramref name="where"/>, only the rows whose named columns hold the given texts are read (one series of a
    /// file that holds several in long format, a row per series and time).
    /// </summary>
    public static CsvSeries Read(string path, string? column, IReadOnlyList<(string Column, string Value)>? where = null, string? timestampColumn = null) =>
        Read(path, column, where, null, timestampColumn).Series;

    /// <summary>
    /// <see cref="Read(string, string?, IReadOnlyList{ValueTuple{string, string}}?)"/>, and with
    /// <paramref name="keyColumn"/> also each row's text in that column (its series key; trimmed, never empty).
    /// </summary>
    internal static (CsvSeries Series, string[]? Keys) Read(string path, string? column, IReadOnlyList<(string Column, string Value)>? where, string? keyColumn, string? timestampColumn = null)
    {
        if (Directory.Exists(path)) throw new IOException($"Input '{path}' is a directory: name a CSV file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file '{path}' does not exist.", path);
        // A file that is not UTF-8 is most often a spreadsheet's ANSI CSV (Excel on Windows writes Windows-1252): read as
        // UTF-8 its ä became U+FFFD, so --column could not name its column and the header printed garbled.
        try { return Read(path, column, where, keyColumn, timestampColumn, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException)
        {
            var (series, keys) = Read(path, column, where, keyColumn, timestampColumn, CodePagesEncodingProvider.Instance.GetEncoding(1252)!);
            string note = $"'{Path.GetFileName(path)}' is not UTF-8: it is read as Windows-1252, the code page spreadsheets on Windows write; save it as \"CSV UTF-8\" if its text still looks wrong";
            return (series with { Notes = [note, .. series.Notes] }, keys);
        }
    }

    private static (CsvSeries Series, string[]? Keys) Read(string path, string? column, IReadOnlyList<(string Column, string Value)>? where, string? keyColumn, string? timestampColumn, Encoding encoding)
    {
        // A byte-order mark (UTF-8, UTF-16) still decides.
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"'{path}' is empty.");
        // The delimiter is ',' unless the header has ';' and no ',': a spreadsheet saved where the decimal mark is a comma;
        // or a tab and neither: a TSV (R's write.table, spreadsheets' "Text (tab-delimited)"), which was read as one column
        // and failed on its first row.
        // Quoted names do not count: Datum;"Umsatz, EUR" is a ';' file.
        string bare = System.Text.RegularExpressions.Regex.Replace(header, "\"[^\"]*\"", "");
        char delimiter = bare.Contains('\t') && !bare.Contains(',') && !bare.Contains(';') ? '\t'
            : bare.Contains(';') && !bare.Contains(',') ? ';' : ',';
        var names = SplitLine(header, delimiter).Select(n => n.Trim()).ToArray();
        // Exported series often come without a header: read as one, their first row was lost and named the series.
        bool headerless = names.Any(n => CsvNumbers.IsNumber(n, delimiter) || Rtu.MLNet.TimestampText.TryParse(n, out _))
            && names.All(n => CsvNumbers.IsNumber(n, delimiter) || Rtu.MLNet.TimestampText.TryParse(n, out _) || MissingTokens.Contains(n.ToLowerInvariant()));
        string? firstData = headerless ? header : null;
        if (headerless) names = names.Length == 1 ? ["value"] : names.Select((_, i) => i switch { 0 => "timestamp", 1 => "value", _ => $"column{i + 1}" }).ToArray();
        bool single = names.Length == 1;   // values alone: no timestamps
        // pandas' to_csv keeps the frame's index as a first column without a name (",date,value"): the row numbers
        // 0, 1, 2, … were read as the timestamps, with season 1 and no word. The timestamps are then the next column.
        int timeAt = !headerless && names.Length >= 3 && names[0].Length == 0 ? 1 : 0;
        // --timestamp: a database export often has an id first (id,date,value), whose numbers were read as the timestamps.
        if (timestampColumn is not null)
        {
            if (single) throw new ArgumentException($"'{path}' holds one column of values: there is no timestamp column '{timestampColumn}'.");
            timeAt = Array.FindIndex(names, n => string.Equals(n, timestampColumn, StringComparison.OrdinalIgnoreCase));
            if (timeAt < 0) throw new ArgumentException($"Column '{timestampColumn}' (in --timestamp) is not in '{path}'. Columns: {string.Join(", ", names)}.");
        }
        // FluView writes a year column and a week column (YEAR,WEEK): the year alone was read as the timestamp, every
        // week of a year one timestamp, and rows were dropped as readings sent twice (an outside audit). With the other
        // column named for a week (or the year, beside a week column), the two are read as one weekly timestamp.
        int partnerAt = single || headerless ? -1 : YearWeekPartner(names, timeAt, column, keyColumn, where);
        int keyAt = -1;
        if (keyColumn is not null)
        {
            if (single) throw new ArgumentException($"'{path}' holds one column of values: there is no key column '{keyColumn}' to tell its series apart.");
            keyAt = Array.FindIndex(names, n => string.Equals(n, keyColumn, StringComparison.OrdinalIgnoreCase));
            if (keyAt < 0) throw new ArgumentException($"Column '{keyColumn}' (in --key) is not in '{path}'. Columns: {string.Join(", ", names)}.");
            if (keyAt == timeAt) throw new ArgumentException($"Column '{names[timeAt]}' holds the timestamps; --key names the column that tells the series apart (e.g. --key store).");
        }
        int index;
        if (column is not null)
        {
            index = Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0) throw new ArgumentException($"Column '{column}' is not in '{path}'. Columns: {string.Join(", ", names)}{(headerless ? " (the file has no header row, so its columns are named so)" : "")}.");
        }
        else
        {
            // The first column after the timestamp that neither tells series apart (--key) nor filters them (--where).
            bool Selects(int i) => i == keyAt || i == partnerAt || (where ?? []).Any(w => string.Equals(names[i], w.Column, StringComparison.OrdinalIgnoreCase));
            // With --timestamp naming a later column, the columns before it are candidates too (value,date).
            int from = timestampColumn is null ? timeAt + 1 : 0;
            index = single ? 0 : Array.FindIndex(names, from, n => string.Equals(n, "value", StringComparison.OrdinalIgnoreCase));
            if (index < 0) index = Enumerable.Range(from, names.Length - from).Where(i => i != timeAt && !Selects(i)).DefaultIfEmpty(Math.Min(timeAt + 1, names.Length - 1)).First();
        }
        if (!single && index == timeAt) throw new ArgumentException($"Column '{names[index]}' holds the timestamps; --column names the values to forecast.");
        // A header naming a column twice (date,value,value): the first was read without a word, and --column could not
        // choose the other (an audit).
        foreach (int at in new[] { index, single ? -1 : timeAt, keyAt })
            if (at >= 0 && names[at].Length > 0 && names.Count(n => string.Equals(n, names[at], StringComparison.OrdinalIgnoreCase)) > 1)
                throw new ArgumentException($"'{path}' names column '{CsvText.Shown(names[at])}' more than once (columns: {CsvText.Shown(string.Join(", ", names), 200)}): rename one so the column to read is clear.");
        if (keyAt >= 0 && keyAt == index) throw new ArgumentException($"Column '{names[index]}' is the value column; --key names another column, the one that tells the series apart.");
        var keys = keyAt < 0 ? null : new List<string>();

        var filters = (where ?? []).Select(w =>
        {
            int at = Array.FindIndex(names, n => string.Equals(n, w.Column, StringComparison.OrdinalIgnoreCase));
            if (at < 0) throw new ArgumentException($"Column '{w.Column}' (in --where) is not in '{path}'. Columns: {string.Join(", ", names)}.");
            return (At: at, w.Value, Seen: new SortedSet<string>(StringComparer.Ordinal));
        }).ToArray();

        var stamps = new List<string>();
        var partners = partnerAt < 0 ? null : new List<string>();   // the week (or year) column's fields
        // The value column's fields and their rows, read as numbers once the whole column says how (CsvNumbers).
        var texts = new List<string>();
        var textRows = new List<int>();
        string? line;
        int row = headerless ? 0 : 1;
        int blanks = 0;   // blank lines not yet placed: in a file of values alone they are missing values, unless they end it
        while ((line = firstData ?? reader.ReadLine()) is not null)
        {
            bool first = firstData is not null;
            firstData = null;
            row++;
            if (line.Trim().Length == 0) { blanks++; continue; }
            for (; single && blanks > 0; blanks--)
            {
                texts.Add("");
                textRows.Add(row - blanks);
                stamps.Add(texts.Count.ToString(CultureInfo.InvariantCulture));
            }
            blanks = 0;
            int recordRow = row;
            var fields = first ? SplitLine(line, delimiter) : SplitRecord(line, delimiter, () =>
            {
                // RFC 4180 lets a quoted field hold line breaks (a comment column): read line by line, such a record became
                // two rows, a value was lost and every later row was a step late. A quote never closed is bounded.
                string? more = row - recordRow < MaxLinesPerRecord ? reader.ReadLine() : null;
                if (more is null) throw new InvalidDataException($"'{path}' row {recordRow}: a quoted field opened there is not closed {(row - recordRow < MaxLinesPerRecord ? "by the end of the file" : $"within {MaxLinesPerRecord} lines")} (a stray '\"'?).");
                row++;
                return more;
            });
            // A row longer than the header: "1,040" unquoted in a ',' file is the two fields 1 and 040, and the value was 1.
            if (fields.Length > names.Length && fields.Skip(names.Length).Any(f => f.Trim().Length > 0))
                throw new InvalidDataException($"'{path}' row {recordRow}: {fields.Length} fields where the header has {names.Length}"
                    + (delimiter == ',' ? ": a number written with a thousands separator (1,040) or a decimal comma (1,5) is split in two; write it without, or quote the field." : "."));
            bool kept = true;
            foreach (var f in filters)
            {
                string text = f.At < fields.Length ? fields[f.At].Trim() : "";
                if (f.Seen.Count < 10) f.Seen.Add(text);
                kept &= text == f.Value;
            }
            if (!kept) continue;
            if (keys is not null)
            {
                string key = keyAt < fields.Length ? fields[keyAt].Trim() : "";
                if (key.Length == 0) throw new InvalidDataException($"'{path}' row {recordRow}: no series key in column '{names[keyAt]}' (--key): every row needs one.");
                keys.Add(key);
            }
            stamps.Add(single ? (texts.Count + 1).ToString(CultureInfo.InvariantCulture) : timeAt < fields.Length ? fields[timeAt].Trim() : "");
            partners?.Add(partnerAt < fields.Length ? fields[partnerAt].Trim() : "");
            texts.Add(index < fields.Length ? fields[index].Trim() : "");
            textRows.Add(recordRow);
        }
        var observed = texts.Where(t => !MissingTokens.Contains(t.ToLowerInvariant())).ToArray();
        bool grouped = CsvNumbers.DotsGroupThousands(observed, delimiter, names[index], out string? numberNote);
        var values = new float[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i];
            string field = CsvNumbers.Normalise(text, delimiter, grouped);
            if (MissingTokens.Contains(text.ToLowerInvariant())) values[i] = float.NaN;
            else if (float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)) values[i] = v;
            else if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                throw new InvalidDataException($"'{path}' row {textRows[i]}: '{CsvText.Shown(text)}' in column '{names[index]}' is beyond a float's range (±3.4e38); rescale the column.");
            else if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                throw new InvalidDataException($"'{path}' row {textRows[i]}: '{CsvText.Shown(text)}' in column '{names[index]}' is infinite (leave the field empty for a missing value).");
            // A file whose first column after the timestamp holds text (a city, a category) failed on its first row with
            // no word that the column had been chosen for the user: name the choice and the columns.
            else throw new InvalidDataException($"'{path}' row {textRows[i]}: '{CsvText.Shown(text)}' in column '{names[index]}' is not a number (leave the field empty for a missing value){CsvNumbers.Hint(text, delimiter)}"
                + (!single && Rtu.MLNet.TimestampText.TryParse(text, out _) ? $"; it is a date, and the timestamps were read from column '{names[timeAt]}': --timestamp NAME names the column that holds them" : "")
                + (column is null && !single && !string.Equals(names[index], "value", StringComparison.OrdinalIgnoreCase) ? $"; the value column was taken as the first after the timestamp: --column NAME chooses another (columns: {string.Join(", ", names)})." : "."));
        }
        if (values.Length == 0 && filters.Length > 0)
            throw new InvalidDataException($"No row of '{path}' has {string.Join(" and ", filters.Select(f => $"{names[f.At]} = '{f.Value}'"))} (values seen: {string.Join("; ", filters.Select(f => $"{names[f.At]}: {string.Join(", ", f.Seen.Select(v => $"'{v}'"))}"))}).");
        if (values.Length == 0) throw new InvalidDataException($"'{path}' has no data rows.");
        string[] stampArray = stamps.ToArray();
        string? weekNote = null;
        bool combined = false;
        if (partners is not null && YearWeekStamps(stampArray, partners, YearName().IsMatch(names[timeAt])) is { } weeks)
        {
            var numbering = Rtu.MLNet.TimestampText.WeekNumberingOf(weeks)!.Value;
            var (yearName, weekName) = YearName().IsMatch(names[timeAt]) ? (names[timeAt], names[partnerAt]) : (names[partnerAt], names[timeAt]);
            weekNote = $"the timestamps are columns '{yearName}' and '{weekName}' together, one week a row, read as {NumberingText(numbering)} and written year and week, as '{weeks[0]}', in the output";
            stampArray = weeks;
            combined = true;
        }
        else if (!single && Rtu.MLNet.TimestampText.WeekNumberingOf(stampArray) is { } numbering && Rtu.MLNet.TimestampText.ParseColumn(stampArray).SequenceEqual(Rtu.MLNet.TimestampText.ParseWeekNumbers(stampArray)))
            weekNote = $"the timestamps in column '{names[timeAt]}' are weeks written year and week ('{stampArray[0]}'), read as {NumberingText(numbering)}";
        string NumberingText(Rtu.MLNet.WeekNumbering n) => n == Rtu.MLNet.WeekNumbering.Mmwr
            ? "CDC (MMWR) epiweeks, weeks from Sunday" : "ISO weeks, weeks from Monday (as the weeks step: CDC's MMWR weeks do not fit them)";
        var series = new CsvSeries(names[index], stampArray, values)
        {
            TimeColumnName = single ? "row" : combined ? $"{names[timeAt]}+{names[partnerAt]}" : names[timeAt], HasTimestamps = !single, Headerless = headerless, ColumnNames = names,
            Notes = new[] { weekNote, numberNote }.OfType<string>().ToArray(), WeekNumberStamps = combined,
        };
        return (series, keys?.ToArray());
    }

    // The column that makes one weekly timestamp with the timestamp column: a week column beside a year column (year,
    // week; YEAR, WEEK; Year, epiweek), or a year column beside a week column; -1 where there is none, or where it is the
    // value, key or --where column named.
    private static int YearWeekPartner(string[] names, int timeAt, string? column, string? keyColumn, IReadOnlyList<(string Column, string Value)>? where)
    {
        var partner = YearName().IsMatch(names[timeAt]) ? WeekName() : WeekName().IsMatch(names[timeAt]) ? YearName() : null;
        if (partner is null) return -1;
        bool Named(string n) => string.Equals(n, column, StringComparison.OrdinalIgnoreCase) || string.Equals(n, keyColumn, StringComparison.OrdinalIgnoreCase)
            || (where ?? []).Any(w => string.Equals(n, w.Column, StringComparison.OrdinalIgnoreCase));
        for (int i = 0; i < names.Length; i++)
            if (i != timeAt && partner.IsMatch(names[i]) && !Named(names[i])) return i;
        return -1;
    }

    // The rows' weeks written 201905 from the timestamp column and its partner (yearFirst: the timestamp column holds
    // the years), where every row has a year of four digits and a week of 1–53 and the weeks step weekly in a numbering
    // (TimestampText.WeekNumberingOf); else null, and the timestamps are read as they are.
    private static string[]? YearWeekStamps(string[] stamps, List<string> partners, bool yearFirst)
    {
        var weeks = new string[stamps.Length];
        for (int i = 0; i < stamps.Length; i++)
        {
            string year = yearFirst ? stamps[i] : partners[i], week = yearFirst ? partners[i] : stamps[i];
            if (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y)
                || !int.TryParse(week, NumberStyles.None, CultureInfo.InvariantCulture, out int w) || w is < 1 or > 53) return null;
            weeks[i] = $"{y:0000}{w:00}";
        }
        return Rtu.MLNet.TimestampText.WeekNumberingOf(weeks) is null ? null : weeks;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(mmwr|epi|iso)?[ _]?year$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YearName();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(mmwr|epi|iso)?[ _]?(week|wk)([ _]?(no|num|number))?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WeekName();

    // The most lines one record may span through quoted line breaks: a quote never closed fails there, not at the end of a
    // file of millions of lines held in one field.
    internal const int MaxLinesPerRecord = 1000;

    /// <summary>The fields of one line (RFC 4180; a quote left open runs to the line's end).</summary>
    internal static string[] SplitLine(string line, char delimiter) => SplitRecord(line, delimiter, null);

    // RFC 4180 fields: a quoted field may hold the delimiter, line breaks (the next line comes from nextLine) and "" for
    // one quote. Splitting at every comma read "1,234" as the two fields "1 and 234", and the value as 1. A quote opens a
    // quoted field only at the field's start (after blanks): in 5" pipe it is an inch mark, as spreadsheets read it.
    internal static string[] SplitRecord(string line, char delimiter, Func<string>? nextLine)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, atStart = true;
        for (int i = 0; ; i++)
        {
            if (i == line.Length)
            {
                if (!quoted || nextLine is null) break;
                field.Append('\n');
                line = nextLine();
                i = -1;
                continue;
            }
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && atStart) { quoted = true; field.Clear(); atStart = false; }
            else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); atStart = true; }
            else { field.Append(c); atStart &= char.IsWhiteSpace(c); }
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>
    /// The season length implied by the timestamps' step: a day of steps for a step that divides a day (every 15 minutes
    /// 96, half-hourly 48, hourly 24, every 3 hours 8), daily 7, business days 5, weekly 52, ten-daily 36, semi-monthly
    /// 24, four-weekly 13, monthly 12, bi-monthly 6, quarterly 4, half-yearly 2, yearly or unknown 1. Dates (ISO and the like) and decimal years (1991.5) are understood.
    /// </summary>
    // The season from the timestamps: the library's SeriesTimeStep (the one place this is decided).
    public int DetectSeason(out string step)
    {
        var inferred = InferStep();
        step = inferred.Name;
        return inferred.SeasonLength;
    }

    /// <summary>The step of the timestamps (<see cref="Rtu.MLNet.SeriesTimeStep"/>), from which the season and, for a step that divides a day, the week come.</summary>
    public Rtu.MLNet.SeriesTimeStep InferStep()
    {
        var dates = ReadDates();
        // The differences of the distinct timestamps in time order (newest first and interleaved series too): taken in the
        // file's order, a monthly file whose rows were shuffled (a database export without ORDER BY) was "yearly", season 1.
        var times = dates.OfType<DateTime>().Distinct().Order().ToArray();
        var diffs = new List<long>();
        for (int i = 1; i < times.Length; i++) diffs.Add(times[i].Ticks - times[i - 1].Ticks);
        bool anyWeekend = dates.Any(d => d is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday });
        return Rtu.MLNet.SeriesTimeStep.Infer(diffs, areDates: true, anyWeekend);
    }

    /// <summary>Whether a timestamp column is there and not one of its timestamps is read as a date (<see cref="ReadDates"/>): the step is then unknown, and the season not from the timestamps.</summary>
    public bool Undated => HasTimestamps && ReadDates().All(d => d is null);

    /// <summary>
    /// A note when the dates' day-month order is not told by the dates themselves (<see cref="Rtu.MLNet.TimestampText.DayMonthOrderIsAmbiguous"/>):
    /// how the first was read, and how to write them so that nothing is guessed. Null otherwise.
    /// </summary>
    public string? AmbiguousDatesWarning()
    {
        if (!HasTimestamps || !Rtu.MLNet.TimestampText.DayMonthOrderIsAmbiguous(Timestamps)) return null;
        var dates = ReadDates();
        int at = Array.FindIndex(dates, d => d is { } date && date.Month != date.Day);
        if (at < 0) return null;
        // Twelve monthly US dates were read as twelve days without a word: the order is chosen by the steps and the
        // separator's custom, which a short file may not tell.
        return $"every date in column '{TimeColumnName}' reads day first and month first (no number above 12): '{Timestamps[at]}' is read as {dates[at]:yyyy-MM-dd}; if that is wrong, write the dates as yyyy-MM-dd";
    }

    /// <summary>
    /// A note when the timestamps are read as months written 201901 that could be CDC epiweeks as well
    /// (<see cref="Rtu.MLNet.TimestampText.MonthsMayBeWeeks"/>: every number's last two digits 01–12, all in one year):
    /// how they are read, and how to write weeks so that nothing is guessed. Null otherwise.
    /// </summary>
    public string? MonthsOrWeeksWarning()
    {
        if (!HasTimestamps || WeekNumberStamps || !Rtu.MLNet.TimestampText.MonthsMayBeWeeks(Timestamps)) return null;
        var dates = ReadDates().OfType<DateTime>().Order().ToArray();
        // A column of months that never leaves its year (201901 … 201912) is as well a column of weeks 1–12: read as months, as before.
        return $"the timestamps in column '{TimeColumnName}' are read as months ({dates[0]:yyyy-MM} … {dates[^1]:yyyy-MM}), but they could be CDC epiweeks (weeks {dates[0].Month}–{dates[^1].Month} of {dates[0].Year}) as well: if they are weeks, write them as ISO weeks ({dates[0].Year}-W{dates[0].Month:00}) or give the season with --season";
    }

    /// <summary>
    /// What the user should know when timestamps are not read as dates: none is (the step is unknown, so the season
    /// cannot come from them) or some are not (the step and the season come from the others). A text that writes no
    /// year (Mar 5, 10:00) is no date: completed with the current year it would change with the day the app runs.
    /// Null when every timestamp is a date or the file has no timestamp column.
    /// </summary>
    public string? UndatedWarning()
    {
        if (!HasTimestamps) return null;
        var dates = ReadDates();
        int undated = dates.Count(d => d is null);
        if (undated == 0) return null;
        string first = Timestamps[Array.FindIndex(dates, d => d is null)];
        // A bare number is read as a year only from 1000 to 3000 (treering's years from -6000: "a date needs its year" said
        // the wrong thing of them; an audit).
        string why = double.TryParse(first.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "a number is read as a year only from 1000 to 3000" : "a date needs its year";
        // Without this note a file of unread stamps said only "step unknown, season 1", as if its dates had given them.
        return undated == dates.Length
            ? $"no timestamp in column '{TimeColumnName}' is read as a date (the first: '{CsvText.Shown(first)}'; {why}), so the step is unknown and the season cannot come from them: --season M sets it, --season 0 detects it from the values, --timestamp NAME reads the timestamps from another column"
            : $"{undated} of the {dates.Length} timestamps are not read as dates (the first: '{CsvText.Shown(first)}'; {why}): the step and the season come from the others";
    }

    /// <summary>
    /// The library's warning (<see cref="Rtu.Trainers.Online.SinglePrecisionCheck"/>) when these values are too large for
    /// their changes to survive single precision, in which they are read here and forecast (a meter reading near 1e7
    /// that moves by about 1 a row); null otherwise.
    /// </summary>
    public string? PrecisionWarning(string which)
    {
        var check = new Rtu.Trainers.Online.SinglePrecisionCheck();
        foreach (float v in Values) check.Add(v);
        return check.Warning(which);
    }

    // The codes data loggers write for a failed reading.
    private static readonly float[] SentinelCodes = [-9999, 9999, -999, 999, -99999, 99999, 999999, -999999, -32768, 32767, 65535];

    /// <summary>
    /// The logger's error codes (−9999, 9999, −999, 32767, …) that stand in <paramref name="values"/> at least twice, far
    /// from the rest (more than 20 median absolute deviations from their median), with how often; empty where none does
    /// or fewer than 10 values are finite. Taken as data, a run of them is a level shift and its echo comes back a season
    /// later (an outside audit of sensor data); <see cref="MissingValues"/> reads them as missing.
    /// </summary>
    public static IReadOnlyList<(float Code, int Count)> LoggerCodes(float[] values)
    {
        var finite = values.Where(float.IsFinite).Select(v => (double)v).ToArray();
        if (finite.Length < 10) return [];
        var sorted = finite.Order().ToArray();
        double median = sorted[sorted.Length / 2];
        var deviations = finite.Select(v => Math.Abs(v - median)).Order().ToArray();
        double mad = deviations[deviations.Length / 2];
        if (!(mad > 0)) return [];
        return SentinelCodes.Select(c => (Code: c, Count: values.Count(v => v == c)))
            .Where(x => x.Count >= 2 && Math.Abs(x.Code - median) > 20 * mad).ToArray();
    }

    /// <summary>
    /// The rows in time order: row i of the sorted series is row <c>order[i]</c> of the file (a stable sort by date; rows
    /// newest first are reversed, a repeated date and all), or null where they already are or where their order cannot be
    /// decided: a timestamp not read as a date, or, in rows neither oldest nor newest first, one date on two rows (several
    /// series in one file, or readings to aggregate; <see cref="TimeOrderWarnings"/> says which).
    /// A bank's or a price site's export runs newest first: forecast in the file's order, each forecast was made from
    /// the rows after it in time, and the "next" values were of the steps before the oldest row.
    /// </summary>
    public int[]? TimeOrder() => TimeOrder(ReadDates());

    /// <summary><see cref="TimeOrder()"/> for rows whose dates are given (null: not a date).</summary>
    internal static int[]? TimeOrder(IReadOnlyList<DateTime?> dates)
    {
        bool sorted = true, newestFirst = true;
        for (int i = 0; i < dates.Count; i++)
        {
            if (dates[i] is null) return null;
            if (i > 0 && dates[i] < dates[i - 1]) sorted = false;
            if (i > 0 && dates[i] > dates[i - 1]) newestFirst = false;
        }
        if (sorted) return null;
        // Newest first, a date twice allowed: local times repeat the hour daylight saving ends, and read backwards the
        // repeat is in time order too (an outside review: a newest-first local-time export was forecast backwards).
        if (newestFirst) return Enumerable.Range(0, dates.Count).Reverse().ToArray();
        var order = Enumerable.Range(0, dates.Count).OrderBy(i => dates[i]!.Value).ToArray();
        for (int i = 1; i < order.Length; i++)
            if (dates[order[i]] == dates[order[i - 1]]) return null;
        return order;
    }

    /// <summary>This series with its rows taken in <paramref name="order"/> (<see cref="TimeOrder()"/>).</summary>
    public CsvSeries Reordered(int[] order) =>
        this with { Timestamps = order.Select(i => Timestamps[i]).ToArray(), Values = order.Select(i => Values[i]).ToArray() };

    /// <summary>
    /// The note for a series whose rows <see cref="TimeOrder()"/> sorted: which way they ran, and that the output
    /// keeps the file's order.
    /// </summary>
    public string SortedNote(int[] order)
    {
        int n = order.Length;
        bool newestFirst = order.Select((row, i) => row == n - 1 - i).All(x => x);
        if (newestFirst)
            return $"the rows run newest first (from '{Timestamps[0]}' back to '{Timestamps[^1]}'): they are forecast oldest first, and the output keeps the file's order";
        var dates = ReadDates();
        int back = Enumerable.Range(1, n - 1).Count(i => dates[i] < dates[i - 1]);
        int first = Enumerable.Range(1, n - 1).First(i => dates[i] < dates[i - 1]);
        return $"{back} row(s) go back in time (first: '{Timestamps[first]}' after '{Timestamps[first - 1]}'): the rows are forecast in time order, and the output keeps the file's order";
    }

    /// <summary>Most rows a series on its step grid may have, against its own rows: a longer outage is left as it is.</summary>
    public const int MaxGridFactor = 4;

    /// <summary>
    /// The series on the grid of its timestamps' step (<see cref="InferStep"/>), each skipped step a row with a missing
    /// value (NaN) and a timestamp of its own (ISO; with the time of day where the file's have one), so that a season of
    /// m rows is m steps in time, as the library's estimator fills a timestamp column's gaps; with
    /// <paramref name="rows"/>[i] the grid row of row i. Null, the rows kept as they are, unless every timestamp is a date
    /// in time order, none repeated or less than half a step after the one before, the step is known (not decimal years,
    /// which place their days only roughly), some step is skipped, and the grid is at most <see cref="MaxGridFactor"/>
    /// times as long as the file.
    /// </summary>
    /// <remarks>
    /// Taken as consecutive, a skipped step moves every later row by one position in the season: an hourly series with
    /// 5 % of its hours missing forecast a third worse one step ahead (an outside audit: MAE 0.5075 against 0.3829 with
    /// the gaps as empty rows).
    /// </remarks>
    public CsvSeries? OnStepGrid(out int[] rows)
    {
        rows = [];
        var dates = ReadDates();
        if (!HasTimestamps || dates.Length < 3 || dates.Any(d => d is null)) return null;
        if (Timestamps.Any(t => t.Contains('.') && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return null;
        var step = InferStep();
        if (step.Name == "unknown") return null;
        // Each pair of rows a whole number of steps apart; else, for a clock that jitters around a fixed step, each row
        // at its nearest step (SnappedSlots).
        var at = PairwiseSlots(dates, step);
        long originTicks = 0;
        bool snapped = at is null;
        if (snapped)
        {
            at = SnappedSlots(dates, step, out double largest, out originTicks);
            if (at is null || largest == 0) return null;
        }
        long length = at![^1] + 1;
        if (length == dates.Length && !snapped || length > (long)MaxGridFactor * dates.Length) return null;
        string format = StampFormat(dates);
        var write = StampWriter(dates);
        var values = new float[length];
        var stamps = new string[length];
        Array.Fill(values, float.NaN);
        for (int i = 0; i < dates.Length; i++)
        {
            values[at[i]] = Values[i];
            // Snapped, every row is written at its step (the output keeps the file's own timestamps).
            stamps[at[i]] = snapped ? new DateTime(originTicks + at[i] * step.FixedTicks).ToString(format, CultureInfo.InvariantCulture) : Timestamps[i];
            if (i == 0) continue;
            // Each skipped step's time, walked from the row before as the library's timestamp handling walks it: it must be
            // that many steps on, or the grid is not kept.
            long before = snapped ? originTicks + at[i - 1] * step.FixedTicks : dates[i - 1]!.Value.Ticks, d = before;
            for (long g = at[i - 1] + 1; g < at[i]; g++)
            {
                d = step.Next(d);
                if (step.StepsBetween(before, d) != g - at[i - 1]) return null;
                stamps[g] = write(new DateTime(d));
            }
        }
        rows = at.Select(g => (int)g).ToArray();
        return this with { Timestamps = stamps, Values = values };
    }

    // Each row's step from the first, pair by pair (null where a pair is not a whole number of steps apart, within a
    // quarter step, or more than MaxGridFactor times the rows).
    private static long[]? PairwiseSlots(DateTime?[] dates, Rtu.MLNet.SeriesTimeStep step)
    {
        var at = new long[dates.Length];
        for (int i = 1; i < dates.Length; i++)
        {
            long from = dates[i - 1]!.Value.Ticks, to = dates[i]!.Value.Ticks;
            long k = step.StepsBetween(from, to);
            if (k < 1 || k > (long)MaxGridFactor * dates.Length) return null;
            // A stamp half a step off (16:30 among hours) rounds up on both sides: a step that is not there, and every
            // later row a place late in the season (an outside review). Off by more than a quarter step, no grid, as the
            // library's evaluator refuses such a pair.
            if (Math.Abs(step.FractionalStepsBetween(from, to) - k) > 0.25) return null;
            at[i] = at[i - 1] + k;
        }
        return at;
    }

    // A largest offset (in steps) as a time: "20 s", "2.5 min".
    private static string JitterText(double steps, Rtu.MLNet.SeriesTimeStep step)
    {
        var span = TimeSpan.FromTicks((long)Math.Round(steps * step.FixedTicks));
        return span.TotalSeconds < 120 ? $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s" : $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";
    }

    /// <summary>The most a timestamp may lie off its step for a clock that jitters around a fixed step (a share of the step).</summary>
    public const double JitterShare = 0.4;

    /// <summary>
    /// For a fixed step (not months or business days): each row's step on the grid whose phase is the circular mean of the
    /// timestamps' offsets from the first, the first row's step 0, when every timestamp lies within
    /// <see cref="JitterShare"/> of a step from that phase and no two share a step: a clock that jitters around a regular
    /// step (a logger's readings up to 20 s either side of each minute, which pair by pair looked like readings to
    /// aggregate and skipped steps). With the largest offset (in steps) and the grid's origin (the first row's step, in
    /// ticks); null otherwise.
    /// </summary>
    internal static long[]? SnappedSlots(DateTime?[] dates, Rtu.MLNet.SeriesTimeStep step, out double largestOffset, out long originTicks)
    {
        largestOffset = 0; originTicks = 0;
        if (step.Months > 0 || step.BusinessDays || step.FixedTicks <= 0 || dates.Length < 2) return null;
        long first = dates[0]!.Value.Ticks;
        double size = step.FixedTicks;
        var position = dates.Select(d => (double)((Int128)d!.Value.Ticks - first) / size).ToArray();
        double sin = 0, cos = 0;
        foreach (double p in position) { sin += Math.Sin(2 * Math.PI * p); cos += Math.Cos(2 * Math.PI * p); }
        double phase = Math.Atan2(sin, cos) / (2 * Math.PI);
        var slots = new long[dates.Length];
        for (int i = 0; i < dates.Length; i++)
        {
            double x = position[i] - phase;
            slots[i] = (long)Math.Round(x);
            double offset = Math.Abs(x - slots[i]);
            if (offset > JitterShare) return null;
            largestOffset = Math.Max(largestOffset, offset);
            if (i > 0 && slots[i] <= slots[i - 1]) return null;
        }
        long zero = slots[0];
        for (int i = 0; i < slots.Length; i++) slots[i] -= zero;
        if (slots[^1] + 1 > (long)MaxGridFactor * dates.Length) return null;
        // Written as the clock meant it: at whole steps of the day where the phase is near one (readings around each
        // minute), else at whole seconds.
        long origin = first + (long)Math.Round((phase + zero) * size);
        long whole = (long)Math.Round((double)origin / step.FixedTicks) * step.FixedTicks;
        originTicks = Math.Abs(whole - origin) <= 0.1 * size ? whole : (long)Math.Round((double)origin / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond;
        return slots;
    }

    // How a made-up timestamp is written: ISO, with the time of day where the file's have one (fractions of a second where
    // it has them: FFFFFFF writes none for a whole second).
    internal static string StampFormat(DateTime?[] dates) =>
        dates.Any(d => d!.Value.TimeOfDay != TimeSpan.Zero) ? "yyyy-MM-dd HH:mm:ss.FFFFFFF" : "yyyy-MM-dd";

    // How this series writes a made-up timestamp: as its own are written where the library knows the form (weeks:
    // 2024-W52, 201905; TimestampText.Writer), else as StampFormat says. Before, the weeks past an ISO-week file's end were
    // dates (2024-12-30) in a column of weeks.
    private Func<DateTime, string> StampWriter(DateTime?[] dates)
    {
        if (Rtu.MLNet.TimestampText.Writer(Timestamps, WeekNumberStamps) is { } own) return own;
        string format = StampFormat(dates);
        string Iso(DateTime d) => d.ToString(format, CultureInfo.InvariantCulture);
        // A file whose timestamps share one ISO layout gets its made-up ones in it (an audit: 2020-01-03 02:00:00 in a
        // column of 2020-01-03T01:00:00Z, which string joins miss and zone-aware parsers read as local time; 2001-09-01 among
        // 2001-08), where the layout holds the timestamp whole.
        if (IsoLayout.Of(Timestamps) is not { } layout) return Iso;
        return d => layout.Holds(d) ? layout.Write(d) : Iso(d);
    }

    /// <summary>
    /// The timestamps of the <paramref name="count"/> steps after the last row (as <see cref="OnStepGrid"/> writes the
    /// ones it makes up: as the file writes its weeks, 2024-W52 or 201905, else ISO), walked from it by the timestamps' step; empty strings where a timestamp is not a date or
    /// the step is unknown.
    /// </summary>
    public string[] NextTimestamps(int count)
    {
        var next = new string[count];
        Array.Fill(next, "");
        var dates = ReadDates();
        if (!HasTimestamps || dates.Length < 2 || dates.Any(d => d is null)) return next;
        var step = InferStep();
        if (step.Name == "unknown") return next;
        var write = StampWriter(dates);
        long d = dates.Max()!.Value.Ticks;
        try
        {
            for (int i = 0; i < count; i++)
            {
                d = step.Next(d);
                next[i] = write(new DateTime(d));
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { }   // past DateTime.MaxValue: left empty
        return next;
    }

    /// <summary>
    /// This series' rows <paramref name="rows"/> of a grid (<see cref="OnStepGrid"/>) spread onto its
    /// <paramref name="length"/> rows, NaN elsewhere: an exogenous column read from the same file, as its series.
    /// </summary>
    public CsvSeries SpreadOnto(int[] rows, int length, string[] timestamps)
    {
        var values = new float[length];
        Array.Fill(values, float.NaN);
        for (int i = 0; i < rows.Length; i++) values[rows[i]] = Values[i];
        return this with { Timestamps = timestamps, Values = values };
    }

    /// <summary>
    /// The note for a series put on its step grid (<see cref="OnStepGrid"/>), quoting <paramref name="quoted"/> (the rows'
    /// timestamps as the file wrote them, where a clock jump moved them: <see cref="ClockJumps"/>) or its own.
    /// </summary>
    public string GridNote(int[] rows, string[]? quoted = null)
    {
        quoted ??= Timestamps;
        int gaps = 0; long skipped = 0; int first = -1;
        for (int i = 1; i < rows.Length; i++)
        {
            int k = rows[i] - rows[i - 1] - 1;
            if (k <= 0) continue;
            gaps++; skipped += k;
            if (first < 0) first = i;
        }
        var step = InferStep();
        var dates = ReadDates();
        string jitter = PairwiseSlots(dates, step) is null && SnappedSlots(dates, step, out double largest, out _) is not null
            ? $"the {step.Name} timestamps lie up to {JitterText(largest, step)} off a regular step (a clock's jitter): each row is put at its nearest step" : "";
        if (first < 0) return jitter + "; the output keeps the file's rows and timestamps";
        return (jitter.Length > 0 ? jitter + "; " : "") + $"the {step.Name} timestamps skip {skipped} step(s) in {gaps} place(s){(step.BusinessDays ? ", holidays perhaps" : "")} (first: '{quoted[first - 1]}' to '{quoted[first]}'): each skipped step is forecast as a missing value, so that a season of m rows stays m steps (where a skipped step means 0, as a sales export's days without sales, write it as a row of 0); the output keeps the file's rows";
    }

    /// <summary>
    /// What the timestamps say about the rows' order, for the user: rows newest first, out of order or with the same
    /// timestamp twice, and steps skipped without a row (which the app does not fill: m rows are taken as a season of m
    /// steps, and the output keeps one row per input row, in the file's order, as scoring scripts expect). Empty when
    /// the timestamps are not all dates or nothing is amiss.
    /// </summary>
    public IReadOnlyList<string> TimeOrderWarnings()
    {
        var dates = ReadDates();
        if (dates.Length < 3 || dates.Any(d => d is null)) return [];
        var times = dates.Select(d => d!.Value).ToArray();
        var warnings = new List<string>();
        int decreasing = 0, equal = 0, firstBad = -1, duplicates = 0, largestBack = -1;
        bool severalSeries = false;   // a long-format file: its repeats are other series' rows, and its gaps theirs
        for (int i = 1; i < times.Length; i++)
        {
            if (times[i] < times[i - 1]) decreasing++;
            else if (times[i] == times[i - 1]) equal++;
            else continue;
            if (firstBad < 0) firstBad = i;
            if (times[i] == times[i - 1] && Values[i] == Values[i - 1]) duplicates++;   // the row before again (two empty values are not): a reading sent twice
            if (largestBack < 0 || times[i - 1] - times[i] > times[largestBack - 1] - times[largestBack]) largestBack = i;
        }
        if (decreasing == times.Length - 1)
            return [$"the rows run newest first (from '{Timestamps[0]}' back to '{Timestamps[^1]}'): the forecasts run backwards in time; sort the file oldest first"];
        if (decreasing + equal > 0)
        {
            // A file of several series in long format (a row per series and time) repeats each timestamp once per series.
            double perStamp = times.Length / (double)times.Distinct().Count();
            severalSeries = perStamp >= 1.5;
            string several = severalSeries ? $"; each timestamp appears {perStamp:0.#} times on average: several series in one file? Forecast them all with --key COLUMN, or one with --where COLUMN=VALUE" : "";
            // Local clock times repeat an hour when daylight saving ends: repeats only at 01:00–03:00 of sub-daily data.
            bool clockChange = several.Length == 0 && times.Zip(times.Skip(1)).Where(p => p.Second <= p.First).All(p => p.Second.Hour is >= 1 and <= 3 && p.First - p.Second < TimeSpan.FromHours(2))
                && Rtu.MLNet.SeriesTimeStep.Infer(times.Distinct().Order().ToArray()) is { Name: not "unknown" } sub && sub.StepsBetween(0, TimeSpan.TicksPerDay) > 1;
            // Sorting a local clock's repeated hour would interleave its two passes through it (an outside audit).
            string sort = decreasing > 0 && several.Length == 0 && !clockChange ? "; sort the file oldest first to forecast in time order" : "";
            string daylight = clockChange ? "; at 01:00–03:00 only, as when daylight saving ends: write the timestamps with their UTC offset (+01:00) or in UTC, rather than sorting or removing rows (the repeated hour is a real one)" : "";
            // A clock that jumps back by more than its repeats (a logger switched from local time to UTC): name the largest.
            var backBy = largestBack > 0 ? times[largestBack - 1] - times[largestBack] : TimeSpan.Zero;
            bool wholeHours = backBy > TimeSpan.Zero && backBy < TimeSpan.FromDays(1) && backBy.Ticks % TimeSpan.TicksPerHour == 0;
            string back = decreasing > 0 && several.Length == 0 && !clockChange && largestBack != firstBad
                ? $"; the largest step back: '{Timestamps[largestBack]}' after '{Timestamps[largestBack - 1]}'{(wholeHours ? " (a clock switched from local time to UTC?)" : "")}" : "";
            string twice = duplicates > 0 && several.Length == 0 && !clockChange
                ? $"; {duplicates} of the rows repeat the row before exactly (timestamp and value: a reading sent twice?): remove those, each moves the rows after it a step off the time grid" : "";
            warnings.Add($"{decreasing} row(s) go back in time and {equal} repeat the timestamp before them (first: '{Timestamps[firstBad]}' after '{Timestamps[firstBad - 1]}'): the rows are read in the file's order{sort}{several}{daylight}{back}{twice}");
        }
        var ordered = times.Where((t, i) => i == 0 || t > times[i - 1]).ToArray();
        var step = Rtu.MLNet.SeriesTimeStep.Infer(ordered);
        // Decimal years (1991.4962) place business days only roughly: their spacing says nothing about skipped steps.
        bool approximate = Timestamps.Any(t => t.Contains('.') && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        // Repeated timestamps alone (a reading sent twice, the hour daylight saving ends) still leave the skipped steps to
        // report: the rows are then not put on the step grid, so those steps are not filled (an outside audit: ten
        // repeats in a 5-minute file hid 351 skipped steps, and the daily season drifted).
        if (step.Name == "unknown" || decreasing > 0 || approximate || severalSeries) return warnings;
        // A clock that jitters around a fixed step: its readings are neither crowded nor steps apart by turns (an outside
        // audit: ±20 s around each minute gave "aggregate the readings" and 1,168 skipped steps where 410 were).
        if (equal == 0 && PairwiseSlots(dates, step) is null && SnappedSlots(dates, step, out double largest, out _) is { } slots)
        {
            long missed = slots[^1] + 1 - slots.Length;
            warnings.Add($"the {step.Name} timestamps lie up to {JitterText(largest, step)} off a regular step (a clock's jitter){(missed > 0 ? $" and skip {missed} step(s)" : "")}: each row is taken at its nearest step"
                + (missed > 0 ? "; where the rows are not put on the step grid (with --key, or a grid over four times the file), give each skipped step an empty row" : ""));
            return warnings;
        }
        long skipped = 0; int gaps = 0; int firstGap = -1, crowded = 0, firstCrowded = -1;
        for (int i = 1; i < times.Length; i++)
        {
            if (times[i] == times[i - 1]) continue;
            long k = step.StepsBetween(times[i - 1].Ticks, times[i].Ticks) - 1;
            // A row less than half a step after the one before is taken as the next step too (the library's FitWarnings).
            if (k < 0) { crowded++; if (firstCrowded < 0) firstCrowded = i; }
            if (k <= 0) continue;
            skipped += k; gaps++;
            if (firstGap < 0) firstGap = i;
        }
        if (crowded > 0)
            warnings.Add($"{crowded} row(s) of the {step.Name} timestamps come less than half a step after the row before (first: '{Timestamps[firstCrowded]}' after '{Timestamps[firstCrowded - 1]}'): each is taken as the next step; aggregate the readings to one per step");
        if (gaps > 0 && equal > 0)
            warnings.Add($"the {step.Name} timestamps also skip {skipped} step(s) in {gaps} place(s) (first: '{Timestamps[firstGap - 1]}' to '{Timestamps[firstGap]}'), which are not filled while a timestamp repeats: each row is taken as the next step; write the timestamps with their UTC offset or in UTC (a local clock's repeated and skipped hours are then neither), or remove the rows that repeat another exactly, to have each skipped step forecast as a missing value");
        else if (gaps > 0)
            warnings.Add($"the {step.Name} timestamps skip {skipped} step(s) in {gaps} place(s){(step.BusinessDays ? ", holidays perhaps" : "")} (first: '{Timestamps[firstGap - 1]}' to '{Timestamps[firstGap]}'): each row is taken as the next step; for a season of m steps, give each skipped step an empty row (or a row of 0 where it means 0, as a sales export's days without sales)");
        return warnings;
    }

}
