using System.Globalization;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's note on long runs of identical readings (samples/Rtu.Forecasting/FlatRunNote.cs): an estimate
/// written while a gauge was ice-affected, a stuck sensor; not intermittent zeros, small counts, a coarsely quantised
/// series, a setpoint or step function, a short run or a constant series.
/// </summary>
[TestClass]
public sealed class FlatRunNoteTests
{
    private static string[] Minutes(int n) => Enumerable.Range(0, n).Select(i => new DateTime(2025, 3, 3).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ss")).ToArray();

    private static string[] Days(int n) => Enumerable.Range(0, n).Select(i => new DateTime(2016, 10, 1).AddDays(i).ToString("yyyy-MM-dd")).ToArray();

    private static DateTime?[] Dates(string[] stamps) => TimestampText.ParseColumn(stamps);

    // A flow of about 120 (80–160), moving by about 1.5 a row: it never repeats a reading.
    private static float[] Flow(int n) => Enumerable.Range(0, n).Select(i => (float)(120 + 35 * Math.Sin(i / 200.0) + 1.5 * Math.Sin(i * 1.7))).ToArray();

    // The share of consecutive readings that repeat the one before (NaN skipped).
    private static double RepeatShare(float[] v)
    {
        var o = v.Where(x => !float.IsNaN(x)).ToArray();
        return o.Zip(o.Skip(1)).Count(p => p.First == p.Second) / (double)(o.Length - 1);
    }

    [TestMethod]
    public void AStuckStretchIsNoted()
    {
        // A minute flow stuck at its reading for 240 minutes (a process audit's flow_stuck_1min kind).
        var v = Flow(3000);
        Assert.AreEqual(0, RepeatShare(v));
        for (int i = 1001; i < 1240; i++) v[i] = v[1000];
        var stamps = Minutes(v.Length);
        string value = v[1000].ToString(CultureInfo.InvariantCulture);
        string? note = FlatRunNote.Line(v, stamps, "the values", Dates(stamps));
        Assert.IsNotNull(note);
        StringAssert.StartsWith(note, $"the values hold a run of 240 identical readings, {value} from '2025-03-03T16:40:00' to '2025-03-03T20:39:00', while elsewhere a reading equals the one before on 0 % of the rows:");
        StringAssert.Contains(note, "an estimate written while the gauge was ice-affected, a stuck sensor or a logger repeating its last value?");
        StringAssert.Contains(note, "follow such a stretch's value only slowly");
        StringAssert.Contains(note, $"--missing-value {value} or empty cells read them as missing");
        // Without dates the rows are named.
        StringAssert.Contains(FlatRunNote.Line(v, stamps, "the values"), $"{value} rows 1001 to 1240,");
        // Read as missing (--missing-value), nothing is left to note.
        var masked = MissingValues.Parse([value]).MaskNamed(v, "v", out _);
        Assert.AreEqual(240, masked.Count(float.IsNaN));
        Assert.IsNull(FlatRunNote.Line(masked, stamps, "the values"));
        // A second stuck run, of 50 rows (under a quarter of the first, but over 4 times the longest run left), is noted
        // with it, not taken for the series' own.
        for (int i = 2001; i < 2050; i++) v[i] = v[2000];
        StringAssert.StartsWith(FlatRunNote.Line(v, stamps, "the values"), $"the values hold 2 runs of identical readings (290 in all, at {value}, {v[2000].ToString(CultureInfo.InvariantCulture)}), the longest 240 readings of {value} rows 1001 to 1240, while elsewhere a reading equals the one before on 0 % of the rows:");
    }

    [TestMethod]
    public void AWinterEstimateEachYearIsNotedAsSeveralRuns()
    {
        // A daily flow with a constant estimate written for 64–82 days each winter (the audit's flow_daily_iceflat kind),
        // each winter at its own value; 2.3 also stands once outside the runs, so --missing-value is not offered.
        var days = Days(1460);
        var flow = Enumerable.Range(0, 1460).Select(i => (float)Math.Round(8 + 5 * Math.Sin(i * 2 * Math.PI / 365) + 3 * Math.Sin(i * 0.9) + 0.01 * (i % 7), 2)).ToArray();
        var winters = new[] { (60, 71, 6.9f), (425, 73, 5.3f), (790, 64, 5.0f), (1155, 82, 2.3f) };
        foreach (var (start, length, value) in winters)
            for (int i = start; i < start + length; i++) flow[i] = value;
        flow[20] = 2.3f;
        Assert.IsLessThan(0.05, RepeatShare(flow.Where((_, i) => !winters.Any(w => i >= w.Item1 && i < w.Item1 + w.Item2)).ToArray()));
        string? note = FlatRunNote.Line(flow, days, "the values", Dates(days));
        Assert.IsNotNull(note);
        StringAssert.StartsWith(note, "the values hold 4 runs of identical readings (290 in all, at 6.9, 5.3, 5, 2.3), the longest 82 readings of 2.3 from '2019-11-30' to '2020-02-19', while elsewhere");
        StringAssert.Contains(note, "empty cells on those rows read them as missing (--missing-value would blank the value where it is real too)");
    }

    [TestMethod]
    public void IntermittentZerosAreNotNoted()
    {
        var stamps = Minutes(3000);
        // Hourly rain: 0 most of the time, a drizzle of 0.2 for 30 rows.
        var rain = Enumerable.Range(0, 3000).Select(i => i % 50 < 3 ? (float)(0.1 * (1 + i % 7)) : 0f).ToArray();
        for (int i = 1000; i < 1030; i++) rain[i] = 0.2f;
        Assert.IsNull(FlatRunNote.Line(rain, stamps, "v"));
        // Intermittent demand: 0 on a third of the days, never twice in a row, the other values never repeating, and 40
        // days at one value; with the zeros filled in, the 40 days are noted (the test can fail).
        var demand = Flow(3000).Select((x, i) => i % 3 == 0 ? 0 : x).ToArray();
        for (int i = 1001; i < 1041; i++) demand[i] = 130.5f;
        Assert.IsNull(FlatRunNote.Line(demand, stamps, "v"));
        StringAssert.Contains(FlatRunNote.Line(demand.Select((x, i) => x == 0 ? 100 + i * 0.01f : x).ToArray(), stamps, "v"), "a run of 40 identical readings, 130.5 rows 1002 to 1041");
        // A flow at 0 for 300 rows (a tenth of them) or 140 (under 5 %) is the zeros' note's (ZeroDropoutNote), not this one's.
        var zero = Flow(3000);
        for (int i = 1000; i < 1300; i++) zero[i] = 0;
        Assert.IsNull(FlatRunNote.Line(zero, stamps, "v"));
        for (int i = 1140; i < 1300; i++) zero[i] = 100 + i * 0.01f;
        Assert.IsNull(FlatRunNote.Line(zero, stamps, "v"));
        // Nor does a long run of 0 let a run of another reading shorter than 4 times it stand out.
        for (int i = 2000; i < 2100; i++) zero[i] = zero[1999];
        Assert.IsNull(FlatRunNote.Line(zero, stamps, "v"));
        // With readings in place of the zeros, that run is noted: the test can fail.
        for (int i = 1000; i < 1140; i++) zero[i] = 100 + i * 0.01f;
        StringAssert.Contains(FlatRunNote.Line(zero, stamps, "v"), "a run of 101 identical readings");
    }

    [TestMethod]
    public void SmallCountsAndQuantisedSeriesThatRepeatOftenAreNotNoted()
    {
        var days = Days(3650);
        // Small counts (about 6 a day, Poisson) with a month at 6: counts never get the note.
        var rng = new Random(7);
        var counts = Enumerable.Range(0, 3650).Select(_ => (float)Poisson(rng, 6)).ToArray();
        for (int i = 500; i < 530; i++) counts[i] = 6;
        Assert.IsNull(FlatRunNote.Line(counts, days, "v", Dates(days)));
        // The same readings not whole numbers: the month is noted (the test can fail).
        StringAssert.Contains(FlatRunNote.Line(counts.Select(x => x + 0.5f).ToArray(), days, "v", Dates(days)), "a run of 30 identical readings");
        // A lake level written to 2 decimals, the same on 17 % of consecutive days, flat for a month: a series that
        // repeats so often gets no note.
        var lake = Enumerable.Range(0, 3650).Select(i => (float)Math.Round(372.5 + 0.3 * Math.Sin(i * 2 * Math.PI / 365) + 0.014 * Math.Sin(i * 1.7) + 0.009 * Math.Sin(i * 0.77), 2)).ToArray();
        for (int i = 1500; i < 1530; i++) lake[i] = lake[1499];
        double share = RepeatShare(lake.Take(1490).Concat(lake.Skip(1540)).ToArray());
        Assert.IsTrue(share > FlatRunNote.MaxRepeatShare && share < 0.2, $"repeat share {share}");
        Assert.IsNull(FlatRunNote.Line(lake, days, "v", Dates(days)));
        // The same month flat in a level written with 4 decimals, which hardly repeats: noted (the test can fail).
        var fine = Enumerable.Range(0, 3650).Select(i => (float)Math.Round(372.5 + 0.4 * Math.Sin(i * 2 * Math.PI / 365) + 0.01 * Math.Sin(i * 1.3), 4)).ToArray();
        for (int i = 1500; i < 1530; i++) fine[i] = fine[1499];
        StringAssert.Contains(FlatRunNote.Line(fine, days, "v", Dates(days)), "a run of 31 identical readings");
    }

    // A Poisson count of the given mean (Knuth).
    private static int Poisson(Random rng, double mean)
    {
        double limit = Math.Exp(-mean), p = rng.NextDouble();
        int k = 0;
        for (; p > limit; k++) p *= rng.NextDouble();
        return k;
    }

    [TestMethod]
    public void ASetpointOrStepFunctionIsNotNoted()
    {
        var stamps = Minutes(6000);
        var rng = new Random(3);
        // A setpoint: plateaus of 30–300 rows at whole degrees, with ramps of 5 rows between them.
        var sp = new List<float>();
        float at = 70;
        while (sp.Count < 6000)
        {
            float to = 60 + rng.Next(31);
            for (int r = 1; r <= 5; r++) sp.Add(at + (to - at) * r / 6f);
            for (int k = rng.Next(30, 300); k > 0; k--) sp.Add(to);
            at = to;
        }
        var setpoint = sp.Take(6000).ToArray();
        Assert.IsNull(FlatRunNote.Line(setpoint, stamps, "v"));
        // A step function (a tariff, a price held between changes) without ramps.
        var steps = new float[6000];
        for (int i = 0, k = 0; i < steps.Length; k++)
            for (int len = rng.Next(5, 400), end = Math.Min(steps.Length, i + len); i < end; i++) steps[i] = 10 + k % 9 + 0.5f * (k % 2);
        Assert.IsNull(FlatRunNote.Line(steps, stamps, "v"));
        // A reactor idle at exactly 25 between 30 batches whose readings never repeat: a state it returns to. Idle at
        // another value each time, the idle runs are noted (the test can fail).
        var reactor = new List<float>();
        for (int b = 0; reactor.Count < 6000; b++)
        {
            for (int k = 40 + 7 * (b % 9); k > 0; k--) reactor.Add(25);
            for (int k = 0; k < 150; k++) reactor.Add((float)(25 + 150 * Math.Sin(Math.PI * (k + 1) / 151) + 0.37 * Math.Sin(reactor.Count * 1.3)));
        }
        var idle = reactor.Take(6000).ToArray();
        Assert.IsNull(FlatRunNote.Line(idle, stamps, "v"));
        var drifting = idle.Select((x, i) => x == 25 ? 25 + 0.001f * (i / 190) : x).ToArray();
        StringAssert.Contains(FlatRunNote.Line(drifting, stamps, "v"), "runs of identical readings");
        // A saturating transmitter: at its top (16.0) in runs of every length.
        var pressure = Flow(6000).Select(x => (x - 120) / 10 + 13).ToArray();
        for (int k = 0; k < 40; k++)
            for (int i = 0; i < 2 + 3 * k; i++) pressure[100 + 140 * k + i] = 16;
        Assert.IsNull(FlatRunNote.Line(pressure, stamps, "v"));
    }

    [TestMethod]
    public void AShortRunIsNotNoted()
    {
        var stamps = Minutes(3000);
        var v = Flow(3000);
        for (int i = 1001; i < 1009; i++) v[i] = v[1000];   // 9 readings
        Assert.IsNull(FlatRunNote.Line(v, stamps, "v"));
        v[1009] = v[1000];   // 10: noted
        StringAssert.Contains(FlatRunNote.Line(v, stamps, "v"), "a run of 10 identical readings");
        // A run of 4 elsewhere: 10 is no longer 4 times the longest other run, 16 is.
        for (int i = 2001; i < 2004; i++) v[i] = v[2000];
        Assert.IsNull(FlatRunNote.Line(v, stamps, "v"));
        for (int i = 1010; i < 1016; i++) v[i] = v[1000];
        StringAssert.Contains(FlatRunNote.Line(v, stamps, "v"), "a run of 16 identical readings, " + v[1000].ToString(CultureInfo.InvariantCulture) + " rows 1001 to 1016, while elsewhere a reading equals the one before on 0.1 % of the rows, at most 4 in a row:");
    }

    [TestMethod]
    public void AConstantSeriesIsNotNoted()
    {
        var stamps = Minutes(500);
        Assert.IsNull(FlatRunNote.Line(Enumerable.Repeat(5f, 500).ToArray(), stamps, "v"));
        var gaps = Enumerable.Repeat(5f, 500).ToArray();
        for (int i = 0; i < 500; i += 7) gaps[i] = float.NaN;
        Assert.IsNull(FlatRunNote.Line(gaps, stamps, "v"));
        Assert.IsNull(FlatRunNote.Line(Enumerable.Repeat(float.NaN, 500).ToArray(), stamps, "v"));
        // Mostly constant, a few readings off: the run is most of the series, not a fault in it.
        var mostly = Enumerable.Repeat(5f, 500).ToArray();
        for (int i = 0; i < 100; i++) mostly[400 + i] = 5 + 0.01f * (i + 1);
        Assert.IsNull(FlatRunNote.Line(mostly, stamps, "v"));
    }

    [TestMethod]
    public void MissingRowsInsideARunNeitherEndNorCountInIt()
    {
        // The audit's stage: a run of 0.850 with a logger's failed readings (read as missing) in the middle.
        var stamps = Minutes(3000);
        var v = Flow(3000);
        for (int i = 1000; i < 1300; i++) v[i] = 0.85f;
        for (int i = 1100; i < 1105; i++) v[i] = float.NaN;
        v[1299] = float.NaN;   // the run's last row missing: it ends at its last reading
        StringAssert.Contains(FlatRunNote.Line(v, stamps, "v", Dates(stamps)), "a run of 294 identical readings, 0.85 from '2025-03-03T16:40:00' to '2025-03-03T21:38:00'");
        // Two pieces of 5 readings around a long gap are 10 readings, not 310 rows: noted only as 10.
        var w = Flow(3000);
        for (int i = 1000; i < 1310; i++) w[i] = i < 1005 || i >= 1305 ? 0.85f : float.NaN;
        StringAssert.Contains(FlatRunNote.Line(w, stamps, "v"), "a run of 10 identical readings, 0.85 rows 1001 to 1310");
        w[1305] = float.NaN;   // 9 readings: not noted
        Assert.IsNull(FlatRunNote.Line(w, stamps, "v"));
        // Another reading inside ends the run: two runs of 150 (each noted) rather than one of 300.
        for (int i = 1100; i < 1105; i++) v[i] = 0.85f;
        v[1299] = 0.85f;
        v[1150] = 0.9f;
        StringAssert.Contains(FlatRunNote.Line(v, stamps, "v"), "2 runs of identical readings (299 in all, all 0.85), the longest 150 readings of 0.85 rows 1001 to 1150");
    }

    [TestMethod]
    public void AStageReadAsTheAppReadsItIsNoted()
    {
        // 15-minute stage written to 3 decimals, stuck at 0.850 for 35 days with a logger's codes (9999) inside the run and
        // -999 after it: the codes are read as missing, the run is one, and --missing-value 0.85 blanks it.
        string path = Path.Combine(Path.GetTempPath(), $"rtu-flat-{Guid.NewGuid():N}.csv");
        int n = 96 * 150;
        var stage = Enumerable.Range(0, n).Select(i => Math.Round(0.9 + 0.05 * Math.Sin(i / 300.0) + 0.01 * Math.Sin(i * 0.37), 3)).ToArray();
        for (int i = 96 * 40; i < 96 * 75; i++) stage[i] = 0.85;
        for (int i = 96 * 45; i < 96 * 45 + 6; i++) stage[i] = 9999;
        for (int i = 96 * 75; i < 96 * 77; i++) stage[i] = -999;
        File.WriteAllLines(path, new[] { "timestamp,value" }.Concat(stage.Select((x, i) =>
            $"{new DateTime(2022, 11, 15).AddMinutes(15 * i):yyyy-MM-dd HH:mm:ss},{x.ToString("0.000", CultureInfo.InvariantCulture)}")));
        try
        {
            var s = MissingValues.Default.Apply(CsvSeries.Read(path, null), out var notes);
            Assert.HasCount(1, notes);
            double share = RepeatShare(s.Values);
            Assert.IsTrue(share > 0.2, $"repeat share {share} (the run included)");
            StringAssert.StartsWith(FlatRunNote.Line(s.Values, s.Timestamps, "the values", s.ReadDates()),
                "the values hold a run of 3354 identical readings, 0.85 from '2022-12-25 00:00:00' to '2023-01-28 23:45:00', while elsewhere a reading equals the one before on ");
            var named = MissingValues.Parse(["0.85"]).Apply(CsvSeries.Read(path, null), out _);
            Assert.IsNull(FlatRunNote.Line(named.Values, named.Timestamps, "the values", named.ReadDates()));
        }
        finally { File.Delete(path); }
    }
}
