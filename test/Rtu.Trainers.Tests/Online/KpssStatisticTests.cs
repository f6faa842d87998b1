using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The online KPSS statistic: R's value, the batch formula at every length, and its invariances.</summary>
[TestClass]
public sealed class KpssStatisticTests
{
    // Australian residents (thousands), quarterly 1971–1993: R's datasets::austres.
    private static readonly double[] Austres =
    [
        13067.3, 13130.5, 13198.4, 13254.2, 13303.7, 13353.9, 13409.3, 13459.2, 13504.5, 13552.6, 13614.3, 13669.5, 13722.6, 13772.1, 13832, 13862.6,
        13893, 13926.8, 13968.9, 14004.7, 14033.1, 14066, 14110.1, 14155.6, 14192.2, 14231.7, 14281.5, 14330.3, 14359.3, 14396.6, 14430.8, 14478.4,
        14515.7, 14554.9, 14602.5, 14646.4, 14695.4, 14746.6, 14807.4, 14874.4, 14923.3, 14988.7, 15054.1, 15121.7, 15184.2, 15239.3, 15288.9, 15346.2,
        15393.5, 15439, 15483.5, 15531.5, 15579.4, 15628.5, 15677.3, 15736.7, 15788.3, 15839.7, 15900.6, 15961.5, 16018.3, 16076.9, 16139, 16203,
        16263.3, 16327.9, 16398.9, 16478.3, 16538.2, 16621.6, 16697, 16777.2, 16833.1, 16891.6, 16956.8, 17026.3, 17085.4, 17106.9, 17169.4, 17239.4,
        17292, 17354.2, 17414.2, 17447.3, 17482.6, 17526, 17568.7, 17627.1, 17661.5,
    ];

    [TestMethod]
    public void EqualsRsKpssTestOnAustres()
    {
        // tseries::kpss.test(austres) and kpss.test(diff(austres)) (R 4.2.2, tseries 0.10): 2.31220490598324 and
        // 0.546532498248276, so forecast::ndiffs(austres) is 2 (both above the 5 % point 0.463).
        var levels = new KpssStatistic();
        var changes = new KpssStatistic();
        for (int t = 0; t < Austres.Length; t++)
        {
            levels.Add(Austres[t]);
            if (t > 0) changes.Add(Austres[t] - Austres[t - 1]);
        }
        Assert.AreEqual(2.31220490598324, levels.Statistic, 1e-9);
        Assert.AreEqual(0.546532498248276, changes.Statistic, 1e-9);
        var d = new KpssDifferencing();
        foreach (double v in Austres) d.Update(v, learn: true);
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
