using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's made-up timestamps in the file's own ISO layout (samples/Rtu.Forecasting/IsoLayout.cs).</summary>
[TestClass]
public sealed class IsoLayoutTests
{
    [TestMethod]
    public void MadeUpTimestampsFollowTheFilesLayout()
    {
        // An outside audit: 2020-01-03 02:00:00 among 2020-01-03T01:00:00Z, and 2001-09-01 among 2001-08.
        var utc = IsoLayout.Of(["2020-01-03T00:00:00Z", " 2020-01-03T01:00:00Z", ""])!;
        Assert.AreEqual("2020-01-03T02:00:00Z", utc.Write(new DateTime(2020, 1, 3, 2, 0, 0)));
        var months = IsoLayout.Of(["2001-07", "2001-08"])!;
        Assert.IsTrue(months.Holds(new DateTime(2001, 9, 1)));
        Assert.AreEqual("2001-09", months.Write(new DateTime(2001, 9, 1)));
        Assert.IsFalse(months.Holds(new DateTime(2001, 9, 15)), "a day within a month is not written as the month");
        var minutes = IsoLayout.Of(["2020-01-03 00:00", "2020-01-03 00:30"])!;
        Assert.AreEqual("2020-01-03 01:00", minutes.Write(new DateTime(2020, 1, 3, 1, 0, 0)));
        Assert.IsFalse(minutes.Holds(new DateTime(2020, 1, 3, 1, 0, 30)));
        Assert.AreEqual("2020-01-03 01:00:00.5", IsoLayout.Of(["2020-01-03 00:00:00.25"])!.Write(new DateTime(2020, 1, 3, 1, 0, 0, 500)));
        // Mixed layouts, offsets and other forms have none: the app writes ISO as before.
        Assert.IsNull(IsoLayout.Of(["2020-01-03T00:00:00Z", "2020-01-03 01:00:00"]));
        Assert.IsNull(IsoLayout.Of(["2020-01-03T00:00:00+02:00"]));
        Assert.IsNull(IsoLayout.Of(["03/01/2020"]));
        Assert.IsNull(IsoLayout.Of([""]));
    }

    [TestMethod]
    public void AGapsTimestampsAreWrittenAsTheFilesAre()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rtu-iso-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "time,value\n2020-01-01T00:00:00Z,1\n2020-01-01T01:00:00Z,2\n2020-01-01T02:00:00Z,3\n2020-01-01T04:00:00Z,5\n2020-01-01T05:00:00Z,6\n");
        try
        {
            var grid = CsvSeries.Read(path, null, []).OnStepGrid(out _);
            Assert.IsNotNull(grid);
            CollectionAssert.Contains(grid.Timestamps, "2020-01-01T03:00:00Z");
        }
        finally { File.Delete(path); }
    }
}
