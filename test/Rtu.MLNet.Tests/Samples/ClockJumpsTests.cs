using System.Globalization;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's correction of a device clock set back or forward between regular readings
/// (samples/Rtu.Forecasting/ClockJumps.cs): the rows after each jump follow the row before, so they stay in time order and
/// on the step grid; jitter, whole-step gaps, out-of-order blocks and a local clock's repeated hour are left alone.
/// </summary>
[TestClass]
public sealed class ClockJumpsTests
{
    private static readonly DateTime Start = new(2025, 3, 3, 6, 0, 0);

    // Readings every 5 minutes from 06:00; `shift(i)` moves reading i's timestamp (minutes), `skip` leaves rows out.
    private static CsvSeries Readings(int n, Func<int, double> shift, params int[] skip)
    {
        var rows = Enumerable.Range(0, n).Where(i => !skip.Contains(i)).ToArray();
        var stamps = rows.Select(i => Start.AddMinutes(5 * i + shift(i)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToArray();
        return new CsvSeries("glucose", stamps, rows.Select(i => 100f + i % 7).ToArray());
    }

    private static DateTime[] Dates(CsvSeries s) => s.ReadDates().Select(d => d!.Value).ToArray();

    [TestMethod]
    public void AClockSetBackAndForwardIsTakenFromTheRowBefore()
    {
        // Set back an hour at reading 100, forward 37 minutes (2 off the grid) at reading 200; readings 50–53 missing.
        var s = Readings(300, i => i >= 200 ? -60 + 37 : i >= 100 ? -60 : 0, 50, 51, 52, 53);
        var (fixedClock, note) = ClockJumps.Correct(s)!.Value;
        var d = Dates(fixedClock);
        for (int i = 1; i < d.Length; i++) Assert.IsGreaterThan(d[i - 1], d[i], $"row {i}: in time order");
        int back = 100 - 4, forward = 200 - 4;   // readings 100 and 200, four rows left out before them
        Assert.AreEqual(TimeSpan.FromMinutes(5), d[back] - d[back - 1], "the reading after the clock was set back is the next step");
        Assert.AreEqual(TimeSpan.FromMinutes(5), d[back + 1] - d[back], "and the rows after it keep their steps");
        Assert.AreEqual(TimeSpan.FromMinutes(40), d[forward] - d[forward - 1], "42 minutes on a clock 2 minutes off: 8 steps");
        Assert.IsTrue(d.All(x => (x - d[0]).Ticks % TimeSpan.FromMinutes(5).Ticks == 0), "every row on one 5-minute grid again (the last jump's clock, 2 minutes off the first)");
        StringAssert.Contains(note, "2 place(s)");
        StringAssert.Contains(note, "set back by 1 h 00 min");
        Assert.AreEqual(Dates(s)[^1], d[^1], "on the clock after the last jump: the last row keeps its time");
        // The step grid then fills the skipped readings: 4 of them, and 7 steps across the forward jump.
        Assert.IsNotNull(fixedClock.OnStepGrid(out int[] rows));
        Assert.AreEqual(s.Values.Length, rows.Length);
        Assert.AreEqual(s.Values.Length + 4 + 7, rows[^1] + 1);
        Assert.IsNull(s.OnStepGrid(out _), "as read, the step back keeps the rows off the grid");
    }

    [TestMethod]
    public void JitterGapsBlocksAndARepeatedHourAreLeftAlone()
    {
        var rng = new Random(3);
        Assert.IsNull(ClockJumps.Correct(Readings(200, _ => rng.NextDouble() - 0.5)), "a clock that jitters by ±30 s");
        Assert.IsNull(ClockJumps.Correct(Readings(200, _ => 0, 40, 41, 42)), "a whole-step gap");
        Assert.IsNull(ClockJumps.Correct(Readings(200, i => i % 50 == 7 ? 1.5 : 0)), "a lone reading late by 1.5 minutes: no regular run after it");
        // The blocks of a file out of order (the second half first): the step back lands before every earlier row, and
        // sorting puts it right.
        var s = Readings(200, _ => 0);
        var swapped = new CsvSeries(s.Name, s.Timestamps[100..].Concat(s.Timestamps[..100]).ToArray(), s.Values[100..].Concat(s.Values[..100]).ToArray());
        Assert.IsNull(ClockJumps.Correct(swapped));
        // Several series in one file, the second starting a day later (a review: joined into one as a clock set back).
        var a = Readings(150, _ => 0);
        var b = Readings(150, i => 24 * 60);
        Assert.IsNull(ClockJumps.Correct(new CsvSeries("load", a.Timestamps.Concat(b.Timestamps).ToArray(), a.Values.Concat(b.Values).ToArray())));
        // Blocks 0, 2, 1, 3 of 50 rows: sorting puts them right (a review: 150–300 steps were made up).
        int[] blocks = [0, 2, 1, 3];
        var shuffled = blocks.SelectMany(k => Enumerable.Range(50 * k, 50)).ToArray();
        Assert.IsNull(ClockJumps.Correct(new CsvSeries(s.Name, shuffled.Select(i => s.Timestamps[i]).ToArray(), shuffled.Select(i => s.Values[i]).ToArray())));
        // One timestamp mistyped by a day (a review: the 800 rows after it moved by a day).
        Assert.IsNull(ClockJumps.Correct(Readings(200, i => i == 120 ? 24 * 60 : 0)));
        // Readings taken irregularly on whole minutes (a review: four jumps).
        var irregular = new Random(5);
        var stamps = new List<string>();
        var t = Start;
        for (int i = 0; i < 300; i++) { t = t.AddMinutes(irregular.Next(100) < 90 ? 5 : irregular.Next(1, 12)); stamps.Add(t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)); }
        Assert.IsNull(ClockJumps.Correct(new CsvSeries("hr", stamps.ToArray(), new float[300])));
        // A zone whose daylight saving ends at midnight (an hour back landing at 23:xx): a jump, the note naming both.
        var midnight = new CsvSeries("load", Enumerable.Range(0, 60).Select(i => new DateTime(2025, 4, 5, 22, 0, 0).AddMinutes(5 * i - (i >= 30 ? 60 : 0)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToArray(),
            Enumerable.Range(0, 60).Select(i => (float)i).ToArray());
        StringAssert.Contains(ClockJumps.Correct(midnight)!.Value.Note, "or daylight saving?");
        // A clock set back five and a half hours on hourly readings (a device switched from India's time to UTC): sorting
        // would interleave the two passes at half a step; a jump (a review: the sort's MAE 0.309, the true clock's 0.267).
        var india = new CsvSeries("load", Enumerable.Range(0, 200).Select(i => Start.AddMinutes(60 * i - (i >= 100 ? 330 : 0)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToArray(), new float[200]);
        Assert.IsNotNull(ClockJumps.Correct(india));
        // A local clock's repeated hour (back an hour at 02:00): the daylight-saving note's matter, not a jump.
        var local = new CsvSeries("load", Enumerable.Range(0, 60).Select(i => new DateTime(2025, 10, 26, 0, 0, 0).AddMinutes(5 * i - (i >= 30 ? 60 : 0)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToArray(),
            Enumerable.Range(0, 60).Select(i => (float)i).ToArray());
        Assert.IsNull(ClockJumps.Correct(local));
    }
}
