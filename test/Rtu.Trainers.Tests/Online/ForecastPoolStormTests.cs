using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A learning pool starts its series afresh once a storm has passed: calm steps, each a hundredth of the clean's scale or
/// less, for <see cref="ForecastPool.CalmWindow"/> rows, while that scale stands a hundred times above its typical size
/// (pool layout 42, ForecastPool.Storms.cs). An outside audit of keyed streams: garbage the clean could not judge (a new
/// key's first rows, 10⁶ every third row) left the forecasts thousands off for hundreds of rows.
/// </summary>
[TestClass]
public sealed class ForecastPoolStormTests
{
    private static double Val(int t) => AuditSeries.Monthly(t);

    private static RtuForecaster New(bool layout41)
    {
        var f = ForecasterAlone.New(12);
        if (layout41) f.UseRulesOfPoolLayout41();
        return f;
    }

    // `before` normal rows, the bad values, then 500 normal rows: the one-step MAE over rows 37–100 and 101–500 after them.
    private static (double Early, double Later) Mae(bool layout41, int before, double[] bad)
    {
        var f = New(layout41);
        var forecast = new float[1];
        int t = 0;
        for (; t < before; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        foreach (double v in bad) { f.Observe(v, default, learn: true, forecast, default); t++; }
        double early = 0, rest = 0;
        for (int k = 0; k < 500; k++, t++)
        {
            double y = Val(t);
            if (k >= 36 && k < 100) early += Math.Abs(y - forecast[0]) / 64;
            if (k >= 100) rest += Math.Abs(y - forecast[0]) / 400;
            f.Observe(y, default, learn: true, forecast, default);
            Assert.IsTrue(float.IsFinite(forecast[0]));
        }
        return (early, rest);
    }

    [TestMethod]
    public void GarbageTheCleanCouldNotJudgeIsForgottenOnceTheValuesAreCalm()
    {
        var cases = new (string Name, int Before, double[] Bad)[]
        {
            ("a new key: 10 values, then ±1e6 × 30", 10, [.. Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 1e6 : -1e6)]),
            ("a new key: 10 values, then 1e30 × 3", 10, [1e30, 1e30, 1e30]),
            ("a new key: 8 values, then 1e6 and −1e6", 8, [1e6, -1e6]),
            ("a new key: 5 values, then 1e30 twice", 5, [1e30, 1e30]),
            ("an established series: 1e6 every third row for 30 rows", 58, [.. Enumerable.Range(0, 30).Select(k => k % 3 == 0 ? 1e6 : Val(58 + k))]),
        };
        foreach (var (name, before, bad) in cases)
        {
            // The clean run: the same rows before, none bad (a storm's restart leaves a new key a new series again).
            double clean = Mae(false, before, []).Later;
            var now = Mae(false, before, bad);
            var then = Mae(true, before, bad);
            Console.WriteLine($"{name}: MAE of rows 37–100 {then.Early:G3} → {now.Early:G3}, of rows 101–500 {then.Later:G3} → {now.Later:G3} (clean {clean:G3})");
            Assert.IsLessThan(1.6 * clean, now.Later, name);
            Assert.IsLessThan(4 * clean, now.Early, $"{name}: a new series' first seasons");
            Assert.IsGreaterThan(5 * clean, then.Later, $"{name}: the defect (pool layout 41)");
        }
    }

    [TestMethod]
    public void TheRestartIsReportedAsAChangeOfScaleBeginningWhereTheCalmBegan()
    {
        var f = New(false);
        var forecast = new float[1];
        int t = 0, restarts = 0;
        for (; t < 10; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        for (int k = 0; k < 30; k++, t++) f.Observe(k % 2 == 0 ? 1e6 : -1e6, default, learn: true, forecast, default);
        for (int k = 0; k < 200; k++, t++)
        {
            f.Observe(Val(t), default, learn: true, forecast, default);
            var change = f.Pool.LastChange;
            if (change.Kind != SeriesChangeKind.ScaleChange) continue;
            restarts++;
            Assert.AreEqual(f.Pool.CalmWindow - 1, change.RowsAgo, "the calm run's first row");
            Assert.AreEqual(Val(t), change.To, "the value that ended it");
            Assert.IsGreaterThan(f.Pool.CalmWindow - 1, k, "not before the calm has lasted");
        }
        Assert.AreEqual(1, restarts, "once");
        Assert.IsTrue(f.Pool.RestartsAfterStorms, "a series started afresh keeps the rule");
    }

    // The one-step forecasts of a series, with the rule and as layout 41 left it, are the same.
    private static void Unchanged(string name, double[] y) =>
        ForecasterAlone.AssertSameForecasts(name, y, () => New(false), () => New(true));

    [TestMethod]
    public void ACalmThatIsTheSeriesIsNoStorm()
    {
        var rng = new Random(11);
        // A sensor gone dead near 0 (a ten-thousandth of the series' swing as noise) for 100 rows, then back: its steps
        // and values are a ten-thousandth of the clean's scale, but that scale is only a few times its typical size.
        Unchanged("dead near 0 with a little noise", [.. Enumerable.Range(0, 400).Select(t => t is >= 200 and < 300 ? 1e-4 * (rng.NextDouble() - 0.5) : Val(t))]);
        Unchanged("dead at its last value with a little noise", [.. Enumerable.Range(0, 400).Select(t => t is >= 200 and < 300 ? Val(199) + 1e-4 * (rng.NextDouble() - 0.5) : Val(t))]);
        // Volatility that falls a thousandfold, and a storm of a real series' size (errors 50 times the noise for 30 rows).
        Unchanged("noise a thousand times smaller from row 150", [.. Enumerable.Range(0, 400).Select(t => 10 + (t < 150 ? 5.0 : 0.005) * (rng.NextDouble() - 0.5))]);
        Unchanged("30 rows of noise 50 times larger", [.. Enumerable.Range(0, 400).Select(t => Val(t) + (t is >= 150 and < 180 ? 25 * (rng.NextDouble() - 0.5) : 0))]);
        // Counts that stop: sales of hundreds, then a long stretch of zeros and ones.
        Unchanged("hundreds, then zeros and ones", [.. Enumerable.Range(0, 300).Select(t => t < 150 ? Math.Round(300 + 200 * rng.NextDouble()) : rng.NextDouble() < 0.2 ? 1 : 0)]);
    }

    [TestMethod]
    public void ACalmRunContinuesThroughASaveAndLoad()
    {
        double[] y = [.. Enumerable.Range(0, 10).Select(Val), .. Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 1e6 : -1e6), .. Enumerable.Range(40, 100).Select(Val)];
        // Saved at row 52, 12 rows into the calm.
        ForecasterAlone.AssertContinuesThroughSaveAndLoad(New(false), y, 52, ForecasterAlone.OneStep(New(false), y));
    }

    [TestMethod]
    public void APoolOfLayout41ReadsWithTheRuleOffAndDamageIsRefused()
    {
        var f = New(false);
        var forecast = new float[1];
        for (int t = 0; t < 60; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        var pool = f.Pool;
        Assert.IsTrue(pool.RestartsAfterStorms, "a new series");
        Assert.IsFalse(OlderPoolLayouts.ReadAs(pool, 41, 12, 1).RestartsAfterStorms, "read from a layout-41 file: as it was");
        Assert.AreEqual(ForecastPool.Layout42Length + pool.Layout43Length, pool.LaterLayoutsLength(41), "layout 42's section, then layout 43's");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        // The section: the flag, the calm run's count, the typical size's logarithm.
        int at = bytes.Length - pool.Layout43Length - ForecastPool.Layout42Length;
        Assert.AreEqual(1, bytes[at], "the flag");
        Assert.IsTrue(double.IsFinite(BitConverter.ToDouble(bytes, at + 5)), "a typical size by row 60");
        foreach (var (offset, value, what) in new (int, byte[], string)[]
        {
            (at, [2], "layout-42 flag"),
            (at + 1, BitConverter.GetBytes(-1), "calm run"),
            (at + 1, BitConverter.GetBytes(pool.CalmWindow + 1), "calm run"),
            (at + 5, BitConverter.GetBytes(1e300), "calm run"),
            (at + 5, BitConverter.GetBytes(double.PositiveInfinity), "calm run"),
        })
        {
            byte[] bad = (byte[])bytes.Clone();
            value.CopyTo(bad, offset);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 1).Load(new BinaryReader(new MemoryStream(bad))));
            StringAssert.Contains(e.Message, what);
        }
        // The rule off with a typical size is damage too (a pool of an older layout never has one).
        byte[] off = (byte[])bytes.Clone();
        off[at] = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 1).Load(new BinaryReader(new MemoryStream(off))));
    }
}
