using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's local clock (samples/Rtu.Forecasting/LocalClock.cs, <c>--clock local</c>).</summary>
[TestClass]
public sealed class LocalClockTests
{
    // `rows` rows every `minutes` from `fromUtc` on, on Berlin's clock, written with their UTC offset (or without); value i at row i.
    private static CsvSeries Berlin(DateTime fromUtc, int rows, int minutes = 60, bool withOffset = true)
    {
        // Central European time in 2020 (no time-zone database needed): summer time from 29 March to 25 October, 01:00 UTC.
        TimeSpan Offset(DateTime utc) => TimeSpan.FromHours(utc >= new DateTime(2020, 3, 29, 1, 0, 0) && utc < new DateTime(2020, 10, 25, 1, 0, 0) ? 2 : 1);
        var stamps = new string[rows];
        var values = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            var utc = DateTime.SpecifyKind(fromUtc.AddMinutes(i * minutes), DateTimeKind.Utc);
            var offset = Offset(utc);
            var local = new DateTimeOffset(utc).ToOffset(offset);
            stamps[i] = withOffset ? local.ToString("yyyy-MM-dd'T'HH:mm:sszzz") : local.ToString("yyyy-MM-dd HH:mm");
            values[i] = i;
        }
        return new CsvSeries("load", stamps, values);
    }

    [TestMethod]
    public void TheRepeatedHourIsAveragedIntoItsFirstPass()
    {
        // Daylight saving ends on 2020-10-25 at 03:00 local (01:00 UTC): 02:00+02:00 and 02:00+01:00 are one local hour.
        var s = Berlin(new DateTime(2020, 10, 24, 22, 0, 0), 6);
        CollectionAssert.AreEqual(new[] { "2020-10-25T00:00:00+02:00", "2020-10-25T01:00:00+02:00", "2020-10-25T02:00:00+02:00", "2020-10-25T02:00:00+01:00", "2020-10-25T03:00:00+01:00", "2020-10-25T04:00:00+01:00" }, s.Timestamps);
        var (local, rowOf, note) = LocalClock.Apply(s);
        CollectionAssert.AreEqual(new[] { "2020-10-25T00:00:00", "2020-10-25T01:00:00", "2020-10-25T02:00:00", "2020-10-25T03:00:00", "2020-10-25T04:00:00" }, local.Timestamps);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2.5f, 4f, 5f }, local.Values, "the two passes' values averaged");
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 2, 3, 4 }, rowOf);
        StringAssert.Contains(note, "1 row(s) of an hour the clock repeats");
        StringAssert.Contains(note, "'2020-10-25T02:00:00+01:00'");
        // An exogenous column of the file is merged the same way (a missing value does not count).
        var column = new CsvSeries("temp", s.Timestamps, [10, 11, 12, float.NaN, 14, 15]);
        CollectionAssert.AreEqual(new[] { 10f, 11f, 12f, 14f, 15f }, LocalClock.MergeLike(column, rowOf, local.Timestamps).Values);
    }

    [TestMethod]
    public void QuarterHoursWithoutOffsetsAndTheSkippedHourOnTheGrid()
    {
        // A local clock written without offsets repeats 02:00–02:45 (four rows out of order): merged, the series is in
        // order, and daylight saving's start (02:00–02:45 skipped) becomes four missing rows on the step grid.
        var autumn = Berlin(new DateTime(2020, 10, 24, 23, 0, 0), 12, minutes: 15, withOffset: false);
        var (local, rowOf, _) = LocalClock.Apply(autumn);
        Assert.HasCount(8, local.Values);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7 }, rowOf);
        Assert.IsNull(local.TimeOrder(), "in time order");

        var spring = Berlin(new DateTime(2020, 3, 28, 23, 0, 0), 12, minutes: 15);
        var (onClock, _, note) = LocalClock.Apply(spring);
        StringAssert.Contains(note, "no hour repeats");
        var grid = onClock.OnStepGrid(out int[] rows);
        Assert.IsNotNull(grid);
        Assert.AreEqual(12 + 4, grid.Values.Length, "the skipped local hour is four missing rows");
        Assert.AreEqual(4, grid.Values.Count(float.IsNaN));
        Assert.AreEqual(12, rows.Length);
    }

    [TestMethod]
    public void NewestFirstMidnightZonesAndReadingsSentTwice()
    {
        // A newest-first file with offsets is put in time order by UTC, its repeated hour merged (it was left as it was,
        // and the duplicate local time kept the rows off the step grid: an outside review).
        var s = Berlin(new DateTime(2020, 10, 24, 22, 0, 0), 6);
        var reversed = new CsvSeries("load", s.Timestamps.Reverse().ToArray(), s.Values.Reverse().ToArray());
        var (local, rowOf, _) = LocalClock.Apply(reversed);
        CollectionAssert.AreEqual(new[] { "2020-10-25T00:00:00", "2020-10-25T01:00:00", "2020-10-25T02:00:00", "2020-10-25T03:00:00", "2020-10-25T04:00:00" }, local.Timestamps);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2.5f, 4f, 5f }, local.Values);
        CollectionAssert.AreEqual(new[] { 4, 3, 2, 2, 1, 0 }, rowOf);

        // Chile ends daylight saving at midnight: 23:00−03:00, then 23:00−04:00 again. Merged at any hour, by the offset.
        string[] chile = ["2022-09-03T22:00:00-03:00", "2022-09-03T23:00:00-03:00", "2022-09-03T23:00:00-04:00", "2022-09-04T00:00:00-04:00"];
        var (santiago, chileRows, note) = LocalClock.Apply(new CsvSeries("load", chile, [1, 2, 4, 5]));
        CollectionAssert.AreEqual(new[] { 1f, 3f, 5f }, santiago.Values);
        CollectionAssert.AreEqual(new[] { 0, 1, 1, 2 }, chileRows);
        StringAssert.Contains(note, "1 row(s) of an hour the clock repeats");

        // A reading sent twice at 02:00 under one offset is not daylight saving's hour: kept as it is (the app's note counts it).
        string[] twice = ["2020-06-10T01:00:00+02:00", "2020-06-10T02:00:00+02:00", "2020-06-10T02:00:00+02:00", "2020-06-10T03:00:00+02:00"];
        var (sent, _, sentNote) = LocalClock.Apply(new CsvSeries("load", twice, [1, 2, 2, 3]));
        Assert.HasCount(4, sent.Values);
        StringAssert.Contains(sentNote, "no hour repeats");
    }

    [TestMethod]
    public void UtcTimestampsAndOtherTextsAreRefusedByName()
    {
        var utc = new CsvSeries("load", ["2020-10-25T00:00:00Z", "2020-10-25T01:00:00Z", "2020-10-25T02:00:00Z"], [1, 2, 3]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LocalClock.Apply(utc)).Message, "in UTC");
        // A clock that switched from local time to UTC cannot be put back without its zone.
        var switched = new CsvSeries("load", ["2020-10-25T00:00:00+02:00", "2020-10-25T01:00:00+02:00", "2020-10-25T00:00:00Z"], [1, 2, 3]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LocalClock.Apply(switched)).Message, "row 3 is in UTC");
        var monthly = new CsvSeries("sales", ["2020-01", "2020-02", "2020-03"], [1, 2, 3]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LocalClock.Apply(monthly)).Message, "row 1's '2020-01' is not one");
    }

    [TestMethod]
    public void TheSuggestionFiresOnADaylightSavingChangeOfASubDailySeriesAlone()
    {
        var hourly = Berlin(new DateTime(2020, 10, 24, 0, 0, 0), 48);
        StringAssert.Contains(LocalClock.Suggestion(hourly), "changes by an hour 1 time(s)");
        Assert.IsNull(LocalClock.Suggestion(Berlin(new DateTime(2020, 7, 1), 48)), "no change of offset");
        Assert.IsNull(LocalClock.Suggestion(Berlin(new DateTime(2020, 10, 24, 0, 0, 0), 48, withOffset: false)), "no offsets");
        var daily = Enumerable.Range(0, 10).Select(i => new DateTime(2020, 10, 20).AddDays(i)).Select(d => d.ToString("yyyy-MM-dd") + (d.Day < 25 ? "T00:00:00+02:00" : "T00:00:00+01:00")).ToArray();
        Assert.IsNull(LocalClock.Suggestion(new CsvSeries("d", daily, new float[10])), "a daily series has no hour to move");
        Assert.IsNull(LocalClock.Suggestion(Berlin(new DateTime(2020, 10, 20), 60, minutes: 180)), "three-hourly rows cannot follow a clock that moves by one");
        var newestFirst = Berlin(new DateTime(2020, 10, 24, 0, 0, 0), 48);
        StringAssert.Contains(LocalClock.Suggestion(newestFirst with { Timestamps = newestFirst.Timestamps.Reverse().ToArray() }), "changes by an hour 1 time(s)", "newest first too");
    }
}
