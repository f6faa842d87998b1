using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The median of the last 25 values (the pool's member without a season, layout 30).</summary>
[TestClass]
public sealed class RollingMedianTests
{
    // The median as numpy takes it: the middle value, or the mean of the two middle ones.
    private static double Reference(IReadOnlyList<double> window)
    {
        var sorted = window.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n < RollingMedian.MinimumCount ? double.NaN : n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    [TestMethod]
    public void ForecastsTheMedianOfTheLastValuesGivenSkippingMissingOnes()
    {
        // Ties, negative values, missing rows and a window that fills and slides: at every step the median of the last 25
        // finite values, compared with a sort of them.
        var random = new Random(5);
        var median = new RollingMedian();
        var kept = new List<double>();
        for (int t = 0; t < 400; t++)
        {
            double v = random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 20 - 5, t % 3 == 0 ? 0 : 3);
            median.Update(v);
            if (double.IsFinite(v)) { kept.Add(v); if (kept.Count > RollingMedian.Window) kept.RemoveAt(0); }
            Assert.AreEqual(kept.Count, median.Count, $"t={t}");
            double expected = Reference(kept), got = median.Forecast();
            if (double.IsNaN(expected)) Assert.IsTrue(double.IsNaN(got), $"t={t}: fewer than three values");
            else Assert.AreEqual(expected, got, $"t={t}");
        }
    }

    [TestMethod]
    public void OneBurstDoesNotMoveIt()
    {
        // Why it is a member: a value a thousand times the others leaves the median where the typical values put it.
        var median = new RollingMedian();
        foreach (double v in new double[] { 3, 5, 4, 6, 5, 4, 5, 3, 6, 5 }) median.Update(v);
        double before = median.Forecast();
        median.Update(5000);
        Assert.AreEqual(5.0, before);
        Assert.AreEqual(5.0, median.Forecast());
    }

    [TestMethod]
    public void ShiftAndRescaleMoveTheWindowAsTheSeriesPast()
    {
        var a = new RollingMedian();
        var values = Enumerable.Range(0, 40).Select(i => Math.Sin(i * 0.7) * 10 + i % 4).ToArray();
        foreach (double v in values) a.Update(v);
        double m = a.Forecast();
        a.Shift(2.5);
        Assert.AreEqual(m + 2.5, a.Forecast(), 1e-12);
        a.Rescale(-3);   // a negative factor reverses the order: the sorted values are sorted again
        Assert.AreEqual(-3 * (m + 2.5), a.Forecast(), 1e-12);
        var b = new RollingMedian();
        foreach (double v in values[^RollingMedian.Window..]) b.Update(-3 * (v + 2.5));
        for (int t = 0; t < 30; t++)
        {
            double v = t * 1.5 - 20;
            a.Update(v); b.Update(v);
            Assert.AreEqual(b.Forecast(), a.Forecast(), 1e-12, $"t={t}: the window slides as one built on the moved values");
        }
    }

    [TestMethod]
    public void AShiftOrRescaleBeyondADoubleLeavesAWindowThatForecastsAndSaves()
    {
        // An outside review: values of 1e308 shifted by 1e308 became ∞ (a window Load refuses, so the pool could not be
        // snapshot), and then by −∞ NaN, which the sorted copy lost (the next Update threw). Each value is now held finite.
        var a = new RollingMedian();
        for (int t = 0; t < RollingMedian.Window; t++) a.Update(t % 2 == 0 ? 1e308 : t);
        a.Shift(1e308);
        a.Shift(double.NegativeInfinity);
        a.Rescale(double.PositiveInfinity);
        a.Update(5);
        Assert.IsTrue(double.IsFinite(a.Forecast()));
        var b = new RollingMedian();
        b.Load(new BinaryReader(new MemoryStream(Saved(a))));
        Assert.AreEqual(a.Forecast(), b.Forecast());
    }

    [TestMethod]
    public void ARefusedLoadLeavesTheWindowAsItWas()
    {
        var a = new RollingMedian();
        foreach (double v in new double[] { 1, 2, 3, 4, 5 }) a.Update(v);
        var damaged = Saved(a);
        BitConverter.GetBytes(double.NaN).CopyTo(damaged, 12);
        Assert.ThrowsExactly<InvalidDataException>(() => a.Load(new BinaryReader(new MemoryStream(damaged))));
        Assert.AreEqual(3.0, a.Forecast());
        a.Update(6);
        Assert.AreEqual(3.5, a.Forecast());
    }

    [TestMethod]
    public void SaveAndLoadContinueBitForBit()
    {
        foreach (int given in new[] { 0, 2, 7, 25, 61 })
        {
            var a = new RollingMedian();
            for (int t = 0; t < given; t++) a.Update(t * 0.37 % 5);
            var bytes = Saved(a);
            Assert.HasCount(RollingMedian.SavedLength, bytes);
            var b = new RollingMedian();
            b.Load(new BinaryReader(new MemoryStream(bytes)));
            for (int t = 0; t < 40; t++)
            {
                double v = Math.Cos(t) * 3;
                a.Update(v); b.Update(v);
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(a.Forecast()), BitConverter.DoubleToInt64Bits(b.Forecast()), $"given {given}, t={t}");
            }
            CollectionAssert.AreEqual(Saved(a), Saved(b));
        }
    }

    [TestMethod]
    public void DamagedWindowsAreRefused()
    {
        var a = new RollingMedian();
        for (int t = 0; t < 30; t++) a.Update(t);
        var bytes = Saved(a);
        static byte[] With(byte[] b, int at, byte[] value) { var c = (byte[])b.Clone(); value.CopyTo(c, at); return c; }
        var damaged = new[]
        {
            With(bytes, 0, BitConverter.GetBytes(24)),                 // another window
            With(bytes, 4, BitConverter.GetBytes(26)),                 // more values than the window
            With(bytes, 4, BitConverter.GetBytes(-1)),
            With(bytes, 8, BitConverter.GetBytes(25)),                 // a position outside the ring
            With(bytes, 12 + 8 * 3, BitConverter.GetBytes(double.NaN)),
            With(bytes, 12 + 8 * 9, BitConverter.GetBytes(double.PositiveInfinity)),
            With(With(bytes, 4, BitConverter.GetBytes(10)), 8, BitConverter.GetBytes(3)),   // a ring not yet full starts at 0
            bytes[..^1],                                               // truncated
        };
        foreach (var d in damaged)
        {
            try { new RollingMedian().Load(new BinaryReader(new MemoryStream(d))); Assert.Fail("a damaged window was read"); }
            catch (InvalidDataException) { }
            catch (EndOfStreamException) { Assert.AreEqual(bytes.Length - 1, d.Length, "only the truncated file ends early"); }
        }
    }

    private static byte[] Saved(RollingMedian median)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) median.Save(w);
        return ms.ToArray();
    }
}
