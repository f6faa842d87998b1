using System.Globalization;
using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// Non-negative series (counts, demand) get non-negative forecasts and intervals (issue 13, fourteenth pass): while every
/// value seen is ≥ 0 the pool clips its combined forecasts at 0 and the forecaster its interval bounds; a value below 0
/// ends that until a reset; the flag is saved (pool layout 13), and older files take it from the stored positivity.
/// </summary>
[TestClass]
public sealed class ForecastPoolNonNegativeTests
{
    public TestContext TestContext { get; set; } = null!;

    // Intermittent yearly-style counts: mostly 0, now and then a spike of up to ~1000 (as volcanic deaths per year),
    // where the trending members forecast below 0 on the way down from a spike.
    private static double[] IntermittentCounts(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.6 ? 0.0 : Math.Floor(Math.Exp(7 * random.NextDouble()))).ToArray();
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(12)]
    public void AnIntermittentCountSeriesNeverGetsANegativeForecastOrBound(int season)
    {
        const int horizon = 3;
        var y = IntermittentCounts(400, seed: 5);
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = season, Learner = new RtuLearnerSettings { Horizon = horizon } });
        var forecast = new float[horizon];
        var bounds = Enumerable.Range(0, 4).Select(_ => new float[horizon]).ToArray();
        int clipped = 0, zeroLower = 0, finiteBounds = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(0, bounds[0], bounds[1]);
            f.WriteInterval(1, bounds[2], bounds[3]);
            if (f.Pool.UncorrectedForecast(1) < 0) clipped++;   // the combination before the correction went below 0
            Assert.IsTrue(f.Pool.NonNegative, $"t={t}");
            for (int h = 0; h < horizon; h++)
            {
                Assert.IsFalse(forecast[h] < 0, $"t={t}, h={h + 1}: forecast {forecast[h]}");
                foreach (var b in bounds)
                {
                    Assert.IsFalse(b[h] < 0, $"t={t}, h={h + 1}: bound {b[h]}");
                    if (float.IsFinite(b[h])) finiteBounds++;
                }
                if (bounds[2][h] == 0) zeroLower++;
            }
        }
        TestContext.WriteLine($"season {season}: {clipped} one-step combinations below 0 before the correction, {zeroLower} of {finiteBounds / 4} lower 95 % bounds at 0");
        Assert.IsGreaterThan(0, zeroLower, "some lower bounds would have been below 0: the test exercises the clip");
        Assert.IsGreaterThan(3 * 300 * 4, finiteBounds, "the intervals are calibrated");
    }

    [TestMethod]
    public void ASeriesThatGoesNegativeIsNotClippedFromThenOn()
    {
        // A count-like series, then one value below 0, then the same counts again: once a value is below 0 the series
        // is not known to be non-negative, and forecasts and bounds below 0 are given (a reset starts it afresh).
        var y = IntermittentCounts(300, seed: 9);
        y[150] = -5;
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1, Learner = new RtuLearnerSettings { Horizon = 1 } });
        var forecast = new float[1];
        float[] lower = new float[1], upper = new float[1];
        int negativeAfter = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(1, lower, upper);
            Assert.AreEqual(t < 150, f.Pool.NonNegative, $"t={t}");
            if (t >= 150 && lower[0] < 0) negativeAfter++;
            if (t < 150) Assert.IsFalse(forecast[0] < 0 || lower[0] < 0, $"t={t}");
        }
        Assert.IsGreaterThan(0, negativeAfter, "after the negative value the lower bounds are no longer clipped");
        f.ResetState();
        Assert.IsTrue(f.Pool.NonNegative, "a series started afresh is non-negative until it shows otherwise");
        // Missing values don't count.
        f.Observe(double.NaN, default, learn: true, forecast, default);
        Assert.IsTrue(f.Pool.NonNegative);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SaveAndLoadKeepTheFlagAndTheForecasts(bool goesNegative)
    {
        var y = IntermittentCounts(260, seed: 2);
        if (goesNegative) y[100] = -1;
        var pool = new ForecastPool(1, 2);
        var model = new float[] { float.NaN, float.NaN };
        var forecast = new float[2];
        for (int t = 0; t < 200; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, forecast); }
        Assert.AreEqual(!goesNegative, pool.NonNegative);
        var copy = Reload(pool, 2, b => b);
        Assert.AreEqual(pool.NonNegative, copy.NonNegative);
        var again = new float[2];
        for (int t = 200; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, forecast);
            copy.Observe(copy.Clean(y[t], learn: true), learn: true); copy.Combine(model, again);
            CollectionAssert.AreEqual(forecast, again, $"t={t}");
        }
    }

    [TestMethod]
    [DataRow(5.0, true)]
    [DataRow(0.0, false)]
    [DataRow(-5.0, false)]
    public void AnOlderLayoutTakesTheFlagFromTheStoredPositivity(double oneValue, bool expected)
    {
        // A layout 12 file is a layout 13 file without the trailing flag: only a series seen positive throughout is known
        // to be non-negative; after a 0 (or a value below 0) the pool continues unclipped, as it was. The layout 13 files
        // (a season-less pool, horizon 1, after 10 + 5·sin(t/3), t < 120, with y[1] = oneValue) were written by main
        // @b24fd5b, before layout 14 added a member.
        string dir = Path.Combine(RealSeries.RepositoryRoot(), "test", "Rtu.Trainers.Tests", "Online", "Data");
        var bytes = File.ReadAllBytes(Path.Combine(dir, $"pool-layout13-sine-first{oneValue.ToString(CultureInfo.InvariantCulture)}.bin"));
        var layout13 = Reload(bytes);
        Assert.AreEqual(oneValue >= 0, layout13.NonNegative, "layout 13 stored the flag");
        BitConverter.GetBytes(-12).CopyTo(bytes, 0);   // the layout marker
        var old = Reload(bytes[..^1]);                  // without the flag
        Assert.AreEqual(expected, old.NonNegative);
        old.Reset();
        Assert.IsTrue(old.NonNegative, "a series started afresh gets the rule");
    }

    private static ForecastPool Reload(byte[] bytes)
    {
        var pool = new ForecastPool(1, 1);
        using var r = new BinaryReader(new MemoryStream(bytes));
        pool.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the whole file is read");
        return pool;
    }

    [TestMethod]
    public void ANegativeValueCleanedAsAnOutlierStillEndsTheClip()
    {
        // The clean bounds an outlier before the members see it (here −50 on a series near 10 enters above 0), but the
        // raw value shows the series can go below 0.
        var pool = new ForecastPool(1, 1);
        var model = new float[] { float.NaN };
        var forecast = new float[1];
        for (int t = 0; t < 100; t++) { pool.Observe(pool.Clean(10 + Math.Sin(t / 3.0), learn: true), learn: true); pool.Combine(model, forecast); }
        double cleaned = pool.Clean(-50, learn: true);
        Assert.IsGreaterThan(0.0, cleaned, "the outlier was cleaned");
        Assert.IsFalse(pool.NonNegative);
    }

    [TestMethod]
    public void ClipToSupportLeavesNaNAndPositiveValues()
    {
        var pool = new ForecastPool(1, 1);
        float[] values = [-2, 0, 3, float.NaN, float.NegativeInfinity];
        pool.ClipToSupport(values);
        CollectionAssert.AreEqual(new float[] { 0, 0, 3, float.NaN, 0 }, values);
        pool.Observe(-1, learn: true);
        float[] below = [-2];
        pool.ClipToSupport(below);
        Assert.AreEqual(-2f, below[0], "not clipped once a value below 0 was seen");
    }

    private static ForecastPool Reload(ForecastPool pool, int horizon, Func<byte[], byte[]> edit)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = edit(ms.ToArray());
        var copy = new ForecastPool(1, horizon);
        using var r = new BinaryReader(new MemoryStream(bytes));
        copy.Load(r);
        Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the whole file is read");
        return copy;
    }
}
