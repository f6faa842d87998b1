using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's note on exact zeros that look like failed readings written as 0
/// (samples/Rtu.Forecasting/ZeroDropoutNote.cs): a few zeros in a series far from 0 with nothing between; not real zeros
/// (a closed day each week, a shutdown's ramp, small counts).
/// </summary>
[TestClass]
public sealed class ZeroDropoutNoteTests
{
    private static string[] Stamps(int n) => Enumerable.Range(0, n).Select(i => new DateTime(2025, 3, 3).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ss")).ToArray();

    // A flow of about 120 (80–160), moving by about 1.5 a row.
    private static float[] Flow(int n) => Enumerable.Range(0, n).Select(i => (float)(120 + 35 * Math.Sin(i / 200.0) + 1.5 * Math.Sin(i * 1.7))).ToArray();

    [TestMethod]
    public void DropoutsWrittenAsZeroInAFlowAreNoted()
    {
        var v = Flow(2000);
        foreach (int i in new[] { 300, 301, 302, 900, 1500, 1501 }) v[i] = 0;
        v[1000] = float.NaN;   // a missing row counts for nothing
        var stamps = Stamps(v.Length);
        string? note = ZeroDropoutNote.Line(v, stamps, "the values");
        Assert.IsNotNull(note);
        StringAssert.Contains(note, "the values hold 6 exact zeros in 3 run(s), the first at '2025-03-03T05:00:00'");
        StringAssert.Contains(note, "--missing-value 0");
        // Read as missing (--missing-value 0), nothing is left to note.
        Assert.IsNull(ZeroDropoutNote.Line(v.Select(x => x == 0 ? float.NaN : x).ToArray(), stamps, "the values"));
        // A negative series far from 0 too.
        StringAssert.Contains(ZeroDropoutNote.Line(v.Select(x => -x).ToArray(), stamps, "the values"), "at most -");
    }

    [TestMethod]
    public void RealZerosAreNotNoted()
    {
        var stamps = Stamps(2000);
        // One zero is a single odd reading.
        var one = Flow(2000);
        one[500] = 0;
        Assert.IsNull(ZeroDropoutNote.Line(one, stamps, "v"));
        // A day closed each week: a seventh of the values.
        var weekly = Flow(2000).Select((x, i) => i % 7 == 6 ? 0 : x).ToArray();
        Assert.IsNull(ZeroDropoutNote.Line(weekly, stamps, "v"));
        // A shutdown with its ramp down and up: values on the way to 0.
        var shutdown = Flow(2000);
        for (int i = 0; i < 40; i++) shutdown[1000 + i] = Math.Max(0, 120 - 12 * Math.Min(i, 39 - i));
        Assert.IsGreaterThanOrEqualTo(2, shutdown.Count(x => x == 0));
        Assert.IsNull(ZeroDropoutNote.Line(shutdown, stamps, "v"));
        // Small counts: zeros a unit below their ones and twos (median 3, changes of about 2).
        var counts = Enumerable.Range(0, 2000).Select(i => (float)(i % 40 == 0 ? 0 : 1 + (i * 7919) % 5)).ToArray();
        Assert.IsNull(ZeroDropoutNote.Line(counts, stamps, "v"));
        // A series that crosses 0 (a temperature).
        var crossing = Flow(2000).Select((x, i) => i % 300 == 0 ? 0 : x - 120).ToArray();
        Assert.IsNull(ZeroDropoutNote.Line(crossing, stamps, "v"));
    }

    private static DateTime?[] Dates(string[] stamps) => TimestampText.ParseColumn(stamps);

    [TestMethod]
    public void DropoutsAreStillNotedWithTheirDates()
    {
        // The flow's minutes with short dropouts (1–3 rows) and a missing row: noted as before, the dates change nothing.
        var v = Flow(2000);
        foreach (int i in new[] { 300, 301, 302, 900, 1500, 1501 }) v[i] = 0;
        v[1000] = float.NaN;
        var stamps = Stamps(v.Length);
        StringAssert.Contains(ZeroDropoutNote.Line(v, stamps, "the values", Dates(stamps)), "the values hold 6 exact zeros in 3 run(s), the first at '2025-03-03T05:00:00', while");
    }

    [TestMethod]
    public void ZerosThatAreCalendarPeriodsAreNotNoted()
    {
        // An outside review's 7-day plant: about 1,000 t a day, 15 holidays at 0 (3 % of its days). Whole days are the
        // plant stopping, not a reading lost between others.
        var days = Enumerable.Range(0, 500).Select(i => new DateTime(2022, 1, 3).AddDays(i).ToString("yyyy-MM-dd")).ToArray();
        var tonnes = Enumerable.Range(0, 500).Select(i => (float)(1000 + 60 * Math.Sin(i * 2.1))).ToArray();
        foreach (int i in new[] { 4, 24, 41, 47, 104, 244, 267, 293, 315, 338, 361, 367, 444, 455, 479 }) tonnes[i] = 0;
        Assert.IsNotNull(ZeroDropoutNote.Line(tonnes, days, "v"), "without dates the zeros are noted, as before");
        Assert.IsNull(ZeroDropoutNote.Line(tonnes, days, "v", Dates(days)));

        // A plant every 15 minutes stopped for three whole days (and two half-hour pauses at 12:00 on three days): real.
        var quarter = Enumerable.Range(0, 96 * 100).Select(i => new DateTime(2025, 1, 6).AddMinutes(15 * i).ToString("yyyy-MM-ddTHH:mm")).ToArray();
        var units = Flow(quarter.Length);
        foreach (int day in new[] { 10, 40, 70 })
            for (int i = 0; i < 96; i++) units[96 * day + i] = 0;
        foreach (int day in new[] { 20, 21, 22 })
            for (int i = 48; i < 50; i++) units[96 * day + i] = 0;
        Assert.IsNotNull(ZeroDropoutNote.Line(units, quarter, "v"), "without dates the zeros are noted, as before");
        Assert.IsNull(ZeroDropoutNote.Line(units, quarter, "v", Dates(quarter)));
        // Dropouts among them are still noted, and only they are counted.
        units[96 * 50 + 7] = units[96 * 60 + 31] = units[96 * 60 + 32] = 0;
        StringAssert.Contains(ZeroDropoutNote.Line(units, quarter, "v", Dates(quarter)),
            "v hold 3 exact zeros in 2 run(s), the first at '2025-02-25T01:45' (294 other zeros, in 6 run(s) of a day or more or at one time of day, are taken as real)");
    }

    [TestMethod]
    public void AFlowsDropoutsAreNotedAndItsWholeDayStopIsNot()
    {
        // Read as the app reads it: 30 days of minute flow with 26 dropouts of 1–15 minutes to 0 (the process audit's
        // flow_drop0 kind) and one whole day stopped at 0.
        string path = Path.Combine(Path.GetTempPath(), $"rtu-zeros-{Guid.NewGuid():N}.csv");
        var flow = Flow(30 * 1440);
        for (int k = 0; k < 26; k++)
            for (int i = 0; i < 1 + k % 15; i++) flow[1000 * k + 137 + i] = 0;
        for (int i = 28 * 1440; i < 29 * 1440; i++) flow[i] = 0;
        File.WriteAllLines(path, new[] { "timestamp,flow_m3h" }.Concat(flow.Select((x, i) =>
            $"{new DateTime(2025, 3, 3).AddMinutes(i):yyyy-MM-ddTHH:mm:ss},{x.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));
        try
        {
            var s = CsvSeries.Read(path, null);
            StringAssert.Contains(ZeroDropoutNote.Line(s.Values, s.Timestamps, "the values", s.ReadDates()),
                "the values hold 186 exact zeros in 26 run(s), the first at '2025-03-03T02:17:00' (1440 other zeros, in 1 run(s) of a day or more or at one time of day, are taken as real)");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void AShippedFileWithClosedDaysGetsNoNote()
    {
        // The app's reader, as it is run: the notes' rule on daily sales with Sundays 0 (a seventh) and two holidays.
        string path = Path.Combine(Path.GetTempPath(), $"rtu-zeros-{Guid.NewGuid():N}.csv");
        var day = new DateTime(2024, 1, 1);
        File.WriteAllLines(path, new[] { "date,sales" }.Concat(Enumerable.Range(0, 400).Select(i =>
            $"{day.AddDays(i):yyyy-MM-dd},{(day.AddDays(i).DayOfWeek == DayOfWeek.Sunday || i is 100 or 250 ? 0 : 200 + i % 6 * 10)}")));
        try
        {
            var s = CsvSeries.Read(path, null);
            Assert.IsNull(ZeroDropoutNote.Line(s.Values, s.Timestamps, "the values"));
        }
        finally { File.Delete(path); }
    }
}
