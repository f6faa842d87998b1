using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's <c>--paths</c> file (samples/Rtu.Forecasting/ForecastPaths.cs).</summary>
[TestClass]
public sealed class ForecastPathsTests
{
    [TestMethod]
    public void EachRowsForecastsOfTheRowsAfterItOneLinePerHorizon()
    {
        // Three rows, horizon 2: row t's forecasts of rows t+1 and t+2 (made[t][h − 1]) with their four bounds; the target's
        // timestamp is empty past the last row, a value never made (NaN, or no row at all) is empty.
        string[] timestamps = ["2024-01-01", "2024-01-02", "2024-01-03"];
        float[][] made = [[1f, 2f], [3.5f, float.NaN], [5f, 6f]];
        float[][][] bands = Enumerable.Range(0, 4).Select(b => new[] { new[] { 10f + b, 20f + b }, null!, new[] { 30f + b, 40f + b } }).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"rtu-paths-{Guid.NewGuid():N}.csv");
        try
        {
            ForecastPaths.Write(path, timestamps, made, bands, 2);
            CollectionAssert.AreEqual(new[]
            {
                "origin,h,target,forecast,lower80,upper80,lower95,upper95",
                "2024-01-01,1,2024-01-02,1,10,11,12,13",
                "2024-01-01,2,2024-01-03,2,20,21,22,23",
                "2024-01-02,1,2024-01-03,3.5,,,,",
                "2024-01-02,2,,,,,,",
                "2024-01-03,1,,5,30,31,32,33",
                "2024-01-03,2,,6,40,41,42,43",
            }, File.ReadAllLines(path));
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void TheTargetsPastTheLastRowAreDatedByTheStep()
    {
        // The last row's forecasts are the next week's reorder: their targets are dated by the timestamps' step.
        string text = "date,sales\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{new DateTime(2024, 2, 20).AddDays(i):yyyy-MM-dd},{i}\n"));
        string csv = Path.Combine(Path.GetTempPath(), $"rtu-paths-in-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, text);
        try
        {
            var series = CsvSeries.Read(csv, "sales");
            CollectionAssert.AreEqual(new[] { "2024-03-21", "2024-03-22", "2024-03-23" }, series.NextTimestamps(3));
            var undated = CsvSeries.Read(csv, "sales") with { Timestamps = Enumerable.Range(0, 30).Select(i => $"row {i}").ToArray() };
            CollectionAssert.AreEqual(new[] { "", "" }, undated.NextTimestamps(2));
        }
        finally { File.Delete(csv); }
        string path = Path.Combine(Path.GetTempPath(), $"rtu-paths-{Guid.NewGuid():N}.csv");
        try
        {
            ForecastPaths.Write(path, ["2024-01-01"], [[7f, 8f]], Enumerable.Range(0, 4).Select(_ => new[] { new[] { 1f, 2f } }).ToArray(), 2, ["2024-01-02", "2024-01-03"]);
            CollectionAssert.AreEqual(new[] { "2024-01-01,1,2024-01-02,7,1,1,1,1", "2024-01-01,2,2024-01-03,8,2,2,2,2" }, File.ReadAllLines(path)[1..]);
        }
        finally { File.Delete(path); }
    }
}
