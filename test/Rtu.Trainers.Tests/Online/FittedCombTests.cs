using Rtu.Trainers.Online;

namespace Rtu.Trainers.Tests.Online;

/// <summary>The M4 Comb: the mean of SES, Holt's linear trend and the damped trend, each grid-fitted (the pool's member with a season, layout 24).</summary>
[TestClass]
public sealed class FittedCombTests
{
    [TestMethod]
    public void ForecastsTheMeanOfSesHoltAndTheDampedTrendRunAlone()
    {
        // At every row and horizon 1–3, with a missing value among them: the mean of the three grid fits run on their own.
        var y = IntegratedSeries.Twice(160, 4);
        y[60] = double.NaN;
        var comb = new FittedComb(3);
        var fits = new[] { new FittedDampedTrend(3, TrendGrid.Level), new FittedDampedTrend(3, TrendGrid.Linear), new FittedDampedTrend(3) };
        var path = new double[3]; var part = new double[3];
        int checkedRows = 0;
        for (int t = 0; t < y.Length; t++)
        {
            comb.Update(y[t], learn: true);
            foreach (var fit in fits) fit.Update(y[t], learn: true);
            comb.Forecast(path);
            Assert.AreEqual(fits.All(f => f.Ready), comb.Ready, $"t={t}");
            if (!comb.Ready) { Assert.IsTrue(path.All(double.IsNaN), $"t={t}"); continue; }
            var mean = new double[3];
            foreach (var fit in fits) { fit.Forecast(part); for (int k = 0; k < 3; k++) mean[k] += part[k] / 3; }
            for (int k = 0; k < 3; k++) Assert.AreEqual(mean[k], path[k], 1e-12 * Math.Abs(mean[k]), $"t={t}, h={k + 1}");
            checkedRows++;
        }
        Assert.IsGreaterThan(150, checkedRows);
    }

    [TestMethod]
    public void ItsLevelGridIsSimpleExponentialSmoothingWithTheBestAlpha()
    {
        // The level grid has no trend: every horizon forecasts the level of the α with the lowest sum of squared
        // one-step errors, SES run on its own (ℓ starts at the first value, ℓ ← ℓ + α·e), even on a trending series.
        double[] alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99];
        Assert.AreEqual(alphas.Length, TrendGrid.Level.Points.Length);
        var y = IntegratedSeries.Drifting(120, 9, 0.7);
        var fit = new FittedDampedTrend(3, TrendGrid.Level);
        var level = new double[alphas.Length]; var squares = new double[alphas.Length];
        var path = new double[3];
        for (int t = 0; t < y.Length; t++)
        {
            fit.Update(y[t], learn: true);
            for (int i = 0; i < alphas.Length; i++)
            {
                if (t == 0) { level[i] = y[t]; continue; }
                double e = y[t] - level[i];
                squares[i] += e * e;
                level[i] += alphas[i] * e;
            }
            fit.Forecast(path);
            if (t < FittedDampedTrend.MinimumScored) continue;
            int best = Array.IndexOf(squares, squares.Min());
            Assert.AreEqual(alphas[best], fit.Constants.Alpha, $"t={t}");
            foreach (double f in path) Assert.AreEqual(level[best], f, 1e-9 * Math.Abs(level[best]), $"t={t}");
        }
    }

    [TestMethod]
    public void SaveLoadShiftAndRescaleContinueAsTheMovedSeries()
    {
        GridFitChecks.SaveLoadShiftAndRescaleContinueAsTheMovedSeries(() => GridFit.Of(new FittedComb(2), 2), IntegratedSeries.Twice(200, 5));
    }
}
