using System.Globalization;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's values read as missing (samples/Rtu.Forecasting/MissingValues.cs): a logger's error codes by
/// default, the values named with --missing-value in the forecast column, each exogenous column's own codes, per series
/// with --key as with --where.
/// </summary>
[TestClass]
public sealed class MissingValuesTests
{
    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-missing-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    // A flow of about 120 every minute with a promotion-like 0/1 column; `flow(i)` overrides row i's flow text.
    private static string Flow(int n, Func<int, string?> flow, Func<int, string>? other = null)
    {
        var lines = new List<string> { "time,flow,flag" };
        for (int i = 0; i < n; i++)
        {
            string value = flow(i) ?? (120 + 10 * Math.Sin(i / 7.0)).ToString("0.00", CultureInfo.InvariantCulture);
            lines.Add($"{new DateTime(2025, 3, 3).AddMinutes(i):yyyy-MM-ddTHH:mm:ss},{value},{other?.Invoke(i) ?? (i % 2).ToString(CultureInfo.InvariantCulture)}");
        }
        return string.Join("\n", lines) + "\n";
    }

    private static CsvSeries Read(string text, string? column = null, params (string Column, string Value)[] where)
    {
        string path = Write(text);
        try { return CsvSeries.Read(path, column, where); }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TheOptionTakesNumbersCommaSeparatedOrRepeatedAndNone()
    {
        var m = MissingValues.Parse(["-9999;9999", " 0 ", "2.5", "0"]);
        CollectionAssert.AreEqual(new[] { -9999f, 9999f, 0f, 2.5f }, m.Named.ToArray(), "each once, in the order given");
        Assert.IsTrue(m.LoggerCodes);
        var none = MissingValues.Parse(["none,-1"]);
        Assert.IsFalse(none.LoggerCodes);
        CollectionAssert.AreEqual(new[] { -1f }, none.Named.ToArray());
        Assert.IsTrue(MissingValues.Parse(null).LoggerCodes);
        Assert.IsEmpty(MissingValues.Parse([]).Named);
        foreach (string bad in new[] { "abc", "1,5x", "NaN", "Infinity", "1e40" })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => MissingValues.Parse([bad]), bad);
            StringAssert.StartsWith(OptionError.Message(e), "--missing-value takes numbers");
        }
    }

    [TestMethod]
    public void TwoWholeNumbersAroundOneCommaAreRefusedAsAmbiguous()
    {
        // 1,5 is the values 1 and 5, or 1.5 with a decimal comma: refused, with both ways to write it.
        foreach (string bad in new[] { "1,5", "-9999,9999", " 0,25 ", "2;1,5" })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => MissingValues.Parse([bad]), bad);
            StringAssert.Contains(OptionError.Message(e), "is ambiguous", bad);
        }
        var one = Assert.ThrowsExactly<ArgumentException>(() => MissingValues.Parse(["1,5"]));
        StringAssert.Contains(one.Message, "For one value write --missing-value 1.5");
        StringAssert.Contains(one.Message, "--missing-value \"1;5\"");
        StringAssert.Contains(one.Message, "--missing-value 1 --missing-value 5");
        // What is not ambiguous: ';', the option repeated, a decimal point, three values or a value that is no whole number.
        CollectionAssert.AreEqual(new[] { 1f, 5f }, MissingValues.Parse(["1;5"]).Named.ToArray());
        // The note quotes them as the option takes them.
        MissingValues.Parse(["1;5"]).MaskNamed([1f, 2f, 5f], "'v'", out string? note);
        StringAssert.StartsWith(note, "--missing-value 1;5: 2 value(s) of 'v' are read as missing");
        CollectionAssert.AreEqual(new[] { 1f, 5f }, MissingValues.Parse(["1", "5"]).Named.ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f }, MissingValues.Parse(["1.5"]).Named.ToArray());
        CollectionAssert.AreEqual(new[] { 0f, -9999f, 9999f }, MissingValues.Parse(["0,-9999,9999"]).Named.ToArray());
        CollectionAssert.AreEqual(new[] { 0.5f, -1f }, MissingValues.Parse(["0.5,-1"]).Named.ToArray());
        CollectionAssert.AreEqual(new[] { -1f }, MissingValues.Parse(["none,-1"]).Named.ToArray());
    }

    [TestMethod]
    public void LoggerCodesAreReadAsMissingByDefaultAndAsDataWithNone()
    {
        var s = Read(Flow(200, i => i is 50 or 51 or 120 ? "-9999" : null));
        var read = MissingValues.Default.Apply(s, out var notes);
        Assert.AreEqual(3, read.Values.Count(float.IsNaN));
        Assert.IsTrue(float.IsNaN(read.Values[50]) && float.IsNaN(read.Values[120]));
        Assert.AreEqual(s.Values[49], read.Values[49], "the other values as they are");
        Assert.HasCount(1, notes);
        StringAssert.Contains(notes[0], "-9999 (3 times), far from the others");
        StringAssert.Contains(notes[0], "read as missing values; --missing-value none takes them as data");
        Assert.AreEqual(-9999f, s.Values[50], "the series read is not changed in place");

        var asData = MissingValues.Parse(["none"]).Apply(s, out var dataNotes);
        Assert.AreSame(s, asData);
        StringAssert.Contains(dataNotes.Single(), "Taken as data (--missing-value none)");
        // No code, no note: the series itself back.
        var clean = Read(Flow(200, _ => null));
        Assert.AreSame(clean, MissingValues.Default.Apply(clean, out var none));
        Assert.IsEmpty(none);
    }

    [TestMethod]
    public void NamedValuesAreMissingInTheForecastColumnOnly()
    {
        // Dropouts written as 0 in the flow; the flag column's zeros are data, its -9999 a code.
        string text = Flow(100, i => i is 10 or 11 or 40 ? "0" : null, i => i is 60 or 61 ? "-9999" : (i % 2).ToString(CultureInfo.InvariantCulture));
        var m = MissingValues.Parse(["0"]);
        var flow = m.Apply(Read(text), out var notes);
        Assert.AreEqual(3, flow.Values.Count(float.IsNaN));
        StringAssert.Contains(notes[0], "--missing-value 0: 3 value(s) of 'flow' are read as missing (0: 3 times)");
        var flag = m.ApplyExogenous(Read(text, "flag"), out string? flagNote);
        Assert.AreEqual(49, flag.Values.Count(v => v == 0), "a flag's zeros stay zeros");
        Assert.AreEqual(2, flag.Values.Count(float.IsNaN), "its own codes are missing");
        StringAssert.Contains(flagNote, "column 'flag' (--exogenous) hold -9999 (2 times)");
        // A value named that the column does not hold is said, as a mistyped one would be.
        MissingValues.Parse(["-1"]).Apply(Read(text), out var unmatched);
        StringAssert.Contains(unmatched.Single(), "no value of 'flow' is that");
    }

    [TestMethod]
    public void ADecimalCommaFilesValuesAreMatchedAsRead()
    {
        // A ';' file writes -9999,0 and 0,5: read as -9999 and 0.5, which the option names with a decimal point.
        var lines = new List<string> { "Zeit;Wert" };
        for (int i = 0; i < 60; i++) lines.Add($"{new DateTime(2025, 3, 3).AddMinutes(i):dd.MM.yyyy HH:mm};{(i is 5 or 6 ? "-9999,0" : i == 30 ? "0,5" : $"{100 + i % 5},25")}");
        var s = Read(string.Join("\n", lines) + "\n");
        var read = MissingValues.Parse(["0.5"]).Apply(s, out _);
        Assert.IsTrue(float.IsNaN(read.Values[5]) && float.IsNaN(read.Values[6]) && float.IsNaN(read.Values[30]));
        Assert.AreEqual(3, read.Values.Count(float.IsNaN));
    }

    [TestMethod]
    public void WithAKeyEachSeriesIsReadAsItIsAlone()
    {
        // Series A about 20 with -9999 twice; series B about 9995, where 9999 is one of its values, not a code; 0 named.
        var lines = new List<string> { "time,tag,value" };
        for (int i = 0; i < 80; i++)
        {
            string t = $"{new DateTime(2025, 3, 3).AddMinutes(i):yyyy-MM-ddTHH:mm:ss}";
            lines.Add($"{t},A,{(i is 20 or 21 ? "-9999" : i == 70 ? "0" : (20 + i % 4).ToString(CultureInfo.InvariantCulture))}");
            lines.Add($"{t},B,{(i % 9 == 0 ? 9999 : 9990 + i % 7).ToString(CultureInfo.InvariantCulture)}");
        }
        string path = Write(string.Join("\n", lines) + "\n");
        try
        {
            var m = MissingValues.Parse(["0"]);
            var file = m.Apply(KeyedCsvSeries.Read(path, "value", "tag"), out string? named, out var codes);
            StringAssert.Contains(named, "1 value(s) of 'value' are read as missing");
            Assert.HasCount(1, codes);
            StringAssert.Contains(codes["A"], "-9999 (2 times)");
            foreach (var g in file.Series)
            {
                var alone = m.Apply(CsvSeries.Read(path, "value", [("tag", g.Key)]), out _);
                CollectionAssert.AreEqual(alone.Values, g.Series.Values, $"series {g.Key} as --where reads it");
                CollectionAssert.AreEqual(g.Rows.Select(i => file.Rows.Values[i]).ToArray(), g.Series.Values, "the rows and the series agree");
            }
            Assert.AreEqual(0, file.Series[1].Series.Values.Count(float.IsNaN), "B's 9999 is data");
            // An exogenous column read from the same rows takes each series' own codes.
            var exo = m.ApplyExogenous(CsvSeries.Read(path, "value"), file, out string? exoNote);
            Assert.AreEqual(2, exo.Values.Count(float.IsNaN), "the codes of A; the named 0 is the forecast column's");
            StringAssert.StartsWith(exoNote, "series 'A': the values of column 'value' (--exogenous) hold -9999");
        }
        finally { File.Delete(path); }
    }
}
