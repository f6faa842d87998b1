using Microsoft.ML;
using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's lines for a series that is mostly 0 (samples/Rtu.Forecasting/IntermittentReport.cs).</summary>
[TestClass]
public sealed class IntermittentReportTests
{
    // Sales of 1–9 on a fifth of the days, else 0; a forecast of 0.25 made at every row for the next.
    private static (float[] Y, float[]?[] Made) Demand(double share, float offset = 0)
    {
        var random = new Random(61);
        var y = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < share ? random.Next(1, 10) + offset : offset).ToArray();
        var made = y.Select((_, r) => Prequential.IsScorable(y, r, 1, 7) ? new[] { 0.25f } : null).ToArray();
        return (y, made);
    }

    [TestMethod]
    public void AMostlyZeroSeriesGetsTheZeroForecastsScoresAndANote()
    {
        var (y, made) = Demand(0.2);
        var lines = IntermittentReport.Lines(new MLContext(1), y, made, 1, 7);
        Assert.AreEqual(2, lines.Count);
        // The zero forecast's MAE is the mean of the values on the scored rows; its MASE that over the naive's MAE.
        var rows = Enumerable.Range(0, y.Length - 1).Where(r => made[r] is not null).Select(r => y[r + 1]).ToArray();
        StringAssert.StartsWith(lines[0].Trim(), "all-zero forecast");
        StringAssert.Contains(lines[0], rows.Average().ToString("G5", System.Globalization.CultureInfo.CurrentCulture));
        StringAssert.Contains(lines[1], $"{100 * y.Count(v => v == 0) / (double)y.Length:F0} % of the values are 0");
        StringAssert.Contains(lines[1], "the forecasts average 0.25 a row");
        StringAssert.Contains(lines[1], "Forecasting 0 on every row scores no worse");
        StringAssert.Contains(lines[1], "under-order");
        StringAssert.Contains(lines[1], "fall short of the total");
        // Forecasts above the values: they do not under-order.
        var high = made.Select(f => f is null ? null : new[] { 9f }).ToArray();
        var said = IntermittentReport.Lines(new MLContext(1), y, high, 1, 7)[1];
        Assert.IsFalse(said.Contains("under-order"), said);
        // Forecasts equal to the values: 0 scores worse, and the note does not say otherwise.
        var exact = y.Select((_, r) => made[r] is null || r + 1 >= y.Length ? null : new[] { y[r + 1] }).ToArray();
        said = IntermittentReport.Lines(new MLContext(1), y, exact, 1, 7)[1];
        Assert.IsFalse(said.Contains("no worse"), said);
    }

    [TestMethod]
    public void OtherSeriesGetNone()
    {
        var ml = new MLContext(1);
        var (busy, made) = Demand(0.6);
        Assert.AreEqual(0, IntermittentReport.Lines(ml, busy, made, 1, 7).Count, "fewer than half the values 0");
        var (below, made2) = Demand(0.2, offset: -1);
        below[3] = 0;
        Assert.AreEqual(0, IntermittentReport.Lines(ml, below, made2, 1, 7).Count, "values below 0");
        Assert.AreEqual(0, IntermittentReport.Lines(ml, new float[10], new float[]?[10], 1, 7).Count, "nothing scored");
        var zeros = new float[40];
        Assert.AreEqual(0, IntermittentReport.Lines(ml, zeros, zeros.Select((_, r) => Prequential.IsScorable(zeros, r, 1, 7) ? new[] { 0f } : null).ToArray(), 1, 7).Count, "all 0");
    }
}
