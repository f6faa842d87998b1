using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>
/// The forecasting app's note on running totals and counters that wrap (samples/Rtu.Forecasting/CumulativeNote.cs):
/// a series that never falls and rises on most rows, or falls only by nearly its whole range to near its lowest value;
/// not a trend with dips, a series that mostly stands still, one reset.
/// </summary>
[TestClass]
public sealed class CumulativeNoteTests
{
    private static readonly SeriesTimeStep QuarterHours = SeriesTimeStep.Infer([new DateTime(2025, 3, 3), new DateTime(2025, 3, 3, 0, 15, 0), new DateTime(2025, 3, 3, 0, 30, 0)]);

    private static string[] Stamps(int n) => Enumerable.Range(0, n).Select(i => new DateTime(2025, 3, 3).AddMinutes(15 * i).ToString("yyyy-MM-ddTHH:mm:ss")).ToArray();

    // A kWh meter: about 40 kWh a quarter hour by day, 10 at night.
    private static float[] Meter(int n)
    {
        var v = new float[n];
        double total = 1_254_341.3;
        for (int i = 0; i < n; i++) v[i] = (float)(total += 25 + 15 * Math.Sin(2 * Math.PI * i / 96));
        return v;
    }

    [TestMethod]
    public void ARunningTotalIsNoted()
    {
        var v = Meter(500);
        v[40] = float.NaN;   // a missing reading is skipped
        for (int i = 100; i < 110; i++) v[i] = v[99];   // stands still for a while
        string? note = CumulativeNote.Line(v, Stamps(v.Length), "the values", QuarterHours);
        Assert.IsNotNull(note);
        StringAssert.Contains(note, "the values never fall in 499 rows and rise on 98 % of them");
        StringAssert.Contains(note, "forecast its increases per step (the differences) and add them up");
    }

    [TestMethod]
    public void ACounterThatWrapsIsNoted()
    {
        // A 16-bit count of parts, about 46 a row, wrapping at 65,536.
        var v = Enumerable.Range(0, 5000).Select(i => (float)((30043L + 46L * i) % 65536)).ToArray();
        var stamps = Stamps(v.Length);
        string? note = CumulativeNote.Line(v, stamps, "the values", QuarterHours);
        Assert.IsNotNull(note);
        int first = Enumerable.Range(1, v.Length - 1).First(i => v[i] < v[i - 1]);
        StringAssert.Contains(note, $"fall only 3 times, each by nearly their whole range (the first at '{stamps[first]}', {v[first - 1]} to {v[first]})");
        StringAssert.Contains(note, "a counter that wraps?");
        // One fall is a meter reset, not a counter's wraps.
        Assert.IsNull(CumulativeNote.Line(v.Take(first + 500).ToArray(), stamps, "the values", null));
        // A level that fills to 100 and is emptied each week (a waste bin's fill in %) is no counter (an outside review):
        // no modulus near its highest value.
        var bin = Enumerable.Range(0, 700).Select(i => (float)Math.Min(100, 3 + 0.7 * (i % 168))).ToArray();
        Assert.IsNull(CumulativeNote.Line(bin, Stamps(bin.Length), "the values", QuarterHours));
        Assert.IsNotNull(CumulativeNote.Line(bin.Select(x => x * 655.35f).ToArray(), Stamps(bin.Length), "the values", QuarterHours), "the same at a 16-bit counter's range");
    }

    [TestMethod]
    public void AStockOnAStepOfMonthsIsNotNoted()
    {
        // A population counted each quarter only grows, as a meter does: the same values, quarterly and daily.
        var v = Enumerable.Range(0, 89).Select(i => (float)(13067 * Math.Pow(1.0035, i) + 5 * Math.Sin(i))).ToArray();
        var quarters = Enumerable.Range(0, 89).Select(i => new DateTime(1971, 4, 1).AddMonths(3 * i)).ToArray();
        var days = quarters.Select((_, i) => new DateTime(1971, 4, 1).AddDays(i)).ToArray();
        Assert.IsNull(CumulativeNote.Line(v, Stamps(89), "v", SeriesTimeStep.Infer(quarters)));
        Assert.IsNotNull(CumulativeNote.Line(v, Stamps(89), "v", SeriesTimeStep.Infer(days)));
        Assert.IsNotNull(CumulativeNote.Line(v, Stamps(89), "v", null), "no timestamps: no step to tell");
    }

    [TestMethod]
    public void OtherSeriesAreNotNoted()
    {
        var stamps = Stamps(500);
        // A rising trend with seasonal dips (CO2).
        Assert.IsNull(CumulativeNote.Line(Enumerable.Range(0, 500).Select(i => (float)(315 + 0.1 * i + 3 * Math.Sin(2 * Math.PI * i / 12))).ToArray(), stamps, "v", null));
        // A total that falls once by a little (a correction): not a total to add up blindly.
        var corrected = Meter(500);
        corrected[300] = corrected[299] - 5;
        Assert.IsNull(CumulativeNote.Line(corrected, stamps, "v", null));
        // Mostly standing still: a step count that is the same most rows.
        Assert.IsNull(CumulativeNote.Line(Enumerable.Range(0, 500).Select(i => (float)(i / 3)).ToArray(), stamps, "v", null));
        // Too short, and a constant.
        Assert.IsNull(CumulativeNote.Line(Meter(19), stamps, "v", null));
        Assert.IsNull(CumulativeNote.Line(Enumerable.Repeat(5f, 100).ToArray(), stamps, "v", null));
        // A sawtooth whose rises are noisy (a tool's wear, reset at each change): it falls between resets.
        var wear = Enumerable.Range(0, 500).Select(i => (float)(i % 100 * 3 + (i % 2 == 0 ? 2 : -2))).ToArray();
        Assert.IsNull(CumulativeNote.Line(wear, stamps, "v", null));
    }
}
