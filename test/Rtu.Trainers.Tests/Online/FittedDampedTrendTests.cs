using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The damped trend with (α, β, φ) chosen by the whole-sample squared error over a grid (the pool's quarterly member, layout 15).</summary>
[TestClass]
public sealed class FittedDampedTrendTests
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
    private static readonly double[] Phis = [0.8, 0.85, 0.9, 0.95, 0.98];

    [TestMethod]
    public void ForecastsAsTheGridPointWithTheLowestSumOfSquaresRunAlone()
    {
        // The fit forecasts as the grid point with the lowest sum of squared one-step errors so far, run on its own.
        var y = IntegratedSeries.Twice(160, 12);
        y[50] = double.NaN;
        var points = Alphas.SelectMany(a => Betas.Where(b => b <= a).SelectMany(b => Phis.Select(f => (a, b, f)))).ToArray();
        Assert.AreEqual(points.Length, FittedDampedTrend.GridSize);
        int checkedRows = GridFitChecks.ForecastsAsTheBestPointRunAlone(GridFit.Of(new FittedDampedTrend(3), 3), points, FittedDampedTrend.MinimumScored, y);
        Assert.IsGreaterThan(150, checkedRows);
    }

    [TestMethod]
    public void ATrendThatDiesOutIsDamped()
    {
        // A level whose slope shrinks by 10 % a step (y_t = 100 + 20·(1 − 0.9^t)/0.1, plus small noise): the fit
        // damps its trend (φ ≤ 0.95), and six steps ahead it forecasts the curve, not a line.
        static double Curve(int t) => 100 + 20 * (1 - Math.Pow(0.9, t)) / 0.1;
        var rng = new Random(3);
        var fit = new FittedDampedTrend(6);
        var path = new double[6];
        for (int t = 0; t < 40; t++) fit.Update(Curve(t) + 0.01 * (rng.NextDouble() - 0.5), learn: true);
        fit.Forecast(path);
        Assert.IsLessThanOrEqualTo(0.95, fit.Constants.Phi);
        Assert.AreEqual(Curve(45), path[5], 0.1, "six steps ahead");
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        GridFitChecks.SaveLoadShiftAndRescaleContinueAsTheMovedSeries(() => GridFit.Of(new FittedDampedTrend(2), 2), IntegratedSeries.Twice(200, 8));
    }
}
