using Rtu.Tests.Shared;
using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed partial class ForecastPoolTests
{
    public TestContext TestContext { get; set; } = null!;

    // One-step forecasts made at each row t for t + 1 (default settings, season 12).
    private static double[] OneStep(double[] y, bool modelOnly = false)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12 });
        var made = new double[y.Length];
        var forecast = new float[1];
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            if (modelOnly) f.WriteModelForecast(forecast);
            made[t] = forecast[0];
        }
        return made;
    }

    private static double Mae(double[] y, double[] made, int from, int to, int skip = -1) =>
        Enumerable.Range(from, to - from).Where(t => t != skip).Average(t => Math.Abs(y[t] - made[t - 1]));

    // Hourly-like: a daily cycle (24) whose level differs on two days of each week (168), plus a little structured noise.
    private static double TwoSeasons(int t) =>
        10 + 3 * Math.Sin(2 * Math.PI * t / 24) + ((t / 24) % 7 >= 5 ? -4 : 0) + 0.3 * Math.Sin(0.7 * t) * Math.Cos(0.13 * t);

    private static double MonthlyOld(int t) => 20 + 3 * Math.Sin(2 * Math.PI * t / 12) + 0.1 * (t % 7) + 0.05 * ((t * 7919) % 13);

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double CyclicOld(int t) => 50 + 10 * Math.Sin(2 * Math.PI * t / 9.6) + 0.1 * (t % 7) + 0.05 * ((t * 7919) % 13);

    private static double TwoSeasonsOld(int t) => 10 + 3 * Math.Sin(2 * Math.PI * t / 24) + 0.1 * (t % 7) + 0.05 * ((t * 7919) % 13);

    // A copy (Clone: save and load) continues exactly as the original over rows [from, to).
    private static void ContinuesAlike(RtuForecaster f, RtuForecaster copy, Func<int, double> series, int from, int to)
    {
        var a = new float[f.Horizon]; var b = new float[f.Horizon];
        for (int t = from; t < to; t++)
        {
            f.Observe(series(t), default, true, a, default);
            copy.Observe(series(t), default, true, b, default);
            CollectionAssert.AreEqual(a, b, $"t={t}");
        }
    }

    [TestMethod]
    public void ThePoolBeatsTheRtuAloneOnARealSeasonalSeries()
    {
        var y = RealSeries.Co2();
        double pool = Mae(y, OneStep(y), 100, y.Length), rtu = Mae(y, OneStep(y, modelOnly: true), 100, y.Length);
        double seasonalNaive = Enumerable.Range(100, y.Length - 100).Average(t => Math.Abs(y[t] - y[t - 12]));
        TestContext.WriteLine($"co2 one-step MAE from row 100: pool {pool:F4}, RTU alone {rtu:F4}, seasonal naive {seasonalNaive:F4}");
        Assert.IsLessThan(0.95 * rtu, pool);
        Assert.IsLessThan(0.4 * seasonalNaive, pool);
    }

    [TestMethod]
    public void APoolCopyContinuesBitForBitAndTheFrozenPoolKeepsItsWeights()
    {
        var y = RealSeries.Co2();
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var a = new float[3];
        for (int t = 0; t < 200; t++) f.Observe(y[t], default, true, a, default);
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => y[t], 200, 260);
    }

    [TestMethod]
    public void APoolWithoutASeasonContinuesBitForBitAfterSaveAndLoad()
    {
        // Layout 8: the order-selected AR of the whole-sample kind, with its frozen scale and costs, is saved and read back.
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var a = new float[3];
        for (int t = 0; t < 200; t++) f.Observe(CyclicOld(t) + 0.2 * t, default, true, a, default);
        var copy = f.Clone();
        int member = ForecastPool.MemberNames.ToList().IndexOf("AR (levels, order chosen)");
        ContinuesAlike(f, copy, t => CyclicOld(t) + 0.2 * t, 200, 260);
        Assert.IsGreaterThan(0.0, f.Pool.Weight(1, member), "the order-selected AR is in the combination");
    }

    [TestMethod]
    public void APoolWithASecondSeasonContinuesBitForBitAfterSaveAndLoad()
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 24, Learner = new RtuLearnerSettings { Horizon = 3 } });
        Assert.AreEqual(168, f.Pool.SecondSeason);
        var a = new float[3];
        for (int t = 0; t < 400; t++) f.Observe(TwoSeasons(t), default, true, a, default);
        var copy = f.Clone();
        ContinuesAlike(f, copy, t => TwoSeasons(t), 400, 460);
    }

    [TestMethod]
    public void IntervalsCoverTheirLevelOnARealSeries()
    {
        // Adaptive conformal calibration drives the miss rate to 1 − level: over the co2 series (monthly, 3 steps ahead)
        // the 80 % and 95 % intervals hold about 80 % and 95 % of the values they were made for.
        var y = RealSeries.Co2();
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 12, Learner = new RtuLearnerSettings { Horizon = 3 } });
        var forecast = new float[3];
        var hits = new int[2]; int scored = 0;
        var madeLower = new List<float[]>[] { new(), new() }; var madeUpper = new List<float[]>[] { new(), new() };
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, true, forecast, default);
            for (int l = 0; l < 2; l++)
            {
                var lo = new float[3]; var up = new float[3];
                f.WriteInterval(l, lo, up);
                madeLower[l].Add(lo); madeUpper[l].Add(up);
                Assert.IsTrue(float.IsNaN(lo[2]) || (lo[2] <= forecast[2] && forecast[2] <= up[2]), "the interval contains the forecast");
            }
            if (t >= 3 && !float.IsNaN(madeLower[1][t - 3][2]))
            {
                scored++;
                for (int l = 0; l < 2; l++) if (y[t] >= madeLower[l][t - 3][2] && y[t] <= madeUpper[l][t - 3][2]) hits[l]++;
            }
        }
        double c80 = hits[0] / (double)scored, c95 = hits[1] / (double)scored;
        TestContext.WriteLine($"co2, 3-step intervals over {scored} forecasts: coverage 80 % → {c80:P1}, 95 % → {c95:P1}");
        Assert.AreEqual(0.80, c80, 0.04);
        Assert.AreEqual(0.95, c95, 0.03);
    }
}
