using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The online KPSS statistic: R's value, the batch formula at every length, and its invariances.</summary>
[TestClass]
public sealed class KpssStatisticTests
{
    [TestMethod]
    public void EqualsRsKpssTestOnAustres()
    {
        // tseries::kpss.test(austres) and kpss.test(diff(austres)) (R 4.2.2, tseries 0.10): 2.31220490598324 and
        // 0.546532498248276, so forecast::ndiffs(austres) is 2 (both above the 5 % point 0.463).
        var levels = new KpssStatistic();
        var changes = new KpssStatistic();
        for (int t = 0; t < RealSeries.Austres.Length; t++)
        {
            levels.Add(RealSeries.Austres[t]);
            if (t > 0) changes.Add(RealSeries.Austres[t] - RealSeries.Austres[t - 1]);
        }
        Assert.AreEqual(2.31220490598324, levels.Statistic, 1e-9);
        Assert.AreEqual(0.546532498248276, changes.Statistic, 1e-9);
        var d = new KpssDifferencing();
        foreach (double v in RealSeries.Austres) d.Update(v, learn: true);
        Assert.AreEqual(2, d.Order);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void EqualsTheBatchFormulaAtEveryLength(int kind)
    {
        // Stationary, a random walk, and an I(2) series far from 0, up to 9,000 values (the lags capped at 12 from 8,100 on).
        var y = kind switch { 0 => IntegratedSeries.Stationary(9000, 1), 1 => IntegratedSeries.Once(9000, 2), _ => IntegratedSeries.Twice(9000, 3) };
        var k = new KpssStatistic();
        for (int n = 1; n <= y.Length; n++)
        {
            k.Add(y[n - 1]);
            if (n is 3 or 10 or 50 or 300 or 2000 or 8099 or 8100 or 9000)
            {
                double batch = Batch(y.AsSpan(0, n));
                Assert.AreEqual(batch, k.Statistic, 1e-7 * Math.Max(1, batch), $"kind {kind}, n={n}");
            }
        }
    }

    [TestMethod]
    public void AShiftOrAChangeOfUnitsOfThePastLeavesTheStatisticAsTheMovedSeriesHasIt()
    {
        var y = IntegratedSeries.Once(400, 5);
        var k = new KpssStatistic();
        for (int t = 0; t < 200; t++) k.Add(y[t]);
        k.Shift(37.5);
        k.Rescale(1e3);
        for (int t = 200; t < 400; t++) k.Add(1e3 * y[t]);
        var moved = y.Select((v, t) => t < 200 ? 1e3 * (v + 37.5) : 1e3 * v).ToArray();
        double batch = Batch(moved);
        Assert.AreEqual(batch, k.Statistic, 1e-9 * batch);
    }

    [TestMethod]
    public void SaveAndLoadContinueBitForBit()
    {
        var y = IntegratedSeries.Twice(300, 7);
        var a = new KpssDifferencing();
        for (int t = 0; t < 150; t++) a.Update(t == 40 ? double.NaN : y[t], learn: true);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        ms.Position = 0;
        var b = new KpssDifferencing();
        using (var r = new BinaryReader(ms)) b.Load(r);
        for (int t = 150; t < 300; t++)
        {
            a.Update(y[t], learn: true); b.Update(y[t], learn: true);
            Assert.AreEqual(a.Order, b.Order, $"t={t}");
            Assert.AreEqual(a.ChangeStatistic, b.ChangeStatistic, $"t={t}");
        }
        var damaged = ms.ToArray();
        BitConverter.GetBytes(-3L).CopyTo(damaged, 0);   // a negative count
        Assert.ThrowsExactly<InvalidDataException>(() => new KpssDifferencing().Load(new BinaryReader(new MemoryStream(damaged))));
    }

    // η / s²(l) straight from the definition, O(n·l).
    private static double Batch(ReadOnlySpan<double> y)
    {
        int n = y.Length;
        double mean = 0;
        foreach (double v in y) mean += v;
        mean /= n;
        double partial = 0, eta = 0;
        foreach (double v in y) { partial += v - mean; eta += partial * partial; }
        eta /= (double)n * n;
        int lags = Math.Min(Math.Min((int)Math.Floor(4 * Math.Pow(n / 100.0, 0.25)), KpssStatistic.MaxLags), n - 1);
        double variance = 0;
        for (int k = 0; k <= lags; k++)
        {
            double gamma = 0;
            for (int i = k; i < n; i++) gamma += (y[i] - mean) * (y[i - k] - mean);
            gamma /= n;
            variance += k == 0 ? gamma : 2 * (1 - k / (lags + 1.0)) * gamma;
        }
        return eta / variance;
    }
}
