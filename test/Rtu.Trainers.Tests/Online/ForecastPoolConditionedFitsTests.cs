using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Pool layout 39: the least-squares fits conditioned (<see cref="RecursiveLeastSquares.Conditioned"/>).</summary>
[TestClass]
public sealed class ForecastPoolConditionedFitsTests
{
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // Rows after which some fit of the pool was back at its prior (every weight 0), from row 200 on.
    private static int Restarts(ForecastPool pool, double[] y)
    {
        var model = new float[1] { float.NaN };
        var made = new float[1];
        int restarts = 0;
        for (int t = 0; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true);
            pool.Combine(model, made);
            if (t >= 200) foreach (var fit in pool.EveryLeastSquaresFit()) if (!fit.Weights.ToArray().Any(w => w != 0)) restarts++;
        }
        return restarts;
    }

    // An hourly series with a daily season and noise: 20,000 rows.
    private static double[] Hourly(int seed)
    {
        var rng = new Random(seed);
        var y = new double[20_000];
        double level = 100;
        for (int t = 0; t < y.Length; t++) { level += 0.05 * Normal(rng); y[t] = level + 10 * Math.Sin(2 * Math.PI * t / 24) + Normal(rng); }
        return y;
    }

    [TestMethod]
    public void ALongStreamsFitsNoLongerGoBackToTheirPriors()
    {
        // An outside review: every autoregression with forgetting (λ = 0.995) went back to its prior every 5,000–10,000
        // rows of every long stream, as round-off grew P's unsymmetric part by 1/λ a row.
        var y = Hourly(1);
        var old = new ForecastPool(24, 1);
        old.UseRulesOfLayout38();
        Assert.IsFalse(old.ConditionsFits);
        Assert.IsGreaterThan(0, Restarts(old, y), "the defect, as layouts 1–38 left the fits");
        var pool = new ForecastPool(24, 1);
        Assert.IsTrue(pool.ConditionsFits);
        Assert.AreEqual(0, Restarts(pool, y));
        pool.Reset();
        Assert.IsTrue(pool.ConditionsFits);
        old.Reset();
        Assert.IsTrue(old.ConditionsFits, "a series started afresh gets the current fits");
    }

    [TestMethod]
    public void APoolOfLayout38ContinuesAsItWas()
    {
        var y = Hourly(2);
        var pool = new ForecastPool(24, 1);
        var model = new float[1] { float.NaN };
        var made = new float[1];
        for (int t = 0; t < 500; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made); }
        var old = OlderPoolLayouts.ReadAs(pool.Clone(), 38, 24, 1);
        Assert.IsFalse(old.ConditionsFits, "read from layout 38");
        var same = pool.Clone();
        same.UseRulesOfLayout38();
        var a = new float[1];
        var b = new float[1];
        for (int t = 500; t < 8_000; t++)
        {
            old.Observe(old.Clean(y[t], learn: true), learn: true); old.Combine(model, a);
            same.Observe(same.Clean(y[t], learn: true), learn: true); same.Combine(model, b);
            Assert.AreEqual(BitConverter.SingleToInt32Bits(b[0]), BitConverter.SingleToInt32Bits(a[0]), $"row {t}");
        }
        Assert.AreEqual(ForecastPool.Layout39Length + ForecastPool.Layout40Length + ForecastPool.Layout41Length + pool.Layout42Length, pool.LaterLayoutsLength(38), "layout 39's flags, then layout 40's, 41's and 42's");
        var read = new ForecastPool(24, 1);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        ms.Position = 0;
        read.Load(new BinaryReader(ms));
        Assert.IsTrue(read.ConditionsFits);
        // The flag is a bool: any other byte is damage.
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(1, bytes[^(2 + ForecastPool.Layout41Length + pool.Layout42Length)]);
        bytes[^(2 + ForecastPool.Layout41Length + pool.Layout42Length)] = 2;
        Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(24, 1).Load(new BinaryReader(new MemoryStream(bytes))));
    }

    [TestMethod]
    public void AConstantExogenousColumnNoLongerResetsTheEffect()
    {
        // Daily sales with promotions known a day ahead and a second column that never changes (0 standardised): the
        // effect's least squares grew the variance along it until the trace bound reset every weight, the promotion's too,
        // every 12,650 rows. The effect's fits are conditioned with the pool's (layout 39).
        var rng = new Random(6);
        int n = 14_000;
        var promo = new bool[n + 1];
        for (int t = 0; t <= n; t++) promo[t] = rng.NextDouble() < 0.3;
        RtuForecaster New() => new(new RtuForecasterSettings { SeasonLength = 7, ExogenousCount = 2 });
        var now = New();
        var old = New();
        old.UseRulesOfPoolLayout38();
        Assert.IsTrue(now.ExogenousEffect!.Conditioned && now.Pool.ConditionsFits);
        Assert.IsFalse(old.ExogenousEffect!.Conditioned || old.Pool.ConditionsFits);
        var forecast = new float[1];
        int nowLost = 0, oldLost = 0;
        for (int t = 0; t < n; t++)
        {
            double y = Math.Round(100 * (1 + 0.2 * Math.Sin(2 * Math.PI * t / 7)) * (promo[t] ? 1.7 : 1) * Math.Exp(0.05 * Normal(rng)));
            float[] x = [promo[t + 1] ? 1 : 0, 5];
            now.Observe(y, x, learn: true, forecast, default);
            old.Observe(y, x, learn: true, forecast, default);
            if (t >= 1_000 && now.ExogenousEffect.Weights[0] == 0) nowLost++;
            if (t >= 1_000 && old.ExogenousEffect.Weights[0] == 0) oldLost++;
        }
        Assert.IsGreaterThan(0, oldLost, "the defect: the promotion's weight reset");
        Assert.AreEqual(0, nowLost);
        Assert.IsGreaterThan(10.0, now.ExogenousEffect.Weights[0], "the promotion's effect, in the series' units per standard deviation");
        // Saved and read, the effect's fits are conditioned as the pool's; started afresh, both are.
        var read = RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.Saved(old))));
        Assert.IsFalse(read.ExogenousEffect!.Conditioned || read.Pool.ConditionsFits);
        read.ResetState();
        Assert.IsTrue(read.ExogenousEffect!.Conditioned && read.Pool.ConditionsFits);
        Assert.IsTrue(RtuForecaster.Load(new BinaryReader(new MemoryStream(SavedBytes.Saved(now)))).ExogenousEffect!.Conditioned);
    }
}
