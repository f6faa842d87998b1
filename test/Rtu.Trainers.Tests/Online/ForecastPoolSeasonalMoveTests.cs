using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// With a season, an outlier repeating a sharp move made a season earlier (its jump from the value before, or a level
/// shift's move at that row) is the season, taken as it is (pool layout 42, ForecastPool.SeasonalMoves.cs). Before, each
/// switch of a sharply switching season was held, confirmed as a level shift that moved the remembered past, and so was
/// never learned.
/// </summary>
[TestClass]
public sealed class ForecastPoolSeasonalMoveTests
{
    private static RtuForecaster New(int season, bool layout41)
    {
        var f = ForecasterAlone.New(season);
        if (layout41) f.UseRulesOfPoolLayout41();
        return f;
    }

    // The one-step MAE over the second half of y, and the seasonal naive forecast's there.
    private static (double Mae, double SeasonalNaive) SecondHalf(double[] y, int season, bool layout41)
    {
        var made = ForecasterAlone.OneStep(New(season, layout41), y);
        int from = y.Length / 2;
        return (ForecasterAlone.RestMae(y, made, from), Enumerable.Range(from, y.Length - from).Average(t => Math.Abs(y[t] - y[t - season])));
    }

    private static double[] Series(int n, double noise, Func<int, double> shape)
    {
        var rng = new Random(3);
        return [.. Enumerable.Range(0, n).Select(t => shape(t) + noise * (rng.NextDouble() - 0.5))];
    }

    [TestMethod]
    public void SharplySwitchingSeasonsAreLearned()
    {
        var cases = new (string Name, int Season, double[] Y, double Within)[]
        {
            // An hourly on/off pattern: 0 for eight hours, 50 for sixteen (the seasonal naive forecast is right but for noise).
            // Before, it was learned only once the weekly seasonal naive member's memory had passed the first days' moved
            // past (rows 200–400: 0.63 where the seasonal naive scores 0.033; from row 250, 0.033).
            ("hourly on/off", 24, Series(400, 0.1, t => t % 24 < 8 ? 0 : 50), 1.2),
            // A December of +20 on a monthly slope of 0.05: 0.6 from last December, beyond the bound of a noise of 0.1.
            ("a December on a trend", 12, Series(300, 0.1, t => (t % 12 == 11 ? 30 : 10) + 0.05 * t), 0.3),
            // The noise-free weekly sawtooth on a trend (a drop of 19 each week).
            ("a weekly sawtooth falling", 7, Series(300, 0, t => 100 + 3 * (t % 7) - t), 0.01),
            // Yearly steps of 5 (a price list).
            ("yearly steps", 12, Series(300, 0.1, t => 100 + 5 * (t / 12)), 0.02),
        };
        foreach (var (name, season, y, within) in cases)
        {
            var now = SecondHalf(y, season, false);
            var then = SecondHalf(y, season, true);
            Console.WriteLine($"{name}: second half's MAE {then.Mae:G3} → {now.Mae:G3} (seasonal naive {now.SeasonalNaive:G3})");
            Assert.IsLessThan(within * now.SeasonalNaive, now.Mae, name);
            Assert.IsGreaterThan(3 * now.Mae, then.Mae, $"{name}: the defect (pool layout 41)");
        }
    }

    // The one-step forecasts of a series, with the rule and as layout 41 left it, are the same.
    private static void Unchanged(string name, double[] y, int season) =>
        ForecasterAlone.AssertSameForecasts(name, y, () => New(season, false), () => New(season, true));

    [TestMethod]
    public void SpikesAndShiftsThatDoNotRepeatAMoveAreJudgedAsBefore()
    {
        double Monthly(int t) => AuditSeries.Monthly(t);
        // Spikes a season apart of sizes further apart than the bound, and of opposite signs.
        Unchanged("spikes of 10 and 30 a season apart", [.. Enumerable.Range(0, 200).Select(t => Monthly(t) + (t == 60 ? 10 : t == 72 ? 30 : 0))], 12);
        Unchanged("spikes up and down a season apart", [.. Enumerable.Range(0, 200).Select(t => Monthly(t) + (t == 60 ? 15 : t == 72 ? -15 : 0))], 12);
        // A level shift, and a season later a spike the other way.
        Unchanged("a shift up, then a spike down a season later", [.. Enumerable.Range(0, 200).Select(t => Monthly(t) + (t >= 60 ? 20 : 0) + (t == 72 ? -40 : 0))], 12);
        // Without a season nothing is a season's move.
        Unchanged("no season: two equal shifts twelve rows apart", [.. Enumerable.Range(0, 200).Select(t => Monthly(t) + (t >= 60 ? 20 : 0) + (t >= 72 ? 20 : 0))], 1);
    }

    [TestMethod]
    public void RememberedMovesContinueThroughASaveAndLoad()
    {
        double[] y = Series(200, 0.1, t => t % 24 < 8 ? 0 : 50);
        // Saved at row 40: after the first day's switches were confirmed as shifts, before the second day's repeat them.
        ForecasterAlone.AssertContinuesThroughSaveAndLoad(New(24, false), y, 40, ForecasterAlone.OneStep(New(24, false), y));
    }

    [TestMethod]
    public void APoolOfLayout41ReadsWithTheRuleOffAndDamageIsRefused()
    {
        var f = New(24, false);
        var forecast = new float[1];
        foreach (double v in Series(40, 0.1, t => t % 24 < 8 ? 0 : 50)) f.Observe(v, default, learn: true, forecast, default);
        var pool = f.Pool;
        Assert.IsTrue(pool.TakesRepeatedMoves, "a new series");
        Assert.IsFalse(OlderPoolLayouts.ReadAs(pool, 41, 24, 1).TakesRepeatedMoves, "read from a layout-41 file: as it was");
        Assert.AreEqual(pool.Layout42Length, pool.LaterLayoutsLength(41), "layout 42's section, last");
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        // The section: the flag, the next slot, then four rows, moves and whether each repeated one a season before it (the
        // first day's two switches are remembered), the row last noted and a word of bits: whether each hour's value a day
        // back was an outlier.
        int at = bytes.Length - pool.Layout42Length;
        Assert.AreEqual(1, bytes[at], "the flag");
        Assert.IsGreaterThanOrEqualTo(0L, BitConverter.ToInt64(bytes, at + 5), "a move remembered");
        foreach (var (offset, value, what) in new (int, byte[], string)[]
        {
            (at, [2], "layout-42 flag"),
            (at + 1, BitConverter.GetBytes(ForecastPool.RememberedMoves), "remembered moves"),
            (at + 1, BitConverter.GetBytes(-1), "remembered moves"),
            (at + 5, BitConverter.GetBytes(-2L), "remembered moves"),
            (at + 5, BitConverter.GetBytes(1_000_000L), "remembered moves"),
            (at + 13, BitConverter.GetBytes(double.NaN), "remembered moves"),
            (at + 21, [2], "remembered moves"),
            (at + 73, BitConverter.GetBytes(-2L), "remembered moves"),
            (at + 81, BitConverter.GetBytes(1UL << 40), "remembered moves"),   // a place past the season's 24
        })
        {
            byte[] bad = (byte[])bytes.Clone();
            value.CopyTo(bad, offset);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(24, 1).Load(new BinaryReader(new MemoryStream(bad))));
            StringAssert.Contains(e.Message, what);
        }
        // The rule off with a move remembered is damage too.
        byte[] off = (byte[])bytes.Clone();
        off[at] = 0;
        Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(24, 1).Load(new BinaryReader(new MemoryStream(off))));
    }
}
