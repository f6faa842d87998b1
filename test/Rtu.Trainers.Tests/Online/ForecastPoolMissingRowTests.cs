using System.Globalization;
using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Missing rows (pool layout 18): a missing row is filled with the combination's forecast of it, and the value that
/// ends a gap bridges the filled rows to it; a pool read from a layout 1–17 file leaves missing rows out, as it did.
/// </summary>
[TestClass]
public sealed class ForecastPoolMissingRowTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly float[] NoModel = [float.NaN];

    private static void Step(ForecastPool pool, double value, float[] made)
    {
        pool.Observe(pool.Clean(value, learn: true), learn: true);
        pool.Combine(NoModel, made);
    }

    private static double[] Members(ForecastPool pool)
    {
        var members = new double[ForecastPool.MemberCount];
        pool.WriteMemberForecasts(1, members);
        return members;
    }

    private static ForecastPool Learned(double[] y, int rows, int season, float[] made)
    {
        var pool = new ForecastPool(season, 1);
        for (int t = 0; t < rows; t++) Step(pool, y[t], made);
        return pool;
    }

    // The pool's saved form as layout 17 wrote it: the version marker −17 and no missing-row fields at the end.
    private static ForecastPool AsLayout17(ForecastPool pool, int season)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray()[..^(5 + pool.LaterLayoutsLength(18))];   // the bool and the count written by layout 18, then layouts 19–22's fields
        Assert.AreEqual(-ForecastPool.LayoutVersion, BitConverter.ToInt32(bytes, 0), "the current layout");
        BitConverter.GetBytes(-17).CopyTo(bytes, 0);
        var old = new ForecastPool(season, 1);
        using var r = new BinaryReader(new MemoryStream(bytes));
        old.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the layout-17 form is read to its end");
        return old;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(12)]
    public void AfterALoneMissingRowEveryMemberStillForecasts(int season)
    {
        // Before layout 18 a missing row was left out: the autoregressions on the history had no forecast until their
        // lags were observed again (3 rows for the AR on levels and on changes), and the smoothing states stood still, so
        // that after the gap they forecast one step short. Now the row takes the combination's forecast.
        double[] y = RealSeries.Co2();
        var made = new float[1];
        var pool = Learned(y, 200, season, made);
        var old = AsLayout17(pool, season);
        var oldMade = new float[1];
        old.Combine(NoModel, oldMade);
        // Its members forecast as the pool's it was written from (the combination not: it has no member priors, layout 21),
        // but for the M4 Comb a seasonal pool has had since layout 24 and the rolling median in that slot without a season
        // (layout 30).
        int comb = ForecastPoolCombTests.Comb;
        var written = Members(pool);
        Assert.IsTrue(double.IsFinite(written[comb]), "the Comb with a season, the median without one");
        written[comb] = double.NaN;
        CollectionAssert.AreEqual(written, Members(old), "the layout-17 form's members forecast as the pool's it was written from");
        var before = Members(pool);
        Step(pool, double.NaN, made);
        Step(old, double.NaN, oldMade);
        var now = Members(pool);
        var then = Members(old);
        var lost = Enumerable.Range(0, ForecastPool.MemberCount).Where(i => double.IsFinite(before[i]) && !double.IsFinite(now[i])).Select(i => ForecastPool.MemberNames[i]).ToArray();
        var lostBefore = Enumerable.Range(0, ForecastPool.MemberCount).Where(i => double.IsFinite(before[i]) && !double.IsFinite(then[i])).Select(i => ForecastPool.MemberNames[i]).ToArray();
        TestContext.WriteLine($"season {season}: members without a forecast after the missing row: now [{string.Join(", ", lost)}], layout 17 [{string.Join(", ", lostBefore)}]");
        // The seasonal naive forecasts the observed value a season back, so with a season it has none for the row a season
        // after the missing one; here that is h = m rows away, not the next row.
        CollectionAssert.AreEqual(Array.Empty<string>(), lost, "every member that forecast before the missing row forecasts after it");
        CollectionAssert.Contains(lostBefore, "AR (levels)", "a layout-17 pool leaves the missing row out, as it did");
        CollectionAssert.Contains(lostBefore, "ARI (changes)");
        Assert.IsTrue(double.IsFinite(made[0]) && double.IsFinite(oldMade[0]), "both forecast");
    }

    [TestMethod]
    [DataRow(1, 0.0125)]
    [DataRow(3, 0.0375)]
    public void AGapBarelyChangesTheRestOfRealSeries(int gap, double bound)
    {
        // The forecaster (RTU and pool) on CO2, petrol prices and Johnson & Johnson, `gap` rows missing at 10 places
        // each: the mean change of the rest of the series' one-step MAE against the complete run. Layout 17 (missing rows
        // left out): 1.33 % for one row, 3.99 % for three; layout 18: 1.02 % and 3.24 %.
        var series = new (string Name, double[] Y, int Season)[]
        {
            ("co2", RealSeries.Co2(), 12), ("petrol", RealSeries.PetrolPrice(), 12), ("JohnsonJohnson", RealSeries.JohnsonJohnson, 4),
        };
        var changes = new List<double>();
        foreach (var (name, y, season) in series)
        {
            var complete = ForecasterAlone.OneStep(y, season);
            var line = new List<string>();
            foreach (int at in Enumerable.Range(1, 10).Select(i => i * y.Length / 12))
            {
                var gapped = (double[])y.Clone();
                for (int k = 0; k < gap; k++) gapped[at + k] = double.NaN;
                var made = ForecasterAlone.OneStep(gapped, season);
                Assert.IsTrue(made.All(double.IsFinite), $"{name}, gap at row {at}: a forecast is not finite");
                int from = at + gap;
                double change = ForecasterAlone.RestMae(y, made, from) / ForecasterAlone.RestMae(y, complete, from) - 1;
                changes.Add(Math.Abs(change));
                line.Add((100 * change).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture));
            }
            TestContext.WriteLine($"{name}: rest-of-series MAE change (%), {gap} missing at 10 places: {string.Join(" ", line)}");
        }
        TestContext.WriteLine($"mean |change| {changes.Average():P2}, largest {changes.Max():P1}");
        Assert.IsLessThan(bound, changes.Average(), "mean change");
    }

    [TestMethod]
    public void TheValueThatEndsAGapBridgesTheFilledRows()
    {
        // Three missing rows take the combination's forecasts f1, f2, f3; the value y that ends the gap misses its
        // forecast f4 by e = y − f4, and the filled rows become fj + e·j/4: a straight line toward y, so that the
        // autoregressions do not read a change of e at the gap's end that the series never made.
        double[] y = RealSeries.Co2();
        var made = new float[1];
        var pool = Learned(y, 150, 12, made);
        var filled = new double[3];
        for (int j = 0; j < 3; j++)
        {
            filled[j] = pool.JudgedAgainst;
            Step(pool, double.NaN, made);
            Assert.AreEqual(filled[j], pool.HistoryBack(0), $"missing row {j + 1} holds the forecast of it");
        }
        double last = pool.JudgedAgainst, value = last + 2.5;
        Step(pool, value, made);
        Assert.AreEqual(value, pool.HistoryBack(0), "the value itself");
        for (int j = 1; j <= 3; j++)
            Assert.AreEqual(filled[j - 1] + 2.5 * j / 4, pool.HistoryBack(4 - j), 1e-9, $"filled row {j} is bridged");
        Assert.IsTrue(double.IsFinite(made[0]));
    }

    [TestMethod]
    public void AGapLongerThanTheHistoryIsLeftOutAsBefore()
    {
        // Filling goes as far as the history the autoregressions read (L rows): forecasts built on forecasts drift, and
        // past L nothing observed is left to bridge from. The value after such a gap is taken as it is (as before).
        double[] y = RealSeries.Co2();
        var made = new float[1];
        var pool = Learned(y, 150, 12, made);
        int l = 0;
        while (true)
        {
            Step(pool, double.NaN, made);
            if (double.IsNaN(pool.HistoryBack(0))) break;
            l++;
            Assert.IsLessThan(1000, l, "filling stops");
        }
        TestContext.WriteLine($"filled {l} rows, then left out");
        Assert.AreEqual(12 + 3 + 1, l, "L = m + 3 lags + 1");
        for (int k = 1; k < l; k++) Step(pool, double.NaN, made);
        double far = 10 * y[149];
        Assert.AreEqual(far, pool.Clean(far, learn: true), "after the history is all missing, the value is taken as it is");
    }

    [TestMethod]
    [DataRow(12)]
    [DataRow(1)]
    public void AnOutageOfThousandsOfRowsKeepsTheForecastsNearTheLevel(int season)
    {
        // 200 values of a noisy monthly sine with a slight trend, then 50,000 missing rows (a sensor offline), then the
        // values again. Past the history the members forecast along their own paths; before each was held near the level,
        // the forecasts reached 1,779 after 50,000 rows (season 12; 1.4·10⁸ after 200,000) or fell to 0 (no season).
        var random = new Random(1);
        double Value(int r) => 100 + 10 * Math.Sin(2 * Math.PI * r / 12) + 0.01 * r + 4 * (random.NextDouble() - 0.5);
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = season, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var forecast = new float[3];
        var seen = new List<double>();
        for (int r = 0; r < 200; r++) { double v = Value(r); seen.Add(v); f.Observe(v, default, learn: true, forecast, default); }
        double mean = seen.Average(), sd = Math.Sqrt(seen.Average(v => (v - mean) * (v - mean)));
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        for (int g = 0; g < 50_000; g++)
        {
            f.Observe(double.NaN, default, learn: true, forecast, default);
            foreach (float v in forecast) { lowest = Math.Min(lowest, v); highest = Math.Max(highest, v); }
        }
        TestContext.WriteLine($"season {season}: values {mean:F1} ± {sd:F1}; forecasts over the outage {lowest:F1}–{highest:F1}");
        Assert.IsGreaterThan(mean - 11 * sd, lowest, "no forecast drifts below the level by more than the bound");
        Assert.IsLessThan(mean + 11 * sd, highest, "no forecast drifts above the level by more than the bound");
        // The values return (the series' own trend carried 500 higher by now): the forecasts follow within a few rows.
        double last = 0;
        for (int r = 50_200; r < 50_210; r++) { last = Value(r); f.Observe(last, default, learn: true, forecast, default); }
        Assert.IsLessThan(0.1, Math.Abs(forecast[0] - last) / last, "ten values after the outage the forecast is back near them");
    }

    [TestMethod]
    public void APoolSavedInAGapContinuesBitForBit()
    {
        double[] y = RealSeries.Co2();
        var made = new float[1];
        var pool = Learned(y, 120, 12, made);
        Step(pool, double.NaN, made);
        Step(pool, double.NaN, made);
        var copy = pool.Clone();
        var copyMade = new float[1];
        foreach (double v in new[] { double.NaN, y[123], y[124], double.NaN, y[126], y[127] })
        {
            Step(pool, v, made);
            Step(copy, v, copyMade);
            Assert.AreEqual(made[0], copyMade[0], "the copy forecasts as the pool");
        }
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(17)]
    [DataRow(int.MaxValue)]
    public void AStoredMissingRowCountOutOfRangeIsRefused(int count)
    {
        var made = new float[1];
        var pool = Learned(RealSeries.Co2(), 60, 12, made);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        BitConverter.GetBytes(count).CopyTo(bytes, bytes.Length - 4 - pool.LaterLayoutsLength(18));   // before layouts 19–22's fields
        using var r = new BinaryReader(new MemoryStream(bytes));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(12, 1).Load(r));
        StringAssert.Contains(e.Message, "missing-row count");
    }

    [TestMethod]
    public void AMissingFirstRowLeavesTheCombinationToTheMembersScoredMostNotToTheSeasonalNaiveForecast()
    {
        // A trending quarterly series with row 1 missing: at row 3 no member has MinimumScored scored forecasts (the missing
        // target cost each one), and the combination fell back to the seasonal naive forecast, a year's growth off (austres:
        // 13,067 for 13,304). Now the members scored most (two forecasts each) are combined, as the clean run combines the
        // members scored three times.
        var y = Enumerable.Range(0, 24).Select(t => 100 + 5.0 * t + (t % 4 == 1 ? 1 : 0)).ToArray();
        var made = new float[1];
        var pool = new ForecastPool(4, 1);
        for (int t = 0; t <= 3; t++) Step(pool, t == 1 ? double.NaN : y[t], made);
        double seasonalNaive = y[0], error = Math.Abs(made[0] - y[4]);
        TestContext.WriteLine($"row 3's forecast of row 4 ({y[4]}): {made[0]} (the seasonal naive forecast: {seasonalNaive})");
        Assert.IsLessThan(Math.Abs(seasonalNaive - y[4]) / 3, error, "the forecast made at row 3");
        // The clean run at row 3 is unchanged: its members have three scored forecasts.
        var clean = new ForecastPool(4, 1);
        var cleanMade = new float[1];
        for (int t = 0; t <= 3; t++) Step(clean, y[t], cleanMade);
        Assert.IsGreaterThan(0.0, Enumerable.Range(0, ForecastPool.MemberCount).Sum(i => clean.Weight(1, i)), "the clean run combines at row 3");
    }

    [TestMethod]
    public void TheNowcastOfAGapIsItsFillBitForBitWhileTheSameMembersAreCombined()
    {
        // CO2 row 250 missing: nothing is scored at the gap, so the members combined are those of the row before, and the
        // gap's nowcast is the one-step forecast it was filled with, exactly; on a row with a value there is none.
        var y = RealSeries.Co2();
        var made = new float[1];
        var pool = Learned(y, 250, 12, made);
        Assert.IsTrue(double.IsNaN(pool.GapNowcast()), "no gap, no nowcast");
        double fill = pool.JudgedAgainst;
        Step(pool, double.NaN, made);
        Assert.AreEqual(fill, pool.GapNowcast(), 0.0, "the fill, bit for bit");
        Step(pool, y[251], made);
        Assert.IsTrue(double.IsNaN(pool.GapNowcast()), "gone at the next value");
    }

    [TestMethod]
    public void WhereTheMembersCombinedChangeAtAGapItsNowcastIsTheirForecastOfIt()
    {
        // A trend with row 3 missing: at row 2 no member has MinimumScored scored forecasts and the combination is the naive
        // fallback (the fill); at the gap the members scored most (two each) are combined. The gap's nowcast is what those
        // members, weighted as they are now, forecast for it at row 2 (one step ahead on a positive series the weighted
        // mean of their logs, pool layout 22): the fill the next row's forecast was made from.
        var y = Enumerable.Range(0, 12).Select(t => 100 + 5.0 * t + (t % 2 == 0 ? 0.5 : -0.5)).ToArray();
        var made = new float[1];
        var pool = Learned(y, 3, 1, made);
        double fill = pool.JudgedAgainst;
        var forecastsOfTheGap = Members(pool);
        Assert.AreEqual(0.0, Enumerable.Range(0, ForecastPool.MemberCount).Sum(i => pool.Weight(1, i)), "the fallback at row 2");
        Step(pool, double.NaN, made);
        double logs = 0, weights = 0;
        for (int i = 0; i < ForecastPool.MemberCount; i++)
        {
            double w = pool.Weight(1, i);
            if (w > 0 && double.IsFinite(forecastsOfTheGap[i])) { logs += w * Math.Log(forecastsOfTheGap[i]); weights += w; }
        }
        double combined = Math.Exp(logs / weights);
        TestContext.WriteLine($"row 3 ({y[3]}): filled with {fill}, nowcast {pool.GapNowcast()}, the members combined now {combined}");
        Assert.IsGreaterThan(0.0, weights, "members are combined at the gap");
        Assert.AreNotEqual(fill, pool.GapNowcast(), "the members combined changed");
        Assert.AreEqual(combined, pool.GapNowcast(), 1e-6 * y[3]);
    }
}
