using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

[TestClass]
public sealed class SinglePrecisionCheckTests
{
    // A meter that grows by 0.5–1.5 a step from `offset`.
    private static double[] Meter(double offset, int n = 2000)
    {
        var rng = new Random(5);
        var y = new double[n];
        double level = 0;
        for (int t = 0; t < n; t++) { level += 0.5 + rng.NextDouble(); y[t] = offset + level; }
        return y;
    }

    private static SinglePrecisionCheck Checked(IEnumerable<double> values)
    {
        var check = new SinglePrecisionCheck();
        foreach (double v in values) check.Add(v);
        return check;
    }

    // The forecaster's one-step MAE from row 200 on, its forecasts read as the floats it writes.
    private static double Mae(double[] y)
    {
        var f = new RtuForecaster(new RtuForecasterSettings { SeasonLength = 1 });
        var forecast = new float[1];
        double sum = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t >= 200) sum += Math.Abs(y[t] - forecast[0]);
            f.Observe(y[t], default, true, forecast, default);
        }
        return sum / (y.Length - 200);
    }

    [TestMethod]
    public void TheWarningComesWhereFloatsCostAccuracy()
    {
        double clean = Mae(Meter(0));
        // Near 1e6 a float's step is 1/16, a sixteenth of a change: no warning, and no cost.
        Assert.IsNull(Checked(Meter(1e6)).Warning("the series"));
        Assert.AreEqual(1, Mae(Meter(1e6)) / clean, 0.01);
        // Near 8.4e6 it is 1, the size of a change: the forecasts are a third worse, and the warning says so.
        var check = Checked(Meter(8.4e6));
        Assert.AreEqual(1.0, check.RoundingStep);
        StringAssert.Contains(check.Warning("the series"), "rounds them in steps of 1 there");
        Assert.IsGreaterThan(1.25, Mae(Meter(8.4e6)) / clean);
    }

    [TestMethod]
    public void MissingValuesConstantsAndSmallSeriesGiveNoFalseWarning()
    {
        Assert.IsNull(Checked([]).Warning("x"));
        Assert.IsNull(Checked([5e9]).Warning("x"));                       // one value: no change to judge
        Assert.IsNull(Checked(Enumerable.Repeat(1e9, 50)).Warning("x"));  // a constant loses nothing
        Assert.IsNull(Checked([0, 0, 1, 0, 3, 0]).Warning("x"));          // counts
        // Missing values are skipped: the change is taken across them.
        var gaps = Checked([1e8, double.NaN, 1e8 + 1, double.PositiveInfinity, 1e8 + 2]);
        Assert.AreEqual(1, gaps.MeanChange);
        Assert.IsNotNull(gaps.Warning("x"));
    }
}
