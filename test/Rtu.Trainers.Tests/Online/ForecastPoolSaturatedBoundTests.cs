using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A series that has sat at its highest (lowest) value in two runs of three rows or more is bounded there (pool layout
/// 36): the forecaster's forecasts and interval bounds are clipped to it; a value beyond ends it; a highest value merely
/// reached again and again (a trending count) is no bound; the bounds are saved, read back, refused when damaged, and a
/// layout-35 file continues without them.
/// </summary>
[TestClass]
public sealed class ForecastPoolSaturatedBoundTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Season = 24, Horizon = 4;

    // Utilisation in %: a daily cycle around 60 (sd 3) with overloads that climb to 100 and stay there for `hold` rows,
    // starting at each of `overloads`.
    private static double[] Utilisation(int days, int seed, int hold, params int[] overloads)
    {
        var rng = new Random(seed);
        var y = Enumerable.Range(0, days * Season).Select(t => 60 + 15 * Math.Sin(2 * Math.PI * t / Season) + 3 * PromoData.Gaussian(rng)).ToArray();
        foreach (int start in overloads)
        {
            for (int k = 0; k < 4; k++) y[start + k] = y[start - 1] + (100 - y[start - 1]) * (k + 1) / 5;   // the climb
            for (int k = 4; k < 4 + hold; k++) y[start + k] = 100;
        }
        return y.Select(v => Math.Min(v, 100)).ToArray();
    }

    // The forecaster's forecasts and 95 % bounds at every row (rows × horizon), with the pool's ceiling after each row.
    private static (float[][] Forecasts, float[][] Upper, float[][] Lower, double[] Ceilings) Run(RtuForecaster f, double[] y)
    {
        var forecasts = new float[y.Length][]; var upper = new float[y.Length][]; var lower = new float[y.Length][];
        var ceilings = new double[y.Length];
        for (int t = 0; t < y.Length; t++)
        {
            forecasts[t] = new float[Horizon]; upper[t] = new float[Horizon]; lower[t] = new float[Horizon];
            f.Observe(y[t], default, learn: true, forecasts[t], default);
            f.WriteInterval(1, lower[t], upper[t]);
            ceilings[t] = f.Pool.Ceiling;
        }
        return (forecasts, upper, lower, ceilings);
    }

    private static RtuForecaster Forecaster() =>
        new(new RtuForecasterSettings { SeasonLength = Season, Learner = new RtuLearnerSettings { Horizon = Horizon } });

    [TestMethod]
    public void AUtilisationSaturatedTwiceIsClippedAt100()
    {
        var y = Utilisation(days: 30, seed: 3, hold: 5, 100, 300, 500, 520, 540, 560, 580, 600, 620, 640);
        var (forecasts, upper, lower, ceilings) = Run(Forecaster(), y);
        // The second run of three rows at 100 (the overload at row 300: its climb ends at 303, the third 100 at 306).
        Assert.AreEqual(double.PositiveInfinity, ceilings[305], "one run and two rows of the second: no bound yet");
        Assert.AreEqual(100, ceilings[306], "the second run of three rows at 100 makes it a bound");
        int above = 0, clipped = 0;
        for (int t = 0; t < y.Length; t++)
            for (int h = 0; h < Horizon; h++)
            {
                if (t < 306 && (forecasts[t][h] > 100 || upper[t][h] > 100)) above++;
                if (t >= 306)
                {
                    Assert.IsFalse(forecasts[t][h] > 100 || upper[t][h] > 100 || lower[t][h] > 100, $"t={t}, h={h + 1}: {forecasts[t][h]} [{lower[t][h]}, {upper[t][h]}]");
                    if (upper[t][h] == 100) clipped++;
                }
            }
        TestContext.WriteLine($"before the bound {above} forecasts or upper bounds above 100; after it {clipped} upper bounds clipped to 100");
        Assert.IsGreaterThan(0, above, "without the bound the forecasts and intervals pass 100: the test exercises the clip");
        Assert.IsGreaterThan(0, clipped);
    }

    [TestMethod]
    public void AForecastPoolReadFromALayout35FileIsNotBounded()
    {
        var y = Utilisation(days: 20, seed: 3, hold: 5, 100, 300, 400);
        var pool = OlderPoolLayouts.ReadAs(new ForecastPool(Season, Horizon), 35, Season, Horizon);
        foreach (double v in y) pool.Observe(pool.Clean(v, learn: true), learn: true);
        Assert.AreEqual(double.PositiveInfinity, pool.Ceiling, "a layout-35 pool continues without the rule, as it was");
        Assert.AreEqual(double.NegativeInfinity, pool.Floor);
    }

    [TestMethod]
    public void AHighestValueReachedAgainWithoutRunsIsNoBound()
    {
        // A quarterly count that reaches its highest value again and again as it grows (100, 92, 101, 100, …), and sits
        // at one for three rows once: no bound (a screen of the 323 series: the highest value seen three times clipped
        // a growing quarterly series, +5 %).
        double[] y = [80, 90, 85, 95, 100, 92, 101, 100, 101, 96, 101, 101, 101, 99, 104, 103, 104, 98, 110, 104, 112];
        var pool = new ForecastPool(4, 1);
        foreach (double v in y)
        {
            pool.Observe(pool.Clean(v, learn: true), learn: true);
            Assert.AreEqual(double.PositiveInfinity, pool.Ceiling, $"after {v}");
        }
        // A missing row ends a run: 112 twice more (three with the last row), missing, 112 once more, then three in a
        // row: one run.
        foreach (double v in new[] { 111, 112, 112, double.NaN, 112, 111, 112, 112, 112 }) pool.Observe(pool.Clean(v, learn: true), learn: true);
        Assert.AreEqual(double.PositiveInfinity, pool.Ceiling, "one run of three; the rows around a missing one are no run");
        foreach (double v in new[] { 111, 112, 112, 112 }) pool.Observe(pool.Clean(v, learn: true), learn: true);
        Assert.AreEqual(112, pool.Ceiling, "a second run");
    }

    [TestMethod]
    public void AValueBeyondABoundEndsIt()
    {
        var y = Utilisation(days: 20, seed: 4, hold: 5, 100, 300);
        var f = Forecaster();
        var (_, _, _, ceilings) = Run(f, y);
        Assert.AreEqual(100, ceilings[^1]);
        var forecast = new float[Horizon];
        f.Observe(100.5, default, learn: true, forecast, default);   // a host's CPU count grew, or the scale was wrong
        Assert.AreEqual(double.PositiveInfinity, f.Pool.Ceiling, "a value beyond the bound ends it");
        foreach (double v in new[] { 90.0, 100, 100, 100, 90, 100, 100, 100 }) f.Observe(v, default, learn: true, forecast, default);
        Assert.AreEqual(double.PositiveInfinity, f.Pool.Ceiling, "runs below the highest value seen make no bound");
        f.ResetState();
        Assert.AreEqual(double.PositiveInfinity, f.Pool.Ceiling);
        Assert.AreEqual(double.NegativeInfinity, f.Pool.Floor);
    }

    [TestMethod]
    public void ALowestValueSatAtIsAFloor()
    {
        // A temperature held by a heater at −20 at night (the series goes below 0, so the clip at 0 does not act): the
        // floor mirrors the ceiling.
        var y = Utilisation(days: 20, seed: 5, hold: 5, 100, 300).Select(v => 40 - v).ToArray();
        var (forecasts, _, lower, ceilings) = Run(Forecaster(), y);
        Assert.AreEqual(double.PositiveInfinity, ceilings[^1]);
        var pool = new ForecastPool(Season, Horizon);
        foreach (double v in y) pool.Observe(pool.Clean(v, learn: true), learn: true);
        Assert.AreEqual(-60, pool.Floor);
        for (int t = 306; t < y.Length; t++)
            for (int h = 0; h < Horizon; h++) Assert.IsFalse(forecasts[t][h] < -60 || lower[t][h] < -60, $"t={t}, h={h + 1}");
        Span<float> values = [-61f, -60f, 0f, float.NaN];
        pool.ClipToSupport(values);
        CollectionAssert.AreEqual(new[] { -60f, -60f, 0f, float.NaN }, values.ToArray());
    }

    [TestMethod]
    public void AnEstimateIsNoValueGiven()
    {
        // A missing row, or a lone spike, inside the first run at 100, observed again as the value it most likely was: a
        // little above 100 before any bound (a review: 100.007 to 100.73), it had become the highest value, never given
        // again, and no bound formed. Taken as missing, it breaks that run; the next two overloads make the bound.
        foreach (double at106 in new[] { double.NaN, 5000 })
            for (int seed = 3; seed <= 8; seed++)
            {
                var y = Utilisation(days: 30, seed, hold: 5, 100, 300, 500, 520, 540, 560, 580, 600, 620, 640);
                y[106] = at106;
                var (forecasts, upper, _, ceilings) = Run(Forecaster(), y);
                Assert.AreEqual(100, ceilings[506], $"{at106}, seed {seed}: the third overload's second run");
                for (int t = 506; t < y.Length; t++)
                    for (int h = 0; h < Horizon; h++) Assert.IsFalse(forecasts[t][h] > 100 || upper[t][h] > 100, $"{at106}, seed {seed}, t={t}");
            }
    }

    [TestMethod]
    public void AChangeOfUnitsStartsTheBoundsAfresh()
    {
        // A frozen forecaster bounded at 100 % whose values come as shares (÷100): the factor it converts by is an
        // estimate (value / forecast), so a converted bound would be near 1, not 1 (a review: 0.96–1.40). The bounds start
        // afresh and form at 1 from the shares' own runs.
        var f = Forecaster();
        Run(f, Utilisation(days: 20, seed: 4, hold: 5, 100, 300));
        Assert.AreEqual(100, f.Pool.Ceiling);
        var shares = Utilisation(days: 8, seed: 9, hold: 5, 100, 140).Select(v => v / 100).ToArray();
        var forecast = new float[Horizon];
        bool changed = false;
        foreach (double v in shares)
        {
            f.Observe(v, default, learn: false, forecast, default);
            changed |= f.Pool.ScaleChanged;
            if (changed && f.Pool.Ceiling != 1) Assert.AreEqual(double.PositiveInfinity, f.Pool.Ceiling, "no bound in between");
        }
        Assert.IsTrue(changed, "the change of units is taken");
        Assert.AreEqual(1, f.Pool.Ceiling);
    }

    [TestMethod]
    public void TheBoundsAreSavedReadBackAndRefusedWhenDamaged()
    {
        var y = Utilisation(days: 20, seed: 6, hold: 5, 100, 300);
        var pool = new ForecastPool(Season, Horizon);
        var model = new float[Horizon];
        Array.Fill(model, float.NaN);
        var made = new float[Horizon];
        int cut = 305;   // mid-way through the second run
        for (int t = 0; t < cut; t++) { pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made); }
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) pool.Save(w);
        byte[] bytes = ms.ToArray();
        Assert.AreEqual(ForecastPool.Layout36Length + ForecastPool.Layout37Length + ForecastPool.Layout38Length + ForecastPool.Layout39Length + ForecastPool.Layout40Length + ForecastPool.Layout41Length + pool.Layout42Length, pool.LaterLayoutsLength(35), "layout 36's section, then layout 37's, 38's, 39's, 40's and 41's");
        var read = new ForecastPool(Season, Horizon);
        read.Load(new BinaryReader(new MemoryStream(bytes)));
        var again = new float[Horizon];
        for (int t = cut; t < y.Length; t++)
        {
            pool.Observe(pool.Clean(y[t], learn: true), learn: true); pool.Combine(model, made);
            read.Observe(read.Clean(y[t], learn: true), learn: true); read.Combine(model, again);
            CollectionAssert.AreEqual(made, again, $"t={t}");
            Assert.AreEqual(pool.Ceiling, read.Ceiling, $"t={t}");
        }
        Assert.AreEqual(100, read.Ceiling, "read back mid-run, the run is counted on");

        // The section: a flag, the highest and lowest values, the two current runs, the two counts of runs.
        int at = bytes.Length - pool.Layout42Length - ForecastPool.Layout41Length - ForecastPool.Layout40Length - ForecastPool.Layout39Length - ForecastPool.Layout38Length - ForecastPool.Layout37Length - ForecastPool.Layout36Length + 1;
        foreach (var (offset, value) in new[]
        {
            (at, BitConverter.GetBytes(double.PositiveInfinity)),            // a bound beyond the finite values
            (at + 8, BitConverter.GetBytes(1e6)),                            // the lowest value above the highest
            (at + 16, BitConverter.GetBytes(ForecastPool.SaturationRunLength + 1)),
            (at + 28, BitConverter.GetBytes(-1)),
        })
        {
            byte[] damaged = (byte[])bytes.Clone();
            value.CopyTo(damaged, offset);
            Assert.ThrowsExactly<InvalidDataException>(() => new ForecastPool(Season, Horizon).Load(new BinaryReader(new MemoryStream(damaged))), $"offset {offset - at}");
        }
    }
}
