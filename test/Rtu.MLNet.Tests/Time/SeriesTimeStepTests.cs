using Rtu.MLNet;

namespace Rtu.MLNet.Tests;

[TestClass]
public sealed class SeriesTimeStepTests
{
    private static DateTime[] Every(DateTime start, int n, Func<DateTime, int, DateTime> next) =>
        Enumerable.Range(0, n).Select(i => next(start, i)).ToArray();

    [TestMethod]
    public void StepsAndSeasonsFollowTheCalendar()
    {
        var hourly = SeriesTimeStep.Infer(Every(new DateTime(2024, 3, 1), 50, (d, i) => d.AddHours(i)));
        Assert.AreEqual(("hourly", 24), (hourly.Name, hourly.SeasonLength));
        var daily = SeriesTimeStep.Infer(Every(new DateTime(2024, 3, 1), 50, (d, i) => d.AddDays(i)));
        Assert.AreEqual(("daily", 7), (daily.Name, daily.SeasonLength));
        var weekdays = Every(new DateTime(2024, 1, 1), 60, (d, i) => d.AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        var business = SeriesTimeStep.Infer(weekdays);
        Assert.AreEqual(("business daily", 5), (business.Name, business.SeasonLength));
        Assert.AreEqual(1, business.StepsBetween(new DateTime(2024, 1, 5).Ticks, new DateTime(2024, 1, 8).Ticks), "Friday → Monday: one business day");
        Assert.AreEqual(6, business.StepsBetween(new DateTime(2024, 1, 5).Ticks, new DateTime(2024, 1, 15).Ticks));

        // Month ends: 28 to 31 days apart, one step each; a missing month is two steps.
        var monthly = SeriesTimeStep.Infer(Every(new DateTime(2000, 1, 31), 30, (d, i) => d.AddMonths(i)));
        Assert.AreEqual(("monthly", 12), (monthly.Name, monthly.SeasonLength));
        Assert.AreEqual(1, monthly.StepsBetween(new DateTime(2000, 1, 31).Ticks, new DateTime(2000, 2, 29).Ticks));
        Assert.AreEqual(2, monthly.StepsBetween(new DateTime(2000, 1, 31).Ticks, new DateTime(2000, 3, 31).Ticks));
        var quarterly = SeriesTimeStep.Infer(Every(new DateTime(1990, 1, 1), 20, (d, i) => d.AddMonths(3 * i)));
        Assert.AreEqual(("quarterly", 4), (quarterly.Name, quarterly.SeasonLength));
        Assert.AreEqual(2, quarterly.StepsBetween(new DateTime(1990, 1, 1).Ticks, new DateTime(1990, 7, 1).Ticks));
        // Four-weekly periods (13 a year) are not months: read as monthly they were a season of 12.
        var fourWeekly = SeriesTimeStep.Infer(Every(new DateTime(1978, 1, 2), 60, (d, i) => d.AddDays(28 * i)));
        Assert.AreEqual(("four-weekly", 13), (fourWeekly.Name, fourWeekly.SeasonLength));
        Assert.AreEqual(2, fourWeekly.StepsBetween(new DateTime(1978, 1, 2).Ticks, new DateTime(1978, 2, 27).Ticks));
        Assert.AreEqual("monthly", SeriesTimeStep.Infer(Every(new DateTime(2001, 1, 1), 13, (d, i) => d.AddMonths(i))).Name, "a February among the months");
        var yearly = SeriesTimeStep.Infer(Every(new DateTime(1900, 1, 1), 20, (d, i) => d.AddYears(i)));
        Assert.AreEqual(("yearly", 1), (yearly.Name, yearly.SeasonLength));
        Assert.AreEqual("unknown", SeriesTimeStep.Infer([new DateTime(2000, 1, 1)]).Name);
    }

    [TestMethod]
    public void HalfHourlyDatesStepByHalfHoursWithADailySeasonOf48()
    {
        // Found by the outside-in audit: 30-minute data fell into the hourly bucket (step 1 h, season 24), so a missing
        // half hour was no gap (round(1 h / 1 h) = 1 step) and the "daily" season was half a day.
        var halfHourly = SeriesTimeStep.Infer(Every(new DateTime(2024, 3, 1), 200, (d, i) => d.AddMinutes(30 * i)));
        Assert.AreEqual(("half-hourly", 48, TimeSpan.TicksPerHour / 2), (halfHourly.Name, halfHourly.SeasonLength, halfHourly.FixedTicks));
        var start = new DateTime(2024, 3, 1);
        Assert.AreEqual(1, halfHourly.StepsBetween(start.Ticks, start.AddMinutes(30).Ticks));
        Assert.AreEqual(2, halfHourly.StepsBetween(start.Ticks, start.AddHours(1).Ticks), "one missing half hour is a gap of two steps");
        // Neighbours: 20, 25 and 40 minutes are sub-hourly at their own step (40 minutes was hourly, a 1 h step, before),
        // 50 minutes hourly.
        foreach (int minutes in new[] { 20, 25, 40 })
        {
            var other = SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(minutes * i)));
            Assert.AreEqual(("sub-hourly", 1, minutes * TimeSpan.TicksPerMinute), (other.Name, other.SeasonLength, other.FixedTicks), $"{minutes} minutes");
        }
        Assert.AreEqual("half-hourly", SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(30 * i).AddSeconds(i % 3))).Name, "a few seconds of jitter");
        var fifty = SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(50 * i)));
        Assert.AreEqual(("hourly", 24), (fifty.Name, fifty.SeasonLength));
    }

    [TestMethod]
    public void NumbersStepByTheirMostCommonDifference()
    {
        var s = SeriesTimeStep.Infer([10, 10, 20, 10, 30], areDates: false, anyWeekend: false);
        Assert.AreEqual(10, s.FixedTicks);
        Assert.AreEqual(1, s.SeasonLength);
        Assert.AreEqual(3, s.StepsBetween(100, 130));
    }
}
