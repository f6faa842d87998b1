using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The frozen view of the conformal intervals (half-widths, <see cref="ConformalIntervals.Freeze"/>) is what Write uses.</summary>
[TestClass]
public sealed class ConformalIntervalsTests
{
    [TestMethod]
    public void HalfWidthsAreWhatWriteAddsAndStayFrozenWithoutLearning()
    {
        var intervals = new ConformalIntervals(horizon: 2);
        var rng = new Random(4);
        float[] forecast = [0f, 0f];
        for (int t = 0; t < 3; t++) { intervals.Observe(rng.NextDouble(), learn: true); intervals.Remember(forecast); }
        Assert.IsTrue(double.IsNaN(intervals.HalfWidth(1, 0)), "too few scored forecasts: unknown");
        Assert.AreEqual(2, intervals.Scored(1));
        for (int t = 0; t < 200; t++)
        {
            intervals.Observe(rng.NextDouble() * 2 - 1, learn: true);
            forecast = [(float)(rng.NextDouble() - 0.5), (float)(rng.NextDouble() - 0.5)];
            intervals.Remember(forecast);
        }
        var frozen = intervals.Freeze();
        CollectionAssert.AreEqual(new[] { 0.8, 0.95 }, frozen.Select(f => f.Level).ToArray());
        float[] lower = new float[2], upper = new float[2];
        for (int level = 0; level < 2; level++)
        {
            intervals.Write(forecast, level, lower, upper);
            for (int h = 1; h <= 2; h++)
            {
                double half = intervals.HalfWidth(h, level);
                Assert.IsGreaterThan(0.0, half);
                Assert.AreEqual((float)(forecast[h - 1] - half), lower[h - 1]);
                Assert.AreEqual((float)(forecast[h - 1] + half), upper[h - 1]);
                Assert.AreEqual((float)half, frozen[level].HalfWidth[h - 1]);
            }
        }
        Assert.IsGreaterThan(intervals.HalfWidth(1, 0), intervals.HalfWidth(1, 1), "95 % is wider than 80 %");
        // Inference (learn = false) scores nothing: the frozen half-widths stay valid.
        for (int t = 0; t < 50; t++) { intervals.Observe(100 + t, learn: false); intervals.Remember(forecast); }
        for (int level = 0; level < 2; level++)
            CollectionAssert.AreEqual(frozen[level].HalfWidth, intervals.Freeze()[level].HalfWidth);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => intervals.HalfWidth(3, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => intervals.HalfWidth(1, 2));
    }
}
