using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's CSV reader (samples/Rtu.Forecasting/CsvSeries.cs).</summary>
[TestClass]
public sealed class CsvSeriesTests
{
    private static CsvSeries ReadText(string text, string? column = null, params (string Column, string Value)[] where)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try { return CsvSeries.Read(path, column, where); }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void QuotedFieldsKeepTheirCommasAndQuotes()
    {
        // Split at every comma, a quoted comma shifted the columns after it: this file failed, and a file whose shifted
        // field was a number was read wrong without a word.
        var s = ReadText("\"date\",\"label\",\"value\"\n\"2024-01-01\",\"a, b\",1.5\n2024-02-01,\"say \"\"hi\"\"\",2.5\n");
        CollectionAssert.AreEqual(new[] { 1.5f, 2.5f }, s.Values);
        CollectionAssert.AreEqual(new[] { "2024-01-01", "2024-02-01" }, s.Timestamps);
        Assert.AreEqual(("value", "date"), (s.Name, s.TimeColumnName));
        CollectionAssert.AreEqual(new[] { "a", "say \"hi\"", "" }, CsvSeries.SplitLine("a,\"say \"\"hi\"\"\",", ','));
    }

    [TestMethod]
    public void APandasIndexColumnIsNotTakenForTheTimestamps()
    {
        // pandas' to_csv keeps the index as an unnamed first column: its row numbers were read as the timestamps (season 1,
        // no word). The timestamps are the next column, and the season comes from them.
        string text = ",date,value\n" + string.Concat(Enumerable.Range(0, 36).Select(i => $"{i},{new DateTime(2020, 1, 1).AddMonths(i):yyyy-MM-dd},{i % 12}\n"));
        var s = ReadText(text);
        Assert.AreEqual(("value", "date"), (s.Name, s.TimeColumnName));
        Assert.AreEqual("2020-01-01", s.Timestamps[0]);
        Assert.AreEqual(12, s.DetectSeason(out _));
        // An unnamed first column with a single value column is the file's own row index, read as before.
        var two = ReadText(",value\n0,1.5\n1,2.5\n");
        CollectionAssert.AreEqual(new[] { "0", "1" }, two.Timestamps);
    }

    [TestMethod]
    public void SemicolonFilesWithDecimalCommasAreRead()
    {
        var s = ReadText("Datum;Wert\n2024-01-01;1,5\n2024-02-01;\n2024-03-01;-2,25\n", "Wert");
        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN, -2.25f }, s.Values);
    }

    [TestMethod]
    public void ADotGroupsThousandsInASemicolonFileWhenTheColumnShowsIt()
    {
        // A spreadsheet whose decimal mark is a comma groups thousands with a dot: read field by field, 1.040 was 1.04
        // beside 963, a series crossing 1,000 became a square wave, and nothing said so.
        var grouped = ReadText("Datum;Menge\n01.01.2015;1.000\n01.02.2015;963\n01.03.2015;1.040,5\n01.04.2015;-12.345.678\n01.05.2015;\n");
        CollectionAssert.AreEqual(new[] { 1000f, 963f, 1040.5f, -12345678f, float.NaN }, grouped.Values);
        StringAssert.Contains(grouped.Notes.Single(), "thousands separators ('1.000' is 1000)");
        // Every number like 10.129: either reading fits, so the dot stays the decimal point, and a note says how to change that.
        var ambiguous = ReadText("Datum;Umsatz\n01.01.2015;10.129\n01.02.2015;11.000\n");
        CollectionAssert.AreEqual(new[] { 10.129f, 11f }, ambiguous.Values);
        StringAssert.Contains(ambiguous.Notes.Single(), "the dot is read as the decimal point");
        // A decimal dot that is no grouping (1.5, 0.125) keeps the column's dots decimal points; a comma file is unchanged.
        CollectionAssert.AreEqual(new[] { 1.5f, 0.125f, 963f }, ReadText("Datum;Wert\n2024-01-01;1.5\n2024-02-01;0.125\n2024-03-01;963\n").Values);
        var plain = ReadText("date,value\n2024-01-01,1.000\n2024-02-01,963\n");
        CollectionAssert.AreEqual(new[] { 1f, 963f }, plain.Values);
        Assert.IsEmpty(plain.Notes);
        // A quoted header name with a comma does not make a ';' file a ',' one.
        var quotedName = ReadText("Datum;\"Umsatz, EUR\"\n01.01.2015;101,29\n");
        Assert.AreEqual(("Umsatz, EUR", 101.29f), (quotedName.Name, quotedName.Values[0]));
    }

    [TestMethod]
    public void ARowLongerThanItsHeaderIsAnErrorNamingTheRow()
    {
        // Unquoted, 1,040 is the two fields 1 and 040: the value was 1 and the extra field dropped without a word.
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,units\n2015-01-01,963\n2015-02-01,1,040\n"));
        StringAssert.Contains(e.Message, "row 3: 3 fields where the header has 2");
        StringAssert.Contains(e.Message, "thousands separator");
        // Empty fields past the header (a trailing separator) are no such row.
        CollectionAssert.AreEqual(new[] { 5f, 6f }, ReadText("date,value\n2015-01-01,5,\n2015-02-01,6,,\n").Values);
    }

    [TestMethod]
    public void AQuotedFieldMayHoldALineBreakAndAQuoteMidFieldIsAnInchMark()
    {
        // Read line by line, a record with a quoted line break became two rows: a value lost, a junk row added, every
        // later row a step late.
        var s = ReadText("date,comment,value\n2015-01-01,ok,100\n2015-02-01,\"two\r\nlines, \"\"quoted\"\"\",105\n2015-03-01,ok,108\n");
        CollectionAssert.AreEqual(new[] { 100f, 105f, 108f }, s.Values);
        CollectionAssert.AreEqual(new[] { "2015-01-01", "2015-02-01", "2015-03-01" }, s.Timestamps);
        // Rows are the file's lines: the error after a two-line record names line 4.
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,comment,value\n2015-01-01,\"a\nb\",1\n2015-02-01,x,oops\n"));
        StringAssert.Contains(e.Message, "row 4");
        // A quote never closed is an error naming its row, within a bounded number of lines.
        e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,comment,value\n2015-01-01,ok,1\n2015-02-01,\"open,2\n2015-03-01,ok,3\n"));
        StringAssert.Contains(e.Message, "row 3: a quoted field opened there is not closed by the end of the file");
        string endless = "date,comment,value\n2015-01-01,\"open,1\n" + string.Concat(Enumerable.Repeat("2015-02-01,ok,2\n", CsvSeries.MaxLinesPerRecord + 5));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText(endless)).Message, $"within {CsvSeries.MaxLinesPerRecord} lines");
        // A quote inside a field is a character (5" pipe), as spreadsheets read it: the value after it was lost.
        var inch = ReadText("date,item,value\n2015-01-01,5\" pipe,3.5\n2015-02-01,ok,4\n");
        CollectionAssert.AreEqual(new[] { 3.5f, 4f }, inch.Values);
    }

    [TestMethod]
    public void AFileThatIsNotUtf8IsReadAsWindows1252WithANote()
    {
        // German Excel writes ANSI: read as UTF-8 the header's ä was U+FFFD, and --column "Menge_ä" could not name it.
        string path = Path.Combine(Path.GetTempPath(), $"rtu-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, [.. "Datum;Menge_"u8, 0xE4, .. "\n01.01.2015;1,5\n01.02.2015;2\n"u8]);
        try
        {
            var s = CsvSeries.Read(path, "Menge_ä");
            Assert.AreEqual("Menge_ä", s.Name);
            CollectionAssert.AreEqual(new[] { 1.5f, 2f }, s.Values);
            StringAssert.Contains(s.Notes.Single(), "is not UTF-8: it is read as Windows-1252");
        }
        finally { File.Delete(path); }
        Assert.IsEmpty(ReadText("Datum;Menge_ä\n01.01.2015;1,5\n").Notes, "UTF-8 is read as it is");
    }

    [TestMethod]
    public void DatesWhoseDayMonthOrderNothingTellsGetANote()
    {
        // Twelve monthly US dates were read as twelve days (season 7) without a word; now as months, with a note that
        // says how the order was chosen. A longer file tells by its steps: no note.
        string Us(int months) => "date,value\n" + string.Concat(Enumerable.Range(0, months).Select(i => $"{new DateTime(2015, 1, 1).AddMonths(i).ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture)},{i}\n"));
        var twelve = ReadText(Us(12));
        Assert.AreEqual(12, twelve.DetectSeason(out _));
        StringAssert.Contains(twelve.AmbiguousDatesWarning(), "'02/01/2015' is read as 2015-02-01");
        var longer = ReadText(Us(13));
        Assert.AreEqual(12, longer.DetectSeason(out _));
        Assert.IsNull(longer.AmbiguousDatesWarning());
        Assert.IsNull(ReadText(Monthly(Enumerable.Range(0, 12))).AmbiguousDatesWarning(), "ISO dates are never ambiguous");
    }

    [TestMethod]
    public void TheTimestampColumnCanBeNamed()
    {
        // A database export with an id first: its numbers were the timestamps (season 1, "a date needs its year"), and a
        // file with the value first failed with no word that the dates had been taken for values.
        string idFirst = "id,date,value\n" + string.Concat(Enumerable.Range(0, 36).Select(i => $"{i + 1},{new DateTime(2020, 1, 1).AddMonths(i):yyyy-MM-dd},{i % 12}\n"));
        StringAssert.Contains(ReadText(idFirst).UndatedWarning(), "--timestamp NAME");
        string path = Path.Combine(Path.GetTempPath(), $"rtu-csv-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, idFirst);
            var s = CsvSeries.Read(path, null, [], timestampColumn: "DATE");
            Assert.AreEqual(("value", "date", "2020-02-01"), (s.Name, s.TimeColumnName, s.Timestamps[1]));
            Assert.AreEqual(12, s.DetectSeason(out _));
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CsvSeries.Read(path, null, [], "when")).Message, "Column 'when' (in --timestamp) is not in");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => CsvSeries.Read(path, "date", [], "date")).Message, "holds the timestamps");

            File.WriteAllText(path, "value,date\n1.5,2020-01-01\n2.5,2020-02-01\n");
            var e = Assert.ThrowsExactly<InvalidDataException>(() => CsvSeries.Read(path, null));
            StringAssert.Contains(e.Message, "it is a date, and the timestamps were read from column 'value': --timestamp NAME");
            var valueFirst = CsvSeries.Read(path, null, [], "date");
            CollectionAssert.AreEqual(new[] { 1.5f, 2.5f }, valueFirst.Values);
            CollectionAssert.AreEqual(new[] { "2020-01-01", "2020-02-01" }, valueFirst.Timestamps);
            File.WriteAllText(path, "store,value,date\nA,1.5,2020-01-01\nB,7,2020-01-01\nA,2.5,2020-02-01\n");
            var keyed = KeyedCsvSeries.Read(path, null, "store", null, "date");
            Assert.AreEqual(("value", "date"), (keyed.Rows.Name, keyed.Rows.TimeColumnName));
            CollectionAssert.AreEqual(new[] { "2020-01-01", "2020-02-01" }, keyed.Series[0].Series.Timestamps);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TheUsualMissingValueMarksAreMissingValues()
    {
        // N/A and Excel's #N/A stopped the run as "not a number".
        string[] marks = ["", "NA", "NaN", "null", "None", "N/A", "n/a", "#N/A", "?", "-", "."];
        var s = ReadText("date,value\n" + string.Concat(marks.Select((m, i) => $"2024-{i + 1:00}-01,{m}\n")) + "2024-12-01,3\n");
        CollectionAssert.AreEqual(marks.Select(_ => float.NaN).Append(3f).ToArray(), s.Values);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2024-01-01,#DIV/0!\n")).Message, "not a number");
    }

    [TestMethod]
    public void ATextColumnTakenForTheValuesSaysHowToChooseAnother()
    {
        // "date,city,sales": the city was taken for the values, and the error did not say it had been chosen.
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,city,sales\n2024-01-01,Paris,3\n"));
        StringAssert.Contains(e.Message, "'Paris' in column 'city' is not a number");
        StringAssert.Contains(e.Message, "--column NAME chooses another (columns: date, city, sales)");
        Assert.AreEqual(3f, ReadText("date,city,sales\n2024-01-01,Paris,3\n", "sales").Values[0]);
        StringAssert.DoesNotMatch(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,city,sales\n2024-01-01,Paris,x\n", "sales")).Message,
            new System.Text.RegularExpressions.Regex("--column"), "the user chose the column");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2024-01-01,-Infinity\n")).Message, "'-Infinity' in column 'value' is infinite");
        StringAssert.DoesNotMatch(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2024-01-01,x\n")).Message,
            new System.Text.RegularExpressions.Regex("--column"), "a column named value was not chosen by its place");
    }

    [TestMethod]
    public void TabSeparatedFilesAreRead()
    {
        // A TSV was read as one column named "date\tvalue", and its first row failed as "not a number".
        var s = ReadText("date\tstore\tvalue\r\n2024-01-01\tA\t1.5\r\n2024-02-01\tA\t\r\n2024-03-01\tA\t-2.25\r\n");
        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN, -2.25f }, s.Values);
        CollectionAssert.AreEqual(new[] { "2024-01-01", "2024-02-01", "2024-03-01" }, s.Timestamps);
        CollectionAssert.AreEqual(new[] { "date", "store", "value" }, s.ColumnNames);
        Assert.IsTrue(ReadText("2024-01-01\t1.5\n2024-02-01\t2.5\n").Headerless);
    }

    [TestMethod]
    public void AThousandsSeparatorIsAnErrorNamingTheRowNotASilentlyWrongValue()
    {
        // Split at every comma, "1,234" was read as 1.
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2024-01-01,\"1,234\"\n"));
        StringAssert.Contains(e.Message, "row 2");
        StringAssert.Contains(e.Message, "1,234");
        StringAssert.Contains(e.Message, "thousands separator");
        // The error quotes the file's text (it quoted 10.129.00 for 10.129,00) and says which separators are read where.
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("Datum\tWert\n2024-01-01\t100,09\n")).Message, "'100,09' in column 'Wert' is not a number (leave the field empty for a missing value); a decimal comma is read in ';' files only");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("Datum;Wert\n2024-01-01;1,5\n2024-02-01;1.0.1,5\n")).Message, "'1.0.1,5' in column 'Wert'");
    }

    [TestMethod]
    public void QuartersAndMonthNamesGiveTheirSeasons()
    {
        string quarters = "t,value\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{1960 + i / 4} Q{i % 4 + 1},{i}\n"));
        Assert.AreEqual(4, ReadText(quarters).DetectSeason(out string step));
        Assert.AreEqual("quarterly", step);
        string months = "t,value\n" + string.Concat(Enumerable.Range(0, 24).Select(i => $"{new DateTime(1920, 1, 1).AddMonths(i):MMM yyyy},{i}\n"));
        Assert.AreEqual(12, ReadText(months).DetectSeason(out _));
    }

    [TestMethod]
    public void AFileWithoutAHeaderOrWithValuesAloneIsRead()
    {
        // Without a header the first row was taken for column names: lost, and its value named the series ("105").
        var noHeader = ReadText("2015-01-01,105\n2015-02-01,110\n2015-03-01,\n");
        Assert.IsTrue(noHeader.Headerless);
        CollectionAssert.AreEqual(new[] { 105f, 110f, float.NaN }, noHeader.Values);
        CollectionAssert.AreEqual(new[] { "timestamp", "value" }, noHeader.ColumnNames);
        Assert.AreEqual(("value", "2015-01-01"), (noHeader.Name, noHeader.Timestamps[0]));
        Assert.AreEqual(110f, ReadText("1,105,7\n2,110,8\n", "value").Values[1]);
        Assert.AreEqual(8f, ReadText("1,105,7\n2,110,8\n", "column3").Values[1]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText("1,105\n2,110\n", "sales")).Message, "no header row");
        // A first value missing does not make the row a header; names do, and so does pandas' unnamed index column.
        Assert.HasCount(2, ReadText("2015-01-01,\n2015-02-01,110\n").Values);
        Assert.IsFalse(ReadText(",value\n0,105\n1,110\n").Headerless);
        Assert.IsFalse(ReadText("date,value\n2015-01-01,105\n").Headerless);

        // One column is values alone (with a header or without): stamped 1, 2, …, and no timestamps to take a season from;
        // a blank line there is a missing value (as pandas writes NaN), except at the end.
        foreach (string text in new[] { "value\n105\n110\n\n115\n\n", "105\n110\nNA\n115\n" })
        {
            var alone = ReadText(text);
            Assert.IsFalse(alone.HasTimestamps);
            CollectionAssert.AreEqual(new[] { 105f, 110f, float.NaN, 115f }, alone.Values);
            CollectionAssert.AreEqual(new[] { "1", "2", "3", "4" }, alone.Timestamps);
            Assert.AreEqual("value", alone.Name);
        }
        CollectionAssert.AreEqual(new[] { 105f, 110f }, ReadText("date,value\n2015-01-01,105\n\n2015-02-01,110\n").Values, "a blank line between rows of two columns is no row");
        Assert.ThrowsExactly<ArgumentException>(() => ReadText("value\n105\n", "sales"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2015-01-01,1e39\n")).Message, "beyond a float's range");
    }

    [TestMethod]
    public void OneSeriesOfALongFormatFileIsPickedWithAFilter()
    {
        // Several series in one file (a row per store and month) were read as one series without a word beyond
        // "repeat the timestamp"; now the note says what the file looks like, and --where picks one series.
        string text = "date,store,sales\n" + string.Concat(Enumerable.Range(0, 36).Select(i =>
            $"{new DateTime(2015, 1, 1).AddMonths(i):yyyy-MM-dd},A,{100 + i}\n{new DateTime(2015, 1, 1).AddMonths(i):yyyy-MM-dd},B,{i}\n"));
        var all = ReadText(text, "sales");
        StringAssert.Contains(all.TimeOrderWarnings().Single(), "each timestamp appears 2 times on average: several series in one file?");
        var b = ReadText(text, "sales", ("store", "B"));
        CollectionAssert.AreEqual(Enumerable.Range(0, 36).Select(i => (float)i).ToArray(), b.Values);
        Assert.AreEqual(12, b.DetectSeason(out _));
        Assert.IsEmpty(b.TimeOrderWarnings());
        Assert.HasCount(36, ReadText(text, "sales", ("STORE", "A"), ("store", "A")).Values);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ReadText(text, "sales", ("store", "C"))).Message, "values seen: store: 'A', 'B'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReadText(text, "sales", ("shop", "A"))).Message, "Column 'shop' (in --where)");
        // A file of one series that repeats a timestamp now and then gets no such guess.
        StringAssert.DoesNotMatch(ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i == 11 ? 10 : i))).TimeOrderWarnings()[0], new System.Text.RegularExpressions.Regex("several series"));
    }

    [TestMethod]
    public void AClocksJitterIsPutOnTheStepGrid()
    {
        // Readings every minute, each up to 20 s early or late, 5 minutes absent: pair by pair some rows came less than
        // half a step apart ("aggregate the readings") and the skipped steps were miscounted; each is at its nearest minute.
        var random = new Random(6);
        var kept = Enumerable.Range(0, 300).Where(i => i % 60 != 30).ToArray();
        string text = "time,value\n" + string.Concat(kept.Select(i => $"{new DateTime(2024, 5, 1, 8, 0, 0).AddMinutes(i).AddSeconds(random.Next(-20, 21)):yyyy-MM-dd HH:mm:ss},{i}\n"));
        var series = ReadText(text);
        var warning = series.TimeOrderWarnings().Single();
        StringAssert.Contains(warning, "off a regular step (a clock's jitter) and skip 5 step(s)");
        var grid = series.OnStepGrid(out int[] rows)!;
        CollectionAssert.AreEqual(kept.Select(i => i - kept[0]).ToArray(), rows, "each row at its own minute");
        Assert.AreEqual(300, grid.Values.Length);
        Assert.IsTrue(float.IsNaN(grid.Values[30]));
        Assert.AreEqual("2024-05-01 08:31:00", grid.Timestamps[31], "written at its step");
        StringAssert.Contains(series.GridNote(rows), "a clock's jitter): each row is put at its nearest step; the every 1 minute timestamps skip 5 step(s)");
        Assert.IsEmpty(grid.TimeOrderWarnings(), "on the grid nothing is amiss");
        // Jitter alone (nothing skipped) still gets the grid, at its steps; half a step off is no jitter (16:30 among hours).
        var whole = ReadText("time,value\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{new DateTime(2024, 5, 1).AddMinutes(i).AddSeconds(random.Next(-15, 16)):yyyy-MM-dd HH:mm:ss},{i}\n")));
        Assert.AreEqual(100, whole.OnStepGrid(out _)!.Values.Length);
        StringAssert.Contains(whole.GridNote(Enumerable.Range(0, 100).ToArray()), "the output keeps the file's rows and timestamps");
    }

    [TestMethod]
    public void ALoggersErrorCodeAmongTheValuesIsFound()
    {
        // A temperature logger writing -9999 for a failed reading: taken as data, a run of them is a level shift.
        var values = Enumerable.Range(0, 200).Select(i => i is 50 or 120 or 121 ? "-9999" : (20 + 3 * Math.Sin(i / 10.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        string text = "time,value\n" + string.Concat(values.Select((v, i) => $"{new DateTime(2024, 1, 1).AddMinutes(5 * i):yyyy-MM-dd HH:mm},{v}\n"));
        CollectionAssert.AreEqual(new[] { (-9999f, 3) }, CsvSeries.LoggerCodes(ReadText(text).Values).ToArray());
        // Once is a spike, not a code; and a series around 9999 has no code there.
        Assert.IsEmpty(CsvSeries.LoggerCodes(ReadText(text.Replace("-9999", "20.0").Replace("2024-01-01 04:10,20.0", "2024-01-01 04:10,-9999")).Values));
        Assert.IsEmpty(CsvSeries.LoggerCodes(ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i))).Values));
        Assert.IsEmpty(CsvSeries.LoggerCodes(ReadText("time,value\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{2000 + i},{(i % 3 == 0 ? 9999 : 9990 + i % 7)}\n"))).Values));
    }

    [TestMethod]
    public void ARepeatedHourAtADaylightSavingChangeAndCrowdedRowsGetNotes()
    {
        // Hourly local clock times across the end of daylight saving repeat 02:00; the note says why and what to write. A
        // reading 10 minutes after another is taken as the next hour: the note names it (the library's FitWarnings does).
        var hours = Enumerable.Range(0, 72).Select(i => new DateTime(2024, 10, 26).AddHours(i)).ToList();
        hours.Insert(27, hours[26]);   // 2024-10-27 02:00 twice
        string local = "time,value\n" + string.Concat(hours.Select((t, i) => $"{t:yyyy-MM-dd HH:mm},{i}\n"));
        StringAssert.Contains(ReadText(local).TimeOrderWarnings().Single(), "as when daylight saving ends");
        StringAssert.DoesNotMatch(ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i == 11 ? 10 : i))).TimeOrderWarnings()[0], new System.Text.RegularExpressions.Regex("daylight"));
        var crowded = Enumerable.Range(0, 72).Select(i => new DateTime(2024, 1, 1).AddHours(i)).ToList();
        crowded.Insert(31, crowded[30].AddMinutes(10));
        string text = "time,value\n" + string.Concat(crowded.Select((t, i) => $"{t:yyyy-MM-dd HH:mm},{i}\n"));
        StringAssert.Contains(ReadText(text).TimeOrderWarnings().Single(), "1 row(s) of the hourly timestamps come less than half a step after the row before (first: '2024-01-02 06:10' after '2024-01-02 06:00')");
        // A repeat and skipped steps in one file (a reading sent twice; the hour daylight saving starts, in a local-time
        // file that also has the autumn repeat): the skipped steps are named too, since the repeat leaves them unfilled.
        var both = Enumerable.Range(0, 96).Select(i => new DateTime(2024, 3, 30).AddHours(i)).Where(t => t != new DateTime(2024, 3, 31, 1, 0, 0)).ToList();
        both.Insert(60, both[59]);
        var series = ReadText("time,value\n" + string.Concat(both.Select((t, i) => $"{t:yyyy-MM-dd HH:mm},{i}\n")));
        Assert.IsNull(series.OnStepGrid(out _), "a repeat: no grid");
        var notes = series.TimeOrderWarnings();
        Assert.HasCount(2, notes);
        StringAssert.Contains(notes[0], "repeat the timestamp before them");
        StringAssert.Contains(notes[1], "the hourly timestamps also skip 1 step(s) in 1 place(s) (first: '2024-03-31 00:00' to '2024-03-31 02:00'), which are not filled while a timestamp repeats");
    }

    [TestMethod]
    public void LocalClockRepeatsExactDuplicatesAndAClockSwitchGetNotesThatDoNotMisadvise()
    {
        // An outside audit of energy load: a half-hourly local-time file through the end of daylight saving goes back an
        // hour (02:00–02:59 twice); sorting it would interleave the two passes, so the note no longer says to sort.
        var halfHours = Enumerable.Range(0, 48 * 4).Select(i => new DateTime(2024, 10, 25).AddMinutes(30 * i)).ToList();
        int at = halfHours.IndexOf(new DateTime(2024, 10, 27, 3, 0, 0));
        halfHours.InsertRange(at, [new DateTime(2024, 10, 27, 2, 0, 0), new DateTime(2024, 10, 27, 2, 30, 0)]);
        string local = "time,value\n" + string.Concat(halfHours.Select((t, i) => $"{t:yyyy-MM-dd HH:mm},{i}\n"));
        string note = ReadText(local).TimeOrderWarnings()[0];
        StringAssert.Contains(note, "as when daylight saving ends");
        StringAssert.Contains(note, "rather than sorting or removing rows");
        Assert.IsFalse(note.Contains("sort the file oldest first"), note);
        // Exact duplicates (a reading sent twice): counted, and the advice is to remove those.
        var hours = Enumerable.Range(0, 96).Select(i => (Time: new DateTime(2024, 1, 1).AddHours(i), Value: (double)i)).ToList();
        hours.Insert(41, hours[40]); hours.Insert(71, hours[70]);
        string twice = ReadText("time,value\n" + string.Concat(hours.Select(h => $"{h.Time:yyyy-MM-dd HH:mm},{h.Value}\n"))).TimeOrderWarnings()[0];
        StringAssert.Contains(twice, "2 of the rows repeat the row before exactly");
        // A logger switched from local time to UTC in summer jumps back two hours: the note names that step, not only the
        // first repeat.
        var clock = Enumerable.Range(0, 24 * 10).Select(i => new DateTime(2024, 6, 1).AddHours(i)).ToList();
        clock.Insert(30, clock[29]);                                                       // a reading sent twice first
        for (int i = 120; i < clock.Count; i++) clock[i] = clock[i].AddHours(-2);           // then the switch to UTC
        string switched = ReadText("time,value\n" + string.Concat(clock.Select((t, i) => $"{t:yyyy-MM-dd HH:mm},{i}\n"))).TimeOrderWarnings()[0];
        StringAssert.Contains(switched, "the largest step back: '2024-06-05 21:00' after '2024-06-05 22:00' (a clock switched from local time to UTC?)");
        // A local clock's repeated hour whose two readings are the same (a solar meter's 0 at night) is no reading sent
        // twice: the note does not ask to remove it.
        var night = Enumerable.Range(0, 72).Select(i => new DateTime(2024, 10, 26).AddHours(i)).ToList();
        night.Insert(27, night[26]);
        string solar = ReadText("time,value\n" + string.Concat(night.Select(t => $"{t:yyyy-MM-dd HH:mm},{(t.Hour is >= 8 and <= 16 ? t.Hour : 0)}\n"))).TimeOrderWarnings()[0];
        StringAssert.Contains(solar, "as when daylight saving ends");
        Assert.IsFalse(solar.Contains("repeat the row before exactly"), solar);
    }

    [TestMethod]
    public void AMeterReadingBeyondFloatPrecisionGetsANote()
    {
        // A meter near 1.2e7 that moves by about 1 a row: a float's step there is 1, so the readings are whole numbers.
        string Meter(double offset) => "date,kwh\n" + string.Concat(Enumerable.Range(0, 48).Select(i =>
            $"{new DateTime(2015, 1, 1).AddDays(i):yyyy-MM-dd},{(offset + 1.1 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"));
        StringAssert.Contains(ReadText(Meter(12_345_678.9)).PrecisionWarning("'kwh'"), "The values of 'kwh' reach");
        Assert.IsNull(ReadText(Meter(0.9)).PrecisionWarning("'kwh'"));
    }

    [TestMethod]
    public void HostileFilesGiveADocumentedErrorOrASeries()
    {
        // Random files over the characters CSVs are made of (quotes, delimiters, dates, numbers, blank lines, a BOM):
        // each either reads, with one timestamp per value, or fails with InvalidDataException or ArgumentException naming
        // the problem; nothing else escapes (no index or format exception), and the season and notes can be asked for.
        var random = new Random(5);
        string[] pieces = ["2015-01-01", "01/02/2015", "1420070400", "2015.01", "1,5", "12", "-3.5e2", "NA", "", "\"", "\"\"", ",", ";", "\n", "\r\n",
            "value", "date", "x", "1e39", "NaN", " ", "\uFEFF", "Q1 1949", "13/13/2015", "99999999999999999999"];
        int read = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                var series = ReadText(text, random.Next(3) == 0 ? "value" : null);
                Assert.HasCount(series.Values.Length, series.Timestamps);
                series.DetectSeason(out _);
                series.TimeOrderWarnings();
                series.PrecisionWarning("x");
                read++;
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException) { }
        }
        Assert.IsGreaterThan(20, read, "some of the random files are valid");
    }

    private static string Stamped(string format, Func<int, DateTime> at, int rows, char delimiter = ',') =>
        $"date{delimiter}value\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{at(i).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{delimiter}{i}\n"));

    [TestMethod]
    public void DayFirstAndMonthFirstDatesGiveTheSeasonOfTheFilesStep()
    {
        // Read one by one as month first, a British monthly file (01/02/2015 = 1 February) was a daily series with a
        // season of 7 and four "skipped" stretches; its daily one (13/01/2015 not read) was monthly with a season of 12;
        // German dates (01.02.2015) and months written 201501 were no dates at all (season 1), and 2015.01 … 2015.12
        // decimal years a hundredth apart (weekly, season 52).
        Func<int, DateTime> month = i => new DateTime(2015, 1, 1).AddMonths(i), day = i => new DateTime(2015, 1, 1).AddDays(i);
        var cases = new (string Text, int Season, string Step)[]
        {
            (Stamped("dd/MM/yyyy", month, 48), 12, "monthly"), (Stamped("dd/MM/yyyy", day, 60), 7, "daily"),
            (Stamped("MM/dd/yyyy", month, 48), 12, "monthly"), (Stamped("MM/dd/yyyy", day, 60), 7, "daily"),
            (Stamped("M/d/yyyy", month, 48), 12, "monthly"), (Stamped("d/M/yyyy", month, 48), 12, "monthly"),
            (Stamped("dd.MM.yyyy", month, 48, ';'), 12, "monthly"), (Stamped("dd.MM.yyyy", day, 60, ';'), 7, "daily"),
            (Stamped("dd-MM-yyyy", month, 48), 12, "monthly"), (Stamped("dd/MM/yyyy", i => new DateTime(2015, 1, 1).AddMonths(3 * i), 16), 4, "quarterly"),
            (Stamped("dd/MM/yyyy HH:mm", i => new DateTime(2015, 1, 1).AddHours(i), 72), 24, "hourly"),
            (Stamped("MM/dd/yyyy HH:mm", i => new DateTime(2015, 1, 1).AddHours(i), 72), 24, "hourly"),
            ("t,value\n" + string.Concat(Enumerable.Range(0, 72).Select(i => $"{1_420_070_400L + 3600L * i},{i}\n")), 24, "hourly"),
            (Stamped("d/M/yy", month, 48), 12, "monthly"), (Stamped("yyyy.MM", month, 48), 12, "monthly"), (Stamped("yyyyMM", month, 48), 12, "monthly"),
        };
        foreach (var (text, season, step) in cases)
        {
            var series = ReadText(text);
            Assert.AreEqual((season, step), (series.DetectSeason(out string s), s), text[..40]);
            Assert.IsEmpty(series.TimeOrderWarnings(), text[..40]);
            Assert.IsTrue(series.ReadDates().All(d => d is not null), text[..40]);
        }
        Assert.AreEqual(new DateTime(2015, 2, 1), ReadText(Stamped("dd/MM/yyyy", month, 48)).ReadDates()[1]);
        Assert.AreEqual(new DateTime(2015, 2, 1), ReadText(Stamped("MM/dd/yyyy", month, 48)).ReadDates()[1]);
    }

    [TestMethod]
    public void MonthLabelsAndUtcStampsGiveTheirSeasonsAndUnreadStampsSaySo()
    {
        // Excel's Jan-19 … Dec-22 were 19 January … 19 December of the current year (and Jan-20 20 January); stamps
        // ending in " UTC" were no dates, and the app said "step unknown, season 1 (from the timestamps)" of them.
        var months = ReadText(Stamped("MMM-yy", i => new DateTime(2019, 1, 1).AddMonths(i), 48));
        Assert.AreEqual((12, "monthly"), (months.DetectSeason(out string step), step));
        Assert.AreEqual(new DateTime(2019, 1, 1), months.ReadDates()[0]);
        Assert.IsFalse(months.Undated);
        Assert.IsNull(months.UndatedWarning());
        var utc = ReadText(Stamped("yyyy-MM-dd HH:mm:ss 'UTC'", i => new DateTime(2024, 1, 1).AddHours(i), 72));
        Assert.AreEqual((24, "hourly"), (utc.DetectSeason(out step), step));
        Assert.IsNull(utc.UndatedWarning());

        // No year: no date, and the user is told so instead of a season "from the timestamps".
        var noYear = ReadText(Stamped("MMM d", i => new DateTime(2019, 3, 1).AddDays(i), 30));
        Assert.AreEqual((1, "unknown"), (noYear.DetectSeason(out step), step));
        Assert.IsTrue(noYear.Undated);
        StringAssert.Contains(noYear.UndatedWarning(), "no timestamp in column 'date' is read as a date (the first: 'Mar 1'");
        StringAssert.Contains(noYear.UndatedWarning(), "--season");
        var some = ReadText("date,value\n2024-01-01,1\nMar 5,2\n2024-01-03,3\n");
        Assert.IsFalse(some.Undated);
        StringAssert.Contains(some.UndatedWarning(), "1 of the 3 timestamps are not read as dates (the first: 'Mar 5'; a date needs its year)");
        // Years before 1000 (treering from -6000) are numbers, not dates without a year (an audit).
        var early = ReadText("year,value\n-6000,1\n-5999,2\n1500,3\n1501,4\n");
        StringAssert.Contains(early.UndatedWarning(), "(the first: '-6000'; a number is read as a year only from 1000 to 3000)");
        var valuesAlone = ReadText("value\n1\n2\n3\n");
        Assert.IsFalse(valuesAlone.Undated, "no timestamp column");
        Assert.IsNull(valuesAlone.UndatedWarning());
    }

    [TestMethod]
    public void TheDatesReadAreThoseOfTheSeriesTimestamps()
    {
        // The column is parsed once per timestamps array: a copy with other timestamps reads its own, and a caller that
        // changes the array it got changes nothing.
        var s = ReadText(Monthly(Enumerable.Range(0, 24)));
        var dates = s.ReadDates();
        dates[0] = null;
        Assert.AreEqual(new DateTime(1920, 1, 1), s.ReadDates()[0]);
        var later = s with { Timestamps = s.Timestamps.Select(t => t.Replace("1920", "1930")).ToArray() };
        Assert.AreEqual(new DateTime(1930, 1, 1), later.ReadDates()[0]);
        Assert.AreEqual(new DateTime(1920, 1, 1), s.ReadDates()[0]);
    }

    private static string Monthly(IEnumerable<int> months) =>
        "date,value\n" + string.Concat(months.Select(i => $"{new DateTime(1920, 1, 1).AddMonths(i):yyyy-MM-dd},{i}\n"));

    [TestMethod]
    public void TheOrderOfTheRowsIsReportedNotChanged()
    {
        Assert.IsEmpty(ReadText(Monthly(Enumerable.Range(0, 48))).TimeOrderWarnings());

        // Newest first: the season still comes from the timestamps, and the user is told the forecasts run backwards.
        var newestFirst = ReadText(Monthly(Enumerable.Range(0, 48).Reverse()));
        Assert.AreEqual(12, newestFirst.DetectSeason(out _));
        StringAssert.Contains(newestFirst.TimeOrderWarnings().Single(), "newest first");
        Assert.AreEqual(47f, newestFirst.Values[0], "rows stay in the file's order");

        var skipped = ReadText(Monthly(Enumerable.Range(0, 48).Where(i => i is not (10 or 20 or 21))));
        StringAssert.Contains(skipped.TimeOrderWarnings().Single(), "skip 3 step(s) in 2 place(s)");
        Assert.HasCount(45, skipped.Values);

        var swapped = ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i switch { 10 => 11, 11 => 10, _ => i })));
        StringAssert.Contains(swapped.TimeOrderWarnings().Single(), "1 row(s) go back in time");

        // Shuffled rows (an export without ORDER BY): the step came from the file's order, "yearly", season 1.
        var shuffled = ReadText(Monthly(Enumerable.Range(0, 60).OrderBy(i => (i * 37) % 61)));
        Assert.AreEqual((12, "monthly"), (shuffled.DetectSeason(out string step), step));
        StringAssert.Contains(shuffled.TimeOrderWarnings().Single(), "sort the file oldest first");
        var repeated = ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i == 11 ? 10 : i)));   // month 10 twice, month 11 skipped
        var notes = repeated.TimeOrderWarnings();
        StringAssert.Contains(notes[0], "1 repeat the timestamp");
        StringAssert.Contains(notes[1], "also skip 1 step(s) in 1 place(s)");

        // Decimal years of business days (R's time() of a daily ts) are spaced only roughly: no skipped steps claimed.
        string decimalYears = "t,value\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{1991.5 + i / 260.0:F6},{i}\n"));
        Assert.IsEmpty(ReadText(decimalYears).TimeOrderWarnings());
    }

    [TestMethod]
    public void SkippedStepsBecomeMissingRowsOnTheStepGrid()
    {
        // Hourly, the hours 05:00 and 06:00 of the first day and 02:00 of the second missing: the grid has them as
        // missing rows with their own timestamps, and row i of the file is grid row rows[i].
        var hours = Enumerable.Range(0, 72).Where(i => i is not (5 or 6 or 26)).ToArray();
        string text = "time,value\n" + string.Concat(hours.Select(i => $"{new DateTime(2024, 3, 1).AddHours(i):yyyy-MM-dd HH:mm},{i}\n"));
        var series = ReadText(text);
        var grid = series.OnStepGrid(out int[] rows)!;
        Assert.HasCount(72, grid.Values);
        CollectionAssert.AreEqual(hours, rows);
        Assert.IsTrue(float.IsNaN(grid.Values[5]) && float.IsNaN(grid.Values[6]) && float.IsNaN(grid.Values[26]));
        Assert.AreEqual((4f, 7f), (grid.Values[4], grid.Values[7]));
        // The missing rows' timestamps in the file's own layout (IsoLayout; they were 2024-03-01 05:00:00 among 07:00's kind).
        Assert.AreEqual(("2024-03-01 05:00", "2024-03-02 02:00", "2024-03-01 07:00"), (grid.Timestamps[5], grid.Timestamps[26], grid.Timestamps[7]));
        Assert.IsEmpty(grid.TimeOrderWarnings(), "no step skipped on the grid");
        Assert.AreEqual((24, "hourly"), (grid.DetectSeason(out string step), step));
        Assert.AreEqual("the hourly timestamps skip 3 step(s) in 2 place(s) (first: '2024-03-01 04:00' to '2024-03-01 07:00'): each skipped step is forecast as a missing value, so that a season of m rows stays m steps (where a skipped step means 0, as a sales export's days without sales, write it as a row of 0); the output keeps the file's rows",
            series.GridNote(rows));
        // An exogenous column of the same rows, spread onto the grid.
        var spread = series.SpreadOnto(rows, grid.Values.Length, grid.Timestamps);
        CollectionAssert.AreEqual(grid.Values, spread.Values);

        // Business days: a holiday (Wednesday 2024-07-03 skipped) becomes a missing weekday, the weekend no row.
        var days = Enumerable.Range(0, 40).Select(i => new DateTime(2024, 6, 3).AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d != new DateTime(2024, 7, 3)).ToArray();
        var trading = ReadText("date,value\n" + string.Concat(days.Select((d, i) => $"{d:yyyy-MM-dd},{i}\n")));
        var businessGrid = trading.OnStepGrid(out int[] tradingRows)!;
        Assert.HasCount(days.Length + 1, businessGrid.Values);
        int holiday = Array.IndexOf(businessGrid.Timestamps, "2024-07-03");
        Assert.IsTrue(holiday > 0 && float.IsNaN(businessGrid.Values[holiday]));
        StringAssert.Contains(trading.GridNote(tradingRows), "holidays perhaps");

        // Month ends, one month skipped, then two: walked a month at a time from the row before, as the library's
        // timestamp handling walks them (SeriesTimeStep.Next).
        var monthEnds = Enumerable.Range(0, 24).Where(i => i is not (1 or 4 or 5)).Select(i => new DateTime(2020, 1, 1).AddMonths(i + 1).AddDays(-1));
        var monthly = ReadText("date,value\n" + string.Concat(monthEnds.Select((d, i) => $"{d:yyyy-MM-dd},{i}\n")));
        var monthGrid = monthly.OnStepGrid(out _)!;
        Assert.AreEqual(("2020-02-29", "2020-05-30", "2020-06-30"), (monthGrid.Timestamps[1], monthGrid.Timestamps[4], monthGrid.Timestamps[5]));

        // Steps under a second keep their fraction (500 ms, 2 rows skipped).
        var fast = ReadText("t,value\n" + string.Concat(Enumerable.Range(0, 40).Where(i => i is not (7 or 8)).Select(i => $"{new DateTime(2024, 1, 1).AddMilliseconds(500 * i):yyyy-MM-dd HH:mm:ss.fff},{i}\n")));
        var fastGrid = fast.OnStepGrid(out _)!;
        Assert.AreEqual(("2024-01-01 00:00:03.5", "2024-01-01 00:00:04"), (fastGrid.Timestamps[7], fastGrid.Timestamps[8]));
        Assert.IsEmpty(fastGrid.TimeOrderWarnings(), "no repeat made up");

        // A stamp half a step off (16:30 among hours) is no skipped step: no grid (it rounded up on both sides, and every
        // later row sat an hour late in the season).
        string halfOff = "time,value\n" + string.Concat(Enumerable.Range(0, 48).Select(i => $"{new DateTime(2024, 2, 11).AddHours(i).AddMinutes(i == 16 ? 30 : 0):yyyy-MM-dd HH:mm},{i}\n"));
        Assert.IsNull(ReadText(halfOff).OnStepGrid(out _));

        // Nothing skipped, a repeated or undated timestamp, decimal years, or an outage longer than three times the file
        // itself: the rows as they are.
        Assert.IsNull(ReadText(Monthly(Enumerable.Range(0, 48))).OnStepGrid(out _));
        Assert.IsNull(ReadText(Monthly(new[] { 0, 1, 1, 3, 4, 5 })).OnStepGrid(out _));
        Assert.IsNull(ReadText("t,value\n2020-01-01,1\nlast,2\n2020-03-01,3\n2020-04-01,4\n").OnStepGrid(out _));
        Assert.IsNull(ReadText("t,value\n" + string.Concat(Enumerable.Range(0, 30).Where(i => i != 7).Select(i => $"{1991.5 + i / 260.0:F6},{i}\n"))).OnStepGrid(out _));
        Assert.IsNull(ReadText(Monthly(Enumerable.Range(0, 10).Append(100))).OnStepGrid(out _));
    }

    [TestMethod]
    public void RowsNewestFirstOrShuffledAreSortedByDateWithANote()
    {
        // In order already: nothing to sort.
        Assert.IsNull(ReadText(Monthly(Enumerable.Range(0, 48))).TimeOrder());

        // Newest first (a bank's export): the app forecasts the reversed rows, and says so.
        var newestFirst = ReadText(Monthly(Enumerable.Range(0, 48).Reverse()));
        int[] order = newestFirst.TimeOrder()!;
        CollectionAssert.AreEqual(Enumerable.Range(0, 48).Reverse().ToArray(), order);
        var sorted = newestFirst.Reordered(order);
        CollectionAssert.AreEqual(Enumerable.Range(0, 48).Select(i => (float)i).ToArray(), sorted.Values);
        Assert.AreEqual("1920-01-01", sorted.Timestamps[0]);
        Assert.IsEmpty(sorted.TimeOrderWarnings());
        Assert.AreEqual((12, "monthly"), (sorted.DetectSeason(out string step), step));
        Assert.AreEqual("the rows run newest first (from '1923-12-01' back to '1920-01-01'): they are forecast oldest first, and the output keeps the file's order",
            newestFirst.SortedNote(order));

        // Shuffled rows: sorted by date, the note counting the rows that went back.
        var shuffled = ReadText(Monthly(Enumerable.Range(0, 60).OrderBy(i => (i * 37) % 61)));
        var inTime = shuffled.Reordered(shuffled.TimeOrder()!);
        CollectionAssert.AreEqual(Enumerable.Range(0, 60).Select(i => (float)i).ToArray(), inTime.Values);
        StringAssert.Matches(shuffled.SortedNote(shuffled.TimeOrder()!), new System.Text.RegularExpressions.Regex(@"^\d+ row\(s\) go back in time \(first: .*\): the rows are forecast in time order, and the output keeps the file's order$"));
        var swapped = ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i switch { 10 => 11, 11 => 10, _ => i })));
        StringAssert.StartsWith(swapped.SortedNote(swapped.TimeOrder()!), "1 row(s) go back in time (first: '1920-11-01' after '1920-12-01')");

        // Newest first with a date twice (the hour daylight saving repeats, in local time): reversed all the same.
        var repeatedNewestFirst = ReadText("time,value\n2024-10-27 04:00,5\n2024-10-27 03:00,4\n2024-10-27 02:00,3\n2024-10-27 02:00,2\n2024-10-27 01:00,1\n2024-10-27 00:00,0\n");
        CollectionAssert.AreEqual(new[] { 5, 4, 3, 2, 1, 0 }, repeatedNewestFirst.TimeOrder());
        StringAssert.StartsWith(repeatedNewestFirst.SortedNote(repeatedNewestFirst.TimeOrder()!), "the rows run newest first");

        // Undecidable: in rows neither oldest nor newest first, a date on two rows, or a timestamp that is no date, keeps
        // the file's order.
        Assert.IsNull(ReadText(Monthly(new[] { 2, 1, 1, 0 }.Concat(Enumerable.Range(3, 20)))).TimeOrder());
        Assert.IsNull(ReadText(Monthly(Enumerable.Range(0, 48).Select(i => i == 11 ? 10 : i))).TimeOrder());
        Assert.IsNull(ReadText("t,value\n2020-03-01,1\nlast,2\n2020-01-01,3\n").TimeOrder());
        Assert.IsNull(ReadText("value\n3\n2\n1\n").TimeOrder(), "values alone are stamped with row numbers, in order");
    }

    [TestMethod]
    public void AColumnNamedTwiceIsRefusedAndALongFieldIsShortenedInTheMessage()
    {
        // An outside audit: date,value,value read the first value column without a word.
        var e = Assert.ThrowsExactly<ArgumentException>(() => ReadText("date,value,value\n2020-01-01,1,2\n2020-01-02,3,4\n"));
        StringAssert.Contains(e.Message, "names column 'value' more than once");
        Assert.AreEqual(2f, ReadText("date,value,other\n2020-01-01,1,2\n", "other").Values[0]);
        // A field of a million characters was quoted whole in the "one-line" error.
        var bad = Assert.ThrowsExactly<InvalidDataException>(() => ReadText("date,value\n2020-01-01," + new string('7', 1_000_000) + "x\n"));
        Assert.IsLessThan(400, bad.Message.Length, bad.Message[..Math.Min(400, bad.Message.Length)]);
        StringAssert.Contains(bad.Message, "1,000,001 characters");
    }
}
