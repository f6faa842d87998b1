using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>Holt's linear trend with (α, β) chosen by the whole-sample squared error over a grid (the pool's d = 2 member).</summary>
[TestClass]
public sealed class FittedLinearTrendTests
{
    private static readonly double[] Alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
    private static readonly double[] Betas = [0.01, 0.05, 0.1, 0.2];

    [TestMethod]
    public void ForecastsAsTheGridPointWithTheLowestSumOfSquaresRunAlone()
    {
        // The fit forecasts as the grid point with the lowest sum of squared one-step errors so far, run on its own.
        var y = IntegratedSeries.Twice(200, 11);
        y[60] = double.NaN;
        var points = Alphas.SelectMany(a => Betas.Where(b => b <= a).Select(b => (a, b, 1.0))).ToArray();
        Assert.AreEqual(points.Length, FittedLinearTrend.GridSize);
        int checkedRows = GridFitChecks.ForecastsAsTheBestPointRunAlone(GridFit.Of(new FittedLinearTrend(3), 3), points, FittedLinearTrend.MinimumScored, y);
        Assert.IsGreaterThan(190, checkedRows);
    }

    [TestMethod]
    public void ASmoothTrendGetsASmallErrorAndASlowTrendConstant()
    {
        // On an I(2) series whose slope moves slowly the fit beats the naive forecast by far (the naive misses the
        // slope every step).
        var y = IntegratedSeries.Twice(300, 4);
        var (fitError, naiveError) = GridFitChecks.OneStepErrors(GridFit.Of(new FittedLinearTrend(1), 1), y);
        Assert.IsLessThan(0.6 * naiveError, fitError, $"fit {fitError:F1} against naive {naiveError:F1}");
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        GridFitChecks.SaveLoadShiftAndRescaleContinueAsTheMovedSeries(() => GridFit.Of(new FittedLinearTrend(2), 2), IntegratedSeries.Twice(240, 8));
    }
}
