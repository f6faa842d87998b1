using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The width factor's step per horizon (<see cref="ConformalIntervals.StepAt"/>): γ/√h, and γ for an older layout.</summary>
[TestClass]
public sealed class ConformalIntervalsStepTests
{
    private const int Horizon = 24;

    [TestMethod]
    public void TheStepShrinksAsTheSquareRootOfTheHorizonAndAnOlderLayoutKeepsItsConstantStep()
    {
        var intervals = new ConformalIntervals(Horizon);
        var older = ReadAsLayout(intervals, 5, intervals.LaterLayoutsLength(5));
        foreach (int h in new[] { 1, 4, 24 })
        {
            Assert.AreEqual(ConformalIntervals.Step / Math.Sqrt(h), intervals.StepAt(h), 0.0, $"h={h}");
            Assert.AreEqual(ConformalIntervals.Step, older.StepAt(h), 0.0, $"h={h}, layout 5");
            Assert.AreEqual(intervals.StepAt(h), Reloaded(intervals).StepAt(h), 0.0, "saved and loaded");
        }
        Assert.AreEqual(ConformalIntervals.Step, intervals.StepAt(1), 0.0, "one step ahead as before");
    }

    [TestMethod]
    public void TheLongHorizonsWidthFactorNoLongerSwingsNearZeroWidth()
    {
        // Naive forecasts of a random walk whose volatility doubles and halves in turn every 400 rows: each change sends
        // a run of misses (or of hits) through the 24 intervals in flight before the first of them is scored. With γ at
        // every horizon (an older layout) the factor overshot by about h·γ·ℓ and came back near 0: intervals nearly shut.
        var fresh = new ConformalIntervals(Horizon);
        var older = Run(ReadAsLayout(fresh, 5, fresh.LaterLayoutsLength(5)));
        var current = Run(fresh);
        Console.WriteLine($"h = 24, 80 %: factor range {current.Min:F2}–{current.Max:F2} (layout 5: {older.Min:F2}–{older.Max:F2})");
        Assert.IsLessThan(0.25, older.Min, "the constant step nearly shuts the interval");
        Assert.IsGreaterThan(0.5, current.Min, "γ/√h keeps it open");
        Assert.IsLessThan(0.5 * (older.Max - older.Min), current.Max - current.Min, "the factor's swing");
    }

    // The range of horizon 24's 80 % width factor (in units of the horizon's error scale) once calibrated.
    private static (double Min, double Max) Run(ConformalIntervals intervals)
    {
        var rng = new Random(7);
        double y = 100, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var forecast = new float[Horizon];
        for (int t = 0; t < 6000; t++)
        {
            double sd = (t / 400) % 2 == 0 ? 1 : 2;
            y += sd * Normal(rng);
            intervals.Observe(y, learn: true);
            Array.Fill(forecast, (float)y);
            intervals.Remember(forecast);
            if (t < 1000) continue;
            double factor = intervals.WidthFactor(Horizon, 0);
            min = Math.Min(min, factor); max = Math.Max(max, factor);
        }
        return (min, max);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
