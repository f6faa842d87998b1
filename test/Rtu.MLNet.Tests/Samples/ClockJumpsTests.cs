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
        Assert.IsTrue(d.All(x => x.Minute % 5 == 0 && x.Second == 0), "every row on the 5-minute grid again");
        StringAssert.Contains(note, "2 place(s)");
        StringAssert.Contains(note, "back by 55 minutes");
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
        // A local clock's repeated hour (back an hour at 02:00): the daylight-saving note's matter, not a jump.
        var local = new CsvSeries("load", Enumerable.Range(0, 60).Select(i => new DateTime(2025, 10, 26, 0, 0, 0).AddMinutes(5 * i - (i >= 30 ? 60 : 0)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToArray(),
            Enumerable.Range(0, 60).Select(i => (float)i).ToArray());
        Assert.IsNull(ClockJumps.Correct(local));
    }
}
