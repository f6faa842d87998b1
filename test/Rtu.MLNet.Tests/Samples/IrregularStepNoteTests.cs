using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's note on rows that are not evenly spaced around their step
/// (samples/Rtu.Forecasting/IrregularStepNote.cs): readings 5–15 s apart get it; skipped steps, a second of jitter on
/// minutes, a clock's jitter the app snaps to its grid, calendar months and business days do not.
/// </summary>
[TestClass]
public sealed class IrregularStepNoteTests
{
    private static string? Note(IReadOnlyList<DateTime> times)
    {
        var dates = times.Select(t => (DateTime?)t).ToArray();
        var diffs = times.Order().Zip(times.Order().Skip(1), (a, b) => b.Ticks - a.Ticks).ToArray();
        var step = SeriesTimeStep.Infer(diffs, areDates: true, times.Any(t => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
        return IrregularStepNote.Line(dates, step);
    }

    private static readonly DateTime Start = new(2025, 3, 3);

    [TestMethod]
    public void ReadingsFiveToFifteenSecondsApartAreNoted()
    {
        // The process audit's ts_irregular_10s kind: 3,000 readings, each 5–15 s after the one before.
        var rng = new Random(1);
        var times = new List<DateTime> { Start };
        for (int i = 1; i < 3000; i++) times.Add(times[^1].AddMilliseconds(5000 + rng.Next(10001)));
        string? note = Note(times);
        Assert.IsNotNull(note);
        StringAssert.StartsWith(note, "the rows are not evenly spaced: ");
        StringAssert.Contains(note, "lie more than a quarter of the step (every 10 seconds) off a whole number of steps");
        StringAssert.Contains(note, "a horizon of H rows is not H steps of time");
    }

    [TestMethod]
    public void EvenlySpacedRowsAreNotNoted()
    {
        var rng = new Random(2);
        // Every 10 s with 5 % of the readings missing (gaps of whole steps).
        var gaps = Enumerable.Range(0, 3000).Where(_ => rng.NextDouble() > 0.05).Select(i => Start.AddSeconds(10 * i)).ToArray();
        Assert.IsNull(Note(gaps));
        // Every minute, each reading a second or two late or early.
        Assert.IsNull(Note(Enumerable.Range(0, 3000).Select(i => Start.AddMinutes(i).AddSeconds(rng.Next(-2, 3))).ToArray()));
        // A logger's clock up to 20 s either side of each minute: the app puts it on its grid (its own note).
        Assert.IsNull(Note(Enumerable.Range(0, 3000).Select(i => Start.AddMinutes(i).AddSeconds(rng.Next(-20, 21))).ToArray()));
        // Calendar months (28–31 days), quarters, business days (weekends no gap), daily with days skipped.
        Assert.IsNull(Note(Enumerable.Range(0, 120).Select(i => new DateTime(2015, 1, 31).AddMonths(i)).ToArray()));
        Assert.IsNull(Note(Enumerable.Range(0, 60).Select(i => new DateTime(2010, 1, 1).AddMonths(3 * i)).ToArray()));
        Assert.IsNull(Note(Enumerable.Range(0, 700).Select(i => Start.AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray()));
        Assert.IsNull(Note(Enumerable.Range(0, 700).Select(i => Start.AddDays(i)).Where(_ => rng.NextDouble() > 0.3).ToArray()));
        // A few readings off (a timestamp mistyped now and then): under a fifth of the steps.
        var few = Enumerable.Range(0, 3000).Select(i => Start.AddSeconds(10 * i + (i % 20 == 0 ? 5 : 0))).ToArray();
        Assert.IsNull(Note(few));
        // No dates, or one timestamp not a date.
        Assert.IsNull(IrregularStepNote.Line(null, null));
        Assert.IsNull(IrregularStepNote.Line([Start, null, Start.AddSeconds(7), Start.AddSeconds(19)], SeriesTimeStep.Infer([7L, 12L], true, false)));
    }

    [TestMethod]
    public void TheAppsReaderGivesTheNoteForAnIrregularFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-irregular-{Guid.NewGuid():N}.csv");
        var rng = new Random(3);
        var t = Start;
        var lines = new List<string> { "timestamp,value" };
        for (int i = 0; i < 500; i++, t = t.AddMilliseconds(5000 + rng.Next(10001)))
            lines.Add($"{t:yyyy-MM-ddTHH:mm:ss.fff},{50 + Math.Sin(i / 10.0):0.000}");
        File.WriteAllLines(path, lines);
        try
        {
            var s = CsvSeries.Read(path, null);
            StringAssert.StartsWith(IrregularStepNote.Line(s.ReadDates(), s.InferStep()), "the rows are not evenly spaced");
        }
        finally { File.Delete(path); }
    }
}
