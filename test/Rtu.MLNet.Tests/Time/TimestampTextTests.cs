using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class TimestampTextTests
{
    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [TestMethod]
    public void TheFormsStatisticalToolsWriteAreRead()
    {
        var cases = new (string Text, DateTime Expected)[]
        {
            ("1949-01-01", Utc(1949, 1, 1)), ("2024-03-01T13:30:00Z", Utc(2024, 3, 1, 13, 30)), ("2024-03-01 13:30", Utc(2024, 3, 1, 13, 30)),
            ("2024/03/01", Utc(2024, 3, 1)), ("\"1949-01-01\"", Utc(1949, 1, 1)),
            ("1949-01", Utc(1949, 1, 1)), ("Jan 1949", Utc(1949, 1, 1)), ("1949 Jan", Utc(1949, 1, 1)), ("March 1949", Utc(1949, 3, 1)),
            ("1949M01", Utc(1949, 1, 1)), ("1949M12", Utc(1949, 12, 1)),
            ("1949 Q1", Utc(1949, 1, 1)), ("1949Q2", Utc(1949, 4, 1)), ("1949-Q3", Utc(1949, 7, 1)), ("Q4 1949", Utc(1949, 10, 1)), ("1949 q4", Utc(1949, 10, 1)),
            ("2024-W01", Utc(2024, 1, 1)), ("2024W05", Utc(2024, 1, 29)), ("2024-W05-3", Utc(2024, 1, 31)), ("2020-W53", Utc(2020, 12, 28)),
            ("20240301", Utc(2024, 3, 1)),
            ("1949", Utc(1949, 1, 1)), ("1949.5", Utc(1949, 7, 2, 12)),
        };
        foreach (var (text, expected) in cases)
        {
            Assert.IsTrue(TimestampText.TryParse(text, out var d), text);
            Assert.AreEqual(expected, d, text);
            Assert.AreEqual(DateTimeKind.Utc, d.Kind, text);
        }
    }

    [TestMethod]
    public void WhatIsNoTimestampIsRefused()
    {
        foreach (string? text in new[] { null, "", "  ", "abc", "12", "999", "3001", "-5", "1949 Q5", "Q0 1949", "1949M13", "2021-W53", "2024-W00",
                     "20241301", "99999999", "1949.5.5", "day 5", new string('1', 100) })
            Assert.IsFalse(TimestampText.TryParse(text, out _), text ?? "null");
    }

    [TestMethod]
    public void QuartersAndWeeksGiveTheirSeasons()
    {
        // A quarterly file stamped "1949 Q1" read as no dates gave season 1: no seasonal member at all.
        var quarters = Enumerable.Range(0, 40).Select(i => $"{1949 + i / 4} Q{i % 4 + 1}").Select(Parse).ToArray();
        Assert.AreEqual(("quarterly", 4), (SeriesTimeStep.Infer(quarters).Name, SeriesTimeStep.Infer(quarters).SeasonLength));
        var months = Enumerable.Range(0, 36).Select(i => $"{1949 + i / 12}M{i % 12 + 1:00}").Select(Parse).ToArray();
        Assert.AreEqual(12, SeriesTimeStep.Infer(months).SeasonLength);
        var monthNames = Enumerable.Range(0, 36).Select(i => new DateTime(1949, 1, 1).AddMonths(i).ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)).Select(Parse).ToArray();
        Assert.AreEqual(12, SeriesTimeStep.Infer(monthNames).SeasonLength);
        var weeks = Enumerable.Range(1, 52).Select(w => $"2023-W{w:00}").Select(Parse).ToArray();
        Assert.AreEqual(("weekly", 52), (SeriesTimeStep.Infer(weeks).Name, SeriesTimeStep.Infer(weeks).SeasonLength));
    }

    private static DateTime Parse(string text) => TimestampText.TryParse(text, out var d) ? d : throw new AssertFailedException($"'{text}' was not read.");
}
