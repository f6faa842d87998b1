using Rtu.Tests.Shared;
using System.Globalization;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

// The robust clean (src: ForecastPool.Clean.cs, .Spikes.cs, .LevelShifts.cs): spikes, level shifts, runs of outliers, jumps.
public sealed partial class ForecastPoolTests
{
    [TestMethod]
    public void OneSpikeOf100TimesTheScaleBarelyChangesTheRestOfARealSeries()
    {
        // Issue 13: one spike of 100× the series' scale (its standard deviation) may change the MAE of the rest of the
        // series by at most 5 % against the clean run.
        var y = RealSeries.Co2();
        double mean = y.Average(), sd = Math.Sqrt(y.Average(v => (v - mean) * (v - mean)));
        const int at = 250;
        var spiked = (double[])y.Clone();
        spiked[at] += 100 * sd;
        var clean = OneStep(y);
        var dirty = OneStep(spiked);
        double maeClean = Mae(y, clean, at + 1, y.Length), maeDirty = Mae(y, dirty, at + 1, y.Length);
        double change = maeDirty / maeClean - 1;
        TestContext.WriteLine($"co2, spike of {100 * sd:F0} ppm (100 sd) at row {at}: MAE of the rows after it {maeDirty:F4} vs {maeClean:F4} clean ({100 * change:+0.0;-0.0} %); next forecast {dirty[at]:F2} (clean {clean[at]:F2})");
        Assert.IsLessThan(0.05, Math.Abs(change));
        foreach (double f in dirty) Assert.IsTrue(double.IsFinite(f));
    }

    [TestMethod]
    public void ASpikeBeforeTheCleanHasAScaleIsForecastPastFromItsFourthError()
    {
        // Before the clean has a scale (its first ten errors) only a gross value is a possible spike. At 50 recent errors a
        // spike of 100 times the mean change in UK inflation's row 9 (139 where the rate was 7; quarterly, past its first
        // season) passed: the next forecast was 104 and the MAE of the forecasts from row 9 on rose 415 %. From the fourth
        // error on, past a first season, 20 errors make it gross (ForecastPool.EarlySpikeBound): measured −6.9 %.
        var y = RealSeries.HeldOut("heldout4", "UKInflation_actual.csv");
        double meanChange = Enumerable.Range(1, y.Length - 1).Average(t => Math.Abs(y[t] - y[t - 1]));
        var spiked = (double[])y.Clone();
        spiked[9] += 100 * meanChange;
        double change = ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(spiked, 4), 10) / ForecasterAlone.RestMae(y, ForecasterAlone.OneStep(y, 4), 10) - 1;
        TestContext.WriteLine($"UKInflation, spike of 100 mean changes at row 9: MAE of the forecasts from row 9 on {change:P1}");
        Assert.IsLessThan(0.05, change);
    }

    [TestMethod]
    public void ALevelShiftIsAdaptedWithinAFewSeasons()
    {
        // A permanent shift of 20 sd of the monthly changes (about 13 ppm) at row 250 is not an outlier: after it,
        // the error per season returns to that of the unshifted run within three seasons.
        var y = RealSeries.Co2();
        double changeSd = Math.Sqrt(Enumerable.Range(1, y.Length - 1).Select(t => y[t] - y[t - 1]).Average(d => d * d));
        const int at = 250;
        double shift = 20 * changeSd;
        var shifted = y.Select((v, t) => t >= at ? v + shift : v).ToArray();
        var clean = OneStep(y);
        var moved = OneStep(shifted);
        var ratios = new List<double>();
        for (int season = 0; season < 6; season++)
        {
            int from = at + 1 + 12 * season;
            double a = Enumerable.Range(from, 12).Average(t => Math.Abs(shifted[t] - moved[t - 1]));
            double b = Enumerable.Range(from, 12).Average(t => Math.Abs(y[t] - clean[t - 1]));
            ratios.Add(a / b);
        }
        TestContext.WriteLine($"level shift of {shift:F1} ppm at row {at}: MAE ratio to the unshifted run per season after it: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
        // Seasons 4–6 together within 15 % of the unshifted run, each within 30 % (one season's MAE is an average of 12
        // errors of about 0.2 ppm: with the learned Holt–Winters members the unshifted run's season 5 fell to 0.20 ppm,
        // the shifted run's to 0.26, ratio 1.27, although the shifted run's error is lower than before in every season).
        double pooledShifted = 0, pooledClean = 0;
        for (int t = at + 1 + 36; t < at + 1 + 72; t++) { pooledShifted += Math.Abs(shifted[t] - moved[t - 1]); pooledClean += Math.Abs(y[t] - clean[t - 1]); }
        TestContext.WriteLine($"seasons 4-6 together: {pooledShifted / pooledClean:F3}");
        Assert.IsLessThan(1.15, pooledShifted / pooledClean, "seasons 4-6 after the shift");
        for (int season = 3; season < 6; season++) Assert.IsLessThan(1.3, ratios[season], $"season {season + 1} after the shift");
    }

    [TestMethod]
    public void AShiftWhoseSecondValueFallsInsideTheBoundIsStillConfirmed()
    {
        // UK petrol prices, the 1973 oil shock (rows 59–61: 0.083 → 0.094, 0.092, 0.108). The first value is cleaned;
        // its cleaned error widens the bound (s and the jump rate) so much that the second, 0.96 of the new bound from a
        // forecast already moved toward the new level, reset the run, and the shift was never confirmed: the seasonal
        // members carried the old level for a season. Judged by the bound the run began with, the run continues and the
        // shift is confirmed at the third value. Six-step MAE per season from row 61, before → after (layout 11 → 12):
        // 0.0213, 0.0133, 0.0055, 0.0081 → 0.0185, 0.0119, 0.0059, 0.0082; one step over every row after the shock
        // 0.00234 either way.
        var y = RealSeries.PetrolPrice();
        const int shock = 59, horizon = 6;
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = horizon } });
        var made = new double[y.Length, horizon];
        var forecast = new float[horizon];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            for (int h = 0; h < horizon; h++) made[t, h] = forecast[h];
        }
        double Mae(int from, int to, int h) => Enumerable.Range(from, to - from).Average(t => Math.Abs(y[t] - made[t - h, h - 1]));
        var sixSteps = Enumerable.Range(0, 4).Select(s => Mae(shock + 2 + 12 * s, shock + 14 + 12 * s, horizon)).ToArray();
        double oneStep = Mae(shock + 1, y.Length, 1);
        TestContext.WriteLine($"six-step MAE per season from row {shock + 2}: {string.Join(", ", sixSteps.Select(v => v.ToString("F5", CultureInfo.InvariantCulture)))}; one step after the shock {oneStep:F5}");
        Assert.IsLessThan(0.0160, (sixSteps[0] + sixSteps[1]) / 2, "six steps, the two seasons after the shock (unconfirmed: 0.0173)");
        Assert.IsLessThan(0.00240, oneStep, "one step after the shock");
    }

    [TestMethod]
    public void ThePetrolPriceStepIsConfirmedByThePoolAtItsThirdValue()
    {
        // The pool alone (no RTU forecast) on the same prices: row 59 is cleaned, row 60 lies beyond the bound the run
        // began with, so it continues the run (taken as it is under layouts 12–14; with layout 15's weights the forecast
        // of it is a little lower and it lies just beyond the bound row 59 widened: bounded, 0.09240 → 0.09215), and row
        // 61 confirms the shift (taken as it is; judged by the current bound, row 60 ended the run and row 61 began another).
        var y = RealSeries.PetrolPrice();
        var pool = new ForecastPool(12, 1);
        var model = new[] { float.NaN }; var made = new float[1];
        var cleaned = new double[62];
        for (int t = 0; t < cleaned.Length; t++)
        {
            cleaned[t] = pool.Clean(y[t], learn: true);
            pool.Observe(cleaned[t], learn: true);
            pool.Combine(model, made);
        }
        Assert.IsLessThan(y[59], cleaned[59], "the first value of the step is cleaned");
        Assert.IsTrue(cleaned[60] > cleaned[59] && cleaned[60] <= y[60] && cleaned[60] > 0.99 * y[60], "the second continues the run, above the first");
        Assert.AreEqual(y[61], cleaned[61], "the third confirms the shift");
    }

    [TestMethod]
    [DataRow(0, 1.1, true)]    // inside the bound the first outlier widened (about 1.2 of the run's), beyond the run's
    [DataRow(3, 1.5, false)]   // after 3 missing rows the run's bound widens by 2, as the current one does
    [DataRow(3, 2.2, true)]
    public void ARunOfOutliersIsJudgedByTheBoundItBeganWith(int missing, double multiple, bool confirmed)
    {
        // Steady noisy values, an outlier (cleaned to forecast + bound b), `missing` missing rows, a value `multiple`·b
        // above its forecast, then one far above: the third of a run confirms a shift (taken as it is); the first of a
        // new run is cleaned.
        var pool = new ForecastPool(1, 1);
        var model = new[] { float.NaN }; var made = new float[1];
        var rng = new Random(5);
        void Step(double v) { pool.Observe(pool.Clean(v, learn: true), learn: true); pool.Combine(model, made); }
        for (int t = 0; t < 300; t++) Step(10 + 0.1 * Gaussian(rng));
        double forecast = made[0];
        double first = pool.Clean(forecast + 5, learn: true);
        double bound = first - forecast;
        Assert.IsTrue(bound is > 0 and < 5, "the first outlier is cleaned to forecast + bound");
        pool.Observe(first, learn: true); pool.Combine(model, made);
        for (int g = 0; g < missing; g++) Step(double.NaN);
        double second = made[0] + multiple * bound;
        Assert.AreEqual(second, pool.Clean(second, learn: true), "inside the current bound: taken as it is");
        pool.Observe(second, learn: true); pool.Combine(model, made);
        double third = made[0] + 20 * bound;
        Assert.AreEqual(confirmed, pool.Clean(third, learn: true) == third, confirmed ? "the third of the run confirms the shift" : "the run ended: the first of a new one is cleaned");
    }

    [TestMethod]
    public void OutliersThatStayAreJumpsAndWidenTheBoundWhileSpikesDoNot()
    {
        // A random walk with a move of 20 every 20 rows that stays (a price that jumps) against the same walk with a value
        // 20 off for one row that returns (a spike). Both are beyond OutlierBound·s at first; only the jumps are followed
        // by a value near them, so only there does the bound widen and let the next one through as it is.
        static (double Raw, double Cleaned) Run(bool stays)
        {
            var rng = new Random(3);
            var pool = new ForecastPool(1, 1);
            var model = new[] { float.NaN };
            var forecast = new float[1];
            double level = 100, raw = 0, cleaned = 0;
            for (int t = 0; t < 800; t++)
            {
                level += Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                bool move = t % 20 == 19;
                if (move && stays) level += 20;
                raw = move && !stays ? level + 20 : level;
                cleaned = pool.Clean(raw, learn: true);
                pool.Observe(cleaned, learn: true);
                pool.Combine(model, forecast);
            }
            return (raw, cleaned);
        }
        var jump = Run(stays: true);
        var spike = Run(stays: false);
        Assert.AreEqual(jump.Raw, jump.Cleaned, "the last jump enters as it is");
        Assert.AreNotEqual(spike.Raw, spike.Cleaned, "the last spike is cleaned");
        Assert.IsLessThan(spike.Raw, spike.Cleaned, "toward the forecast");
    }

    [TestMethod]
    public void AFrozenOscillationTakesASpikeWithoutACascade()
    {
        // A seismogram (the sample's fifth held-out set) learned up to row 300 and frozen, with one spike of 100 standard
        // deviations at row 305, observed as missing. The order-selected AR's prior (SelectedArPrior) keeps its
        // coefficients small enough that the filled row does not put the next forecasts so far off that the values after
        // it are cleaned in turn: at a prior of 10⁴ (a closer least-squares fit, one-step MASE 0.25 → 0.17 learning) the
        // rest of the series' MAE diverged.
        var y = RealSeries.KobeSeismogram();
        double mean = y.Average(), sd = Math.Sqrt(y.Average(v => (v - mean) * (v - mean)));
        var spiked = (double[])y.Clone();
        spiked[305] += 100 * sd;
        double change = FrozenRestMae(y, spiked, freeze: 300, from: 306) / FrozenRestMae(y, y, freeze: 300, from: 306) - 1;
        TestContext.WriteLine($"the rest of the series' one-step MAE: {change:P1}");
        Assert.IsLessThan(0.25, change);
    }

    // The one-step MAE against y from row `from` of a pool (season 1, alone) given `given`, learning up to row `freeze`.
    private static double FrozenRestMae(double[] y, double[] given, int freeze, int from)
    {
        var forecasts = PoolAlone.Run(new ForecastPool(1, 1), given, learnUntil: freeze).Forecasts;
        return Enumerable.Range(from, y.Length - from).Average(t => Math.Abs(y[t] - forecasts[t]));
    }
}
