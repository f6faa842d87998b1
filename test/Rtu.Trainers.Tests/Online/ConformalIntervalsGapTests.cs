using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Intervals over gaps (intervals layout 4): a forecast made g rows after the last observed value is h + g steps from
/// it, so its h-step interval is wider by √((h + g)/h), and its error enters the scale divided by the same factor.
/// </summary>
[TestClass]
public sealed class ConformalIntervalsGapTests
{
    public TestContext TestContext { get; set; } = null!;

    // Intervals of horizon 2 calibrated on noisy values around forecasts of 0.5 (values of both signs: the absolute scale
    // alone).
    private static ConformalIntervals Calibrated(int seed)
    {
        var a = new ConformalIntervals(horizon: 2);
        var rng = new Random(seed);
        for (int t = 0; t < 80; t++) { a.Observe(rng.NextDouble() - 0.5, learn: true); a.Remember([0.5f, 0.5f]); }
        return a;
    }

    private static (float[] Lower, float[] Upper) Written(ConformalIntervals a, int gap)
    {
        var lower = new float[2]; var upper = new float[2];
        a.Write([0.5f, 0.5f], 0, lower, upper, gap);
        return (lower, upper);
    }

    [TestMethod]
    public void AnIntervalMadeAfterAGapIsWiderByTheRandomWalkLaw()
    {
        var a = Calibrated(3);
        var (lower0, upper0) = Written(a, 0);
        var (lower3, upper3) = Written(a, 3);
        for (int h = 1; h <= 2; h++)
        {
            double ratio = (upper3[h - 1] - lower3[h - 1]) / (double)(upper0[h - 1] - lower0[h - 1]);
            Assert.AreEqual(Math.Sqrt((h + 3.0) / h), ratio, 1e-5, $"h = {h}");
        }
        Assert.AreEqual(1.0, ConformalIntervals.GapWidening(1, 0));
        Assert.AreEqual(2.0, ConformalIntervals.GapWidening(1, 3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ConformalIntervals.GapWidening(1, -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => a.Write([0.5f, 0.5f], 0, new float[2], new float[2], gap: -1));
    }

    [TestMethod]
    public void TheErrorOfAForecastMadeAfterAGapEntersTheScaleNormalised()
    {
        // The same calibration twice: one forecast made after 3 missing rows misses by 2e (its interval twice as wide),
        // the other, made from an observed value, by e. Both are scored alike (a miss or a hit against widths in the same
        // proportion) and leave the same scale: the widths that follow are equal.
        var a = Calibrated(5); var b = Calibrated(5);
        a.Remember([0.5f, 0.5f], gap: 3); b.Remember([0.5f, 0.5f], gap: 0);
        a.Observe(0.5 + 2 * 0.25, learn: true); b.Observe(0.5 + 0.25, learn: true);
        for (int l = 0; l < 2; l++) Assert.AreEqual(b.HalfWidth(1, l), a.HalfWidth(1, l), 0.0, $"level {l}");
    }

    [TestMethod]
    public void IntervalsOfLayoutThreeKeepTheirWidthOverGaps()
    {
        var a = Calibrated(7);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        byte[] old = ms.ToArray()[..^a.LaterLayoutsLength(3)];   // layout 4's flag and the two pending rows' gaps, then layouts 5–6
        BitConverter.GetBytes(-3).CopyTo(old, 0);
        var b = new ConformalIntervals(2);
        using (var r = new BinaryReader(new MemoryStream(old)))
        {
            b.Load(r);
            Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        }
        Assert.IsTrue(a.WidensOverGaps);
        Assert.IsFalse(b.WidensOverGaps);
        CollectionAssert.AreEqual(Written(b, 0).Upper, Written(b, 5).Upper, "as it was: no widening");
    }

    [TestMethod]
    public void AStoredNegativeGapIsRefused()
    {
        var a = Calibrated(9);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        byte[] bytes = ms.ToArray();
        BitConverter.GetBytes(-1).CopyTo(bytes, bytes.Length - 4 - a.LaterLayoutsLength(4));   // the last gap, before layouts 5–6
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ConformalIntervals(2).Load(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(e.Message, "gap");
    }

    [TestMethod]
    public void TheFirstValueAfterAGapIsCoveredAsOftenAsAnyOther()
    {
        // The forecaster on CO2, petrol prices and Johnson & Johnson with 1, 3 or 6 rows missing at 10 places each (90
        // gaps): the share of the values that end a gap inside the intervals given with the forecast made at the gap's
        // last row. Layout 3 (no widening; missing rows left out of the pool, layout 17): 60 % and 77 %; with them filled
        // (pool layout 18) 62 % and 84 %; layout 4: 87 % and 98 %.
        var series = new (double[] Y, int Season)[] { (RealSeries.Co2(), 12), (RealSeries.PetrolPrice(), 12), (RealSeries.JohnsonJohnson, 4) };
        int n = 0, in80 = 0, in95 = 0;
        var forecast = new float[1]; var lower = new float[1]; var upper = new float[1];
        foreach (int gap in new[] { 1, 3, 6 })
            foreach (var (y, season) in series)
                foreach (int at in Enumerable.Range(1, 10).Select(i => i * y.Length / 12))
                {
                    var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = season });
                    for (int t = 0; t < at + gap; t++) f.Observe(t >= at ? double.NaN : y[t], default, learn: true, forecast, default);
                    double value = y[at + gap];
                    n++;
                    f.WriteInterval(0, lower, upper);
                    if (value >= lower[0] && value <= upper[0]) in80++;
                    f.WriteInterval(1, lower, upper);
                    if (value >= lower[0] && value <= upper[0]) in95++;
                }
        TestContext.WriteLine($"{n} gaps: the value after them inside the 80 % interval {100.0 * in80 / n:F1} %, the 95 % one {100.0 * in95 / n:F1} %");
        Assert.IsGreaterThanOrEqualTo(0.75, (double)in80 / n, "80 % intervals");
        Assert.IsGreaterThanOrEqualTo(0.90, (double)in95 / n, "95 % intervals");
    }
}
