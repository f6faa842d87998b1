using Rtu.Forecasting;

namespace Rtu.MLNet.Tests;

/// <summary>The forecasting app's points for its plots (samples/Rtu.Forecasting/PlotPoints.cs).</summary>
[TestClass]
public sealed class PlotPointsTests
{
    [TestMethod]
    public void AMillionRowsAreDrawnFromTheirEnvelopeAndShortSeriesWhole()
    {
        // A plot of a million hourly rows drew for over six minutes after the results were printed.
        var random = new Random(7);
        int n = 1_000_000;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = Enumerable.Range(0, n).Select(i => Math.Sin(i * 0.26) + random.NextDouble()).ToArray();
        y[123_457] = 50;   // a spike stays in the plot
        var (tx, ty) = PlotPoints.Thin((x, y));
        Assert.IsLessThanOrEqualTo(2 * PlotPoints.Buckets, tx.Length);
        Assert.AreEqual(y.Max(), ty.Max());
        Assert.AreEqual(y.Min(), ty.Min());
        Assert.AreEqual(50, ty[Array.IndexOf(tx, 123_457.0)]);
        CollectionAssert.AreEqual(tx.Order().ToArray(), tx, "points stay in their order");

        var lower = y.Select(v => v - 1).ToArray();
        var upper = y.Select(v => v + 1).ToArray();
        var (bx, bl, bu) = PlotPoints.ThinBand(x, lower, upper);
        Assert.HasCount(PlotPoints.Buckets, bx);
        Assert.AreEqual(51, bu.Max());
        Assert.AreEqual(lower.Min(), bl.Min());

        var shortX = x[..PlotPoints.MaxPoints];
        Assert.AreSame(shortX, PlotPoints.Thin((shortX, y[..PlotPoints.MaxPoints])).X, "a series up to MaxPoints rows is drawn whole");
        Assert.AreSame(shortX, PlotPoints.ThinBand(shortX, lower[..PlotPoints.MaxPoints], upper[..PlotPoints.MaxPoints]).X);
    }

    [TestMethod]
    public void AMissingValueBreaksTheLine()
    {
        // An outside audit: a gap of twenty missing months was drawn as a straight "actual" line between its ends.
        double[] time = [0, 1, 2, 3, 4, 5, 6];
        var segments = PlotPoints.Segments(time, [1, 2, double.NaN, double.NaN, 5, double.NaN, 7]);
        Assert.HasCount(3, segments);
        CollectionAssert.AreEqual(new[] { 0.0, 1 }, segments[0].X);
        CollectionAssert.AreEqual(new[] { 4.0 }, segments[1].X);
        CollectionAssert.AreEqual(new[] { 7.0 }, segments[2].Y);
        Assert.AreSame(segments, PlotPoints.ThinSegments(segments), "a short line is drawn whole");
        // A long line's runs share the envelope's buckets; more runs than buckets are one line through every point.
        int n = 3 * PlotPoints.MaxPoints;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var halves = PlotPoints.ThinSegments(PlotPoints.Segments(x, x.Select(v => v == n / 2 ? double.NaN : Math.Sin(v)).ToArray()));
        Assert.HasCount(2, halves);
        Assert.IsLessThanOrEqualTo(2 * PlotPoints.Buckets, halves.Sum(h => h.X.Length));
        var sparse = PlotPoints.ThinSegments(PlotPoints.Segments(x, x.Select(v => v % 3 == 0 ? double.NaN : v).ToArray()));
        Assert.HasCount(1, sparse);
        Assert.IsLessThanOrEqualTo(2 * PlotPoints.Buckets, sparse[0].X.Length);
    }
}
