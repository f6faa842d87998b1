using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's interval report (samples/Rtu.Forecasting/IntervalReport.cs).</summary>
[TestClass]
public sealed class IntervalReportTests
{
    [TestMethod]
    public void TheRunningQuantileIsTheKthSmallestAsASortedListGivesIt()
    {
        // The seasonal-naive baseline's quantile of its past errors came from a list kept sorted by insertion, O(n) per
        // error: the report of a million hourly rows took two minutes. The heaps give the same numbers.
        var random = new Random(3);
        foreach (double level in new[] { 0.8, 0.95, 0.5 })
        {
            var q = new IntervalReport.KthSmallest();
            var sorted = new List<double>();
            for (int i = 0; i < 3000; i++)
            {
                double e = random.Next(4) == 0 ? random.Next(5) : random.NextDouble() * 10;   // ties too
                q.Add(e);
                sorted.Add(e);
                if (random.Next(3) == 0) continue;   // not asked after every number
                sorted.Sort();
                int k = (int)Math.Ceiling((sorted.Count + 1) * level);
                if (k <= sorted.Count) Assert.AreEqual(sorted[k - 1], q.Get(k), $"n = {sorted.Count}, k = {k}");
            }
            Assert.AreEqual(sorted.Min(), q.Get(1));
            Assert.AreEqual(sorted.Max(), q.Get(q.Count));
        }
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new IntervalReport.KthSmallest().Get(1));
    }

    // Rain-like data: 90 % zeros, every tenth row 1–5; forecasts 0 with intervals [0, width] (width 0.5: covers every 0
    // and none of the rainy rows but those the wider 95 % one reaches), made at row t for t + 1 … t + H.
    private static (float[] Y, float[][] Made, float[][][] Bands) Rain(int n, int horizon, float w80, float w95)
    {
        var y = Enumerable.Range(0, n).Select(t => t % 10 == 9 ? 1 + t / 10 % 5 : 0f).ToArray();
        var made = Enumerable.Range(0, n).Select(_ => new float[horizon]).ToArray();
        float[][] Band(float v) => Enumerable.Range(0, n).Select(_ => Enumerable.Repeat(v, horizon).ToArray()).ToArray();
        return (y, made, [Band(0), Band(w80), Band(0), Band(w95)]);
    }

    [TestMethod]
    public void OnMostlyZeroDataTheCoverageOfTheRowsAbove0IsGivenApart()
    {
        // The pooled coverage here is over 90 %; above 0 the 80 % interval covers nothing and the 95 % one the values ≤ 2
        // (2 of each 5 rainy rows: 40 %).
        var (y, made, bands) = Rain(1000, 3, 0.5f, 2f);
        string? line = IntervalReport.AboveZeroLine(y, made, bands, 3);
        Console.WriteLine(line);
        Assert.IsNotNull(line);
        StringAssert.Contains(line, "90 % of the values are 0");
        StringAssert.Contains(line, "one step ahead, 0.0 % and 40.0 % of the 100 rows above 0");
        StringAssert.Contains(line, "3 steps ahead, 0.0 % and 40.0 % of the 100 rows above 0: such intervals say how likely a row is 0");
        var (_, _, wide) = Rain(1000, 3, 5f, 5f);
        string? covered = IntervalReport.AboveZeroLine(y, made, wide, 3);
        StringAssert.Contains(covered, "one step ahead, 100.0 % and 100.0 % of the 100 rows above 0; 3 steps");
        Assert.DoesNotContain("such intervals", covered!, "covered as stated: the figures alone");
        Assert.IsNull(IntervalReport.AboveZeroLine(y.Select(v => v + 1).ToArray(), made, bands, 3), "no zeros");
        Assert.IsNull(IntervalReport.AboveZeroLine(y.Select((v, t) => t % 3 == 0 ? -1f : v).ToArray(), made, bands, 3), "below 0 somewhere");
        var (few, fewMade, fewBands) = Rain(150, 1, 0.5f, 2f);
        Assert.IsNull(IntervalReport.AboveZeroLine(few, fewMade, fewBands, 1), $"fewer than {IntervalReport.MinAboveZero} rows above 0");
        var (noBands, noMade, empty) = Rain(1000, 1, float.NaN, float.NaN);
        Assert.IsNull(IntervalReport.AboveZeroLine(noBands, noMade, empty, 1), "no intervals");
    }
}
