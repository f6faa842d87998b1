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
}
