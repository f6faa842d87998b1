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
        // Neighbours step by themselves (40 minutes was hourly, a 1 h step, before): 20 and 40 minutes divide a day (72
        // and 36 steps), 25 minutes does not and has no season; 50 minutes is hourly.
        foreach (var (minutes, name, season) in new[] { (20, "every 20 minutes", 72), (25, "sub-hourly", 1), (40, "every 40 minutes", 36) })
        {
            var other = SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(minutes * i)));
            Assert.AreEqual((name, season, minutes * TimeSpan.TicksPerMinute), (other.Name, other.SeasonLength, other.FixedTicks), $"{minutes} minutes");
        }
        Assert.AreEqual("half-hourly", SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(30 * i).AddSeconds(i % 3))).Name, "a few seconds of jitter");
        var fifty = SeriesTimeStep.Infer(Every(start, 50, (d, i) => d.AddMinutes(50 * i)));
        Assert.AreEqual(("hourly", 24), (fifty.Name, fifty.SeasonLength));
    }

    [TestMethod]
    public void AStepThatDividesADayHasADailySeasonAndAWeeklySecondSeason()
    {
        // Found in the thirty-second pass: steps of 1.5 to 18 hours fell into the daily bucket (a day's step and a season of
        // 7: rows 3 hours apart were 0 steps apart, and a missing row no gap), steps under 45 minutes had no season.
        var start = new DateTime(2024, 3, 1);
        foreach (var (minutes, name, season) in new[] { (1, "every 1 minute", 1440), (5, "every 5 minutes", 288), (10, "every 10 minutes", 144), (15, "every 15 minutes", 96),
                     (90, "every 90 minutes", 16), (120, "every 2 hours", 12), (180, "every 3 hours", 8), (240, "every 4 hours", 6), (360, "every 6 hours", 4), (480, "every 8 hours", 3), (720, "every 12 hours", 2) })
        {
            var s = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddMinutes(minutes * i)));
            Assert.AreEqual((name, season, minutes * TimeSpan.TicksPerMinute, (int?)(7 * season)), (s.Name, s.SeasonLength, s.FixedTicks, s.SecondSeasonLength), $"{minutes} minutes");
            Assert.AreEqual(1, s.StepsBetween(start.Ticks, start.AddMinutes(minutes).Ticks));
            Assert.AreEqual(3, s.StepsBetween(start.Ticks, start.AddMinutes(3 * minutes).Ticks), "two missing rows are a gap of three steps");
        }
        // A few seconds of jitter still count; steps that do not divide a day, or under a minute, have no season.
        Assert.AreEqual(96, SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddMinutes(15 * i).AddSeconds(i % 3))).SeasonLength);
        Assert.AreEqual(1440, SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddSeconds(61 * i))).SeasonLength);
        var seven = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddHours(7 * i)));
        Assert.AreEqual(("sub-daily", 1, 7 * TimeSpan.TicksPerHour, (int?)null), (seven.Name, seven.SeasonLength, seven.FixedTicks, seven.SecondSeasonLength));
        var halfMinutes = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddSeconds(30 * i)));
        Assert.AreEqual(("every 30 seconds", 1, 30 * TimeSpan.TicksPerSecond, 2880L), (halfMinutes.Name, halfMinutes.SeasonLength, halfMinutes.FixedTicks, halfMinutes.StepsPerDay));
        var tenSeconds = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddSeconds(10 * i)));
        Assert.AreEqual(("every 10 seconds", 1, 8640L), (tenSeconds.Name, tenSeconds.SeasonLength, tenSeconds.StepsPerDay));
        Assert.AreEqual(3, tenSeconds.StepsBetween(start.Ticks, start.AddSeconds(30).Ticks));
        Assert.AreEqual(("sub-hourly", (long?)null), (SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddMilliseconds(7300 * i))).Name, SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddMilliseconds(7300 * i))).StepsPerDay));
        // The calendar steps keep their seasons; the week is the second season only for a day of steps.
        Assert.AreEqual(168, SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddHours(i))).SecondSeasonLength);
        Assert.AreEqual(336, SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddMinutes(30 * i))).SecondSeasonLength);
        var daily = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddDays(i)));
        Assert.AreEqual(("daily", 7, (int?)null), (daily.Name, daily.SeasonLength, daily.SecondSeasonLength));
        Assert.IsNull(SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddMonths(i))).SecondSeasonLength);
    }

    [TestMethod]
    public void DailyDataWithMostDaysSkippedAreDaily()
    {
        // A sales export without the days that sold nothing (an intermittent item sells on 40 % of days): the median gap is
        // 2 days, but a fifth or more of the gaps are one day. Read by the median it was "every 2 days" without a season
        // (an outside audit); the step is a day.
        var random = new Random(3);
        var start = new DateTime(2021, 1, 1);
        var days = Enumerable.Range(0, 1000).Where(_ => random.NextDouble() < 0.4).Select(i => start.AddDays(i)).ToArray();
        var step = SeriesTimeStep.Infer(days);
        Assert.AreEqual(("daily", 7, TimeSpan.TicksPerDay), (step.Name, step.SeasonLength, step.FixedTicks));
        Assert.AreEqual(3, step.StepsBetween(start.Ticks, start.AddDays(3).Ticks));
        // Weekdays only, most skipped: business days.
        var weekdays = days.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        Assert.AreEqual(("business daily", 5), (SeriesTimeStep.Infer(weekdays).Name, SeriesTimeStep.Infer(weekdays).SeasonLength));
        // Every 2 or 3 days with a next-day gap by accident now and then stay as they were.
        var twos = Enumerable.Range(0, 100).Select(i => start.AddDays(2 * i + (i == 50 ? -1 : 0))).ToArray();
        Assert.AreEqual("every 2 days", SeriesTimeStep.Infer(twos).Name);
        var threes = Enumerable.Range(0, 100).Select(i => start.AddDays(3 * i + (i % 20 == 10 ? 2 : 0))).ToArray();
        Assert.AreEqual("every 3 days", SeriesTimeStep.Infer(threes).Name);
    }

    [TestMethod]
    public void StepsBetweenTheCalendarsHaveTheirOwnStepAndSeason()
    {
        // Found in the thirty-second pass: every 3 days was weekly, dekads and half months were monthly, two months
        // quarterly and half years yearly, so rows closer than that step were 0 steps apart and a missing row no gap.
        var start = new DateTime(2020, 1, 1);
        var three = SeriesTimeStep.Infer(Every(start, 60, (d, i) => d.AddDays(3 * i)));
        Assert.AreEqual(("every 3 days", 1, 3 * TimeSpan.TicksPerDay), (three.Name, three.SeasonLength, three.FixedTicks));
        Assert.AreEqual(2, three.StepsBetween(start.Ticks, start.AddDays(6).Ticks));
        // Dekads (the 1st, 11th and 21st) and half months (the 1st and 16th): one step each, a missing one two.
        var dekads = Enumerable.Range(0, 72).Select(i => new DateTime(2020, 1, 1).AddMonths(i / 3).AddDays(10 * (i % 3))).ToArray();
        var tenDaily = SeriesTimeStep.Infer(dekads);
        Assert.AreEqual(("ten-daily", 36), (tenDaily.Name, tenDaily.SeasonLength));
        for (int i = 1; i < dekads.Length; i++) Assert.AreEqual(1, tenDaily.StepsBetween(dekads[i - 1].Ticks, dekads[i].Ticks), $"dekad {i}");
        Assert.AreEqual(2, tenDaily.StepsBetween(dekads[2].Ticks, dekads[4].Ticks));
        var halves = Enumerable.Range(0, 48).Select(i => new DateTime(2020, 1, 1).AddMonths(i / 2).AddDays(15 * (i % 2))).ToArray();
        var semiMonthly = SeriesTimeStep.Infer(halves);
        Assert.AreEqual(("semi-monthly", 24), (semiMonthly.Name, semiMonthly.SeasonLength));
        for (int i = 1; i < halves.Length; i++) Assert.AreEqual(1, semiMonthly.StepsBetween(halves[i - 1].Ticks, halves[i].Ticks), $"half month {i}");
        Assert.AreEqual(2, semiMonthly.StepsBetween(halves[1].Ticks, halves[3].Ticks));
        var biMonthly = SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddMonths(2 * i)));
        Assert.AreEqual(("bi-monthly", 6, 2), (biMonthly.Name, biMonthly.SeasonLength, biMonthly.StepsBetween(start.Ticks, start.AddMonths(4).Ticks)));
        var halfYearly = SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddMonths(6 * i)));
        Assert.AreEqual(("half-yearly", 2, 2), (halfYearly.Name, halfYearly.SeasonLength, halfYearly.StepsBetween(start.Ticks, start.AddYears(1).Ticks)));
        // The neighbours keep theirs.
        Assert.AreEqual("weekly", SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddDays(7 * i))).Name);
        Assert.AreEqual("monthly", SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddMonths(i))).Name);
        Assert.AreEqual("yearly", SeriesTimeStep.Infer(Every(start, 30, (d, i) => d.AddYears(i))).Name);
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
