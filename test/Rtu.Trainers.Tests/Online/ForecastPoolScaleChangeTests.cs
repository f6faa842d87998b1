using System.Globalization;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// A confirmed level shift that changes the series' scale (a sensor switching units: ×1000, ×10⁶, or back) is adapted
/// to within a few seasons whatever the size of the change (issue 13's robustness part).
/// </summary>
[TestClass]
public sealed class ForecastPoolScaleChangeTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Change = 240, Rows = Change + 96, Season = 12;

    // Monthly: `before`·(1 + 0.1·sin + 1 % noise) until row Change, then `after`·(1 + 0.1·sin + 1 % noise).
    private static double[] Series(double before, double after, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Rows).Select(t => (t < Change ? before : after) * (1 + 0.1 * Math.Sin(2 * Math.PI * t / Season) + 0.01 * random.NextDouble())).ToArray();
    }

    // One-step forecasts made at each row t for t + 1 (default settings, season 12), learning before row learnUntil.
    private static double[] OneStep(double[] y, int learnUntil = int.MaxValue, int season = Season)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = season });
        var made = new double[y.Length];
        var forecast = new float[1];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: t < learnUntil, forecast, default);
            made[t] = forecast[0];
        }
        return made;
    }

    // Mean |error| per season after the change.
    private static double[] SeasonMae(double[] y, double[] made) =>
        Enumerable.Range(0, (Rows - Change - 1) / Season).Select(s => Enumerable.Range(Change + 1 + s * Season, Season).Average(t => Math.Abs(y[t] - made[t - 1]))).ToArray();

    // Mean |error| per season after the change (a), the same for a run that was on the new level from the start with
    // the same noise (b), and their ratios.
    private static (double[] A, double[] B, double[] Ratios) AgainstASteadyRun(double before, double after, int learnUntil = int.MaxValue)
    {
        var changed = Series(before, after, seed: 3);
        var steady = Series(after, after, seed: 3);
        var a = SeasonMae(changed, OneStep(changed, learnUntil));
        var b = SeasonMae(steady, OneStep(steady, learnUntil));
        return (a, b, a.Zip(b, (x, y) => x / y).ToArray());
    }

    [TestMethod]
    [DataRow(1e3, 10.0)]
    [DataRow(1e6, 10.0)]
    [DataRow(1e12, 10.0)]
    [DataRow(1e20, 10.0)]
    [DataRow(10.0, 1e6)]
    public void AChangeOfScaleIsAdaptedWithinAFewSeasons(double before, double after)
    {
        var (a, b, ratios) = AgainstASteadyRun(before, after);
        TestContext.WriteLine($"{before:G3} -> {after:G3} at row {Change}: MAE per season after it {string.Join(", ", a.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}; " +
            $"steady run {string.Join(", ", b.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}; ratios {string.Join(", ", ratios.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}");
        // From the third season on, each season's error is within 50 % of the steady run's (before the restart on a
        // change of scale: 1e3 -> 10 still 40 times it in season 7, 1e6 -> 10 47,000 times).
        for (int s = 2; s < ratios.Length; s++) Assert.IsLessThan(1.5, ratios[s], $"season {s + 1} after the change");
    }

    // Below the factor of ScaleChangeFactor a confirmed shift is moved additively; the members' one-step forecasts of
    // the confirming value are moved with it, so that the shift's own error does not enter their weights. Ratios of seasons 4–7 before
    // → after moving them: 30 → 10 3.09, 3.14, 3.46, 2.51 → 1.60, 1.67, 2.05, 1.49; 90 → 10 12.9, 11.1, 11.2, 6.91 →
    // 4.16, 3.37, 3.92, 2.26; 10 → 30 1.53, 1.73, 1.32, 1.09 → 0.94, 1.26, 1.14, 1.06; 10 → 90 2.05, 2.00, 1.52, 1.20
    // → 0.95, 1.32, 1.13, 1.09. The bounds fail without the move. With pool layout 11 (the order-selected AR in seasonal
    // pools): 1.53, 1.57, 1.82, 1.39; 2.54, 2.15, 2.67, 1.83; 1.02, 1.30, 1.11, 0.98; 0.96, 1.32, 1.13, 1.06 (its fit on
    // ln y there failed 10 → 90: season 5 1.56).
    [TestMethod]
    [DataRow(30.0, 10.0, 2.5)]
    [DataRow(90.0, 10.0, 5.0)]
    [DataRow(10.0, 30.0, 1.5)]
    [DataRow(10.0, 90.0, 1.5)]
    public void ALevelShiftBelowAChangeOfScaleIsAdaptedWithinAFewSeasons(double before, double after, double bound)
    {
        var (_, _, ratios) = AgainstASteadyRun(before, after);
        TestContext.WriteLine($"{before:G3} -> {after:G3} at row {Change}: ratios {string.Join(", ", ratios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))}");
        for (int s = 3; s < ratios.Length; s++) Assert.IsLessThan(bound, ratios[s], $"season {s + 1} after the change");
    }

    // A frozen model (learning off from the change on) converts what it learned and remembers into the new units (the
    // factor: the confirming value over its forecast). Reference: the same model frozen at the same row after learning
    // on the new level. Season 7's ratio before (the shift moved additively, the old scale kept) → after: 1e3 → 10
    // 2.0e3 → 0.99, 1e6 → 10 2.0e6 → 0.99, 1e12 → 10 2.0e12 → 0.99, 10 → 1e6 13.7 → 1.00 (season 2 on: 0.97–1.16).
    [TestMethod]
    [DataRow(1e3, 10.0)]
    [DataRow(1e6, 10.0)]
    [DataRow(1e12, 10.0)]
    [DataRow(10.0, 1e6)]
    public void AFrozenModelCarriesAChangeOfScaleIntoTheNewUnits(double before, double after)
    {
        var (a, b, ratios) = AgainstASteadyRun(before, after, learnUntil: Change);
        TestContext.WriteLine($"frozen, {before:G3} -> {after:G3} at row {Change}: MAE per season after it {string.Join(", ", a.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}; " +
            $"steady run {string.Join(", ", b.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}; ratios {string.Join(", ", ratios.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}");
        for (int s = 1; s < ratios.Length; s++) Assert.IsLessThan(1.25, ratios[s], $"season {s + 1} after the change");
    }

    // The same without a season, where the order-selected AR forecasts from its fit on ln y (pool layout 10): a frozen
    // change of units moves that fit by ln(factor). Mean |error| per season over the new level, seasons 2–7: with the log
    // fit left in the old units 1e3 → 10 349, 381, 197, then 0.065–0.067 (its weight fell), 10 → 1e6 0.83–0.96; moved,
    // 0.8–1.6 % for both. The steady run's is about 0.3 %: the factor, the confirming value over its forecast, carries that one
    // forecast's error (about 1 % here), which a frozen model keeps as a bias of its level.
    [TestMethod]
    [DataRow(1e3, 10.0)]
    [DataRow(10.0, 1e6)]
    public void AFrozenModelWithoutASeasonCarriesAChangeOfScaleIntoTheNewUnits(double before, double after)
    {
        var changed = Series(before, after, seed: 3);
        var a = SeasonMae(changed, OneStep(changed, learnUntil: Change, season: 1)).Select(e => e / after).ToArray();
        TestContext.WriteLine($"frozen, no season, {before:G3} -> {after:G3} at row {Change}: MAE per season over the level {string.Join(", ", a.Select(r => r.ToString("G3", CultureInfo.InvariantCulture)))}");
        for (int s = 1; s < a.Length; s++) Assert.IsLessThan(0.02, a[s], $"season {s + 1} after the change");
    }

    // Without a season: `before`·(10 + 0.3·sin 1.3t) until row 20, then `after`·(10 + 0.3·sin 1.3t); one-step forecasts and
    // 95 % intervals made at each row (an outside audit's series). The jump is held for a row and the next value confirms
    // it, so it reaches the forecaster's jump path, not the pool's run of outliers.
    private static (double[] Y, float[] Made, float[] Lower, float[] Upper) UnitsSwitch(double before, double after, int rows = 120)
    {
        var y = Enumerable.Range(0, rows).Select(t => (t < 20 ? before : after) * (10 + 0.3 * Math.Sin(1.3 * t))).ToArray();
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        var made = new float[rows];
        var lower = new float[rows];
        var upper = new float[rows];
        var forecast = new float[1];
        var low = new float[1];
        var high = new float[1];
        for (int t = 0; t < rows; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(1, low, high);
            (made[t], lower[t], upper[t]) = (forecast[0], low[0], high[0]);
        }
        return (y, made, lower, upper);
    }

    [TestMethod]
    [DataRow(1e6, 1.0)]
    [DataRow(1.0, 1e6)]
    [DataRow(1e3, 1.0)]
    public void AChangeOfUnitsThatTheNextValueConfirmsStartsAfresh(double before, double after)
    {
        // Before, the jump path always moved a confirmed jump additively: from 10⁶ to 1 the forecasts were 4,998 ten rows
        // later and 236 eighty rows later, for values of 10; from 1 to 10⁶ the 95 % interval was 2.8·10¹² wide.
        var (y, made, lower, upper) = UnitsSwitch(before, after);
        double worstRatio = 0, widest = 0;
        for (int t = 26; t < y.Length - 1; t++)
        {
            worstRatio = Math.Max(worstRatio, Math.Abs(Math.Log(made[t] / y[t + 1])));
            widest = Math.Max(widest, (upper[t] - lower[t]) / y[t + 1]);
        }
        TestContext.WriteLine($"{before:G3} -> {after:G3}: rows 21-25 forecast {string.Join(", ", made[21..26].Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}; " +
            $"from row 26 the worst forecast off by a factor {Math.Exp(worstRatio):G4}, the widest 95 % interval {widest:G4} times the value");
        Assert.IsTrue(float.IsNaN(lower[21]), "the intervals start afresh (NaN until five errors are scored)");
        Assert.IsLessThan(Math.Log(1.1), worstRatio, "every forecast from the sixth row on within 10 % of the value");
        Assert.IsLessThan(0.5, widest, "every 95 % interval from the sixth row on narrower than half the value");
    }

    [TestMethod]
    public void AJumpToNearZeroIsALevelShiftNotAChangeOfUnits()
    {
        // 100 + noise, then 5 + the same noise: the confirming value is a twentieth of the level, as a change of units
        // would be, but the moves keep their size, so the jump is a level shift: the intervals go on (a restart would
        // leave them NaN for five rows) and the forecasts follow the new level.
        var random = new Random(11);
        var y = Enumerable.Range(0, 200).Select(t => (t < 120 ? 100 : 5) + 2 * (random.NextDouble() - 0.5)).ToArray();
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        var forecast = new float[1];
        var low = new float[1];
        var high = new float[1];
        double error = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(1, low, high);
            if (t > 100) Assert.IsFalse(float.IsNaN(low[0]), $"row {t}: the intervals go on");
            if (t >= 130 && t < y.Length - 1) error = Math.Max(error, Math.Abs(forecast[0] - y[t + 1]));
        }
        TestContext.WriteLine($"largest one-step error from row 130: {error:G4}");
        Assert.IsLessThan(2.0, error, "forecasts within the noise's range of the new level");
    }

    // 2·sin(2πt/12) + noise around 0, then from row `shift` on 20 higher: a level shift of an oscillation around 0.
    private static double[] ShiftedOscillation(int rows, int shift)
    {
        var random = new Random(5);
        return Enumerable.Range(0, rows).Select(t => 2 * Math.Sin(2 * Math.PI * t / 12) + 0.1 * (random.NextDouble() - 0.5) + (t >= shift ? 20 : 0)).ToArray();
    }

    [TestMethod]
    public void ALevelShiftOfAnOscillationAroundZeroIsNoChangeOfUnits()
    {
        // The confirming value (about 20) is more than ten times the last season's mean magnitude (about 1.3): judged a
        // change of units, the frozen pool multiplied everything it held by value / forecast (MAE 16.8 from row 320). A
        // series that has been 0 or below has no units to change (pool layout 19): the shift is moved additively.
        var y = ShiftedOscillation(400, 300);
        var (forecasts, changed) = PoolAlone.Run(new ForecastPool(Season, 1), y, learnUntil: 250);
        double after = Enumerable.Range(320, y.Length - 320).Average(t => Math.Abs(y[t] - forecasts[t]));
        TestContext.WriteLine($"MAE from row 320: {after:G4}");
        Assert.IsFalse(changed, "no change of scale");
        Assert.IsLessThan(0.1, after, "the shifted oscillation is forecast to within a twentieth of its amplitude");
    }

    [TestMethod]
    public void ALayout18PoolJudgesAChangeOfScaleOnAnySeriesAsItDid()
    {
        // Read from a layout 1–18 file (the marker −18, without layouts 19–22's fields at the end) the pool continues as it was:
        // the same shift is taken as a change of units. A series started afresh gets the current rule.
        var y = ShiftedOscillation(400, 300);
        var learned = new ForecastPool(Season, 1);
        PoolAlone.Run(learned, y[..250], learnUntil: 250);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) learned.Save(w);
        byte[] bytes = ms.ToArray()[..^learned.LaterLayoutsLength(18)];   // layout 19's flag, layout 20's fits, layouts 21's and 22's flags
        Assert.AreEqual(-ForecastPool.LayoutVersion, BitConverter.ToInt32(bytes, 0), "the current layout");
        BitConverter.GetBytes(-18).CopyTo(bytes, 0);
        var old = new ForecastPool(Season, 1);
        using (var r = new BinaryReader(new MemoryStream(bytes)))
        {
            old.Load(r);
            Assert.AreEqual(r.BaseStream.Length, r.BaseStream.Position, "the layout-18 form is read to its end");
        }
        Assert.IsTrue(PoolAlone.Run(old, y[250..], learnUntil: 0).ScaleChanged, "a layout-18 pool takes the shift as a change of scale");
        old.Reset();
        Assert.IsFalse(PoolAlone.Run(old, y, learnUntil: 250).ScaleChanged, "a series started afresh gets the current rule");
    }
}
