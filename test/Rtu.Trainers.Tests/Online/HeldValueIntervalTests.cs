using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>
/// While a possible spike is held (<see cref="SpikeRewind"/>), the intervals also span the held value ± their half-width:
/// should it be a true move (a crash), the series continues near it (RtuForecaster.WriteInterval).
/// </summary>
[TestClass]
public sealed class HeldValueIntervalTests
{
    // A random walk of about 100 with daily moves of 0.5, falling 20 % at row `at` and staying there.
    private static double[] Crash(int n = 400, int at = 300, int seed = 4)
    {
        var rng = new Random(seed);
        var y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++)
        {
            level += 0.5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            y[t] = t >= at ? 0.8 * level : level;
        }
        return y;
    }

    [TestMethod]
    public void ACrashHeldAsAPossibleSpikeIsInsideTheNextInterval()
    {
        var y = Crash();
        var f = ForecasterAlone.New(1);
        var forecast = new float[1];
        float[] lower = new float[1], upper = new float[1];
        int held = 0;
        for (int t = 0; t < y.Length; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(1, lower, upper);
            if (t == 300)
            {
                Assert.IsTrue(f.HoldsRowsToJudge, "the crash is held as a possible spike");
                Assert.IsGreaterThan(y[t], (double)forecast[0], "the forecast is made from the cleaned value");
                Assert.IsTrue(lower[0] <= y[t] && y[t] <= upper[0], $"the held value {y[t]:F2} inside [{lower[0]:F2}, {upper[0]:F2}]");
                Assert.IsTrue(lower[0] <= y[t + 1] && y[t + 1] <= upper[0], $"the next value {y[t + 1]:F2} inside [{lower[0]:F2}, {upper[0]:F2}]");
                held++;
            }
            else if (t is > 250 and < 300)
                Assert.IsLessThan(0.15 * y[t], (double)(upper[0] - lower[0]), $"row {t}: an ordinary row's interval is narrow");
        }
        Assert.AreEqual(1, held);
    }

    [TestMethod]
    public void AGrossSpikeDoesNotWidenTheInterval()
    {
        // A value 100 times the level (a data error, held as gross: forecast as if missing) leaves the interval as it was.
        var y = Crash(at: int.MaxValue);
        y[300] = 100 * y[299];
        var f = ForecasterAlone.New(1);
        var forecast = new float[1];
        float[] lower = new float[1], upper = new float[1];
        for (int t = 0; t <= 300; t++)
        {
            f.Observe(y[t], default, learn: true, forecast, default);
            f.WriteInterval(1, lower, upper);
        }
        Assert.IsTrue(f.HoldsRowsToJudge);
        Assert.IsLessThan(0.15 * y[299], (double)(upper[0] - lower[0]));
    }
}
