using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's rows sent twice (samples/Rtu.Forecasting/RepeatedRows.cs).</summary>
[TestClass]
public sealed class RepeatedRowsTests
{
    private static CsvSeries Minutes(params (string Time, float Value)[] rows) =>
        new("value", rows.Select(r => r.Time).ToArray(), rows.Select(r => r.Value).ToArray());

    [TestMethod]
    public void ARowSentTwiceIsTakenOnceAndItsRepeatSharesItsRow()
    {
        var s = Minutes(("2025-01-06 00:14:00", 1), ("2025-01-06 00:15:00", 2), ("2025-01-06 00:15:00", 2), ("2025-01-06 00:16:00", 3), ("2025-01-06 00:16:00", 3), ("2025-01-06 00:17:00", 4));
        var column = new CsvSeries("temp", s.Timestamps, [10, 20, 20, 30, 30, 40]);
        var (once, rowOf, note) = RepeatedRows.Drop(s, [column])!.Value;
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f }, once.Values);
        CollectionAssert.AreEqual(new[] { 0, 1, 1, 2, 2, 3 }, rowOf);
        CollectionAssert.AreEqual(new[] { 10f, 20f, 30f, 40f }, RepeatedRows.Kept(column, rowOf).Values);
        StringAssert.Contains(note, "2 row(s) repeat the row before exactly");
        Assert.IsNull(once.TimeOrder(), "in time order, no timestamp repeated: the step grid can be built again");
    }

    [TestMethod]
    public void OnlyAnExactRepeatIsDropped()
    {
        // Another value, another exogenous value, two empty values, or an hourly local clock's 02:00 twice (daylight saving's
        // repeated hour, a real one) are kept; at 02:00 on minutes the repeat is a reading sent twice.
        Assert.IsNull(RepeatedRows.Drop(Minutes(("2025-01-06 00:15:00", 2), ("2025-01-06 00:15:00", 3)), []));
        var same = Minutes(("2025-01-06 00:14:00", 1), ("2025-01-06 00:15:00", 2), ("2025-01-06 00:15:00", 2));
        Assert.IsNull(RepeatedRows.Drop(same, [new CsvSeries("temp", same.Timestamps, [1, 2, 5])]), "the exogenous value differs");
        Assert.IsNull(RepeatedRows.Drop(Minutes(("2025-01-06 00:14:00", 1), ("2025-01-06 00:15:00", float.NaN), ("2025-01-06 00:15:00", float.NaN)), []), "two empty values");
        Assert.IsNull(RepeatedRows.Drop(Minutes(("2020-10-25 01:00", 0), ("2020-10-25 02:00", 0), ("2020-10-25 02:00", 0), ("2020-10-25 03:00", 0)), []), "an hourly local clock's repeated hour");
        Assert.IsNotNull(RepeatedRows.Drop(Minutes(("2020-10-25 02:00:00+01:00", 0), ("2020-10-25 03:00:00+01:00", 0), ("2020-10-25 03:00:00+01:00", 0)), []), "with an offset written, the same hour twice is a repeat");
        Assert.IsNotNull(RepeatedRows.Drop(Minutes(("2025-01-06 02:14:00", 1), ("2025-01-06 02:15:00", 2), ("2025-01-06 02:15:00", 2)), []), "minutes at 02:15");
    }
}
