using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A learning pool observes a gross outlier on the other side of the outlier just before it as its forecast, unscored and
/// never the season repeating (pool layout 41, ForecastPool.AlternatingBursts.cs). An outside audit of keyed streams: 30
/// readings alternating ±10⁶ (or 0 and 10³⁰) on an established monthly series left it damaged for hundreds of rows.
/// </summary>
[TestClass]
public sealed class ForecastPoolAlternatingBurstTests
{
    // The audit's monthly series.
    private static double Val(int t) => AuditSeries.Monthly(t);

    private static RtuForecaster New(int season, bool layout40)
    {
        var f = ForecasterAlone.New(season);
        if (layout40) f.UseRulesOfPoolLayout40();
        return f;
    }

    // 58 normal rows (an established series), the bad values, then 500 normal rows: the one-step MAE over the last 400.
    private static double RestMae(bool layout40, double[] bad)
    {
        var f = New(12, layout40);
        var forecast = new float[1];
        int t = 0;
        for (; t < 58; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        foreach (double v in bad) { f.Observe(v, default, learn: true, forecast, default); t++; }
        double error = 0;
        for (int k = 0; k < 500; k++, t++)
        {
            double y = Val(t);
            if (k >= 100) error += Math.Abs(y - forecast[0]) / 400;
            f.Observe(y, default, learn: true, forecast, default);
            Assert.IsTrue(float.IsFinite(forecast[0]));
        }
        return error;
    }

    [TestMethod]
    public void ABurstAlternatingSidesLeavesTheSeriesAsItWas()
    {
        double clean = RestMae(false, []);
        var cases = new (string Name, double[] Bad)[]
        {
            ("±1e6 × 30", [.. Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 1e6 : -1e6)]),
            ("0, 1e30 × 15", [.. Enumerable.Range(0, 30).Select(k => k % 2 == 0 ? 0 : 1e30)]),
        };
        foreach (var (name, bad) in cases)
        {
            double now = RestMae(false, bad), then = RestMae(true, bad);
            Console.WriteLine($"{name}: rows 101–500's MAE {then:G3} → {now:G3} (clean {clean:G3})");
            Assert.IsLessThan(1.5 * clean, now, name);
            Assert.IsGreaterThan(5 * clean, then, $"{name}: the defect (pool layout 40)");
        }
    }

    // The one-step forecasts of a series by a forecaster of season `season`, with the rule and as layout 40 left it.
    private static void Unchanged(string name, double[] y, int season) =>
        ForecasterAlone.AssertSameForecasts(name, y, () => New(season, false), () => New(season, true));

    [TestMethod]
    public void TruePatternsAndARunsOwnUndoAreForecastAsBefore()
    {
        // A weekly peak of 40 on a daily sawtooth of 10 (a promotion that starts in week 8), small noise.
        var rng = new Random(5);
        Unchanged("weekly peak of 40 on a sawtooth", [.. Enumerable.Range(0, 400).Select(t => (t >= 56 && t % 7 == 3 ? 40.0 : 8 + 4.0 * (t % 7) / 6) + 0.1 * rng.NextDouble())], 7);
        Unchanged("weekly peak of 40 just before the sawtooth's drop", [.. Enumerable.Range(0, 400).Select(t => (t >= 56 && t % 7 == 6 ? 40.0 : 8 + 4.0 * (t % 7) / 6) + 0.1 * rng.NextDouble())], 7);
        // Exponential growth with a season.
        Unchanged("exponential growth with a season", [.. Enumerable.Range(0, 200).Select(t => 10 * Math.Pow(1.04, t) * (1 + 0.3 * Math.Sin(2 * Math.PI * t / 12)))], 12);
        // A sawtooth that drops sharply after each peak: the drop is on the other side, but near its forecast or not gross.
        Unchanged("a monthly peak then a drop", [.. Enumerable.Range(0, 240).Select(t => (t % 12 == 11 ? 30.0 : t % 12 == 0 ? 2.0 : 10.0) + 0.2 * Math.Sin(t))], 12);
        // A run's own undo: 1e30 twice, then the series again; and a lone pair 1e30, −1e30.
        Unchanged("1e30, 1e30, then the series", [.. Enumerable.Range(0, 120).Select(t => t is 60 or 61 ? 1e30 : Val(t))], 12);
        Unchanged("1e30, 1e30, then 10 ten times after 5 rows", [.. Enumerable.Range(0, 17).Select(t => t < 5 ? Val(t) : t < 7 ? 1e30 : 10)], 12);
        Unchanged("1e30, NaN after 60 rows", [.. Enumerable.Range(0, 120).Select(t => t == 60 ? 1e30 : t == 61 ? double.NaN : Val(t))], 12);
        Unchanged("1e30, −1e30 after 60 rows", [.. Enumerable.Range(0, 120).Select(t => t == 60 ? 1e30 : t == 61 ? -1e30 : Val(t))], 12);
        // Volatility that grows: the noise ten times larger from row 100, alternating in sign.
        Unchanged("noise ten times larger", [.. Enumerable.Range(0, 240).Select(t => Val(t) + (t >= 100 ? 5 * (t % 2 == 0 ? 1 : -1) * (1 + 0.1 * Math.Sin(t)) : 0))], 12);
    }

    [TestMethod]
    public void APoolOfLayout40ReadsWithTheRuleOffAndANonBoolFlagIsRefused()
    {
        var f = New(12, false);
        var forecast = new float[1];
        for (int t = 0; t < 60; t++) f.Observe(Val(t), default, learn: true, forecast, default);
        var pool = f.Pool;
        Assert.IsTrue(pool.KeepsAlternatingBurstsOut, "a new series");
        Assert.IsFalse(OlderPoolLayouts.ReadAs(pool, 40, 12, 1).KeepsAlternatingBurstsOut, "read from a layout-40 file: as it was");
        Assert.AreEqual(ForecastPool.Layout41Length + pool.Layout42Length, pool.LaterLayoutsLength(40), "layout 41's flag, then layout 42's section");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        int at = bytes.Length - pool.Layout42Length - 1;
        Assert.AreEqual(1, bytes[at], "the flag, before layout 42's section");
        bytes[at] = 2;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 1).Load(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(e.Message, "layout-41");
        bytes[at] = 0;
        var off = new ForecastPool(12, 1);
        off.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.IsFalse(off.KeepsAlternatingBurstsOut);
    }
}
