using Rtu.Tests.Shared;
using Rtu.Trainers.Online;
using static Rtu.Trainers.Tests.Online.SavedBytes;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The frozen view of the conformal intervals (half-widths, <see cref="ConformalIntervals.Freeze"/>) is what Write uses.</summary>
[TestClass]
public sealed class ConformalIntervalsTests
{
    [TestMethod]
    public void HalfWidthsAreWhatWriteAddsAndStayFrozenWithoutLearning()
    {
        var intervals = new ConformalIntervals(horizon: 2);
        var rng = new Random(4);
        float[] forecast = [0f, 0f];
        for (int t = 0; t < 3; t++) { intervals.Observe(rng.NextDouble(), learn: true); intervals.Remember(forecast); }
        Assert.IsTrue(double.IsNaN(intervals.HalfWidth(1, 0)), "too few scored forecasts: unknown");
        Assert.AreEqual(2, intervals.Scored(1));
        for (int t = 0; t < 200; t++)
        {
            intervals.Observe(rng.NextDouble() * 2 - 1, learn: true);
            forecast = [(float)(rng.NextDouble() - 0.5), (float)(rng.NextDouble() - 0.5)];
            intervals.Remember(forecast);
        }
        var frozen = intervals.Freeze();
        CollectionAssert.AreEqual(new[] { 0.8, 0.95 }, frozen.Select(f => f.Level).ToArray());
        float[] lower = new float[2], upper = new float[2];
        for (int level = 0; level < 2; level++)
        {
            intervals.Write(forecast, level, lower, upper);
            for (int h = 1; h <= 2; h++)
            {
                double half = intervals.HalfWidth(h, level);
                Assert.IsGreaterThan(0.0, half);
                Assert.AreEqual((float)(forecast[h - 1] - half), lower[h - 1]);
                Assert.AreEqual((float)(forecast[h - 1] + half), upper[h - 1]);
                Assert.AreEqual((float)half, frozen[level].HalfWidth[h - 1]);
            }
        }
        Assert.IsGreaterThan(intervals.HalfWidth(1, 0), intervals.HalfWidth(1, 1), "95 % is wider than 80 %");
        // Inference (learn = false) scores nothing: the frozen half-widths stay valid.
        for (int t = 0; t < 50; t++) { intervals.Observe(100 + t, learn: false); intervals.Remember(forecast); }
        for (int level = 0; level < 2; level++)
            CollectionAssert.AreEqual(frozen[level].HalfWidth, intervals.Freeze()[level].HalfWidth);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => intervals.HalfWidth(3, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => intervals.HalfWidth(1, 2));
    }

    [TestMethod]
    public void IntervalsConvertedToNewUnitsScaleTheirHalfWidths()
    {
        // A frozen forecaster meeting a change of units: the error scales are multiplied, the width factors kept.
        var intervals = new ConformalIntervals(horizon: 2);
        var rng = new Random(5);
        for (int t = 0; t < 60; t++) { intervals.Observe(rng.NextDouble() - 0.5, learn: true); intervals.Remember([0.5f, 0.5f]); }
        double[] before = [intervals.HalfWidth(1, 0), intervals.HalfWidth(2, 1)];
        intervals.Rescale(1e3);
        Assert.AreEqual(before[0] * 1e3, intervals.HalfWidth(1, 0), 1e-9 * before[0] * 1e3);
        Assert.AreEqual(before[1] * 1e3, intervals.HalfWidth(2, 1), 1e-9 * before[1] * 1e3);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => intervals.Rescale(-1));
    }

    [TestMethod]
    public void IntervalsCoverAShortSeriesWhoseErrorsGrow()
    {
        // The error scale follows the recent quarter of the errors and the width factor starts at the Laplace quantiles,
        // so a growing series is covered: one step ahead on JohnsonJohnson the 80 % and 95 % intervals hold 75.6 % and
        // 96.2 % of their 78 values with the relative scale its errors choose (layout 3; 71.8 % and 94.9 % with the
        // absolute scale alone, 62.8 % and 74.4 % with the former 100-error scale, normal starting factors, γ = 0.05).
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 4 });
        var forecast = new float[1];
        var lower = new float[2][]; var upper = new float[2][];
        int scored = 0; var hits = new int[2];
        for (int t = 0; t < RealSeries.JohnsonJohnson.Length; t++)
        {
            double y = RealSeries.JohnsonJohnson[t];
            if (lower[0] is not null && float.IsFinite(lower[0][0]))
            {
                scored++;
                for (int l = 0; l < 2; l++) if (y >= lower[l][0] && y <= upper[l][0]) hits[l]++;
            }
            f.Observe(y, default, true, forecast, default);
            for (int l = 0; l < 2; l++) { lower[l] = new float[1]; upper[l] = new float[1]; f.WriteInterval(l, lower[l], upper[l]); }
        }
        double c80 = hits[0] / (double)scored, c95 = hits[1] / (double)scored;
        TestContext.WriteLine($"JohnsonJohnson one step, {scored} intervals: coverage 80 % → {c80:P1}, 95 % → {c95:P1}");
        Assert.IsGreaterThan(70, scored);
        Assert.IsGreaterThanOrEqualTo(0.73, c80);
        Assert.IsGreaterThanOrEqualTo(0.92, c95);
    }

    [TestMethod]
    public void IntervalsOfTheFirstLayoutLoadAndContinue()
    {
        // Layout 1 (before the issued widths): the horizon first, no marker, no issued widths. Written here from a current
        // state by dropping both and layout 3's relative scales (the values here are not all positive, so the current
        // intervals are absolute too); it loads, keeps the calibration, and the next forecasts are scored without a miss.
        var a = new ConformalIntervals(horizon: 2);
        var rng = new Random(3);
        for (int t = 0; t < 60; t++) { a.Observe(rng.NextDouble() - 0.5, learn: true); a.Remember([0.5f, 0.5f]); }
        Assert.IsFalse(a.IsRelative(1) || a.IsRelative(2));
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) a.Save(w);
        var bytes = ms.ToArray();
        Assert.AreEqual(-9, BitConverter.ToInt32(bytes, 0));
        var old = bytes[4..^(2 * 2 * 2 * 4 + a.LaterLayoutsLength(2))];   // the issued widths, then layouts 3–9
        var b = new ConformalIntervals(horizon: 2);
        using (var r = new BinaryReader(new MemoryStream(old)))
        {
            b.Load(r);
            Assert.AreEqual(old.Length, r.BaseStream.Position, "the whole layout is read");
        }
        var withoutFast = ReadAsLayout(a, 7, a.LaterLayoutsLength(7));   // the scale layout 1 had: s_h alone
        for (int h = 1; h <= 2; h++)
            for (int l = 0; l < 2; l++) Assert.AreEqual(withoutFast.HalfWidth(h, l), b.HalfWidth(h, l));
        b.Observe(0.5, learn: true);
        Assert.IsTrue(double.IsFinite(b.HalfWidth(1, 1)));
        var newer = (byte[])bytes.Clone();
        BitConverter.GetBytes(-10).CopyTo(newer, 0);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new ConformalIntervals(2).Load(new BinaryReader(new MemoryStream(newer)))).Message, "newer");
    }

    public TestContext TestContext { get; set; } = null!;

    // Runs intervals over y, learning, with f[t] the one-step forecast of y[t + 1] made at row t; returns the share of
    // values inside the 80 % interval from row `from` on.
    private static double Coverage(ConformalIntervals intervals, double[] y, double[] f, int from)
    {
        float[] lower = new float[1], upper = new float[1];
        int inside = 0, scored = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= from && float.IsFinite(lower[0])) { scored++; if (y[t] >= lower[0] && y[t] <= upper[0]) inside++; }
            intervals.Observe(y[t], learn: true);
            intervals.Remember([(float)f[t]]);
            intervals.Write([(float)f[t]], 0, lower, upper);
        }
        return inside / (double)scored;
    }

    [TestMethod]
    public void ErrorsThatGrowWithTheLevelGetRelativeIntervalsAndConstantErrorsAbsoluteOnes()
    {
        // Two positive series rising from 10 to 1,000 over 400 rows, forecast by their level: one with errors in proportion
        // to it (±5 %), one with errors of a constant size (±3). The first's intervals become relative
        // and hold their level across the rise; the second's stay absolute. Measured (80 %, rows 100–399): 79.7 % and
        // 80.7 %; the first with the absolute scale alone (a layout 1–2 model) 75.7 %: s_h lags behind errors that grow.
        var rng = new Random(7);
        int n = 400;
        double[] proportional = new double[n], constant = new double[n], levels = new double[n];
        for (int t = 0; t < n; t++)
        {
            double level = 10 * Math.Pow(100, t / (double)(n - 1));
            levels[t] = 10 * Math.Pow(100, (t + 1) / (double)(n - 1));   // the forecast of row t + 1
            proportional[t] = level * (1 + 0.05 * (rng.NextDouble() * 2 - 1));
            constant[t] = level + 3 * (rng.NextDouble() * 2 - 1);
        }
        var relative = new ConformalIntervals(1);
        double c1 = Coverage(relative, proportional, levels, 100);
        var absolute = new ConformalIntervals(1);
        double c2 = Coverage(absolute, constant, levels, 100);
        var earlier = AbsoluteOnly(new ConformalIntervals(1));
        double c3 = Coverage(earlier, proportional, levels, 100);
        TestContext.WriteLine($"80 % coverage: proportional errors {c1:P1} (relative: {relative.IsRelative(1)}), constant errors {c2:P1} (relative: {absolute.IsRelative(1)}), proportional errors with the absolute scale alone {c3:P1}");
        Assert.IsTrue(relative.IsRelative(1));
        Assert.IsFalse(absolute.IsRelative(1));
        Assert.IsFalse(earlier.IsRelative(1));
        Assert.IsLessThan(0.03, Math.Abs(c1 - 0.8), "the relative intervals hold their level");
        Assert.IsLessThan(0.03, Math.Abs(c2 - 0.8));
        Assert.IsGreaterThan(c3, c1, "the absolute scale alone covers less");
        // A relative horizon's half-width is a fraction of the forecast; around a forecast ≤ 0 (one clipped at 0) the
        // fraction is taken of the reference level s_h / r_h: the absolute scale's interval, as a layout-2 model gives it.
        float[] lower = new float[1], upper = new float[1];
        relative.Write([200f], 0, lower, upper);
        Assert.AreEqual(200 - relative.HalfWidth(1, 0) * 200, lower[0], 1e-3);
        Assert.AreEqual(200 + relative.HalfWidth(1, 0) * 200, upper[0], 1e-3);
        Assert.AreEqual(relative.HalfWidth(1, 0), relative.Freeze()[0].HalfWidth[0], 1e-6);
        Assert.IsTrue(relative.Freeze()[0].IsRelative(1));
        relative.Write([0f], 0, lower, upper);
        var asBefore = AbsoluteOnly(relative);
        float[] lower0 = new float[1], upper0 = new float[1];
        asBefore.Write([0f], 0, lower0, upper0);
        TestContext.WriteLine($"around a forecast of 0: [{lower[0]}, {upper[0]}]; the absolute scale's [{lower0[0]}, {upper0[0]}]; reference level {relative.ReferenceLevel(1):F1}");
        Assert.IsGreaterThan(0f, upper[0]);
        Assert.AreEqual(upper0[0], upper[0], 1e-4 * upper0[0]);
        Assert.AreEqual(-upper[0], lower[0]);
        Assert.AreEqual(relative.ReferenceLevel(1), relative.Freeze()[0].ReferenceLevel![0], 1e-6 * relative.ReferenceLevel(1));
        relative.Write([-5f], 0, lower, upper);
        Assert.AreEqual(-5 + upper0[0], upper[0], 1e-4 * upper0[0]);
        // A frozen model meeting a change of units (Rescale): a relative interval keeps its choice and its fraction, so
        // around a forecast in the new units its bounds are the old ones times the factor.
        relative.Write([200f], 0, lower, upper);
        var converted = Reloaded(relative);
        converted.Rescale(1e3);
        Assert.IsTrue(converted.IsRelative(1));
        float[] lower3 = new float[1], upper3 = new float[1];
        converted.Write([200e3f], 0, lower3, upper3);
        Assert.AreEqual(lower[0] * 1e3, lower3[0], 1e-6 * 200e3);
        Assert.AreEqual(upper[0] * 1e3, upper3[0], 1e-6 * 200e3);
        // A value ≤ 0 ends the relative intervals for good.
        relative.Observe(-1, learn: true);
        Assert.IsFalse(relative.IsRelative(1));
    }

    [TestMethod]
    public void IntervalsOfLayoutTwoLoadWithTheAbsoluteScaleAlone()
    {
        // Layout 2 (before the relative scale): written here from a current state whose interval is relative, by dropping
        // layout 3's tail; it loads as it was, absolute, with the same s_h and width factors, and saved again keeps that.
        var a = OnAGrowingSeries(horizon: 1, rows: 300, seed: 9);
        Assert.IsTrue(a.IsRelative(1));
        var b = AbsoluteOnly(a);
        Assert.IsFalse(b.IsRelative(1));
        Assert.AreEqual(a.Scored(1), b.Scored(1));
        var again = Reloaded(b);
        Assert.IsFalse(again.IsRelative(1));
        Assert.AreEqual(b.HalfWidth(1, 0), again.HalfWidth(1, 0));
        var c = Reloaded(a);
        Assert.IsTrue(c.IsRelative(1));
        Assert.AreEqual(a.HalfWidth(1, 1), c.HalfWidth(1, 1));
    }

    // Intervals calibrated on a positive series growing 1 % a step (±5 % noise), each horizon h forecast as the level
    // 1.01^h ahead: the errors grow with the level, so the horizons' intervals turn relative.
    private static ConformalIntervals OnAGrowingSeries(int horizon, int rows, int seed)
    {
        var intervals = new ConformalIntervals(horizon);
        var rng = new Random(seed);
        var forecast = new float[horizon];
        for (int t = 0; t < rows; t++)
        {
            double level = 10 * Math.Pow(1.01, t);
            intervals.Observe(level * (1 + 0.05 * (rng.NextDouble() * 2 - 1)), learn: true);
            for (int h = 1; h <= horizon; h++) forecast[h - 1] = (float)(level * Math.Pow(1.01, h));
            intervals.Remember(forecast);
        }
        return intervals;
    }

    // The intervals as a layout-2 file holds them: without the tails of layouts 3–6.
    private static ConformalIntervals AbsoluteOnly(ConformalIntervals intervals) => ReadAsLayout(intervals, 2, intervals.LaterLayoutsLength(2));

    [TestMethod]
    public void AHostileSavedStateIsRefusedOrGivesIntervalsWithoutNaN()
    {
        // Every 8-byte offset of a calibrated, relative state (layout 3) overwritten with each extreme double: the load
        // refuses with InvalidDataException, or the intervals keep working (the next step does not throw, and every
        // horizon with enough scored forecasts gives bounds that are not NaN around a positive forecast).
        var a = OnAGrowingSeries(horizon: 2, rows: 200, seed: 12);
        Assert.IsTrue(a.IsRelative(1));
        var state = Saved(a);
        double[] extremes = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, 1e300, -1e300, 0, -1];
        var failures = new List<string>();
        float[] lower = new float[2], upper = new float[2];
        foreach (double extreme in extremes)
            for (int at = 0; at + 8 <= state.Length; at++)
            {
                var bytes = (byte[])state.Clone();
                BitConverter.GetBytes(extreme).CopyTo(bytes, at);
                var b = new ConformalIntervals(2);
                try { b.Load(new BinaryReader(new MemoryStream(bytes))); }
                catch (InvalidDataException) { continue; }
                catch (Exception e) { failures.Add($"{extreme} at {at}: load threw {e.GetType().Name}"); continue; }
                try
                {
                    b.Observe(80, learn: true);
                    b.Remember([81f, 82f]);
                    for (int level = 0; level < 2; level++)
                    {
                        b.Write([81f, 82f], level, lower, upper);
                        for (int h = 1; h <= 2; h++)
                            if (b.Scored(h) >= ConformalIntervals.MinimumScored && (float.IsNaN(lower[h - 1]) || float.IsNaN(upper[h - 1])))
                                failures.Add($"{extreme} at {at}: NaN bound at h = {h}");
                    }
                }
                catch (Exception e) { failures.Add($"{extreme} at {at}: {e.GetType().Name} after a successful load: {e.Message}"); }
            }
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)) + $"\n({failures.Count} in all)");
    }

    [TestMethod]
    public void TheNinetyFivePercentIntervalHoldsTheEightyPercentOne()
    {
        // Each level's factor learns on its own; after a streak of multi-step errors between the two widths the 80 % factor
        // could pass the 95 % one, and the 95 % interval was the narrower (an outside audit: a random walk at horizon 12,
        // 249 of 360,000 forecasts over 20 seeds). The half-widths are nested at every row and horizon.
        int violations = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            var intervals = new ConformalIntervals(horizon: 12);
            var rng = new Random(seed);
            double y = 0;
            var forecast = new float[12];
            for (int t = 0; t < 3000; t++)
            {
                y += Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                intervals.Observe(y, learn: true);
                Array.Fill(forecast, (float)y);   // the naive forecast of a random walk: errors that come in streaks
                intervals.Remember(forecast);
                for (int h = 1; h <= 12; h++)
                    if (intervals.HalfWidth(h, 1) < intervals.HalfWidth(h, 0)) violations++;
            }
        }
        Assert.AreEqual(0, violations, "rows and horizons where the 95 % half-width was below the 80 % one");
    }
}
